/**
 * The page's script, served as /dashboard/app.js: the core, then each view, then start. Plain browser
 * JavaScript (no build step, no framework); ECharts comes from echarts.min.js, loaded before it.
 */
import { CLIENT_CORE } from './client-core.js';
import { CLIENT_EVENTING } from './client-eventing.js';
import { CLIENT_SERVICES } from './client-services.js';
import { CLIENT_TABLES } from './client-tables.js';
import { CLIENT_TOPOLOGY } from './client-topology.js';

export const PAGE_SCRIPT = `'use strict';
(function () {
${CLIENT_CORE}
${CLIENT_TOPOLOGY}
${CLIENT_SERVICES}
${CLIENT_EVENTING}
${CLIENT_TABLES}
startEventing();
start();
})();
`;

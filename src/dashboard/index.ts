/**
 * The live web dashboard (issue 15): its server side and HTTP handler. The platform creates one with
 * `new Dashboard(planes)` and mounts `dashboardHandler(dashboard)` on the API server.
 */
export type { DashboardPlanes } from './dashboard.js';
export { Dashboard, DEFAULT_TICK_MS } from './dashboard.js';
export { DASHBOARD_PATH, dashboardHandler, wantsHtml } from './routes.js';

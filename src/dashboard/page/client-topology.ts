/**
 * The page script's Topology view (browser JavaScript, as text): the server's laid-out graph drawn with
 * ECharts' graph series — nodes coloured by Ready, edges labelled with their rate, reply and dead-letter
 * edges dashed; a click on a node opens its view — and the table of objects that are not Ready, with
 * reason and message.
 */
export const CLIENT_TOPOLOGY = String.raw`
var topoChart = null;
var READY_COLOR = { True: '#43a047', False: '#e53935', Unknown: '#fb8c00' };
var KIND_SYMBOL = { Broker: 'roundRect', Channel: 'roundRect', Trigger: 'diamond', Subscription: 'diamond', Service: 'circle' };

views.topology = function (st) {
  var t = st.topology;
  var box = document.getElementById('topology-chart');
  if (!topoChart) {
    topoChart = echarts.init(box, null, { renderer: 'canvas' });
    window.addEventListener('resize', function () { topoChart.resize(); });
    topoChart.on('click', function (p) { if (p.dataType === 'node') openNode(p.data.id); });
  }
  box.dataset.nodes = String(t.nodes.length);
  box.dataset.edges = String(t.edges.length);
  var data = t.nodes.map(function (n) {
    return {
      id: n.id, name: n.id, x: n.x, y: n.y,
      symbol: n.column === 0 ? 'rect' : (KIND_SYMBOL[n.kind] || 'circle'),
      symbolSize: n.column === 1 ? [46, 30] : 28,
      itemStyle: { color: READY_COLOR[n.ready] || '#999' },
      label: { show: true, position: 'bottom', formatter: n.kind + '\n' + n.name + (n.ready === 'True' ? '' : '\n' + (n.reason || n.ready)) },
      tooltip: { formatter: esc(n.kind + ' ' + n.namespace + '/' + n.name) + '<br>Ready: ' + esc(n.ready) + (n.reason ? ' (' + esc(n.reason) + ')' : '') + (n.message ? '<br>' + esc(n.message) : '') },
    };
  });
  var links = t.edges.map(function (e) {
    return {
      source: e.source, target: e.target,
      lineStyle: { type: e.role === 'events' ? 'solid' : 'dashed', width: e.rate ? Math.min(6, 1 + Math.log10(1 + e.rate) * 2) : 1, color: e.role === 'dead-letter' ? '#e53935' : '#90a4ae' },
      label: { show: e.rate !== undefined || e.role !== 'events', formatter: e.role === 'events' ? (e.rate || 0).toFixed(1) + '/s' : e.role },
    };
  });
  topoChart.setOption({
    animation: false,
    tooltip: {},
    series: [{
      type: 'graph', layout: 'none', roam: true, data: data, links: links,
      edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 8,
      label: { fontSize: 11, lineHeight: 14 }, edgeLabel: { fontSize: 10, color: '#455a64' },
    }],
  });
  var rows = t.nodes.filter(function (n) { return n.ready !== 'True'; }).map(function (n) {
    return el('tr', null, td(n.kind), td(n.namespace), td(n.name), td(n.ready, n.ready), td(n.reason), td(n.message));
  });
  fill('not-ready', rows.length ? rows : [el('tr', null, el('td', { colspan: 6, class: 'muted', text: 'Everything is Ready.' }))]);
};

/** A node's click: its view, scrolled to its row or card. */
function openNode(id) {
  var kind = id.slice(0, id.indexOf(':')), key = id.slice(id.indexOf(':') + 1);
  var tab = kind === 'Service' ? 'services' : kind === 'Broker' || kind === 'Channel' || kind === 'Trigger' || kind === 'Subscription' ? 'eventing' : /Source$|Binding$/.test(kind) ? 'sources' : null;
  if (!tab) return;
  showTab(tab);
  var sel = tab === 'services' ? '[data-service="' + key + '"]' : tab === 'sources' ? '[data-source="' + id + '"]'
    : kind === 'Trigger' || kind === 'Subscription' ? '[data-delivery="' + id + '"]' : '[data-stream="Broker:' + key + '"], [data-stream="InMemoryChannel:' + key + '"]';
  var target = document.querySelector(sel);
  if (target) target.scrollIntoView({ block: 'center' });
}

function esc(t) { return String(t).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
`;

/**
 * The page script's Services view (browser JavaScript, as text): per Knative Service its URL, Ready, traffic
 * split and tags; per Revision three live ECharts line charts (requests/s and concurrency; desired, actual
 * and ready replicas with panic mode; p50/p99 and mean latency), its replicas (pid, uptime, restarts, last exit) and
 * its recent log lines, fetched while the view is open. The cards are rebuilt only when the set of Services
 * or Revisions changes; otherwise the charts get new data in place.
 */
export const CLIENT_SERVICES = String.raw`
var svcCharts = {};
var svcSignature = '';
var logsFor = null, logsTimer = null;
window.addEventListener('resize', function () { Object.keys(svcCharts).forEach(function (k) { svcCharts[k].resize(); }); });

var CHARTS = [
  { name: 'traffic', title: 'requests/s, concurrency', series: [['requests/s', 'rps'], ['concurrency', 'concurrency']] },
  { name: 'replicas', title: 'replicas: desired, actual, ready; panic', series: [['desired', 'desired'], ['actual', 'actual'], ['ready', 'ready'], ['panic', 'panic']] },
  { name: 'latency', title: 'latency p50, p99, mean (ms)', series: [['p50', 'p50'], ['p99', 'p99'], ['mean', 'mean']] },
];

function revisionCard(r) {
  var charts = el('div', { class: 'charts' }, CHARTS.map(function (c) {
    return el('div', null,
      el('div', { class: 'chart-note', text: c.title }),
      el('div', { class: 'chart', id: 'chart-' + c.name + '-' + r.key, 'data-chart': c.name, 'data-revision': r.key, 'data-points': '0' }));
  }));
  var logBtn = el('button', { text: 'show logs', onclick: function () { showLogs(r.key); } });
  return el('div', { class: 'card', 'data-revision-card': r.key },
    el('h3', null, 'Revision ' + r.name + ' ', el('span', { id: 'rev-ready-' + r.key })),
    el('div', { class: 'muted', id: 'rev-info-' + r.key }),
    charts,
    el('table', { id: 'replicas-' + r.key }, el('thead', null, el('tr', null, ['replica', 'state', 'pid', 'port', 'uptime'].map(function (h) { return el('th', { text: h }); }))), el('tbody')),
    el('div', { id: 'rev-exit-' + r.key, class: 'muted' }),
    logBtn,
    el('pre', { class: 'logs', id: 'logs-' + r.key, hidden: true }));
}

function serviceCard(s, revs) {
  var traffic = el('table', null,
    el('thead', null, el('tr', null, ['revision', 'percent', 'tag', 'url'].map(function (h) { return el('th', { text: h }); }))),
    el('tbody', { id: 'traffic-' + s.namespace + '/' + s.name }));
  return el('div', { class: 'card', 'data-service': s.namespace + '/' + s.name },
    el('h2', null, 'Service ' + s.namespace + '/' + s.name + ' ', el('span', { id: 'svc-ready-' + s.namespace + '/' + s.name })),
    s.url ? el('div', null, el('a', { href: s.url, target: '_blank', text: s.url })) : null,
    el('h3', { text: 'Traffic' }), traffic,
    revs.map(revisionCard));
}

function seriesData(key, field) {
  return (S.history[key] || []).map(function (p) { return [p.t, p[field] === undefined ? null : p[field]]; });
}

function updateChart(r, c) {
  var id = 'chart-' + c.name + '-' + r.key;
  var box = document.getElementById(id);
  if (!box) return;
  var chart = svcCharts[id];
  if (!chart) {
    chart = svcCharts[id] = echarts.init(box, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0, textStyle: { fontSize: 10 } },
      grid: { left: 36, right: 12, top: 26, bottom: 22 },
      xAxis: { type: 'time', axisLabel: { fontSize: 9 } }, yAxis: { type: 'value', minInterval: c.name === 'replicas' ? 1 : 0, axisLabel: { fontSize: 9 } },
      series: c.series.map(function (s) { return { name: s[0], type: 'line', showSymbol: false, step: c.name === 'replicas' ? 'end' : false, data: [] }; }),
    });
  }
  chart.setOption({ series: c.series.map(function (s) { return { data: seriesData(r.key, s[1]) }; }) });
  box.dataset.points = String((S.history[r.key] || []).length);
  var last = (S.history[r.key] || []).slice(-1)[0];
  if (last) box.dataset.last = c.series.map(function (s) { return s[0] + '=' + (last[s[1]] === undefined ? '' : last[s[1]]); }).join(' ');
}

function showLogs(key) {
  var pre = document.getElementById('logs-' + key);
  if (!pre) return;
  if (logsFor === key) { pre.hidden = true; logsFor = null; return; }
  document.querySelectorAll('pre.logs').forEach(function (p) { p.hidden = true; });
  logsFor = key;
  pre.hidden = false;
  refreshLogs();
}

function refreshLogs() {
  clearTimeout(logsTimer);
  if (!logsFor || S.tab !== 'services') { logsTimer = null; return; }
  var key = logsFor;
  fetch('api/logs?tail=100&revision=' + encodeURIComponent(key)).then(function (r) { return r.json(); }).then(function (j) {
    var pre = document.getElementById('logs-' + key);
    if (pre) { pre.textContent = j.lines.join('\n') || '(no output yet)'; pre.scrollTop = pre.scrollHeight; }
  }).catch(function () {}).finally(function () { logsTimer = setTimeout(refreshLogs, 3000); });
}

views.services = function (st) {
  var root = document.getElementById('services');
  var byService = {};
  st.revisions.forEach(function (r) { (byService[r.namespace + '/' + r.service] = byService[r.namespace + '/' + r.service] || []).push(r); });
  var sig = st.services.map(function (s) { return s.namespace + '/' + s.name + ':' + (byService[s.namespace + '/' + s.name] || []).map(function (r) { return r.key; }).join(','); }).join(';');
  if (sig !== svcSignature) {
    Object.keys(svcCharts).forEach(function (k) { svcCharts[k].dispose(); });
    svcCharts = {};
    svcSignature = sig;
    root.replaceChildren.apply(root, st.services.length ? st.services.map(function (s) { return serviceCard(s, byService[s.namespace + '/' + s.name] || []); }) : [el('p', { class: 'muted', text: 'No Knative Services yet.' })]);
  }
  st.services.forEach(function (s) {
    var id = s.namespace + '/' + s.name;
    var ready = document.getElementById('svc-ready-' + id);
    if (ready) { ready.className = s.ready.ready; ready.textContent = s.ready.ready === 'True' ? 'Ready' : s.ready.ready + ' ' + (s.ready.reason || ''); ready.title = s.ready.message || ''; }
    var tb = document.getElementById('traffic-' + id);
    if (tb) tb.replaceChildren.apply(tb, s.traffic.map(function (t) {
      return el('tr', null, td(t.revision + (t.latest ? ' (latest)' : '')), num(t.percent), td(t.tag || ''), el('td', null, t.url ? el('a', { href: t.url, target: '_blank', text: t.url }) : ''));
    }));
  });
  st.revisions.forEach(function (r) {
    var ready = document.getElementById('rev-ready-' + r.key);
    if (!ready) return;
    ready.className = r.ready.ready;
    ready.textContent = r.ready.ready === 'True' ? 'Ready' : r.ready.ready + ' ' + (r.ready.reason || '');
    ready.title = r.ready.message || '';
    var n = r.now || {};
    document.getElementById('rev-info-' + r.key).textContent =
      'replicas ' + (n.actual || 0) + ' (ready ' + (n.ready || 0) + ', desired ' + (n.desired || 0) + ')' +
      (n.panic ? ' · PANIC' : '') + ' · ' + (n.rps || 0) + ' req/s · concurrency ' + (n.concurrency || 0) +
      ' · queued ' + r.queued + ' · restarts ' + r.restarts +
      (r.metric ? ' · target ' + r.target + ' ' + r.metric : '') + (r.containerConcurrency ? ' · containerConcurrency ' + r.containerConcurrency : '') +
      (r.crashLooping ? ' · crash-looping' : '') + (r.startError ? ' · ' + r.startError : '');
    CHARTS.forEach(function (c) { updateChart(r, c); });
    var tb = document.querySelector('#replicas-' + CSS.escape(r.key) + ' tbody');
    if (tb) tb.replaceChildren.apply(tb, r.replicas.length ? r.replicas.map(function (p) {
      return el('tr', null, td(p.id), td(p.state), num(p.pid), num(p.port), td(duration(p.uptimeSeconds)));
    }) : [el('tr', null, el('td', { colspan: 5, class: 'muted', text: 'no replicas (scaled to zero)' }))]);
    var ex = r.lastExit;
    document.getElementById('rev-exit-' + r.key).textContent = ex ? 'last exit ' + (ex.exitCode !== null ? 'code ' + ex.exitCode : 'signal ' + ex.signal) + ' at ' + ex.at + (ex.lastLines ? ': ' + ex.lastLines : '') : '';
  });
  if (logsFor && !logsTimer) refreshLogs();
};
`;

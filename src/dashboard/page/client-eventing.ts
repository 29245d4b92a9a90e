/**
 * The page script's Eventing view (browser JavaScript, as text): brokers and channels (accepted, accepted/s,
 * log head), triggers and subscriptions (delivered, retried, dead-lettered, lag, p50/p99), the event
 * explorer (recent events filtered by type, source and id or trace id; one event's attributes, data,
 * triggers, attempts and the hops of its trace, fetched when clicked) and the dead letters with Knative's error extensions and trace id.
 * The event list holds still while the pointer is over it, so a click lands on the row it aimed at.
 */
export const CLIENT_EVENTING = `
var selected = null, detailTimer = null, listHover = false, lastListRender = 0;

function eventKey(e) { return e.stream + '#' + e.offset; }

function renderEventList() {
  var pause = document.getElementById('f-pause').checked;
  if ((pause || listHover) && lastListRender) return;
  lastListRender = Date.now();
  var ft = document.getElementById('f-type').value.trim().toLowerCase();
  var fs = document.getElementById('f-source').value.trim().toLowerCase();
  var fi = document.getElementById('f-id').value.trim().toLowerCase();
  var counts = {};
  S.attempts.forEach(function (a) { var k = eventKey(a); counts[k] = (counts[k] || 0) + 1; });
  var shown = [];
  for (var i = S.events.length - 1; i >= 0 && shown.length < 200; i--) {
    var e = S.events[i];
    if (ft && e.type.toLowerCase().indexOf(ft) < 0) continue;
    if (fs && e.source.toLowerCase().indexOf(fs) < 0) continue;
    if (fi && e.id.toLowerCase().indexOf(fi) < 0 && (e.traceId || '').indexOf(fi) < 0) continue;
    shown.push(e);
  }
  document.getElementById('f-count').textContent = shown.length + ' shown of ' + S.events.length + ' recent';
  fill('events', shown.map(function (e) {
    var k = eventKey(e);
    return el('tr', { 'data-event': k, 'data-id': e.id, class: selected === k ? 'selected' : null },
      td(clock(e.at)), td(e.to), num(e.offset), td(e.type), td(e.source), td(e.id), num(counts[k] || 0));
  }));
}

function openEvent(stream, offset) {
  selected = stream + '#' + offset;
  clearTimeout(detailTimer);
  document.querySelectorAll('#events tbody tr').forEach(function (tr) { tr.classList.toggle('selected', tr.dataset.event === selected); });
  loadDetail(stream, offset);
}

function loadDetail(stream, offset) {
  fetch('api/event?stream=' + encodeURIComponent(stream) + '&offset=' + offset).then(function (r) { return r.ok ? r.json() : null; }).then(function (d) {
    if (selected !== stream + '#' + offset) return;
    var box = document.getElementById('event-detail');
    box.classList.remove('muted');
    if (!d) { box.textContent = 'This event is no longer held.'; return; }
    var attrs = Object.keys(d.attributes).sort().map(function (k) { return el('tr', null, td(k), td(d.attributes[k])); });
    var attempts = d.attempts.map(function (a) {
      return el('tr', { 'data-attempt': a.trigger + '#' + a.attempt },
        td(a.trigger), num(a.attempt), td(a.status === undefined ? 'none' : a.status), num(a.latencyMs), td(a.outcome, a.outcome === 'delivered' ? 'True' : a.outcome === 'retry' ? 'Unknown' : 'False'), td(a.error || ''), td(a.replies.join(', ')));
    });
    box.replaceChildren(
      el('h3', { text: 'Event ' + (d.attributes.id || '') + ' (offset ' + d.offset + ' of ' + d.stream + ')' }),
      d.traceId ? el('div', null, 'trace id ', el('code', { text: d.traceId })) : null,
      el('table', null, el('tbody', null, attrs)),
      d.data !== undefined ? el('div', null, el('h3', { text: 'data (' + d.dataBytes + ' bytes)' }), el('pre', { text: d.data })) : null,
      el('h3', { text: 'Triggers: ' + (d.triggers.length ? d.triggers.join(', ') : 'none yet (no attempt recorded)') }),
      el('table', { id: 'attempts' },
        el('thead', null, el('tr', null, ['trigger', 'attempt', 'status', 'latency ms', 'outcome', 'error', 'replies'].map(function (h) { return el('th', { text: h }); }))),
        el('tbody', null, attempts)),
      d.trace.length ? el('h3', { text: 'Trace: ' + d.trace.length + ' hops seen' }) : null,
      d.trace.length ? el('table', { id: 'trace' },
        el('thead', null, el('tr', null, ['time', 'hop', 'where', 'event', 'result', 'ms'].map(function (h) { return el('th', { text: h }); }))),
        el('tbody', null, d.trace.map(function (h) {
          var k = h.stream + '#' + h.offset;
          return el('tr', { 'data-open': k, class: k === selected ? 'selected' : null, title: 'open this event' },
            td(clock(h.at)), td(h.hop), td(h.where), el('td', { title: h.type, text: h.id + ' @' + h.offset }), td(h.hop === 'attempt' ? (h.status === undefined ? 'none' : h.status) + ' ' + h.outcome : ''), num(h.latencyMs));
        }))) : null);
    detailTimer = setTimeout(function () { if (S.tab === 'eventing' && selected === stream + '#' + offset) loadDetail(stream, offset); }, 2000);
  }).catch(function () {});
}

function decodeData(v) {
  if (!v) return '';
  try { return atob(v); } catch (e) { return v; }
}

views.eventing = function (st) {
  fill('streams', st.eventing.streams.map(function (s) {
    return el('tr', { 'data-stream': s.kind + ':' + s.namespace + '/' + s.name }, td(s.kind), td(s.namespace), td(s.name), readyCell(s.ready), num(s.accepted), num(s.acceptedPerSec), num(s.head), td(s.url || ''));
  }));
  fill('deliveries', st.eventing.deliveries.map(function (d) {
    return el('tr', { 'data-delivery': d.kind + ':' + d.namespace + '/' + d.name },
      td(d.kind), td(d.namespace), td(d.name), td(d.from), readyCell(d.ready),
      el('td', { class: 'num', 'data-field': 'delivered', text: d.delivered }), num(d.deliveredPerSec), num(d.retried), num(d.deadLettered), num(d.dropped), num(d.filtered), num(d.lag), num(d.p50), num(d.p99), td(d.subscriber || ''));
  }));
  renderEventList();
  fill('dead-letters', S.deadLetters.slice().reverse().slice(0, 100).map(function (x) {
    var ext = x.extensions || {};
    return el('tr', { 'data-open': x.stream + '#' + x.offset, title: 'open this event' }, td(clock(x.at)), td(x.trigger || '(arrived at ' + x.stream + ')'), td(x.attributes.type), td(x.attributes.id),
      td(ext.knativeerrordest || ''), td(ext.knativeerrorcode || ''), td(decodeData(ext.knativeerrordata)), td(x.error || ''), td(x.traceId || ''));
  }));
};

function startEventing() {
  var list = document.querySelector('#events tbody');
  list.addEventListener('mouseenter', function () { listHover = true; });
  list.addEventListener('mouseleave', function () { listHover = false; });
  list.addEventListener('click', function (ev) {
    var tr = ev.target.closest('tr[data-event]');
    if (!tr) return;
    var k = tr.dataset.event, at = k.lastIndexOf('#');
    openEvent(k.slice(0, at), Number(k.slice(at + 1)));
  });
  // Trace hops and dead letters open their event.
  [document.getElementById('event-detail'), document.querySelector('#dead-letters tbody')].forEach(function (box) {
    box.addEventListener('click', function (ev) {
      var tr = ev.target.closest('tr[data-open]');
      if (!tr) return;
      var k = tr.dataset.open, at = k.lastIndexOf('#');
      openEvent(k.slice(0, at), Number(k.slice(at + 1)));
    });
  });
  ['f-type', 'f-source', 'f-id'].forEach(function (id) {
    document.getElementById(id).addEventListener('input', function () { lastListRender = 0; renderEventList(); });
  });
}
`;

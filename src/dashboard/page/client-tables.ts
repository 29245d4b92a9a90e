/** The page script's Sources and Usage views (browser JavaScript, as text): one table each. */
export const CLIENT_TABLES = `
views.sources = function (st) {
  fill('sources', st.sources.length ? st.sources.map(function (s) {
    var c = s.stats || {};
    return el('tr', { 'data-source': s.kind + ':' + s.namespace + '/' + s.name },
      td(s.kind), td(s.namespace), td(s.name), readyCell(s.ready), td(s.sink || ''), td(s.detail || ''), td(s.consumer || ''),
      num(c.received), num(s.receivedPerSec), num(c.delivered), num(c.failed), num(c.redelivered), num(c.deadLettered), num(c.ackFailed), num(c.receiveFailed), num(c.undecodable));
  }) : [el('tr', null, el('td', { colspan: 16, class: 'muted', text: 'No sources yet.' }))]);
};

views.usage = function (st) {
  fill('usage', st.usage.map(function (u) {
    var zero = u.observedSeconds > 0 ? Math.round((100 * u.zeroReplicaSeconds) / u.observedSeconds) + '%' : '';
    return el('tr', null, td(u.namespace), td(u.service), td(u.revision), num(u.requests), num(u.requestSeconds, 1), num(u.replicaSeconds, 1),
      num(u.memoryMiBSeconds, 0), td(zero, 'num'), num(u.replicas), num(u.inFlight), num(u.memoryBytes / 1048576, 1));
  }));
};
`;

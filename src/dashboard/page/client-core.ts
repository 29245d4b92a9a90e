/**
 * The page script's core (browser JavaScript, kept as text: it is sent as is): DOM and format helpers, the
 * tabs, the live state fed by the server-sent event stream (snapshot, then a `state` tick each second and
 * the new events, attempts and dead letters), and the render loop that redraws the visible view.
 * Everything from the server is put in the page as text (textContent), never as HTML.
 */
export const CLIENT_CORE = `
var MAX_EVENTS = 1000, MAX_ATTEMPTS = 10000, MAX_DEAD = 200, MAX_HISTORY = 300;
var S = { state: null, history: {}, events: [], attempts: [], deadLetters: [], tab: 'topology' };
var views = {};

function el(tag, attrs) {
  var e = document.createElement(tag);
  if (attrs) for (var k in attrs) {
    var v = attrs[k];
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = String(v);
    else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, String(v));
  }
  for (var i = 2; i < arguments.length; i++) {
    var c = arguments[i];
    if (c === undefined || c === null) continue;
    if (Array.isArray(c)) c.forEach(function (x) { if (x) e.appendChild(typeof x === 'string' ? document.createTextNode(x) : x); });
    else e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return e;
}
function td(v, cls) { return el('td', { class: cls, text: v === undefined || v === null ? '' : v }); }
function num(v, digits) {
  if (v === undefined || v === null || v === '') return td('', 'num');
  var n = Number(v);
  return td(Number.isInteger(n) && digits === undefined ? n.toLocaleString('en-US') : n.toFixed(digits === undefined ? 2 : digits), 'num');
}
function readyCell(r) {
  var c = el('td', { class: r.ready, title: r.message || '' }, r.ready === 'True' ? 'Ready' : r.ready);
  return c;
}
function fill(tableId, rows) {
  var body = document.querySelector('#' + tableId + ' tbody');
  body.replaceChildren.apply(body, rows);
}
function clock(ms) { var d = new Date(ms); return d.toLocaleTimeString('en-GB', { hour12: false }); }
function duration(s) {
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm' + (s % 60) + 's';
  return Math.floor(s / 3600) + 'h' + Math.floor((s % 3600) / 60) + 'm';
}
function trimTo(list, n) { if (list.length > n) list.splice(0, list.length - n); }

var SEEN = { events: new Set(), attempts: new Set(), deadLetters: new Set() };
var KEYS = {
  events: function (e) { return e.stream + '#' + e.offset; },
  attempts: function (a) { return a.trigger + '#' + a.stream + '#' + a.offset + '#' + a.attempt; },
  deadLetters: function (d) { return d.trigger + '#' + d.stream + '#' + d.offset + '#' + d.at; },
};
var MAX = { events: MAX_EVENTS, attempts: MAX_ATTEMPTS, deadLetters: MAX_DEAD };

/** Appends the items not already held to S[name], keeping at most its bound. */
function merge(name, items) {
  var list = S[name], seen = SEEN[name], key = KEYS[name];
  items.forEach(function (x) {
    var k = key(x);
    if (seen.has(k)) return;
    seen.add(k);
    list.push(x);
  });
  if (list.length > MAX[name]) list.splice(0, list.length - MAX[name]).forEach(function (x) { seen.delete(key(x)); });
}

function addHistory(revisions) {
  revisions.forEach(function (r) {
    if (!r.now) return;
    var h = S.history[r.key] || (S.history[r.key] = []);
    var last = h[h.length - 1];
    if (!last || last.t < r.now.t) h.push(r.now);
    trimTo(h, MAX_HISTORY);
  });
}

function render() {
  if (!S.state) return;
  var v = views[S.tab];
  if (v) {
    try { v(S.state); } catch (e) { console.error('render ' + S.tab, e); }
  }
}

function showTab(name) {
  S.tab = name;
  document.querySelectorAll('#tabs button').forEach(function (b) { b.classList.toggle('active', b.dataset.tab === name); });
  document.querySelectorAll('.view').forEach(function (s) { s.classList.toggle('active', s.id === 'view-' + name); });
  if (location.hash !== '#' + name) history.replaceState(null, '', '#' + name);
  render();
  window.dispatchEvent(new Event('resize'));
}

function connect() {
  var conn = document.getElementById('conn');
  var es = new EventSource('api/stream');
  es.addEventListener('open', function () { conn.textContent = 'live'; conn.className = 'conn live'; });
  es.addEventListener('error', function () { conn.textContent = 'reconnecting…'; conn.className = 'conn'; });
  es.addEventListener('snapshot', function (m) {
    var snap = JSON.parse(m.data);
    S.history = snap.history || {};
    ['events', 'attempts', 'deadLetters'].forEach(function (name) {
      S[name] = [];
      SEEN[name] = new Set();
      merge(name, snap[name] || []);
    });
    S.state = snap;
    render();
  });
  es.addEventListener('state', function (m) {
    S.state = JSON.parse(m.data);
    addHistory(S.state.revisions);
    render();
  });
  // A tick's news can repeat what the snapshot already had: merge drops what is there.
  es.addEventListener('events', function (m) { merge('events', JSON.parse(m.data)); });
  es.addEventListener('attempts', function (m) { merge('attempts', JSON.parse(m.data)); });
  es.addEventListener('deadletters', function (m) { merge('deadLetters', JSON.parse(m.data)); });
}

function start() {
  document.querySelectorAll('#tabs button').forEach(function (b) {
    b.addEventListener('click', function () { showTab(b.dataset.tab); });
  });
  var initial = location.hash.slice(1);
  if (views[initial]) showTab(initial);
  connect();
}
`;

/** The dashboard page's HTML shell: the header with its tabs, one section per view, and the scripts. */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ebb dashboard</title>
<link rel="stylesheet" href="app.css">
</head>
<body>
<header>
  <h1>Ebb</h1>
  <nav id="tabs">
    <button data-tab="topology" class="active">Topology</button>
    <button data-tab="services">Services</button>
    <button data-tab="eventing">Eventing</button>
    <button data-tab="sources">Sources</button>
    <button data-tab="usage">Usage</button>
  </nav>
  <span id="conn" class="conn" title="live updates">connecting…</span>
</header>
<main>
  <section id="view-topology" class="view active">
    <div id="topology-chart" class="chart-big"></div>
    <h2>Not ready</h2>
    <table id="not-ready"><thead><tr><th>kind</th><th>namespace</th><th>name</th><th>ready</th><th>reason</th><th>message</th></tr></thead><tbody></tbody></table>
  </section>
  <section id="view-services" class="view"><div id="services"></div></section>
  <section id="view-eventing" class="view">
    <h2>Brokers and channels</h2>
    <table id="streams"><thead><tr><th>kind</th><th>namespace</th><th>name</th><th>ready</th><th>accepted</th><th>accepted/s</th><th>log head</th><th>address</th></tr></thead><tbody></tbody></table>
    <h2>Triggers and subscriptions</h2>
    <table id="deliveries"><thead><tr><th>kind</th><th>namespace</th><th>name</th><th>from</th><th>ready</th><th>delivered</th><th>/s</th><th>retried</th><th>dead-lettered</th><th>dropped</th><th>filtered</th><th>lag</th><th>p50 ms</th><th>p99 ms</th><th>subscriber</th></tr></thead><tbody></tbody></table>
    <h2>Event explorer</h2>
    <div class="filters">
      <input id="f-type" placeholder="type contains…">
      <input id="f-source" placeholder="source contains…">
      <input id="f-id" placeholder="id or trace id contains…">
      <label><input type="checkbox" id="f-pause"> pause</label>
      <span id="f-count" class="muted"></span>
    </div>
    <div class="explorer">
      <div class="scroll"><table id="events"><thead><tr><th>time</th><th>to</th><th>offset</th><th>type</th><th>source</th><th>id</th><th>attempts</th></tr></thead><tbody></tbody></table></div>
      <div id="event-detail" class="detail muted">Click an event to see its attributes, the triggers that got it and each attempt.</div>
    </div>
    <h2>Dead letters</h2>
    <table id="dead-letters"><thead><tr><th>time</th><th>trigger</th><th>type</th><th>id</th><th>knativeerrordest</th><th>knativeerrorcode</th><th>knativeerrordata</th><th>error</th><th>trace id</th></tr></thead><tbody></tbody></table>
  </section>
  <section id="view-sources" class="view">
    <table id="sources"><thead><tr><th>kind</th><th>namespace</th><th>name</th><th>ready</th><th>sink</th><th>detail</th><th>consumer</th><th>received</th><th>/s</th><th>delivered</th><th>failed attempts</th><th>redelivered</th><th>dead-lettered</th><th>ack failed</th><th>receive failed</th><th>undecodable</th></tr></thead><tbody></tbody></table>
  </section>
  <section id="view-usage" class="view">
    <p class="muted">Since <code>ebb up</code> started, from the usage meter (as <code>ebb usage</code> and <code>GET /usage</code>).</p>
    <table id="usage"><thead><tr><th>namespace</th><th>service</th><th>revision</th><th>requests</th><th>request-seconds</th><th>replica-seconds</th><th>memory MiB·s</th><th>time at zero</th><th>replicas</th><th>in flight</th><th>memory MiB</th></tr></thead><tbody></tbody></table>
  </section>
</main>
<script src="echarts.min.js"></script>
<script src="app.js"></script>
</body>
</html>
`;

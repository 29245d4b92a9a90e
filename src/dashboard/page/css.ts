/** The dashboard page's style: light, system fonts, tables and chart grids. */
export const PAGE_CSS = `
:root { --ok: #2e7d32; --bad: #c62828; --unk: #b26a00; --line: #e0e0e0; --muted: #666; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; background: #fafafa; }
header { display: flex; align-items: center; gap: 16px; padding: 8px 16px; background: #fff; border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 2; }
h1 { font-size: 18px; margin: 0; }
h2 { font-size: 14px; margin: 18px 0 6px; }
h3 { font-size: 13px; margin: 10px 0 4px; }
nav button { border: 0; background: none; padding: 6px 10px; cursor: pointer; font: inherit; border-bottom: 2px solid transparent; }
nav button.active { border-bottom-color: #1565c0; color: #1565c0; }
.conn { margin-left: auto; font-size: 12px; color: var(--muted); }
.conn.live { color: var(--ok); }
main { padding: 8px 16px 40px; }
.view { display: none; }
.view.active { display: block; }
table { border-collapse: collapse; width: 100%; background: #fff; margin-bottom: 6px; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: #444; background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.True { color: var(--ok); } .False { color: var(--bad); } .Unknown { color: var(--unk); }
.muted { color: var(--muted); }
.chart-big { height: 62vh; min-height: 380px; background: #fff; border: 1px solid var(--line); }
.card { background: #fff; border: 1px solid var(--line); padding: 8px 12px; margin: 10px 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 8px; }
.chart { height: 180px; }
.chart-note { font-size: 11px; color: var(--muted); }
pre.logs { max-height: 220px; overflow: auto; background: #1e1e1e; color: #ddd; padding: 6px; font-size: 11px; margin: 4px 0; }
.filters { display: flex; gap: 8px; align-items: center; margin-bottom: 6px; }
.filters input[type=text], .filters input:not([type]) { padding: 3px 6px; width: 200px; }
.explorer { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 10px; }
.scroll { max-height: 420px; overflow: auto; border: 1px solid var(--line); }
#events tbody tr { cursor: pointer; }
#events tbody tr:hover { background: #eef4fc; }
#events tbody tr.selected { background: #dbe8fb; }
.detail { background: #fff; border: 1px solid var(--line); padding: 8px; overflow-x: auto; }
.explorer { align-items: start; }
.detail pre { white-space: pre-wrap; word-break: break-all; background: #f5f5f5; padding: 4px; }
a { color: #1565c0; }
code { font-size: 12px; }
`;

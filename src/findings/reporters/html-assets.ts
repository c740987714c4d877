/**
 * The stylesheet, script and icons the HTML report inlines. Nothing here is fetched: the report
 * is one file that opens from disk, and its Content-Security-Policy allows only these two blocks
 * (by hash), so a stray URL in the data could not load anything either.
 */

export const REPORT_CSS = `
:root {
  --bg: #f6f7f9; --panel: #ffffff; --text: #1d2330; --muted: #5b6576; --line: #d9dee7; --code-bg: #f7f8fa;
  --accent: #2554c7; --error: #b42318; --error-bg: #fdecea; --warning: #8a5a00; --warning-bg: #fff4d6;
  --note: #175cd3; --note-bg: #e8f0fe; --hit-bg: #fff1c2; --hit-mark: #ffd54f; --add-bg: #e6f4ea; --add: #1e6b34;
  --del-bg: #fdecea; --del: #a1221a; --edge: #8a94a6;
  --k-producer: #3867d6; --k-topic: #c28a00; --k-consumer: #2e8b57; --k-stage: #7e57c2; --k-route: #00897b;
  --k-socket: #c2185b; --k-database: #546e7a; --k-cache: #e65100; --k-metric: #689f38;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14171c; --panel: #1c2027; --text: #e6e9ef; --muted: #a3acba; --line: #343a46; --code-bg: #171a20;
    --accent: #8ab4ff; --error: #ff8a80; --error-bg: #3b1d1b; --warning: #ffcc66; --warning-bg: #3a2f14;
    --note: #8ab4ff; --note-bg: #1b2a45; --hit-bg: #3a3216; --hit-mark: #6b5a1a; --add-bg: #17311f; --add: #8fdca6;
    --del-bg: #3b1d1b; --del: #ff9f97; --edge: #6f7888;
  }
}
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; background: var(--bg); color: var(--text); font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", sans-serif; }
a { color: var(--accent); }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 0.86rem; }
.skip { position: absolute; left: -999px; top: 0; background: var(--panel); padding: 0.5rem 1rem; z-index: 10; }
.skip:focus { left: 0.5rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header.top { background: var(--panel); border-bottom: 1px solid var(--line); }
header.top .wrap { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem 1.5rem; padding-top: 1rem; padding-bottom: 0.75rem; }
header.top h1 { margin: 0; font-size: 1.45rem; }
header.top p { margin: 0; color: var(--muted); }
nav.sections { width: 100%; }
nav.sections ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1.25rem; margin: 0.25rem 0 0; padding: 0; }
nav.sections a { text-decoration: none; font-weight: 600; }
nav.sections a:hover, nav.sections a:focus { text-decoration: underline; }
.wrap { max-width: 1240px; margin: 0 auto; padding: 0 1.25rem; }
main section { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 1.1rem 1.4rem 1.3rem; margin: 1.25rem 0; }
h2 { margin: 0 0 0.75rem; font-size: 1.25rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.5rem; }
.lead { color: var(--muted); margin-top: -0.4rem; }
.cards { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-bottom: 1rem; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 0.55rem 0.9rem; min-width: 9.5rem; display: flex; align-items: center; gap: 0.55rem; }
.card .num { font-size: 1.6rem; font-weight: 700; line-height: 1.1; }
.card .what { color: var(--muted); }
.card.sev-error { border-color: var(--error); background: var(--error-bg); }
.card.sev-warning { border-color: var(--warning); background: var(--warning-bg); }
.card.sev-note { border-color: var(--note); background: var(--note-bg); }
.card .icon { width: 1.3rem; height: 1.3rem; }
.summary-grid { display: grid; grid-template-columns: minmax(0, 1.05fr) minmax(0, 1fr); gap: 1.25rem 2rem; align-items: start; }
@media (max-width: 960px) { .summary-grid { grid-template-columns: minmax(0, 1fr); } }
figure { margin: 0; }
.chart-figure + .chart-figure { margin-top: 1.1rem; }
figcaption { font-weight: 600; margin-bottom: 0.35rem; }
.chart { width: 100%; height: auto; max-width: 560px; display: block; }
.chart text { fill: var(--text); font-size: 12px; }
.chart .axis-label { fill: var(--muted); }
.chart .track { fill: var(--code-bg); stroke: var(--line); }
.bar-error { fill: var(--error); } .bar-warning { fill: #d89614; } .bar-note { fill: var(--note); } .bar-folder { fill: var(--accent); }
.legend { display: flex; flex-wrap: wrap; gap: 0.9rem; list-style: none; padding: 0; margin: 0.35rem 0 0; color: var(--muted); font-size: 0.9rem; }
.legend li { display: flex; align-items: center; gap: 0.3rem; }
.swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; }
.swatch.bar-error { background: var(--error); } .swatch.bar-warning { background: #d89614; } .swatch.bar-note { background: var(--note); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { font-size: 0.85rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.03em; border-bottom-width: 2px; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tfoot th, tfoot td { font-weight: 700; border-bottom: none; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.35rem; }
.sev { display: inline-flex; align-items: center; gap: 0.3rem; font-weight: 600; white-space: nowrap; border-radius: 999px; padding: 0 0.55rem 0 0.35rem; border: 1px solid; }
.sev .icon { width: 1rem; height: 1rem; }
.sev-error .sev, .sev.sev-error { color: var(--error); background: var(--error-bg); }
.sev.sev-warning { color: var(--warning); background: var(--warning-bg); }
.sev.sev-note { color: var(--note); background: var(--note-bg); }
.icon { display: inline-block; vertical-align: middle; flex: none; width: 1em; height: 1em; }
.i-error-shape { fill: var(--error); } .i-warning-shape { fill: #d89614; } .i-note-shape { fill: var(--note); } .i-glyph { fill: #fff; }
.tag { display: inline-block; font-size: 0.8rem; border: 1px solid var(--line); border-radius: 4px; padding: 0 0.35rem; color: var(--muted); white-space: nowrap; }
.map-scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; background: var(--code-bg); }
svg.map { display: block; font-family: inherit; max-width: 100%; min-width: 760px; height: auto; }
svg.map .column-title { fill: var(--muted); font-size: 12px; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; }
svg.map .edge { fill: none; stroke: var(--edge); stroke-width: 1.4; }
svg.map .arrow-head { fill: var(--edge); }
svg.map .node-box { fill: var(--panel); stroke: var(--line); stroke-width: 1.2; }
svg.map .node-kind { font-size: 10px; font-weight: 700; letter-spacing: 0.05em; fill: var(--muted); }
svg.map .node-label { font-size: 12.5px; font-weight: 700; fill: var(--text); }
svg.map .node-file { font-size: 10.5px; fill: var(--muted); font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; }
svg.map a.node { cursor: pointer; }
svg.map a.node:hover .node-box, svg.map a.node:focus .node-box, svg.map .node.selected .node-box { stroke: var(--accent); stroke-width: 2.4; }
svg.map a.node:focus { outline: none; }
svg.map .badge rect { stroke-width: 1; }
svg.map .badge text { font-size: 11px; font-weight: 700; }
svg.map .badge.sev-error rect { fill: var(--error-bg); stroke: var(--error); } svg.map .badge.sev-error text { fill: var(--error); }
svg.map .badge.sev-warning rect { fill: var(--warning-bg); stroke: var(--warning); } svg.map .badge.sev-warning text { fill: var(--warning); }
svg.map .badge.sev-note rect { fill: var(--note-bg); stroke: var(--note); } svg.map .badge.sev-note text { fill: var(--note); }
${['producer', 'topic', 'consumer', 'stage', 'route', 'socket', 'database', 'cache', 'metric'].map((k) => `svg.map .kind-${k} .node-stripe, .kind-swatch.kind-${k} { fill: var(--k-${k}); background: var(--k-${k}); }`).join('\n')}
.kind-swatch { display: inline-block; width: 0.45rem; height: 1rem; border-radius: 2px; vertical-align: middle; }
details.more { margin-top: 0.75rem; }
details.more summary { cursor: pointer; font-weight: 600; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: flex-start; border: 1px solid var(--line); border-radius: 8px; padding: 0.6rem 0.9rem; margin-bottom: 0.6rem; background: var(--code-bg); }
.filters fieldset { border: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.2rem 0.8rem; align-items: center; }
.filters legend { font-weight: 700; font-size: 0.85rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.03em; padding: 0; margin-bottom: 0.15rem; width: 100%; }
.filters label { display: inline-flex; align-items: center; gap: 0.3rem; white-space: nowrap; }
.filters select { font: inherit; padding: 0.15rem 0.3rem; max-width: 18rem; }
.filters button { font: inherit; padding: 0.2rem 0.7rem; border-radius: 6px; border: 1px solid var(--line); background: var(--panel); color: var(--text); cursor: pointer; }
.filter-actions { align-self: flex-end; display: flex; gap: 0.5rem; align-items: center; }
.node-filter { margin: 0 0 0.5rem; padding: 0.35rem 0.7rem; border-left: 4px solid var(--accent); background: var(--note-bg); }
.node-filter button { font: inherit; margin-left: 0.5rem; }
.status { font-weight: 600; margin: 0.2rem 0 0.6rem; }
table.findings { table-layout: fixed; }
table.findings col.c-sev { width: 7.5rem; } table.findings col.c-cat { width: 9.5rem; } table.findings col.c-loc { width: 16rem; } table.findings col.c-rule { width: 14.5rem; }
tbody.finding tr.head td { border-bottom: none; padding-top: 0.8rem; }
tbody.finding tr.body td { padding-bottom: 1rem; border-bottom: 1px solid var(--line); }
tbody.finding .message { margin: 0 0 0.5rem; font-weight: 500; }
tbody.finding td.loc code { overflow-wrap: anywhere; }
tbody.finding .headline { font-weight: 600; }
tbody.finding .headline code, tbody.finding .message code, ul.related code, details.fix summary code { background: var(--code-bg); border: 1px solid var(--line); border-radius: 4px; padding: 0 0.2rem; }
tbody.finding td.rule a { overflow-wrap: anywhere; }
.state-tag { margin-left: 0.3rem; }
.on-node { color: var(--muted); font-size: 0.9rem; margin: 0 0 0.45rem; }
.code { margin: 0.4rem 0 0.6rem; }
.code figcaption { font-weight: 400; color: var(--muted); font-size: 0.85rem; margin-bottom: 0.2rem; }
pre.excerpt, pre.diff { margin: 0; background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.45rem 0; overflow-x: auto; line-height: 1.45; }
pre.excerpt .line, pre.diff .line { display: block; padding: 0 0.8rem 0 0; white-space: pre; min-height: 1.2em; }
pre.excerpt .ln { display: inline-block; width: 4.2rem; padding-right: 0.8rem; text-align: right; color: var(--muted); user-select: none; border-right: 1px solid var(--line); margin-right: 0.7rem; }
pre.excerpt .line.hit { background: var(--hit-bg); box-shadow: inset 4px 0 0 var(--warning); }
pre.excerpt .line.hit .ln { color: var(--text); font-weight: 700; }
pre.excerpt mark { background: var(--hit-mark); color: inherit; border-bottom: 2px solid var(--warning); border-radius: 2px; }
pre.diff .line { padding-left: 0.8rem; }
pre.diff .add { background: var(--add-bg); color: var(--add); }
pre.diff .del { background: var(--del-bg); color: var(--del); }
pre.diff .hunk { color: var(--muted); }
details.fix { margin: 0.4rem 0; }
details.fix summary { cursor: pointer; }
ul.related { margin: 0.2rem 0 0.4rem; padding-left: 1.2rem; }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 0.9rem; padding: 0.5rem 0 2rem; }
@media (max-width: 820px) {
  table.findings col.c-loc, table.findings col.c-rule { width: auto; }
  table.findings, table.findings tbody, table.findings tr, table.findings td { display: block; width: 100%; }
  table.findings thead { display: none; }
}
@media print {
  html { font-size: 10pt; }
  :root { --bg: #fff; --panel: #fff; --text: #000; --muted: #444; --line: #bbb; --code-bg: #fff; --hit-bg: #f1f1f1; --hit-mark: #e0e0e0; }
  body { background: #fff; color: #000; }
  .skip, nav.sections, .filters, .status, .node-filter button, .no-print { display: none !important; }
  .wrap { max-width: none; padding: 0; }
  main section { border: none; padding: 0; margin: 0 0 1.2rem; break-inside: auto; }
  h2 { break-after: avoid; border-bottom: 1px solid #000; padding-bottom: 0.15rem; }
  tbody.finding { break-inside: avoid; }
  .map-scroll { overflow: visible; border: none; }
  svg.map { width: 100%; min-width: 0; height: auto; }
  details.more:not([open]) { display: none; }
  pre.excerpt, pre.diff { overflow: visible; }
  pre.excerpt .line, pre.diff .line { white-space: pre-wrap; }
  a { color: #000; }
  td.rule a::after { content: " (" attr(href) ")"; font-size: 0.75rem; word-break: break-all; }
  .summary-grid { grid-template-columns: 1fr 1fr; }
}
`;

/**
 * Filtering without a server: checkboxes and a select decide which findings (one `<tbody>` each)
 * are shown; a click on a map node narrows to the findings placed on it. Reads data attributes
 * only, so it works from file:// and with no network at all.
 */
export const REPORT_SCRIPT = `
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll('tbody.finding'));
  var status = document.getElementById('shown');
  var empty = document.getElementById('no-match');
  var nodeBox = document.getElementById('node-filter');
  var nodeName = document.getElementById('node-filter-name');
  var node = '';
  function checked(name) {
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name="' + name + '"]'), function (input) {
      if (input.checked) values[input.value] = true;
    });
    return values;
  }
  function apply() {
    var severity = checked('severity');
    var category = checked('category');
    var state = checked('state');
    state.active = true;
    var folder = form.elements.namedItem('folder');
    var wanted = folder ? folder.value : '';
    var count = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var show = !!severity[d.severity] && !!category[d.category] && !!state[d.state] &&
        (wanted === '' || d.folder === wanted) && (node === '' || d.node === node);
      row.hidden = !show;
      if (show) count += 1;
    });
    status.textContent = 'Showing ' + count + ' of ' + rows.length + ' finding' + (rows.length === 1 ? '' : 's') + '.';
    if (empty) empty.hidden = count !== 0;
    Array.prototype.forEach.call(document.querySelectorAll('svg.map .node'), function (el) {
      el.classList.toggle('selected', node !== '' && el.getAttribute('data-node-link') === node);
    });
    if (nodeBox) {
      nodeBox.hidden = node === '';
      if (node !== '' && nodeName) {
        var link = document.querySelector('[data-node-link="' + node + '"]');
        nodeName.textContent = link ? link.getAttribute('data-node-name') || '' : '';
      }
    }
  }
  form.addEventListener('change', apply);
  form.addEventListener('reset', function () {
    node = '';
    setTimeout(apply, 0);
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-node-link]'), function (link) {
    link.addEventListener('click', function () {
      node = link.getAttribute('data-node-link') || '';
      apply();
    });
  });
  var clear = document.getElementById('clear-node');
  if (clear) clear.addEventListener('click', function () {
    node = '';
    apply();
  });
  apply();
})();
`;

/** Severity icons: a shape per level (circle with a cross, triangle, circle with an i), not colour alone. */
export const ICON_SYMBOLS = `<svg xmlns="http://www.w3.org/2000/svg" class="visually-hidden" aria-hidden="true" focusable="false">
<symbol id="i-error" viewBox="0 0 16 16"><circle class="i-error-shape" cx="8" cy="8" r="7.5"/><path class="i-glyph" d="M5.2 4.1 8 6.9l2.8-2.8 1.1 1.1L9.1 8l2.8 2.8-1.1 1.1L8 9.1l-2.8 2.8-1.1-1.1L6.9 8 4.1 5.2z"/></symbol>
<symbol id="i-warning" viewBox="0 0 16 16"><path class="i-warning-shape" d="M8 .8 15.6 15H.4z"/><path class="i-glyph" d="M7.1 5.2h1.8l-.3 5.3H7.4zM7.1 11.6h1.8v1.8H7.1z"/></symbol>
<symbol id="i-note" viewBox="0 0 16 16"><circle class="i-note-shape" cx="8" cy="8" r="7.5"/><path class="i-glyph" d="M7.1 3.4h1.8v1.8H7.1zM7.1 6.6h1.8v6H7.1z"/></symbol>
</svg>`;

/**
 * The audit as one self-contained web page: a summary with charts, the pipeline map with each
 * finding placed on the node it concerns, and every finding with its code, related places, fix
 * as a diff and a link to the rule's docs, filterable by category, severity and folder. CSS,
 * script and icons are inline and the page's Content-Security-Policy forbids loading anything,
 * so it opens from disk, offline, and prints. A pure function of the AuditResult: every text
 * from it is escaped, and no absolute path appears.
 */

import { createHash } from 'node:crypto';
import {
  CATEGORIES,
  CATEGORY_TITLES,
  compareFindings,
  isActive,
  type AuditResult,
  type Finding,
  type FindingFix,
  type Severity,
  type TextEdit,
} from '../finding.js';
import { normaliseGraph, placeFindings, type PipelineGraph, type PipelineNode, type PipelineNodeKind } from '../pipeline.js';
import { TOOL_NAME } from '../../meta.js';
import {
  SEVERITIES,
  docsUrlFor,
  notificationPlace,
  plural,
  redactRoot,
  relativePath,
  severityRank,
  sortedFindings,
  sortedNotifications,
  sortedRules,
  totals,
} from './common.js';
import { lineDiff } from './markdown.js';
import { ICON_SYMBOLS, REPORT_CSS, REPORT_SCRIPT } from './html-assets.js';
import { KIND_TITLES, renderMapSvg, truncateStart, type NodeBadge } from './html-map.js';

const SEVERITY_TITLES: Readonly<Record<Severity, [string, string]>> = {
  error: ['error', 'Errors'],
  warning: ['warning', 'Warnings'],
  note: ['note', 'Notes'],
};

/** How many folders the "most findings" chart shows. */
const TOP_FOLDERS = 8;

type State = 'active' | 'unchanged' | 'suppressed';

interface Row {
  finding: Finding;
  id: string;
  file: string;
  folder: string;
  state: State;
  node: PipelineNode | undefined;
  nodeKey: string | undefined;
}

/** Text safe in HTML content and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const esc = escapeHtml;

/** Message text with its `code spans` (how rule messages quote code) as `<code>`, everything escaped. */
function prose(text: string): string {
  const parts = text.split('`');
  // An odd count of backticks leaves the last one literal.
  if (parts.length % 2 === 0) return esc(text);
  return parts.map((part, i) => (i % 2 === 1 && part !== '' ? `<code>${esc(part)}</code>` : esc(part))).join('');
}

/** A path that may wrap after its slashes in a narrow column. */
function breakablePath(text: string): string {
  return esc(text).replace(/\//g, '/<wbr>');
}

function hash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function icon(severity: Severity): string {
  return `<svg class="icon" aria-hidden="true" focusable="false"><use href="#i-${severity}"/></svg>`;
}

/** A severity as shape, colour and word: never colour alone. */
function severityBadge(severity: Severity): string {
  return `<span class="sev sev-${severity}">${icon(severity)}${SEVERITY_TITLES[severity][0]}</span>`;
}

function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '.' : file.slice(0, slash);
}

function folderLabel(folder: string): string {
  return folder === '.' ? '(root)' : `${folder}/`;
}

function stateOf(finding: Finding): State {
  if ((finding.suppressions?.length ?? 0) > 0) return 'suppressed';
  return finding.baselineState === 'unchanged' ? 'unchanged' : 'active';
}

export function renderHtml(result: AuditResult): string {
  const root = result.root;
  const graph = result.pipeline && result.pipeline.nodes.length > 0 ? normaliseGraph(result.pipeline) : undefined;
  // Most severe first; within a level, by place.
  const listed = sortedFindings(result).sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareFindings(a, b));
  const relativeFindings = listed.map((f) => ({ ...f, location: { ...f.location, file: relativePath(f.location.file, root) } }));
  const placement = graph ? placeFindings(graph, relativeFindings) : new Map<number, string>();
  const nodeIndex = new Map((graph?.nodes ?? []).map((n, i) => [n.id, i]));
  const rows: Row[] = listed.map((finding, i) => {
    const file = relativeFindings[i]?.location.file ?? '';
    const placed = placement.get(i);
    const index = placed === undefined ? undefined : nodeIndex.get(placed);
    const node = index === undefined ? undefined : graph?.nodes[index];
    return { finding, id: `f-${String(i + 1)}`, file, folder: folderOf(file), state: stateOf(finding), node, nodeKey: index === undefined ? undefined : `n${String(index)}` };
  });
  const active = rows.filter((r) => isActive(r.finding));
  const t = totals(active.map((r) => r.finding));

  const body = [
    '<a class="skip" href="#findings">Skip to the findings</a>',
    ICON_SYMBOLS,
    header(result, t.total),
    '<main class="wrap">',
    summarySection(result, active, t),
    mapSection(graph, rows, root),
    findingsSection(rows, result),
    notificationsSection(result),
    rulesSection(result),
    '</main>',
    `<footer class="wrap"><p>${esc(`Generated by ${TOOL_NAME} ${result.toolVersion}.`)} This page is self-contained: it loads nothing from the network, and its filters run in the page.</p></footer>`,
  ].join('\n');

  const csp = `default-src 'none'; style-src ${hash(REPORT_CSS)}; script-src ${hash(REPORT_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const title = `${TOOL_NAME} report: ${t.total === 0 ? 'no problems' : plural(t.total, 'problem')}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Only fixed keywords and base64 hashes: nothing to escape.
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${esc(`${TOOL_NAME} ${result.toolVersion}`)}">`,
    `<title>${esc(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    body,
    `<script>${REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function header(result: AuditResult, total: number): string {
  const facts = [
    `${plural(result.filesAnalysed, 'file')} analysed ${result.typed ? 'with' : 'without'} type information`,
    `${TOOL_NAME} ${result.toolVersion}`,
    `started ${result.startTime.replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC')}`,
  ];
  if (result.changedSince !== undefined) facts.push(`only lines changed since ${result.changedSince}`);
  if (result.shard) facts.push(`shard ${String(result.shard.index)} of ${String(result.shard.count)}`);
  if (result.automationId !== undefined) facts.push(`category ${result.automationId}`);
  const nav = [
    ['#summary', 'Summary'],
    ['#pipeline', 'Pipeline map'],
    ['#findings', `Findings (${String(total)})`],
    ['#notifications', `Notifications (${String(result.notifications.length)})`],
    ['#rules', 'Rules'],
  ];
  return [
    '<header class="top"><div class="wrap">',
    `<h1>${esc(TOOL_NAME)} report</h1>`,
    `<p>${esc(facts.join(' · '))}</p>`,
    `<nav class="sections" aria-label="Sections"><ul>${nav.map(([href, text]) => `<li><a href="${href ?? ''}">${esc(text ?? '')}</a></li>`).join('')}</ul></nav>`,
    '</div></header>',
  ].join('\n');
}

// --- summary ------------------------------------------------------------------------------------

function summarySection(result: AuditResult, active: readonly Row[], t: ReturnType<typeof totals>): string {
  const out: string[] = ['<section id="summary" aria-labelledby="summary-h">', '<h2 id="summary-h">Summary</h2>'];
  out.push('<div class="cards">');
  out.push(
    `<div class="card total"><span class="num" data-summary="total">${String(t.total)}</span><span class="what">${t.total === 1 ? 'problem' : 'problems'}</span></div>`,
  );
  for (const severity of SEVERITIES) {
    const count = t.bySeverity[severity];
    out.push(
      `<div class="card sev-${severity}">${icon(severity)}<span class="num" data-summary="${severity}">${String(count)}</span><span class="what">${count === 1 ? SEVERITY_TITLES[severity][0] : SEVERITY_TITLES[severity][1].toLowerCase()}</span></div>`,
    );
  }
  out.push(
    `<div class="card"><span class="num" data-summary="notifications">${String(result.notifications.length)}</span><span class="what">${result.notifications.length === 1 ? 'notification' : 'notifications'}</span></div>`,
  );
  if (result.baseline) {
    const b = result.baseline;
    out.push(
      `<div class="card"><span class="num" data-summary="baseline-new">${String(b.new)}</span><span class="what">new since the baseline</span></div>`,
      `<div class="card"><span class="num" data-summary="baseline-unchanged">${String(b.unchanged)}</span><span class="what">unchanged (in the baseline)</span></div>`,
      `<div class="card"><span class="num" data-summary="baseline-absent">${String(b.absent)}</span><span class="what">fixed since the baseline</span></div>`,
    );
  }
  out.push('</div>');
  if (t.total === 0) {
    out.push(`<p><strong>No problems found.</strong>${result.baseline && result.baseline.unchanged > 0 ? ' Findings already in the baseline are listed below, hidden by default.' : ''}</p>`);
  }
  if (result.baseline) {
    out.push(
      `<p>Counted against a baseline: only the ${plural(result.baseline.new, 'new finding')} count. The ${plural(result.baseline.unchanged, 'finding')} already in the baseline are listed under Findings, hidden until you choose to show them.</p>`,
    );
  }

  out.push('<div class="summary-grid">', '<div>');
  out.push(
    '<table class="by-category">',
    '<caption>Problems by category and severity</caption>',
    `<thead><tr><th scope="col">Category</th>${SEVERITIES.map((s) => `<th scope="col" class="n">${SEVERITY_TITLES[s][1]}</th>`).join('')}<th scope="col" class="n">Total</th></tr></thead>`,
    '<tbody>',
  );
  for (const category of CATEGORIES) {
    const inCategory = active.filter((r) => r.finding.category === category);
    const cells = SEVERITIES.map((s) => {
      const count = inCategory.filter((r) => r.finding.severity === s).length;
      return `<td class="n" data-summary="${category}:${s}">${String(count)}</td>`;
    }).join('');
    out.push(
      `<tr><th scope="row" title="${esc(category)}">${esc(CATEGORY_TITLES[category])}</th>${cells}<td class="n" data-summary="${category}">${String(inCategory.length)}</td></tr>`,
    );
  }
  out.push(
    '</tbody>',
    `<tfoot><tr><th scope="row">Total</th>${SEVERITIES.map((s) => `<td class="n">${String(t.bySeverity[s])}</td>`).join('')}<td class="n">${String(t.total)}</td></tr></tfoot>`,
    '</table>',
  );
  if (result.baseline) out.push(baselineTable(active, result));
  out.push('</div>', '<div>', categoryChart(active), folderChart(active), '</div>', '</div>');
  out.push('</section>');
  return out.join('\n');
}

function baselineTable(active: readonly Row[], result: AuditResult): string {
  const unchanged = result.findings.filter((f) => f.baselineState === 'unchanged' && (f.suppressions?.length ?? 0) === 0);
  const rows = CATEGORIES.map((c) => {
    const fresh = active.filter((r) => r.finding.category === c && r.finding.baselineState === 'new').length;
    const old = unchanged.filter((f) => f.category === c).length;
    return `<tr><th scope="row">${esc(CATEGORY_TITLES[c])}</th><td class="n">${String(fresh)}</td><td class="n">${String(old)}</td></tr>`;
  });
  return [
    '<table class="baseline">',
    '<caption>New and unchanged findings against the baseline</caption>',
    '<thead><tr><th scope="col">Category</th><th scope="col" class="n">New</th><th scope="col" class="n">Unchanged</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody>`,
    '</table>',
  ].join('\n');
}

function categoryChart(active: readonly Row[]): string {
  const labelWidth = 196;
  const barWidth = 280;
  const rowHeight = 30;
  const counts = CATEGORIES.map((c) => SEVERITIES.map((s) => active.filter((r) => r.finding.category === c && r.finding.severity === s).length));
  const max = Math.max(1, ...counts.map((row) => row.reduce((a, b) => a + b, 0)));
  const height = CATEGORIES.length * rowHeight + 6;
  const parts: string[] = [];
  CATEGORIES.forEach((category, i) => {
    const y = i * rowHeight + 4;
    const row = counts[i] ?? [];
    const total = row.reduce((a, b) => a + b, 0);
    parts.push(`<text x="0" y="${String(y + 15)}">${esc(CATEGORY_TITLES[category])}</text>`);
    parts.push(`<rect class="track" x="${String(labelWidth)}" y="${String(y + 2)}" width="${String(barWidth)}" height="18" rx="3"/>`);
    let x = labelWidth;
    SEVERITIES.forEach((severity, s) => {
      const count = row[s] ?? 0;
      if (count === 0) return;
      const w = (count / max) * barWidth;
      parts.push(
        `<rect class="bar-${severity}" x="${fixed(x)}" y="${String(y + 2)}" width="${fixed(w)}" height="18"><title>${esc(`${CATEGORY_TITLES[category]}: ${plural(count, SEVERITY_TITLES[severity][0])}`)}</title></rect>`,
      );
      x += w;
    });
    parts.push(`<text class="axis-label" x="${String(labelWidth + barWidth + 8)}" y="${String(y + 15)}">${String(total)}</text>`);
  });
  const described = CATEGORIES.map((c, i) => `${CATEGORY_TITLES[c]} ${String((counts[i] ?? []).reduce((a, b) => a + b, 0))}`).join(', ');
  return [
    '<figure class="chart-figure">',
    '<figcaption id="chart-category">Findings per category</figcaption>',
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${String(labelWidth + barWidth + 40)} ${String(height)}" role="img" aria-labelledby="chart-category" aria-describedby="chart-category-desc">`,
    `<desc id="chart-category-desc">${esc(described)}</desc>`,
    ...parts,
    '</svg>',
    `<ul class="legend">${SEVERITIES.map((s) => `<li><span class="swatch bar-${s}"></span>${icon(s)}${SEVERITY_TITLES[s][1]}</li>`).join('')}</ul>`,
    '</figure>',
  ].join('\n');
}

function folderChart(active: readonly Row[]): string {
  const byFolder = new Map<string, number>();
  for (const row of active) byFolder.set(row.folder, (byFolder.get(row.folder) ?? 0) + 1);
  const top = [...byFolder].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, TOP_FOLDERS);
  if (top.length === 0) return '';
  const labelWidth = 196;
  const barWidth = 280;
  const rowHeight = 28;
  const max = Math.max(1, ...top.map(([, n]) => n));
  const parts = top.map(([folder, count], i) => {
    const y = i * rowHeight + 4;
    const w = (count / max) * barWidth;
    return [
      `<text x="0" y="${String(y + 14)}" class="mono"><title>${esc(folderLabel(folder))}</title>${esc(truncateStart(folderLabel(folder), 30))}</text>`,
      `<rect class="track" x="${String(labelWidth)}" y="${String(y + 2)}" width="${String(barWidth)}" height="16" rx="3"/>`,
      `<rect class="bar-folder" x="${String(labelWidth)}" y="${String(y + 2)}" width="${fixed(w)}" height="16" rx="3"/>`,
      `<text class="axis-label" x="${String(labelWidth + barWidth + 8)}" y="${String(y + 14)}">${String(count)}</text>`,
    ].join('');
  });
  const others = byFolder.size - top.length;
  return [
    '<figure class="chart-figure">',
    '<figcaption id="chart-folders">Folders with the most findings</figcaption>',
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${String(labelWidth + barWidth + 40)} ${String(top.length * rowHeight + 6)}" role="img" aria-labelledby="chart-folders" aria-describedby="chart-folders-desc">`,
    `<desc id="chart-folders-desc">${esc(top.map(([f, n]) => `${folderLabel(f)} ${String(n)}`).join(', '))}</desc>`,
    ...parts,
    '</svg>',
    others > 0 ? `<p class="lead">${esc(`and ${plural(others, 'more folder')}`)}</p>` : '',
    '</figure>',
  ].join('\n');
}

function fixed(value: number): string {
  return String(Math.round(value * 10) / 10);
}

// --- pipeline map --------------------------------------------------------------------------------

function nodeName(node: PipelineNode): string {
  return `${KIND_TITLES[node.kind][0]} ${node.label}`;
}

function mapSection(graph: PipelineGraph | undefined, rows: readonly Row[], root: string): string {
  const out: string[] = ['<section id="pipeline" aria-labelledby="pipeline-h">', '<h2 id="pipeline-h">Pipeline map</h2>'];
  if (!graph) {
    out.push(
      '<p class="empty">No pipeline map: the audit ran without type information (no tsconfig.json), or found no producers, topics, consumers, routes, sockets or stream stages.</p>',
      '</section>',
    );
    return out.join('\n');
  }
  const locate = (node: PipelineNode) => `${relativePath(node.file, root)}:${String(node.line)}`;
  const badges = new Map<string, NodeBadge>();
  for (const row of rows) {
    if (!row.node || row.state !== 'active') continue;
    const badge = badges.get(row.node.id);
    const severity = row.finding.severity;
    if (!badge) badges.set(row.node.id, { count: 1, worst: severity });
    else {
      badge.count += 1;
      if (severityRank(severity) < severityRank(badge.worst)) badge.worst = severity;
    }
  }
  const kinds = [...new Set(graph.nodes.map((n) => n.kind))];
  const count = (kind: PipelineNodeKind) => graph.nodes.filter((n) => n.kind === kind).length;
  out.push(
    `<p class="lead">${esc(`What the analysis sees: ${kinds.map((k) => plural(count(k), KIND_TITLES[k][0])).join(', ')}. Arrows point from what sends or calls to what receives or is called. A badge counts the findings placed on a node (in its handler, class or declaration, or a helper it calls); select a node to list only its findings.`)}</p>`,
    `<ul class="legend">${kinds.map((k) => `<li><span class="kind-swatch kind-${k}"></span>${esc(KIND_TITLES[k][1])}</li>`).join('')}<li>${icon('error')}${icon('warning')}${icon('note')} findings on the node, by worst severity</li></ul>`,
    '<div class="map-scroll">',
    renderMapSvg(graph, badges, esc, locate),
    '</div>',
  );
  const unplaced = rows.filter((r) => !r.node && r.state === 'active');
  if (unplaced.length > 0) {
    const links = unplaced.map((r) => `<li><a href="#${r.id}">${esc(`${r.file}:${String(r.finding.location.region.startLine)}`)}</a> ${esc(r.finding.ruleId)}</li>`);
    out.push(
      `<details class="more"><summary>${esc(`${plural(unplaced.length, 'finding')} not on the map`)} (SQL, configuration, or code no node reaches)</summary><ul>${links.join('')}</ul></details>`,
    );
  }
  const names = new Map(graph.nodes.map((n) => [n.id, nodeName(n)]));
  const tableRows = graph.nodes.map((node, i) => {
    const targets = graph.edges.filter((e) => e.from === node.id).map((e) => names.get(e.to) ?? e.to);
    const badge = badges.get(node.id);
    const findings = badge
      ? `<a href="#findings" data-node-link="n${String(i)}" data-node-name="${esc(nodeName(node))}">${esc(plural(badge.count, 'finding'))}</a>`
      : '0';
    return `<tr><th scope="row"><span class="kind-swatch kind-${node.kind}"></span> ${esc(node.label)}${node.detail === undefined ? '' : ` <span class="tag">${esc(node.detail)}</span>`}</th><td>${esc(KIND_TITLES[node.kind][0])}</td><td><code>${esc(locate(node))}</code></td><td>${targets.length === 0 ? '—' : esc(targets.join(', '))}</td><td class="n">${findings}</td></tr>`;
  });
  out.push(
    '<details class="more"><summary>The map as a table</summary>',
    '<table class="map-table"><caption class="visually-hidden">Nodes of the pipeline map</caption>',
    '<thead><tr><th scope="col">Node</th><th scope="col">Kind</th><th scope="col">Location</th><th scope="col">Connects to</th><th scope="col" class="n">Findings</th></tr></thead>',
    `<tbody>${tableRows.join('\n')}</tbody></table>`,
    '</details>',
    '</section>',
  );
  return out.join('\n');
}

// --- findings ------------------------------------------------------------------------------------

function findingsSection(rows: readonly Row[], result: AuditResult): string {
  const out: string[] = ['<section id="findings" aria-labelledby="findings-h">', '<h2 id="findings-h">Findings</h2>'];
  if (rows.length === 0) {
    out.push('<p class="empty">Nothing to report.</p>', '</section>');
    return out.join('\n');
  }
  out.push(filters(rows));
  out.push(
    '<p class="node-filter" id="node-filter" hidden>Showing only the findings on <strong id="node-filter-name"></strong>.<button type="button" id="clear-node">Show all</button></p>',
    `<p class="status" id="shown" role="status" aria-live="polite">${esc(`Showing ${String(rows.filter((r) => r.state === 'active').length)} of ${plural(rows.length, 'finding')}.`)}</p>`,
    '<p class="empty" id="no-match" hidden>No finding matches these filters.</p>',
    '<table class="findings" id="findings-table">',
    '<caption class="visually-hidden">Findings, most severe first; each has a second row with its code, related places and fixes</caption>',
    '<colgroup><col class="c-sev"><col class="c-cat"><col class="c-msg"><col class="c-loc"><col class="c-rule"></colgroup>',
    '<thead><tr><th scope="col">Severity</th><th scope="col">Category</th><th scope="col">Message</th><th scope="col">Location</th><th scope="col">Rule</th></tr></thead>',
  );
  for (const row of rows) out.push(findingBody(row, result));
  out.push('</table>', '</section>');
  return out.join('\n');
}

function filters(rows: readonly Row[]): string {
  const count = (pred: (r: Row) => boolean) => rows.filter(pred).length;
  const box = (name: string, value: string, label: string, n: number, checked: boolean, prefix = '') =>
    `<label><input type="checkbox" name="${name}" value="${esc(value)}"${checked ? ' checked' : ''}>${prefix}${esc(label)} <span class="tag">${String(n)}</span></label>`;
  const categories = CATEGORIES.filter((c) => rows.some((r) => r.finding.category === c));
  const folders = [...new Set(rows.map((r) => r.folder))].sort();
  const out = ['<form class="filters" id="filters" aria-controls="findings-table">'];
  out.push(
    `<fieldset><legend>Severity</legend>${SEVERITIES.map((s) => box('severity', s, SEVERITY_TITLES[s][1], count((r) => r.finding.severity === s), true, icon(s))).join('')}</fieldset>`,
    `<fieldset><legend>Category</legend>${categories.map((c) => box('category', c, CATEGORY_TITLES[c], count((r) => r.finding.category === c), true)).join('')}</fieldset>`,
    `<fieldset><legend>Folder</legend><label for="folder" class="visually-hidden">Folder</label><select id="folder" name="folder"><option value="">All folders</option>${folders
      .map((f) => `<option value="${esc(f)}">${esc(`${folderLabel(f)} (${String(count((r) => r.folder === f))})`)}</option>`)
      .join('')}</select></fieldset>`,
  );
  const unchanged = count((r) => r.state === 'unchanged');
  const suppressed = count((r) => r.state === 'suppressed');
  if (unchanged > 0 || suppressed > 0) {
    const boxes = [
      unchanged > 0 ? box('state', 'unchanged', 'Unchanged since the baseline', unchanged, false) : '',
      suppressed > 0 ? box('state', 'suppressed', 'Silenced in the code', suppressed, false) : '',
    ];
    out.push(`<fieldset><legend>Also show</legend>${boxes.join('')}</fieldset>`);
  }
  out.push('<div class="filter-actions"><button type="reset">Reset filters</button></div>', '</form>');
  return out.join('\n');
}

function findingBody(row: Row, result: AuditResult): string {
  const f = row.finding;
  const root = result.root;
  const { startLine, startColumn } = f.location.region;
  const place = `${row.file}:${String(startLine)}:${String(startColumn)}`;
  const url = docsUrlFor(result, f.ruleId);
  const rule = url === undefined ? `<code>${esc(f.ruleId)}</code>` : `<a href="${esc(url)}" rel="noopener noreferrer">${esc(f.ruleId)}</a>`;
  const stateTag =
    row.state === 'unchanged'
      ? '<span class="tag state-tag">in baseline</span>'
      : row.state === 'suppressed'
        ? '<span class="tag state-tag">silenced</span>'
        : f.baselineState === 'new'
          ? '<span class="tag state-tag">new</span>'
          : '';
  const attrs = [
    `class="finding"`,
    `id="${row.id}"`,
    `data-severity="${f.severity}"`,
    `data-category="${f.category}"`,
    `data-folder="${esc(row.folder)}"`,
    `data-state="${row.state}"`,
    row.nodeKey === undefined ? '' : `data-node="${row.nodeKey}"`,
    row.state === 'active' ? '' : 'hidden',
  ].filter((a) => a !== '');
  const message = redactRoot(f.message, root);
  const headline = firstSentence(message);
  const details: string[] = [];
  // The headline is the first sentence; the rest of the message (the consequence, the way out) follows.
  const rest = message.startsWith(headline) ? message.slice(headline.length).trim() : message;
  if (rest !== '') details.push(`<p class="message">${prose(rest)}</p>`);
  if (row.node && row.nodeKey !== undefined) {
    details.push(`<p class="on-node">On the map: <a href="#node-${row.nodeKey.slice(1)}">${esc(nodeName(row.node))}</a></p>`);
  }
  details.push(excerptHtml(f, row.file));
  if (f.related.length > 0) {
    const items = f.related.map((r) => {
      const where = `${relativePath(r.file, root)}:${String(r.region.startLine)}`;
      return `<li><code>${esc(where)}</code>${r.message === undefined ? '' : ` ${prose(redactRoot(r.message, root))}`}</li>`;
    });
    details.push(`<p class="on-node">Related locations:</p><ul class="related">${items.join('')}</ul>`);
  }
  for (const fix of f.fixes) details.push(fixHtml(fix, f, root));
  return [
    `<tbody ${attrs.join(' ')}>`,
    `<tr class="head"><td>${severityBadge(f.severity)}</td><td>${esc(CATEGORY_TITLES[f.category])}</td><td><strong class="headline">${prose(headline)}</strong>${stateTag}</td><td class="loc"><code>${breakablePath(place)}</code></td><td class="rule">${rule}</td></tr>`,
    `<tr class="body"><td colspan="5">${details.filter((d) => d !== '').join('\n')}</td></tr>`,
    '</tbody>',
  ].join('\n');
}

/** The first sentence (the whole message when it has one sentence or the first is very long), for the row's headline. */
function firstSentence(message: string): string {
  const match = /^(.{20,}?[.!?])(\s|$)/s.exec(message);
  const first = match?.[1];
  return first !== undefined && first.length <= 240 ? first : message;
}

/** The code around the finding with the flagged lines marked (a bar, bold line numbers and `<mark>`). */
function excerptHtml(f: Finding, file: string): string {
  const ex = f.excerpt;
  if (!ex || ex.lines.length === 0) return '';
  const { startLine, startColumn, endLine, endColumn } = f.location.region;
  const lines = ex.lines.map((text, i) => {
    const n = ex.startLine + i;
    const hit = n >= startLine && n <= endLine;
    let code = esc(text);
    if (hit) {
      const indent = /^\s*/.exec(text)?.[0].length ?? 0;
      const from = Math.min(text.length, n === startLine ? Math.max(0, startColumn - 1) : indent);
      let to = n === endLine ? Math.min(text.length, Math.max(0, endColumn - 1)) : text.length;
      if (to <= from) to = text.length;
      if (to > from) code = `${esc(text.slice(0, from))}<mark>${esc(text.slice(from, to))}</mark>${esc(text.slice(to))}`;
    }
    return `<span class="line${hit ? ' hit' : ''}"><span class="ln" aria-hidden="true">${String(n)}</span>${code}</span>`;
  });
  const last = ex.startLine + ex.lines.length - 1;
  const flagged = startLine === endLine ? `line ${String(startLine)}` : `lines ${String(startLine)}–${String(endLine)}`;
  return `<figure class="code"><figcaption>${esc(`${file}, lines ${String(ex.startLine)}–${String(last)} (flagged: ${flagged})`)}</figcaption><pre class="excerpt"><code>${lines.join('')}</code></pre></figure>`;
}

function fixHtml(fix: FindingFix, f: Finding, root: string): string {
  const edits = fix.edits.filter((e) => e.original !== undefined);
  const kind = fix.kind === 'autofix' ? 'Autofix (rta-lint --fix applies it)' : 'Suggestion';
  // `title` is markup: prose() escaped the description.
  const title = `${kind}: ${prose(redactRoot(fix.description, root))}`;
  if (edits.length === 0) return `<p class="on-node">${title}</p>`;
  const lines = edits.flatMap((e) => [`@@ ${relativePath(e.file, root)}:${String(e.region.startLine)} @@`, ...editDiff(e, f, root)]);
  const body = lines
    .map((line) => {
      const cls = line.startsWith('@@') ? 'hunk' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : 'ctx';
      return `<span class="line ${cls}">${esc(line)}</span>`;
    })
    .join('');
  return `<details class="fix" open><summary>${title}</summary><pre class="diff" aria-label="${esc(`Diff of the ${fix.kind}`)}"><code>${body}</code></pre></details>`;
}

/**
 * The edit as a diff of whole lines when the excerpt holds the lines it touches (and agrees with
 * the text it replaces); otherwise of the replaced text alone.
 */
function editDiff(edit: TextEdit, f: Finding, root: string): string[] {
  const ex = f.excerpt;
  const original = edit.original ?? '';
  const r = edit.region;
  if (ex && relativePath(edit.file, root) === relativePath(f.location.file, root) && r.startLine >= ex.startLine && r.endLine < ex.startLine + ex.lines.length) {
    const before = ex.lines.slice(r.startLine - ex.startLine, r.endLine - ex.startLine + 1);
    const joined = before.join('\n');
    const lastLength = before.at(-1)?.length ?? 0;
    const start = r.startColumn - 1;
    const end = joined.length - lastLength + (r.endColumn - 1);
    if (start >= 0 && end >= start && joined.slice(start, end) === original) {
      return lineDiff(before, `${joined.slice(0, start)}${edit.text}${joined.slice(end)}`.split('\n'));
    }
  }
  return lineDiff(original.split('\n'), edit.text.split('\n'));
}

// --- notifications and rules ---------------------------------------------------------------------

function notificationsSection(result: AuditResult): string {
  const notifications = sortedNotifications(result);
  const out = ['<section id="notifications" aria-labelledby="notifications-h">', '<h2 id="notifications-h">Notifications</h2>'];
  if (notifications.length === 0) {
    out.push('<p class="empty">Every file was analysed fully.</p>', '</section>');
    return out.join('\n');
  }
  out.push(
    `<p class="lead">${esc(`Files that could not be analysed fully, and notes about the run (${plural(notifications.length, 'notification')}).`)}</p>`,
    '<table class="notifications"><thead><tr><th scope="col">Level</th><th scope="col">Location</th><th scope="col">Message</th><th scope="col">Kind</th></tr></thead><tbody>',
  );
  for (const n of notifications) {
    const place = notificationPlace(n, result.root);
    out.push(
      `<tr><td>${severityBadge(n.level)}</td><td>${place === undefined ? '—' : `<code>${breakablePath(place)}</code>`}</td><td>${prose(redactRoot(n.message, result.root))}</td><td><code>${esc(n.kind)}</code></td></tr>`,
    );
  }
  out.push('</tbody></table>', '</section>');
  return out.join('\n');
}

function rulesSection(result: AuditResult): string {
  const rules = sortedRules(result);
  const out = ['<section id="rules" aria-labelledby="rules-h">', '<h2 id="rules-h">Rules</h2>'];
  if (rules.length === 0) {
    out.push('<p class="empty">No rule descriptions in this result.</p>', '</section>');
    return out.join('\n');
  }
  out.push(
    `<details class="more"><summary>${esc(`${String(rules.length)} ${rules.length === 1 ? 'rule or check' : 'rules and checks'} ran`)}</summary>`,
    '<table class="rules"><thead><tr><th scope="col">Rule</th><th scope="col">Category</th><th scope="col">Level</th><th scope="col">What it checks</th></tr></thead><tbody>',
  );
  for (const rule of rules) {
    const link = rule.docsUrl === '' ? `<code>${esc(rule.id)}</code>` : `<a href="${esc(rule.docsUrl)}" rel="noopener noreferrer">${esc(rule.id)}</a>`;
    out.push(
      `<tr><td>${link}</td><td>${esc(CATEGORY_TITLES[rule.category])}</td><td>${severityBadge(rule.defaultSeverity)}</td><td>${prose(redactRoot(rule.description, result.root))}</td></tr>`,
    );
  }
  out.push('</tbody></table></details>', '</section>');
  return out.join('\n');
}

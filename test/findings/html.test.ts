import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import type { AuditResult, Finding } from '../../src/findings/finding.js';
import { placeFindings, type PipelineGraph } from '../../src/findings/pipeline.js';
import { escapeHtml, renderHtml } from '../../src/findings/reporters/html.js';
import { layoutGraph, NODE_WIDTH } from '../../src/findings/reporters/html-map.js';
import { ROOT, auditResult, emptyResult, findings, pipelineGraph, writeFinding } from './sample-results.js';

/** The `<tbody>` of one finding, by its rule and line. */
function rowOf(html: string, file: string, line: number): string {
  const bodies = html.split('<tbody ').slice(1).map((b) => b.slice(0, b.indexOf('</tbody>')));
  const row = bodies.find((b) => b.includes(`<code>${file.replace(/\//g, '/<wbr>')}:${String(line)}:`));
  if (row === undefined) throw new Error(`no row for ${file}:${String(line)}`);
  return row;
}

function between(html: string, open: string, close: string): string {
  const start = html.indexOf(open);
  return html.slice(start + open.length, html.indexOf(close, start));
}

describe('html reporter', () => {
  const html = renderHtml(auditResult());

  it('is one document with its style and script inline, allowed by hash and nothing else', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    const style = between(html, '<style>', '</style>');
    const script = between(html, '<script>', '</script>');
    const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src ${sha(style)}`);
    expect(csp).toContain(`script-src ${sha(script)}`);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<style/g)).toHaveLength(1);
  });

  it('refers to nothing outside the file: no src, no stylesheet links, no remote url(), only docs links to follow', () => {
    expect(html).not.toMatch(/\ssrc=/);
    expect(html).not.toMatch(/<link\b/);
    expect(html).not.toMatch(/url\(\s*['"]?(https?:|\/\/)/);
    expect(html).not.toMatch(/@import/);
    const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1] ?? '');
    for (const href of hrefs) expect(href).toMatch(/^(#[\w-]+|https:\/\/github\.com\/eslint-plugin-rta\/eslint-plugin-rta\/blob\/v0\.1\.0\/docs\/rules\/[a-z-]+\.md)$/);
    // The map's arrowheads and icons are in-document references.
    expect(html).toContain('marker-end="url(#arrow)"');
  });

  it('never prints the audit root', () => {
    expect(html).not.toContain(ROOT);
    expect(html).toContain('Unexpected token. (src/broken.ts:3:5)');
  });

  it('starts with totals by category and severity', () => {
    expect(html).toContain('<span class="num" data-summary="total">7</span>');
    expect(html).toContain('<span class="num" data-summary="error">2</span>');
    expect(html).toContain('<span class="num" data-summary="warning">4</span>');
    expect(html).toContain('<span class="num" data-summary="note">1</span>');
    expect(html).toContain('<td class="n" data-summary="backpressure">2</td>');
    expect(html).toContain('<td class="n" data-summary="cache:warning">2</td>');
    expect(html).toContain('<td class="n" data-summary="schema-drift:error">1</td>');
    expect(html.indexOf('id="summary"')).toBeLessThan(html.indexOf('id="pipeline"'));
    expect(html.indexOf('id="pipeline"')).toBeLessThan(html.indexOf('id="findings"'));
  });

  it('draws findings per category and the folders with the most findings as inline SVG bars', () => {
    const chart = between(html, '<figcaption id="chart-category">', '</figure>');
    expect(chart).toContain('<desc id="chart-category-desc">Missing backpressure 2, Unpartitioned windows 1, Uncached dashboard queries 2, Batch/stream schema drift 1, Absent SLA metrics 1</desc>');
    expect(chart).toContain('<title>Missing backpressure: 1 error</title>');
    const folders = between(html, '<figcaption id="chart-folders">', '</figure>');
    expect(folders).toContain('src/dashboard/ 2');
    expect(folders.indexOf('src/dashboard/')).toBeLessThan(folders.indexOf('(root)'));
  });

  it('says severity with a shape and a word, not colour alone', () => {
    expect(html).toContain('<span class="sev sev-error"><svg class="icon" aria-hidden="true" focusable="false"><use href="#i-error"/></svg>error</span>');
    expect(html).toContain('<symbol id="i-warning"');
  });

  it('shows the flagged lines of the excerpt marked, with line numbers', () => {
    const row = rowOf(html, 'src/orders/consumer.ts', 14);
    expect(row).toContain('src/orders/consumer.ts, lines 11–17 (flagged: line 14)');
    expect(row).toContain('<span class="line hit"><span class="ln" aria-hidden="true">14</span>      <mark>archive.write(row)</mark>;</span>');
    expect(row).toContain('<span class="line"><span class="ln" aria-hidden="true">15</span>      ordersSeen.inc({ status: row.status ?? &#39;&lt;none&gt;&#39; });</span>');
  });

  it('links the rule docs, lists related locations, and names the map node', () => {
    const row = rowOf(html, 'src/dashboard/api.ts', 21);
    expect(row).toContain('<a href="https://github.com/eslint-plugin-rta/eslint-plugin-rta/blob/v0.1.0/docs/rules/cache-dashboard-queries.md" rel="noopener noreferrer">rta/cache-dashboard-queries</a>');
    expect(row).toContain('<li><code>src/dashboard/queries.ts:5</code> helper that runs the query</li>');
    expect(row).toMatch(/On the map: <a href="#node-\d+">route GET \/api\/revenue<\/a>/);
  });

  it('shows a fix as a diff of whole lines when the excerpt holds them', () => {
    const base = writeFinding(14);
    const edit = base.fixes[0]?.edits[0];
    if (!edit) throw new Error('sample has no edit');
    const finding: Finding = {
      ...base,
      fixes: [{ ...base.fixes[0]!, edits: [{ ...edit, original: 'archive.write(row)' }] }],
      excerpt: { startLine: 13, lines: ['      const row = decode(message);', '      archive.write(row);', '    },'] },
    };
    const out = renderHtml(auditResult({ findings: [finding] }));
    expect(out).toContain('<summary>Suggestion: Await &quot;drain&quot; when write() returns false</summary>');
    expect(out).toContain('<span class="line hunk">@@ src/orders/consumer.ts:14 @@</span>');
    expect(out).toContain('<span class="line del">-      archive.write(row);</span>');
    expect(out).toContain('<span class="line add">+      if (!archive.write(row)) await once(archive, &#39;drain&#39;);</span>');
    // Without an excerpt, the replaced text alone.
    const bare = renderHtml(auditResult({ findings: [{ ...finding, excerpt: undefined }] }));
    expect(bare).toContain('<span class="line del">-archive.write(row)</span>');
  });

  it('renders `code` in messages as code, and escapes everything it is given', () => {
    const hostile = '<script>alert("x")</script>';
    const finding: Finding = {
      ...findings()[1]!,
      message: `\`${hostile}\` is bad. Really <b>bad</b> & "quoted".`,
      location: { file: `src/${hostile}.ts`, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } },
      related: [{ file: 'x.ts', region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 2 }, message: hostile }],
      excerpt: { startLine: 1, lines: [hostile] },
    };
    const graph: PipelineGraph = { nodes: [{ id: hostile, kind: 'route', label: hostile, detail: hostile, file: `src/${hostile}.ts`, line: 1 }], edges: [] };
    const out = renderHtml(auditResult({ findings: [finding], pipeline: graph, notifications: [{ level: 'warning', kind: hostile, message: hostile }] }));
    expect(out).not.toContain(hostile);
    expect(out).not.toContain('<b>bad</b>');
    expect(out).toContain('<code>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</code> is bad.');
    expect(out).toContain('&lt;b&gt;bad&lt;/b&gt; &amp; &quot;quoted&quot;.');
    expect(escapeHtml(`<a href='x'>&`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;');
  });

  it('gives each finding row the data the filters read, and a filter form for category, severity and folder', () => {
    const row = rowOf(html, 'src/live/ws.ts', 30);
    expect(row).toMatch(/^class="finding" id="f-\d+" data-severity="warning" data-category="backpressure" data-folder="src\/live" data-state="active" data-node="n\d+">/);
    expect(html).toContain('<input type="checkbox" name="category" value="schema-drift" checked>');
    expect(html).toContain('<input type="checkbox" name="severity" value="note" checked>');
    expect(html).toContain('<option value="src/dashboard">src/dashboard/ (2)</option>');
    expect(html).toContain('<option value=".">(root) (1)</option>');
    expect(html).toContain('<p class="status" id="shown" role="status" aria-live="polite">Showing 7 of 7 findings.</p>');
  });

  it('draws the pipeline map with each finding on the node it concerns', () => {
    const svg = between(html, '<svg class="map"', '</svg>');
    expect(svg.match(/class="node kind-/g)).toHaveLength(pipelineGraph().nodes.length);
    expect(svg.match(/class="edge"/g)).toHaveLength(pipelineGraph().edges.length);
    // Findings on the consumer (error), the socket, the stage and both routes; none on the topic.
    expect(svg.match(/<a class="node [^"]*has-findings"/g)).toHaveLength(5);
    expect(svg).toMatch(/<a class="node kind-consumer has-findings" id="node-\d+" href="#findings" data-node-link="n\d+" data-node-name="consumer order-ingest"[^>]*aria-label="consumer order-ingest: show its 1 finding">/);
    expect(svg).toContain('<g class="badge sev-error"');
    // The schema-drift field and the config finding sit in files no node reaches.
    expect(html).toContain('2 findings not on the map');
    expect(html).toContain('<summary>The map as a table</summary>');
  });

  it('says when there is no map', () => {
    const out = renderHtml(auditResult({ pipeline: undefined }));
    expect(out).toContain('No pipeline map: the audit ran without type information');
    expect(out).not.toContain('<svg class="map"');
  });

  it('reports a clean audit', () => {
    const out = renderHtml(emptyResult());
    expect(out).toContain('<span class="num" data-summary="total">0</span>');
    expect(out).toContain('<strong>No problems found.</strong>');
    expect(out).toContain('<p class="empty">Nothing to report.</p>');
    expect(out).toContain('<title>rta-lint report: no problems</title>');
  });

  it('in a baseline run, counts new findings and lists unchanged ones hidden, to be shown on request', () => {
    const all = findings();
    const marked = all.map((f, i) => ({ ...f, baselineState: i < 2 ? ('unchanged' as const) : ('new' as const) }));
    const out = renderHtml(auditResult({ findings: marked, baseline: { new: 5, unchanged: 2, absent: 3 } }));
    expect(out).toContain('<span class="num" data-summary="total">5</span>');
    expect(out).toContain('<span class="num" data-summary="baseline-new">5</span>');
    expect(out).toContain('<span class="num" data-summary="baseline-unchanged">2</span>');
    expect(out).toContain('<span class="num" data-summary="baseline-absent">3</span>');
    expect(out).toContain('<caption>New and unchanged findings against the baseline</caption>');
    expect(out.match(/data-state="unchanged"[^>]*hidden>/g)).toHaveLength(2);
    expect(out).toContain('<input type="checkbox" name="state" value="unchanged">Unchanged since the baseline <span class="tag">2</span>');
    expect(out).toContain('Showing 5 of 7 findings.');
  });

  it('hides findings silenced in the code until asked', () => {
    const silenced = { ...findings()[0]!, suppressions: [{ kind: 'inSource' as const, justification: 'bounded by the caller' }] };
    const out = renderHtml(auditResult({ findings: [silenced, ...findings().slice(1)] }));
    expect(out).toMatch(/data-state="suppressed"[^>]*hidden>/);
    expect(out).toContain('<span class="num" data-summary="total">6</span>');
    expect(out).toContain('value="suppressed">Silenced in the code');
  });

  it('is deterministic and leaves its input untouched', () => {
    const input: AuditResult = auditResult();
    const before = JSON.stringify(input);
    expect(renderHtml(input)).toBe(renderHtml(auditResult()));
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('placing findings on the map', () => {
  const graph = pipelineGraph();
  const at = (file: string, line: number): Finding => ({ ...findings()[0]!, location: { file, region: { startLine: line, startColumn: 1, endLine: line, endColumn: 2 } } });
  const place = (file: string, line: number) => placeFindings(graph, [at(file, line)]).get(0);

  it("prefers the node's own handler, then a helper it calls, then the nearest node in the file", () => {
    expect(place('src/orders/consumer.ts', 14)).toBe('consumer:src/orders/consumer.ts:6');
    expect(place('src/dashboard/queries.ts', 6)).toBe('route:src/dashboard/api.ts:21');
    // Outside every scope of queries.ts: the database declared at line 2 is nearer than the helper.
    expect(place('src/dashboard/queries.ts', 1)).toBe('database:src/dashboard/queries.ts:2');
    expect(place('src/metrics.ts', 30)).toBe('metric:orders_seen_total');
  });

  it('takes the smallest scope that holds the line', () => {
    const nested: PipelineGraph = {
      nodes: [
        { id: 'outer', kind: 'socket', label: 'outer', file: 'a.ts', line: 1, scopes: [{ file: 'a.ts', startLine: 1, endLine: 50, direct: true }] },
        { id: 'inner', kind: 'route', label: 'inner', file: 'a.ts', line: 10, scopes: [{ file: 'a.ts', startLine: 10, endLine: 20, direct: true }] },
      ],
      edges: [],
    };
    expect(placeFindings(nested, [at('a.ts', 15)]).get(0)).toBe('inner');
    expect(placeFindings(nested, [at('a.ts', 30)]).get(0)).toBe('outer');
  });

  it('puts nothing on a topic while anything else claims the file, and leaves unknown files off the map', () => {
    // consumer.ts has the topic's reference (line 9) and the consumer (line 6): the consumer wins.
    expect(place('src/orders/consumer.ts', 9)).toBe('consumer:src/orders/consumer.ts:6');
    expect(place('db/migrations/001_orders.sql', 1)).toBeUndefined();
  });
});

describe('map layout', () => {
  it('puts producers, topics, handlers and sinks in columns from left to right', () => {
    const layout = layoutGraph(pipelineGraph());
    const x = (label: string) => layout.nodes.find((n) => n.node.label === label)?.x ?? -1;
    expect(x('orderProducer')).toBeLessThan(x('orders.v1'));
    expect(x('orders.v1')).toBeLessThan(x('order-ingest'));
    expect(x('order-ingest')).toBeLessThan(x('warehouse'));
    expect(x('warehouse')).toBe(x('redis'));
    expect(x('warehouse')).toBe(x('orders_seen_total'));
    expect(layout.columns.map((c) => c.title.join(' '))).toEqual(['Producers', 'Topics', 'Consumers, Stages, Routes & Sockets', 'Sinks']);
    expect(layout.width).toBeGreaterThanOrEqual(4 * NODE_WIDTH);
  });

  it('never overlaps two nodes of a column, and survives cycles and edges to missing nodes', () => {
    const graph: PipelineGraph = {
      nodes: [
        { id: 'a', kind: 'stage', label: 'a', file: 'a.ts', line: 1 },
        { id: 'b', kind: 'stage', label: 'b', file: 'a.ts', line: 2 },
        { id: 'c', kind: 'stage', label: 'c', file: 'a.ts', line: 3 },
        { id: 't', kind: 'topic', label: 't', file: 'a.ts', line: 4 },
      ],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'a' },
        { from: 't', to: 'a' },
        { from: 't', to: 'c' },
        { from: 'a', to: 'nowhere' },
      ],
    };
    const layout = layoutGraph(graph);
    expect(layout.nodes).toHaveLength(4);
    expect(layout.edges).toHaveLength(5);
    const byColumn = new Map<number, number[]>();
    for (const n of layout.nodes) byColumn.set(n.x, [...(byColumn.get(n.x) ?? []), n.y]);
    for (const ys of byColumn.values()) {
      const sorted = [...ys].sort((p, q) => p - q);
      sorted.slice(1).forEach((y, i) => {
        expect(y - (sorted[i] ?? 0)).toBeGreaterThanOrEqual(40);
      });
    }
    expect(layoutGraph(graph)).toEqual(layout);
  });
});

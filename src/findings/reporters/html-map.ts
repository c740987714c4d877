/**
 * The pipeline map of the HTML report: a layered left-to-right drawing of a PipelineGraph as
 * inline SVG. Layers follow the data (producers, topics, then whatever handles the records, then
 * the sinks in one last column); long edges pass through placeholder slots so they do not cross
 * nodes; a few barycenter sweeps order each layer to keep crossings down. Pure and deterministic.
 */

import { PIPELINE_NODE_KINDS, type PipelineGraph, type PipelineNode, type PipelineNodeKind } from '../pipeline.js';
import type { Severity } from '../finding.js';

export const NODE_WIDTH = 236;
export const NODE_HEIGHT = 50;
const DUMMY_HEIGHT = 10;
const ROW_GAP = 10;
const COLUMN_GAP = 64;
const TOP = 52;
const MARGIN = 12;
const BADGE_WIDTH = 40;

/** Kinds drawn together in the last column: where the work lands. */
const SINK_KINDS: ReadonlySet<PipelineNodeKind> = new Set(['database', 'cache', 'metric']);
/** The earliest column of each kind that is not a sink. */
const BASE_LAYER: Readonly<Partial<Record<PipelineNodeKind, number>>> = { producer: 0, topic: 1, consumer: 2, route: 2, socket: 2, stage: 2 };

export const KIND_TITLES: Readonly<Record<PipelineNodeKind, [string, string]>> = {
  producer: ['producer', 'Producers'],
  topic: ['topic', 'Topics'],
  consumer: ['consumer', 'Consumers'],
  stage: ['stage', 'Stages'],
  route: ['route', 'Routes'],
  socket: ['socket', 'Sockets'],
  database: ['database', 'Databases'],
  cache: ['cache', 'Caches'],
  metric: ['metric', 'Metrics'],
};

export interface PlacedNode {
  node: PipelineNode;
  /** Position of the node in `graph.nodes`, used for element ids. */
  index: number;
  x: number;
  y: number;
}

export interface MapLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: { from: string; to: string; path: string }[];
  columns: { x: number; title: string[] }[];
}

interface Slot {
  /** Index into graph.nodes, or -1 for a placeholder an edge passes through. */
  node: number;
  layer: number;
  preds: number[];
  succs: number[];
}

export function layoutGraph(graph: PipelineGraph): MapLayout {
  const nodes = graph.nodes;
  const byId = new Map(nodes.map((n, i) => [n.id, i]));
  const edges = graph.edges.flatMap((e) => {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    return from === undefined || to === undefined || from === to ? [] : [[from, to] as const];
  });
  const layer = assignLayers(nodes, edges);

  // Slots: the nodes, then one placeholder per layer an edge skips over.
  const slots: Slot[] = nodes.map((_, i) => ({ node: i, layer: layer[i] ?? 0, preds: [], succs: [] }));
  const chains: { from: string; to: string; slots: number[] }[] = [];
  for (const [from, to] of edges) {
    const chain = [from];
    const a = layer[from] ?? 0;
    const b = layer[to] ?? 0;
    for (let l = a + 1; l < b; l++) {
      slots.push({ node: -1, layer: l, preds: [], succs: [] });
      chain.push(slots.length - 1);
    }
    chain.push(to);
    for (let i = 0; i + 1 < chain.length; i++) {
      const s = chain[i] ?? 0;
      const t = chain[i + 1] ?? 0;
      slots[s]?.succs.push(t);
      slots[t]?.preds.push(s);
    }
    chains.push({ from: nodes[from]?.id ?? '', to: nodes[to]?.id ?? '', slots: chain });
  }

  const layerCount = Math.max(0, ...slots.map((s) => s.layer + 1));
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  slots.forEach((s, i) => layers[s.layer]?.push(i));
  orderLayers(layers, slots);

  // Coordinates: each column stacked top to bottom and centred on the tallest.
  const heightOf = (slot: number) => ((slots[slot]?.node ?? -1) < 0 ? DUMMY_HEIGHT : NODE_HEIGHT);
  const columnHeight = (column: readonly number[]) => column.reduce((sum, s) => sum + heightOf(s), 0) + Math.max(0, column.length - 1) * ROW_GAP;
  const tallest = Math.max(0, ...layers.map(columnHeight));
  const position = new Map<number, { x: number; y: number }>();
  layers.forEach((column, l) => {
    let y = TOP + (tallest - columnHeight(column)) / 2;
    const x = MARGIN + l * (NODE_WIDTH + COLUMN_GAP);
    for (const slot of column) {
      position.set(slot, { x, y });
      y += heightOf(slot) + ROW_GAP;
    }
  });
  alignToNeighbours(layers, slots, position, heightOf, tallest);

  const placed: PlacedNode[] = nodes.map((node, index) => {
    const at = position.get(index) ?? { x: MARGIN, y: TOP };
    return { node, index, x: at.x, y: at.y };
  });
  const edgePaths = chains.map((chain) => ({ from: chain.from, to: chain.to, path: edgePath(chain.slots, slots, position) }));
  const columns = layers.map((column, l) => ({
    x: MARGIN + l * (NODE_WIDTH + COLUMN_GAP),
    title: columnTitle(column.flatMap((s) => {
      const node = nodes[slots[s]?.node ?? -1];
      return node ? [node.kind] : [];
    })),
  }));
  return {
    width: MARGIN * 2 + layerCount * NODE_WIDTH + Math.max(0, layerCount - 1) * COLUMN_GAP,
    height: TOP + tallest + MARGIN + 8,
    nodes: placed,
    edges: edgePaths,
    columns,
  };
}

/**
 * Longest-path layering from each kind's base column, ignoring edges that close a cycle; sinks
 * share the column after the last one in use; empty columns are dropped.
 */
function assignLayers(nodes: readonly PipelineNode[], edges: readonly (readonly [number, number])[]): number[] {
  const n = nodes.length;
  const succs: number[][] = nodes.map(() => []);
  for (const [a, b] of edges) succs[a]?.push(b);
  // A socket that only receives (a TCP connection an export writes to) is where work lands, too.
  const reached = new Set(edges.map(([, b]) => b));
  const sink = nodes.map((node, i) => SINK_KINDS.has(node.kind) || (node.kind === 'socket' && reached.has(i) && (succs[i]?.length ?? 0) === 0));
  // Depth-first, iteratively: an edge to a node still on the stack closes a cycle.
  const back = new Set<string>();
  const state = new Array<number>(n).fill(0);
  for (let start = 0; start < n; start++) {
    if (state[start] !== 0) continue;
    const stack: [number, number][] = [[start, 0]];
    state[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (!top) break;
      const [v, i] = top;
      const next = succs[v]?.[i];
      if (next === undefined) {
        state[v] = 2;
        stack.pop();
        continue;
      }
      top[1] = i + 1;
      if (state[next] === 1) back.add(`${String(v)}>${String(next)}`);
      else if (state[next] === 0) {
        state[next] = 1;
        stack.push([next, 0]);
      }
    }
  }
  const forward = edges.filter(([a, b]) => !back.has(`${String(a)}>${String(b)}`));
  const indegree = new Array<number>(n).fill(0);
  for (const [, b] of forward) indegree[b] = (indegree[b] ?? 0) + 1;
  const layer = nodes.map((node) => BASE_LAYER[node.kind] ?? 0);
  const queue = nodes.map((_, i) => i).filter((i) => indegree[i] === 0);
  const forwardSuccs: number[][] = nodes.map(() => []);
  for (const [a, b] of forward) forwardSuccs[a]?.push(b);
  while (queue.length > 0) {
    const v = queue.shift() ?? 0;
    for (const w of forwardSuccs[v] ?? []) {
      if (sink[v] !== true) layer[w] = Math.max(layer[w] ?? 0, (layer[v] ?? 0) + 1);
      indegree[w] = (indegree[w] ?? 0) - 1;
      if (indegree[w] === 0) queue.push(w);
    }
  }
  const last = Math.max(-1, ...nodes.map((_, i) => (sink[i] === true ? -1 : (layer[i] ?? 0))));
  nodes.forEach((_, i) => {
    if (sink[i] === true) layer[i] = last + 1;
  });
  const used = [...new Set(layer)].sort((a, b) => a - b);
  return layer.map((l) => used.indexOf(l));
}

/** Barycenter sweeps, down then up; each sort is stable so ties keep the kind-then-label order. */
function orderLayers(layers: number[][], slots: readonly Slot[]): void {
  const positionOf = new Map<number, number>();
  const record = () => {
    for (const column of layers) column.forEach((slot, i) => positionOf.set(slot, i));
  };
  record();
  for (let sweep = 0; sweep < 8; sweep++) {
    const down = sweep % 2 === 0;
    const order = down ? layers.map((_, i) => i).slice(1) : layers.map((_, i) => i).slice(0, -1).reverse();
    for (const l of order) {
      const column = layers[l];
      if (!column) continue;
      const keyed = column.map((slot, i) => {
        const neighbours = down ? (slots[slot]?.preds ?? []) : (slots[slot]?.succs ?? []);
        const near = neighbours.filter((s) => Math.abs((slots[s]?.layer ?? 0) - l) === 1).map((s) => positionOf.get(s) ?? 0);
        return { slot, key: near.length === 0 ? i : near.reduce((a, b) => a + b, 0) / near.length, i };
      });
      keyed.sort((a, b) => a.key - b.key || a.i - b.i);
      layers[l] = keyed.map((k) => k.slot);
      record();
    }
  }
}

/**
 * Moves each column's slots toward the mean height of their neighbours (a topic next to the
 * consumers it feeds rather than in the middle of the page), keeping their order, their gaps and
 * the drawing's height. Two sweeps each way.
 */
function alignToNeighbours(
  layers: readonly number[][],
  slots: readonly Slot[],
  position: Map<number, { x: number; y: number }>,
  heightOf: (slot: number) => number,
  tallest: number,
): void {
  const centre = (slot: number) => (position.get(slot)?.y ?? 0) + heightOf(slot) / 2;
  for (let sweep = 0; sweep < 4; sweep++) {
    const order = sweep % 2 === 0 ? layers.map((_, i) => i) : layers.map((_, i) => i).reverse();
    for (const l of order) {
      const column = layers[l] ?? [];
      const desired = column.map((slot) => {
        const near = [...(slots[slot]?.preds ?? []), ...(slots[slot]?.succs ?? [])];
        const current = position.get(slot)?.y ?? TOP;
        if (near.length === 0) return current;
        return near.reduce((sum, s) => sum + centre(s), 0) / near.length - heightOf(slot) / 2;
      });
      // Forward: no slot above the previous one's bottom; backward: none below the next one's top.
      const ys = [...desired];
      for (let i = 0; i < column.length; i++) {
        const prev = i === 0 ? TOP : (ys[i - 1] ?? TOP) + heightOf(column[i - 1] ?? 0) + ROW_GAP;
        ys[i] = Math.max(ys[i] ?? TOP, prev);
      }
      for (let i = column.length - 1; i >= 0; i--) {
        const next = i === column.length - 1 ? TOP + tallest : (ys[i + 1] ?? 0) - ROW_GAP;
        ys[i] = Math.min(ys[i] ?? TOP, next - heightOf(column[i] ?? 0));
      }
      column.forEach((slot, i) => {
        const at = position.get(slot);
        if (at) position.set(slot, { x: at.x, y: Math.max(TOP, ys[i] ?? at.y) });
      });
    }
  }
}

function edgePath(chain: readonly number[], slots: readonly Slot[], position: ReadonlyMap<number, { x: number; y: number }>): string {
  const mid = (slot: number) => ((slots[slot]?.node ?? -1) < 0 ? DUMMY_HEIGHT / 2 : NODE_HEIGHT / 2);
  const parts: string[] = [];
  let current: { x: number; y: number } | undefined;
  chain.forEach((slot, i) => {
    const at = position.get(slot) ?? { x: 0, y: 0 };
    const y = at.y + mid(slot);
    const enter = { x: at.x, y };
    const leave = { x: at.x + NODE_WIDTH, y };
    if (i === 0) {
      parts.push(`M${num(leave.x)} ${num(leave.y)}`);
      current = leave;
      return;
    }
    const from = current ?? leave;
    const target = i === chain.length - 1 ? { x: enter.x - 4, y } : enter;
    const dx = Math.max(24, (target.x - from.x) / 2);
    parts.push(`C${num(from.x + dx)} ${num(from.y)} ${num(target.x - dx)} ${num(target.y)} ${num(target.x)} ${num(target.y)}`);
    if (i < chain.length - 1) parts.push(`L${num(leave.x)} ${num(leave.y)}`);
    current = leave;
  });
  return parts.join(' ');
}

/** The column's heading, one or two lines: the kinds in it, in the fixed kind order. */
function columnTitle(kinds: readonly PipelineNodeKind[]): string[] {
  const present = PIPELINE_NODE_KINDS.filter((k) => kinds.includes(k));
  if (present.length === 0) return [];
  if (present.some((k) => SINK_KINDS.has(k))) return ['Sinks'];
  const titles = present.map((k) => KIND_TITLES[k][1]);
  if (titles.length === 1) return [titles[0] ?? ''];
  const text = `${titles.slice(0, -1).join(', ')} & ${titles.at(-1) ?? ''}`;
  return wrap(text, 30);
}

/** Breaks text at spaces into at most two lines of about `width` characters. */
function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const cut = text.lastIndexOf(' ', width);
  if (cut <= 0) return [text];
  return [text.slice(0, cut), truncate(text.slice(cut + 1), width)];
}

function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export interface NodeBadge {
  count: number;
  worst: Severity;
}

/**
 * The map as SVG markup. `escape` escapes text for HTML; `badges` gives the findings placed on a
 * node (nodes with findings become links that filter the findings table).
 */
export function renderMapSvg(
  graph: PipelineGraph,
  badges: ReadonlyMap<string, NodeBadge>,
  escape: (text: string) => string,
  locate: (node: PipelineNode) => string,
): string {
  const layout = layoutGraph(graph);
  const out: string[] = [];
  out.push(
    `<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${String(layout.width)} ${String(layout.height)}" width="${String(layout.width)}" height="${String(layout.height)}" aria-labelledby="map-title map-desc" role="group">`,
    `<title id="map-title">Pipeline map</title>`,
    `<desc id="map-desc">${escape(`${String(graph.nodes.length)} nodes and ${String(graph.edges.length)} connections, drawn left to right from producers and topics to the sinks. The same data is in the table below the map.`)}</desc>`,
    '<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L8 4L0 8z" class="arrow-head"/></marker></defs>',
  );
  for (const column of layout.columns) {
    const lines = column.title.map((line, i) => `<tspan x="${String(column.x)}" y="${String(20 + i * 15)}">${escape(line)}</tspan>`);
    out.push(`<text class="column-title">${lines.join('')}</text>`);
  }
  out.push('<g class="edges">');
  for (const edge of layout.edges) {
    out.push(`<path class="edge" d="${edge.path}" marker-end="url(#arrow)" data-from="${escape(edge.from)}" data-to="${escape(edge.to)}"/>`);
  }
  out.push('</g><g class="nodes">');
  for (const placed of layout.nodes) out.push(nodeMarkup(placed, badges.get(placed.node.id), escape, locate));
  out.push('</g></svg>');
  return out.join('\n');
}

function nodeMarkup(placed: PlacedNode, badge: NodeBadge | undefined, escape: (text: string) => string, locate: (node: PipelineNode) => string): string {
  const { node, x, y, index } = placed;
  const kind = KIND_TITLES[node.kind][0];
  const caption = node.detail === undefined ? kind.toUpperCase() : `${kind.toUpperCase()} · ${node.detail}`;
  const where = locate(node);
  const title = `${kind} ${node.label}${node.detail === undefined ? '' : ` (${node.detail})`}, ${where}${badge ? `, ${plural(badge.count, 'finding')}` : ''}`;
  const inner = [
    `<title>${escape(title)}</title>`,
    `<rect class="node-box" width="${String(NODE_WIDTH)}" height="${String(NODE_HEIGHT)}" rx="7"/>`,
    `<rect class="node-stripe" width="6" height="${String(NODE_HEIGHT)}" rx="3"/>`,
    `<text class="node-kind" x="14" y="15">${escape(truncate(caption, badge ? 24 : 31))}</text>`,
    `<text class="node-label" x="14" y="31">${escape(truncate(node.label, 27))}</text>`,
    `<text class="node-file" x="14" y="44">${escape(truncateStart(where, 35))}</text>`,
  ];
  if (badge) {
    inner.push(
      `<g class="badge sev-${badge.worst}" transform="translate(${String(NODE_WIDTH - BADGE_WIDTH - 6)} 5)">`,
      `<rect width="${String(BADGE_WIDTH)}" height="17" rx="8.5"/>`,
      `<use href="#i-${badge.worst}" x="4" y="2.5" width="12" height="12"/>`,
      `<text x="${String(BADGE_WIDTH - 7)}" y="12.5" text-anchor="end">${String(badge.count)}</text>`,
      '</g>',
    );
  }
  const transform = `translate(${num(x)} ${num(y)})`;
  const body = inner.join('');
  if (!badge) return `<g class="node kind-${node.kind}" id="node-${String(index)}" transform="${transform}">${body}</g>`;
  const label = `${kind} ${node.label}: show its ${plural(badge.count, 'finding')}`;
  return `<a class="node kind-${node.kind} has-findings" id="node-${String(index)}" href="#findings" data-node-link="n${String(index)}" data-node-name="${escape(`${kind} ${node.label}`)}" transform="${transform}" aria-label="${escape(label)}">${body}</a>`;
}

function plural(count: number, word: string): string {
  return `${String(count)} ${word}${count === 1 ? '' : 's'}`;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Keeps the end of a path, which says the most: `…/db/stats-queries.ts:12`. */
export function truncateStart(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}

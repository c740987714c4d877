/**
 * The data flow of the audited code as the analysis sees it: producers put records on topics,
 * consumers, routes, sockets and stream stages handle them, and databases, caches and metrics are
 * where the work lands. The pipeline-map analyzer builds it; reporters draw it and place each
 * finding on the node whose code it sits in. Plain data, like findings.
 */

import { compareStrings, type Finding } from './finding.js';

export const PIPELINE_NODE_KINDS = ['producer', 'topic', 'consumer', 'stage', 'route', 'socket', 'database', 'cache', 'metric'] as const;
export type PipelineNodeKind = (typeof PIPELINE_NODE_KINDS)[number];

/** A stretch of code that belongs to a node: its handler, class body, or a helper it calls. */
export interface PipelineScope {
  /** Relative to the audit root, forward slashes. */
  file: string;
  startLine: number;
  endLine: number;
  /** The node's own code (a handler it registers), as opposed to a helper reached through calls. */
  direct: boolean;
}

export interface PipelineNode {
  /** Stable across runs: built from kind, file, line and name, never from an absolute path. */
  id: string;
  kind: PipelineNodeKind;
  label: string;
  /** What else identifies it: the engine, the library type, the consumer group. */
  detail?: string;
  /** Where it is declared or registered, relative to the audit root. */
  file: string;
  line: number;
  scopes?: PipelineScope[];
}

export interface PipelineEdge {
  from: string;
  to: string;
  label?: string;
}

export interface PipelineGraph {
  nodes: PipelineNode[];
  edges: PipelineEdge[];
}

/** Kinds that name something outside the code (a topic): findings are placed on them only when nothing else claims the file. */
const REFERENCE_KINDS: ReadonlySet<PipelineNodeKind> = new Set(['topic']);

/**
 * The node each finding concerns, by index into `findings` (absent: not on the map). In order:
 * the smallest scope that contains the finding's first line (a node's own handler before a helper
 * it calls); then, in the same file, the nearest node declaration or helper scope; topics last.
 */
export function placeFindings(graph: PipelineGraph, findings: readonly Finding[]): Map<number, string> {
  const placed = new Map<number, string>();
  findings.forEach((finding, index) => {
    const node = placeOne(graph, finding.location.file, finding.location.region.startLine);
    if (node !== undefined) placed.set(index, node);
  });
  return placed;
}

function placeOne(graph: PipelineGraph, file: string, line: number): string | undefined {
  let best: { id: string; rank: number; size: number } | undefined;
  const consider = (id: string, rank: number, size: number) => {
    if (!best || rank < best.rank || (rank === best.rank && size < best.size)) best = { id, rank, size };
  };
  for (const node of graph.nodes) {
    for (const scope of node.scopes ?? []) {
      if (scope.file !== file) continue;
      const size = scope.endLine - scope.startLine;
      if (scope.startLine <= line && line <= scope.endLine) consider(node.id, scope.direct ? 0 : 1, size);
      else consider(node.id, 3, distance(line, scope.startLine, scope.endLine));
    }
    if (node.file === file) consider(node.id, REFERENCE_KINDS.has(node.kind) ? 4 : 2, Math.abs(node.line - line));
  }
  return best?.id;
}

function distance(line: number, start: number, end: number): number {
  return line < start ? start - line : line - end;
}

/** Nodes by kind then label then id, edges by their ends: the order reporters draw them in. */
export function normaliseGraph(graph: PipelineGraph): PipelineGraph {
  const rank = (kind: PipelineNodeKind) => PIPELINE_NODE_KINDS.indexOf(kind);
  const nodes = [...graph.nodes].sort((a, b) => rank(a.kind) - rank(b.kind) || compareStrings(a.label, b.label) || compareStrings(a.id, b.id));
  const ids = new Set(nodes.map((n) => n.id));
  const seen = new Set<string>();
  const edges = graph.edges
    .filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to)
    .filter((e) => {
      const key = `${e.from}\u0000${e.to}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to));
  return { nodes, edges };
}

/** Several analyzers' graphs as one: nodes with the same id merged (scopes joined), edges deduplicated. */
export function mergeGraphs(graphs: readonly PipelineGraph[]): PipelineGraph {
  const nodes = new Map<string, PipelineNode>();
  for (const graph of graphs) {
    for (const node of graph.nodes) {
      const existing = nodes.get(node.id);
      if (!existing) nodes.set(node.id, { ...node, ...(node.scopes ? { scopes: [...node.scopes] } : {}) });
      else if (node.scopes) existing.scopes = [...(existing.scopes ?? []), ...node.scopes];
    }
  }
  return normaliseGraph({ nodes: [...nodes.values()], edges: graphs.flatMap((g) => g.edges) });
}

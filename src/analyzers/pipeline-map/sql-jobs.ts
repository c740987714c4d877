/**
 * Streaming SQL jobs on the pipeline map: a statement that writes into a table (`INSERT INTO t
 * SELECT ... FROM s`, ksqlDB's `CREATE STREAM t AS SELECT ...`) is a stage; the tables it reads
 * and writes are topics or databases when their `WITH (...)` options say so (the connector rows
 * in `knowledge/sql-connectors.ts`), in this file or another SQL file of the audit.
 */
import path from 'node:path';
import type { PipelineEdge, PipelineNode } from '../../findings/pipeline.js';
import { JDBC_ENGINES, SQL_CONNECTORS, SQL_SOURCE_KEYWORDS } from '../../knowledge/sql-connectors.js';
import { splitStatements, tokenizeDdl, type DdlToken } from '../../sql/ddl.js';
import type { AnalyzerFile } from '../analyzer.js';

type Endpoint = { kind: 'topic'; name: string } | { kind: 'database'; key: string; label: string; detail: string; table: string };

interface Job {
  file: AnalyzerFile;
  target: string;
  sources: string[];
  start: number;
  end: number;
}

export function sqlJobs(files: readonly AnalyzerFile[]): { nodes: PipelineNode[]; edges: PipelineEdge[] } {
  const tables = new Map<string, { endpoint: Endpoint; file: AnalyzerFile; start: number }>();
  const jobs: Job[] = [];
  for (const file of files) {
    for (const statement of splitStatements(tokenizeDdl(file.text))) {
      const created = createdTable(statement);
      if (created) {
        const endpoint = endpointOf(options(statement));
        if (endpoint) tables.set(created.toLowerCase(), { endpoint, file, start: statement[0]?.start ?? 0 });
      }
      const job = jobOf(statement, file);
      if (job) jobs.push(job);
    }
  }
  const nodes = new Map<string, PipelineNode>();
  const edges: PipelineEdge[] = [];
  const endpointNode = (name: string): PipelineNode | undefined => {
    const table = tables.get(name.toLowerCase());
    if (!table) return undefined;
    const e = table.endpoint;
    const at = { file: table.file.relative, line: lineOf(table.file.text, table.start) };
    const node: PipelineNode =
      e.kind === 'topic'
        ? { id: `topic:${e.name}`, kind: 'topic', label: e.name, ...at }
        : { id: `database:${e.key}`, kind: 'database', label: e.label, detail: e.detail, ...at };
    if (!nodes.has(node.id)) nodes.set(node.id, node);
    return nodes.get(node.id);
  };
  for (const job of jobs) {
    const startLine = lineOf(job.file.text, job.start);
    const id = `stage:${job.file.relative}:${String(startLine)}`;
    const stage: PipelineNode = {
      id,
      kind: 'stage',
      label: path.posix.basename(job.file.relative).replace(/\.sql$/i, ''),
      detail: 'SQL job',
      file: job.file.relative,
      line: startLine,
      scopes: [{ file: job.file.relative, startLine, endLine: lineOf(job.file.text, job.end), direct: true }],
    };
    const inputs = job.sources.flatMap((s) => endpointNode(s) ?? []);
    const output = endpointNode(job.target);
    // A statement that touches no topic or connector table is plain SQL, not a pipeline stage.
    if (inputs.length === 0 && !output) continue;
    nodes.set(id, stage);
    for (const input of inputs) edges.push({ from: input.id, to: id });
    if (output) edges.push({ from: id, to: output.id });
  }
  return { nodes: [...nodes.values()], edges };
}

/** `CREATE [OR REPLACE] [TEMPORARY] TABLE|STREAM [IF NOT EXISTS] name`: the name. */
function createdTable(statement: readonly DdlToken[]): string | undefined {
  if (statement[0]?.upper !== 'CREATE') return undefined;
  for (let i = 1; i < Math.min(statement.length, 8); i++) {
    const t = statement[i];
    if (t?.upper === 'TABLE' || t?.upper === 'STREAM') {
      let j = i + 1;
      if (statement[j]?.upper === 'IF') j += 3;
      return qualifiedName(statement, j);
    }
  }
  return undefined;
}

/** `name`, `catalog.db.name`: the last part, which is how the jobs refer to it. */
function qualifiedName(tokens: readonly DdlToken[], at: number): string | undefined {
  let i = at;
  let name: string | undefined;
  while (tokens[i]?.kind === 'word' || tokens[i]?.kind === 'quoted') {
    name = tokens[i]?.value;
    if (tokens[i + 1]?.value !== '.') break;
    i += 2;
  }
  return name;
}

/** The `WITH ( 'key' = 'value', ... )` options at the statement's top level, keys lower-cased. */
function options(statement: readonly DdlToken[]): Map<string, string> {
  const out = new Map<string, string>();
  let depth = 0;
  for (let i = 0; i < statement.length; i++) {
    const t = statement[i];
    if (t?.value === '(') depth++;
    else if (t?.value === ')') depth--;
    if (depth !== 0 || t?.upper !== 'WITH' || statement[i + 1]?.value !== '(') continue;
    for (let j = i + 2; j + 2 < statement.length && statement[j]?.value !== ')'; j++) {
      const key = statement[j];
      const value = statement[j + 2];
      if (key && value && statement[j + 1]?.value === '=' && key.kind !== 'punct' && (value.kind === 'string' || value.kind === 'word' || value.kind === 'quoted')) {
        out.set(key.value.toLowerCase(), value.value);
        j += 2;
      }
    }
    break;
  }
  return out;
}

function endpointOf(opts: ReadonlyMap<string, string>): Endpoint | undefined {
  for (const row of SQL_CONNECTORS) {
    const selected = opts.get(row.option);
    if (selected === undefined || (row.values && !row.values.includes(selected.toLowerCase()))) continue;
    const name = opts.get(row.name);
    if (name === undefined) continue;
    if (row.kind === 'topic') return { kind: 'topic', name };
    const url = row.location === undefined ? undefined : opts.get(row.location);
    const scheme = url === undefined ? undefined : /^jdbc:([a-z0-9]+):/i.exec(url)?.[1]?.toLowerCase();
    const engine = (scheme === undefined ? undefined : JDBC_ENGINES[scheme]) ?? row.engine ?? 'database';
    const database = url === undefined ? undefined : /\/\/[^/]+\/([^?;]+)/.exec(url)?.[1];
    return { kind: 'database', key: url ?? name, label: database ?? name, detail: `${engine} · ${row.engine ?? 'SQL'}`, table: name };
  }
  return undefined;
}

/** `INSERT INTO t ... FROM s`, `CREATE STREAM|TABLE t ... AS SELECT ... FROM s`. */
function jobOf(statement: readonly DdlToken[], file: AnalyzerFile): Job | undefined {
  let target: string | undefined;
  let body = 0;
  if (statement[0]?.upper === 'INSERT' && statement[1]?.upper === 'INTO') {
    target = qualifiedName(statement, 2);
    body = 3;
  } else if (statement[0]?.upper === 'CREATE') {
    const as = statement.findIndex((t, i) => t.upper === 'AS' && statement[i + 1]?.upper === 'SELECT');
    if (as > 0) {
      target = createdTable(statement);
      body = as;
    }
  }
  if (target === undefined) return undefined;
  const sources: string[] = [];
  for (let i = body; i < statement.length; i++) {
    if (!SQL_SOURCE_KEYWORDS.has(statement[i]?.upper ?? '')) continue;
    const name = qualifiedName(statement, i + 1);
    if (name !== undefined && !sources.includes(name)) sources.push(name);
  }
  const last = statement.at(-1);
  return { file, target, sources, start: statement[0]?.start ?? 0, end: last?.end ?? 0 };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

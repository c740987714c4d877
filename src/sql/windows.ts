/**
 * Windowed aggregations without an entity key (`rta/require-window-partition`), as a pure
 * function of SQL text. The ESLint rule (SQL inside TS/JS strings) and the `.sql` file analyzer
 * both call `findUnpartitionedWindows` and differ only in how they turn offsets into locations.
 *
 * What is reported, by dialect:
 * - streaming (Flink, RisingWave, Materialize): `OVER (ORDER BY …)` without PARTITION BY;
 *   GROUP BY made only of window columns or time buckets; SESSION windows without a key;
 * - ksqlDB: a windowed aggregation whose GROUP BY is a constant;
 * - Timescale continuous aggregates: grouped only by the time bucket;
 * - OLAP (Postgres, Timescale, ClickHouse, MySQL): an order-sensitive window over time without
 *   PARTITION BY while the rows hold many entities. Time-bucket totals are legitimate there.
 *
 * Whatever cannot be read with confidence is skipped: unbalanced statements, template
 * substitutions inside the clause that decides, GROUPING SETS, unknown sources.
 */
import type { SqlDialect } from '../config/types.js';
import { BACKSLASH_ESCAPE_DIALECTS, DEFAULT_STREAMING_DIALECTS, dialectFromStatements, dialectFromText } from './dialect.js';
import {
  allSelectBlocks,
  clause,
  clauseItems,
  commonTableExpressions,
  expressionNodes,
  fromTables,
  nameAt,
  selectBlocksAt,
  selectItems,
  statementTarget,
  type Clause,
  type SelectBlock,
  type SelectItem,
} from './query.js';
import { isGroup, isPunct, isSubquery, isWord, splitCommas, splitStatements, tokensOf, type Group, type SqlNode, type Statement } from './structure.js';
import { PLACEHOLDER_CHAR, tokenize } from './tokenize.js';

export type WindowMessageId =
  | 'overStreaming'
  | 'overEntities'
  | 'groupByTimeOnly'
  | 'sessionWithoutKey'
  | 'ksqlConstantKey'
  | 'continuousAggregate';

/** Message templates in ESLint's `{{name}}` form, shared by the rule and the analyzer. */
export const WINDOW_MESSAGES: Readonly<Record<WindowMessageId, string>> = {
  overStreaming:
    '`{{fn}}(…) OVER (ORDER BY …)` has no PARTITION BY: {{consequence}}. Partition the window by the entity it is about (`PARTITION BY {{key}} ORDER BY …`), or mark an intended global window with `-- rta: global-window`.',
  overEntities:
    '`{{fn}}(…) OVER (ORDER BY {{order}})` has no PARTITION BY although the rows hold many `{{entity}}` values: the window runs over all of them as one sequence, so each result mixes in rows of other `{{entity}}` values (a delta or running total across different entities). Add `PARTITION BY {{entity}}`, or filter one `{{entity}}` in WHERE.',
  groupByTimeOnly:
    'GROUP BY has only window or time-bucket keys ({{items}}): {{consequence}}. Group by the entity as well (`{{example}}`) and sum the keys downstream, or mark an intended global window with `-- rta: global-window`.',
  sessionWithoutKey:
    'SESSION window without a key: the events of every entity extend one shared session (one user keeps everyone\'s session open), so the sessions and their aggregates are wrong, and one task holds them all. {{fix}}',
  ksqlConstantKey:
    'ksqlDB windowed aggregation grouped by `{{items}}`, which names no entity (a constant, or only the event time): the events of a window, or all of them, are repartitioned under one key to one partition and aggregated by one stream task, so the query cannot scale out. Group by an entity column and sum per window downstream, or mark an intended global window with `-- rta: global-window`.',
  continuousAggregate:
    'Continuous aggregate grouped only by the time bucket ({{items}}): it materialises one row per bucket with every entity mixed together, so per-entity panels cannot use it and scan the raw hypertable instead. Add the entity column (`GROUP BY {{items}}, {{key}}`), or mark an intended global rollup with `-- rta: global-window`.',
};

/** The rule's one-line description, shared by the ESLint rule and the `.sql` file analyzer. */
export const WINDOW_RULE_DESCRIPTION =
  'Require an entity key on SQL windows (PARTITION BY, or a key beside the window columns in GROUP BY) in streaming jobs and in ordered OLAP windows over many entities';

/** Fills a message template. */
export function formatWindowMessage(id: WindowMessageId, data: Readonly<Record<string, string>>): string {
  return WINDOW_MESSAGES[id].replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => data[key] ?? whole);
}

/** Which catalogue pattern a finding is (RULES.md section 2). */
export type WindowPattern = 'W1' | 'W2' | 'W3' | 'W4' | 'W5' | 'continuous-aggregate';

export interface WindowFinding {
  messageId: WindowMessageId;
  data: Record<string, string>;
  pattern: WindowPattern;
  dialect: SqlDialect;
  /** Offsets of the offending clause in the SQL text. */
  start: number;
  end: number;
}

export interface WindowOptions {
  /** The dialect, when configuration or the client library says it; otherwise clues decide. */
  dialect?: SqlDialect;
  /** Dialects whose windows run continuously (default: Flink, ksqlDB, RisingWave, Materialize). */
  streaming?: readonly SqlDialect[];
  /** Tables (sources or targets) whose global windows are intended. */
  allowGlobal?: readonly string[];
  /** Column names that identify an entity in OLAP queries (default: `DEFAULT_ENTITY_COLUMNS`). */
  entityColumns?: readonly string[];
  /** Table -> entity key columns. */
  partitionKeys?: Readonly<Record<string, readonly string[]>>;
}

/**
 * rta.config.yaml's `window:` and `sql.streaming` (`config`) under a rule's own options (`rule`),
 * as both the ESLint rule and the `.sql` file analyzer read them: allowed global tables add up,
 * partition keys merge with the rule's winning, and the rule's entity columns and streaming
 * dialects replace the config's.
 */
export function mergedWindowOptions(config: Omit<WindowOptions, 'dialect'>, rule: Omit<WindowOptions, 'dialect'>): WindowOptions {
  const allowGlobal = [...(config.allowGlobal ?? []), ...(rule.allowGlobal ?? [])];
  const entityColumns = rule.entityColumns ?? config.entityColumns;
  const partitionKeys = { ...config.partitionKeys, ...rule.partitionKeys };
  const streaming = rule.streaming ?? config.streaming;
  return {
    ...(allowGlobal.length > 0 ? { allowGlobal } : {}),
    ...(entityColumns ? { entityColumns } : {}),
    ...(Object.keys(partitionKeys).length > 0 ? { partitionKeys } : {}),
    ...(streaming ? { streaming } : {}),
  };
}

export const DEFAULT_ENTITY_COLUMNS: readonly string[] = [
  'device_id', 'sensor_id', 'meter_id', 'machine_id', 'vehicle_id', 'terminal_id', 'host_id',
  'user_id', 'customer_id', 'account_id', 'tenant_id', 'merchant_id', 'player_id', 'store_id',
];

/** The opt-out comment for an intended global window. */
export const GLOBAL_WINDOW_DIRECTIVE = /\brta:\s*global-window\b/i;

/** Window columns produced by window table functions. */
const WINDOW_COLUMNS = new Set(['window_start', 'window_end', 'window_time', 'windowstart', 'windowend']);
const WINDOW_TVFS = new Set(['TUMBLE', 'HOP', 'CUMULATE', 'SESSION']);
/** Functions that put a timestamp into a time bucket (any dialect). */
const BUCKET_FUNCTIONS = new Set([
  'TUMBLE', 'HOP', 'SESSION', 'CUMULATE',
  'TIME_BUCKET', 'TIME_BUCKET_GAPFILL', 'DATE_TRUNC', 'DATE_BIN', 'DATETRUNC',
  'TOSTARTOFINTERVAL', 'TOSTARTOFSECOND', 'TOSTARTOFMINUTE', 'TOSTARTOFFIVEMINUTE', 'TOSTARTOFFIVEMINUTES',
  'TOSTARTOFTENMINUTES', 'TOSTARTOFFIFTEENMINUTES', 'TOSTARTOFHOUR', 'TOSTARTOFDAY', 'TOSTARTOFWEEK',
  'TOSTARTOFMONTH', 'TOSTARTOFQUARTER', 'TOSTARTOFYEAR',
]);
/** Ranking functions number rows; they do not combine one row's values with its neighbours'. */
const RANKING_FUNCTIONS = new Set(['ROW_NUMBER', 'RANK', 'DENSE_RANK', 'NTILE', 'PERCENT_RANK', 'CUME_DIST']);
/** Aggregates whose state cannot be merged from partial results. */
const NON_MERGEABLE = new Set(['LISTAGG', 'STRING_AGG', 'ARRAY_AGG', 'COLLECT', 'GROUP_CONCAT']);

/** Words that never name a column. */
const KEYWORDS = new Set([
  'SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'NULL', 'TRUE', 'FALSE', 'UNKNOWN', 'IS', 'IN', 'LIKE', 'ILIKE', 'RLIKE',
  'SIMILAR', 'BETWEEN', 'SYMMETRIC', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'AS', 'DISTINCT', 'ALL', 'ANY', 'SOME',
  'EXISTS', 'INTERVAL', 'OVER', 'PARTITION', 'BY', 'ORDER', 'ASC', 'DESC', 'NULLS', 'FIRST', 'LAST', 'ROWS', 'RANGE',
  'GROUPS', 'PRECEDING', 'FOLLOWING', 'CURRENT', 'ROW', 'UNBOUNDED', 'FILTER', 'WITHIN', 'TO', 'DESCRIPTOR', 'TABLE',
  'ON', 'USING', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'OUTER', 'FULL', 'CROSS', 'LATERAL', 'ESCAPE', 'COLLATE', 'EXCLUDE',
  'TIES', 'OTHERS', 'NO', 'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME', 'LOCALTIMESTAMP', 'ARRAY',
  'MAP', 'IGNORE', 'RESPECT', 'GROUP', 'HAVING', 'LIMIT', 'SIZE', 'ADVANCE', 'GRACE', 'PERIOD', 'RETENTION',
]);

export function findUnpartitionedWindows(text: string, options: WindowOptions = {}): WindowFinding[] {
  try {
    return scanWindows(text, options);
  } catch {
    // Bad input never crashes the run; the fuzz tests call scanWindows directly to catch bugs.
    return [];
  }
}

interface StatementContext {
  text: string;
  statement: Statement;
  dialect: SqlDialect;
  streaming: boolean;
  /** Timescale continuous aggregates count as streaming for their GROUP BY. */
  continuousAggregates: boolean;
  ctes: Map<string, Group>;
  allowGlobal: ReadonlySet<string>;
  entityColumns: ReadonlySet<string>;
  partitionKeys: ReadonlyMap<string, readonly string[]>;
  /** ksqlDB: columns that earlier statements define as a literal, by the stream or table they create. */
  constants: ReadonlyMap<string, ReadonlySet<string>>;
  /** Views and tables that earlier statements fill with an aggregation (`CREATE VIEW v AS … GROUP BY …`). */
  aggregated: ReadonlySet<string>;
  findings: WindowFinding[];
}

/** The analysis itself; throws on a bug. Callers use `findUnpartitionedWindows`. */
export function scanWindows(text: string, options: WindowOptions = {}): WindowFinding[] {
  const guess = options.dialect ?? dialectFromText(text) ?? 'postgres';
  const statements = splitStatements(tokenize(text, { backslashEscapes: BACKSLASH_ESCAPE_DIALECTS.has(guess) }));
  const dialect = options.dialect ?? dialectFromStatements(statements) ?? 'postgres';
  const streamingDialects = new Set(options.streaming ?? DEFAULT_STREAMING_DIALECTS);
  const allowGlobal = new Set((options.allowGlobal ?? []).map((t) => normalizeTable(t)));
  const entityColumns = new Set((options.entityColumns ?? DEFAULT_ENTITY_COLUMNS).map(normalizeColumn));
  const partitionKeys = new Map(Object.entries(options.partitionKeys ?? {}).map(([t, keys]) => [normalizeTable(t), keys]));
  const constants = new Map<string, Set<string>>();
  const aggregated = new Set<string>();
  const findings: WindowFinding[] = [];

  for (const statement of statements) {
    if (statement.balanced && !statement.comments.some((c) => GLOBAL_WINDOW_DIRECTIVE.test(c.text))) {
      const target = statementTarget(statement);
      if (target === undefined || !allowGlobal.has(target)) {
        const context: StatementContext = {
          text,
          statement,
          dialect,
          streaming: streamingDialects.has(dialect),
          continuousAggregates: options.streaming === undefined || streamingDialects.has('timescale'),
          ctes: commonTableExpressions(statement),
          allowGlobal,
          entityColumns,
          partitionKeys,
          constants,
          aggregated,
          findings,
        };
        for (const block of allSelectBlocks(statement.nodes)) {
          if (fromTables(clause(block, 'FROM')).some((t) => allowGlobal.has(t))) continue;
          checkOverWindows(block, context);
          checkGroupBy(block, context);
        }
      }
    }
    recordConstantColumns(statement, constants);
    recordAggregation(statement, aggregated);
  }
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}

function normalizeTable(name: string): string {
  const last = name.split('.').at(-1) ?? name;
  return last.replace(/^["`]|["`]$/g, '').toLowerCase();
}

/** `customerId`, `customer_id` and `"CustomerId"` compare equal. */
function normalizeColumn(name: string): string {
  return name.replace(/[_"`]/g, '').toLowerCase();
}

function compact(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function sliceText(context: StatementContext, nodes: readonly SqlNode[]): string {
  const first = nodes[0];
  const last = nodes.at(-1);
  return first && last ? context.text.slice(first.start, last.end) : '';
}

function hasPlaceholder(nodes: readonly SqlNode[]): boolean {
  for (const token of tokensOf(nodes)) if (token.kind === 'placeholder') return true;
  return false;
}

// --- OVER windows (W1, W5) -------------------------------------------------------------------

interface NamedWindow {
  group: Group;
  start: number;
  end: number;
}

interface WindowSpec {
  partitioned: boolean;
  orderBy: SqlNode[][] | undefined;
  unknown: boolean;
}

/** `WINDOW w AS (…), v AS (…)` (not ksqlDB's `WINDOW TUMBLING (…)`). */
function namedWindows(block: SelectBlock): Map<string, NamedWindow> {
  const windows = new Map<string, NamedWindow>();
  const window = clause(block, 'WINDOW');
  if (!window || isWord(window.nodes[0], 'TUMBLING', 'HOPPING', 'SESSION')) return windows;
  for (const part of splitCommas(window.nodes)) {
    const name = part[0];
    const group = part[2];
    if (name && (name.kind === 'word' || name.kind === 'quoted') && isWord(part[1], 'AS') && isGroup(group)) {
      windows.set(name.value.toLowerCase(), { group, start: name.start, end: group.end });
    }
  }
  return windows;
}

function readSpec(group: Group, windows: ReadonlyMap<string, NamedWindow>, depth = 0): WindowSpec {
  const nodes = group.children;
  if (hasPlaceholder(nodes)) return { partitioned: false, orderBy: undefined, unknown: true };
  let partitioned = false;
  let orderBy: SqlNode[][] | undefined;
  const first = nodes[0];
  // `OVER (w ORDER BY …)` extends a named window.
  if (first && (first.kind === 'word' || first.kind === 'quoted') && !isWord(first, 'PARTITION', 'ORDER', 'ROWS', 'RANGE', 'GROUPS')) {
    const base = windows.get(first.value.toLowerCase());
    if (!base || depth > 8) return { partitioned: false, orderBy: undefined, unknown: true };
    const inherited = readSpec(base.group, windows, depth + 1);
    if (inherited.unknown) return inherited;
    partitioned = inherited.partitioned;
    orderBy = inherited.orderBy;
  }
  for (let i = 0; i < nodes.length; i++) {
    if (isWord(nodes[i], 'PARTITION') && isWord(nodes[i + 1], 'BY')) partitioned = true;
    if (isWord(nodes[i], 'ORDER') && isWord(nodes[i + 1], 'BY')) {
      let end = i + 2;
      while (end < nodes.length && !isWord(nodes[end], 'ROWS', 'RANGE', 'GROUPS')) end++;
      orderBy = splitCommas(nodes.slice(i + 2, end)).filter((item) => item.length > 0);
    }
  }
  return { partitioned, orderBy, unknown: false };
}

/** The function an `OVER` belongs to: `name(args) [FILTER (…)] [IGNORE NULLS] OVER`. */
function functionBefore(level: readonly SqlNode[], overIndex: number): string | undefined {
  let k = overIndex - 1;
  if (isWord(level[k], 'NULLS') && isWord(level[k - 1], 'IGNORE', 'RESPECT')) k -= 2;
  if (isGroup(level[k]) && isWord(level[k - 1], 'FILTER')) k -= 2;
  if (isWord(level[k], 'NULLS') && isWord(level[k - 1], 'IGNORE', 'RESPECT')) k -= 2;
  const args = level[k];
  const name = level[k - 1];
  if (!isGroup(args) || !name || (name.kind !== 'word' && name.kind !== 'quoted')) return undefined;
  return name.value;
}

function checkOverWindows(block: SelectBlock, context: StatementContext): void {
  const windows = namedWindows(block);
  const reportedWindows = new Set<string>();
  for (const c of block.clauses) {
    if (c.name !== 'SELECT' && c.name !== 'ORDER BY' && c.name !== 'QUALIFY' && c.name !== 'HAVING') continue;
    for (const { node, level, index } of expressionNodes(c.nodes)) {
      if (!isWord(node, 'OVER')) continue;
      const target = level[index + 1];
      const fn = functionBefore(level, index) ?? 'window function';
      let spec: WindowSpec;
      let start: number;
      let end: number;
      let windowKey: string | undefined;
      if (isGroup(target)) {
        spec = readSpec(target, windows);
        start = node.start;
        end = target.end;
      } else if (target && (target.kind === 'word' || target.kind === 'quoted')) {
        windowKey = target.value.toLowerCase();
        const named = windows.get(windowKey);
        if (!named || reportedWindows.has(windowKey)) continue;
        spec = readSpec(named.group, windows);
        // The definition is where the fix goes; report it once however many functions use it.
        start = named.start;
        end = named.end;
      } else {
        continue;
      }
      if (spec.unknown || spec.partitioned || !spec.orderBy || spec.orderBy.length === 0) continue;
      const finding = context.streaming
        ? streamingOver(fn, spec.orderBy, block, context)
        : olapOver(fn, spec.orderBy, block, context);
      if (!finding) continue;
      if (windowKey !== undefined) reportedWindows.add(windowKey);
      context.findings.push({ ...finding, dialect: context.dialect, start, end });
    }
  }
}

type Partial = Pick<WindowFinding, 'messageId' | 'data' | 'pattern'>;

function streamingOver(fn: string, orderBy: SqlNode[][], block: SelectBlock, context: StatementContext): Partial | undefined {
  if (context.dialect === 'ksqldb') return undefined;
  // A global Top-N (`ROW_NUMBER() OVER (ORDER BY cnt DESC)`) ranks on purpose; a ranking in time
  // order (deduplication) over the whole stream is the unkeyed mistake.
  if (RANKING_FUNCTIONS.has(fn.toUpperCase()) && !isTimeLike(orderBy[0] ?? [])) return undefined;
  const consequence =
    context.dialect === 'flink'
      ? "Flink runs an OVER aggregation without PARTITION BY on a single task, so every row and all of the window's state go through one slot whatever the job's parallelism"
      : `${engineName(context.dialect)} keeps this window as one unpartitioned state, so a single worker processes every row of the stream`;
  return { messageId: 'overStreaming', data: { fn, consequence, key: keyHint(block, context) }, pattern: 'W1' };
}

function olapOver(fn: string, orderBy: SqlNode[][], block: SelectBlock, context: StatementContext): Partial | undefined {
  if (RANKING_FUNCTIONS.has(fn.toUpperCase())) return undefined;
  const firstOrder = orderBy[0] ?? [];
  if (!isTimeLike(firstOrder)) return undefined;
  const entity = unpinnedEntity(block, context);
  if (entity === undefined) return undefined;
  return {
    messageId: 'overEntities',
    data: { fn, order: compact(orderBy.map((item) => sliceText(context, item)).join(', '), 40), entity },
    pattern: 'W5',
  };
}

function engineName(dialect: SqlDialect): string {
  switch (dialect) {
    case 'flink':
      return 'Flink';
    case 'ksqldb':
      return 'ksqlDB';
    case 'risingwave':
      return 'RisingWave';
    case 'materialize':
      return 'Materialize';
    case 'timescale':
      return 'TimescaleDB';
    case 'clickhouse':
      return 'ClickHouse';
    case 'mysql':
      return 'MySQL';
    case 'postgres':
      return 'Postgres';
  }
}

const TIME_NAME = /(?:^|_)(?:ts|time|timestamp|datetime|date|day|hour|minute|second|week|month|bucket|at|start|end|period|rowtime|proctime)$|(?:At|Time|Ts|Date|Timestamp|Bucket|Minute|Hour|Day)$/;

/** An ORDER BY item that orders by time: a time-named column or a time-bucket expression. */
function isTimeLike(item: readonly SqlNode[]): boolean {
  for (const { node, level, index } of expressionNodes(item)) {
    if (isWord(node) && BUCKET_FUNCTIONS.has(node.upper) && isGroup(level[index + 1])) return true;
  }
  const refs = columnRefs(item);
  const first = refs[0];
  return first !== undefined && TIME_NAME.test(first);
}

/**
 * An entity column the rows carry (projected, grouped by, or the configured key of the source)
 * that no equality filter pins to one value; undefined when the rows are about one entity or
 * nothing says which entity they are about.
 */
function unpinnedEntity(block: SelectBlock, context: StatementContext): string | undefined {
  const candidates: string[] = [];
  for (const item of selectItems(clause(block, 'SELECT'))) {
    for (const ref of columnRefs(withoutOver(item.expression))) candidates.push(ref);
    if (item.name !== undefined) candidates.push(item.name);
  }
  for (const item of clauseItems(clause(block, 'GROUP BY'))) candidates.push(...columnRefs(item));
  for (const table of fromTables(clause(block, 'FROM'))) candidates.push(...(context.partitionKeys.get(table) ?? []));
  const configuredKeys = new Set([...context.partitionKeys.values()].flat().map(normalizeColumn));
  const entities = candidates.filter((c) => context.entityColumns.has(normalizeColumn(c)) || configuredKeys.has(normalizeColumn(c)));
  if (entities.length === 0) return undefined;
  // `WHERE ${filter}`: a substituted condition may pin the entity; it is not guessed at.
  if (hasOpaqueCondition(clause(block, 'WHERE'))) return undefined;
  const pinned = pinnedColumns(block, context, 0);
  return entities.find((e) => !pinned.has(normalizeColumn(e)));
}

/** A template substitution standing for a whole condition (`WHERE ${f}`, `AND ${g}`), not for a value. */
function hasOpaqueCondition(where: Clause | undefined): boolean {
  if (!where) return false;
  for (const { node, level, index } of expressionNodes(where.nodes)) {
    if (node.kind !== 'placeholder' || node.text !== PLACEHOLDER_CHAR) continue;
    const previous = level[index - 1];
    if (previous === undefined || isWord(previous, 'AND', 'OR', 'NOT')) return true;
  }
  return false;
}

/** A SELECT item without its `OVER (…)` parts (their columns are the window's, not the row's). */
function withoutOver(nodes: readonly SqlNode[]): SqlNode[] {
  const out: SqlNode[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (!node) continue;
    if (isWord(node, 'OVER')) {
      i++;
      continue;
    }
    out.push(node);
  }
  return out;
}

/**
 * Columns pinned to one value by `col = <literal or parameter>` or `col IN (<one value>)` in the
 * WHERE of the block or of the subqueries and CTEs it reads from.
 */
function pinnedColumns(block: SelectBlock, context: StatementContext, depth: number): Set<string> {
  const pinned = new Set<string>();
  const where = clause(block, 'WHERE');
  if (where) {
    for (const { node, level, index } of expressionNodes(where.nodes)) {
      if (node.kind !== 'op' || node.text !== '=') {
        if (isWord(node, 'IN') && !isWord(level[index - 1], 'NOT')) {
          const list = level[index + 1];
          const column = columnBefore(level, index);
          if (column && isGroup(list) && !isSubquery(list) && splitCommas(list.children).length === 1 && isValue(list.children)) pinned.add(column);
        }
        continue;
      }
      const left = columnBefore(level, index);
      const right = level[index + 1];
      if (left && right && isValueNode(right)) pinned.add(left);
      const leftNode = level[index - 1];
      const rightName = nameAt(level, index + 1);
      if (leftNode && isValueNode(leftNode) && rightName) pinned.add(normalizeColumn(rightName.name));
    }
  }
  if (depth < 4) {
    for (const source of sourceBlocks(block, context)) for (const column of pinnedColumns(source, context, depth + 1)) pinned.add(column);
  }
  return pinned;
}

/** The (normalised) column name that ends just before `level[index]`. */
function columnBefore(level: readonly SqlNode[], index: number): string | undefined {
  const node = level[index - 1];
  if (!node || (node.kind !== 'word' && node.kind !== 'quoted')) return undefined;
  if (node.kind === 'word' && KEYWORDS.has(node.upper)) return undefined;
  return normalizeColumn(node.value);
}

function isValueNode(node: SqlNode): boolean {
  return node.kind === 'string' || node.kind === 'number' || node.kind === 'placeholder';
}

function isValue(nodes: readonly SqlNode[]): boolean {
  return nodes.length === 1 && nodes[0] !== undefined && isValueNode(nodes[0]);
}

/** Blocks the FROM of a block reads: derived tables and the CTEs it names. */
function sourceBlocks(block: SelectBlock, context: StatementContext): SelectBlock[] {
  const from = clause(block, 'FROM');
  if (!from) return [];
  const found: SelectBlock[] = [];
  for (const node of from.nodes) if (isGroup(node) && isSubquery(node)) found.push(...innerBlocks(node));
  for (const table of fromTables(from)) {
    const cte = context.ctes.get(table);
    if (cte) found.push(...innerBlocks(cte));
  }
  return found;
}

/** The top-level blocks of a subquery group (unwrapping `((SELECT …))`). */
function innerBlocks(group: Group): SelectBlock[] {
  let current: Group = group;
  for (let i = 0; i < 8 && current.children.length === 1 && isGroup(current.children[0]); i++) current = current.children[0];
  return selectBlocksAt(current.children);
}

// --- column references ---------------------------------------------------------------------

/** Column names (last part, as written) an expression refers to, in order. */
function columnRefs(nodes: readonly SqlNode[]): string[] {
  const refs: string[] = [];
  for (const { node, level, index } of expressionNodes(nodes)) {
    if (node.kind !== 'word' && node.kind !== 'quoted') continue;
    const next = level[index + 1];
    const previous = level[index - 1];
    // A qualifier (`t.` in `t.col`).
    if (isPunct(next, '.')) continue;
    if (node.kind === 'word') {
      if (KEYWORDS.has(node.upper)) continue;
      // A function name, a typed literal (`DATE '…'`), an interval unit (`'1' MINUTE`), a type after
      // AS or `::`, an EXTRACT field (`HOUR FROM ts`), a FLOOR unit (`ts TO MINUTE`).
      if (isGroup(next) && next.open.text === '(') continue;
      if (next?.kind === 'string') continue;
      if (previous && (previous.kind === 'string' || previous.kind === 'number')) continue;
      if (isWord(previous, 'AS', 'TO') || (previous?.kind === 'op' && previous.text === '::')) continue;
      if (isWord(next, 'FROM')) continue;
      if (node.upper === 'TIME' && isWord(previous, 'AT')) continue;
      if (node.upper === 'ZONE' && isWord(previous, 'TIME')) continue;
    }
    refs.push(node.value);
  }
  return refs;
}

// --- GROUP BY (W2, W3, W4, continuous aggregates) ----------------------------------------------

type KeyKind = 'window' | 'bucket' | 'constant' | 'column' | 'unknown';

interface KeyClass {
  kind: KeyKind;
  /** For buckets: the function, upper case. */
  fn?: string;
}

function checkGroupBy(block: SelectBlock, context: StatementContext): void {
  const groupBy = clause(block, 'GROUP BY');
  if (!groupBy || groupBy.nodes.length === 0) return;
  const isAggregateView = context.continuousAggregates && isContinuousAggregate(context.statement);
  if (!context.streaming && !isAggregateView) return;
  const items = clauseItems(groupBy);
  if (items.length === 0) return;
  // GROUPING SETS/ROLLUP/CUBE and GROUP BY ALL: the real keys are not written out here.
  if (items.some((item) => isWord(item[0], 'GROUPING', 'ROLLUP', 'CUBE', 'ALL'))) return;
  const select = selectItems(clause(block, 'SELECT'));
  const keys = items.map((item) => classifyKey(item, select, block, context, 0));
  if (keys.some((k) => k.kind === 'column' || k.kind === 'unknown')) return;

  const itemsText = compact(items.map((item) => sliceText(context, item)).join(', '));
  const location = { start: groupBy.keywordStart, end: groupBy.end };

  if (context.dialect === 'ksqldb') {
    const window = clause(block, 'WINDOW');
    const kind = window?.nodes[0];
    if (!window || !isWord(kind, 'TUMBLING', 'HOPPING', 'SESSION')) return;
    if (!keys.every((k) => k.kind === 'constant' || k.kind === 'bucket')) return;
    if (kind.upper === 'SESSION') {
      push(context, location, { messageId: 'sessionWithoutKey', data: { fix: 'Group by an entity column so that each entity has its own sessions.' }, pattern: 'W3' });
    } else {
      push(context, location, { messageId: 'ksqlConstantKey', data: { items: itemsText }, pattern: 'W4' });
    }
    return;
  }

  if (isAggregateView && !context.streaming) {
    if (keys.some((k) => k.kind === 'bucket')) push(context, location, { messageId: 'continuousAggregate', data: { items: itemsText, key: keyHint(block, context) }, pattern: 'continuous-aggregate' });
    return;
  }

  const source = windowSource(block, context, 0);
  if (source === 'two-stage') return;
  if (source) {
    if (source.partitioned) return;
    if (source.kind === 'SESSION') {
      push(context, { start: source.start, end: source.end }, {
        messageId: 'sessionWithoutKey',
        data: { fix: `Partition the session by the entity: \`SESSION(TABLE t PARTITION BY ${keyHint(block, context)}, DESCRIPTOR(ts), INTERVAL …)\`, and group by that key too.` },
        pattern: 'W3',
      });
      return;
    }
    push(context, location, {
      messageId: 'groupByTimeOnly',
      data: { items: itemsText, consequence: tvfConsequence(block, context), example: `GROUP BY ${itemsText}, ${keyHint(block, context)}` },
      pattern: 'W2',
    });
    return;
  }
  // Without a window table function in sight, `window_start` columns come from a table that an
  // earlier job filled per key: summing them is the intended global roll-up. Only bucket
  // functions on the event time itself say that this query does the windowing.
  if (!keys.some((k) => k.kind === 'bucket')) return;
  const legacySession = keys.find((k) => k.kind === 'bucket' && k.fn === 'SESSION');
  if (legacySession) {
    push(context, location, {
      messageId: 'sessionWithoutKey',
      data: { fix: `Group by the entity as well: \`GROUP BY ${keyHint(block, context)}, SESSION(ts, INTERVAL …)\`.` },
      pattern: 'W3',
    });
    return;
  }
  const consequence = `every row of a ${keys.some((k) => k.kind === 'window' || (k.fn !== undefined && WINDOW_TVFS.has(k.fn))) ? 'window' : 'time bucket'} has the same grouping key, so ${engineName(context.dialect)} aggregates it on a single task whatever the parallelism`;
  push(context, location, { messageId: 'groupByTimeOnly', data: { items: itemsText, consequence, example: `GROUP BY ${keyHint(block, context)}, ${itemsText}` }, pattern: 'W2' });
}

/** The configured entity key of a table the block reads, for the fix in the message. */
function keyHint(block: SelectBlock, context: StatementContext): string {
  for (const table of fromTables(clause(block, 'FROM'))) {
    const key = context.partitionKeys.get(table)?.[0];
    if (key !== undefined) return key;
  }
  return '<entity key>';
}

function push(context: StatementContext, location: { start: number; end: number }, finding: Partial): void {
  context.findings.push({ ...finding, dialect: context.dialect, start: location.start, end: location.end });
}

function tvfConsequence(block: SelectBlock, context: StatementContext): string {
  if (context.dialect !== 'flink') {
    return `every row of a window has the same key, so ${engineName(context.dialect)} computes each window on a single worker`;
  }
  const nonMergeable = hasNonMergeableAggregate(clause(block, 'SELECT'));
  return `Flink pre-aggregates in parallel but sends every window to a single global task, so the final aggregation${nonMergeable ? ' and all of its COUNT(DISTINCT …) state' : ''} run with parallelism 1`;
}

function hasNonMergeableAggregate(select: Clause | undefined): boolean {
  if (!select) return false;
  for (const { node, level, index } of expressionNodes(select.nodes)) {
    if (!isWord(node)) continue;
    const args = level[index + 1];
    if (!isGroup(args)) continue;
    if (NON_MERGEABLE.has(node.upper)) return true;
    if (node.upper === 'COUNT' && isWord(args.children[0], 'DISTINCT')) return true;
  }
  return false;
}

function classifyKey(item: readonly SqlNode[], select: readonly SelectItem[], block: SelectBlock, context: StatementContext, depth: number): KeyClass {
  if (hasPlaceholder(item)) return { kind: 'unknown' };
  const first = item[0];
  if (!first) return { kind: 'unknown' };
  if (item.length === 1 && first.kind === 'number') {
    // Ordinals in Postgres-family SQL; a literal in the streaming dialects.
    if (context.dialect === 'flink' || context.dialect === 'ksqldb') return { kind: 'constant' };
    const target = select[Number(first.text) - 1];
    if (!target || depth > 0 || select.some((s) => isStar(s.expression))) return { kind: 'unknown' };
    return classifyKey(target.expression, select, block, context, depth + 1);
  }
  if (item.length === 1 && (first.kind === 'string' || isWord(first, 'TRUE', 'FALSE', 'NULL'))) return { kind: 'constant' };
  const name = nameAt(item, 0);
  if (name && name.length === item.length) {
    const column = name.name.toLowerCase();
    if (WINDOW_COLUMNS.has(column)) return { kind: 'window' };
    const aliased = select.find((s) => s.name === column);
    if (aliased && depth === 0) {
      return classifyKey(aliased.expression, select, block, context, depth + 1);
    }
    if (isConstantUpstream(column, block, context)) return { kind: 'constant' };
    return { kind: 'column' };
  }
  if (isWord(first) && isGroup(item[1]) && item[1].open.text === '(' && BUCKET_FUNCTIONS.has(first.upper)) {
    // `TUMBLE(ts, INTERVAL …)` and `date_trunc('minute', ts)` are buckets; a cast or a suffix
    // around them (`date_trunc(…)::date`) keeps them buckets.
    const rest = item.slice(2);
    if (rest.length === 0 || (rest[0]?.kind === 'op' && rest[0].text === '::')) return { kind: 'bucket', fn: first.upper };
  }
  // Flink `FLOOR(ts TO MINUTE)` / `CEIL(ts TO HOUR)`.
  if (isWord(first, 'FLOOR', 'CEIL') && isGroup(item[1]) && item.length === 2 && item[1].children.some((n) => isWord(n, 'TO'))) {
    return { kind: 'bucket', fn: first.upper };
  }
  const refs = columnRefs(item);
  if (refs.length === 0) return { kind: 'constant' };
  // ksqlDB's event-time pseudo columns: `TIMESTAMPTOSTRING(ROWTIME, 'yyyy-MM-dd HH:mm')` is a time bucket.
  if (context.dialect === 'ksqldb' && refs.every((ref) => KSQL_TIME_COLUMNS.has(ref.toUpperCase()))) return { kind: 'bucket', fn: 'ROWTIME' };
  return { kind: 'column' };
}

const KSQL_TIME_COLUMNS = new Set(['ROWTIME', 'WINDOWSTART', 'WINDOWEND']);

/** `*` or `t.*`: positions after it are unknown. */
function isStar(expression: readonly SqlNode[]): boolean {
  const last = expression.at(-1);
  return last?.kind === 'op' && last.text === '*' && (expression.length === 1 || isPunct(expression.at(-2), '.'));
}

/** `CREATE VIEW v AS SELECT … GROUP BY …` / `INSERT INTO t SELECT … GROUP BY …`: reading `v` or `t` later is a roll-up. */
function recordAggregation(statement: Statement, aggregated: Set<string>): void {
  if (!statement.balanced) return;
  const target = statementTarget(statement);
  const block = selectBlocksAt(statement.nodes)[0];
  if (target !== undefined && block && clause(block, 'GROUP BY')) aggregated.add(target);
}

/** ksqlDB: `CREATE STREAM k AS SELECT 'all' AS key, * FROM s` makes `key` a constant of `k`. */
function isConstantUpstream(column: string, block: SelectBlock, context: StatementContext): boolean {
  return fromTables(clause(block, 'FROM')).some((table) => context.constants.get(table)?.has(column) === true);
}

function recordConstantColumns(statement: Statement, constants: Map<string, Set<string>>): void {
  if (!statement.balanced) return;
  const target = statementTarget(statement);
  if (target === undefined) return;
  const block = selectBlocksAt(statement.nodes)[0];
  if (!block) return;
  const columns = new Set<string>();
  for (const item of selectItems(clause(block, 'SELECT'))) {
    const expression = item.expression;
    const only = expression[0];
    if (item.name !== undefined && expression.length === 1 && only && (only.kind === 'string' || only.kind === 'number')) columns.add(item.name);
  }
  if (columns.size > 0) constants.set(target, columns);
}

interface WindowTvf {
  kind: string;
  partitioned: boolean;
  start: number;
  end: number;
}

/**
 * The window table function a block aggregates: in its FROM, or in a derived table or CTE it
 * reads that is not itself grouped. `'two-stage'` when it reads an aggregation (a global roll-up
 * over a keyed pre-aggregation is the intended form).
 */
function windowSource(block: SelectBlock, context: StatementContext, depth: number): WindowTvf | 'two-stage' | undefined {
  const from = clause(block, 'FROM');
  if (!from) return undefined;
  // Chained windows over an aggregation defined earlier in the same text: the first stage is the one to key.
  if (fromTables(from).some((table) => context.aggregated.has(table))) return 'two-stage';
  for (const { node, level, index } of expressionNodes(from.nodes)) {
    if (!isWord(node) || !WINDOW_TVFS.has(node.upper)) continue;
    const args = level[index + 1];
    if (!isGroup(args) || args.open.text !== '(') continue;
    const tableArgument = args.children.some((n) => isWord(n, 'TABLE'));
    // RisingWave/Materialize: `FROM TUMBLE(orders, ts, INTERVAL '1' MINUTE)`.
    const plainArgument = context.dialect !== 'flink' && level === from.nodes && splitCommas(args.children).length >= 3;
    if (!tableArgument && !plainArgument) continue;
    const partitioned = args.children.some((n, i) => isWord(n, 'PARTITION') && isWord(args.children[i + 1], 'BY'));
    return { kind: node.upper, partitioned, start: node.start, end: args.end };
  }
  if (depth >= 4) return undefined;
  for (const source of sourceBlocks(block, context)) {
    if (clause(source, 'GROUP BY')) return 'two-stage';
    const inner = windowSource(source, context, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

/** `CREATE MATERIALIZED VIEW … WITH (timescaledb.continuous …) AS …` */
function isContinuousAggregate(statement: Statement): boolean {
  if (!isWord(statement.nodes[0], 'CREATE')) return false;
  for (const node of statement.nodes) {
    if (!isGroup(node)) continue;
    const children = node.children;
    for (let i = 0; i < children.length; i++) {
      if (isWord(children[i], 'TIMESCALEDB') && isPunct(children[i + 1], '.') && isWord(children[i + 2], 'CONTINUOUS')) return true;
    }
  }
  return false;
}

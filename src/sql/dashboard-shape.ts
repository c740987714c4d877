/**
 * What a read query costs the database, told from its text: the scoping of the cache rules
 * (RULES.md 3b). An aggregate, a window function, a time bucket or a scan over a time range is
 * `analytic` (the panel queries that multiply with viewers); a read pinned to one key is `point`;
 * `SELECT 1` is `health`; anything that changes data is `write`. Only the tokens are read, so
 * SQL in any dialect, with template substitutions, is accepted.
 */
import { tokenize, type Token } from './tokenize.js';

export type SqlCost = 'analytic' | 'point' | 'health' | 'write' | 'read' | 'unknown';

export interface SqlReading {
  cost: SqlCost;
  /** The query says (`-- rta: precomputed`) or its tables show (config `cache.precomputedTables`) that it reads a pre-aggregated table. */
  precomputed: boolean;
  /** What made it analytic, for messages: `GROUP BY`, `count()`, `a time-range scan`. */
  reason?: string;
}

const WRITE_STARTS = new Set([
  'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'UPSERT', 'REPLACE', 'CREATE', 'ALTER', 'DROP', 'TRUNCATE', 'COPY', 'CALL', 'DO',
  'SET', 'BEGIN', 'COMMIT', 'ROLLBACK', 'GRANT', 'REVOKE', 'VACUUM', 'REFRESH', 'LISTEN', 'NOTIFY', 'LOCK', 'OPTIMIZE', 'SYSTEM',
]);
const READ_STARTS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE', 'SHOW', 'EXPLAIN', 'DESCRIBE', 'FROM']);

const AGGREGATES = new Set([
  'COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'STDDEV', 'STDDEV_POP', 'STDDEV_SAMP', 'VARIANCE', 'VAR_POP', 'VAR_SAMP',
  'PERCENTILE_CONT', 'PERCENTILE_DISC', 'MEDIAN', 'MODE', 'ARRAY_AGG', 'STRING_AGG', 'JSON_AGG', 'JSONB_AGG',
  'JSON_OBJECT_AGG', 'BOOL_AND', 'BOOL_OR', 'EVERY', 'BIT_AND', 'BIT_OR', 'GROUP_CONCAT', 'APPROX_COUNT_DISTINCT',
  'APPROX_PERCENTILE', 'HISTOGRAM', 'HLL', 'CORR', 'COVAR_POP', 'REGR_SLOPE',
  // ClickHouse
  'UNIQ', 'UNIQEXACT', 'UNIQCOMBINED', 'UNIQHLL12', 'QUANTILE', 'QUANTILES', 'QUANTILEEXACT', 'QUANTILETDIGEST',
  'ARGMAX', 'ARGMIN', 'ANYLAST', 'GROUPARRAY', 'GROUPUNIQARRAY', 'TOPK', 'COUNTIF', 'SUMIF', 'AVGIF', 'UNIQIF',
  'MINIF', 'MAXIF', 'SUMMERGE', 'COUNTMERGE', 'UNIQMERGE', 'AVGMERGE', 'QUANTILESMERGE',
]);
/** Time-bucketing functions: a dashboard series. */
const TIME_BUCKETS = new Set(['TIME_BUCKET', 'TIME_BUCKET_GAPFILL', 'DATE_TRUNC', 'DATE_BIN', 'TOSTARTOFINTERVAL', 'TUMBLE', 'HOP']);
/** Relative time: a range that moves with the clock, so the scan is repeated on every refresh. */
const RELATIVE_TIME = new Set([
  'NOW', 'NOW64', 'CURRENT_TIMESTAMP', 'CURRENT_DATE', 'LOCALTIMESTAMP', 'TODAY', 'YESTERDAY', 'INTERVAL', 'SYSDATE',
  'GETDATE', 'UTC_TIMESTAMP', 'DATE_SUB', 'DATEADD', 'DATE_ADD', 'MAKE_INTERVAL',
]);
/** Columns that name one entity or one user's rows: ids, natural unique keys, session and auth lookups. */
const ID_COLUMN = /(^id$|^uuid$|^pk$|^slug$|^email$|^username$|^token$|_id$|[a-z]Id$|_uuid$|_key$|_email$|_token$)/i;
const PRIMARY_KEY = /^(id|uuid|pk)$/i;

export const PRECOMPUTED_MARKER = /\brta:\s*precomputed\b/i;

export function readDashboardSql(text: string, precomputedTables: readonly string[] = []): SqlReading {
  const { tokens, comments } = tokenize(text);
  const marked = comments.some((c) => PRECOMPUTED_MARKER.test(c.text));
  const words = tokens.filter((t) => t.kind === 'word');
  const first = words[0]?.upper;
  if (first === undefined) return { cost: 'unknown', precomputed: marked };
  if (WRITE_STARTS.has(first)) return { cost: 'write', precomputed: marked };
  if (!READ_STARTS.has(first)) return { cost: 'unknown', precomputed: marked };
  // A data-modifying CTE (`WITH moved AS (DELETE … RETURNING *) …`) writes.
  if (first === 'WITH' && words.some((w) => w.upper === 'INSERT' || w.upper === 'UPDATE' || w.upper === 'DELETE')) {
    return { cost: 'write', precomputed: marked };
  }
  const tables = tablesRead(tokens);
  const precomputed = marked || (tables.length > 0 && tables.every((t) => isListed(t, precomputedTables)));
  if (!words.some((w) => w.upper === 'FROM')) return { cost: first === 'SELECT' ? 'health' : 'unknown', precomputed };

  const hasGroupBy = tokens.some((t, i) => t.upper === 'GROUP' && tokens[i + 1]?.upper === 'BY');
  if (hasGroupBy) return { cost: 'analytic', precomputed, reason: 'GROUP BY' };
  const windowAt = tokens.findIndex((t, i) => t.upper === 'OVER' && (isPunct(tokens[i + 1], '(') || tokens[i + 1]?.kind === 'word'));
  if (windowAt !== -1) return { cost: 'analytic', precomputed, reason: 'a window function' };
  const pinned = pinnedKey(tokens);
  // An aggregate over one row by primary key is trivially cheap; over one customer's rows it is not.
  if (pinned !== undefined && PRIMARY_KEY.test(pinned)) return { cost: 'point', precomputed };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t?.kind !== 'word') continue;
    const called = isPunct(tokens[i + 1], '(');
    if (called && AGGREGATES.has(t.upper)) return { cost: 'analytic', precomputed, reason: `${t.value.toLowerCase()}()` };
    if (called && (TIME_BUCKETS.has(t.upper) || t.upper.startsWith('TOSTARTOF'))) {
      return { cost: 'analytic', precomputed, reason: `${t.value}()` };
    }
  }
  if (pinned !== undefined) return { cost: 'point', precomputed };
  const whereAt = tokens.findIndex((t) => t.upper === 'WHERE');
  if (whereAt !== -1 && tokens.slice(whereAt).some((t) => RELATIVE_TIME.has(t.upper) || t.upper.startsWith('SUBTRACT'))) {
    return { cost: 'analytic', precomputed, reason: 'a time-range scan' };
  }
  return { cost: 'read', precomputed };
}

function isPunct(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

/** `WHERE … order_id = $1`: the key-like column compared with a bound value, when there is one. */
function pinnedKey(tokens: readonly Token[]): string | undefined {
  const whereAt = tokens.findIndex((t) => t.upper === 'WHERE');
  if (whereAt === -1) return undefined;
  for (let i = whereAt + 1; i + 2 < tokens.length; i++) {
    const column = tokens[i];
    const op = tokens[i + 1];
    const value = tokens[i + 2];
    if (!column || !op || !value) break;
    if ((column.kind === 'word' || column.kind === 'quoted') && op.kind === 'op' && op.text === '=' && isBoundValue(value)) {
      if (ID_COLUMN.test(column.value)) return column.value;
    }
  }
  return undefined;
}

function isBoundValue(token: Token): boolean {
  return token.kind === 'placeholder' || token.kind === 'number' || token.kind === 'string';
}

/** Table names after FROM and JOIN (last part of a qualified name), subqueries skipped. */
function tablesRead(tokens: readonly Token[]): string[] {
  const tables: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t?.upper !== 'FROM' && t?.upper !== 'JOIN') continue;
    let j = i + 1;
    let name: string | undefined;
    while (j < tokens.length) {
      const part = tokens[j];
      if (part?.kind !== 'word' && part?.kind !== 'quoted') break;
      name = part.value;
      if (!isPunct(tokens[j + 1], '.')) break;
      j += 2;
    }
    if (name !== undefined) tables.push(name);
  }
  return tables;
}

function isListed(table: string, listed: readonly string[]): boolean {
  const lower = table.toLowerCase();
  return listed.some((name) => {
    const last = name.toLowerCase().split('.').at(-1);
    return last === lower;
  });
}

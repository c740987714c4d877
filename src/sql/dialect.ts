/**
 * Which SQL dialect a text is written in, from the clues only that dialect has. Configuration
 * (`sql.dialects` globs, a rule option, the client library a string is passed to) always wins
 * over clues; without any clue the text is read as Postgres.
 */
import type { SqlDialect } from '../config/types.js';
import { isGroup, isPunct, isWord, type SqlNode, type Statement } from './structure.js';

/** Dialects whose queries run continuously over streams unless configured otherwise. */
export const DEFAULT_STREAMING_DIALECTS: readonly SqlDialect[] = ['flink', 'ksqldb', 'risingwave', 'materialize'];

/** Dialects whose strings take backslash escapes (`'it\'s'`). */
export const BACKSLASH_ESCAPE_DIALECTS: ReadonlySet<SqlDialect> = new Set(['clickhouse', 'mysql', 'ksqldb']);

const WINDOW_TVFS = new Set(['TUMBLE', 'HOP', 'CUMULATE', 'SESSION']);
/** Flink's legacy group-window properties (`TUMBLE_START(ts, INTERVAL '1' MINUTE)`): no other engine has them. */
const LEGACY_WINDOW_PROPERTIES = /^(?:TUMBLE|HOP|SESSION)_(?:START|END|ROWTIME|PROCTIME)$/;

/** Cheap textual clues, checked before tokenizing so the tokenizer can use the dialect's string rules. */
export function dialectFromText(text: string): SqlDialect | undefined {
  if (/\bDESCRIPTOR\s*\(|\bWATERMARK\s+FOR\b|'connector'\s*=|\bPROCTIME\s*\(\s*\)|\b(?:TUMBLE|HOP|CUMULATE|SESSION)\s*\(\s*TABLE\b|\b(?:TUMBLE|HOP|SESSION)_(?:START|END|ROWTIME|PROCTIME)\s*\(/i.test(text)) return 'flink';
  if (/\bEMIT\s+(?:CHANGES|FINAL)\b|\bWINDOW\s+(?:TUMBLING|HOPPING|SESSION)\s*\(|\bCREATE\s+(?:OR\s+REPLACE\s+)?STREAM\b|\bKAFKA_TOPIC\s*=/i.test(text)) return 'ksqldb';
  if (/\bEMIT\s+ON\s+WINDOW\s+CLOSE\b/i.test(text)) return 'risingwave';
  if (/\btoStartOf[A-Za-z]*\s*\(|\bENGINE\s*=|\b(?:lag|lead)InFrame\s*\(|\bLowCardinality\s*\(|\{\s*[A-Za-z_]\w*\s*:\s*[A-Z]\w*/.test(text)) return 'clickhouse';
  if (/\btime_bucket(?:_gapfill)?\s*\(|\btimescaledb\.continuous\b|\bcreate_hypertable\s*\(/i.test(text)) return 'timescale';
  return undefined;
}

/** Token-level confirmation of the textual clues (strings and comments no longer count). */
export function dialectFromStatements(statements: readonly Statement[]): SqlDialect | undefined {
  const seen = new Set<SqlDialect>();
  for (const statement of statements) visit(statement.nodes, seen);
  for (const dialect of ['flink', 'ksqldb', 'risingwave', 'clickhouse', 'timescale'] as const) if (seen.has(dialect)) return dialect;
  return undefined;
}

function visit(nodes: readonly SqlNode[], seen: Set<SqlDialect>): void {
  const stack: (readonly SqlNode[])[] = [nodes];
  while (stack.length > 0) {
    const level = stack.pop();
    if (!level) break;
    for (let i = 0; i < level.length; i++) {
      const node = level[i];
      if (!node) continue;
      if (isGroup(node)) {
        stack.push(node.children);
        continue;
      }
      const next = level[i + 1];
      if (node.kind === 'string' && node.value.toLowerCase() === 'connector' && next?.kind === 'op' && next.text === '=') seen.add('flink');
      // ClickHouse query parameters: {name:Type}
      if (node.kind === 'placeholder' && node.text.startsWith('{')) seen.add('clickhouse');
      if (node.kind !== 'word') continue;
      const word = node.upper;
      if (word === 'DESCRIPTOR' && isGroup(next)) seen.add('flink');
      else if (word === 'WATERMARK' && isWord(next, 'FOR')) seen.add('flink');
      else if (WINDOW_TVFS.has(word) && isGroup(next) && isWord(next.children[0], 'TABLE')) seen.add('flink');
      else if (LEGACY_WINDOW_PROPERTIES.test(word) && isGroup(next)) seen.add('flink');
      else if (word === 'EMIT' && isWord(next, 'CHANGES', 'FINAL')) seen.add('ksqldb');
      else if (word === 'WINDOW' && isWord(next, 'TUMBLING', 'HOPPING', 'SESSION')) seen.add('ksqldb');
      else if (word === 'EMIT' && isWord(next, 'ON') && isWord(level[i + 2], 'WINDOW')) seen.add('risingwave');
      else if (/^TOSTARTOF/.test(word) && isGroup(next)) seen.add('clickhouse');
      else if ((word === 'LAGINFRAME' || word === 'LEADINFRAME') && isGroup(next)) seen.add('clickhouse');
      else if (word === 'ENGINE' && next?.kind === 'op' && next.text === '=') seen.add('clickhouse');
      else if ((word === 'TIME_BUCKET' || word === 'TIME_BUCKET_GAPFILL') && isGroup(next)) seen.add('timescale');
      else if (word === 'TIMESCALEDB' && isPunct(next, '.') && isWord(level[i + 2], 'CONTINUOUS')) seen.add('timescale');
    }
  }
}

/**
 * The DDL that schema-drift checks read: `CREATE TABLE` (Postgres, ClickHouse, Flink), `ALTER
 * TABLE .. ADD/DROP/RENAME/MODIFY/ALTER COLUMN`, `RENAME TABLE`, `DROP TABLE`, and Postgres
 * `CREATE TYPE .. AS ENUM` / `ALTER TYPE .. ADD VALUE`. Tolerant: what it does not understand it
 * skips, and it never throws. Offsets point into the text it was given.
 *
 * None of the SQL parsers on npm reads ClickHouse DDL (`LowCardinality(..)`, `ENGINE = ..`) or
 * Flink DDL (`ROW<..>`, `WATERMARK FOR`) (ARCHITECTURE.md, library notes), so this is a small
 * parenthesis- and angle-bracket-aware scanner of its own.
 */

export type DdlDialect = 'postgres' | 'clickhouse' | 'flink';

export interface DdlToken {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'punct';
  /** Identifier or string content without quotes; words as written. */
  value: string;
  /** Upper-cased value of words, for keyword comparisons; '' otherwise. */
  upper: string;
  start: number;
  end: number;
}

/** A type as written: `Nullable(String)`, `ARRAY<ROW<a INT>>`, `varchar(20)[]`. */
export interface SqlType {
  /** The type name, multi-word names joined by one space (`double precision`, `TIMESTAMP WITH LOCAL TIME ZONE`). */
  name: string;
  args: SqlTypeArg[];
  /** Postgres `[]` suffixes (and `ARRAY` after a type). */
  arrayDims: number;
  /** Flink `T NOT NULL` inside ROW/ARRAY/MAP. */
  notNull?: boolean;
  /** Source text. */
  text: string;
}

export type SqlTypeArg =
  | { kind: 'type'; type: SqlType; name?: string; nameStart?: number; nameEnd?: number }
  | { kind: 'literal'; value: string; text: string };

export interface DdlColumn {
  name: string;
  nameStart: number;
  nameEnd: number;
  /** Undefined for Flink computed columns and ClickHouse columns typed by their default. */
  type?: SqlType;
  notNull: boolean;
  /** `NULL` written explicitly. */
  explicitNull: boolean;
  primaryKey: boolean;
  hasDefault: boolean;
  /** How the database fills the column, when it does. */
  filled?: 'default' | 'generated' | 'identity' | 'materialized' | 'alias' | 'ephemeral' | 'metadata' | 'computed';
  /** Values allowed by a `CHECK (col IN (..))` on the column or the table. */
  checkValues?: string[];
  start: number;
  end: number;
}

export interface CreateTable {
  kind: 'create-table';
  name: QualifiedName;
  columns: DdlColumn[];
  /** Columns of a table-level `PRIMARY KEY (..)`. */
  primaryKey: string[];
  dialect: DdlDialect;
  start: number;
  end: number;
}

export interface QualifiedName {
  /** Parts as written, without quotes: `['analytics', 'orders']`. */
  parts: string[];
  start: number;
  end: number;
}

export type AlterAction =
  | { kind: 'add-column'; column: DdlColumn }
  | { kind: 'drop-column'; name: string }
  | { kind: 'rename-column'; from: string; to: string; toStart: number; toEnd: number }
  /** ClickHouse/MySQL `MODIFY COLUMN`: a new definition; parts left out keep their value. */
  | { kind: 'modify-column'; column: DdlColumn; hasType: boolean; removeDefault: boolean }
  | { kind: 'alter-column'; name: string; change: 'type'; type: SqlType }
  | { kind: 'alter-column'; name: string; change: 'set-not-null' | 'drop-not-null' | 'set-default' | 'drop-default' | 'identity' }
  | { kind: 'rename-table'; to: QualifiedName }
  | { kind: 'add-check'; column: string; values: string[] };

export type DdlStatement =
  | CreateTable
  | { kind: 'alter-table'; name: QualifiedName; actions: AlterAction[]; dialect: DdlDialect; start: number; end: number }
  | { kind: 'rename-tables'; pairs: { from: QualifiedName; to: QualifiedName }[]; start: number; end: number }
  | { kind: 'drop-tables'; names: QualifiedName[]; start: number; end: number }
  | { kind: 'create-enum'; name: QualifiedName; values: string[]; start: number; end: number }
  | { kind: 'alter-enum'; name: QualifiedName; add: string; start: number; end: number };

// ---------------------------------------------------------------------------------------------
// Tokens

/** Tokens of `text`, comments and whitespace dropped. Never throws. */
export function tokenizeDdl(text: string): DdlToken[] {
  const tokens: DdlToken[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] ?? '';
    const next = text[i + 1] ?? '';
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\uFEFF') {
      i++;
      continue;
    }
    if (c === '-' && next === '-') {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
      continue;
    }
    if (c === '/' && next === '*') {
      // Postgres nests block comments; the others do not mind.
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
      continue;
    }
    const start = i;
    if (c === "'" || ((c === 'E' || c === 'e') && next === "'")) {
      if (c !== "'") i++;
      i++;
      let value = '';
      while (i < n) {
        const ch = text[i] ?? '';
        if (ch === '\\' && i + 1 < n) {
          value += text[i + 1] ?? '';
          i += 2;
          continue;
        }
        if (ch === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += ch;
        i++;
      }
      tokens.push({ kind: 'string', value, upper: '', start, end: i });
      continue;
    }
    if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        const end = close === -1 ? n : close + tag[0].length;
        tokens.push({ kind: 'string', value: text.slice(i + tag[0].length, close === -1 ? n : close), upper: '', start, end });
        i = end;
        continue;
      }
    }
    if (c === '"' || c === '`') {
      i++;
      let value = '';
      while (i < n) {
        const ch = text[i] ?? '';
        if (ch === c) {
          if (text[i + 1] === c) {
            value += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += ch;
        i++;
      }
      tokens.push({ kind: 'quoted', value, upper: value.toUpperCase(), start, end: i });
      continue;
    }
    if (/[A-Za-z_\u0080-\uFFFF]/.test(c)) {
      while (i < n && /[A-Za-z0-9_$\u0080-\uFFFF]/.test(text[i] ?? '')) i++;
      const value = text.slice(start, i);
      tokens.push({ kind: 'word', value, upper: value.toUpperCase(), start, end: i });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next))) {
      while (i < n && /[0-9.eE_]/.test(text[i] ?? '')) i++;
      tokens.push({ kind: 'number', value: text.slice(start, i), upper: '', start, end: i });
      continue;
    }
    if (c === ':' && next === ':') {
      tokens.push({ kind: 'punct', value: '::', upper: '', start, end: i + 2 });
      i += 2;
      continue;
    }
    tokens.push({ kind: 'punct', value: c, upper: '', start, end: i + 1 });
    i++;
  }
  return tokens;
}

/** Statements as token lists, split at `;` outside brackets. */
export function splitStatements(tokens: readonly DdlToken[]): DdlToken[][] {
  const out: DdlToken[][] = [];
  let current: DdlToken[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct') {
      if (t.value === '(' || t.value === '[') depth++;
      else if ((t.value === ')' || t.value === ']') && depth > 0) depth--;
      else if (t.value === ';' && depth === 0) {
        if (current.length > 0) out.push(current);
        current = [];
        continue;
      }
    }
    current.push(t);
  }
  if (current.length > 0) out.push(current);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Dialect

/** The dialect a DDL text is written in, from clues that only one dialect has; Postgres otherwise. */
export function guessDdlDialect(text: string): DdlDialect {
  if (/\bWITH\s*\(\s*'connector'|\bWATERMARK\s+FOR\b|\bROW\s*<|\bMETADATA\s+(FROM|VIRTUAL)\b|\bPROCTIME\s*\(|\bARRAY\s*<|\bNOT\s+ENFORCED\b/i.test(text)) {
    return 'flink';
  }
  if (
    /\bENGINE\s*=|\bNullable\s*\(|\bLowCardinality\s*\(|MergeTree\b|\bDateTime64\s*\(|\bU?Int(8|16|32|64|128|256)\b|\bFloat(32|64)\b|\bON\s+CLUSTER\b|\bEnum(8|16)\s*\(/.test(
      text,
    )
  ) {
    return 'clickhouse';
  }
  return 'postgres';
}

// ---------------------------------------------------------------------------------------------
// Statements

/** Every DDL statement of `text` this reader understands, in order. */
export function parseDdl(text: string, dialect?: DdlDialect): DdlStatement[] {
  const out: DdlStatement[] = [];
  const fallback = dialect ?? guessDdlDialect(text);
  for (const tokens of splitStatements(tokenizeDdl(text))) {
    const statementDialect = dialect ?? statementDialectOf(text, tokens, fallback);
    const statement = parseStatement(tokens, statementDialect);
    if (statement) out.push(statement);
  }
  return out;
}

function statementDialectOf(text: string, tokens: readonly DdlToken[], fallback: DdlDialect): DdlDialect {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last) return fallback;
  const own = guessDdlDialect(text.slice(first.start, last.end));
  return own === 'postgres' ? fallback : own;
}

function parseStatement(tokens: readonly DdlToken[], dialect: DdlDialect): DdlStatement | undefined {
  const c = new Cursor(tokens);
  const start = tokens[0]?.start ?? 0;
  const end = tokens[tokens.length - 1]?.end ?? start;
  if (c.eat('CREATE')) {
    c.eatAll('OR', 'REPLACE');
    while (c.eatAny('TEMPORARY', 'TEMP', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'EXTERNAL', 'FOREIGN')) {
      /* modifiers */
    }
    if (c.eat('TYPE')) return parseCreateType(c, start, end);
    if (!c.eat('TABLE')) return undefined;
    return parseCreateTable(c, dialect, start, end);
  }
  if (c.eat('ALTER')) {
    if (c.eat('TYPE')) return parseAlterType(c, start, end);
    if (!c.eat('TABLE')) return undefined;
    return parseAlterTable(c, dialect, start, end);
  }
  if (c.eat('RENAME')) {
    if (!c.eatAny('TABLE', 'TABLES')) return undefined;
    const pairs: { from: QualifiedName; to: QualifiedName }[] = [];
    for (;;) {
      const from = c.qualifiedName();
      if (!from || !c.eat('TO')) break;
      const to = c.qualifiedName();
      if (!to) break;
      pairs.push({ from, to });
      if (!c.eatPunct(',')) break;
    }
    return pairs.length > 0 ? { kind: 'rename-tables', pairs, start, end } : undefined;
  }
  if (c.eat('DROP')) {
    c.eat('TEMPORARY');
    if (!c.eat('TABLE')) return undefined;
    c.eatAll('IF', 'EXISTS');
    const names: QualifiedName[] = [];
    for (;;) {
      const name = c.qualifiedName();
      if (!name) break;
      names.push(name);
      if (!c.eatPunct(',')) break;
    }
    return { kind: 'drop-tables', names, start, end };
  }
  return undefined;
}

function parseCreateType(c: Cursor, start: number, end: number): DdlStatement | undefined {
  const name = c.qualifiedName();
  if (!name || !c.eat('AS') || !c.eat('ENUM')) return undefined;
  const group = c.group('(', ')');
  if (!group) return undefined;
  const values = group.filter((t) => t.kind === 'string').map((t) => t.value);
  return { kind: 'create-enum', name, values, start, end };
}

function parseAlterType(c: Cursor, start: number, end: number): DdlStatement | undefined {
  const name = c.qualifiedName();
  if (!name || !c.eat('ADD') || !c.eat('VALUE')) return undefined;
  c.eatAll('IF', 'NOT', 'EXISTS');
  const value = c.peek();
  if (value?.kind !== 'string') return undefined;
  return { kind: 'alter-enum', name, add: value.value, start, end };
}

function parseCreateTable(c: Cursor, dialect: DdlDialect, start: number, end: number): CreateTable | undefined {
  c.eatAll('IF', 'NOT', 'EXISTS');
  const name = c.qualifiedName();
  if (!name) return undefined;
  if (c.eat('ON')) {
    c.eat('CLUSTER');
    c.next();
  }
  if (c.eat('UUID')) c.next();
  const body = c.group('(', ')');
  if (!body) return undefined;
  const table: CreateTable = { kind: 'create-table', name, columns: [], primaryKey: [], dialect, start, end };
  const checks: { column: string; values: string[] }[] = [];
  for (const part of splitTopLevel(body)) {
    const first = part[0];
    if (!first) continue;
    if (first.kind === 'word' && TABLE_ELEMENT_KEYWORDS.has(first.upper) && !looksLikeColumn(part)) {
      parseTableConstraint(part, table, checks);
      continue;
    }
    const column = parseColumn(part, dialect);
    if (column) table.columns.push(column);
  }
  for (const check of checks) {
    const column = table.columns.find((col) => sameName(col.name, check.column));
    if (column) column.checkValues = check.values;
  }
  const pk = new Set(table.primaryKey.map((k) => k.toLowerCase()));
  for (const column of table.columns) {
    if (pk.has(column.name.toLowerCase())) column.primaryKey = true;
  }
  return table;
}

const TABLE_ELEMENT_KEYWORDS: ReadonlySet<string> = new Set([
  'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK', 'EXCLUDE', 'INDEX', 'KEY', 'PROJECTION', 'WATERMARK', 'LIKE', 'PERIOD', 'FULLTEXT', 'SPATIAL',
]);

/** `key String` is a column named key; `PRIMARY KEY (id)` is not. */
function looksLikeColumn(part: readonly DdlToken[]): boolean {
  const first = part[0];
  const second = part[1];
  if (!first || !second) return false;
  if (first.upper === 'PRIMARY' || first.upper === 'FOREIGN') return second.upper !== 'KEY';
  if (first.upper === 'CONSTRAINT' || first.upper === 'CHECK' || first.upper === 'WATERMARK' || first.upper === 'LIKE' || first.upper === 'EXCLUDE') return false;
  if (first.upper === 'INDEX' || first.upper === 'PROJECTION') {
    // ClickHouse `INDEX idx expr TYPE minmax`: a name then an expression, never a bare type.
    return part.length === 2 || (part.length > 2 && part[2]?.kind === 'punct' && part[2].value === '(' && part.length <= 6 && !part.some((t) => t.upper === 'TYPE'));
  }
  if (first.upper === 'KEY' || first.upper === 'UNIQUE') return second.kind === 'word' && !(second.upper === 'KEY' || second.upper === 'INDEX') && part[2]?.value !== '(';
  return false;
}

function parseTableConstraint(part: readonly DdlToken[], table: CreateTable, checks: { column: string; values: string[] }[]): void {
  const c = new Cursor(part);
  if (c.eat('CONSTRAINT')) c.next();
  if (c.eatAll('PRIMARY', 'KEY')) {
    const cols = c.group('(', ')');
    if (cols) table.primaryKey.push(...cols.filter((t) => t.kind === 'word' || t.kind === 'quoted').map((t) => t.value));
    return;
  }
  if (c.eat('CHECK')) {
    const group = c.group('(', ')');
    const check = group && checkInList(group);
    if (check) checks.push(check);
  }
}

/** `col IN ('a', 'b')` or `col = ANY (ARRAY['a', 'b'])`: the column and the values. */
function checkInList(tokens: readonly DdlToken[]): { column: string; values: string[] } | undefined {
  // Postgres writes back `((status)::text = ANY ((ARRAY['a'::character varying, ...])::text[]))`.
  const words = tokens.filter((t) => t.kind === 'word' || t.kind === 'quoted');
  const column = words[0];
  if (!column) return undefined;
  const hasIn = tokens.some((t) => t.upper === 'IN') || (tokens.some((t) => t.upper === 'ANY') && tokens.some((t) => t.upper === 'ARRAY'));
  if (!hasIn) return undefined;
  if (tokens.some((t) => t.upper === 'AND' || t.upper === 'OR' || t.upper === 'NOT')) return undefined;
  const values = tokens.filter((t) => t.kind === 'string').map((t) => t.value);
  return values.length > 0 ? { column: column.value, values } : undefined;
}

const COLUMN_CONSTRAINT_KEYWORDS: ReadonlySet<string> = new Set([
  'NOT', 'NULL', 'DEFAULT', 'PRIMARY', 'REFERENCES', 'CHECK', 'UNIQUE', 'CONSTRAINT', 'GENERATED', 'COLLATE', 'MATERIALIZED', 'ALIAS',
  'EPHEMERAL', 'CODEC', 'TTL', 'COMMENT', 'METADATA', 'SETTINGS', 'AUTO_INCREMENT', 'AUTOINCREMENT', 'IDENTITY', 'AFTER', 'FIRST', 'AS',
  'STATISTICS', 'ON', 'CHARACTER', 'VIRTUAL', 'STORED', 'REMOVE', 'COMPRESSION', 'STORAGE', 'USING',
]);

/** A column definition: `name type constraints...` (or a Flink computed column `name AS expr`). */
export function parseColumn(part: readonly DdlToken[], dialect: DdlDialect): DdlColumn | undefined {
  const nameToken = part[0];
  if (!nameToken || (nameToken.kind !== 'word' && nameToken.kind !== 'quoted')) return undefined;
  const last = part[part.length - 1] ?? nameToken;
  const column: DdlColumn = {
    name: nameToken.value,
    nameStart: nameToken.start,
    nameEnd: nameToken.end,
    notNull: false,
    explicitNull: false,
    primaryKey: false,
    hasDefault: false,
    start: nameToken.start,
    end: last.end,
  };
  const c = new Cursor(part, 1);
  if (dialect === 'flink' && c.peek()?.upper === 'AS') {
    column.filled = 'computed';
    return column;
  }
  // `CHARACTER VARYING` starts a type; other constraint words (`DEFAULT now()` with no type) do not.
  const startsType = (t: DdlToken | undefined) =>
    t !== undefined && (t.kind === 'word' || t.kind === 'quoted') && (!COLUMN_CONSTRAINT_KEYWORDS.has(t.upper) || t.upper === 'CHARACTER');
  if (startsType(c.peek())) column.type = parseType(c, dialect);
  parseColumnConstraints(c, column);
  return column;
}

function parseColumnConstraints(c: Cursor, column: DdlColumn): void {
  while (!c.done()) {
    const t = c.peek();
    if (!t) break;
    if (c.eat('NOT')) {
      if (c.eat('NULL')) column.notNull = true;
      continue;
    }
    if (c.eat('NULL')) {
      column.explicitNull = true;
      continue;
    }
    if (c.eat('PRIMARY')) {
      c.eat('KEY');
      column.primaryKey = true;
      continue;
    }
    if (c.eatAny('DEFAULT')) {
      column.hasDefault = true;
      column.filled ??= 'default';
      c.skipExpression();
      continue;
    }
    if (c.eat('MATERIALIZED')) {
      column.filled = 'materialized';
      c.skipExpression();
      continue;
    }
    if (c.eat('ALIAS')) {
      column.filled = 'alias';
      c.skipExpression();
      continue;
    }
    if (c.eat('EPHEMERAL')) {
      column.filled = 'ephemeral';
      c.skipExpression();
      continue;
    }
    if (c.eat('GENERATED')) {
      const rest = c.restUpper();
      column.filled = rest.includes('IDENTITY') ? 'identity' : 'generated';
      c.skipExpression();
      continue;
    }
    if (c.eatAny('AUTO_INCREMENT', 'AUTOINCREMENT', 'IDENTITY')) {
      column.filled = 'identity';
      if (c.peekPunct('(')) c.group('(', ')');
      continue;
    }
    if (c.eat('METADATA')) {
      column.filled = 'metadata';
      c.skipExpression();
      continue;
    }
    if (c.eat('AS')) {
      // Postgres/MySQL `AS (expr) STORED`, ClickHouse-less dialects: a generated column.
      column.filled = 'generated';
      c.skipExpression();
      continue;
    }
    if (c.eat('CHECK')) {
      const group = c.group('(', ')');
      const check = group && checkInList(group);
      if (check) column.checkValues = check.values;
      continue;
    }
    c.next();
  }
}

// ---------------------------------------------------------------------------------------------
// Types

const MULTI_WORD_TYPES: readonly string[][] = [
  ['DOUBLE', 'PRECISION'],
  ['CHARACTER', 'VARYING'],
  ['BIT', 'VARYING'],
];
const GENERIC_TYPES: ReadonlySet<string> = new Set(['ARRAY', 'ROW', 'MAP', 'MULTISET']);

/** Reads a type at the cursor. */
export function parseType(c: Cursor, dialect: DdlDialect, depth = 0): SqlType {
  const first = c.next();
  const startOffset = first?.start ?? 0;
  if (!first || depth > 32) return { name: '', args: [], arrayDims: 0, text: '' };
  let name = first.value;
  for (const words of MULTI_WORD_TYPES) {
    if (first.upper === words[0] && c.peek()?.upper === words[1]) {
      c.next();
      name = words.join(' ').toLowerCase();
    }
  }
  const type: SqlType = { name, args: [], arrayDims: 0, text: '' };
  if (c.peekPunct('<') && GENERIC_TYPES.has(first.upper)) {
    type.args = parseTypeArgs(c, '<', '>', dialect, depth);
  } else if (c.peekPunct('(')) {
    type.args = parseTypeArgs(c, '(', ')', dialect, depth);
  }
  // `timestamp(3) with time zone`, `TIMESTAMP(3) WITH LOCAL TIME ZONE`, `time without time zone`.
  if ((first.upper === 'TIMESTAMP' || first.upper === 'TIME') && c.peek()?.upper !== undefined && (c.peek()?.upper === 'WITH' || c.peek()?.upper === 'WITHOUT')) {
    const words: string[] = [first.upper];
    while (c.peek()?.kind === 'word' && ['WITH', 'WITHOUT', 'LOCAL', 'TIME', 'ZONE'].includes(c.peek()?.upper ?? '')) words.push(c.next()?.upper ?? '');
    type.name = words.join(' ');
  }
  for (;;) {
    if (c.peekPunct('[')) {
      c.group('[', ']');
      type.arrayDims++;
      continue;
    }
    if (dialect === 'postgres' && c.peek()?.upper === 'ARRAY') {
      c.next();
      type.arrayDims++;
      continue;
    }
    break;
  }
  if (depth > 0 && c.peek()?.upper === 'NOT' && c.peekAt(1)?.upper === 'NULL') {
    c.next();
    c.next();
    type.notNull = true;
  } else if (depth > 0 && c.peek()?.upper === 'NULL') {
    c.next();
  }
  type.text = c.textSince(startOffset);
  return type;
}

function parseTypeArgs(c: Cursor, open: string, close: string, dialect: DdlDialect, depth: number): SqlTypeArg[] {
  const group = c.group(open, close);
  if (!group) return [];
  const args: SqlTypeArg[] = [];
  for (const part of splitTopLevel(group)) {
    const first = part[0];
    if (!first) continue;
    if (first.kind === 'string') {
      args.push({ kind: 'literal', value: first.value, text: tokenText(part) });
      continue;
    }
    if (first.kind === 'number' || (first.kind === 'punct' && first.value === '-')) {
      args.push({ kind: 'literal', value: part.map((t) => t.value).join(''), text: tokenText(part) });
      continue;
    }
    const second = part[1];
    // `a String` / `sku STRING NOT NULL`: a named field of a Tuple, Nested or ROW.
    const named = (first.kind === 'word' || first.kind === 'quoted') && second !== undefined && (second.kind === 'word' || second.kind === 'quoted');
    const inner = new Cursor(part, named ? 1 : 0);
    const type = parseType(inner, dialect, depth + 1);
    args.push(named ? { kind: 'type', type, name: first.value, nameStart: first.start, nameEnd: first.end } : { kind: 'type', type });
  }
  return args;
}

/** Splits a token list at commas outside (), [] and type <> brackets. */
export function splitTopLevel(tokens: readonly DdlToken[]): DdlToken[][] {
  const parts: DdlToken[][] = [];
  let current: DdlToken[] = [];
  let depth = 0;
  let angle = 0;
  let previous: DdlToken | undefined;
  for (const t of tokens) {
    if (t.kind === 'punct') {
      if (t.value === '(' || t.value === '[') depth++;
      else if ((t.value === ')' || t.value === ']') && depth > 0) depth--;
      else if (t.value === '<' && (angle > 0 || (previous !== undefined && GENERIC_TYPES.has(previous.upper)))) angle++;
      else if (t.value === '>' && angle > 0) angle--;
      else if (t.value === ',' && depth === 0 && angle === 0) {
        parts.push(current);
        current = [];
        previous = t;
        continue;
      }
    }
    current.push(t);
    previous = t;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

function tokenText(tokens: readonly DdlToken[]): string {
  return tokens.map((t) => (t.kind === 'string' ? `'${t.value}'` : t.value)).join(' ');
}

// ---------------------------------------------------------------------------------------------
// ALTER TABLE

function parseAlterTable(c: Cursor, dialect: DdlDialect, start: number, end: number): DdlStatement | undefined {
  c.eatAll('IF', 'EXISTS');
  c.eat('ONLY');
  const name = c.qualifiedName();
  if (!name) return undefined;
  if (c.eat('ON')) {
    c.eat('CLUSTER');
    c.next();
  }
  const actions: AlterAction[] = [];
  for (const part of splitTopLevel(c.rest())) {
    const action = parseAlterAction(part, dialect);
    if (action) actions.push(action);
  }
  return { kind: 'alter-table', name, actions, dialect, start, end };
}

function parseAlterAction(part: readonly DdlToken[], dialect: DdlDialect): AlterAction | undefined {
  const c = new Cursor(part);
  if (c.eat('ADD')) {
    if (c.eat('CONSTRAINT')) c.next();
    if (c.eat('CHECK')) {
      const group = c.group('(', ')');
      const check = group && checkInList(group);
      return check ? { kind: 'add-check', column: check.column, values: check.values } : undefined;
    }
    const kw = c.peek()?.upper;
    if (kw === 'INDEX' || kw === 'PROJECTION' || kw === 'PRIMARY' || kw === 'UNIQUE' || kw === 'FOREIGN' || kw === 'STATISTICS') return undefined;
    c.eat('COLUMN');
    c.eatAll('IF', 'NOT', 'EXISTS');
    const column = parseColumn(c.rest(), dialect);
    return column ? { kind: 'add-column', column } : undefined;
  }
  if (c.eat('DROP')) {
    const kw = c.peek()?.upper;
    if (kw === 'CONSTRAINT' || kw === 'INDEX' || kw === 'PROJECTION' || kw === 'PARTITION' || kw === 'PRIMARY' || kw === 'STATISTICS') return undefined;
    c.eat('COLUMN');
    c.eatAll('IF', 'EXISTS');
    const name = c.identifier();
    return name ? { kind: 'drop-column', name: name.value } : undefined;
  }
  if (c.eat('RENAME')) {
    if (c.eat('TO')) {
      const to = c.qualifiedName();
      return to ? { kind: 'rename-table', to } : undefined;
    }
    if (c.peek()?.upper === 'CONSTRAINT' || c.peek()?.upper === 'INDEX') return undefined;
    c.eat('COLUMN');
    c.eatAll('IF', 'EXISTS');
    const from = c.identifier();
    if (!from || !c.eat('TO')) return undefined;
    const to = c.identifier();
    return to ? { kind: 'rename-column', from: from.value, to: to.value, toStart: to.start, toEnd: to.end } : undefined;
  }
  if (c.eat('MODIFY')) {
    c.eat('COLUMN');
    c.eatAll('IF', 'EXISTS');
    const rest = c.rest();
    const column = parseColumn(rest, dialect);
    if (!column) return undefined;
    return {
      kind: 'modify-column',
      column,
      hasType: column.type !== undefined,
      removeDefault: rest.some((t, i) => t.upper === 'REMOVE' && rest[i + 1]?.upper === 'DEFAULT'),
    };
  }
  if (c.eat('CHANGE')) {
    // MySQL `CHANGE [COLUMN] old new type ...`: a rename plus a new definition; the new name wins.
    c.eat('COLUMN');
    const from = c.identifier();
    const column = parseColumn(c.rest(), dialect);
    if (!from || !column) return undefined;
    return { kind: 'modify-column', column: { ...column }, hasType: column.type !== undefined, removeDefault: false };
  }
  if (c.eat('ALTER')) {
    c.eat('COLUMN');
    const name = c.identifier();
    if (!name) return undefined;
    if (c.eat('TYPE') || c.eatAll('SET', 'DATA', 'TYPE')) {
      return { kind: 'alter-column', name: name.value, change: 'type', type: parseType(c, dialect) };
    }
    const words = c.restUpper();
    if (words.startsWith('SET NOT NULL')) return { kind: 'alter-column', name: name.value, change: 'set-not-null' };
    if (words.startsWith('DROP NOT NULL')) return { kind: 'alter-column', name: name.value, change: 'drop-not-null' };
    if (words.startsWith('SET DEFAULT')) return { kind: 'alter-column', name: name.value, change: 'set-default' };
    if (words.startsWith('DROP DEFAULT')) return { kind: 'alter-column', name: name.value, change: 'drop-default' };
    if (words.startsWith('ADD GENERATED')) return { kind: 'alter-column', name: name.value, change: 'identity' };
    return undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Cursor

export class Cursor {
  #i: number;

  constructor(
    readonly tokens: readonly DdlToken[],
    start = 0,
  ) {
    this.#i = start;
  }

  done(): boolean {
    return this.#i >= this.tokens.length;
  }

  peek(): DdlToken | undefined {
    return this.tokens[this.#i];
  }

  peekAt(offset: number): DdlToken | undefined {
    return this.tokens[this.#i + offset];
  }

  peekPunct(value: string): boolean {
    const t = this.peek();
    return t?.kind === 'punct' && t.value === value;
  }

  next(): DdlToken | undefined {
    const t = this.tokens[this.#i];
    if (t) this.#i++;
    return t;
  }

  eat(word: string): boolean {
    const t = this.peek();
    if (t?.kind === 'word' && t.upper === word) {
      this.#i++;
      return true;
    }
    return false;
  }

  /** Eats the words in order when all of them are next; otherwise nothing. */
  eatAll(...words: string[]): boolean {
    if (!words.every((w, k) => this.peekAt(k)?.kind === 'word' && this.peekAt(k)?.upper === w)) return false;
    this.#i += words.length;
    return true;
  }

  eatAny(...words: string[]): boolean {
    return words.some((w) => this.eat(w));
  }

  eatPunct(value: string): boolean {
    if (!this.peekPunct(value)) return false;
    this.#i++;
    return true;
  }

  identifier(): DdlToken | undefined {
    const t = this.peek();
    if (t?.kind === 'word' || t?.kind === 'quoted') {
      this.#i++;
      return t;
    }
    return undefined;
  }

  /** `a`, `db.a`, `"db"."a"`, `` `db`.`a` ``. */
  qualifiedName(): QualifiedName | undefined {
    const first = this.identifier();
    if (!first) return undefined;
    const parts = [first.value];
    let end = first.end;
    while (this.peekPunct('.')) {
      const after = this.peekAt(1);
      if (after?.kind !== 'word' && after?.kind !== 'quoted') break;
      this.#i += 2;
      parts.push(after.value);
      end = after.end;
    }
    return { parts, start: first.start, end };
  }

  /** The tokens inside the bracket group at the cursor (brackets excluded), or undefined. */
  group(open: string, close: string): DdlToken[] | undefined {
    if (!this.peekPunct(open)) return undefined;
    let depth = 0;
    const start = this.#i;
    for (let j = this.#i; j < this.tokens.length; j++) {
      const t = this.tokens[j];
      if (t?.kind !== 'punct') continue;
      if (t.value === open) depth++;
      else if (t.value === close) {
        depth--;
        if (depth === 0) {
          this.#i = j + 1;
          return this.tokens.slice(start + 1, j);
        }
      }
    }
    this.#i = this.tokens.length;
    return this.tokens.slice(start + 1);
  }

  /** Skips one expression: up to the next constraint keyword at bracket depth 0. */
  skipExpression(): void {
    let depth = 0;
    while (!this.done()) {
      const t = this.peek();
      if (!t) return;
      if (t.kind === 'punct' && (t.value === '(' || t.value === '[')) depth++;
      else if (t.kind === 'punct' && (t.value === ')' || t.value === ']')) depth--;
      else if (depth === 0 && t.kind === 'word' && STOP_AFTER_EXPRESSION.has(t.upper)) return;
      this.#i++;
    }
  }

  rest(): DdlToken[] {
    const out = this.tokens.slice(this.#i);
    this.#i = this.tokens.length;
    return out;
  }

  restUpper(): string {
    return this.tokens
      .slice(this.#i)
      .map((t) => t.upper || t.value)
      .join(' ');
  }

  /** Source text from `start` to the last token read, rebuilt from tokens (types are short). */
  textSince(start: number): string {
    const used = this.tokens.slice(0, this.#i).filter((t) => t.start >= start);
    let out = '';
    let previous: DdlToken | undefined;
    for (const t of used) {
      const raw = t.kind === 'string' ? `'${t.value}'` : t.kind === 'quoted' ? t.value : t.value;
      const glue = previous === undefined || previous.end === t.start ? '' : ' ';
      out += glue + raw;
      previous = t;
    }
    return out;
  }
}

const STOP_AFTER_EXPRESSION: ReadonlySet<string> = new Set([
  'NOT', 'NULL', 'DEFAULT', 'PRIMARY', 'REFERENCES', 'CHECK', 'UNIQUE', 'CONSTRAINT', 'COLLATE', 'CODEC', 'TTL', 'COMMENT', 'SETTINGS',
  'MATERIALIZED', 'ALIAS', 'EPHEMERAL', 'VIRTUAL', 'AFTER', 'FIRST',
]);

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

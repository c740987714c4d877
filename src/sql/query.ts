/**
 * SELECT blocks and their clauses, found by keyword at one parenthesis level. Subqueries are
 * blocks of their own (inside their group); a block never looks into them.
 */
import { isGroup, isPunct, isSubquery, isWord, splitCommas, type Group, type SqlNode, type Statement } from './structure.js';

export type ClauseName =
  | 'SELECT'
  | 'FROM'
  | 'WHERE'
  | 'GROUP BY'
  | 'HAVING'
  | 'WINDOW'
  | 'QUALIFY'
  | 'ORDER BY'
  | 'PARTITION BY'
  | 'EMIT'
  | 'OTHER';

export interface Clause {
  name: ClauseName;
  /** Offsets of the clause keyword(s), e.g. `GROUP BY`. */
  keywordStart: number;
  keywordEnd: number;
  /** What follows the keyword up to the next clause. */
  nodes: SqlNode[];
  end: number;
}

export interface SelectBlock {
  /** Offset of the SELECT keyword. */
  start: number;
  end: number;
  clauses: Clause[];
}

export function clause(block: SelectBlock, name: ClauseName): Clause | undefined {
  return block.clauses.find((c) => c.name === name);
}

const SET_OPERATORS = new Set(['UNION', 'INTERSECT', 'EXCEPT', 'MINUS']);

/** Is `level[i]` the start of a clause of the current block? Returns its name and keyword length. */
function clauseAt(level: readonly SqlNode[], i: number): { name: ClauseName; length: number } | 'end' | undefined {
  const node = level[i];
  if (!isWord(node)) return undefined;
  const next = level[i + 1];
  switch (node.upper) {
    case 'SELECT':
      return 'end';
    case 'UNION':
    case 'INTERSECT':
    case 'EXCEPT':
    case 'MINUS':
      return 'end';
    case 'FROM': {
      // `a IS [NOT] DISTINCT FROM b` is an operator, not a clause.
      return isWord(level[i - 1], 'DISTINCT') ? undefined : { name: 'FROM', length: 1 };
    }
    case 'WHERE':
    case 'PREWHERE':
      return { name: 'WHERE', length: 1 };
    case 'HAVING':
      return { name: 'HAVING', length: 1 };
    case 'QUALIFY':
      return { name: 'QUALIFY', length: 1 };
    case 'GROUP':
      return isWord(next, 'BY') ? { name: 'GROUP BY', length: 2 } : undefined;
    case 'ORDER':
      return isWord(next, 'BY') ? { name: 'ORDER BY', length: 2 } : undefined;
    case 'PARTITION':
      return isWord(next, 'BY') ? { name: 'PARTITION BY', length: 2 } : undefined;
    case 'WINDOW':
      if (isWord(next, 'TUMBLING', 'HOPPING', 'SESSION')) return { name: 'WINDOW', length: 1 };
      return (isWord(next) || next?.kind === 'quoted') && isWord(level[i + 2], 'AS') ? { name: 'WINDOW', length: 1 } : undefined;
    case 'EMIT':
      return isWord(next, 'CHANGES', 'FINAL', 'ON') ? { name: 'EMIT', length: 1 } : undefined;
    case 'LIMIT':
    case 'OFFSET':
    case 'SETTINGS':
    case 'RETURNING':
    case 'INTO':
      return { name: 'OTHER', length: 1 };
    case 'FETCH':
      return isWord(next, 'FIRST', 'NEXT') ? { name: 'OTHER', length: 1 } : undefined;
    case 'FORMAT':
      return isWord(next) && (level[i + 2] === undefined || isWord(level[i + 2], 'SETTINGS')) ? { name: 'OTHER', length: 1 } : undefined;
    case 'FOR':
      return isWord(next, 'UPDATE', 'SHARE', 'NO', 'KEY') ? { name: 'OTHER', length: 1 } : undefined;
    case 'WITH':
      return isWord(next, 'TOTALS', 'ROLLUP', 'CUBE', 'NO', 'DATA', 'TIES', 'FILL') ? { name: 'OTHER', length: 1 } : undefined;
    case 'ON':
      return isWord(next, 'CONFLICT', 'DUPLICATE') ? { name: 'OTHER', length: 1 } : undefined;
    default:
      return undefined;
  }
}

/** SELECT blocks at one level (not inside its groups). */
export function selectBlocksAt(level: readonly SqlNode[]): SelectBlock[] {
  const blocks: SelectBlock[] = [];
  let i = 0;
  while (i < level.length) {
    const node = level[i];
    if (!isWord(node, 'SELECT')) {
      i++;
      continue;
    }
    const clauses: Clause[] = [];
    let current: Clause = { name: 'SELECT', keywordStart: node.start, keywordEnd: node.end, nodes: [], end: node.end };
    clauses.push(current);
    let j = i + 1;
    for (; j < level.length; j++) {
      const found = clauseAt(level, j);
      if (found === 'end') break;
      const at = level[j];
      if (!at) break;
      if (found) {
        const last = level[j + found.length - 1] ?? at;
        current = { name: found.name, keywordStart: at.start, keywordEnd: last.end, nodes: [], end: last.end };
        clauses.push(current);
        j += found.length - 1;
        continue;
      }
      current.nodes.push(at);
      current.end = at.end;
    }
    blocks.push({ start: node.start, end: clauses.reduce((e, c) => Math.max(e, c.end), node.end), clauses });
    const stop = level[j];
    i = isWord(stop) && SET_OPERATORS.has(stop.upper) ? j + 1 : j;
  }
  return blocks;
}

/** Every SELECT block of a statement, at any depth, outermost first. */
export function allSelectBlocks(nodes: readonly SqlNode[]): SelectBlock[] {
  const blocks: SelectBlock[] = [];
  const levels: (readonly SqlNode[])[] = [nodes];
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] ?? [];
    blocks.push(...selectBlocksAt(level));
    for (const node of level) if (isGroup(node)) levels.push(node.children);
  }
  return blocks;
}

/**
 * Nodes of a clause and of the groups inside it that are not subqueries (function arguments,
 * parenthesised expressions), visited depth first. Subqueries belong to their own block.
 */
export function* expressionNodes(nodes: readonly SqlNode[]): Generator<{ node: SqlNode; level: readonly SqlNode[]; index: number }> {
  const stack: { level: readonly SqlNode[]; index: number }[] = [{ level: nodes, index: 0 }];
  while (stack.length > 0) {
    const frame = stack.at(-1);
    if (!frame) break;
    const index = frame.index++;
    const node = frame.level[index];
    if (node === undefined) {
      stack.pop();
      continue;
    }
    yield { node, level: frame.level, index };
    if (isGroup(node) && !isSubquery(node)) stack.push({ level: node.children, index: 0 });
  }
}

/** A qualified or quoted name (`db.t`, `"t"`, `` `t` ``) starting at `level[i]`: its last part and length. */
export function nameAt(level: readonly SqlNode[], i: number): { name: string; parts: string[]; length: number } | undefined {
  const parts: string[] = [];
  let j = i;
  for (;;) {
    const node = level[j];
    if (!node || (node.kind !== 'word' && node.kind !== 'quoted')) return undefined;
    parts.push(node.value);
    if (isPunct(level[j + 1], '.') && (level[j + 2]?.kind === 'word' || level[j + 2]?.kind === 'quoted')) {
      j += 2;
      continue;
    }
    const last = parts.at(-1) ?? '';
    return { name: last, parts, length: j - i + 1 };
  }
}

const NOT_TABLE_WORDS = new Set(['LATERAL', 'ONLY', 'UNNEST', 'TABLE', 'FINAL', 'AS', 'ON', 'USING', 'NATURAL']);

/** Tables named in a FROM clause (joins and comma lists), not those inside subqueries. Lower-cased last parts. */
export function fromTables(from: Clause | undefined): string[] {
  if (!from) return [];
  const names: string[] = [];
  const level = from.nodes;
  let expectTable = true;
  for (let i = 0; i < level.length; i++) {
    const node = level[i];
    if (isPunct(node, ',') || isWord(node, 'JOIN')) {
      expectTable = true;
      continue;
    }
    if (!expectTable) continue;
    if (isWord(node) && NOT_TABLE_WORDS.has(node.upper)) continue;
    if (isGroup(node)) {
      // A derived table: its alias is not a table.
      expectTable = false;
      continue;
    }
    const name = nameAt(level, i);
    if (name) names.push(name.name.toLowerCase());
    expectTable = false;
  }
  // `TABLE(TUMBLE(TABLE t, …))` and `TUMBLE(t, …)`: the table inside the window function.
  for (const { node, level: inner, index } of expressionNodes(level)) {
    if (isWord(node, 'TABLE') && !isGroup(inner[index + 1])) {
      const name = nameAt(inner, index + 1);
      if (name) names.push(name.name.toLowerCase());
    }
  }
  return [...new Set(names)];
}

/** `WITH a AS (…), b AS (…)` at the start of a statement: CTE name (lower case) -> its group. */
export function commonTableExpressions(statement: Statement): Map<string, Group> {
  const ctes = new Map<string, Group>();
  const nodes = statement.nodes;
  const withIndex = nodes.findIndex((n) => isWord(n, 'WITH'));
  if (withIndex === -1) return ctes;
  let i = withIndex + 1;
  if (isWord(nodes[i], 'RECURSIVE')) i++;
  while (i < nodes.length) {
    const name = nameAt(nodes, i);
    if (!name) break;
    let j = i + name.length;
    // Optional column list: name (a, b) AS (…)
    if (isGroup(nodes[j]) && isWord(nodes[j + 1], 'AS')) j++;
    if (!isWord(nodes[j], 'AS')) break;
    j++;
    if (isWord(nodes[j], 'MATERIALIZED') || (isWord(nodes[j], 'NOT') && isWord(nodes[j + 1], 'MATERIALIZED'))) j += isWord(nodes[j], 'NOT') ? 2 : 1;
    const body = nodes[j];
    if (!isGroup(body)) break;
    ctes.set(name.name.toLowerCase(), body);
    if (!isPunct(nodes[j + 1], ',')) break;
    i = j + 2;
  }
  return ctes;
}

/** The table a statement writes: `INSERT INTO t`, `CREATE [OR REPLACE] [MATERIALIZED] VIEW|TABLE|STREAM t … AS`. */
export function statementTarget(statement: Statement): string | undefined {
  const nodes = statement.nodes;
  const first = nodes[0];
  if (isWord(first, 'INSERT') || isWord(first, 'UPSERT')) {
    const into = nodes.findIndex((n, i) => i < 4 && isWord(n, 'INTO', 'OVERWRITE'));
    if (into === -1) return undefined;
    const at = isWord(nodes[into + 1], 'TABLE') ? into + 2 : into + 1;
    return nameAt(nodes, at)?.name.toLowerCase();
  }
  if (isWord(first, 'CREATE')) {
    for (let i = 1; i < Math.min(nodes.length, 10); i++) {
      if (isWord(nodes[i], 'VIEW', 'TABLE', 'STREAM', 'SINK')) {
        let j = i + 1;
        if (isWord(nodes[j], 'IF') && isWord(nodes[j + 1], 'NOT') && isWord(nodes[j + 2], 'EXISTS')) j += 3;
        return nameAt(nodes, j)?.name.toLowerCase();
      }
    }
  }
  return undefined;
}

/** Items of a comma-separated clause such as GROUP BY or a SELECT list. */
export function clauseItems(c: Clause | undefined): SqlNode[][] {
  if (!c) return [];
  return splitCommas(c.nodes).filter((item) => item.length > 0);
}

export interface SelectItem {
  /** Output name, lower case: `expr AS name`, `expr name`, or a bare column's own name. */
  name: string | undefined;
  /** The expression without its alias. */
  expression: SqlNode[];
}

const NOT_ALIASES = new Set(['END', 'NULL', 'TRUE', 'FALSE', 'DESC', 'ASC', 'FIRST', 'LAST', 'NULLS', 'DISTINCT', 'ALL']);

/** The items of a SELECT list with their output names. `DISTINCT`/`ALL`/`DISTINCT ON (…)` are dropped. */
export function selectItems(select: Clause | undefined): SelectItem[] {
  const items = clauseItems(select);
  const first = items[0];
  if (first) {
    let skip = 0;
    if (isWord(first[0], 'DISTINCT', 'ALL')) skip = 1;
    if (skip === 1 && isWord(first[1], 'ON') && isGroup(first[2])) skip = 3;
    items[0] = first.slice(skip);
  }
  return items.filter((item) => item.length > 0).map(selectItem);
}

function selectItem(item: SqlNode[]): SelectItem {
  const last = item.at(-1);
  const beforeLast = item.at(-2);
  const isName = last !== undefined && (last.kind === 'quoted' || (last.kind === 'word' && !NOT_ALIASES.has(last.upper)));
  if (isName && item.length >= 3 && isWord(beforeLast, 'AS')) return { name: last.value.toLowerCase(), expression: item.slice(0, -2) };
  const bare = nameAt(item, 0);
  if (bare && bare.length === item.length) return { name: bare.name.toLowerCase(), expression: item };
  // `expr alias` without AS, after something that cannot be continued by a bare word.
  if (isName && beforeLast !== undefined && !isPunct(beforeLast, '.') && beforeLast.kind !== 'op' && beforeLast.kind !== 'punct') {
    return { name: last.value.toLowerCase(), expression: item.slice(0, -1) };
  }
  return { name: undefined, expression: item };
}

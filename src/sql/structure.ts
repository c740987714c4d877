/**
 * The shape of SQL text, as far as the window checks need it: statements, parenthesised groups,
 * SELECT blocks and their clauses. It is a scanner, not a parser: it knows where clauses start
 * and where parentheses close, and treats everything else as opaque tokens, so dialect syntax it
 * has never seen (`WINDOW TUMBLING (SIZE 1 MINUTE)`, `TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), ..))`,
 * `LowCardinality(String)`) passes through untouched. A statement whose parentheses do not
 * balance is marked so that checks can skip it instead of guessing.
 */
import type { SqlComment, Token, Tokenized } from './tokenize.js';

export interface Group {
  kind: 'group';
  open: Token;
  close: Token | undefined;
  children: SqlNode[];
  start: number;
  end: number;
}

export type SqlNode = Token | Group;

export interface Statement {
  nodes: SqlNode[];
  start: number;
  end: number;
  /** Comments inside the statement and those between the previous statement and this one. */
  comments: SqlComment[];
  /** False when parentheses do not match or nest too deeply: the structure cannot be trusted. */
  balanced: boolean;
}

/** Deeper nesting than this is not SQL anyone writes by hand; such statements are skipped. */
export const MAX_NESTING = 64;

export function isGroup(node: SqlNode | undefined): node is Group {
  return node !== undefined && node.kind === 'group';
}

export function isToken(node: SqlNode | undefined): node is Token {
  return node !== undefined && node.kind !== 'group';
}

export type WordToken = Token & { kind: 'word' };
export type PunctToken = Token & { kind: 'punct' };

/** A word token with one of the given upper-case spellings. (A false result says nothing about other tokens.) */
export function isWord(node: SqlNode | undefined, ...words: string[]): node is WordToken {
  return node !== undefined && node.kind === 'word' && (words.length === 0 || words.includes(node.upper));
}

export function isPunct(node: SqlNode | undefined, text: string): node is PunctToken {
  return node !== undefined && node.kind === 'punct' && node.text === text;
}

export function nodeStart(node: SqlNode): number {
  return node.start;
}

export function nodeEnd(node: SqlNode): number {
  return node.end;
}

/** Splits the tokens into statements at top-level `;` and builds the parenthesis tree of each. */
export function splitStatements(tokenized: Tokenized): Statement[] {
  const statements: Statement[] = [];
  const { tokens, comments } = tokenized;
  let stack: Group[] = [];
  let top: SqlNode[] = [];
  let balanced = true;
  let depthExceeded = false;
  let previousEnd = 0;

  const current = (): SqlNode[] => stack.at(-1)?.children ?? top;
  // Comments come in text order, so each statement takes the next run of them.
  let nextComment = 0;
  const commentsBetween = (from: number, to: number): SqlComment[] => {
    const taken: SqlComment[] = [];
    for (let c = comments[nextComment]; c !== undefined && c.start < to; c = comments[++nextComment]) {
      if (c.start >= from) taken.push(c);
    }
    return taken;
  };

  const finish = (end: number) => {
    if (stack.length > 0) balanced = false;
    // Close whatever is still open so the tree stays usable for offsets.
    while (stack.length > 0) {
      const group = stack.pop();
      if (group) group.end = group.children.at(-1)?.end ?? group.open.end;
    }
    const first = top[0];
    const last = top.at(-1);
    if (first && last) {
      statements.push({
        nodes: top,
        start: first.start,
        end: last.end,
        comments: commentsBetween(previousEnd, end),
        balanced: balanced && !depthExceeded,
      });
    }
    previousEnd = end;
    top = [];
    stack = [];
    balanced = true;
    depthExceeded = false;
  };

  for (const token of tokens) {
    if (token.kind === 'punct' && token.text === ';') {
      // A comment on the same line after the `;` (`SELECT …; -- rta: global-window`) is about
      // the statement it ends, not the next one.
      let end = token.end;
      for (let c = nextComment; c < comments.length; c++) {
        const comment = comments[c];
        if (!comment || comment.start < end) continue;
        if (/[\r\n]/.test(tokenized.text.slice(end, comment.start))) break;
        end = comment.end;
      }
      finish(end);
      continue;
    }
    if (token.kind === 'punct' && (token.text === '(' || token.text === '[')) {
      const group: Group = { kind: 'group', open: token, close: undefined, children: [], start: token.start, end: token.end };
      current().push(group);
      stack.push(group);
      if (stack.length > MAX_NESTING) depthExceeded = true;
      continue;
    }
    if (token.kind === 'punct' && (token.text === ')' || token.text === ']')) {
      const group = stack.pop();
      if (!group) {
        balanced = false;
        continue;
      }
      if ((group.open.text === '(') !== (token.text === ')')) balanced = false;
      group.close = token;
      group.end = token.end;
      continue;
    }
    current().push(token);
  }
  finish(Number.MAX_SAFE_INTEGER);
  return statements;
}

/** Tokens of a node sequence, depth first; a group yields its opening bracket, then its content. */
export function* tokensOf(nodes: readonly SqlNode[]): Generator<Token> {
  const stack: { nodes: readonly SqlNode[]; index: number }[] = [{ nodes, index: 0 }];
  while (stack.length > 0) {
    const frame = stack.at(-1);
    if (!frame) break;
    const node = frame.nodes[frame.index++];
    if (node === undefined) {
      stack.pop();
      continue;
    }
    if (node.kind === 'group') {
      yield node.open;
      stack.push({ nodes: node.children, index: 0 });
    } else {
      yield node;
    }
  }
}

/** Splits a node sequence at top-level commas. Empty parts are kept (they mean malformed SQL). */
export function splitCommas(nodes: readonly SqlNode[]): SqlNode[][] {
  const parts: SqlNode[][] = [[]];
  for (const node of nodes) {
    if (isPunct(node, ',')) parts.push([]);
    else parts.at(-1)?.push(node);
  }
  return parts;
}

/** The first group of a subquery: `(SELECT …)` or `(WITH … SELECT …)`. */
export function isSubquery(node: SqlNode | undefined): boolean {
  if (!isGroup(node)) return false;
  const first = node.children[0];
  return isWord(first, 'SELECT', 'WITH', 'VALUES') || (isGroup(first) && node.children.length === 1 && isSubquery(first));
}

export interface Range {
  start: number;
  end: number;
}

export function rangeOf(nodes: readonly SqlNode[]): Range | undefined {
  const first = nodes[0];
  const last = nodes.at(-1);
  return first && last ? { start: first.start, end: last.end } : undefined;
}

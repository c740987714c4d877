/**
 * SQL embedded in JavaScript or TypeScript source: string literals, template literals and `+`
 * concatenations of them. The SQL text is the *cooked* value (escapes decoded), and every
 * character remembers where it came from in the source, so a clause found in the SQL is reported
 * at its exact line and column inside the literal. Substitutions (`${expr}`) and operands that are
 * not literals become one placeholder character each.
 */
import { PLACEHOLDER_CHAR } from './tokenize.js';

export type EmbeddedPart =
  /** The raw source text between the quotes of a '…' or "…" literal, and the offset of its first character. */
  | { kind: 'string'; raw: string; offset: number }
  /** The raw source text of one template chunk (between `` ` ``/`}` and `${`/`` ` ``). */
  | { kind: 'template'; raw: string; offset: number }
  /** A substitution or a non-literal operand, by its source range. */
  | { kind: 'hole'; start: number; end: number };

export interface EmbeddedSql {
  text: string;
  /** Source offset where each character of `text` starts. */
  starts: number[];
  /** Source offset where each character of `text` ends. */
  ends: number[];
}

export function embeddedSql(parts: readonly EmbeddedPart[]): EmbeddedSql {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const emit = (chars: string, start: number, end: number) => {
    text += chars;
    for (let k = 0; k < chars.length; k++) {
      starts.push(start);
      ends.push(end);
    }
  };
  for (const part of parts) {
    if (part.kind === 'hole') {
      emit(PLACEHOLDER_CHAR, part.start, part.end);
      continue;
    }
    const raw = part.raw;
    let i = 0;
    while (i < raw.length) {
      const at = part.offset + i;
      const ch = raw[i] ?? '';
      if (ch === '\r' && part.kind === 'template') {
        // Template literals cook CRLF and CR to LF.
        const width = raw[i + 1] === '\n' ? 2 : 1;
        emit('\n', at, at + width);
        i += width;
        continue;
      }
      if (ch !== '\\') {
        emit(ch, at, at + 1);
        i++;
        continue;
      }
      const escape = decodeEscape(raw, i);
      if (escape.value.length > 0) emit(escape.value, at, at + escape.length);
      i += escape.length;
    }
  }
  return { text, starts, ends };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v' };

/** The escape sequence starting at `raw[i]` (a backslash): its value and source length. */
function decodeEscape(raw: string, i: number): { value: string; length: number } {
  const next = raw[i + 1];
  if (next === undefined) return { value: '', length: 1 };
  // Line continuation.
  if (next === '\r') return { value: '', length: raw[i + 2] === '\n' ? 3 : 2 };
  if (next === '\n' || next === '\u2028' || next === '\u2029') return { value: '', length: 2 };
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) return { value: simple, length: 2 };
  if (next === '0' && !/[0-9]/.test(raw[i + 2] ?? '')) return { value: '\0', length: 2 };
  if (next === 'x') {
    const hex = /^[0-9a-fA-F]{2}/.exec(raw.slice(i + 2, i + 4));
    if (hex) return { value: String.fromCharCode(parseInt(hex[0], 16)), length: 4 };
  }
  if (next === 'u') {
    const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(raw.slice(i + 2, i + 11));
    if (braced?.[1] !== undefined) {
      const code = parseInt(braced[1], 16);
      if (code <= 0x10ffff) return { value: String.fromCodePoint(code), length: 2 + braced[0].length };
    }
    const hex = /^[0-9a-fA-F]{4}/.exec(raw.slice(i + 2, i + 6));
    if (hex) return { value: String.fromCharCode(parseInt(hex[0], 16)), length: 6 };
  }
  // `\'`, `\"`, `\\`, `` \` ``, `\$` and any other character stand for themselves.
  const code = raw.codePointAt(i + 1) ?? 0;
  const char = String.fromCodePoint(code);
  return { value: char, length: 1 + char.length };
}

/**
 * The source range of the SQL range `[start, end)`. When the text is put together from places in
 * a different order (`HEAD + 'FROM t'` with HEAD declared above), the range stops where the
 * source jumps back, so it never ends before it starts.
 */
export function sourceRange(sql: EmbeddedSql, start: number, end: number): [number, number] {
  const last = sql.text.length - 1;
  if (last < 0) return [0, 0];
  const s = Math.max(0, Math.min(start, last));
  let e = Math.max(s, Math.min(end - 1, last));
  for (let i = s; i < e; i++) {
    if ((sql.starts[i + 1] ?? 0) < (sql.ends[i] ?? 0)) {
      e = i;
      break;
    }
  }
  return [sql.starts[s] ?? 0, sql.ends[e] ?? sql.starts[s] ?? 0];
}

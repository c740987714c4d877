/**
 * A tolerant SQL tokenizer for every dialect the checks read (Postgres, Timescale, ClickHouse,
 * Flink, ksqlDB, RisingWave, MySQL). It never throws and never gives up: an unterminated string
 * or comment runs to the end of the text, and a character it does not know becomes an `other`
 * token. Offsets always point into the text it was given.
 */

/**
 * Stands for a template substitution (`${expr}`) in SQL taken from a JS template literal. It is
 * a private-use character, so it cannot clash with anything a dialect means.
 */
export const PLACEHOLDER_CHAR = '\uE000';

export type TokenKind =
  /** Unquoted identifier or keyword. */
  | 'word'
  /** `"x"`, `` `x` `` */
  | 'quoted'
  /** `'x'`, `E'x'`, `$$x$$`, `$tag$x$tag$` */
  | 'string'
  | 'number'
  /** A value supplied at run time: a template substitution, `$1`, `?`, `:name`, `{name:Type}`. */
  | 'placeholder'
  | 'op'
  /** `( ) [ ] , ; .` */
  | 'punct'
  | 'other';

export interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  /** Identifier or string content without quotes and escapes; for words the text itself. */
  value: string;
  /** Upper-cased `value` of words (keyword comparisons); empty for other kinds. */
  upper: string;
  start: number;
  end: number;
}

export interface SqlComment {
  /** Text between the comment markers. */
  text: string;
  start: number;
  end: number;
}

export interface TokenizeOptions {
  /** Backslash escapes quotes inside '…' strings (ClickHouse, MySQL, ksqlDB). `E'…'` always does. */
  backslashEscapes?: boolean;
}

export interface Tokenized {
  tokens: Token[];
  comments: SqlComment[];
  /** The text the tokens and comments index into. */
  text: string;
}

const OPERATOR_CHARS = new Set('+-*/<>=~!@#%^&|?:');
const PUNCT_CHARS = new Set('()[],;.');

function isWordStart(code: number): boolean {
  return (
    (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || (code >= 0x80 && code !== 0xe000 && !isSpace(code))
  );
}

function isWordPart(code: number): boolean {
  return isWordStart(code) || (code >= 48 && code <= 57) || code === 36;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11 || code === 0xa0 || code === 0xfeff;
}

export function tokenize(text: string, options: TokenizeOptions = {}): Tokenized {
  const tokens: Token[] = [];
  const comments: SqlComment[] = [];
  const length = text.length;
  let i = 0;

  const push = (kind: TokenKind, start: number, end: number, value?: string) => {
    const tokenText = text.slice(start, end);
    const v = value ?? tokenText;
    tokens.push({ kind, text: tokenText, value: v, upper: kind === 'word' ? v.toUpperCase() : '', start, end });
  };

  /** A quoted run from `start` (the opening quote) with doubled-quote escapes; returns its end and content. */
  const quoted = (start: number, quote: string, backslash: boolean): { end: number; value: string } => {
    let j = start + 1;
    let value = '';
    while (j < length) {
      const ch = text.charAt(j);
      if (backslash && ch === '\\' && j + 1 < length) {
        value += text.charAt(j + 1);
        j += 2;
        continue;
      }
      if (ch === quote) {
        if (text[j + 1] === quote) {
          value += quote;
          j += 2;
          continue;
        }
        return { end: j + 1, value };
      }
      value += ch;
      j++;
    }
    return { end: length, value };
  };

  while (i < length) {
    const code = text.charCodeAt(i);
    const ch = text[i] ?? '';
    if (isSpace(code)) {
      i++;
      continue;
    }
    // -- line comment
    if (ch === '-' && text[i + 1] === '-') {
      const newline = text.indexOf('\n', i);
      const end = newline === -1 ? length : newline;
      comments.push({ text: text.slice(i + 2, end), start: i, end });
      i = end;
      continue;
    }
    // /* block comment */ (not nested: most dialects do not nest them)
    if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close === -1 ? length : close + 2;
      comments.push({ text: text.slice(i + 2, close === -1 ? length : close), start: i, end });
      i = end;
      continue;
    }
    if (code === 0xe000) {
      push('placeholder', i, i + 1);
      i++;
      continue;
    }
    if (ch === "'") {
      const q = quoted(i, "'", options.backslashEscapes === true);
      push('string', i, q.end, q.value);
      i = q.end;
      continue;
    }
    // E'…' / e'…': C-style escapes; also N'…', X'…', B'…', U&'…' prefixes are plain strings.
    if ((ch === 'E' || ch === 'e') && text[i + 1] === "'") {
      const q = quoted(i + 1, "'", true);
      push('string', i, q.end, q.value);
      i = q.end;
      continue;
    }
    if (ch === '"' || ch === '`') {
      const q = quoted(i, ch, false);
      push('quoted', i, q.end, q.value);
      i = q.end;
      continue;
    }
    if (ch === '$') {
      // $1 positional parameter
      if (isDigit(text.charCodeAt(i + 1))) {
        let j = i + 1;
        while (j < length && isDigit(text.charCodeAt(j))) j++;
        push('placeholder', i, j);
        i = j;
        continue;
      }
      // $$…$$ or $tag$…$tag$
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 66));
      if (tag) {
        const marker = tag[0];
        const bodyStart = i + marker.length;
        const close = text.indexOf(marker, bodyStart);
        const end = close === -1 ? length : close + marker.length;
        push('string', i, end, text.slice(bodyStart, close === -1 ? length : close));
        i = end;
        continue;
      }
    }
    if (isDigit(code) || (ch === '.' && isDigit(text.charCodeAt(i + 1)))) {
      let j = i;
      while (j < length && (isDigit(text.charCodeAt(j)) || text[j] === '.' || text[j] === '_')) j++;
      if ((text[j] === 'e' || text[j] === 'E') && (isDigit(text.charCodeAt(j + 1)) || ((text[j + 1] === '+' || text[j + 1] === '-') && isDigit(text.charCodeAt(j + 2))))) {
        j += 2;
        while (j < length && isDigit(text.charCodeAt(j))) j++;
      }
      push('number', i, j);
      i = j;
      continue;
    }
    if (isWordStart(code)) {
      let j = i + 1;
      while (j < length && isWordPart(text.charCodeAt(j))) j++;
      push('word', i, j);
      i = j;
      continue;
    }
    // ClickHouse query parameter {name:Type}
    if (ch === '{') {
      const param = /^\{\s*[A-Za-z_][A-Za-z0-9_]*\s*:[^{}]{1,200}\}/.exec(text.slice(i, i + 260));
      if (param) {
        push('placeholder', i, i + param[0].length);
        i += param[0].length;
        continue;
      }
      push('other', i, i + 1);
      i++;
      continue;
    }
    // :name bind parameter (not the :: cast)
    if (ch === ':' && text[i + 1] !== ':' && text[i - 1] !== ':' && isWordStart(text.charCodeAt(i + 1))) {
      let j = i + 2;
      while (j < length && isWordPart(text.charCodeAt(j))) j++;
      push('placeholder', i, j);
      i = j;
      continue;
    }
    if (ch === '?' && !OPERATOR_CHARS.has(text[i + 1] ?? '') && !OPERATOR_CHARS.has(text[i - 1] ?? '')) {
      push('placeholder', i, i + 1);
      i++;
      continue;
    }
    if (PUNCT_CHARS.has(ch)) {
      push('punct', i, i + 1);
      i++;
      continue;
    }
    if (OPERATOR_CHARS.has(ch)) {
      let j = i + 1;
      // Stop before a comment start so `a--b` keeps its comment.
      while (j < length && OPERATOR_CHARS.has(text[j] ?? '') && !(text[j] === '-' && text[j + 1] === '-') && !(text[j] === '/' && text[j + 1] === '*')) j++;
      push('op', i, j);
      i = j;
      continue;
    }
    push('other', i, i + 1);
    i++;
  }
  return { tokens, comments, text };
}

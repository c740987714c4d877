/**
 * A JSON reader that keeps the source offsets of every value and key, so that drift in an .avsc
 * or JSON Schema file points at the field's line. Strict JSON (RFC 8259); a syntax error throws
 * `JsonSyntaxError` with the offset. Written here rather than taken from npm: JSON.parse loses
 * positions, and the position-keeping parsers on the registry (jsonc-parser, json-source-map)
 * would be a new runtime dependency for ~150 lines.
 */

export type JsonNode =
  | { type: 'object'; start: number; end: number; entries: JsonEntry[] }
  | { type: 'array'; start: number; end: number; items: JsonNode[] }
  | { type: 'string'; start: number; end: number; value: string }
  | { type: 'number'; start: number; end: number; value: number }
  | { type: 'boolean'; start: number; end: number; value: boolean }
  | { type: 'null'; start: number; end: number };

export interface JsonEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const MAX_DEPTH = 256;

export function parseJson(text: string): JsonNode {
  const parser = new Parser(text);
  parser.skipSpace();
  const node = parser.value(0);
  parser.skipSpace();
  if (parser.pos < text.length) throw new JsonSyntaxError('unexpected text after the JSON value', parser.pos);
  return node;
}

/** The member `key` of an object node. */
export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    const entry = node.entries[i];
    if (entry?.key === key) return entry.value;
  }
  return undefined;
}

export function entry(node: JsonNode | undefined, key: string): JsonEntry | undefined {
  if (node?.type !== 'object') return undefined;
  return node.entries.findLast((e) => e.key === key);
}

export function stringMember(node: JsonNode | undefined, key: string): string | undefined {
  const value = member(node, key);
  return value?.type === 'string' ? value.value : undefined;
}

/** The plain value of a node (for defaults and enum lists). */
export function toValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(node.entries.map((e) => [e.key, toValue(e.value)]));
    case 'array':
      return node.items.map(toValue);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

class Parser {
  pos = 0;

  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else if (this.pos === 0 && c === 0xfeff) this.pos++;
      else break;
    }
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError('JSON nests too deeply', this.pos);
    const start = this.pos;
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') {
      const value = this.string();
      return { type: 'string', start, end: this.pos, value };
    }
    if (c === 't' && this.text.startsWith('true', this.pos)) {
      this.pos += 4;
      return { type: 'boolean', start, end: this.pos, value: true };
    }
    if (c === 'f' && this.text.startsWith('false', this.pos)) {
      this.pos += 5;
      return { type: 'boolean', start, end: this.pos, value: false };
    }
    if (c === 'n' && this.text.startsWith('null', this.pos)) {
      this.pos += 4;
      return { type: 'null', start, end: this.pos };
    }
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 64));
    if (match) {
      this.pos += match[0].length;
      return { type: 'number', start, end: this.pos, value: Number(match[0]) };
    }
    throw new JsonSyntaxError(c === undefined ? 'unexpected end of the file' : `unexpected character ${JSON.stringify(c)}`, this.pos);
  }

  object(depth: number): JsonNode {
    const start = this.pos;
    this.pos++;
    const entries: JsonEntry[] = [];
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { type: 'object', start, end: this.pos, entries };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') throw new JsonSyntaxError('expected a quoted key', this.pos);
      const keyStart = this.pos;
      const key = this.string();
      const keyEnd = this.pos;
      this.skipSpace();
      if (this.text[this.pos] !== ':') throw new JsonSyntaxError('expected ":" after the key', this.pos);
      this.pos++;
      this.skipSpace();
      entries.push({ key, keyStart, keyEnd, value: this.value(depth + 1) });
      this.skipSpace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === '}') return { type: 'object', start, end: this.pos, entries };
      if (next !== ',') throw new JsonSyntaxError('expected "," or "}"', this.pos - 1);
    }
  }

  array(depth: number): JsonNode {
    const start = this.pos;
    this.pos++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { type: 'array', start, end: this.pos, items };
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value(depth + 1));
      this.skipSpace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === ']') return { type: 'array', start, end: this.pos, items };
      if (next !== ',') throw new JsonSyntaxError('expected "," or "]"', this.pos - 1);
    }
  }

  string(): string {
    const start = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) throw new JsonSyntaxError('unterminated string', start);
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\\') {
        const e = this.text[this.pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e] ?? '';
          this.pos += 2;
          continue;
        }
        if (e === 'u') {
          const hex = this.text.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError('bad \\u escape', this.pos);
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
          continue;
        }
        throw new JsonSyntaxError('bad escape', this.pos);
      }
      if (c.charCodeAt(0) < 0x20) throw new JsonSyntaxError('control character in a string', this.pos);
      out += c;
      this.pos++;
    }
  }
}

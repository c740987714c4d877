/**
 * The SQL reader must survive anything: every SQL text of the fixtures, the example app and the
 * rule tests (.sql files and SQL-looking literals in scripts), cut
 * and spliced at random (fixed seed, so a failure reproduces), goes through the tokenizer, the
 * clause scanner and the window analysis without throwing, and every finding stays inside the text.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_CHAR, tokenize } from '../../src/sql/tokenize.js';
import { splitStatements } from '../../src/sql/structure.js';
import { allSelectBlocks } from '../../src/sql/query.js';
import { embeddedSql, sourceRange } from '../../src/sql/embedded.js';
import { scanWindows, type WindowOptions } from '../../src/sql/windows.js';
import { SQL_DIALECTS } from '../../src/config/types.js';

const root = path.resolve(import.meta.dirname, '../..');

function filesUnder(dir: string, ext: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(full);
      else if (entry.isFile() && ext.includes(path.extname(entry.name))) out.push(full);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** String and template literals of a TS file that look like SQL, with substitutions as placeholders. */
function sqlLiterals(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.push(node.text);
    else if (ts.isTemplateExpression(node)) found.push([node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(PLACEHOLDER_CHAR));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((text) => /\b(SELECT|CREATE|INSERT)\b/i.test(text));
}

const corpus: string[] = [
  ...filesUnder(path.join(root, 'fixtures'), ['.sql']).map((f) => fs.readFileSync(f, 'utf8')),
  ...filesUnder(path.join(root, 'examples'), ['.sql']).map((f) => fs.readFileSync(f, 'utf8')),
  // SQL inside scripts: every fixture, the example app, and the rules' own test cases.
  ...filesUnder(path.join(root, 'fixtures'), SCRIPT_EXTENSIONS).flatMap(sqlLiterals),
  ...filesUnder(path.join(root, 'examples'), SCRIPT_EXTENSIONS).flatMap(sqlLiterals),
  ...filesUnder(path.join(root, 'test/rules'), ['.ts']).flatMap(sqlLiterals),
];

/** mulberry32: small, fast, and the same sequence on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  '(', ')', '((', '))', '[', ']', ',', ';', "'", '"', '`', '$$', '$tag$', '$1', '?', ':id', '{id:String}', '{', '}',
  '--', '-- rta: global-window\n', '/*', '*/', '\\', "E'\\", PLACEHOLDER_CHAR, '\n', ' ', '.', '::', '*',
  'SELECT', 'FROM', 'WHERE', 'GROUP BY', 'ORDER BY', 'PARTITION BY', 'OVER', 'OVER (', 'OVER w', 'WINDOW w AS (',
  'WINDOW TUMBLING (SIZE 1 MINUTE)', 'EMIT CHANGES', 'TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL \'1\' MINUTE))',
  'SESSION(', 'window_start', 'device_id =', 'lag(x) OVER (ORDER BY ts)', 'WITH a AS (', 'UNION', 'IN (', 'AS',
  'time_bucket(', 'toStartOfInterval(', 'timescaledb.continuous', 'CREATE STREAM k AS SELECT 1 AS k;', '1', 'ÿ', '\uD800',
];

function mutate(text: string, next: () => number): string {
  let out = text;
  const operations = 1 + Math.floor(next() * 4);
  for (let k = 0; k < operations; k++) {
    const at = Math.floor(next() * (out.length + 1));
    const choice = next();
    if (choice < 0.3) out = out.slice(0, at);
    else if (choice < 0.45) out = out.slice(at);
    else if (choice < 0.6) out = out.slice(0, at) + out.slice(Math.min(out.length, at + 1 + Math.floor(next() * 40)));
    else out = out.slice(0, at) + (FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] ?? '') + out.slice(at);
  }
  return out;
}

function optionsFor(next: () => number): WindowOptions {
  const dialect = next() < 0.5 ? undefined : SQL_DIALECTS[Math.floor(next() * SQL_DIALECTS.length)];
  const options: WindowOptions = {};
  if (dialect) options.dialect = dialect;
  if (next() < 0.2) options.allowGlobal = ['orders', 'clicks'];
  if (next() < 0.2) options.partitionKeys = { readings: ['device_id'], orders: ['customer_id'] };
  if (next() < 0.1) options.streaming = ['flink'];
  return options;
}

/** Runs every layer of the reader; returns what is wrong (nothing, when all is well). Throwing fails the test. */
function checkOne(text: string, options: WindowOptions): string[] {
  const problems: string[] = [];
  const tokenized = tokenize(text);
  for (const token of tokenized.tokens) {
    if (token.start < 0 || token.end > text.length || token.end <= token.start) problems.push(`token ${JSON.stringify(token)} in ${JSON.stringify(text.slice(0, 80))}`);
  }
  for (const statement of splitStatements(tokenized)) allSelectBlocks(statement.nodes);
  for (const finding of scanWindows(text, options)) {
    if (finding.start < 0 || finding.end < finding.start || finding.end > text.length) problems.push(`finding ${JSON.stringify(finding)} in ${JSON.stringify(text.slice(0, 80))}`);
  }
  return problems;
}

describe('SQL reader fuzz', () => {
  it('has a corpus', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
  });

  it('never throws on truncated and spliced fixture SQL (seed 20261129)', () => {
    const next = random(20261129);
    let runs = 0;
    const problems: string[] = [];
    for (const text of corpus) {
      problems.push(...checkOne(text, {}));
      for (let i = 0; i < 60; i++) {
        problems.push(...checkOne(mutate(text, next), optionsFor(next)));
        runs++;
      }
    }
    expect(problems).toEqual([]);
    expect(runs).toBeGreaterThan(1000);
  });

  it('never throws on embedded JS literal text with broken escapes', () => {
    const next = random(7);
    const raws = ['\\', '\\x', '\\x4', '\\u', '\\u{', '\\u{110000}', '\\u{1F600}', '\\u00', '\\\r\n', '\\\r', '\\0', '\\01', "\\'", '\r\n', '\r'];
    for (let i = 0; i < 500; i++) {
      let raw = '';
      for (let k = 0; k < 6; k++) raw += next() < 0.5 ? (raws[Math.floor(next() * raws.length)] ?? '') : 'SELECT a OVER (ORDER BY ts)'.slice(0, Math.floor(next() * 27));
      const sql = embeddedSql([
        { kind: next() < 0.5 ? 'string' : 'template', raw, offset: 10 },
        { kind: 'hole', start: 10 + raw.length, end: 14 + raw.length },
        { kind: 'template', raw: raw.slice(0, 3), offset: 20 + raw.length },
      ]);
      expect(sql.starts).toHaveLength(sql.text.length);
      expect(sql.ends).toHaveLength(sql.text.length);
      const [s, e] = sourceRange(sql, Math.floor(next() * (sql.text.length + 2)) - 1, Math.floor(next() * (sql.text.length + 2)));
      expect(e).toBeGreaterThanOrEqual(s);
      expect(checkOne(sql.text, optionsFor(next))).toEqual([]);
    }
  });

  it('survives pathological shapes: deep nesting, long inputs, only openers or closers', () => {
    const shapes: [string, WindowOptions][] = [
      ['('.repeat(20_000), {}],
      [')'.repeat(20_000), {}],
      [`SELECT ${'('.repeat(5_000)}x${')'.repeat(5_000)} OVER (ORDER BY ts) FROM t`, { dialect: 'flink' }],
      [`SELECT a FROM t GROUP BY ${'window_start, '.repeat(5_000)}window_end`, { dialect: 'flink' }],
      ['SELECT device_id, ts, lag(v) OVER (ORDER BY ts) FROM r; '.repeat(2_000), {}],
      ["'".repeat(10_001), {}],
      ['/*'.repeat(5_000), {}],
      [`${'WITH a AS ('.repeat(300)}SELECT 1${')'.repeat(300)} SELECT 1`, {}],
    ];
    for (const [text, options] of shapes) expect(checkOne(text, options)).toEqual([]);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/index.js';
import { renderReport } from '../../src/findings/reporters/index.js';
import { hasValidator, validateSarif } from '../findings/validator.js';

// Mutates the project's own fixtures and example app (fixed seed, so failures reproduce) and
// checks that no exception escapes, the audit completes, and its SARIF stays valid.
const projectRoot = path.resolve(import.meta.dirname, '../..');
const SEED = 0x5eed_2026;
const CASES = 60;

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(ts|tsx|js|mjs|sql)$/.test(entry.name)) found.push(path.join(entry.parentPath, entry.name));
  }
  return found.sort();
}

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

type Mutation = (text: string, rnd: () => number) => string;

const pick = <T>(items: readonly T[], rnd: () => number): T => items[Math.floor(rnd() * items.length)] as T;
const at = (text: string, rnd: () => number) => Math.floor(rnd() * (text.length + 1));

const MUTATIONS: Record<string, Mutation> = {
  truncate: (text, rnd) => text.slice(0, at(text, rnd)),
  garbage: (text, rnd) => {
    const i = at(text, rnd);
    return text.slice(0, i) + pick(['}}}', '((((', '`${', '/*', '"', "'", '=>', '<T>', 'await', '@@', '\0'], rnd) + text.slice(i);
  },
  deleteBraces: (text, rnd) => text.replace(/[{}]/g, (c) => (rnd() < 0.3 ? '' : c)),
  unicode: (text, rnd) => {
    const i = at(text, rnd);
    return text.slice(0, i) + pick(['\u{1F600}', '\u202E', '\uFEFF', 'ǅ', '\uD800', '\u2028', 'ẞ'], rnd).repeat(3) + text.slice(i);
  },
  longLine: (text, rnd) => {
    const i = at(text, rnd);
    return `${text.slice(0, i)}\nconst long = [${'1, '.repeat(1_500)}];\n${text.slice(i)}`;
  },
  // Machine-made: skipped as minified, with a note.
  hugeLine: (text, rnd) => {
    const i = at(text, rnd);
    return `${text.slice(0, i)}\nconst huge = ${JSON.stringify('x'.repeat(200_000))};\n${text.slice(i)}`;
  },
  deepNesting: (text) => `${text}\nexport const deep = ${'['.repeat(2_000)}${']'.repeat(2_000)};\nexport const calls = ${'f('.repeat(1_500)}${')'.repeat(1_500)};\n`,
  swapLines: (text, rnd) => {
    const lines = text.split('\n');
    for (let k = 0; k < 5; k++) {
      const a = Math.floor(rnd() * lines.length);
      const b = Math.floor(rnd() * lines.length);
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
    }
    return lines.join('\n');
  },
};

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-fuzz-'));
afterAll(() => {
  fs.rmSync(temp, { recursive: true, force: true });
});

describe('fuzzing the audit with mutated fixtures', () => {
  const inputs = [...sources(path.join(projectRoot, 'fixtures')), ...sources(path.join(projectRoot, 'examples'))];

  it('has inputs', () => {
    expect(inputs.length).toBeGreaterThan(10);
  });

  it(`${String(CASES)} mutated files: no exception escapes, the run completes, the SARIF validates`, async () => {
    const rnd = random(SEED);
    const names = Object.keys(MUTATIONS);
    const written: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const input = pick(inputs, rnd);
      const name = pick(names, rnd);
      const mutate = MUTATIONS[name] as Mutation;
      const out = path.join(temp, 'src', `case-${String(i).padStart(3, '0')}-${name}${path.extname(input)}`);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, mutate(fs.readFileSync(input, 'utf8'), rnd));
      written.push(out);
    }
    fs.writeFileSync(path.join(temp, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ['src'] }));

    for (const typeCheck of [false, true]) {
      const result = await runAudit({ cwd: temp, typeCheck });
      const skipped = result.notifications.filter((n) => n.kind.startsWith('skipped-'));
      expect(result.filesAnalysed + skipped.length).toBe(written.length);
      expect(result.filesAnalysed).toBeGreaterThan(written.length / 2);
      expect(result.notifications.filter((n) => n.kind === 'internal-error')).toEqual([]);
      const sarif = renderReport('sarif', result, { color: false });
      expect(() => JSON.parse(sarif) as unknown).not.toThrow();
      if (hasValidator) expect(validateSarif(sarif).problems.filter((p) => p.severity === 'error')).toEqual([]);
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { pluginRuleEntries, type LintJob, type LintSetup } from '../../src/audit/lint-files.js';
import { defaultWorkerEntry, lintInWorkers, lintJobs, resolveConcurrency } from '../../src/audit/workers.js';
import { effectiveRuleLevels } from '../../src/audit/engine.js';
import { runAudit } from '../../src/audit/index.js';

// Workers run the compiled lint-worker.js (from dist/ when the tests run from src/): `npm test`
// builds first. Without a build these tests are skipped rather than testing a stale worker.
const entry = defaultWorkerEntry();
const SLOW_PLUGIN = fileURLToPath(new URL('./fixtures/slow-rule.mjs', import.meta.url));

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

const WRITE_IN_LOOP = `import { createWriteStream } from 'node:fs';
const out = createWriteStream('/tmp/out.log');
export function dump(lines: string[]): void {
  for (const line of lines) out.write(line + '\\n');
}
`;
const CLEAN = `export function add(a: number, b: number): number {
  return a + b;
}
`;

function jobs(texts: readonly string[]): { root: string; jobs: LintJob[] } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-workers-'));
  temps.push(root);
  return {
    root,
    jobs: texts.map((text, i) => {
      const relative = `src/file-${String(i).padStart(2, '0')}.ts`;
      const file = path.join(root, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return { path: file, relative, text };
    }),
  };
}

function setup(root: string, extra?: string): LintSetup {
  return { root, rules: pluginRuleEntries(effectiveRuleLevels('recommended', {})), config: {}, fix: false, ...(extra ? { extraPlugin: extra } : {}) };
}

describe('resolveConcurrency', () => {
  it('keeps small runs in this thread and spreads large ones over the cores', () => {
    expect(resolveConcurrency('auto', 20, 8)).toBe(1);
    expect(resolveConcurrency(undefined, 20, 8)).toBe(1);
    expect(resolveConcurrency('auto', 1000, 2)).toBe(2);
    expect(resolveConcurrency('auto', 100_000, 64)).toBe(4);
    expect(resolveConcurrency('auto', 1000, 1)).toBe(1);
    expect(resolveConcurrency(3, 5, 2)).toBe(3);
    expect(resolveConcurrency(0, 5, 2)).toBe(1);
  });
});

describe.skipIf(entry === undefined)('lint workers', () => {
  it('give the same results, in input order, as linting in this thread', async () => {
    const { root, jobs: list } = jobs([WRITE_IN_LOOP, CLEAN, WRITE_IN_LOOP, CLEAN, CLEAN, WRITE_IN_LOOP]);
    const here = await lintJobs(list, setup(root), { concurrency: 1 });
    const spread = await lintJobs(list, setup(root), { concurrency: 2 });
    expect(spread).toEqual(here);
    expect(spread.map((r) => r.relative)).toEqual(list.map((j) => j.relative));
    expect(here.filter((r) => r.findings.some((f) => f.ruleId === 'rta/no-ignored-write')).map((r) => r.relative)).toEqual([
      'src/file-00.ts',
      'src/file-02.ts',
      'src/file-05.ts',
    ]);
  }, 120_000);

  it('stop a file over its time budget, report it, and finish the others on a fresh worker', async () => {
    const { root, jobs: list } = jobs([WRITE_IN_LOOP, `// RTA_TEST_SLOW\n${CLEAN}`, WRITE_IN_LOOP, CLEAN]);
    const results = await lintInWorkers(list, setup(root, SLOW_PLUGIN), { size: 1, fileTimeoutMs: 5_000, entry: entry as URL });
    expect(results.map((r) => r.relative)).toEqual(list.map((j) => j.relative));
    expect(results[1]?.notifications).toEqual([expect.objectContaining({ kind: 'file-timeout', file: 'src/file-01.ts', level: 'error' })]);
    expect(results[1]?.findings).toEqual([]);
    // The files after the stuck one were linted by the replacement worker.
    expect(results[2]?.findings.map((f) => f.ruleId)).toContain('rta/no-ignored-write');
    expect(results.filter((r) => r.notifications.length > 0)).toHaveLength(1);
  }, 180_000);

  it('report a file that kills its worker and carry on with the rest', async () => {
    const { root, jobs: list } = jobs([CLEAN, `// RTA_TEST_CRASH\n${CLEAN}`, WRITE_IN_LOOP]);
    const results = await lintInWorkers(list, setup(root, SLOW_PLUGIN), { size: 2, fileTimeoutMs: 60_000, entry: entry as URL });
    expect(results[1]?.notifications).toEqual([expect.objectContaining({ kind: 'internal-error', file: 'src/file-01.ts' })]);
    expect(results[2]?.findings.map((f) => f.ruleId)).toContain('rta/no-ignored-write');
    expect(results[0]?.notifications).toEqual([]);
  }, 180_000);

  it('let this thread take files from the queue once it is free, each file linted once', async () => {
    const { root, jobs: list } = jobs([WRITE_IN_LOOP, CLEAN, WRITE_IN_LOOP, CLEAN, WRITE_IN_LOOP, CLEAN]);
    // A worker that never starts: every file is this thread's, taken from the queue as it helps.
    const broken = pathToFileURL(path.join(root, 'no-such-worker.js'));
    const results = await lintInWorkers(list, setup(root), { size: 1, fileTimeoutMs: 60_000, entry: broken, helpWhen: Promise.resolve() });
    expect(results.map((r) => r.relative)).toEqual(list.map((j) => j.relative));
    expect(results.map((r) => r.findings.length)).toEqual([1, 0, 1, 0, 1, 0]);
    // With a working worker too, the results are the same.
    const both = await lintInWorkers(list, setup(root), { size: 1, fileTimeoutMs: 60_000, entry: entry as URL, helpWhen: Promise.resolve() });
    expect(both).toEqual(results);
  }, 120_000);

  it('fall back to this thread when workers cannot start', async () => {
    const { root, jobs: list } = jobs([WRITE_IN_LOOP, CLEAN, WRITE_IN_LOOP]);
    const broken = pathToFileURL(path.join(root, 'no-such-worker.js'));
    const results = await lintInWorkers(list, setup(root), { size: 2, fileTimeoutMs: 60_000, entry: broken });
    expect(results.map((r) => r.findings.length > 0)).toEqual([true, false, true]);
    expect(results.every((r) => r.notifications.length === 0)).toBe(true);
  }, 120_000);
});

describe.skipIf(entry === undefined)('runAudit with --concurrency', () => {
  it('reports the same findings and notifications as a run in one thread', async () => {
    const { root } = jobs([WRITE_IN_LOOP, CLEAN, WRITE_IN_LOOP, 'export const broken = ;\n', CLEAN]);
    const one = await runAudit({ cwd: root, typeCheck: false, concurrency: 1 });
    const two = await runAudit({ cwd: root, typeCheck: false, concurrency: 2 });
    const strip = (r: typeof one) => ({ findings: r.findings, notifications: r.notifications, rules: r.rules });
    expect(strip(two)).toEqual(strip(one));
    expect(one.findings.filter((f) => f.ruleId === 'rta/no-ignored-write')).toHaveLength(2);
    expect(one.notifications.map((n) => n.kind)).toContain('parse-error');
  }, 120_000);
});

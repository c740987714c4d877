import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Analyzer } from '../../src/analyzers/analyzer.js';
import { runAudit } from '../../src/audit/index.js';
import { AuditCache, contentHash, defaultCacheDirectory, externalInputs } from '../../src/audit/cache.js';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

function project(files: Record<string, string>): string {
  const dir = tempDir('rta-cache-project-');
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const WRITE_IN_LOOP = `import { createWriteStream } from 'node:fs';
const out = createWriteStream('/tmp/out.log');
export function dump(lines: string[]): void {
  for (const line of lines) out.write(line + '\\n');
}
`;
const DRAINED = `import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
const out = createWriteStream('/tmp/out.log');
export async function dump(lines: string[]): Promise<void> {
  for (const line of lines) if (!out.write(line + '\\n')) await once(out, 'drain');
}
`;
const TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: ['node'], skipLibCheck: true, noEmit: true },
  include: ['src'],
});

/** An analyzer that counts its runs, to tell a cached result from a fresh one. */
function counting(needsTypes: boolean): Analyzer & { runs: number } {
  const analyzer = {
    id: needsTypes ? 'typed-counter' : 'counter',
    needsTypes,
    checks: [],
    runs: 0,
    run() {
      analyzer.runs++;
      return { findings: [], notifications: [{ level: 'note' as const, kind: 'counted', message: `run ${String(analyzer.runs)}` }] };
    },
  };
  return analyzer;
}

function ruleHits(result: Awaited<ReturnType<typeof runAudit>>): string[] {
  return result.findings.map((f) => `${f.ruleId} ${f.location.file}:${String(f.location.region.startLine)}`);
}

describe('cache location', () => {
  it('uses node_modules/.cache/rta-lint under a root that has node_modules, else a folder under the temp dir', () => {
    const withModules = project({ 'node_modules/.keep': '', 'src/a.ts': '' });
    expect(defaultCacheDirectory(withModules)).toBe(path.join(withModules, 'node_modules', '.cache', 'rta-lint'));
    const plain = project({ 'src/a.ts': '' });
    const dir = defaultCacheDirectory(plain);
    expect(dir.startsWith(path.join(os.tmpdir(), 'rta-lint-cache'))).toBe(true);
    expect(dir.startsWith(plain)).toBe(false);
    // One folder per root.
    expect(defaultCacheDirectory(plain)).toBe(dir);
    expect(defaultCacheDirectory(withModules)).not.toBe(dir);
  });
});

describe('AuditCache', () => {
  const result = (relative: string) => ({ relative, findings: [], notifications: [] });

  it('returns a file result only for the same content hash, across instances', () => {
    const dir = tempDir('rta-cache-');
    const cache = AuditCache.open(dir, { env: 1 });
    cache.setFileResult('h1', result('src/a.ts'));
    cache.save();
    const again = AuditCache.open(dir, { env: 1 });
    expect(again.fileResult('src/a.ts', 'h1')).toEqual(result('src/a.ts'));
    expect(again.fileResult('src/a.ts', 'h2')).toBeUndefined();
    expect(again.stats).toMatchObject({ fileHits: 1, fileMisses: 1 });
    // Another environment (rules, config, tool) starts empty.
    expect(AuditCache.open(dir, { env: 2 }).fileResult('src/a.ts', 'h1')).toBeUndefined();
  });

  it('never keeps results of files that timed out or failed', () => {
    const dir = tempDir('rta-cache-');
    const cache = AuditCache.open(dir, { env: 1 });
    cache.setFileResult('h1', { relative: 'src/a.ts', findings: [], notifications: [{ level: 'error', kind: 'file-timeout', file: 'src/a.ts', message: 'x' }] });
    cache.setFileResult('h2', { relative: 'src/b.ts', findings: [], notifications: [{ level: 'error', kind: 'internal-error', file: 'src/b.ts', message: 'x' }] });
    cache.save();
    const again = AuditCache.open(dir, { env: 1 });
    expect(again.fileResult('src/a.ts', 'h1')).toBeUndefined();
    expect(again.fileResult('src/b.ts', 'h2')).toBeUndefined();
  });

  it('treats an unreadable cache file as empty', () => {
    const dir = tempDir('rta-cache-');
    const cache = AuditCache.open(dir, { env: 1 });
    fs.writeFileSync(cache.file, '{ not json');
    expect(AuditCache.open(dir, { env: 1 }).fileResult('src/a.ts', 'h1')).toBeUndefined();
  });

  it('reuses a typed run only while every input has the same content', () => {
    const root = project({ 'src/a.ts': 'export const a = 1;\n', 'lib/types.d.ts': 'export type T = string;\n' });
    const a = path.join(root, 'src/a.ts');
    const types = path.join(root, 'lib/types.d.ts');
    const dir = tempDir('rta-cache-');
    const known = new Map([[a, contentHash(fs.readFileSync(a))]]);
    const cache = AuditCache.open(dir, { env: 'typed' });
    cache.setTypedRun({ inputs: { [a]: known.get(a) ?? '', [types]: contentHash(fs.readFileSync(types)) }, linted: ['src/a.ts'], lint: [result('src/a.ts')], analyzers: {} });
    cache.save();
    expect(AuditCache.open(dir, { env: 'typed' }).typedRun(known, ['src/a.ts'], new Set([a]))).toBeDefined();
    // A program file outside the audited ones changed: every typed result may have changed.
    fs.writeFileSync(types, 'export type T = number;\n');
    expect(AuditCache.open(dir, { env: 'typed' }).typedRun(known, ['src/a.ts'], new Set([a]))).toBeUndefined();
    fs.writeFileSync(types, 'export type T = string;\n');
    // A new file in the tsconfig, or a different set of linted files, is a different run.
    expect(AuditCache.open(dir, { env: 'typed' }).typedRun(known, ['src/a.ts'], new Set([a, path.join(root, 'src/b.ts')]))).toBeUndefined();
    expect(AuditCache.open(dir, { env: 'typed' }).typedRun(known, ['src/a.ts', 'src/b.ts'], new Set([a]))).toBeUndefined();
    expect(AuditCache.open(dir, { env: 'typed' }).typedRun(known, ['src/a.ts'], new Set([a]))).toBeDefined();
  });

  it('keys on the files the config points to and the nearest package.json', () => {
    const root = project({ 'package.json': '{"name":"x"}', 'src/a.ts': '', 'schemas/order.avsc': '{}' });
    const files = [{ path: path.join(root, 'src/a.ts') }];
    const loaded = {
      file: path.join(root, 'rta.config.yaml'),
      dir: root,
      config: { schemas: [{ stream: 'schemas/order.avsc', batch: 'db/#orders' }] },
      warnings: [],
    };
    const before = externalInputs(root, files, loaded);
    fs.writeFileSync(path.join(root, 'schemas/order.avsc'), '{"type":"record"}');
    const afterSchema = externalInputs(root, files, loaded);
    expect(afterSchema).not.toBe(before);
    fs.writeFileSync(path.join(root, 'package.json'), '{"name":"x","dependencies":{"@opentelemetry/api":"1"}}');
    expect(externalInputs(root, files, loaded)).not.toBe(afterSchema);
  });
});

describe('runAudit with the cache', () => {
  it('reuses untyped file results and analyzer outputs, and redoes only what changed', async () => {
    const root = project({ 'src/a.ts': WRITE_IN_LOOP, 'src/b.ts': DRAINED });
    const cacheLocation = tempDir('rta-cache-');
    const counter = counting(false);
    const run = () => runAudit({ cwd: root, typeCheck: false, cache: true, cacheLocation, analyzers: [counter] });

    const first = await run();
    expect(ruleHits(first)).toEqual(['rta/no-ignored-write src/a.ts:4']);
    const second = await run();
    expect(second.findings).toEqual(first.findings);
    expect(second.notifications).toEqual(first.notifications);
    expect(counter.runs).toBe(1);

    // b.ts now has the defect too: its result and the analyzers are redone.
    fs.writeFileSync(path.join(root, 'src/b.ts'), WRITE_IN_LOOP);
    const third = await run();
    expect(ruleHits(third)).toEqual(['rta/no-ignored-write src/a.ts:4', 'rta/no-ignored-write src/b.ts:4']);
    expect(counter.runs).toBe(2);

    // Other rule settings are another environment.
    fs.writeFileSync(path.join(root, 'rta.config.yaml'), 'rules:\n  rta/no-ignored-write: off\n');
    expect(ruleHits(await run())).toEqual([]);
    expect(counter.runs).toBe(3);
  }, 120_000);

  it('reuses a typed run whole, and re-runs it when any program file changes', async () => {
    const root = project({ 'tsconfig.json': TSCONFIG, 'src/a.ts': WRITE_IN_LOOP, 'src/b.ts': 'export const b = 1;\n' });
    const cacheLocation = tempDir('rta-cache-');
    const counter = counting(true);
    const run = () => runAudit({ cwd: root, cache: true, cacheLocation, analyzers: [counter] });

    const first = await run();
    expect(first.typed).toBe(true);
    expect(ruleHits(first)).toEqual(['rta/no-ignored-write src/a.ts:4']);
    const second = await run();
    expect(second.typed).toBe(true);
    expect(second.findings).toEqual(first.findings);
    expect(second.rules).toEqual(first.rules);
    expect(counter.runs).toBe(1);

    // An edit to a file with no findings still re-runs everything: types cross files.
    fs.writeFileSync(path.join(root, 'src/b.ts'), 'export const b = 2;\n');
    const third = await run();
    expect(third.findings).toEqual(first.findings);
    expect(counter.runs).toBe(2);
  }, 180_000);

  it('is not used with --fix or without the option', async () => {
    const root = project({ 'src/a.ts': WRITE_IN_LOOP });
    const cacheLocation = tempDir('rta-cache-');
    await runAudit({ cwd: root, typeCheck: false, fix: true, cache: true, cacheLocation });
    await runAudit({ cwd: root, typeCheck: false, cacheLocation });
    expect(fs.existsSync(cacheLocation) ? fs.readdirSync(cacheLocation) : []).toEqual([]);
  }, 60_000);
});

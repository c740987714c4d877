import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main, USAGE } from '../../src/cli/main.js';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-cli-'));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return dir;
}

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(args, { stdout, stderr, cwd, env: {} });
  return { code, stdout: out, stderr: err };
}

const IGNORED_WRITE = `import { createConnection } from 'node:net';
export async function exportRows(rows: AsyncIterable<string>) {
  const sock = createConnection(9009);
  for await (const row of rows) {
    sock.write(row);
  }
}
`;

const CLEAN = `import { createConnection } from 'node:net';
import { once } from 'node:events';
export async function exportRows(rows: AsyncIterable<string>) {
  const sock = createConnection(9009);
  for await (const row of rows) {
    if (!sock.write(row)) await once(sock, 'drain');
  }
}
`;

describe('rta-lint CLI', () => {
  it('runs with no config and no tsconfig, reports and exits 1 on an error-level finding', async () => {
    const dir = project({ 'src/export.ts': IGNORED_WRITE });
    const { code, stdout } = await run([], dir);
    expect(code).toBe(1);
    expect(stdout).toContain('src/export.ts');
    expect(stdout).toContain('rta/no-ignored-write');
    expect(stdout).not.toContain(dir);
  });

  it('exits 0 on clean code', async () => {
    const dir = project({ 'src/export.ts': CLEAN });
    const { code } = await run(['src'], dir);
    expect(code).toBe(0);
  });

  it('analyses with types when a tsconfig.json is present', async () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', types: [] }, include: ['src'] }),
      'src/export.ts': IGNORED_WRITE,
    });
    const { code, stdout } = await run(['--format', 'json'], dir);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { typed: boolean; findings: { ruleId: string }[] };
    expect(report.typed).toBe(true);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['rta/no-ignored-write']);
  });

  it('writes SARIF to a file with -o', async () => {
    const dir = project({ 'a.ts': IGNORED_WRITE });
    const { code } = await run(['.', '--format', 'sarif', '-o', 'out/report.sarif'], dir);
    expect(code).toBe(1);
    const log = JSON.parse(fs.readFileSync(path.join(dir, 'out/report.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]?.results).toHaveLength(1);
  });

  it('honours --max-warnings when the config downgrades a rule to warn', async () => {
    const dir = project({ 'a.ts': IGNORED_WRITE, 'rta.config.yaml': 'rules:\n  rta/no-ignored-write: warn\n' });
    expect((await run([], dir)).code).toBe(0);
    expect((await run(['--max-warnings', '0'], dir)).code).toBe(1);
  });

  it('turns a rule off from rta.config.yaml', async () => {
    const dir = project({ 'a.ts': IGNORED_WRITE, 'rta.config.yaml': 'rules:\n  rta/no-ignored-write: off\n' });
    const { code, stdout } = await run(['--format', 'json'], dir);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { findings: unknown[] }).findings).toEqual([]);
  });

  describe('bad input', () => {
    it('nonexistent path: exit 2 with the path named', async () => {
      const dir = project({ 'a.ts': CLEAN });
      const { code, stderr } = await run(['no/such/dir'], dir);
      expect(code).toBe(2);
      expect(stderr).toContain('no/such/dir');
    });

    it('nonexistent absolute path: named as given, not relative to the folder', async () => {
      const dir = project({ 'a.ts': CLEAN });
      const missing = path.join(os.tmpdir(), 'rta-no-such-dir', 'x.ts');
      const { code, stderr } = await run([missing], dir);
      expect(code).toBe(2);
      expect(stderr).toContain(`No such file or directory: ${missing}`);
    });

    it('a dangling symbolic link given as the path: a note, not exit 2', async () => {
      const dir = project({ 'a.ts': CLEAN });
      fs.symlinkSync(path.join(dir, 'gone.ts'), path.join(dir, 'link.ts'));
      const { code, stdout } = await run(['link.ts', 'a.ts', '--format', 'json'], dir);
      expect(code).toBe(0);
      expect(stdout).toContain('dangling-link');
    });

    it('unknown flag: exit 2 with usage', async () => {
      const dir = project({ 'a.ts': CLEAN });
      const { code, stderr } = await run(['--frobnicate'], dir);
      expect(code).toBe(2);
      expect(stderr).toContain('--frobnicate');
      expect(stderr).toContain(USAGE.split('\n')[0]);
    });

    it('unknown format: exit 2', async () => {
      const dir = project({ 'a.ts': CLEAN });
      expect((await run(['--format', 'xml'], dir)).code).toBe(2);
    });

    it('syntax error: reported with path and parser message, other files still analysed, exit 1', async () => {
      const dir = project({ 'broken.ts': 'export function (\n  oops', 'good.ts': IGNORED_WRITE });
      const { code, stdout } = await run(['--format', 'json'], dir);
      expect(code).toBe(1);
      const report = JSON.parse(stdout) as {
        findings: { ruleId: string; location: { file: string } }[];
        notifications: { kind: string; file: string; line: number; message: string }[];
      };
      const parse = report.notifications.find((n) => n.kind === 'parse-error');
      expect(parse?.file).toBe('broken.ts');
      expect(parse?.line).toBe(1);
      expect(parse?.message.length).toBeGreaterThan(5);
      expect(report.findings.map((f) => f.location.file)).toEqual(['good.ts']);
    });

    it('syntax error alone still exits 1 and shows in the text report', async () => {
      const dir = project({ 'broken.ts': 'const = ;' });
      const { code, stdout } = await run([], dir);
      expect(code).toBe(1);
      expect(stdout).toContain('broken.ts');
    });

    it('binary and minified files are skipped with a note, quickly', async () => {
      const minified = `var a=1;${'function f(){return a+1};'.repeat(4000)}`;
      const dir = project({
        'image.js': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x0a]),
        'bundle.js': minified,
        'huge.ts': `export const x = ${JSON.stringify('y'.repeat(2 * 1024 * 1024))};`,
        'ok.ts': CLEAN,
      });
      const started = Date.now();
      const { code, stdout } = await run(['--format', 'json'], dir);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(code).toBe(0);
      const kinds = (JSON.parse(stdout) as { notifications: { kind: string; file: string }[] }).notifications.map((n) => `${n.file}:${n.kind}`);
      expect(kinds).toEqual(expect.arrayContaining(['image.js:skipped-binary', 'bundle.js:skipped-minified', 'huge.ts:skipped-large']));
    });

    it('invalid YAML in rta.config.yaml: exit 2 with file and line', async () => {
      const dir = project({ 'a.ts': CLEAN, 'rta.config.yaml': 'rules:\n  rta/no-ignored-write: [warn\n' });
      const { code, stderr } = await run([], dir);
      expect(code).toBe(2);
      expect(stderr).toMatch(/rta\.config\.yaml:\d+/);
    });

    it('unknown key in rta.config.yaml: exit 2 naming file, line and key', async () => {
      const dir = project({ 'a.ts': CLEAN, 'rta.config.yaml': 'cache:\n  helpers: [cached]\nslaz: []\n' });
      const { code, stderr } = await run([], dir);
      expect(code).toBe(2);
      expect(stderr).toContain('rta.config.yaml:3');
      expect(stderr).toContain('slaz');
    });

    it('wrong type in rta.config.yaml: exit 2 naming the key', async () => {
      const dir = project({
        'a.ts': CLEAN,
        'rta.config.yaml': 'slas:\n  - name: x\n    kind: latency\n    metric: m_seconds\n    threshold: 250ms\n    quantile: high\n',
      });
      const { code, stderr } = await run([], dir);
      expect(code).toBe(2);
      expect(stderr).toContain('rta.config.yaml:6');
      expect(stderr).toContain('quantile');
    });

    it("rule options the rule's schema rejects: exit 2 naming file, line, column and key path", async () => {
      const dir = project({ 'a.ts': CLEAN, 'rta.config.yaml': 'rules:\n  rta/no-ignored-write: [error, { checkStdoi: true }]\n' });
      const { code, stdout, stderr } = await run([], dir);
      expect(code).toBe(2);
      expect(stdout).not.toContain('No problems found');
      expect(stderr).toContain('rta.config.yaml:2:35: unknown key "checkStdoi" in rules["rta/no-ignored-write"][1]');
    });

    it('options for an analyzer check that takes none: exit 2', async () => {
      const dir = project({ 'a.ts': CLEAN, 'rta.config.yaml': 'rules:\n  rta/sla-alert-missing: [warn, { any: 1 }]\n' });
      const { code, stderr } = await run([], dir);
      expect(code).toBe(2);
      expect(stderr).toContain('rta.config.yaml:2:33: rules["rta/sla-alert-missing"]: "rta/sla-alert-missing" takes no options');
    });

    it('--config naming a missing file: exit 2', async () => {
      const dir = project({ 'a.ts': CLEAN });
      const { code, stderr } = await run(['--config', 'nope.yaml'], dir);
      expect(code).toBe(2);
      expect(stderr).toContain('nope.yaml');
    });
  });

  describe('--fix', () => {
    it('leaves files untouched without --fix and with only suggestions to offer', async () => {
      const dir = project({ 'a.ts': IGNORED_WRITE });
      await run(['--fix'], dir);
      expect(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8')).toBe(IGNORED_WRITE);
      await run([], dir);
      expect(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8')).toBe(IGNORED_WRITE);
    });

    // ESLint re-parses the fixed text up to ten times; a typed run must not hand it the syntax
    // tree of the text before the fixes (that spliced old ranges into the new text, over and over).
    const TWO_FIXES = `import { Histogram } from 'prom-client';
const exportSeconds = new Histogram({ name: 'export_duration_seconds', help: 'export' });
const flushSeconds = new Histogram({ name: 'flush_duration_seconds', help: 'flush' });
export function done(startedAt: number, flushedAt: number): void {
  exportSeconds.observe(Date.now() - startedAt);
  flushSeconds.observe(Date.now() - flushedAt);
}
`;
    const FIXED = TWO_FIXES.replace('Date.now() - startedAt', '(Date.now() - startedAt) / 1000').replace('Date.now() - flushedAt', '(Date.now() - flushedAt) / 1000');

    it('keeps the suggestions of what --fix could not fix, indexed into the fixed text', async () => {
      const dir = project({ 'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }), 'src/export.ts': IGNORED_WRITE + TWO_FIXES });
      const out = path.join(dir, 'out.sarif');
      await run(['--fix', '--no-cache', '--format', 'sarif', '-o', out], dir);
      const fixed = fs.readFileSync(path.join(dir, 'src/export.ts'), 'utf8');
      expect(fixed).toContain('(Date.now() - startedAt) / 1000');
      const log = JSON.parse(fs.readFileSync(out, 'utf8')) as { runs: { results: { ruleId: string; fixes?: { artifactChanges: { replacements: { deletedRegion: { startLine: number } }[] }[] }[] }[] }[] };
      const write = log.runs[0]?.results.find((r) => r.ruleId === 'rta/no-ignored-write');
      const line = write?.fixes?.[0]?.artifactChanges[0]?.replacements[0]?.deletedRegion.startLine;
      expect(line).toBeDefined();
      expect(fixed.split('\n')[(line ?? 0) - 1]).toContain('sock.write(row)');
    });

    it.each([
      ['typed, on the audit program', []],
      ['untyped', ['--no-type-check']],
    ])('applies every autofix exactly once (%s)', async (_name, flags) => {
      const dir = project({ 'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext' }, include: ['src'] }), 'src/export.ts': TWO_FIXES });
      const { stdout } = await run(['--fix', '--no-cache', ...flags], dir);
      expect(fs.readFileSync(path.join(dir, 'src/export.ts'), 'utf8')).toBe(FIXED);
      expect(stdout).not.toContain('metric-unit-mismatch');
    });
  });
});

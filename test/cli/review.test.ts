import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runAudit } from '../../src/audit/index.js';
import { diffPath } from '../../src/audit/review.js';
import type { Analyzer } from '../../src/analyzers/analyzer.js';
import { hasValidator, NO_VALIDATOR, validateSarif } from '../findings/validator.js';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-review-'));
  temps.push(dir);
  write(dir, files);
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
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

/** A module with `n` ignored writes, each in its own exported function. */
function exporter(names: string[]): string {
  return [
    `import { createWriteStream } from 'node:fs';`,
    ...names.map(
      (n) => `export function ${n}(rows: string[]) {\n  const out = createWriteStream('${n}.csv');\n  for (const r of rows) {\n    out.write(r);\n  }\n}`,
    ),
    '',
  ].join('\n');
}

interface JsonReport {
  findings: { ruleId: string; message: string; location: { file: string; region: { startLine: number } }; baselineState?: string; suppressions?: { justification?: string }[] }[];
}

describe('baselines', () => {
  it('round trip: write, add one defect, only it is reported and counted', async () => {
    const dir = project({ 'src/export.ts': exporter(['a', 'b']) });
    const written = await run(['--write-baseline', '.rta/baseline.json'], dir);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain('2 finding(s)');

    // Unchanged code against its own baseline: nothing new, exit 0.
    expect((await run(['--baseline', '.rta/baseline.json'], dir)).code).toBe(0);

    // Lines inserted above the old defects, and one new defect.
    write(dir, { 'src/export.ts': `// header\n// more header\n${exporter(['a', 'b', 'c'])}` });
    const text = await run(['--baseline', '.rta/baseline.json'], dir);
    expect(text.code).toBe(1);
    expect(text.stdout.match(/rta\/no-ignored-write/g)).toHaveLength(1);

    const json = JSON.parse((await run(['--baseline', '.rta/baseline.json', '--format', 'json'], dir)).stdout) as JsonReport;
    expect(json.findings.map((f) => f.baselineState)).toEqual(['unchanged', 'unchanged', 'new']);

    const sarif = JSON.parse((await run(['--baseline', '.rta/baseline.json', '--format', 'sarif'], dir)).stdout) as {
      runs: { results: { baselineState: string }[] }[];
    };
    expect(sarif.runs[0]?.results.map((r) => r.baselineState)).toEqual(['unchanged', 'unchanged', 'new']);
  });

  it('round trip: an analyzer finding whose message quotes file:line stays unchanged when lines are inserted above it', async () => {
    const event = [
      'export interface OrderEvent {',
      '  orderId: string;',
      '  totalCents: number;',
      '  discountCents: number;',
      '}',
      '',
    ].join('\n');
    const dir = project({
      'rta.config.yaml': 'schemas:\n  - name: orders\n    stream: src/events/order-event.ts#OrderEvent\n    batch: db/001_orders.sql#orders\n',
      'src/events/order-event.ts': event,
      'db/001_orders.sql': 'CREATE TABLE orders (\n  order_id text PRIMARY KEY,\n  total_cents bigint NOT NULL\n);\n',
      'tsconfig.json': '{"compilerOptions": {"strict": true, "module": "nodenext", "target": "es2022"}, "include": ["src"]}\n',
    });
    const before = JSON.parse((await run(['--format', 'json', '--no-cache'], dir)).stdout) as JsonReport;
    const drift = before.findings.filter((f) => f.ruleId === 'rta/schema-drift');
    // The premise: the drift message quotes the place of the field, so the line is in the message.
    expect(drift.some((f) => f.message.includes('order-event.ts:4'))).toBe(true);
    expect((await run(['--write-baseline', 'base.json', '--no-cache'], dir)).code).toBe(0);

    write(dir, { 'src/events/order-event.ts': `// One comment\n// and another\n${event}` });
    const after = JSON.parse((await run(['--baseline', 'base.json', '--format', 'json', '--no-cache'], dir)).stdout) as JsonReport;
    const moved = after.findings.filter((f) => f.ruleId === 'rta/schema-drift');
    expect(moved.some((f) => f.message.includes('order-event.ts:6'))).toBe(true);
    expect(moved.map((f) => f.baselineState)).toEqual(drift.map(() => 'unchanged'));
  });

  it('a missing or foreign baseline file is a usage error (exit 2)', async () => {
    const dir = project({ 'a.ts': exporter(['a']), 'not-a-baseline.json': '{"hello": 1}' });
    expect((await run(['--baseline', 'nope.json'], dir)).code).toBe(2);
    const foreign = await run(['--baseline', 'not-a-baseline.json'], dir);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('not an rta-lint baseline');
  });
});

describe('--changed-since', () => {
  it('reports only findings on lines changed since the merge base', async () => {
    const dir = project({ 'src/old.ts': exporter(['a']) });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    git('checkout', '-q', '-b', 'feature');
    write(dir, { 'src/old.ts': exporter(['a', 'b']), 'src/new.ts': exporter(['n']) });
    git('add', 'src/old.ts');
    git('commit', '-q', '-m', 'second');
    // src/new.ts stays untracked: every line of it counts as added.

    const all = JSON.parse((await run(['--format', 'json'], dir)).stdout) as JsonReport;
    expect(all.findings).toHaveLength(3);
    const changed = JSON.parse((await run(['--format', 'json', '--changed-since', 'main'], dir)).stdout) as JsonReport;
    expect(changed.findings.map((f) => `${f.location.file}:${String(f.location.region.startLine)}`)).toEqual(['src/new.ts:5', 'src/old.ts:11']);
  });

  it('finds changed and untracked files whose names git quotes (non-ASCII, quotes), whatever the diff prefixes', async () => {
    const dir = project({ 'src/café.ts': exporter(['a']), 'src/say "hi".ts': exporter(['a']), 'src/plain.ts': exporter(['a']) });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q', '-b', 'main');
    git('config', 'core.quotePath', 'true');
    git('config', 'diff.mnemonicPrefix', 'true');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    git('checkout', '-q', '-b', 'feature');
    write(dir, { 'src/café.ts': exporter(['a', 'b']), 'src/say "hi".ts': exporter(['a', 'b']), 'src/ünt.ts': exporter(['u']) });
    git('commit', '-q', '-am', 'second');
    // The premise: git quotes these names by default.
    expect(git('diff', '--name-only', 'main')).toContain('"src/caf\\303\\251.ts"');

    const changed = JSON.parse((await run(['--format', 'json', '--changed-since', 'main'], dir)).stdout) as JsonReport;
    expect(changed.findings.map((f) => `${f.location.file}:${String(f.location.region.startLine)}`).sort()).toEqual([
      'src/café.ts:11',
      'src/say "hi".ts:11',
      'src/ünt.ts:5',
    ]);
  });

  it('diffPath reads plain, tab-terminated and C-quoted names', () => {
    expect(diffPath('b/src/a.ts')).toBe('b/src/a.ts');
    expect(diffPath('b/src/a b.ts\t')).toBe('b/src/a b.ts');
    expect(diffPath('"b/src/caf\\303\\251.ts"')).toBe('b/src/café.ts');
    expect(diffPath('"b/src/say \\"hi\\".ts"')).toBe('b/src/say "hi".ts');
    expect(diffPath('"b/a\\tb\\\\c.ts"')).toBe('b/a\tb\\c.ts');
    expect(diffPath('"b/ü\\"😀.ts"')).toBe('b/ü"😀.ts');
  });

  it('outside a git repository it is a usage error', async () => {
    const dir = project({ 'a.ts': exporter(['a']) });
    const { code, stderr } = await run(['--changed-since', 'main'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('--changed-since');
  });
});

describe('suppressions', () => {
  const silenced = `import { createWriteStream } from 'node:fs';
export function a(rows: string[]) {
  const out = createWriteStream('a.csv');
  for (const r of rows) {
    // eslint-disable-next-line rta/no-ignored-write -- rows are capped at 10 by the caller
    out.write(r);
  }
}
`;

  it('keeps silenced findings out by default and adds them, marked, with --include-suppressed', async () => {
    const dir = project({ 'a.ts': silenced });
    const plain = await run(['--format', 'sarif'], dir);
    expect(plain.code).toBe(0);
    expect((JSON.parse(plain.stdout) as { runs: { results: unknown[] }[] }).runs[0]?.results).toEqual([]);

    const audit = await run(['--format', 'sarif', '--include-suppressed'], dir);
    expect(audit.code).toBe(0);
    const results = (JSON.parse(audit.stdout) as { runs: { results: { suppressions?: unknown[] }[] }[] }).runs[0]?.results ?? [];
    expect(results).toHaveLength(1);
    expect(results[0]?.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'rows are capped at 10 by the caller' }]);
    if (hasValidator) expect(validateSarif(audit.stdout).status).toBe(0);
  });

  it('analyzer findings honour the same inline comments', async () => {
    const reporter: Analyzer = {
      id: 'every-sql-file',
      needsTypes: false,
      checks: [{ id: 'rta/test-sql', category: 'window', description: 'test', defaultSeverity: 'error', docsUrl: '', fixable: false, hasSuggestions: false }],
      run: (context) => ({
        findings: context.files
          .filter((f) => f.kind === 'sql')
          .map((f) => ({
            ruleId: 'rta/test-sql',
            category: 'window' as const,
            severity: 'error' as const,
            message: 'x',
            location: { file: f.relative, region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 5 } },
            related: [],
            fixes: [],
            source: 'analyzer' as const,
          })),
        notifications: [],
      }),
    };
    const dir = project({
      'quiet.sql': '-- eslint-disable-next-line rta/test-sql -- global on purpose\nselect 1;\n',
      'block.sql': '/* eslint-disable rta/test-sql */\nselect 1;\n/* eslint-enable rta/test-sql */\n',
      'other-rule.sql': '-- eslint-disable-next-line rta/another\nselect 1;\n',
      'loud.sql': '\nselect 1;\n',
    });
    const result = await runAudit({ cwd: dir, analyzers: [reporter] });
    expect(result.findings.map((f) => f.location.file)).toEqual(['loud.sql', 'other-rule.sql']);
    const all = await runAudit({ cwd: dir, analyzers: [reporter], includeSuppressed: true });
    expect(all.findings.find((f) => f.location.file === 'quiet.sql')?.suppressions).toEqual([{ kind: 'inSource', justification: 'global on purpose' }]);
  });
});

describe('shards and merge', () => {
  it('shards split the files deterministically and their merged SARIF equals a full run', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`src/m${String(i)}.ts`] = exporter([`f${String(i)}`]);
    const dir = project(files);
    const full = JSON.parse((await run(['--format', 'sarif'], dir)).stdout) as {
      runs: { results: { partialFingerprints: Record<string, string> }[]; properties: { filesAnalysed: number; mergedFrom?: number } }[];
    };
    const shardFiles: string[] = [];
    const seen: string[] = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      const out = `shard-${shard.replace('/', '-')}.sarif`;
      await run(['src', '--root', '.', '--format', 'sarif', '--shard', shard, '-o', out], dir);
      shardFiles.push(out);
      const log = JSON.parse(fs.readFileSync(path.join(dir, out), 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
      seen.push(...(log.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri ?? '') ?? []));
    }
    expect(seen.sort()).toEqual(Object.keys(files).sort());
    const merged = await run(['merge', ...shardFiles], dir);
    expect(merged.code).toBe(0);
    const log = JSON.parse(merged.stdout) as typeof full;
    expect(log.runs[0]?.results.map((r) => r.partialFingerprints)).toEqual(full.runs[0]?.results.map((r) => r.partialFingerprints));
    // Each shard counts every file it discovered; the merged log counts them once.
    expect(full.runs[0]?.properties.filesAnalysed).toBe(12);
    expect(log.runs[0]?.properties.filesAnalysed).toBe(12);
    expect(log.runs[0]?.properties.mergedFrom).toBe(3);
    if (hasValidator) expect(validateSarif(merged.stdout).status).toBe(0);

    // A log given twice adds nothing.
    const twice = JSON.parse((await run(['merge', ...shardFiles, shardFiles[0] ?? ''], dir)).stdout) as typeof full;
    expect(twice.runs[0]?.results).toEqual(log.runs[0]?.results);
    expect(twice.runs[0]?.properties).toEqual(log.runs[0]?.properties);
  });

  it('merge refuses logs of different categories', async () => {
    const dir = project({ 'src/a.ts': exporter(['a']), 'src/b.ts': exporter(['b']) });
    await run(['--format', 'sarif', '--shard', '1/2', '--category', 'rta/backend', '-o', 'one.sarif'], dir);
    await run(['--format', 'sarif', '--shard', '2/2', '--category', 'rta/frontend', '-o', 'two.sarif'], dir);
    await run(['--format', 'sarif', '--shard', '2/2', '-o', 'plain.sarif'], dir);
    const mixed = await run(['merge', 'one.sarif', 'two.sarif'], dir);
    expect(mixed.code).toBe(2);
    expect(mixed.stdout).toBe('');
    expect(mixed.stderr).toContain('two.sarif has category "rta/frontend/" but one.sarif has category "rta/backend/"');
    const missing = await run(['merge', 'one.sarif', 'plain.sarif'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('plain.sarif has no category');
    await run(['--format', 'sarif', '--shard', '2/2', '--category', 'rta/backend', '-o', 'three.sarif'], dir);
    expect((await run(['merge', 'one.sarif', 'three.sarif'], dir)).code).toBe(0);
  });

  it('merge refuses files that are not rta-lint SARIF', async () => {
    const dir = project({ 'x.sarif': '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"other"}}}]}' });
    const { code, stderr } = await run(['merge', 'x.sarif'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('not rta-lint');
  });

  it('--shard rejects malformed values', async () => {
    const dir = project({ 'a.ts': '' });
    expect((await run(['--shard', '4/3'], dir)).code).toBe(2);
  });
});

describe('--category, markdown diffs, init', () => {
  it.skipIf(!hasValidator)(`sets automationDetails.id ${hasValidator ? '' : NO_VALIDATOR}`, async () => {
    const dir = project({ 'a.ts': exporter(['a']) });
    const { stdout } = await run(['--format', 'sarif', '--category', 'rta/backend'], dir);
    const log = JSON.parse(stdout) as { runs: { automationDetails?: { id: string } }[] };
    expect(log.runs[0]?.automationDetails).toEqual({ id: 'rta/backend/' });
    expect(validateSarif(stdout).status).toBe(0);
  });

  it('markdown shows each suggestion as a fenced diff', async () => {
    const dir = project({ 'a.ts': `import { createWriteStream } from 'node:fs';\nexport async function a(rows: string[]) {\n  const out = createWriteStream('a');\n  for (const r of rows) {\n    out.write(r);\n  }\n}\n` });
    const { stdout } = await run(['--format', 'markdown'], dir);
    expect(stdout).toContain('### Suggested fixes');
    expect(stdout).toContain("```diff\n@@ a.ts:1 @@\n+import { once } from 'node:events';\n export async function a(rows: string[]) {\n …\n   for (const r of rows) {\n-    out.write(r);\n+    if (!out.write(r)) await once(out, 'drain');\n```");
  });

  it('init writes a starter config and ESLint config once, never overwriting', async () => {
    const dir = project({});
    expect((await run(['init'], dir)).code).toBe(0);
    const config = fs.readFileSync(path.join(dir, 'rta.config.yaml'), 'utf8');
    expect(config).toContain('$schema=./node_modules/eslint-plugin-rta/schema/rta.config.schema.json');
    expect(fs.readFileSync(path.join(dir, 'eslint.config.mjs'), 'utf8')).toContain("rta.configs['recommended-type-checked']");
    // The starter config is valid: an audit accepts it.
    write(dir, { 'a.ts': 'export const x = 1;\n' });
    expect((await run([], dir)).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'rta.config.yaml'), 'rules: {}\n');
    const again = await run(['init'], dir);
    expect(again.stdout).toContain('already exists');
    expect(fs.readFileSync(path.join(dir, 'rta.config.yaml'), 'utf8')).toBe('rules: {}\n');
  });

  it('init tells which packages the ESLint snippet needs', async () => {
    const { stdout } = await run(['init'], project({}));
    expect(stdout).toContain('npm install --save-dev eslint-plugin-rta eslint typescript-eslint');
  });

  it('init names an existing rta.config.yml and does not write rta.config.yaml beside it', async () => {
    const dir = project({ 'rta.config.yml': 'rules: {}\n' });
    const { stdout } = await run(['init'], dir);
    expect(stdout).toContain('rta.config.yml already exists');
    expect(fs.existsSync(path.join(dir, 'rta.config.yaml'))).toBe(false);
  });

  it.each(['eslint.config.mts', 'eslint.config.cts', 'eslint.config.ts', 'eslint.config.cjs', '.eslintrc.json', '.eslintrc.yml', '.eslintrc'])(
    'init with an existing %s prints the snippet instead of writing a config that would shadow it',
    async (name) => {
      const dir = project({ [name]: '// the project\'s own config\n' });
      const { code, stdout } = await run(['init'], dir);
      expect(code).toBe(0);
      expect(stdout).toContain(`${name} exists; left as it is`);
      expect(stdout).toContain("rta.configs['recommended-type-checked']");
      expect(fs.existsSync(path.join(dir, 'eslint.config.mjs'))).toBe(false);
      expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe("// the project's own config\n");
    },
  );

  it('init treats an eslintConfig key in package.json as an existing ESLint config', async () => {
    const dir = project({ 'package.json': '{"name": "x", "eslintConfig": {"rules": {}}}\n' });
    const { stdout } = await run(['init'], dir);
    expect(stdout).toContain('package.json (eslintConfig) exists');
    expect(fs.existsSync(path.join(dir, 'eslint.config.mjs'))).toBe(false);
  });
});

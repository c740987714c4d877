import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/index.js';
import { applyRuleEntries } from '../../src/audit/project-eslint-config.js';
import { main } from '../../src/cli/main.js';

// The project's eslint.config.mjs imports the built plugin, as a user's would import the
// installed one; `npm test` builds before the tests run.
const builtPlugin = path.resolve(import.meta.dirname, '../../dist/index.js');

const WRITE_IN_LOOP = `import { createWriteStream } from 'node:fs';
const out = createWriteStream('/tmp/out.log');
export function dump(lines: string[]): void {
  for (const line of lines) out.write(line + '\\n');
}
`;

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project whose ESLint configs leave a mark when anything loads them. */
function project(): { dir: string; marks: () => string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-eslint-config-'));
  temps.push(dir);
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('src/app/writer.ts', WRITE_IN_LOOP);
  write('src/legacy/writer.ts', WRITE_IN_LOOP);
  write('src/generated/writer.ts', WRITE_IN_LOOP);
  write(
    'eslint.config.mjs',
    `import fs from 'node:fs';
import rta from ${JSON.stringify(pathToFileURL(builtPlugin).href)};
fs.writeFileSync(new URL('./loaded-flat', import.meta.url), 'x');
export default [
  { ignores: ['src/generated/**'] },
  { files: ['**/*.ts'], plugins: { rta }, rules: { 'rta/no-ignored-write': 'warn' } },
  { files: ['src/legacy/**'], rules: { 'rta/no-ignored-write': 'off' } },
];
`,
  );
  write('.eslintrc.cjs', `require('node:fs').writeFileSync(__dirname + '/loaded-eslintrc', 'x');\nmodule.exports = {};\n`);
  return { dir, marks: () => ['loaded-flat', 'loaded-eslintrc'].filter((m) => fs.existsSync(path.join(dir, m))) };
}

const ignoredWrites = (findings: { ruleId: string; location: { file: string }; severity: string }[]) =>
  findings.filter((f) => f.ruleId === 'rta/no-ignored-write').map((f) => `${f.location.file} ${f.severity}`);

describe('the project ESLint config', () => {
  it('is never loaded by default: its rules do not apply and its code does not run', async () => {
    const { dir, marks } = project();
    const result = await runAudit({ cwd: dir, typeCheck: false });
    expect(marks()).toEqual([]);
    expect(ignoredWrites(result.findings)).toEqual(['src/app/writer.ts error', 'src/generated/writer.ts error', 'src/legacy/writer.ts error']);
  });

  it.skipIf(!fs.existsSync(builtPlugin))('with --use-eslint-config, its rta/* levels and ignores decide', async () => {
    const { dir, marks } = project();
    const result = await runAudit({ cwd: dir, typeCheck: false, useEslintConfig: true });
    expect(marks()).toEqual(['loaded-flat']);
    expect(ignoredWrites(result.findings)).toEqual(['src/app/writer.ts warning']);
    expect(result.notifications.find((n) => n.kind === 'eslint-config-ignored')?.message).toContain('1 file(s) ignored by eslint.config.mjs');
  });

  it('with --use-eslint-config and no config file, the CLI says so and exits 2', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-no-eslint-config-'));
    temps.push(dir);
    fs.writeFileSync(path.join(dir, 'a.ts'), WRITE_IN_LOOP);
    // An eslint.config.* above the temp folder would be found; the test needs none there.
    let stderr = '';
    const io = { stdout: process.stdout, stderr: { write: (s: string) => ((stderr += s), true) } as unknown as NodeJS.WritableStream, cwd: dir, env: {} };
    const status = await main(['.', '--use-eslint-config', '--no-type-check', '-f', 'json', '-o', path.join(dir, 'out.json')], io);
    expect(status).toBe(2);
    expect(stderr).toContain('--use-eslint-config: no eslint.config');
  });
});

describe('applyRuleEntries', () => {
  const base = new Map([['rta/a', { severity: 'warning' as const, options: [{ x: 1 }] }]]);
  const all = () => true;

  it('follows ESLint merging: a severity alone keeps the options, "off" removes the rule', () => {
    expect(applyRuleEntries(base, { 'rta/a': 2 }, all).get('rta/a')).toEqual({ severity: 'error', options: [{ x: 1 }] });
    expect(applyRuleEntries(base, { 'rta/a': ['warn', { x: 2 }] }, all).get('rta/a')).toEqual({ severity: 'warning', options: [{ x: 2 }] });
    expect(applyRuleEntries(base, { 'rta/a': 'off' }, all).has('rta/a')).toBe(false);
  });

  it('ignores other plugins and rules it may not run', () => {
    const levels = applyRuleEntries(base, { 'no-console': 'error', 'rta/b': 'error' }, (id) => id !== 'rta/b');
    expect([...levels.keys()]).toEqual(['rta/a']);
  });
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A user's project that installs the built plugin and runs the real `eslint` binary on it.
const root = path.resolve(import.meta.dirname, '../..');
let dir = '';

beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-eslint-user-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(root, path.join(dir, 'node_modules/eslint-plugin-rta'), 'dir');
  for (const dep of ['typescript-eslint', 'typescript', '@types']) {
    fs.mkdirSync(path.dirname(path.join(dir, 'node_modules', dep)), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules', dep), path.join(dir, 'node_modules', dep), 'dir');
  }
  fs.writeFileSync(
    path.join(dir, 'eslint.config.mjs'),
    `import rta from 'eslint-plugin-rta';
import tseslint from 'typescript-eslint';

export default [
  rta.configs.recommended,
  {
    files: ['typed/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
];
`,
  );
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], noEmit: true }, include: ['typed'] }),
  );
  const body = `import { createWriteStream } from 'node:fs';
export function dump(rows) {
  const out = createWriteStream('rows.csv');
  for (const row of rows) {
    out.write(row + '\\n');
  }
}
`;
  fs.writeFileSync(path.join(dir, 'export.mjs'), body);
  fs.mkdirSync(path.join(dir, 'typed'));
  fs.writeFileSync(
    path.join(dir, 'typed/relay.ts'),
    `import type { Writable } from 'node:stream';
export function relay(chunks: Buffer[], dst: Writable): void {
  chunks.forEach((c) => {
    dst.write(c);
  });
}
`,
  );
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function eslint(args: string[]): { status: number; stdout: string } {
  try {
    const stdout = execFileSync(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), ...args], { cwd: dir, encoding: 'utf8' });
    return { status: 0, stdout };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    if (e.status !== 1) throw new Error(`eslint failed (${String(e.status)}): ${e.stderr}`);
    return { status: e.status, stdout: e.stdout };
  }
}

describe('the built plugin in a user project', () => {
  it('reports rta/no-ignored-write through the eslint binary, untyped (espree) and typed', () => {
    const { status, stdout } = eslint(['--format', 'json', '.']);
    expect(status).toBe(1);
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    const hits = results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${String(m.line)}:${m.ruleId}`));
    expect(hits.sort()).toEqual(['export.mjs:5:rta/no-ignored-write', 'typed/relay.ts:4:rta/no-ignored-write']);
  });
});

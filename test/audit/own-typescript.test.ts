import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../../src/audit/own-typescript.js';

const ownVersion = (createRequire(import.meta.url)('typescript/package.json') as { version: string }).version;
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project whose hoisted package (like ts-api-utils) requires the project's own `typescript` at `version`. */
function projectWithTypescript(version: string): NodeJS.Require {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-ts-'));
  temps.push(dir);
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('node_modules/typescript/package.json', JSON.stringify({ name: 'typescript', version, main: 'lib/typescript.js' }));
  write('node_modules/typescript/lib/typescript.js', `module.exports = { version: ${JSON.stringify(version)} };`);
  write('node_modules/hoisted-helper/package.json', JSON.stringify({ name: 'hoisted-helper', version: '1.0.0' }));
  write('node_modules/hoisted-helper/index.js', `module.exports = require('typescript');`);
  return createRequire(path.join(dir, 'node_modules/hoisted-helper/index.js'));
}

describe('own-typescript hook', () => {
  it('sends a hoisted package from a TypeScript without the compiler API (7+) to this package\'s TypeScript', () => {
    const helper = projectWithTypescript('7.0.2');
    expect((helper('typescript') as { version: string }).version).toBe(ownVersion);
    expect(helper.resolve('typescript/package.json')).toBe(createRequire(import.meta.url).resolve('typescript/package.json'));
  });

  it('leaves a project TypeScript that has the compiler API alone', () => {
    const helper = projectWithTypescript('5.9.3');
    expect((helper('typescript') as { version: string }).version).toBe('5.9.3');
  });
});

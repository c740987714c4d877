import { describe, expect, it } from 'vitest';
import { typeErrors } from './typecheck.js';

describe('typeErrors', () => {
  it('accepts valid Node code and reports broken code', () => {
    expect(typeErrors(`import { once } from 'node:events';\nimport { createWriteStream } from 'node:fs';\nexport async function f() { const w = createWriteStream('x'); if (!w.write('a')) await once(w, 'drain'); }\n`)).toEqual([]);
    expect(typeErrors(`const x: number = 'a';\nexport {};\n`).length).toBe(1);
  });
});

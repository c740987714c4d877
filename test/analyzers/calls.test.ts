import fs from 'node:fs';
import path from 'node:path';
import { Project, SyntaxKind } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { callsIn, callsWithin, newsIn } from '../../src/analyzers/calls.js';

const TRICKY = `
export const a = f(g(1), h(() => k()))(2)(3);
(function () { return m(n()); })();
(() => p())();
class C {
  constructor(readonly x = q()) { super.call?.(r()); }
  method(y = s()) { return new T(u(), new V(w())).z(); }
}
const tagged = tag\`\${x()}\`;
label: for (const i of list()) if (i) go(i)?.then((v) => done(v));
`;

const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { noLib: true } });
const files = [
  project.createSourceFile('tricky.ts', TRICKY),
  // The example app: real code of the kind the analyzers read.
  ...fs
    .readdirSync(path.resolve(import.meta.dirname, '../../examples/live-dashboard/src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => project.createSourceFile(`app/${f}`, fs.readFileSync(path.resolve(import.meta.dirname, '../../examples/live-dashboard/src', f), 'utf8'))),
];

describe('calls shared by the analyzers', () => {
  it('finds, under every node of every file, exactly what getDescendantsOfKind finds, in the same order', () => {
    let compared = 0;
    for (const file of files) {
      expect(callsIn(file)).toEqual(file.getDescendantsOfKind(SyntaxKind.CallExpression));
      expect(newsIn(file)).toEqual(file.getDescendantsOfKind(SyntaxKind.NewExpression));
      file.forEachDescendant((node) => {
        expect(callsWithin(node)).toEqual(node.getDescendantsOfKind(SyntaxKind.CallExpression));
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(1_000);
  });

  it('walks each file once, however often it is asked', () => {
    const file = files[0];
    if (!file) throw new Error('no file');
    expect(callsIn(file)).toBe(callsIn(file));
  });
});

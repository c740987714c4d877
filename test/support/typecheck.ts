import path from 'node:path';
import ts from 'typescript';
import { fixturesDir } from './rule-tester.js';

/**
 * Type-checks one in-memory TypeScript file against Node's types (and whatever the project's
 * node_modules provides, e.g. rxjs), and returns the diagnostics as text. Used to prove that a
 * fix or suggestion leaves code that still compiles.
 */
export function typeErrors(code: string, fileName = 'fixed.ts'): string[] {
  const file = path.join(fixturesDir, fileName);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    lib: ['lib.es2023.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (f) => (path.resolve(f) === file ? code : readFile(f));
  host.fileExists = (f) => path.resolve(f) === file || fileExists(f);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, onError, create) =>
    path.resolve(f) === file ? ts.createSourceFile(f, code, lang, true) : getSourceFile(f, lang, onError, create);
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || path.resolve(d.file.fileName) === file)
    .map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      return `${where ? `${String(where.line + 1)}:${String(where.character + 1)} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
}

/**
 * The parser of a typed `--fix` run.
 *
 * ESLint applies fixes in up to ten passes over a file, parsing the fixed text again each time.
 * typescript-eslint takes a file's syntax tree from a provided program without comparing texts,
 * so with the audit's one program every later pass would get the tree of the text before the
 * fixes, and its ranges would be spliced into the fixed text (a fix applied ten times over the
 * wrong characters). For a text the program does not hold, this parser gives typescript-eslint a
 * program that differs from the audit's in that one file, built from it incrementally so the
 * other files' trees are reused and the rules keep their types.
 */
import tsParser from '@typescript-eslint/parser';
import type { Linter } from 'eslint';
import { ts } from 'ts-morph';

type ParseOptions = Parameters<typeof tsParser.parseForESLint>[1];

export function fixPassParser(auditProgram: unknown): Linter.Parser {
  const base = auditProgram as ts.Program;
  let latest: { fileName: string; text: string; program: ts.Program } | undefined;

  function programFor(filePath: string, text: string): ts.Program {
    const held = base.getSourceFile(filePath);
    if (held === undefined || held.text === text) return base;
    if (latest?.fileName === held.fileName && latest.text === text) return latest.program;
    const options = base.getCompilerOptions();
    const host = ts.createCompilerHost(options, true);
    const readFromDisk = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      if (fileName === held.fileName) return ts.createSourceFile(fileName, text, languageVersion, true);
      // The same SourceFile objects let the compiler reuse the audit program's structure.
      return base.getSourceFile(fileName) ?? readFromDisk(fileName, languageVersion, onError, shouldCreate);
    };
    const program = ts.createProgram({ rootNames: base.getRootFileNames(), options, host, oldProgram: base });
    latest = { fileName: held.fileName, text, program };
    return program;
  }

  return {
    meta: { name: 'rta-fix-pass-parser' },
    parseForESLint(code: string, options?: ParseOptions) {
      const filePath = options?.filePath;
      const program = typeof filePath === 'string' ? programFor(filePath, code) : base;
      // ts-morph's copy of TypeScript: the same compiler, typed apart from typescript-eslint's.
      const withProgram = { ...options, programs: [program] } as unknown as ParseOptions;
      return tsParser.parseForESLint(code, withProgram);
    },
  } as Linter.Parser;
}

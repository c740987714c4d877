/**
 * The one TypeScript program of a typed audit. ts-morph builds it from the project's tsconfig;
 * typed ESLint rules receive its `ts.Program` through `parserOptions.programs`, and analyzers get
 * the ts-morph `Project`, so the code is type-checked once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Project, ts as morphTs } from 'ts-morph';
import type { Notification } from '../findings/finding.js';

export interface TypedProgram {
  project: Project;
  /** The compiler's program, for typescript-eslint. Typed loosely: it comes from ts-morph's copy of TypeScript. */
  program: unknown;
  /** Absolute paths of the files the program contains. */
  files: ReadonlySet<string>;
  tsconfig: string;
}

/** The nearest tsconfig.json at or above `root`. */
export function findTsconfig(root: string): string | undefined {
  let dir = root;
  for (;;) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * typescript-eslint converts the program's syntax trees with its own TypeScript; the two copies
 * must agree on major.minor or node kinds would be misread.
 */
export function compilerVersionsAgree(): { ok: boolean; eslintTs: string; morphTs: string } {
  const require = createRequire(import.meta.url);
  const eslintTs = (require('typescript/package.json') as { version: string }).version;
  const majorMinor = (v: string) => v.split('.').slice(0, 2).join('.');
  return { ok: majorMinor(eslintTs) === majorMinor(morphTs.version), eslintTs, morphTs: morphTs.version };
}

/**
 * The files a tsconfig includes, read without parsing any of them: a tsconfig that covers none of
 * the audited files (the repository's own, when auditing a fixture folder) is not worth a program.
 */
export function tsconfigFiles(tsconfig: string): ReadonlySet<string> | undefined {
  const read = morphTs.readConfigFile(tsconfig, (f) => morphTs.sys.readFile(f));
  if (read.error) return undefined;
  const parsed = morphTs.parseJsonConfigFileContent(read.config, morphTs.sys, path.dirname(tsconfig), undefined, tsconfig);
  return new Set(parsed.fileNames.map((f) => path.resolve(f)));
}

export function loadProgram(tsconfig: string, relative: (file: string) => string): TypedProgram | { notification: Notification } {
  const versions = compilerVersionsAgree();
  if (!versions.ok) {
    return {
      notification: {
        level: 'warning',
        kind: 'untyped-fallback',
        message: `TypeScript ${versions.eslintTs} (ESLint side) and ${versions.morphTs} (analyzer side) differ in major.minor; the audit runs without types.`,
      },
    };
  }
  try {
    const project = new Project({ tsConfigFilePath: tsconfig, skipFileDependencyResolution: false });
    const program = project.getProgram().compilerObject;
    const files = new Set(program.getSourceFiles().map((sf) => path.resolve(sf.fileName)));
    return { project, program, files, tsconfig };
  } catch (error) {
    return {
      notification: {
        level: 'warning',
        kind: 'untyped-fallback',
        file: relative(tsconfig),
        message: `Could not load the TypeScript project (${error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)}); the audit runs without types.`,
      },
    };
  }
}

/** A tsconfig.json and every config file it extends, nearest first (for cache keys). */
export function tsconfigChain(tsconfig: string): string[] {
  const chain: string[] = [];
  const visit = (file: string) => {
    if (chain.includes(file) || chain.length > 16) return;
    chain.push(file);
    const read = morphTs.readConfigFile(file, (f) => morphTs.sys.readFile(f));
    const extended = (read.config as { extends?: unknown } | undefined)?.extends;
    for (const ref of typeof extended === 'string' ? [extended] : Array.isArray(extended) ? extended : []) {
      if (typeof ref !== 'string') continue;
      // Package configs (`@tsconfig/node20`) change with the lockfile, which the key covers too.
      if (ref.startsWith('.') || path.isAbsolute(ref)) {
        const target = path.resolve(path.dirname(file), ref);
        visit(fs.existsSync(target) ? target : `${target}.json`);
      }
    }
  };
  visit(tsconfig);
  return chain;
}

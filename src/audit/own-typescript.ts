/**
 * rta-lint brings its own TypeScript 6; a project on TypeScript 7 must not take it away.
 *
 * npm hoists typescript-eslint's helpers (ts-api-utils, parts of @typescript-eslint) to the
 * project's node_modules, where `require('typescript')` finds the project's TypeScript. From 7 on
 * that package has no in-process compiler API, and loading the audit fails before any file is
 * read. This hook sends such a request to the TypeScript this package depends on, and only when
 * the one found lacks the compiler API, so an embedding process on TypeScript 6 or older keeps
 * its own copy. Imported first by the CLI and by each lint worker.
 */
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';

type Resolve = (this: unknown, request: string, ...rest: unknown[]) => string;

const ownRequire = createRequire(import.meta.url);
const loader = Module as unknown as { _resolveFilename: Resolve; __rtaOwnTypescript?: true };
const majorByPackage = new Map<string, number>();

/** The major version of the `typescript` package that holds `file`, when it can be read. */
function typescriptMajor(file: string): number | undefined {
  const marker = `${path.sep}node_modules${path.sep}typescript${path.sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return undefined;
  const packageDir = file.slice(0, at + marker.length - 1);
  let major = majorByPackage.get(packageDir);
  if (major === undefined) {
    try {
      const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version?: string };
      major = Number.parseInt(version ?? '', 10);
    } catch {
      major = Number.NaN;
    }
    majorByPackage.set(packageDir, major);
  }
  return Number.isNaN(major) ? undefined : major;
}

/** The first TypeScript major without the in-process compiler API (the native port). */
export const FIRST_MAJOR_WITHOUT_API = 7;

export function isTypescriptRequest(request: string): boolean {
  return request === 'typescript' || request.startsWith('typescript/');
}

if (loader.__rtaOwnTypescript !== true) {
  loader.__rtaOwnTypescript = true;
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    const found = resolve.call(this, request, ...rest);
    if (!isTypescriptRequest(request)) return found;
    const major = typescriptMajor(found);
    return major !== undefined && major >= FIRST_MAJOR_WITHOUT_API ? ownRequire.resolve(request) : found;
  };
}

/**
 * Which files an audit reads. Files are only ever read here, never imported or executed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Notification } from '../findings/finding.js';
import { toPosix } from './paths.js';

export const SOURCE_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
export const SQL_EXTENSIONS: readonly string[] = ['.sql'];

/** Folders that hold dependencies, build output or VCS data, never the user's source. */
export const IGNORED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'coverage', '.next', '.nuxt', '.turbo', '.cache', '.rta-cache',
]);

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

export interface DiscoveredFile {
  /** Absolute path. */
  path: string;
  /** Relative to the audit root, forward slashes. */
  relative: string;
  text: string;
  kind: 'source' | 'sql';
}

export interface Discovery {
  files: DiscoveredFile[];
  notifications: Notification[];
}

export class MissingPathError extends Error {
  constructor(readonly missing: string) {
    super(`No such file or directory: ${missing}`);
  }
}

export interface DiscoverOptions {
  root: string;
  maxFileBytes?: number;
  /** Include `.sql` files (the window and schema checks read them). */
  includeSql?: boolean;
  /** How to read a file; tests replace it to simulate I/O failures. */
  readFile?: (file: string) => Buffer;
}

/** Lists the files under `paths` (absolute), reading each once. Paths that do not exist throw. */
export function discoverFiles(paths: readonly string[], options: DiscoverOptions): Discovery {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const notifications: Notification[] = [];
  const found = new Map<string, DiscoveredFile>();
  const visitedDirs = new Set<string>();

  const relative = (file: string) => toPosix(path.relative(options.root, file));
  // A notification about a file outside the root names it by its absolute path, not `../../…`.
  const shown = (file: string) => {
    const rel = path.relative(options.root, file);
    return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel) ? toPosix(file) : toPosix(rel);
  };
  const dangling = (link: string) =>
    notifications.push({ level: 'warning', kind: 'dangling-link', file: shown(link), message: 'Skipped: a symbolic link whose target does not exist.' });

  const consider = (file: string, explicit: boolean) => {
    const ext = path.extname(file).toLowerCase();
    const kind = SOURCE_EXTENSIONS.includes(ext) ? 'source' : SQL_EXTENSIONS.includes(ext) && options.includeSql !== false ? 'sql' : undefined;
    if (!kind) {
      if (explicit) {
        notifications.push({ level: 'warning', kind: 'unsupported-file', file: shown(file), message: `Not a file rta-lint reads (${ext || 'no extension'}); skipped.` });
      }
      return;
    }
    if (found.has(file)) return;
    const loaded = readSource(file, maxBytes, options.readFile ?? ((f) => fs.readFileSync(f)));
    if ('skip' in loaded) {
      notifications.push({ ...loaded.skip, file: shown(file) });
      return;
    }
    // ESLint drops a byte-order mark before it reports columns; the .sql readers must too, or
    // line 1's columns are one off. (Scripts keep theirs: ESLint puts it back in fixed output.)
    const text = kind === 'sql' ? loaded.text.replace(/^\uFEFF/, '') : loaded.text;
    found.set(file, { path: file, relative: relative(file), text, kind });
  };

  const walkDir = (dir: string) => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    // A symlink loop (or two links to one folder) is read once.
    if (visitedDirs.has(real)) return;
    visitedDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      notifications.push({ level: 'error', kind: 'unreadable', file: shown(dir), message: `Cannot read folder: ${errorMessage(error)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!IGNORED_DIRECTORIES.has(entry.name)) walkDir(full);
      } else if (entry.isFile()) {
        consider(full, false);
      } else if (entry.isSymbolicLink()) {
        let stat: fs.Stats;
        try {
          stat = fs.statSync(full);
        } catch {
          dangling(full);
          continue;
        }
        if (stat.isDirectory()) {
          if (!IGNORED_DIRECTORIES.has(entry.name)) walkDir(full);
        } else if (stat.isFile()) {
          consider(full, false);
        }
      }
    }
  };

  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      if (isSymbolicLink(p)) {
        dangling(p);
        continue;
      }
      throw new MissingPathError(p);
    }
    if (stat.isDirectory()) walkDir(p);
    else if (stat.isFile()) consider(p, true);
    // Reading a FIFO blocks until a writer comes, and a device or socket is not source code.
    else notifications.push({ level: 'warning', kind: 'not-a-file', file: shown(p), message: `Skipped: not a regular file (${specialKind(stat)}).` });
  }
  const files = [...found.values()].sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  return { files, notifications };
}

function isSymbolicLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function specialKind(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a file or folder';
}

type ReadOutcome = { text: string } | { skip: Omit<Notification, 'file'> };

function readSource(file: string, maxBytes: number, readFile: (file: string) => Buffer): ReadOutcome {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    return { skip: { level: 'error', kind: 'unreadable', message: `Cannot read file: ${errorMessage(error)}` } };
  }
  if (size > maxBytes) {
    return { skip: { level: 'note', kind: 'skipped-large', message: `Skipped: ${formatBytes(size)} is over the ${formatBytes(maxBytes)} limit.` } };
  }
  let buffer: Buffer;
  try {
    buffer = readFile(file);
  } catch (error) {
    return { skip: { level: 'error', kind: 'unreadable', message: `Cannot read file: ${errorMessage(error)}` } };
  }
  if (buffer.subarray(0, 8192).includes(0)) {
    return { skip: { level: 'note', kind: 'skipped-binary', message: 'Skipped: binary content.' } };
  }
  const text = buffer.toString('utf8');
  if (looksMinified(file, text)) {
    return { skip: { level: 'note', kind: 'skipped-minified', message: 'Skipped: minified or generated code.' } };
  }
  return { text };
}

/** Minified bundles are machine output: long lines, few of them. Reading them costs time and finds nothing fixable. */
export function looksMinified(file: string, text: string): boolean {
  if (/\.min\.[cm]?js$/i.test(file)) return true;
  if (text.length < 20_000) return false;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      longest = Math.max(longest, i - start);
      start = i + 1;
      lines++;
    }
  }
  longest = Math.max(longest, text.length - start);
  return longest > 5_000 && text.length / lines > 300;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : `${(n / 1024).toFixed(0)} KiB`;
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file',
  EISDIR: 'is a folder',
  ELOOP: 'too many symbolic links',
};

/** A file-system error in words, without the absolute path Node puts in its messages. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) return `${ERRNO_TEXT[code] ?? 'I/O error'} (${code})`;
    return error.message;
  }
  return String(error);
}

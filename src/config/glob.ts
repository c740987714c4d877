/**
 * A small glob matcher for the config's path patterns (`alerts`, `sql.dialects`,
 * `cache.dashboardRoutes`): `*` and `?` within one path segment, `**` across segments,
 * `[abc]`/`[!abc]` classes and `{a,b}` alternatives, on forward-slash relative paths.
 * Wildcards do not match a leading `.` in a segment unless the pattern segment starts with one.
 */
import fs from 'node:fs';
import path from 'node:path';

const MAGIC = /[*?[{]/;
const MAX_ALTERNATIVES = 256;

/** Does the pattern contain any wildcard or alternative? */
export function hasGlobMagic(pattern: string): boolean {
  return MAGIC.test(pattern);
}

/** `{a,b}` alternatives, expanded left to right (nesting allowed; at most 256 results). */
export function expandBraces(pattern: string): string[] {
  const open = findBraceGroup(pattern);
  if (open === undefined) return [pattern];
  const { start, end, options } = open;
  const head = pattern.slice(0, start);
  const tail = pattern.slice(end + 1);
  const out: string[] = [];
  for (const option of options) {
    for (const expanded of expandBraces(head + option + tail)) {
      out.push(expanded);
      if (out.length >= MAX_ALTERNATIVES) return out;
    }
  }
  return out;
}

/** The first `{...}` group with a top-level comma, or undefined. */
function findBraceGroup(pattern: string): { start: number; end: number; options: string[] } | undefined {
  for (let start = pattern.indexOf('{'); start !== -1; start = pattern.indexOf('{', start + 1)) {
    let depth = 0;
    let last = start + 1;
    const options: string[] = [];
    for (let i = start; i < pattern.length; i++) {
      const ch = pattern[i];
      if (ch === '{') depth++;
      else if (ch === '}') {
        depth--;
        if (depth === 0) {
          options.push(pattern.slice(last, i));
          if (options.length > 1) return { start, end: i, options };
          break;
        }
      } else if (ch === ',' && depth === 1) {
        options.push(pattern.slice(last, i));
        last = i + 1;
      }
    }
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** One path segment (no `/`, not `**`) as a regular-expression source. */
function segmentSource(segment: string, dot: boolean): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment.charAt(i);
    if (ch === '*') {
      while (segment.charAt(i + 1) === '*') i++;
      out += '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else {
      out += escapeRegExp(ch);
    }
  }
  const leadingWildcard = segment.startsWith('*') || segment.startsWith('?') || segment.startsWith('[');
  return !dot && leadingWildcard ? `(?!\\.)${out}` : out;
}

export interface GlobOptions {
  /** Let wildcards match a leading `.` (default false). */
  dot?: boolean;
}

/** A brace-free glob as an anchored RegExp over forward-slash paths. */
function singleGlobSource(pattern: string, dot: boolean): string {
  const segments = pattern.split('/');
  let source = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      const any = dot ? '[^/]*' : '(?!\\.)[^/]*';
      source += last ? `(?:${any}(?:/${any})*)?` : `(?:${any}/)*`;
      return;
    }
    source += segmentSource(segment, dot) + (last ? '' : '/');
  });
  return source;
}

/** The glob (with `{a,b}` alternatives) as an anchored RegExp over forward-slash paths. */
export function globToRegExp(pattern: string, options: GlobOptions = {}): RegExp {
  const dot = options.dot ?? false;
  const sources = expandBraces(pattern).map((p) => singleGlobSource(p, dot));
  return new RegExp(`^(?:${sources.join('|')})$`, 'u');
}

/** Does `relativePath` (forward slashes, no leading `./`) match the glob? */
export function matchGlob(pattern: string, relativePath: string, options: GlobOptions = {}): boolean {
  return globToRegExp(stripDotSlash(pattern), options).test(stripDotSlash(relativePath.replace(/\\/g, '/')));
}

function stripDotSlash(p: string): string {
  let out = p;
  while (out.startsWith('./')) out = out.slice(2);
  return out;
}

export interface GlobFilesResult {
  /** Absolute paths of the matching files, sorted, without duplicates. */
  files: string[];
  /** True when the walk stopped at `maxEntries` before finishing. */
  truncated: boolean;
  /** Absolute folders the walk started from (the static prefix of each alternative). */
  bases: string[];
}

export interface GlobFilesOptions extends GlobOptions {
  /** Stop after visiting this many directory entries (default 100 000). */
  maxEntries?: number;
}

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/**
 * The files under `baseDir` that match `pattern` (relative to `baseDir`, or absolute). Folders
 * named `node_modules` or `.git` are only entered when the pattern names them; symbolic links
 * to folders are not followed.
 */
export function globFiles(pattern: string, baseDir: string, options: GlobFilesOptions = {}): GlobFilesResult {
  const dot = options.dot ?? false;
  let budget = options.maxEntries ?? 100_000;
  let truncated = false;
  const found = new Set<string>();
  const bases: string[] = [];

  for (const alternative of expandBraces(pattern.replace(/\\/g, '/'))) {
    const segments = stripDotSlash(alternative).split('/');
    const firstMagic = segments.findIndex((s) => hasGlobMagic(s));
    if (firstMagic === -1) {
      const file = path.resolve(baseDir, ...segments);
      bases.push(path.dirname(file));
      if (isFile(file)) found.add(file);
      continue;
    }
    const base = path.resolve(baseDir, ...segments.slice(0, firstMagic));
    bases.push(base);
    const rest = segments.slice(firstMagic);
    const matcher = new RegExp(`^${singleGlobSource(rest.join('/'), dot)}$`, 'u');
    const maxDepth = rest.includes('**') ? Number.POSITIVE_INFINITY : rest.length;
    const named = new Set(rest);

    const walk = (dir: string, relDir: string, depth: number): void => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (budget-- <= 0) {
          truncated = true;
          return;
        }
        const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
        const abs = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (depth + 1 < maxDepth && (!SKIPPED_DIRS.has(entry.name) || named.has(entry.name))) walk(abs, rel, depth + 1);
        } else if ((entry.isFile() || (entry.isSymbolicLink() && isFile(abs))) && matcher.test(rel)) {
          found.add(abs);
        }
      }
    };
    walk(base, '', 0);
  }
  return { files: [...found].sort(), truncated, bases };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The result cache of rta-lint: what a previous run found, reused when nothing it depended on
 * changed. Never written into the user's source folders: `node_modules/.cache/rta-lint/` under the
 * audit root when that `node_modules` exists, else a folder under the OS temp directory named by
 * a hash of the root.
 *
 * Every entry lives in a file named by the run's environment key: tool version and a fingerprint
 * of its own code, the rule set with options, the configuration, the analyzers, whether the run
 * is typed, and the content of what rules and analyzers read besides the audited files (the
 * files rta.config.yaml points to, the nearest package.json and rta.config.yaml of every folder,
 * the lockfile, the tsconfig chain). Change any of them and the run starts from an empty cache.
 *
 * - Untyped runs cache each file's lint result under the hash of its content: a rule that runs
 *   without types sees only that file, so an unchanged file gives unchanged findings.
 * - Typed runs cache the whole run (every file's lint result and the analyzers' outputs) under
 *   the hashes of every file of the TypeScript program plus the audited files. Types flow
 *   across files: changing an exported type in one file can change what a typed rule reports in
 *   any file that imports it, directly or not, and knowing which files those are would take the
 *   very program the cache exists to skip. So any change to any program file re-runs everything.
 * - Analyzer outputs in untyped runs are cached under the hashes of all audited files, as an
 *   analyzer reads the whole project.
 *
 * Results with internal errors or timeouts are never cached, so a failure is retried next run.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnalyzerOutput } from '../analyzers/analyzer.js';
import type { LoadedConfig } from '../config/types.js';
import { CONFIG_FILE_NAMES } from '../config/load.js';
import { globFiles } from '../config/glob.js';
import type { Notification } from '../findings/finding.js';
import { VERSION } from '../meta.js';
import type { FileLintResult } from './lint-files.js';

/** Bumped whenever the layout of a cache file changes. */
const CACHE_FORMAT = 1;
/** Cache files (one per environment key) kept per folder; the least recently written go first. */
const MAX_CACHE_FILES = 12;
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'];
/** Kinds of notification that mean a result is incomplete, so it must not be reused. */
const TRANSIENT_KINDS: ReadonlySet<string> = new Set(['internal-error', 'file-timeout', 'unreadable']);

export function contentHash(text: string | Buffer): string {
  return crypto.createHash('sha1').update(text).digest('hex');
}

function hashJson(value: unknown): string {
  return contentHash(JSON.stringify(value));
}

/** Where the cache of an audit rooted at `root` lives unless `--cache-location` says otherwise. */
export function defaultCacheDirectory(root: string): string {
  const modules = path.join(root, 'node_modules');
  if (isDirectory(modules)) return path.join(modules, '.cache', 'rta-lint');
  let real = root;
  try {
    real = fs.realpathSync(root);
  } catch {
    // the root was checked to exist; a race only changes the folder name
  }
  return path.join(os.tmpdir(), 'rta-lint-cache', contentHash(real).slice(0, 16));
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function readOrMissing(file: string): string {
  try {
    return contentHash(fs.readFileSync(file));
  } catch {
    return 'missing';
  }
}

let ownCode: string | undefined;

/**
 * A fingerprint of rta-lint's own code (the content of the modules it runs from), so an edited
 * or rebuilt tool never reuses results of another build, while a rebuild that changed nothing
 * keeps the cache.
 */
export function codeFingerprint(): string {
  if (ownCode !== undefined) return ownCode;
  const base = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const parts: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.[cm]?[jt]s$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        parts.push(`${path.relative(base, full)}:${readOrMissing(full)}`);
      }
    }
  };
  walk(base);
  ownCode = contentHash(parts.join('\n'));
  return ownCode;
}

/**
 * Hashes of what rules and analyzers read besides the audited files: the files rta.config.yaml
 * points to, the nearest package.json and rta.config.yaml of every folder holding an audited
 * file, the lockfile nearest the root, and (typed runs) the tsconfig and the configs it extends.
 */
export function externalInputs(root: string, files: readonly { path: string }[], loaded: LoadedConfig | undefined, tsconfigChain: readonly string[] = []): string {
  const hashes = new Map<string, string>();
  const add = (file: string) => {
    if (!hashes.has(file)) hashes.set(file, readOrMissing(file));
  };
  if (loaded) {
    add(loaded.file);
    for (const pair of loaded.config.schemas ?? []) {
      for (const ref of [pair.stream, pair.batch]) {
        if (ref === undefined) continue;
        const target = path.resolve(loaded.dir, ref.split('#')[0] ?? '');
        if (isDirectory(target)) {
          for (const entry of safeList(target)) add(path.join(target, entry));
        } else {
          add(target);
        }
      }
    }
    for (const glob of loaded.config.alerts ?? []) {
      for (const file of globFiles(glob, loaded.dir).files) add(file);
    }
  }
  // Rules look for the nearest package.json (dependencies decide some checks) and rta.config.yaml.
  const nearest = new Map<string, string[]>();
  const lookUp = (dir: string): string[] => {
    const known = nearest.get(dir);
    if (known) return known;
    const here = ['package.json', ...CONFIG_FILE_NAMES].map((n) => path.join(dir, n)).filter((f) => fs.existsSync(f));
    const parent = path.dirname(dir);
    const found = here.length > 0 || parent === dir ? here : lookUp(parent);
    nearest.set(dir, found);
    return found;
  };
  for (const file of files) for (const found of lookUp(path.dirname(file.path))) add(found);
  for (let dir = root; ; dir = path.dirname(dir)) {
    const lock = LOCKFILES.map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));
    if (lock) {
      add(lock);
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  for (const file of tsconfigChain) add(file);
  return hashJson([...hashes].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** The typed run as the cache keeps it. */
export interface TypedRunEntry {
  /** Every input of the run: program files and audited files, absolute path -> content hash. */
  inputs: Record<string, string>;
  /** Relative paths of the files that were linted, in order. */
  linted: string[];
  lint: FileLintResult[];
  analyzers: Record<string, AnalyzerOutput>;
}

interface CacheFile {
  format: number;
  key: string;
  files: Record<string, { hash: string; result: FileLintResult }>;
  analyzers?: { inputs: string; outputs: Record<string, AnalyzerOutput> };
  typed?: TypedRunEntry;
}

export interface CacheStats {
  fileHits: number;
  fileMisses: number;
  typedHit: boolean;
  analyzerHit: boolean;
}

/** One environment key's entries, read once at the start of a run and written once at its end. */
export class AuditCache {
  readonly file: string;
  readonly stats: CacheStats = { fileHits: 0, fileMisses: 0, typedHit: false, analyzerHit: false };
  #data: CacheFile;
  #dirty = false;

  private constructor(
    readonly directory: string,
    readonly key: string,
  ) {
    this.file = path.join(directory, `${key}.json`);
    this.#data = this.#read() ?? { format: CACHE_FORMAT, key, files: {} };
  }

  /** Opens (or starts) the cache of `environment` in `directory`. Unreadable caches start empty. */
  static open(directory: string, environment: unknown): AuditCache {
    return new AuditCache(directory, hashJson({ format: CACHE_FORMAT, tool: VERSION, code: codeFingerprint(), environment }).slice(0, 24));
  }

  #read(): CacheFile | undefined {
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as CacheFile;
      return data.format === CACHE_FORMAT && data.key === this.key ? data : undefined;
    } catch {
      return undefined;
    }
  }

  /** The lint result of a file whose content hashes to `hash`, from an earlier run. */
  fileResult(relative: string, hash: string): FileLintResult | undefined {
    const entry = Object.hasOwn(this.#data.files, relative) ? this.#data.files[relative] : undefined;
    if (entry?.hash === hash) {
      this.stats.fileHits++;
      return entry.result;
    }
    this.stats.fileMisses++;
    return undefined;
  }

  setFileResult(hash: string, result: FileLintResult): void {
    if (!reusable(result.notifications)) return;
    this.#data.files[result.relative] = { hash, result };
    this.#dirty = true;
  }

  /** Analyzer outputs of a run over the same inputs, by analyzer id. */
  analyzerOutputs(inputs: string): Record<string, AnalyzerOutput> | undefined {
    const entry = this.#data.analyzers;
    if (entry?.inputs !== inputs) return undefined;
    this.stats.analyzerHit = true;
    return entry.outputs;
  }

  setAnalyzerOutputs(inputs: string, outputs: Record<string, AnalyzerOutput>): void {
    if (Object.values(outputs).some((o) => !reusable(o.notifications))) return;
    this.#data.analyzers = { inputs, outputs };
    this.#dirty = true;
  }

  /**
   * The cached typed run, when every input it recorded still has the same content, the audited
   * files are exactly the recorded ones, and `programRoots` (the tsconfig's own files) are all
   * among its inputs. `known` gives hashes already computed (the audited files).
   */
  typedRun(known: ReadonlyMap<string, string>, linted: readonly string[], programRoots: ReadonlySet<string> | undefined): TypedRunEntry | undefined {
    const entry = this.#data.typed;
    if (!entry) return undefined;
    if (entry.linted.length !== linted.length || entry.linted.some((r, i) => r !== linted[i])) return undefined;
    for (const file of known.keys()) if (!Object.hasOwn(entry.inputs, file)) return undefined;
    if (programRoots) for (const file of programRoots) if (!Object.hasOwn(entry.inputs, file)) return undefined;
    for (const [file, hash] of Object.entries(entry.inputs)) {
      if ((known.get(file) ?? readOrMissing(file)) !== hash) return undefined;
    }
    this.stats.typedHit = true;
    return entry;
  }

  setTypedRun(entry: TypedRunEntry): void {
    if (entry.lint.some((r) => !reusable(r.notifications))) return;
    if (Object.values(entry.analyzers).some((o) => !reusable(o.notifications))) return;
    this.#data.typed = entry;
    this.#dirty = true;
  }

  /** Writes the entries (atomically) when something changed; a cache that cannot be written is skipped silently. */
  save(): void {
    if (!this.#dirty) return;
    try {
      fs.mkdirSync(this.directory, { recursive: true });
      const temp = `${this.file}.${String(process.pid)}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(this.#data));
      fs.renameSync(temp, this.file);
      this.#dirty = false;
      prune(this.directory, this.file);
    } catch {
      // A read-only or full disk only costs the next run its head start.
    }
  }
}

function reusable(notifications: readonly Notification[]): boolean {
  return !notifications.some((n) => TRANSIENT_KINDS.has(n.kind));
}

/** Keeps the most recently written cache files; environments not seen for a while go. */
function prune(directory: string, keep: string): void {
  const files = safeList(directory)
    .filter((n) => n.endsWith('.json'))
    .map((n) => path.join(directory, n))
    .filter((f) => f !== keep)
    .map((f) => {
      try {
        return { f, t: fs.statSync(f).mtimeMs };
      } catch {
        return { f, t: 0 };
      }
    })
    .sort((a, b) => b.t - a.t);
  for (const { f } of files.slice(MAX_CACHE_FILES - 1)) fs.rmSync(f, { force: true });
}

/** Hash of a set of files by content, in a stable order: the inputs of an analyzer run. */
export function filesKey(files: readonly { relative: string; hash: string }[]): string {
  return hashJson(files.map((f) => [f.relative, f.hash]));
}

export interface OpenCacheOptions {
  root: string;
  /** `--cache-location`, absolute; default `defaultCacheDirectory(root)`. */
  location?: string;
  typed: boolean;
  /** The effective rule levels and options of the run. */
  levels: ReadonlyMap<string, unknown>;
  loaded: LoadedConfig | undefined;
  analyzerIds: readonly string[];
  /** Every audited file. */
  files: readonly { path: string }[];
  /** tsconfig.json and the configs it extends (typed runs). */
  tsconfigChain?: readonly string[];
  shard?: unknown;
}

/** The cache of a run's environment (see the top of this file for what the key covers). */
export function openAuditCache(options: OpenCacheOptions): AuditCache {
  return AuditCache.open(options.location ?? defaultCacheDirectory(options.root), {
    typed: options.typed,
    levels: [...options.levels],
    config: options.loaded?.config ?? null,
    analyzers: options.analyzerIds,
    inputs: externalInputs(options.root, options.files, options.loaded, options.tsconfigChain),
    shard: options.shard ?? null,
  });
}

/** Content hashes of every file of a program: `known` for the audited ones, the disk for the rest. */
export function programInputs(files: Iterable<string>, known: ReadonlyMap<string, string>): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const file of files) inputs[file] = known.get(file) ?? readOrMissing(file);
  for (const [file, hash] of known) inputs[file] = hash;
  return inputs;
}

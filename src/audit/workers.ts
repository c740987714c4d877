/**
 * Spreading untyped linting over worker threads. Each worker builds its own ESLint from the same
 * plain-data setup (lint-files.ts) and lints one file at a time; results come back as plain
 * data and are put back in input order, so the outcome does not depend on scheduling.
 *
 * The main thread holds a time budget per file: a worker still busy with one file after
 * `fileTimeoutMs` is terminated, the file gets a `file-timeout` notification, and a fresh worker
 * takes over the rest. A typed run lints in the main thread, on the audit's one program (a
 * worker would have to type-check the project again).
 */
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createFileLinter, firstLine, type FileLintResult, type LintJob, type LintSetup } from './lint-files.js';

export const DEFAULT_FILE_TIMEOUT_MS = 30_000;
/** Below this many files per worker, starting a worker (loading ESLint and TypeScript) costs more than it saves. */
export const FILES_PER_WORKER = 150;
const MAX_AUTO_WORKERS = 4;
/** A worker that has not loaded after this long is taken as broken. */
const STARTUP_TIMEOUT_MS = 180_000;

export type Concurrency = number | 'auto';

/** How many workers lint `files` untyped files: `auto` uses the cores when there is enough work. */
export function resolveConcurrency(requested: Concurrency | undefined, files: number, cores: number = availableCores()): number {
  if (requested === undefined || requested === 'auto') {
    return Math.max(1, Math.min(cores, MAX_AUTO_WORKERS, Math.floor(files / FILES_PER_WORKER)));
  }
  return Math.max(1, Math.floor(requested));
}

function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export interface LintRunOptions {
  /** Worker threads; 1 lints in this thread. */
  concurrency: number;
  fileTimeoutMs?: number;
  /** The audit's program and its files: those files are linted here, typed, whatever the concurrency. */
  typed?: { program: unknown; files: ReadonlySet<string> };
  /** The worker script (tests); default the compiled lint-worker.js. */
  workerEntry?: URL;
}

/** Lints every job; results are in job order. */
export async function lintJobs(jobs: readonly LintJob[], setup: LintSetup, options: LintRunOptions): Promise<FileLintResult[]> {
  const results = new Array<FileLintResult | undefined>(jobs.length);
  const typedIndexes: number[] = [];
  const plainIndexes: number[] = [];
  jobs.forEach((job, i) => (options.typed?.files.has(job.path) === true ? typedIndexes : plainIndexes).push(i));

  if (typedIndexes.length > 0 && options.typed) {
    const linter = await createFileLinter(setup, options.typed.program);
    for (const i of typedIndexes) results[i] = await linter.lint(jobs[i] as LintJob);
  }
  const plain = plainIndexes.map((i) => jobs[i] as LintJob);
  const entry = options.workerEntry ?? defaultWorkerEntry();
  const plainResults =
    options.concurrency > 1 && plain.length > 1 && entry !== undefined
      ? await lintInWorkers(plain, setup, { size: Math.min(options.concurrency, plain.length), fileTimeoutMs: options.fileTimeoutMs ?? DEFAULT_FILE_TIMEOUT_MS, entry })
      : await lintHere(plain, setup);
  plainIndexes.forEach((i, k) => (results[i] = plainResults[k]));
  return results.map((r, i) => r ?? { relative: (jobs[i] as LintJob).relative, findings: [], notifications: [] });
}

async function lintHere(jobs: readonly LintJob[], setup: LintSetup): Promise<FileLintResult[]> {
  if (jobs.length === 0) return [];
  const linter = await createFileLinter(setup);
  const out: FileLintResult[] = [];
  for (const job of jobs) out.push(await linter.lint(job));
  return out;
}

/** The compiled worker next to this module, or in dist/ when running from the TypeScript sources. */
export function defaultWorkerEntry(): URL | undefined {
  for (const candidate of [new URL('./lint-worker.js', import.meta.url), new URL('../../dist/audit/lint-worker.js', import.meta.url)]) {
    if (fs.existsSync(fileURLToPath(candidate))) return candidate;
  }
  return undefined;
}

/** Messages from a worker. */
export type WorkerMessage = { type: 'ready' } | { type: 'result'; index: number; result: FileLintResult };
/** Messages to a worker. */
export interface WorkerRequest {
  index: number;
  job: LintJob;
}

interface PoolOptions {
  size: number;
  fileTimeoutMs: number;
  entry: URL;
}

/**
 * Lints `jobs` on `size` workers, one file per worker at a time. A file over its budget or a
 * worker that dies costs that file a notification and the worker its life; a replacement takes
 * the next file. When workers cannot start at all, the remaining files are linted here.
 */
export function lintInWorkers(jobs: readonly LintJob[], setup: LintSetup, options: PoolOptions): Promise<FileLintResult[]> {
  const results = new Array<FileLintResult | undefined>(jobs.length);
  let next = 0;
  let done = 0;
  let startFailures = 0;
  let live = 0;
  let fallingBack = false;
  const workers = new Set<Worker>();

  return new Promise<FileLintResult[]>((resolve) => {
    const finish = () => {
      // Workers still loading when the last file finished are not waited for.
      for (const worker of workers) void worker.terminate();
      resolve(results.map((r, i) => r ?? failed(jobs[i] as LintJob, 'the lint worker stopped before this file was linted')));
    };
    const complete = (index: number, result: FileLintResult) => {
      if (results[index] !== undefined) return;
      results[index] = result;
      done++;
      if (done === jobs.length) finish();
    };
    const fallBack = () => {
      if (fallingBack) return;
      fallingBack = true;
      const rest: number[] = [];
      while (next < jobs.length) rest.push(next++);
      void lintHere(
        rest.map((i) => jobs[i] as LintJob),
        setup,
      ).then(
        (out) => {
          rest.forEach((i, k) => {
            complete(i, out[k] ?? failed(jobs[i] as LintJob, 'not linted'));
          });
        },
        (error: unknown) => {
          for (const i of rest) complete(i, failed(jobs[i] as LintJob, firstLine(error)));
        },
      );
    };

    const spawn = () => {
      if (next >= jobs.length || fallingBack) return;
      let worker: Worker;
      try {
        worker = new Worker(options.entry, { workerData: setup });
      } catch {
        startFailures++;
        if (live === 0) fallBack();
        return;
      }
      workers.add(worker);
      live++;
      let ready = false;
      let retired = false;
      let current: { index: number; timer: NodeJS.Timeout } | undefined;
      const startup = setTimeout(() => {
        retire('startup');
      }, STARTUP_TIMEOUT_MS);

      const dispatch = () => {
        if (next >= jobs.length || fallingBack) {
          retire('idle');
          return;
        }
        const index = next++;
        const timer = setTimeout(() => {
          const job = jobs[index] as LintJob;
          complete(index, {
            relative: job.relative,
            findings: [],
            notifications: [
              {
                level: 'error',
                kind: 'file-timeout',
                file: job.relative,
                message: `Checks on this file were stopped after ${String(options.fileTimeoutMs)} ms (--file-timeout); it has no findings in this run.`,
              },
            ],
          });
          retire('timeout');
        }, options.fileTimeoutMs);
        current = { index, timer };
        const request: WorkerRequest = { index, job: jobs[index] as LintJob };
        worker.postMessage(request);
      };

      // `reason` says whether a replacement is needed: not for an idle worker.
      const retire = (reason: 'idle' | 'timeout' | 'crash' | 'startup', error?: unknown) => {
        if (retired) return;
        retired = true;
        live--;
        clearTimeout(startup);
        if (current) {
          clearTimeout(current.timer);
          const job = jobs[current.index] as LintJob;
          if (reason === 'crash') complete(current.index, failed(job, `the lint worker crashed on this file (${firstLine(error)})`));
          current = undefined;
        }
        workers.delete(worker);
        void worker.terminate();
        if (reason === 'idle') return;
        if (!ready) startFailures++;
        // Workers that never start (a broken install, no memory) are not retried forever: the
        // live ones finish the work, or this thread does when none is left.
        if (startFailures < options.size) spawn();
        else if (live === 0) fallBack();
      };

      worker.on('message', (message: WorkerMessage) => {
        if (retired) return;
        if (message.type === 'ready') {
          ready = true;
          clearTimeout(startup);
          dispatch();
          return;
        }
        if (current?.index !== message.index) return;
        clearTimeout(current.timer);
        current = undefined;
        complete(message.index, message.result);
        dispatch();
      });
      worker.on('error', (error) => {
        retire('crash', error);
      });
      worker.on('exit', () => {
        retire('crash', new Error('worker exited'));
      });
    };

    if (jobs.length === 0) {
      finish();
      return;
    }
    for (let i = 0; i < options.size; i++) spawn();
  });
}

function failed(job: LintJob, why: string): FileLintResult {
  return { relative: job.relative, findings: [], notifications: [{ level: 'error', kind: 'internal-error', file: job.relative, message: `A check failed on this file: ${why}` }] };
}

/**
 * Spreading untyped linting over worker threads. Each worker builds its own ESLint from the same
 * plain-data setup (lint-files.ts) and lints one file at a time; results come back as plain
 * data and are put back in input order, so the outcome does not depend on scheduling.
 *
 * Each file has a time budget: the rules stop themselves when it runs out (rules/support/
 * budget.ts), in a worker or in this thread, and the file gets a `file-timeout` notification; a
 * worker still busy with one file a little after that (stuck where the rules cannot check, in the
 * parser say) is terminated and a fresh worker takes over the rest. A typed run lints in the main thread, on the audit's one program (a
 * worker would have to type-check the project again).
 */
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createFileLinter, firstLine, timedOut, type FileLintResult, type LintJob, type LintSetup } from './lint-files.js';

export const DEFAULT_FILE_TIMEOUT_MS = 30_000;
/** Below this many files per worker, starting a worker (loading ESLint and TypeScript) costs more than it saves. */
export const FILES_PER_WORKER = 150;
const MAX_AUTO_WORKERS = 4;
/** A worker that has not loaded after this long is taken as broken. */
const STARTUP_TIMEOUT_MS = 180_000;

export type Concurrency = number | 'auto';

/**
 * How many threads lint `files` untyped files (this one and the workers): `auto` uses the cores
 * when there is enough work.
 */
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
  /** Threads that lint: this one and `concurrency - 1` workers; 1 lints in this thread only. */
  concurrency: number;
  /**
   * Settles when this thread is free (the audit has run its analyzers meanwhile): it then takes
   * files from the workers' queue too. Without it, this thread only waits for the workers.
   */
  helpWhen?: Promise<void>;
  fileTimeoutMs?: number;
  /** The audit's program and its files: those files are linted here, typed, whatever the concurrency. */
  typed?: { program: unknown; files: ReadonlySet<string> };
  /** The worker script (tests); default the compiled lint-worker.js. */
  workerEntry?: URL;
}

/** Lints every job; results are in job order. */
export async function lintJobs(jobs: readonly LintJob[], base: LintSetup, options: LintRunOptions): Promise<FileLintResult[]> {
  const fileTimeoutMs = options.fileTimeoutMs ?? DEFAULT_FILE_TIMEOUT_MS;
  const setup: LintSetup = { ...base, fileTimeoutMs };
  const results = Array.from<FileLintResult | undefined>({ length: jobs.length });
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
      ? await lintInWorkers(plain, setup, {
          // With this thread helping, one thread of the count is this one.
          size: Math.max(1, Math.min(options.helpWhen ? options.concurrency - 1 : options.concurrency, plain.length)),
          fileTimeoutMs,
          entry,
          ...(options.helpWhen ? { helpWhen: options.helpWhen } : {}),
        })
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
export type WorkerMessage = { type: 'ready' } | { type: 'result'; index: number; result: FileLintResult } | { type: 'idle' };

/**
 * What a worker is started with (its workerData): the lint setup, every job, and the queue it
 * shares with the other workers, so it needs nothing more from the main thread, which may be
 * busy with the analyzers. `state` holds, as Int32 values, the index of the next job at 0, then
 * per slot the job the worker in that slot is linting (-1 when none) and when it started (ms
 * since `epoch`).
 */
export interface WorkerInput {
  setup: LintSetup;
  jobs: readonly LintJob[];
  state: SharedArrayBuffer;
  slot: number;
  epoch: number;
}

export const NEXT_JOB = 0;
export const slotJob = (slot: number): number => 1 + 2 * slot;
export const slotStart = (slot: number): number => 2 + 2 * slot;

interface PoolOptions {
  size: number;
  fileTimeoutMs: number;
  entry: URL;
  /** When this thread may join in (see LintRunOptions.helpWhen). */
  helpWhen?: Promise<void>;
}

/**
 * Lints `jobs` on `size` workers. The workers take jobs from a shared queue themselves, so this
 * thread is free for other work (the analyzers) while they lint, and checks on them from a timer:
 * a worker busy with one file for longer than `fileTimeoutMs` is terminated, the file gets a
 * `file-timeout` notification, and a replacement takes the rest of the queue. A worker that dies
 * costs its file an `internal-error`. Once `helpWhen` settles, this thread takes files from the
 * same queue. Jobs nobody reported (workers that could not start at all, or were stopped between
 * taking a job and posting it) are linted here at the end.
 */
export function lintInWorkers(jobs: readonly LintJob[], setup: LintSetup, options: PoolOptions): Promise<FileLintResult[]> {
  const results = Array.from<FileLintResult | undefined>({ length: jobs.length });
  // Every worker ever started gets its own slot, so a terminated one can never write over the
  // slot of its replacement.
  const maxSlots = options.size + jobs.length;
  const state = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (1 + 2 * maxSlots));
  const shared = new Int32Array(state);
  const epoch = Date.now();
  const retirers = new Map<number, (reason: 'timeout') => void>();
  let done = 0;
  let nextSlot = 0;
  let live = 0;
  let startFailures = 0;
  let finished = false;
  // This thread linting a file of the queue: the end waits for it.
  let helping = false;
  let finishWhenHelped = false;

  return new Promise<FileLintResult[]>((resolve) => {
    const drained = () => Atomics.load(shared, NEXT_JOB) >= jobs.length;
    const finish = () => {
      if (finished) return;
      if (helping) {
        finishWhenHelped = true;
        return;
      }
      finished = true;
      clearInterval(watchdog);
      // Workers still loading, or idle, are not waited for.
      for (const retire of [...retirers.values()]) retire('timeout');
      const missing = results.flatMap((r, i) => (r === undefined ? [i] : []));
      if (missing.length === 0) {
        resolve(results as FileLintResult[]);
        return;
      }
      void lintHere(
        missing.map((i) => jobs[i] as LintJob),
        setup,
      ).then(
        (out) => {
          missing.forEach((i, k) => (results[i] = out[k] ?? failed(jobs[i] as LintJob, 'not linted')));
          resolve(results as FileLintResult[]);
        },
        (error: unknown) => {
          for (const i of missing) results[i] = failed(jobs[i] as LintJob, firstLine(error));
          resolve(results as FileLintResult[]);
        },
      );
    };
    const complete = (index: number, result: FileLintResult) => {
      if (results[index] !== undefined) return;
      results[index] = result;
      done++;
      if (done === jobs.length) finish();
    };

    const spawn = () => {
      if (finished || nextSlot >= maxSlots) {
        if (live === 0) finish();
        return;
      }
      const slot = nextSlot++;
      Atomics.store(shared, slotJob(slot), -1);
      let worker: Worker;
      try {
        const input: WorkerInput = { setup, jobs, state, slot, epoch };
        worker = new Worker(options.entry, { workerData: input });
      } catch {
        startFailures++;
        if (live === 0) finish();
        return;
      }
      live++;
      let ready = false;
      let retired = false;
      const startup = setTimeout(() => {
        retire('startup');
      }, STARTUP_TIMEOUT_MS);

      // `reason` decides what the file in hand gets and whether a replacement is needed.
      const retire = (reason: 'idle' | 'timeout' | 'crash' | 'startup', error?: unknown) => {
        if (retired) return;
        retired = true;
        live--;
        clearTimeout(startup);
        retirers.delete(slot);
        const current = Atomics.load(shared, slotJob(slot));
        Atomics.store(shared, slotJob(slot), -1);
        void worker.terminate();
        if (current >= 0 && !finished) {
          const job = jobs[current] as LintJob;
          if (reason === 'timeout') complete(current, timedOut(job, options.fileTimeoutMs));
          else if (reason === 'crash') complete(current, failed(job, `the lint worker crashed on this file (${firstLine(error)})`));
        }
        if (finished) return;
        if (!ready) startFailures++;
        if (reason === 'idle' || drained()) {
          if (live === 0) finish();
          return;
        }
        // Workers that never start (a broken install, no memory) are not retried forever: the
        // live ones finish the queue, or this thread does once none is left.
        if (startFailures < options.size) spawn();
        else if (live === 0) finish();
      };
      retirers.set(slot, retire);

      worker.on('message', (message: WorkerMessage) => {
        // A result posted just before its worker was stopped still counts.
        if (message.type === 'result') {
          complete(message.index, message.result);
          return;
        }
        if (retired) return;
        if (message.type === 'ready') {
          ready = true;
          clearTimeout(startup);
          return;
        }
        retire('idle');
      });
      worker.on('error', (error) => {
        retire('crash', error);
      });
      worker.on('exit', () => {
        retire('crash', new Error('worker exited'));
      });
    };

    // The budget counts from when the worker took the file (it writes the time), so a check that
    // runs late, after a long analyzer on this thread, still measures the file alone.
    // The rules stop themselves at the budget (rules/support/budget.ts); the watchdog, a little
    // later, is for what they cannot stop (the parser, another plugin's rule).
    const grace = Math.max(250, Math.floor(options.fileTimeoutMs / 10));
    const watchdog = setInterval(
      () => {
        const now = Date.now() - epoch;
        for (const [slot, retire] of [...retirers]) {
          if (Atomics.load(shared, slotJob(slot)) < 0) continue;
          if (now - Atomics.load(shared, slotStart(slot)) > options.fileTimeoutMs + grace) retire('timeout');
        }
      },
      Math.max(25, Math.min(1_000, Math.floor(options.fileTimeoutMs / 4))),
    );

    const isFinished = () => finished;
    const help = async () => {
      if (finished) return;
      helping = true;
      try {
        const linter = await createFileLinter(setup);
        // `finished` changes while this awaits; a function call keeps the compiler from narrowing it.
        while (!isFinished()) {
          const index = Atomics.add(shared, NEXT_JOB, 1);
          const job = jobs[index];
          if (!job) break;
          // While this thread helps, `complete` defers the end to the check below.
          complete(index, await linter.lint(job));
        }
      } catch {
        // A file taken and not reported is linted again at the end.
      } finally {
        helping = false;
      }
      if (finishWhenHelped || done === jobs.length || (live === 0 && drained())) finish();
    };
    void options.helpWhen?.then(help, help);

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

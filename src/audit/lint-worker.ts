/**
 * A lint worker (see workers.ts): builds ESLint from the setup it was started with, says when it
 * is ready, then takes files from the queue it shares with the other workers until none is left,
 * posting each result back as plain data.
 */
// First: the modules below load typescript-eslint, which must find this package's TypeScript.
import './own-typescript.js';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createFileLinter, type LintJob } from './lint-files.js';
import { NEXT_JOB, slotJob, slotStart, type WorkerInput, type WorkerMessage } from './workers.js';

const port = parentPort;
if (!port) throw new Error('lint-worker.js runs as a worker thread of rta-lint');

const { setup, jobs, state, slot, epoch } = workerData as WorkerInput;
const linter = await createFileLinter(setup);
// The first lint of a thread pays for lazy loading and cold code; it is done here, before any
// file's time budget starts.
await linter.lint({ path: path.join(setup.root, '.rta-lint-warm-up.ts'), relative: '.rta-lint-warm-up.ts', text: 'export const warm = (x: number): number => x;\n' });

const ready: WorkerMessage = { type: 'ready' };
port.postMessage(ready);

const shared = new Int32Array(state);
for (;;) {
  const index = Atomics.add(shared, NEXT_JOB, 1);
  const job: LintJob | undefined = jobs[index];
  if (!job) break;
  // The start time first: the main thread reads the job, then the time.
  Atomics.store(shared, slotStart(slot), Date.now() - epoch);
  Atomics.store(shared, slotJob(slot), index);
  const result = await linter.lint(job);
  Atomics.store(shared, slotJob(slot), -1);
  const message: WorkerMessage = { type: 'result', index, result };
  port.postMessage(message);
}
const idle: WorkerMessage = { type: 'idle' };
port.postMessage(idle);

/**
 * A lint worker (see workers.ts): builds ESLint from the setup it was started with, says when it
 * is ready, then lints the files it is sent one at a time and posts each result back.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createFileLinter, type LintSetup } from './lint-files.js';
import type { WorkerMessage, WorkerRequest } from './workers.js';

const port = parentPort;
if (!port) throw new Error('lint-worker.js runs as a worker thread of rta-lint');

const setup = workerData as LintSetup;
const linter = await createFileLinter(setup);
// The first lint of a thread pays for lazy loading and cold code; it is done here, before the
// first file's time budget starts.
await linter.lint({ path: path.join(setup.root, '.rta-lint-warm-up.ts'), relative: '.rta-lint-warm-up.ts', text: 'export const warm = (x: number): number => x;\n' });
port.on('message', (request: WorkerRequest) => {
  void linter.lint(request.job).then((result) => {
    const message: WorkerMessage = { type: 'result', index: request.index, result };
    port.postMessage(message);
  });
});
const ready: WorkerMessage = { type: 'ready' };
port.postMessage(ready);

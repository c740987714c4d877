/**
 * A per-file time budget that the rules keep themselves. Rules are synchronous code on the
 * linting thread, so nothing outside them can stop one that is stuck in a pathological file; the
 * audit sets a deadline before each file, and every rule listener and every walk checks it,
 * throwing FileBudgetExceeded once it has passed. ESLint abandons that file, the audit reports it
 * as `file-timeout`, and the run goes on. (Lint workers also have a watchdog that terminates the
 * thread, for a stall outside the rules, in the parser for instance.)
 */

export class FileBudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`rta rules stopped after the per-file time budget of ${String(budgetMs)} ms`);
    this.name = 'FileBudgetExceeded';
  }
}

let deadline = Number.POSITIVE_INFINITY;
let budget = 0;
let ticks = 0;

/** The rules stop working on the current file `ms` from now. */
export function startFileBudget(ms: number): void {
  budget = ms;
  deadline = Date.now() + ms;
  ticks = 0;
}

/** No budget (ESLint in an editor, between files). */
export function clearFileBudget(): void {
  deadline = Number.POSITIVE_INFINITY;
}

/** Throws FileBudgetExceeded once the deadline has passed; reads the clock every 64th call. */
export function checkFileBudget(): void {
  if ((++ticks & 63) !== 0 || deadline === Number.POSITIVE_INFINITY) return;
  if (Date.now() > deadline) throw new FileBudgetExceeded(budget);
}

// Shared plumbing for the backpressure benches: which form to run, a memory meter, and the one
// JSON line each child process prints for run.mjs. Each bench runs one form per process so the
// peaks of the flagged and the fixed code never share a heap.
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';

export const FORMS = ['flagged', 'fixed'];

/** The form this process runs, from `--form=flagged|fixed`. */
export function selectedForm() {
  const { values } = parseArgs({ options: { form: { type: 'string' } }, strict: false });
  const form = values.form;
  if (typeof form !== 'string' || !FORMS.includes(form)) {
    throw new Error(`pass --form=${FORMS.join('|')}`);
  }
  return form;
}

/** Open file descriptors of this process (Linux); null where /proc is not there. */
export function openFds() {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return null;
  }
}

function collectGarbage() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}

/**
 * Samples `process.memoryUsage()` and the bench's own probes (buffered bytes, open sockets,
 * pending work) every `intervalMs` and on demand, keeping the baseline and the peak of each.
 * Producers that keep the event loop busy call `sample()` themselves, so a peak reached between
 * timer ticks is still seen.
 */
export function createMeter(probes = {}, intervalMs = 10) {
  collectGarbage();
  const read = () => {
    const m = process.memoryUsage();
    const values = { heapUsed: m.heapUsed, rss: m.rss, arrayBuffers: m.arrayBuffers };
    for (const [name, probe] of Object.entries(probes)) values[name] = probe();
    return values;
  };
  const baseline = read();
  const peak = { ...baseline };
  const sample = () => {
    const now = read();
    for (const [name, value] of Object.entries(now)) {
      if (typeof value === 'number' && (typeof peak[name] !== 'number' || value > peak[name])) peak[name] = value;
    }
  };
  const timer = setInterval(sample, intervalMs);
  return {
    sample,
    /** Stops sampling; `end` is read after a collection: what the run left behind. */
    stop() {
      clearInterval(timer);
      sample();
      collectGarbage();
      return { baseline, peak, end: read() };
    },
  };
}

/**
 * Runs `setup()` (test data the bench needs, not measured), then `scenarios[form](meter, fixture)`
 * under a deadline, and prints one JSON line:
 * `{ rule, form, baseline, peak, end, durationMs, timedOut, details }`. Exits when done, so stray
 * sockets or timers of the scenario cannot keep the process alive.
 */
export async function runBench(rule, { probes, scenarios, setup, teardown, deadlineMs = 25_000 }) {
  const form = selectedForm();
  const scenario = scenarios[form];
  const fixture = setup ? await setup() : undefined;
  const started = performance.now();
  const meter = createMeter(probes);
  let finished = false;
  const report = async (timedOut, details) => {
    if (finished) return;
    finished = true;
    const durationMs = Math.round(performance.now() - started);
    const { baseline, peak, end } = meter.stop();
    if (teardown) await teardown(fixture);
    process.stdout.write(`${JSON.stringify({ rule, form, baseline, peak, end, durationMs, timedOut, details })}\n`);
    process.exit(0);
  };
  const deadline = setTimeout(() => {
    void report(true, { note: `stopped after ${String(deadlineMs)} ms` });
  }, deadlineMs);
  try {
    const details = await scenario(meter, fixture);
    clearTimeout(deadline);
    await report(false, details ?? {});
  } catch (error) {
    clearTimeout(deadline);
    process.stderr.write(`${rule} (${form}) failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}

export const MiB = 1024 * 1024;
export const KiB = 1024;

/** Resolves after the event loop has had a turn (a fast source that still does some I/O). */
export const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Runs every backpressure bench in both forms, each form in its own `node --expose-gc` process,
// prints a table and writes bench/results/backpressure.json.
//
//   npm run bench:backpressure                       # all of them
//   node bench/backpressure/run.mjs no-ignored-write # one
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const resultsFile = path.resolve(here, '../results/backpressure.json');
const CHILD_TIMEOUT_MS = 30_000;

/**
 * What each bench demonstrates: the probe that carries the cost (`metric`), whether it is read at
 * its peak or at the end of the run (a leak is what is left), and how to print it.
 */
const BENCHES = [
  { rule: 'no-ignored-write', metric: 'writableLength', at: 'peak', unit: 'bytes', label: 'socket writableLength' },
  { rule: 'prefer-stream-pipeline', metric: 'openFds', at: 'end', unit: 'count', label: 'file descriptors left open' },
  { rule: 'no-async-data-handler', metric: 'pendingInserts', at: 'peak', unit: 'count', label: 'inserts in flight' },
  { rule: 'no-unchecked-broadcast', metric: 'bufferedAmount', at: 'peak', unit: 'bytes', label: 'ws bufferedAmount, all clients' },
  { rule: 'require-merge-map-concurrency', metric: 'inFlightRequests', at: 'peak', unit: 'count', label: 'HTTP requests in flight' },
];

/** The flagged form must be at least this many times worse on its metric, and grow the heap or RSS more. */
const GROWTH_FACTOR = 10;

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const bytesText = (bytes) => (Math.abs(bytes) < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KiB` : mib(bytes));
const show = (value, unit) => (unit === 'bytes' ? bytesText(value) : String(value));

async function runForm(rule, form) {
  const script = path.join(here, `${rule}.mjs`);
  const { stdout } = await run(process.execPath, ['--expose-gc', script, `--form=${form}`], {
    timeout: CHILD_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 1024 * 1024,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line);
}

function summarise(bench, result) {
  const { baseline, peak, end } = result;
  const metricValue = bench.at === 'end' ? end[bench.metric] - baseline[bench.metric] : peak[bench.metric];
  return {
    durationMs: result.durationMs,
    timedOut: result.timedOut,
    heapUsedPeakGrowth: peak.heapUsed - baseline.heapUsed,
    rssPeakGrowth: peak.rss - baseline.rss,
    arrayBuffersPeakGrowth: peak.arrayBuffers - baseline.arrayBuffers,
    metric: metricValue,
    baseline,
    peak,
    end,
    details: result.details,
  };
}

const only = process.argv.slice(2);
const selected = only.length > 0 ? BENCHES.filter((b) => only.includes(b.rule)) : BENCHES;
if (selected.length === 0) {
  process.stderr.write(`no bench named ${only.join(', ')}; known: ${BENCHES.map((b) => b.rule).join(', ')}\n`);
  process.exit(2);
}

const benches = [];
for (const bench of selected) {
  process.stderr.write(`${bench.rule}: flagged… `);
  const flagged = summarise(bench, await runForm(bench.rule, 'flagged'));
  process.stderr.write('fixed… ');
  const fixed = summarise(bench, await runForm(bench.rule, 'fixed'));
  process.stderr.write('done\n');
  const grows = flagged.metric >= GROWTH_FACTOR * Math.max(1, fixed.metric);
  const memoryGrows = flagged.heapUsedPeakGrowth > fixed.heapUsedPeakGrowth || flagged.rssPeakGrowth > fixed.rssPeakGrowth;
  // A leak of descriptors is the cost of prefer-stream-pipeline; memory there is reclaimed by GC.
  const verdict = grows && (memoryGrows || bench.at === 'end') && !flagged.timedOut && !fixed.timedOut ? 'flagged grows, fixed flat' : 'CHECK';
  benches.push({ rule: bench.rule, metric: bench.metric, metricLabel: bench.label, measuredAt: bench.at, unit: bench.unit, verdict, forms: { flagged, fixed } });
}

const header = ['rule', 'form', 'time', 'heapUsed peak Δ', 'rss peak Δ', 'metric', 'value'];
const rows = benches.flatMap((b) =>
  ['flagged', 'fixed'].map((form) => {
    const f = b.forms[form];
    return [b.rule, form, `${(f.durationMs / 1000).toFixed(1)} s`, mib(f.heapUsedPeakGrowth), mib(f.rssPeakGrowth), `${b.metricLabel} (${b.measuredAt})`, show(f.metric, b.unit)];
  }),
);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
process.stdout.write(`${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n\n`);
for (const b of benches) process.stdout.write(`${b.rule}: ${b.verdict}\n`);

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  totalMemoryBytes: os.totalmem(),
  platform: `${os.platform()} ${os.release()}`,
  arch: os.arch(),
  node: process.version,
};
await mkdir(path.dirname(resultsFile), { recursive: true });
await writeFile(resultsFile, `${JSON.stringify({ date: new Date().toISOString(), machine, command: 'npm run bench:backpressure', benches }, null, 2)}\n`);
process.stdout.write(`\nwrote ${path.relative(process.cwd(), resultsFile)}\n`);
if (benches.some((b) => b.verdict === 'CHECK')) process.exitCode = 1;

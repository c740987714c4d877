// Runs every backpressure bench in both forms, each form in its own `node --expose-gc` process,
// prints a table and writes bench/results/backpressure.json.
//
//   npm run bench:backpressure                       # all of them
//   node bench/backpressure/run.mjs no-ignored-write # one
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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

const USAGE = `usage: node bench/backpressure/run.mjs [rule...]

Runs the backpressure benches (all of them without arguments), each form in its own
\`node --expose-gc\` process, prints a table and records the results in
bench/results/backpressure.json. A run of some benches replaces only their entries there; the
others, which the rule docs cite, are kept with the date and machine they were measured on.

rules: ${BENCHES.map((b) => b.rule).join(', ')}
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const unknownFlag = args.find((a) => a.startsWith('-'));
if (unknownFlag) {
  process.stderr.write(`unknown option ${unknownFlag}\n\n${USAGE}`);
  process.exit(2);
}
const only = args;
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
const date = new Date().toISOString();
const command = only.length > 0 ? `node bench/backpressure/run.mjs ${only.join(' ')}` : 'npm run bench:backpressure';
/** The file as it was, when it holds results: a partial run must not drop the benches it did not run. */
async function previousResults() {
  try {
    const previous = JSON.parse(await readFile(resultsFile, 'utf8'));
    return Array.isArray(previous?.benches) ? previous : undefined;
  } catch (error) {
    if (error?.code === 'ENOENT') return undefined;
    throw new Error(`${path.relative(process.cwd(), resultsFile)} is not readable JSON; fix or delete it before a partial run`, { cause: error });
  }
}
const previous = only.length > 0 ? await previousResults() : undefined;
// Each entry says when, where and how it was measured, so merged entries stay traceable.
const fresh = benches.map((b) => ({ ...b, date, machine, command }));
const merged = BENCHES.flatMap((known) => {
  const entry = fresh.find((b) => b.rule === known.rule) ?? previous?.benches.find((b) => b.rule === known.rule);
  if (!entry) return [];
  // Entries written before they carried their own date inherit the file's.
  return [{ ...entry, date: entry.date ?? previous?.date, machine: entry.machine ?? previous?.machine, command: entry.command ?? previous?.command }];
});
await mkdir(path.dirname(resultsFile), { recursive: true });
await writeFile(resultsFile, `${JSON.stringify({ date, machine, command, benches: merged }, null, 2)}\n`);
process.stdout.write(`\nwrote ${path.relative(process.cwd(), resultsFile)}\n`);
if (benches.some((b) => b.verdict === 'CHECK')) process.exitCode = 1;

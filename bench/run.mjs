// npm run bench [-- --sizes 200,1000,4000] [--reps 3] [--reps-large 1] [--full-large]
//                  [--project <folder>] [--skip eslint-rtc,...] [--no-timing] [--no-write]
//
// rta-lint against the floors it cannot go below and the peers a user runs anyway, side by side
// in one run, each as its own child process, on generated streaming projects (see
// bench/corpus/generate.mjs) or on any project folder (`--project`):
//
//   floor        ESLint + @typescript-eslint/parser, zero rules        (bench/eslint-peer.mjs)
//   untyped      rta-lint --no-type-check --concurrency 1 --no-cache
//   untyped-c2   the same with --concurrency 2 (worker threads)
//   tsc          tsc --noEmit -p <project>
//   typed        rta-lint --no-cache (rules and analyzers on one program)
//   eslint-rtc   ESLint with typescript-eslint's recommended-type-checked (bench/eslint-peer.mjs)
//   cold / warm  rta-lint with its cache: first run into an empty cache, then the same again
//
// The largest corpus (4,000 files) runs once (--reps-large) and only what the scaling ratios
// need (floor, untyped, tsc, typed; --full-large for everything), which keeps a default run
// within about an hour on two free cores.
//
// Every run is repeated (--reps, default 3; rounds interleave the commands so a load change on
// the machine hits them alike); the table shows medians and ratios of medians, the JSON keeps
// every sample. CPU time (user + system) is the primary measure: on a shared machine it moves
// far less than wall time, which is reported too (and is the one that counts for concurrency).
// Peak RSS comes from /usr/bin/time -v when present, else from process.resourceUsage() in the
// child. Writes bench/results/bench-<date>.json and bench/results/latest.json.
//
// Needs the built tool (`npm run build`; `npm ci` runs it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { writeProject } from './corpus/generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const RESULTS = path.join(HERE, 'results');
const CLI = path.join(REPO, 'bin', 'rta-lint.js');
const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const PEER = path.join(HERE, 'eslint-peer.mjs');
const TIMING = path.join(HERE, 'rule-timing.mjs');

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '200,1000,4000' },
    reps: { type: 'string', default: '3' },
    'reps-large': { type: 'string' },
    project: { type: 'string', multiple: true },
    skip: { type: 'string', default: '' },
    seed: { type: 'string', default: '9' },
    'no-timing': { type: 'boolean' },
    'full-large': { type: 'boolean' },
    'no-write': { type: 'boolean' },
  },
});
const reps = Math.max(1, Number(values.reps));
// The largest corpus takes minutes per command on two cores: one round unless asked for more.
const repsLarge = Math.max(1, Number(values['reps-large'] ?? Math.min(reps, 1)));
const skip = new Set(values.skip.split(',').filter(Boolean));

if (!fs.existsSync(path.join(REPO, 'dist', 'cli', 'main.js')) || !fs.existsSync(path.join(REPO, 'dist', 'audit', 'lint-worker.js'))) {
  console.error('bench: build the tool first (npm run build)');
  process.exit(2);
}

const HAS_TIME = (() => {
  if (!fs.existsSync('/usr/bin/time')) return false;
  const probe = spawnSync('/usr/bin/time', ['-v', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /Maximum resident set size/.test(probe.stderr);
})();

/** Runs `node <args>` in `cwd`; wall from here, CPU and peak RSS from /usr/bin/time or the usage hook. */
function measure(args, cwd) {
  const usageFile = path.join(os.tmpdir(), `rta-bench-usage-${process.pid}.json`);
  const command = HAS_TIME ? '/usr/bin/time' : process.execPath;
  const argv = HAS_TIME ? ['-v', process.execPath, ...args] : ['--import', pathToFileURL(path.join(HERE, 'usage-hook.mjs')).href, ...args];
  const started = process.hrtime.bigint();
  const child = spawnSync(command, argv, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, RTA_BENCH_USAGE: usageFile, NO_COLOR: '1' },
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  let cpuMs;
  let rssKb;
  if (HAS_TIME) {
    const field = (name) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(child.stderr)?.[1] ?? NaN);
    cpuMs = (field('User time \\(seconds\\)') + field('System time \\(seconds\\)')) * 1000;
    rssKb = field('Maximum resident set size \\(kbytes\\)');
  } else {
    const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8'));
    fs.rmSync(usageFile, { force: true });
    cpuMs = usage.userMs + usage.systemMs;
    rssKb = usage.maxRssKb;
  }
  // rta-lint exits 1 when it has findings; 2 and up (or a signal) mean the run failed.
  if (child.status === null || child.status >= 2) {
    throw new Error(`failed (${child.status ?? child.signal}): node ${args.join(' ')}\n${(child.stderr ?? '').slice(-2000)}`);
  }
  return { wallMs, cpuMs, rssKb, stdout: child.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const summary = (samples) => {
  const pick = (k) => samples.map((s) => s[k]);
  const stat = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), spread: xs.length > 1 ? (Math.max(...xs) - Math.min(...xs)) / median(xs) : 0 });
  return { wallMs: stat(pick('wallMs')), cpuMs: stat(pick('cpuMs')), rssKb: stat(pick('rssKb')), samples: samples.map(({ wallMs, cpuMs, rssKb }) => ({ wallMs, cpuMs, rssKb })) };
};

/** What the largest corpus runs by default: the commands the scaling ratios need. */
const LARGE_SET = new Set(['floor', 'untyped', 'tsc', 'typed']);

function benchProject(label, dir, rounds, only) {
  const out = path.join(os.tmpdir(), `rta-bench-${process.pid}.json`);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-bench-cache-'));
  const commands = {
    floor: [PEER, 'floor', dir],
    untyped: [CLI, dir, '--no-type-check', '--no-cache', '--concurrency', '1', '-f', 'json', '-o', out],
    'untyped-c2': [CLI, dir, '--no-type-check', '--no-cache', '--concurrency', '2', '-f', 'json', '-o', out],
    tsc: [TSC, '--noEmit', '-p', dir],
    typed: [CLI, dir, '--no-cache', '-f', 'json', '-o', out],
    'eslint-rtc': [PEER, 'recommended-type-checked', dir],
    cold: [CLI, dir, '--cache-location', cacheDir, '-f', 'json', '-o', out],
    warm: [CLI, dir, '--cache-location', cacheDir, '-f', 'json', '-o', out],
  };
  const names = Object.keys(commands).filter((n) => !skip.has(n) && !(n === 'warm' && skip.has('cold')) && (!only || only.has(n)));
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  let findings;
  let files;
  for (let round = 1; round <= rounds; round++) {
    for (const name of names) {
      if (name === 'cold') fs.rmSync(cacheDir, { recursive: true, force: true });
      process.stdout.write(`  ${label} round ${round}/${rounds}: ${name.padEnd(10)} `);
      const result = measure(commands[name], REPO);
      samples[name].push(result);
      process.stdout.write(`${(result.wallMs / 1000).toFixed(1)} s wall, ${(result.cpuMs / 1000).toFixed(1)} s cpu, ${Math.round(result.rssKb / 1024)} MB\n`);
      if (name === 'typed') {
        const report = JSON.parse(fs.readFileSync(out, 'utf8'));
        findings = report.findings.length;
        files = report.filesAnalysed;
      }
    }
  }
  fs.rmSync(out, { force: true });
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const runs = Object.fromEntries(names.map((n) => [n, summary(samples[n])]));
  const ratio = (a, b, k = 'cpuMs') => (runs[a] && runs[b] ? runs[a][k].median / runs[b][k].median : undefined);
  return {
    label,
    dir: path.relative(REPO, dir) || dir,
    files,
    findings,
    rounds,
    runs,
    ratios: {
      untypedVsFloor: { cpu: ratio('untyped', 'floor'), wall: ratio('untyped', 'floor', 'wallMs') },
      typedVsTsc: { cpu: ratio('typed', 'tsc'), wall: ratio('typed', 'tsc', 'wallMs') },
      typedVsEslintRtc: { cpu: ratio('typed', 'eslint-rtc'), wall: ratio('typed', 'eslint-rtc', 'wallMs') },
      typedRssVsTsc: ratio('typed', 'tsc', 'rssKb'),
      untypedRssVsFloor: ratio('untyped', 'floor', 'rssKb'),
      warmVsCold: { cpu: ratio('warm', 'cold'), wall: ratio('warm', 'cold', 'wallMs') },
      concurrencySpeedup: { wall: ratio('untyped', 'untyped-c2', 'wallMs'), cpu: ratio('untyped', 'untyped-c2') },
    },
  };
}

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
  totalMemoryBytes: os.totalmem(),
  platform: `${os.platform()} ${os.release()}`,
  arch: os.arch(),
  node: process.version,
  loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
  measuredWith: HAS_TIME ? '/usr/bin/time -v' : 'process.resourceUsage() hook',
};
console.log(`rta-lint bench on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`);

const projects = [];
const sizes = values.project?.length ? [] : values.sizes.split(',').filter(Boolean).map(Number);
const largest = Math.max(...sizes);
for (const size of sizes) {
  const dir = writeProject(size, { seed: Number(values.seed) });
  const large = size === largest && sizes.length > 1 && size >= 4000;
  const rounds = large ? repsLarge : reps;
  const only = large && !values['full-large'] ? LARGE_SET : undefined;
  console.log(`corpus ${size}: ${path.relative(REPO, dir)} (${rounds} round${rounds > 1 ? 's' : ''}${only ? `; ${[...only].join(', ')} only, --full-large for all` : ''})`);
  projects.push({ size, ...benchProject(String(size), dir, rounds, only) });
}
for (const folder of values.project ?? []) {
  const dir = path.resolve(folder);
  console.log(`project ${dir}`);
  projects.push(benchProject(path.basename(dir), dir, reps));
}

// Scaling: cost of the larger corpus over the smaller, against the ratio of their sizes.
const scaling = [];
const sized = projects.filter((p) => p.size !== undefined).sort((a, b) => a.size - b.size);
for (let i = 1; i < sized.length; i++) {
  const [a, b] = [sized[i - 1], sized[i]];
  const of = (p, n) => p.runs[n]?.cpuMs.median;
  scaling.push({
    from: a.size,
    to: b.size,
    files: b.size / a.size,
    typed: of(b, 'typed') / of(a, 'typed'),
    untyped: of(b, 'untyped') / of(a, 'untyped'),
    tsc: of(b, 'tsc') / of(a, 'tsc'),
    floor: of(b, 'floor') / of(a, 'floor'),
  });
}

let ruleTiming;
const timingTarget = sized.find((p) => p.size === 1000) ?? sized[0] ?? projects[0];
if (!values['no-timing'] && timingTarget) {
  console.log(`rule timing (stats: true) on ${timingTarget.dir}`);
  ruleTiming = { project: timingTarget.dir, ...JSON.parse(measure([TIMING, path.resolve(REPO, timingTarget.dir)], REPO).stdout) };
}

// ---------------------------------------------------------------- report

const fmt = (x, digits = 2) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));
const secs = (ms) => (ms === undefined ? '–' : (ms / 1000).toFixed(1));
const lines = [];
lines.push(`| files | run | CPU s (median) | wall s (median) | spread (CPU) | peak RSS MB |`);
lines.push(`| ---: | --- | ---: | ---: | ---: | ---: |`);
for (const p of projects) {
  for (const [name, r] of Object.entries(p.runs)) {
    lines.push(`| ${p.label} | ${name} | ${secs(r.cpuMs.median)} | ${secs(r.wallMs.median)} | ${fmt(r.cpuMs.spread * 100, 0)}% | ${Math.round(r.rssKb.median / 1024)} |`);
  }
}
const ratioLines = [];
ratioLines.push(`| files | untyped / floor | typed / tsc | typed / eslint-rtc | RSS typed / tsc | warm / cold | c1 / c2 (wall) |`);
ratioLines.push(`| ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
for (const p of projects) {
  const r = p.ratios;
  ratioLines.push(
    `| ${p.label} | ${fmt(r.untypedVsFloor.cpu)} | ${fmt(r.typedVsTsc.cpu)} | ${fmt(r.typedVsEslintRtc.cpu)} | ${fmt(r.typedRssVsTsc)} | ${fmt(r.warmVsCold.cpu)} | ${fmt(r.concurrencySpeedup.wall)} |`,
  );
}

// Targets, on the 1,000-file corpus when it was run (issue 9).
const target = sized.find((p) => p.size === 1000);
const targets = [];
if (target) {
  const r = target.ratios;
  const check = (name, value, limit, op = '<=') => targets.push({ name, value, limit, op, met: value === undefined ? null : op === '<=' ? value <= limit : op === '<' ? value < limit : value >= limit });
  check('untyped CPU / ESLint no-rules floor', r.untypedVsFloor.cpu, 1.3);
  check('typed audit CPU / tsc --noEmit', r.typedVsTsc.cpu, 1.5);
  check('typed audit CPU / ESLint recommended-type-checked', r.typedVsEslintRtc.cpu, 1, '<');
  check('peak RSS typed audit / tsc --noEmit', r.typedRssVsTsc, 1.5);
  check('warm / cold run CPU (cache)', r.warmVsCold.cpu, 0.25);
  check('--concurrency 2 speedup over 1 (wall)', r.concurrencySpeedup.wall, 1.6, '>=');
  const scale = scaling.find((s) => s.from === 1000 && s.to === 4000);
  if (scale) {
    check('typed CPU, 4,000 / 1,000 files', scale.typed, 4.5);
    check('untyped CPU, 4,000 / 1,000 files', scale.untyped, 4.5);
  }
  if (ruleTiming?.worst) check(`worst rule share of lint time (${ruleTiming.worst.id})`, ruleTiming.worst.share, 0.1);
}
const targetLines = ['| target | value | limit | met |', '| --- | ---: | ---: | :---: |'];
for (const t of targets) {
  const pct = t.name.startsWith('worst rule');
  targetLines.push(`| ${t.name} | ${pct ? `${fmt(t.value * 100, 1)}%` : fmt(t.value)} | ${t.op === '<' ? '<' : t.op === '>=' ? '≥' : '≤'} ${pct ? `${t.limit * 100}%` : t.limit} | ${t.met === null ? '–' : t.met ? 'yes' : 'no'} |`);
}
const scalingLines = ['| files | ×files | typed | untyped | tsc | floor |', '| --- | ---: | ---: | ---: | ---: | ---: |'];
for (const s of scaling) scalingLines.push(`| ${s.from} → ${s.to} | ${fmt(s.files, 1)} | ${fmt(s.typed)} | ${fmt(s.untyped)} | ${fmt(s.tsc)} | ${fmt(s.floor)} |`);

console.log('\n' + lines.join('\n'));
console.log('\nRatios of medians (CPU unless noted):\n' + ratioLines.join('\n'));
if (scaling.length) console.log('\nScaling (CPU, larger corpus over smaller):\n' + scalingLines.join('\n'));
if (ruleTiming) {
  console.log(`\nRule timing on ${ruleTiming.project}: total lint ${secs(ruleTiming.totalMs)} s (parse ${secs(ruleTiming.parseMs)} s)`);
  for (const rule of ruleTiming.rules.slice(0, 5)) console.log(`  ${rule.id.padEnd(40)} ${String(rule.ms).padStart(7)} ms  ${fmt(rule.share * 100, 1)}%`);
}
if (targets.length) console.log('\nTargets (1,000 files):\n' + targetLines.join('\n'));

const date = new Date().toISOString();
const report = {
  date,
  machine,
  command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
  options: { sizes, reps, repsLarge, seed: Number(values.seed), skip: [...skip] },
  projects,
  scaling,
  ruleTiming,
  targets,
  markdown: { runs: lines.join('\n'), ratios: ratioLines.join('\n'), scaling: scalingLines.join('\n'), targets: targetLines.join('\n') },
};
if (!values['no-write']) {
  fs.mkdirSync(RESULTS, { recursive: true });
  const text = `${JSON.stringify(report, null, 2)}\n`;
  fs.writeFileSync(path.join(RESULTS, `bench-${date.slice(0, 19).replace(/:/g, '-')}.json`), text);
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), text);
  console.log(`\nwrote bench/results/latest.json`);
}

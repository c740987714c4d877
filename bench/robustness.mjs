// npm run robustness [-- folder ...]
//
// Runs every rule of the plugin, and the project analyzers that need no types, over a large body
// of code nobody here wrote: every .ts/.tsx/.mts/.cts/.js/.mjs/.cjs file under the project's own
// node_modules (and any folder given). Parse failures are counted, rule exceptions must be zero.
// Writes bench/results/robustness.json. Needs `npm run build` first (npm ci does it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../dist/index.js';
import { ANALYZERS } from '../dist/analyzers/index.js';
import { looksMinified } from '../dist/audit/files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const targets = process.argv.slice(2).length > 0 ? process.argv.slice(2).map((p) => path.resolve(p)) : [path.join(root, 'node_modules')];
const EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const MAX_BYTES = 1024 * 1024;

function* walk(dir, seen = new Set()) {
  let real;
  try {
    real = fs.realpathSync(dir);
  } catch {
    return;
  }
  if (seen.has(real)) return;
  seen.add(real);
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() || (entry.isSymbolicLink() && safeIsDir(full))) yield* walk(full, seen);
    else if (entry.isFile() && (EXTENSIONS.has(path.extname(entry.name)) || entry.name.endsWith('.sql'))) yield full;
  }
}

function safeIsDir(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

const rules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`rta/${name}`, 'error']));
const config = (file) => [
  {
    files: ['**/*'],
    languageOptions: {
      parser: tsParser,
      ecmaVersion: 'latest',
      sourceType: file.endsWith('.cjs') ? 'commonjs' : 'module',
      parserOptions: { ecmaFeatures: { jsx: !file.endsWith('.ts') && !file.endsWith('.mts') && !file.endsWith('.cts') } },
    },
    plugins: { rta: plugin },
    rules,
  },
];

const linter = new Linter({ configType: 'flat' });
const stats = { filesAnalysed: 0, skipped: 0, parseFailures: 0, ruleExceptions: [], findings: 0, findingsByRule: {}, slowest: [] };
const started = process.hrtime.bigint();
let peakRss = 0;
const sqlFiles = [];

for (const target of targets) {
  for (const file of walk(target)) {
    let text;
    try {
      const size = fs.statSync(file).size;
      if (size > MAX_BYTES) {
        stats.skipped++;
        continue;
      }
      text = fs.readFileSync(file, 'utf8');
    } catch {
      stats.skipped++;
      continue;
    }
    if (file.endsWith('.sql')) {
      sqlFiles.push({ path: file, relative: path.relative(root, file), text, kind: 'sql' });
      continue;
    }
    if (looksMinified(file, text)) {
      stats.skipped++;
      continue;
    }
    const t0 = process.hrtime.bigint();
    try {
      const messages = linter.verify(text, config(file), { filename: path.basename(file) });
      if (messages.some((m) => m.fatal)) stats.parseFailures++;
      for (const m of messages) {
        if (m.ruleId?.startsWith('rta/')) {
          stats.findings++;
          stats.findingsByRule[m.ruleId] = (stats.findingsByRule[m.ruleId] ?? 0) + 1;
        }
      }
    } catch (error) {
      stats.ruleExceptions.push({ file: path.relative(root, file), error: String(error?.message ?? error).split('\n').slice(0, 3).join(' | ') });
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    stats.filesAnalysed++;
    stats.slowest.push({ file: path.relative(root, file), ms: Math.round(ms * 10) / 10, bytes: text.length });
    if (stats.slowest.length > 40) {
      stats.slowest.sort((a, b) => b.ms - a.ms);
      stats.slowest.length = 20;
    }
    if (stats.filesAnalysed % 500 === 0) {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      process.stderr.write(`\r${stats.filesAnalysed} files, ${stats.ruleExceptions.length} exceptions`);
    }
  }
}

// Analyzers that need no program run once over what a folder of SQL would give them.
const analyzerExceptions = [];
for (const analyzer of ANALYZERS.filter((a) => !a.needsTypes)) {
  try {
    await analyzer.run({ root, files: sqlFiles, project: undefined, config: {}, configDir: undefined, severityOf: () => 'error' });
  } catch (error) {
    analyzerExceptions.push({ analyzer: analyzer.id, error: String(error?.message ?? error) });
  }
}

stats.slowest.sort((a, b) => b.ms - a.ms);
stats.slowest.length = Math.min(stats.slowest.length, 10);
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
const report = {
  date: new Date().toISOString(),
  node: process.version,
  rules: Object.keys(rules).length,
  targets: targets.map((t) => path.relative(root, t) || '.'),
  filesAnalysed: stats.filesAnalysed,
  skipped: stats.skipped,
  parseFailures: stats.parseFailures,
  ruleExceptions: stats.ruleExceptions.length,
  ruleExceptionDetails: stats.ruleExceptions.slice(0, 50),
  analyzerExceptions,
  findings: stats.findings,
  findingsByRule: stats.findingsByRule,
  slowestFiles: stats.slowest,
  seconds: Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100,
  peakRssMiB: Math.round(peakRss / 1048576),
};
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench/results/robustness.json'), `${JSON.stringify(report, null, 2)}\n`);
process.stderr.write('\n');
console.log(
  `${report.filesAnalysed} files analysed in ${report.seconds}s, ${report.parseFailures} parse failures (reported, not thrown), ` +
    `${report.ruleExceptions} rule exceptions, ${analyzerExceptions.length} analyzer exceptions, peak RSS ${report.peakRssMiB} MiB`,
);
for (const slow of report.slowestFiles.slice(0, 5)) console.log(`  slow: ${slow.ms} ms  ${slow.file} (${slow.bytes} chars)`);
for (const ex of report.ruleExceptionDetails.slice(0, 10)) console.log(`  EXCEPTION ${ex.file}: ${ex.error}`);
process.exitCode = report.ruleExceptions + analyzerExceptions.length > 0 ? 1 : 0;

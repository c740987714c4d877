/**
 * rta-lint: parse flags, load config, run the audit, render, set the exit status. Nothing else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  AuditUsageError,
  ConfigError,
  exitStatus,
  formatConfigProblem,
  githubSourceLinks,
  mergeSarifLogs,
  parseShard,
  renderReport,
  REPORT_FORMATS,
  runAudit,
  writeBaseline,
  type ReportFormat,
} from '../audit/index.js';
import { VERSION } from '../meta.js';
import { runInit } from './init.js';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const USAGE = `Usage: rta-lint [paths...] [options]
       rta-lint merge <a.sarif> <b.sarif>... [-o merged.sarif]
       rta-lint init

Audits streaming and real-time-analytics code: backpressure, windows, caching,
batch/stream schema drift and SLA metrics. Paths default to "."; folders are
searched for .ts .tsx .mts .cts .js .jsx .mjs .cjs and .sql files.

Options:
  -f, --format <text|json|sarif|markdown|github|html>  report format (default: text);
                             html is one self-contained page (use with -o report.html)
  -o, --output <file>        write the report to a file instead of stdout
  -c, --config <file>        rta.config.yaml to use (default: searched from the root upward)
      --fix                  apply safe autofixes to the files
      --max-warnings <n>     exit 1 when there are more than n warnings
      --root <dir>           folder that reported paths are relative to
      --no-type-check        do not load tsconfig.json; run every rule untyped
      --max-file-size <kb>   skip files larger than this (default: 1024)
      --allow-outside-root   accept config paths outside the audited root
      --use-eslint-config    load the project's eslint.config.* (this runs it) and follow
                             its rta/* rule levels, options and ignores; off by default
      --color / --no-color   force or disable colour in text output

Performance:
      --concurrency <auto|n> threads for untyped linting: this one (which runs the
                             analyzers first) and n-1 workers (default: auto, by cores
                             and file count; typed linting runs on one program)
      --file-timeout <ms>    stop checks on a file after this long in a worker and
                             report it as file-timeout (default: 30000)
      --no-cache             do not reuse or store results of earlier runs
      --cache-location <dir> cache folder (default: node_modules/.cache/rta-lint under
                             the root when it has node_modules, else the OS temp folder)

Code review:
      --baseline <file>      report only findings not in this baseline
      --write-baseline <file>  record the current findings as the baseline (exit 0)
      --changed-since <ref>  report only findings on lines changed since the merge base with ref
      --shard <i>/<n>        analyse a deterministic 1/n of the files (merge the logs after)
      --category <name>      SARIF analysis category, for several runs in one repository
      --include-suppressed   keep findings silenced by eslint-disable comments, marked suppressed
  -h, --help                 show this help
  -v, --version              print the version

Exit status: 0 clean; 1 error-level findings, too many warnings, or files that
could not be parsed; 2 the run could not be done (bad flag, invalid config,
no such path, internal failure).
`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === 'merge') return merge(argv.slice(1), io);
  if (argv[0] === 'init') return runInit(argv.slice(1), io);
  let values: ReturnType<typeof parse>['values'];
  let positionals: string[];
  try {
    ({ values, positionals } = parse(argv));
  } catch (error) {
    io.stderr.write(`rta-lint: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }

  const format = values.format ?? 'text';
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    io.stderr.write(`rta-lint: unknown format "${format}"; expected one of ${REPORT_FORMATS.join(', ')}\n`);
    return 2;
  }
  const maxWarnings = parseCount(values['max-warnings'], '--max-warnings', io);
  const maxFileKb = parseCount(values['max-file-size'], '--max-file-size', io);
  const fileTimeout = parseCount(values['file-timeout'], '--file-timeout', io);
  if (maxWarnings === null || maxFileKb === null || fileTimeout === null) return 2;
  const concurrency = values.concurrency === undefined || values.concurrency === 'auto' ? 'auto' : parseCount(values.concurrency, '--concurrency', io);
  if (concurrency === null || concurrency === 0) {
    if (concurrency === 0) io.stderr.write('rta-lint: --concurrency expects auto or a whole number of at least 1\n');
    return 2;
  }

  try {
    const shard = values.shard === undefined ? undefined : parseShard(values.shard);
    const result = await runAudit({
      cwd: io.cwd,
      paths: positionals,
      ...(values.root !== undefined ? { root: values.root } : {}),
      ...(values.config !== undefined ? { configFile: values.config } : {}),
      fix: values.fix === true,
      typeCheck: values['no-type-check'] !== true,
      ...(maxFileKb !== undefined ? { maxFileBytes: maxFileKb * 1024 } : {}),
      allowOutsideRoot: values['allow-outside-root'] === true,
      includeSuppressed: values['include-suppressed'] === true,
      ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
      ...(values['changed-since'] !== undefined ? { changedSince: values['changed-since'] } : {}),
      ...(shard ? { shard } : {}),
      ...(values.category !== undefined ? { category: values.category } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(fileTimeout !== undefined ? { fileTimeoutMs: Math.max(1, fileTimeout) } : {}),
      cache: values['no-cache'] !== true,
      useEslintConfig: values['use-eslint-config'] === true,
      ...(values['cache-location'] !== undefined ? { cacheLocation: values['cache-location'] } : {}),
    });
    if (values['write-baseline'] !== undefined) {
      writeBaseline(path.resolve(io.cwd, values['write-baseline']), result.findings);
      const count = result.findings.filter((f) => (f.suppressions?.length ?? 0) === 0).length;
      io.stderr.write(`rta-lint: baseline of ${String(count)} finding(s) written to ${values['write-baseline']}\n`);
      return 0;
    }
    const toFile = values.output !== undefined;
    const color = !toFile && wantsColor(values, io);
    // Markdown location links open the file at the audited commit when GitHub Actions says which.
    const sourceLinks = githubSourceLinks(io.env);
    const report = renderReport(format as ReportFormat, result, sourceLinks === undefined ? { color } : { color, sourceLinks });
    if (toFile) {
      const out = path.resolve(io.cwd, values.output ?? '');
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, report);
    } else {
      io.stdout.write(report);
    }
    return exitStatus(result, maxWarnings);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) io.stderr.write(`rta-lint: ${formatConfigProblem(problem, io.cwd)}\n`);
      return 2;
    }
    if (error instanceof AuditUsageError) {
      io.stderr.write(`rta-lint: ${error.message}\n`);
      for (const detail of error.details) io.stderr.write(`  ${detail}\n`);
      return 2;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`rta-lint: internal error: ${detail}\n`);
    return 2;
  }
}

async function merge(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: { values: { output?: string }; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { output: { type: 'string', short: 'o' } } });
  } catch (error) {
    io.stderr.write(`rta-lint merge: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  try {
    const logs = parsed.positionals.map((name) => ({ name, text: fs.readFileSync(path.resolve(io.cwd, name), 'utf8') }));
    const text = `${JSON.stringify(mergeSarifLogs(logs), null, 2)}\n`;
    if (parsed.values.output === undefined) io.stdout.write(text);
    else await fs.promises.writeFile(path.resolve(io.cwd, parsed.values.output), text);
    return 0;
  } catch (error) {
    const message = error instanceof Error && 'code' in error ? `cannot read ${(error as NodeJS.ErrnoException).path ?? ''}` : error instanceof Error ? error.message : String(error);
    io.stderr.write(`rta-lint merge: ${message}\n`);
    return 2;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      config: { type: 'string', short: 'c' },
      fix: { type: 'boolean' },
      'max-warnings': { type: 'string' },
      root: { type: 'string' },
      'no-type-check': { type: 'boolean' },
      'max-file-size': { type: 'string' },
      'allow-outside-root': { type: 'boolean' },
      'use-eslint-config': { type: 'boolean' },
      'include-suppressed': { type: 'boolean' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'string' },
      'changed-since': { type: 'string' },
      shard: { type: 'string' },
      category: { type: 'string' },
      concurrency: { type: 'string' },
      'file-timeout': { type: 'string' },
      'no-cache': { type: 'boolean' },
      'cache-location': { type: 'string' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

/** A non-negative integer flag: undefined when absent, null (after an error message) when invalid. */
function parseCount(value: string | undefined, flag: string, io: CliIo): number | undefined | null {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    io.stderr.write(`rta-lint: ${flag} expects a non-negative whole number, got "${value}"\n`);
    return null;
  }
  return Number(value);
}

function wantsColor(values: { color?: boolean; 'no-color'?: boolean }, io: CliIo): boolean {
  if (values['no-color'] === true) return false;
  if (values.color === true) return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true;
}

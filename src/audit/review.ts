/**
 * What a pull request needs beyond a full audit: only new findings (baselines), only findings on
 * changed lines (diff-aware runs), and a deterministic share of the files (shards).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../findings/finding.js';
import { VERSION } from '../meta.js';
import { toPosix } from './paths.js';
import { AuditUsageError } from './errors.js';

// --- shards -------------------------------------------------------------------------------------

export interface Shard {
  index: number;
  count: number;
}

/** Parses `I/N` (1-based). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new AuditUsageError(`--shard expects I/N with 1 ≤ I ≤ N, got "${text}"`);
  }
  return { index, count };
}

/**
 * The shard a file belongs to, from a hash of its path: stable when other files come and go, so
 * a file does not move between CI jobs because an unrelated file was added.
 */
export function shardOf(relativeFile: string, count: number): number {
  const digest = createHash('sha256').update(relativeFile).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

// --- baselines ----------------------------------------------------------------------------------

interface BaselineFile {
  tool: 'rta-lint';
  version: string;
  /** Fingerprint → what it was, so a human can read the file. */
  findings: { fingerprint: string; ruleId: string; file: string; message: string }[];
}

export function writeBaseline(file: string, findings: readonly Finding[]): void {
  const entries = findings
    .filter((f) => f.fingerprint !== undefined && (f.suppressions?.length ?? 0) === 0)
    .map((f) => ({ fingerprint: f.fingerprint ?? '', ruleId: f.ruleId, file: f.location.file, message: f.message }))
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  const doc: BaselineFile = { tool: 'rta-lint', version: VERSION, findings: entries };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}

export function readBaseline(file: string, shownName: string): Set<string> {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'not valid JSON' : 'cannot be read';
    throw new AuditUsageError(`Baseline ${shownName} ${reason}.`);
  }
  const findings = (doc as Partial<BaselineFile> | null)?.findings;
  if ((doc as Partial<BaselineFile> | null)?.tool !== 'rta-lint' || !Array.isArray(findings)) {
    throw new AuditUsageError(`Baseline ${shownName} is not an rta-lint baseline (write one with --write-baseline).`);
  }
  return new Set(findings.map((f) => f.fingerprint));
}

/** Marks each finding new or unchanged; returns the counts, including baseline entries no longer found. */
export function applyBaseline(findings: Finding[], baseline: ReadonlySet<string>): { new: number; unchanged: number; absent: number } {
  let fresh = 0;
  let unchanged = 0;
  const seen = new Set<string>();
  for (const finding of findings) {
    if (finding.fingerprint !== undefined && baseline.has(finding.fingerprint)) {
      finding.baselineState = 'unchanged';
      seen.add(finding.fingerprint);
      unchanged++;
    } else {
      finding.baselineState = 'new';
      fresh++;
    }
  }
  return { new: fresh, unchanged, absent: baseline.size - seen.size };
}

// --- diff-aware runs ----------------------------------------------------------------------------

/** Lines added or changed since the merge base of `ref` and HEAD, by path relative to `root`. */
export function changedLines(root: string, ref: string): Map<string, Set<number> | 'all'> {
  // core.quotePath=false: git otherwise writes non-ASCII names as quoted octal escapes.
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'core.quotePath=false', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  let top: string;
  let base: string;
  try {
    top = git('rev-parse', '--show-toplevel').trim();
    base = git('merge-base', ref, 'HEAD').trim();
  } catch {
    throw new AuditUsageError(`--changed-since ${ref}: not a git repository, or no such revision.`);
  }
  const changed = new Map<string, Set<number> | 'all'>();
  const toRootRelative = (repoPath: string) => toPosix(path.relative(root, path.join(top, repoPath)));
  // Working tree against the merge base: committed, staged and unstaged changes of the branch.
  // Explicit prefixes: diff.noprefix or diff.mnemonicPrefix in the user's config change them.
  const diff = git('diff', '--unified=0', '--no-color', '--no-ext-diff', '--diff-filter=AMR', '--src-prefix=a/', '--dst-prefix=b/', base, '--');
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = diffPath(line.slice(4));
      current = undefined;
      if (target !== '/dev/null') {
        current = new Set<number>();
        changed.set(toRootRelative(target.replace(/^b\//, '')), current);
      }
    } else if (line.startsWith('@@') && current) {
      const hunk = /\+(\d+)(?:,(\d+))?/.exec(line);
      const start = Number(hunk?.[1]);
      const count = hunk?.[2] === undefined ? 1 : Number(hunk[2]);
      for (let i = 0; i < count; i++) current.add(start + i);
    }
  }
  for (const file of git('ls-files', '-z', '--others', '--exclude-standard').split('\0')) {
    if (file !== '') changed.set(toRootRelative(file), 'all');
  }
  return changed;
}

/**
 * The path of a `+++ ` line. Even with core.quotePath=false git quotes names with control
 * characters, `"` or `\` C-style ("b/a\tb.ts", octal escapes for bytes), and ends names that
 * contain a space with a tab.
 */
export function diffPath(text: string): string {
  const raw = text.replace(/\r$/, '');
  if (!raw.startsWith('"')) return raw.replace(/\t$/, '').trim();
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  // By code point, so that a character outside the BMP is not split into lone surrogates.
  const chars = Array.from(raw);
  for (let i = 1; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (ch === '"') break;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const octal = /^[0-7]{3}/.exec(chars.slice(i + 1, i + 4).join(''));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      const next = chars[i + 1] ?? '';
      bytes.push(...(simple[next] === undefined ? Buffer.from(next, 'utf8') : [simple[next]]));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export function onChangedLine(finding: Finding, changed: ReadonlyMap<string, Set<number> | 'all'>): boolean {
  const lines = changed.get(finding.location.file);
  if (lines === undefined) return false;
  if (lines === 'all') return true;
  const { startLine, endLine } = finding.location.region;
  for (let line = startLine; line <= endLine; line++) if (lines.has(line)) return true;
  return false;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Analyzer } from '../../src/analyzers/analyzer.js';
import { exitStatus, runAudit } from '../../src/audit/index.js';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-engine-'));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** A project-level check that reports every SQL file, to exercise the analyzer plumbing. */
const sqlCounter: Analyzer = {
  id: 'sql-counter',
  needsTypes: false,
  checks: [
    {
      id: 'rta/test-sql-seen',
      category: 'window',
      description: 'Reports each SQL file (test analyzer)',
      defaultSeverity: 'error',
      docsUrl: 'https://example.invalid/rta/test-sql-seen',
      fixable: false,
      hasSuggestions: false,
    },
  ],
  run(context) {
    return {
      findings: context.files
        .filter((f) => f.kind === 'sql')
        .map((f) => ({
          ruleId: 'rta/test-sql-seen',
          category: 'window' as const,
          severity: 'error' as const,
          message: `saw ${f.relative}`,
          location: { file: f.relative, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } },
          related: [],
          fixes: [],
          source: 'analyzer' as const,
        })),
      notifications: [],
    };
  },
};

const throwing: Analyzer = { id: 'broken', needsTypes: false, checks: [], run: () => { throw new Error('boom'); } };
const typedOnly: Analyzer = { ...sqlCounter, id: 'typed-only', needsTypes: true };

describe('runAudit with analyzers', () => {
  it('merges analyzer findings, describes their checks, and keeps going when one throws', async () => {
    const dir = project({ 'db/q.sql': 'select 1;', 'a.ts': 'export const x = 1;\n' });
    const result = await runAudit({ cwd: dir, analyzers: [sqlCounter, throwing] });
    expect(result.findings.map((f) => `${f.ruleId} ${f.location.file}`)).toEqual(['rta/test-sql-seen db/q.sql']);
    expect(result.rules.map((r) => r.id)).toContain('rta/test-sql-seen');
    expect(result.notifications).toEqual([expect.objectContaining({ kind: 'internal-error', message: expect.stringContaining('broken failed') as string })]);
    expect(exitStatus(result)).toBe(1);
  });

  it('applies rta.config.yaml levels to analyzer checks', async () => {
    const dir = project({ 'db/q.sql': 'select 1;', 'rta.config.yaml': 'rules:\n  rta/test-sql-seen: warn\n' });
    const result = await runAudit({ cwd: dir, analyzers: [sqlCounter] });
    expect(result.findings.map((f) => f.severity)).toEqual(['warning']);
    expect(result.rules.find((r) => r.id === 'rta/test-sql-seen')?.defaultSeverity).toBe('warning');
    const off = project({ 'db/q.sql': 'select 1;', 'rta.config.yaml': 'rules:\n  rta/test-sql-seen: off\n' });
    const quiet = await runAudit({ cwd: off, analyzers: [sqlCounter] });
    expect(quiet.findings).toEqual([]);
    expect(quiet.rules.map((r) => r.id)).not.toContain('rta/test-sql-seen');
  });

  it('skips analyzers that need types in an untyped run, with a note', async () => {
    const dir = project({ 'db/q.sql': 'select 1;' });
    const result = await runAudit({ cwd: dir, analyzers: [typedOnly] });
    expect(result.findings).toEqual([]);
    expect(result.notifications.map((n) => n.kind)).toEqual(['analyzer-skipped']);
  });

  it('reports paths relative to the root and the same result twice', async () => {
    const dir = project({ 'src/a.ts': 'import { createWriteStream } from "node:fs";\nconst o = createWriteStream("x");\nfor (const r of [1]) o.write(String(r));\n' });
    const first = await runAudit({ cwd: dir, paths: ['src'] });
    const second = await runAudit({ cwd: dir, paths: ['src'] });
    expect(first.findings.map((f) => f.location.file)).toEqual(['a.ts']);
    expect({ ...first, startTime: '', endTime: '' }).toEqual({ ...second, startTime: '', endTime: '' });
    const atRoot = await runAudit({ cwd: dir, paths: ['src'], root: '.' });
    expect(atRoot.findings.map((f) => f.location.file)).toEqual(['src/a.ts']);
  });
});

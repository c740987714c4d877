import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAudit, type AuditOptions } from '../../src/audit/index.js';
import { renderReport } from '../../src/findings/reporters/index.js';
import { defaultWorkerEntry } from '../../src/audit/workers.js';

const projectRoot = path.resolve(import.meta.dirname, '../..');

/** The only things allowed to differ between two runs. */
function withoutTimestamps(text: string): string {
  return text.replace(/"(startTimeUtc|endTimeUtc)": "[^"]*"/g, '"$1": "…"');
}

async function twice(options: AuditOptions, reversed: AuditOptions): Promise<void> {
  const first = await runAudit(options);
  const second = await runAudit(reversed);
  for (const format of ['sarif', 'json'] as const) {
    expect(withoutTimestamps(renderReport(format, first, { color: false }))).toBe(withoutTimestamps(renderReport(format, second, { color: false })));
  }
  // Nothing machine-specific leaks into reports.
  for (const format of ['sarif', 'json', 'text', 'markdown', 'github'] as const) {
    expect(renderReport(format, first, { color: false })).not.toContain(projectRoot);
  }
}

describe('determinism: two audits of the same tree give byte-identical SARIF and JSON apart from timestamps', () => {
  it('all fixtures, untyped, paths given in either order', async () => {
    const paths = ['fixtures/backpressure', 'fixtures'];
    await twice({ cwd: projectRoot, paths, root: '.', typeCheck: false }, { cwd: projectRoot, paths: [...paths].reverse(), root: '.', typeCheck: false });
  });

  // Workers run the compiled lint-worker.js: `npm test` builds first.
  it.skipIf(defaultWorkerEntry() === undefined)('all fixtures, untyped, in one thread and with --concurrency 2', async () => {
    const options = { cwd: projectRoot, paths: ['fixtures'], root: '.', typeCheck: false };
    await twice({ ...options, concurrency: 1 }, { ...options, concurrency: 2 });
  });

  it('the example app, typed', async () => {
    const options = { cwd: projectRoot, paths: ['examples/live-dashboard'] };
    await twice(options, options);
  });
});

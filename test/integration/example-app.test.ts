import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/index.js';
import { renderReport } from '../../src/findings/reporters/index.js';
import { hasValidator, NO_VALIDATOR, validatorPath } from '../findings/validator.js';
import { spawnSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '../..');
const example = path.join(root, 'examples/live-dashboard');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-example-'));
afterAll(() => {
  fs.rmSync(out, { recursive: true, force: true });
});

/** Deliberate defects listed in the example's README: `| category | file:line | ... | rta/rule |`. */
function listedDefects(): { file: string; line: number; rule: string }[] {
  const readme = fs.readFileSync(path.join(example, 'README.md'), 'utf8');
  const rows: { file: string; line: number; rule: string }[] = [];
  for (const match of readme.matchAll(/`([\w./-]+):(\d+)`[^\n]*?`(rta\/[a-z-]+)`/g)) {
    rows.push({ file: match[1] ?? '', line: Number(match[2]), rule: match[3] ?? '' });
  }
  return rows;
}

describe('examples/live-dashboard', () => {
  it('the audit finds every listed defect whose rule exists today, and nothing unlisted', async () => {
    const result = await runAudit({ cwd: root, paths: ['examples/live-dashboard'] });
    expect(result.typed).toBe(true);
    const ran = new Set(result.rules.map((r) => r.id));
    const expected = listedDefects().filter((d) => ran.has(d.rule));
    expect(expected.length).toBeGreaterThan(0);
    const found = result.findings.map((f) => `${f.location.file}:${String(f.location.region.startLine)} ${f.ruleId}`);
    expect(found.sort()).toEqual(expected.map((d) => `${d.file}:${String(d.line)} ${d.rule}`).sort());
    expect(result.notifications.filter((n) => n.level === 'error')).toEqual([]);
  });

  it.skipIf(!hasValidator)(`writes SARIF that validate-sarif accepts, fingerprints included ${hasValidator ? '' : NO_VALIDATOR}`, async () => {
    const result = await runAudit({ cwd: root, paths: ['examples/live-dashboard'] });
    const file = path.join(out, 'example.sarif');
    fs.writeFileSync(file, renderReport('sarif', result, { color: false }));
    const run = spawnSync(validatorPath, ['--source-root', example, file], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stdout + run.stderr).toContain("0 error(s), 0 warning(s)");
    expect(run.status).toBe(0);
  });
});

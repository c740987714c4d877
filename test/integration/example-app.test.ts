import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/index.js';
import { renderReport } from '../../src/findings/reporters/index.js';
import type { SarifLog } from '../../src/findings/reporters/sarif.js';
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

    // The log carries what the example is there to show: fixes and cross-file paths.
    const log = JSON.parse(fs.readFileSync(file, 'utf8')) as SarifLog;
    const results = log.runs[0].results;
    const fixed = results.filter((r) => (r.fixes ?? []).some((f) => f.artifactChanges.some((c) => c.replacements.length > 0)));
    expect(fixed.length).toBeGreaterThan(0);
    for (const fix of fixed.flatMap((r) => r.fixes ?? [])) {
      for (const change of fix.artifactChanges) expect(fs.existsSync(path.join(example, decodeURIComponent(change.artifactLocation.uri)))).toBe(true);
    }
    const flows = results.filter((r) => (r.codeFlows?.[0]?.threadFlows[0]?.locations.length ?? 0) >= 2);
    expect(flows.length).toBeGreaterThan(0);
    for (const result of flows) {
      const steps = result.codeFlows?.[0]?.threadFlows[0]?.locations ?? [];
      expect(steps[0]?.location.physicalLocation).toEqual(result.locations[0]?.physicalLocation);
      expect(new Set(steps.map((s) => s.location.physicalLocation.artifactLocation.uri)).size).toBeGreaterThan(1);
    }
  });

  it.skipIf(!hasValidator)(
    `--include-suppressed marks findings silenced by eslint-disable-next-line, rule and analyzer alike ${hasValidator ? '' : NO_VALIDATOR}`,
    async () => {
      // A copy, so the example itself keeps its defects; node_modules linked so imports resolve
      // as they do in place.
      const copy = path.join(out, 'live-dashboard');
      fs.cpSync(example, copy, { recursive: true });
      fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
      const before = await runAudit({ cwd: copy, paths: ['.'] });
      const rule = before.findings.find((f) => f.source === 'rule' && f.location.file.endsWith('.ts'));
      const analyzer = before.findings.find((f) => f.source === 'analyzer' && f.location.file.endsWith('.ts') && f.location.file !== rule?.location.file);
      if (!rule || !analyzer) throw new Error('the example has no rule or no analyzer finding in a .ts file');
      const why = { [rule.ruleId]: 'rule finding accepted for this test', [analyzer.ruleId]: 'analyzer finding accepted for this test' };
      for (const finding of [rule, analyzer]) {
        const file = path.join(copy, finding.location.file);
        const lines = fs.readFileSync(file, 'utf8').split('\n');
        const at = finding.location.region.startLine - 1;
        const indent = /^\s*/.exec(lines[at] ?? '')?.[0] ?? '';
        lines.splice(at, 0, `${indent}// eslint-disable-next-line ${finding.ruleId} -- ${why[finding.ruleId] ?? ''}`);
        fs.writeFileSync(file, lines.join('\n'));
      }
      const key = (f: { ruleId: string; location: { file: string } }) => `${f.ruleId} ${f.location.file}`;
      const silenced = [key(rule), key(analyzer)].sort();

      const hidden = await runAudit({ cwd: copy, paths: ['.'] });
      expect(hidden.findings.map(key)).not.toContain(key(rule));
      expect(hidden.findings.map(key)).not.toContain(key(analyzer));
      expect(hidden.findings).toHaveLength(before.findings.length - 2);

      const shown = await runAudit({ cwd: copy, paths: ['.'], includeSuppressed: true });
      expect(shown.findings).toHaveLength(before.findings.length);
      const file = path.join(out, 'suppressed.sarif');
      fs.writeFileSync(file, renderReport('sarif', shown, { color: false }));
      const log = JSON.parse(fs.readFileSync(file, 'utf8')) as SarifLog;
      const suppressed = log.runs[0].results.filter((r) => r.suppressions !== undefined);
      expect(suppressed.map((r) => `${r.ruleId} ${decodeURIComponent(r.locations[0]?.physicalLocation.artifactLocation.uri ?? '')}`).sort()).toEqual(silenced);
      for (const result of suppressed) {
        expect(result.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: why[result.ruleId] }]);
        // Moved down one line by the comment, and still the same finding to a baseline.
        const original = result.ruleId === rule.ruleId ? rule : analyzer;
        expect(result.locations[0]?.physicalLocation.region?.startLine).toBe(original.location.region.startLine + 1);
        expect(result.partialFingerprints['rtaFingerprint/v1']).toBe(original.fingerprint);
      }

      const run = spawnSync(validatorPath, ['--source-root', copy, file], { encoding: 'utf8', timeout: 120_000 });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      // Code scanning ingests suppressed results as open alerts, which the validator points out.
      expect(run.stdout + run.stderr).toMatch(/0 error\(s\)/);
    },
    240_000,
  );
});

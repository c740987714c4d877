/**
 * `rta-lint --fix` on a copy of the example app, typed as the CLI runs it: every autofix lands
 * once, every file still parses, and a second run finds nothing left to autofix. (A typed fix run
 * once spliced ranges of the original text into the fixed one, pass after pass.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-example-fix-'));
afterAll(() => {
  fs.rmSync(copy, { recursive: true, force: true });
});

describe('--fix on the example app', () => {
  it('applies each autofix once, leaves parseable code, and leaves nothing to autofix', async () => {
    fs.cpSync(path.join(root, 'examples/live-dashboard'), copy, { recursive: true });
    const before = await runAudit({ cwd: copy, paths: ['.'], cache: false });
    expect(before.typed).toBe(true);
    const autofixable = before.findings.filter((f) => f.fixes.some((x) => x.kind === 'autofix'));
    expect(autofixable.length).toBeGreaterThan(0);

    const fixed = await runAudit({ cwd: copy, paths: ['.'], cache: false, fix: true });
    expect(fixed.fixedFiles.sort()).toEqual([...new Set(autofixable.map((f) => f.location.file))].sort());
    const exported = fs.readFileSync(path.join(copy, 'src/export/warehouse-export.ts'), 'utf8');
    expect(exported).toContain('exportDuration.observe((Date.now() - startedAt) / 1000);');
    for (const file of fixed.fixedFiles) {
      const text = fs.readFileSync(path.join(copy, file), 'utf8');
      const parsed = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true) as ts.SourceFile & { parseDiagnostics: ts.Diagnostic[] };
      expect(parsed.parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    }

    const after = await runAudit({ cwd: copy, paths: ['.'], cache: false });
    expect(after.findings.filter((f) => f.fixes.some((x) => x.kind === 'autofix'))).toEqual([]);
    expect(after.findings.length).toBe(before.findings.length - autofixable.length);
  });
});

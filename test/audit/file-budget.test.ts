import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runAudit } from '../../src/audit/index.js';
import { FileBudgetExceeded, checkFileBudget, clearFileBudget, startFileBudget } from '../../src/rules/support/budget.js';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
  clearFileBudget();
});

const WRITE_IN_LOOP = `import { createWriteStream } from 'node:fs';
const out = createWriteStream('/tmp/out.log');
export function dump(lines: string[]): void {
  for (const line of lines) out.write(line + '\\n');
}
`;

describe('the per-file time budget of the rules', () => {
  it('throws once the deadline has passed, and never without one', () => {
    let now = 1_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    for (let i = 0; i < 1_000; i++) checkFileBudget();
    startFileBudget(50);
    for (let i = 0; i < 1_000; i++) checkFileBudget();
    now += 51;
    expect(() => {
      for (let i = 0; i < 64; i++) checkFileBudget();
    }).toThrow(FileBudgetExceeded);
  });

  it('stops the rules on a file that takes too long in this thread, and the audit goes on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-budget-'));
    temps.push(dir);
    fs.writeFileSync(path.join(dir, 'a-small.ts'), WRITE_IN_LOOP);
    // Thousands of statements: many more rule listener calls than the small files.
    const big = Array.from({ length: 3_000 }, (_, i) => `  out.write('line ${String(i)}');`).join('\n');
    fs.writeFileSync(path.join(dir, 'b-big.ts'), `import { createWriteStream } from 'node:fs';\nconst out = createWriteStream('/tmp/x');\nexport function f(): void {\n${big}\n}\n`);
    fs.writeFileSync(path.join(dir, 'c-small.ts'), WRITE_IN_LOOP);
    // A clock that moves 25 ms each time it is read: a budget of 2 s then runs out after about
    // 80 reads, one per 64 listener calls (some 5,000), which only the big file makes.
    let now = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => (now += 25));
    const result = await runAudit({ cwd: dir, typeCheck: false, concurrency: 1, fileTimeoutMs: 2_000 });
    vi.restoreAllMocks();
    expect(result.notifications.filter((n) => n.kind === 'file-timeout').map((n) => n.file)).toEqual(['b-big.ts']);
    expect(result.findings.filter((f) => f.ruleId === 'rta/no-ignored-write').map((f) => f.location.file)).toEqual(['a-small.ts', 'c-small.ts']);
  });
});

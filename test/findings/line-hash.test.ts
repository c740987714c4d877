import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import type { Finding } from '../../src/findings/finding.js';
import { lineHashes, primaryLocationLineHash } from '../../src/findings/line-hash.js';
import { renderSarif } from '../../src/findings/reporters/sarif.js';
import { auditResult } from './sample-results.js';
import { itWithValidator, validateSarif } from './validator.js';

const CONSUMER = [
  "import { once } from 'node:events';",
  '',
  'export async function archiveAll(rows: AsyncIterable<Row>, archive: Writable): Promise<void> {',
  '  for await (const row of rows) {',
  '    archive.write(row);',
  '  }',
  '}',
  '',
].join('\n');

describe('primaryLocationLineHash', () => {
  it('gives an empty file the value GitHub documents', () => {
    expect(lineHashes('')).toEqual(['c129715d7a2bc9a3:1']);
  });

  it('has one value per line, including the empty line after a final line break', () => {
    expect(lineHashes('a\nb')).toHaveLength(2);
    expect(lineHashes('a\nb\n')).toHaveLength(3);
    expect(lineHashes('a\r\nb\rc')).toHaveLength(3);
  });

  it('ignores spaces, tabs and the kind of line break', () => {
    const crlf = CONSUMER.replace(/\n/g, '\r\n');
    const reindented = CONSUMER.replace(/^ {2}/gm, '\t');
    expect(lineHashes(crlf)).toEqual(lineHashes(CONSUMER));
    expect(lineHashes(reindented)).toEqual(lineHashes(CONSUMER));
  });

  it('survives lines inserted above', () => {
    const moved = `// a comment added later\n\n${CONSUMER}`;
    expect(primaryLocationLineHash(moved, 7)).toBe(primaryLocationLineHash(CONSUMER, 5));
  });

  it('changes when the line changes, and counts repeated values', () => {
    expect(primaryLocationLineHash(CONSUMER.replace('archive.write(row)', 'archive.write(batch)'), 5)).not.toBe(
      primaryLocationLineHash(CONSUMER, 5),
    );
    const [first, second] = lineHashes('x\n'.repeat(300)).slice(0, 2);
    expect(first).toMatch(/^[0-9a-f]+:1$/);
    expect(second).toBe(`${first!.split(':')[0]!}:2`);
  });

  it('returns undefined past the end of the file', () => {
    expect(primaryLocationLineHash('a\nb', 3)).toBeUndefined();
  });

  itWithValidator('matches what upload-sarif computes (validate-sarif --source-root)', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rta-linehash-'));
    try {
      const files: Record<string, string> = {
        'src/orders/consumer.ts': CONSUMER,
        'src/windows.ts': 'const a = 1;\r\n\t\tconst   b = 2;\r\n\r\nconst ü = "naïve ✓ 😀";\r\n'.repeat(20),
        'src/short.ts': 'x',
        'src/dup.ts': 'send(x);\n'.repeat(40),
        'src/empty.ts': '',
      };
      const findings: Finding[] = [];
      for (const [file, content] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), content);
        const hashes = lineHashes(content);
        for (const line of new Set([1, 2, 3, 5, 17, 40, 81, hashes.length])) {
          const hash = hashes[line - 1];
          if (hash === undefined) continue;
          findings.push({
            ruleId: 'rta/handle-write-backpressure',
            category: 'backpressure',
            severity: 'warning',
            message: `Line ${line} of ${file}.`,
            location: { file, region: { startLine: line, startColumn: 1, endLine: line, endColumn: 1 } },
            related: [],
            fixes: [],
            source: 'rule',
            primaryLocationLineHash: hash,
          });
        }
      }
      const log = renderSarif(auditResult({ root, findings, notifications: [] }));
      const { status, problems, output } = validateSarif(log, ['--source-root', root]);
      expect(problems, output).toEqual([]);
      expect(status, output).toBe(0);

      // The oracle does check: a wrong value is reported.
      const broken = findings.map((f, i) => (i === 0 ? { ...f, primaryLocationLineHash: 'deadbeef:1' } : f));
      const check = validateSarif(renderSarif(auditResult({ root, findings: broken, notifications: [] })), ['--source-root', root]);
      expect(check.problems.map((p) => p.message).join('\n')).toContain('"deadbeef:1" differs from');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

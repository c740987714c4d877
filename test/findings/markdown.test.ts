import { describe, expect, it } from 'vitest';

import type { Finding } from '../../src/findings/finding.js';
import { MARKDOWN_LIMIT, escapeCell, renderMarkdown } from '../../src/findings/reporters/markdown.js';
import { ROOT, auditResult, emptyResult, findings } from './sample-results.js';

describe('markdown reporter', () => {
  const output = renderMarkdown(auditResult());

  it('starts with totals by category and severity', () => {
    expect(output).toContain('**7 problems** (2 errors, 4 warnings, 1 note) in 42 files analysed with type information.');
    expect(output).toContain('| Category | Errors | Warnings | Notes | Total |');
    expect(output).toContain('| Missing backpressure (`backpressure`) | 1 | 1 | 0 | 2 |');
    expect(output).toContain('| Uncached dashboard queries (`cache`) | 0 | 2 | 0 | 2 |');
    expect(output).toContain('| **Total** | 2 | 4 | 1 | 7 |');
  });

  it('lists findings, most severe first, with file:line and a link to the rule docs', () => {
    const rows = output.split('\n').filter((l) => /^\| (🔴|🟡|🔵) /.test(l));
    expect(rows[0]).toBe(
      '| 🔴 error | `src/events/order-event.ts:3` | Field customerId of OrderEvent has no column in table orders. | [rta/schema-drift](https://github.com/eslint-plugin-rta/eslint-plugin-rta/blob/v0.1.0/docs/rules/schema-drift.md) |',
    );
    expect(rows.slice(0, 7).map((r) => r.split(' ')[2])).toEqual(['error', 'error', 'warning', 'warning', 'warning', 'warning', 'note']);
  });

  it('lists notifications', () => {
    expect(output).toContain('### Notifications');
    expect(output).toContain('| 🔴 error | `src/broken.ts:3:5` | Unexpected token. (src/broken.ts:3:5) | `parse-error` |');
    expect(output).not.toContain(ROOT);
  });

  it('reports a clean audit', () => {
    expect(renderMarkdown(emptyResult())).toBe('## rta-lint report\n\n✅ No problems found (3 files analysed with type information).\n');
  });

  it('keeps table cells on one line and escapes pipes', () => {
    expect(escapeCell('a | b\nc <b>')).toBe('a \\| b c &lt;b&gt;');
  });

  it(`stays under ${MARKDOWN_LIMIT} characters and says what it left out`, () => {
    const base = findings()[0]!;
    const lots: Finding[] = Array.from({ length: 2_000 }, (_, i) => ({
      ...base,
      message: `${base.message} (occurrence ${i})`,
      location: { ...base.location, file: `src/generated/module-${i}.ts` },
    }));
    const out = renderMarkdown(auditResult({ findings: lots }));
    expect(out.length).toBeLessThan(MARKDOWN_LIMIT);
    const shown = out.split('\n').filter((l) => l.startsWith('| 🔴 error | `src/generated/')).length;
    expect(shown).toBeGreaterThan(100);
    expect(shown).toBeLessThan(2_000);
    expect(out).toContain(`> **Note:** ${2_000 - shown} more findings not shown`);
    // Notifications still make it in after the truncated findings.
    expect(out).toContain('`parse-error`');
  });
});

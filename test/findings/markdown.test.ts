import { describe, expect, it } from 'vitest';

import type { Finding } from '../../src/findings/finding.js';
import { MARKDOWN_LIMIT, escapeCell, githubSourceLinks, locationUrl, renderMarkdown } from '../../src/findings/reporters/markdown.js';
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
      '| 🔴 error | [`src/events/order-event.ts:3`](src/events/order-event.ts#L3) | Field customerId of OrderEvent has no column in table orders. | [rta/schema-drift](https://github.com/eslint-plugin-rta/eslint-plugin-rta/blob/v0.1.0/docs/rules/schema-drift.md) |',
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

  it('leaves code spans in cells as code: no entities or backslashes inside them, pipes still escaped', () => {
    expect(escapeCell('`Map<string, Row>` is <big> and `a|b` or ``x`<y>`` \\ `c\\d`')).toBe(
      '`Map<string, Row>` is &lt;big&gt; and `a\\|b` or ``x`<y>`` \\\\ `c\\d`',
    );
    // A lone backtick opens no span: the rest is still escaped as text.
    expect(escapeCell('a ` <b>')).toBe('a ` &lt;b&gt;');
  });

  it('links each location: to the file at the commit when the repository is known, else relatively', () => {
    const links = { serverUrl: 'https://github.example.com', repository: 'acme/shop', sha: 'abc123' };
    const linked = renderMarkdown(auditResult(), { sourceLinks: links });
    expect(linked).toContain(
      '| 🟡 warning | [`src/dashboard/api.ts:21`](https://github.example.com/acme/shop/blob/abc123/src/dashboard/api.ts#L21-L24) |',
    );
    expect(linked).toContain('[`rta.config.yaml:12`](https://github.example.com/acme/shop/blob/abc123/rta.config.yaml#L12) |');
    expect(locationUrl('src/a b/(x)#1.ts', 3, 3, undefined)).toBe('src/a%20b/%28x%29%231.ts#L3');
    expect(locationUrl('src/café.ts', 3, 5, links)).toBe('https://github.example.com/acme/shop/blob/abc123/src/caf%C3%A9.ts#L3-L5');
  });

  it('takes the link target from GitHub Actions variables only when all three are set', () => {
    const env = { GITHUB_SERVER_URL: 'https://github.com/', GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: 'abc123' };
    expect(githubSourceLinks(env)).toEqual({ serverUrl: 'https://github.com', repository: 'acme/shop', sha: 'abc123' });
    expect(githubSourceLinks({ ...env, GITHUB_SHA: '' })).toBeUndefined();
    expect(githubSourceLinks({})).toBeUndefined();
  });

  it('counts left-out fixes as "more fixes"', () => {
    const base = findings()[0]!;
    const edit = base.fixes[0]!.edits[0]!;
    const big = { ...edit, original: 'old line\n'.repeat(150), text: 'new line\n'.repeat(200) };
    const lots: Finding[] = Array.from({ length: 60 }, (_, i) => ({
      ...base,
      location: { ...base.location, file: `src/m${String(i)}.ts` },
      fixes: [{ ...base.fixes[0]!, edits: [{ ...big, file: `src/m${String(i)}.ts` }] }],
    }));
    const out = renderMarkdown(auditResult({ findings: lots, notifications: [] }));
    expect(out).toMatch(/> \*\*Note:\*\* \d+ more fixes not shown\./);
    expect(out).not.toContain('fixs');
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
    const shown = out.split('\n').filter((l) => l.startsWith('| 🔴 error | [`src/generated/')).length;
    expect(shown).toBeGreaterThan(100);
    expect(shown).toBeLessThan(2_000);
    expect(out).toContain(`> **Note:** ${2_000 - shown} more findings not shown`);
    // Notifications still make it in after the truncated findings.
    expect(out).toContain('`parse-error`');
  });
});

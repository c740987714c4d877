/**
 * `eslint-disable` comments for findings that ESLint did not produce (project analyzers, `.sql`
 * files, config lines), so users have one way to silence anything. The forms are ESLint's:
 *
 *   // eslint-disable-next-line rta/a, rta/b -- why
 *   code(); // eslint-disable-line rta/a
 *   /* eslint-disable rta/a *\/ … /* eslint-enable rta/a *\/
 *
 * In SQL (`--`) and YAML (`#`) comments the same words work.
 */
import type { Suppression } from '../findings/finding.js';

interface LineDirective {
  line: number;
  rules: readonly string[] | 'all';
  justification?: string;
}

interface BlockDirective {
  from: number;
  to: number;
  rules: readonly string[] | 'all';
  justification?: string;
}

export interface Directives {
  suppression(ruleId: string, line: number): Suppression | undefined;
}

const COMMENT = /(?:\/\/|\/\*|--|#)\s*eslint-(disable-next-line|disable-line|disable|enable)\b([^\n]*)/g;

export function parseDirectives(text: string): Directives {
  const lineDirectives: LineDirective[] = [];
  const blocks: BlockDirective[] = [];
  const open: { from: number; rules: readonly string[] | 'all'; justification?: string }[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((content, index) => {
    const line = index + 1;
    for (const match of content.matchAll(COMMENT)) {
      const kind = match[1] ?? '';
      const { rules, justification } = parseRuleList(match[2] ?? '');
      const entry = justification === undefined ? { rules } : { rules, justification };
      switch (kind) {
        case 'disable-next-line':
          lineDirectives.push({ line: line + 1, ...entry });
          break;
        case 'disable-line':
          lineDirectives.push({ line, ...entry });
          break;
        case 'disable':
          open.push({ from: line, ...entry });
          break;
        case 'enable':
          closeBlocks(open, blocks, rules, line);
          break;
      }
    }
  });
  for (const block of open) blocks.push({ ...block, to: Number.POSITIVE_INFINITY });

  return {
    suppression(ruleId, line) {
      const hit =
        lineDirectives.find((d) => d.line === line && covers(d.rules, ruleId)) ??
        blocks.find((b) => b.from <= line && line <= b.to && covers(b.rules, ruleId));
      if (!hit) return undefined;
      return hit.justification === undefined ? { kind: 'inSource' } : { kind: 'inSource', justification: hit.justification };
    },
  };
}

function closeBlocks(
  open: { from: number; rules: readonly string[] | 'all'; justification?: string }[],
  blocks: BlockDirective[],
  rules: readonly string[] | 'all',
  line: number,
): void {
  for (let i = open.length - 1; i >= 0; i--) {
    const block = open[i];
    if (!block) continue;
    if (rules === 'all' || (block.rules !== 'all' && block.rules.every((r) => rules.includes(r)))) {
      blocks.push({ ...block, to: line });
      open.splice(i, 1);
    }
  }
}

function covers(rules: readonly string[] | 'all', ruleId: string): boolean {
  return rules === 'all' || rules.includes(ruleId);
}

function parseRuleList(rest: string): { rules: readonly string[] | 'all'; justification?: string } {
  const body = rest.replace(/\*\/.*$/, '');
  const [list = '', ...why] = body.split(/\s--\s/);
  const justification = why.join(' -- ').trim();
  const rules = list
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  return {
    rules: rules.length === 0 ? 'all' : rules,
    ...(justification === '' ? {} : { justification }),
  };
}

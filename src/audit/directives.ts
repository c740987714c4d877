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

interface OpenBlock {
  from: number;
  rules: readonly string[] | 'all';
  /** Rules an `eslint-enable` re-enabled inside a block for all rules. */
  except?: readonly string[];
  justification?: string;
}

interface BlockDirective extends OpenBlock {
  to: number;
}

export interface Directives {
  suppression(ruleId: string, line: number): Suppression | undefined;
}

const COMMENT = /(?:\/\/|\/\*|--|#)\s*eslint-(disable-next-line|disable-line|disable|enable)\b([^\n]*)/g;

export function parseDirectives(text: string): Directives {
  const lineDirectives: LineDirective[] = [];
  const blocks: BlockDirective[] = [];
  const open: OpenBlock[] = [];
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
        lineDirectives.find((d) => d.line === line && covers(d, ruleId)) ??
        blocks.find((b) => b.from <= line && line <= b.to && covers(b, ruleId));
      if (!hit) return undefined;
      return hit.justification === undefined ? { kind: 'inSource' } : { kind: 'inSource', justification: hit.justification };
    },
  };
}

/**
 * `eslint-enable` without rules ends every open block. With rules it re-enables just those, as
 * ESLint does: a block for `a, b` ended by `eslint-enable a` goes on for `b`, and a block for all
 * rules goes on for all but `a`.
 */
function closeBlocks(open: OpenBlock[], blocks: BlockDirective[], rules: readonly string[] | 'all', line: number): void {
  const still: OpenBlock[] = [];
  for (const block of open) {
    if (rules !== 'all' && !rules.some((r) => covers(block, r))) {
      still.push(block);
      continue;
    }
    blocks.push({ ...block, to: line });
    if (rules === 'all') continue;
    if (block.rules === 'all') {
      still.push({ ...block, from: line, except: [...(block.except ?? []), ...rules] });
    } else {
      const left = block.rules.filter((r) => !rules.includes(r));
      if (left.length > 0) still.push({ ...block, from: line, rules: left });
    }
  }
  open.splice(0, open.length, ...still);
}

function covers(directive: { rules: readonly string[] | 'all'; except?: readonly string[] }, ruleId: string): boolean {
  if (directive.except?.includes(ruleId)) return false;
  return directive.rules === 'all' || directive.rules.includes(ruleId);
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

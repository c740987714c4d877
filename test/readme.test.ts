import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { ruleTableMarkdown, withRuleTable } from '../src/rule-table.js';
import { ANALYZERS } from '../src/analyzers/index.js';

const root = path.resolve(import.meta.dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

describe('README', () => {
  it('rule table matches rule metadata (run `npm run docs:rules` to update)', () => {
    expect(withRuleTable(readme, ruleTableMarkdown(plugin.rules, ANALYZERS.flatMap((a) => a.checks)))).toBe(readme);
  });

  it('documents the two commands that .ci/run runs', () => {
    expect(readme).toContain('npm ci');
    expect(readme).toContain('npm test');
    const ci = fs.readFileSync(path.join(root, '.ci/run'), 'utf8');
    expect(ci).toContain('npm ci');
    expect(ci).toMatch(/npm (run )?test/);
  });
});

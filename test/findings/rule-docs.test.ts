import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { docsDirectory, readRuleHelp } from '../../src/findings/rule-docs.js';
import { projectRoot } from './validator.js';

describe('rule docs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rta-docs-'));
  writeFileSync(path.join(dir, 'handle-write-backpressure.md'), '# rta/handle-write-backpressure\n\nWait for drain.\n');
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads docs/rules/<name>.md', () => {
    expect(readRuleHelp(dir, 'handle-write-backpressure')).toBe('# rta/handle-write-backpressure\n\nWait for drain.\n');
    expect(readRuleHelp(dir, 'rta/handle-write-backpressure')).toContain('Wait for drain.');
  });

  it('returns undefined for a missing page or a name that is not a rule name', () => {
    expect(readRuleHelp(dir, 'no-such-rule')).toBeUndefined();
    expect(readRuleHelp(path.join(dir, 'missing-dir'), 'handle-write-backpressure')).toBeUndefined();
    expect(readRuleHelp(dir, '../etc/passwd')).toBeUndefined();
  });

  it('finds the package docs/rules folder', () => {
    expect(docsDirectory()).toBe(path.join(projectRoot, 'docs', 'rules'));
  });
});

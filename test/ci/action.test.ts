import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');

interface Action {
  inputs: Record<string, { description: string; default: string }>;
  runs: { using: string; steps: { id?: string; run?: string; uses?: string }[] };
}

describe('action.yml', () => {
  const action = parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8'), { strict: true }) as Action;
  const script = action.runs.steps.find((s) => s.id === 'audit')?.run ?? '';
  const lines = (format: string) => script.split('\n').filter((l) => l.includes('eslint-plugin-rta@') && l.includes(`--format ${format}`));

  it('is valid YAML with a bash script that parses', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['paths', 'config', 'category', 'changed-only', 'root']));
    const bash = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
    expect(bash.stderr).toBe('');
    expect(bash.status).toBe(0);
  });

  it('never makes a shallow fetch, and measures changes from the pull request base commit', () => {
    const fetches = script.split('\n').filter((l) => / fetch /.test(l) && !l.trim().startsWith('#'));
    expect(fetches.length).toBeGreaterThan(0);
    for (const fetch of fetches) expect(fetch).not.toMatch(/--depth|--shallow/);
    expect(script).toContain('--changed-since "$BASE_SHA"');
    expect(fs.readFileSync(path.join(root, 'action.yml'), 'utf8')).toContain('BASE_SHA: ${{ github.event.pull_request.base.sha }}');
  });

  it('uploads every finding: only the summary and the annotations are limited to changed lines', () => {
    expect(lines('sarif')).toHaveLength(1);
    expect(lines('sarif')[0]).not.toContain('changed');
    for (const format of ['markdown', 'github']) {
      expect(lines(format)).toHaveLength(1);
      expect(lines(format)[0]).toContain('"${changed[@]}"');
    }
  });

  it('passes the root to every run, so paths are relative to the repository root', () => {
    expect(script).toContain('args=(--root "$root")');
    for (const format of ['sarif', 'markdown', 'github']) expect(lines(format)[0]).toContain('"${args[@]}"');
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandBraces, globFiles, globToRegExp, hasGlobMagic, matchGlob } from '../../src/config/glob.js';
import { project } from './helpers.js';

describe('matchGlob', () => {
  it('matches * and ? within one segment', () => {
    expect(matchGlob('ops/*.rules.yml', 'ops/ingest.rules.yml')).toBe(true);
    expect(matchGlob('ops/*.rules.yml', 'ops/a/ingest.rules.yml')).toBe(false);
    expect(matchGlob('ops/?.yml', 'ops/a.yml')).toBe(true);
    expect(matchGlob('ops/?.yml', 'ops/ab.yml')).toBe(false);
    expect(matchGlob('*.sql', 'a/b.sql')).toBe(false);
  });

  it('matches ** across zero or more segments', () => {
    expect(matchGlob('jobs/flink/**/*.sql', 'jobs/flink/a.sql')).toBe(true);
    expect(matchGlob('jobs/flink/**/*.sql', 'jobs/flink/x/y/a.sql')).toBe(true);
    expect(matchGlob('jobs/flink/**/*.sql', 'jobs/flinky/a.sql')).toBe(false);
    expect(matchGlob('/api/dashboard/**', '/api/dashboard/orders/1')).toBe(true);
    expect(matchGlob('/api/dashboard/**', '/api/dashboard')).toBe(false);
    expect(matchGlob('**', 'a/b/c')).toBe(true);
    expect(matchGlob('**/route.ts', 'route.ts')).toBe(true);
  });

  it('treats regular-expression characters literally and supports classes and braces', () => {
    expect(matchGlob('app/(dashboard)/**/route.ts', 'app/(dashboard)/stats/route.ts')).toBe(true);
    expect(matchGlob('a+b.sql', 'aab.sql')).toBe(false);
    expect(matchGlob('v[12].sql', 'v2.sql')).toBe(true);
    expect(matchGlob('v[!12].sql', 'v3.sql')).toBe(true);
    expect(matchGlob('v[!12].sql', 'v1.sql')).toBe(false);
    expect(matchGlob('ops/{prom,alerts}/*.yml', 'ops/alerts/a.yml')).toBe(true);
    expect(matchGlob('ops/{prom,alerts}/*.yml', 'ops/other/a.yml')).toBe(false);
    expect(expandBraces('a{b,c{d,e}}f')).toEqual(['abf', 'acdf', 'acef']);
    expect(expandBraces('a{b}c')).toEqual(['a{b}c']);
  });

  it('does not let wildcards match dot files unless asked', () => {
    expect(matchGlob('*.yml', '.hidden.yml')).toBe(false);
    expect(matchGlob('.*.yml', '.hidden.yml')).toBe(true);
    expect(matchGlob('*.yml', '.hidden.yml', { dot: true })).toBe(true);
    expect(matchGlob('**/*.yml', '.git/x.yml')).toBe(false);
  });

  it('ignores a leading ./ and knows magic', () => {
    expect(matchGlob('./ops/*.yml', 'ops/a.yml')).toBe(true);
    expect(hasGlobMagic('ops/a.yml')).toBe(false);
    expect(hasGlobMagic('ops/*.yml')).toBe(true);
    expect(globToRegExp('a/*').source).toContain('[^/]*');
  });
});

describe('globFiles', () => {
  it('finds matching files under the base, sorted, skipping node_modules', () => {
    const dir = project({
      'ops/b.rules.yml': '',
      'ops/a.rules.yml': '',
      'ops/notes.md': '',
      'ops/deep/c.rules.yml': '',
      'node_modules/x/d.rules.yml': '',
    });
    expect(globFiles('ops/*.rules.yml', dir).files).toEqual([path.join(dir, 'ops/a.rules.yml'), path.join(dir, 'ops/b.rules.yml')]);
    expect(globFiles('**/*.rules.yml', dir).files).toEqual([
      path.join(dir, 'ops/a.rules.yml'),
      path.join(dir, 'ops/b.rules.yml'),
      path.join(dir, 'ops/deep/c.rules.yml'),
    ]);
    expect(globFiles('node_modules/**/*.yml', dir).files).toEqual([path.join(dir, 'node_modules/x/d.rules.yml')]);
    expect(globFiles('ops/a.rules.yml', dir).files).toEqual([path.join(dir, 'ops/a.rules.yml')]);
    expect(globFiles('ops/missing.yml', dir).files).toEqual([]);
    expect(globFiles('nowhere/*.yml', dir)).toEqual({ files: [], truncated: false, bases: [path.join(dir, 'nowhere')] });
  });

  it('stops after maxEntries', () => {
    const dir = project({ 'a/1.yml': '', 'a/2.yml': '', 'a/3.yml': '' });
    const result = globFiles('a/*.yml', dir, { maxEntries: 2 });
    expect(result.truncated).toBe(true);
    expect(result.files).toHaveLength(2);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { runDashboardQueries, dashboardQueriesAnalyzer } from '../../src/analyzers/dashboard-queries/index.js';
import type { AnalyzerContext, AnalyzerFile } from '../../src/analyzers/analyzer.js';
import type { RtaConfig } from '../../src/config/types.js';
import type { Finding } from '../../src/findings/finding.js';
import { runAudit } from '../../src/audit/index.js';
import { renderReport } from '../../src/findings/reporters/index.js';

const repo = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(repo, 'fixtures/cache/cross-file');

function sourceFiles(root: string): AnalyzerFile[] {
  const files: AnalyzerFile[] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.ts')) {
        files.push({ path: full, relative: path.relative(root, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8'), kind: 'source' });
      }
    }
  };
  visit(path.join(root, 'src'));
  return files;
}

const project = new Project({ tsConfigFilePath: path.join(fixture, 'tsconfig.json') });

function analyse(config: RtaConfig): Finding[] {
  const context: AnalyzerContext = {
    root: fixture,
    files: sourceFiles(fixture),
    project,
    config,
    configDir: fixture,
    severityOf: (id) => (id === 'rta/no-per-client-polling' ? 'error' : 'warning'),
  };
  const output = runDashboardQueries(context);
  expect(output.notifications).toEqual([]);
  return output.findings;
}

const at = (f: Finding) => `${f.location.file}:${String(f.location.region.startLine)} ${f.ruleId}`;

describe('dashboard-queries analyzer on fixtures/cache/cross-file', () => {
  const withHelpers = analyse({ cache: { helpers: ['withCache'] } });

  it('reports each route whose dashboard query is in another module, and the per-connection timer', () => {
    expect(withHelpers.map(at).sort()).toEqual([
      'src/realtime/feed.ts:9 rta/no-per-client-polling',
      'src/routes/stats.ts:14 rta/no-uncached-dashboard-query',
      'src/routes/stats.ts:19 rta/no-uncached-dashboard-query',
      'src/routes/stats.ts:24 rta/no-uncached-dashboard-query',
      'src/routes/stats.ts:29 rta/no-uncached-dashboard-query',
    ]);
  });

  it('follows a helper chain through a path alias and a re-export, with the whole path as related locations', () => {
    const daily = withHelpers.find((f) => f.location.region.startLine === 14 && f.location.file === 'src/routes/stats.ts');
    expect(daily?.related.map((r) => `${r.file}:${String(r.region.startLine)} ${r.message ?? ''}`)).toEqual([
      'src/routes/stats.ts:15 calls daily()',
      'src/services/stats.ts:4 calls countPerHour()',
      'src/db/events-repo.ts:10 runs the query',
    ]);
    expect(daily?.message).toContain('an analytic query against ClickHouse');
    expect(daily?.message).toContain('src/db/events-repo.ts:10');
    expect(daily?.message).toContain('via daily() in src/services/stats.ts → countPerHour() in src/db/events-repo.ts');
    expect(daily?.source).toBe('analyzer');
    expect(daily?.category).toBe('cache');
  });

  it('follows class methods, default exports and query text held in a constant', () => {
    const revenue = withHelpers.find((f) => f.location.region.startLine === 19);
    expect(revenue?.related.at(-1)?.file).toBe('src/db/orders-repo.ts');
    expect(revenue?.message).toContain('(GROUP BY)');
    const weekly = withHelpers.find((f) => f.location.region.startLine === 29);
    expect(weekly?.related.map((r) => r.file)).toEqual(['src/routes/stats.ts', 'src/services/weekly.ts']);
  });

  it('terminates on a cycle of helpers and still finds the query at its end', () => {
    const rollup = withHelpers.find((f) => f.location.region.startLine === 24);
    expect(rollup?.related.at(-1)).toMatchObject({ file: 'src/db/orders-repo.ts', message: 'runs the query' });
    // rollupB → rollupA again is cut at the cycle; the query is reached on rollupA's first branch.
    expect(rollup?.related.map((r) => r.message)).toEqual(['calls rollupA()', 'calls statusTotals()', 'runs the query']);
  });

  it('stays quiet when a cache read is two calls up the path, behind cache-aside in another module, and on point lookups and writes', () => {
    const lines = withHelpers.filter((f) => f.location.file === 'src/routes/stats.ts').map((f) => f.location.region.startLine);
    for (const quiet of [34, 39, 44, 49, 54]) expect(lines).not.toContain(quiet);
    expect(withHelpers.filter((f) => f.location.file === 'src/realtime/feed.ts').map((f) => f.location.region.startLine)).toEqual([9]);
  });

  it('a function named in cache.helpers is a cache read; without the config it is followed and reported', () => {
    const without = analyse({});
    expect(without.map(at)).toContain('src/routes/stats.ts:44 rta/no-uncached-dashboard-query');
  });

  it('cache.maxDepth bounds how far calls are followed', () => {
    const shallow = analyse({ cache: { helpers: ['withCache'], maxDepth: 1 } });
    // One call deep reaches the default export's query but not the repository behind a service.
    expect(shallow.map(at)).toEqual(['src/routes/stats.ts:29 rta/no-uncached-dashboard-query']);
  });

  it('describes its checks under the rules\' ids', () => {
    expect(dashboardQueriesAnalyzer.checks.map((c) => c.id)).toEqual(['rta/no-uncached-dashboard-query', 'rta/no-per-client-polling']);
    expect(dashboardQueriesAnalyzer.needsTypes).toBe(true);
  });
});

describe('rule and analyzer together (runAudit)', () => {
  it('report each entry point once on the cross-file fixture', async () => {
    const result = await runAudit({ cwd: repo, paths: ['fixtures/cache/cross-file'] });
    expect(result.typed).toBe(true);
    const cache = result.findings.filter((f) => f.category === 'cache').map(at);
    expect(cache).toEqual([...new Set(cache)]);
    expect(cache.sort()).toEqual([
      'src/realtime/feed.ts:9 rta/no-per-client-polling',
      'src/routes/stats.ts:14 rta/no-uncached-dashboard-query',
      'src/routes/stats.ts:19 rta/no-uncached-dashboard-query',
      'src/routes/stats.ts:24 rta/no-uncached-dashboard-query',
      'src/routes/stats.ts:29 rta/no-uncached-dashboard-query',
    ]);
    // The ids are described once, from the rules.
    expect(result.rules.filter((r) => r.id === 'rta/no-uncached-dashboard-query')).toHaveLength(1);
  });

  it('the example app shows a cross-file finding whose SARIF result has relatedLocations in another file', async () => {
    const result = await runAudit({ cwd: repo, paths: ['examples/live-dashboard'] });
    const sarif = JSON.parse(renderReport('sarif', result, { color: false })) as {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
          relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; message?: { text: string } }[];
        }[];
      }[];
    };
    const results = sarif.runs[0]?.results ?? [];
    const uncached = results.find((r) => r.ruleId === 'rta/no-uncached-dashboard-query');
    expect(uncached?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('src/api/dashboard-routes.ts');
    expect(uncached?.locations[0]?.physicalLocation.region.startLine).toBe(25);
    const elsewhere = (uncached?.relatedLocations ?? []).filter((l) => l.physicalLocation.artifactLocation.uri !== 'src/api/dashboard-routes.ts');
    expect(elsewhere.map((l) => `${l.physicalLocation.artifactLocation.uri}:${String(l.physicalLocation.region.startLine)}`)).toEqual([
      'src/db/stats-queries.ts:42',
    ]);
    expect(elsewhere[0]?.message?.text).toBe('runs the query');
    const polling = results.find((r) => r.ruleId === 'rta/no-per-client-polling');
    expect(polling?.locations[0]?.physicalLocation.region.startLine).toBe(49);
    expect(polling?.relatedLocations?.some((l) => l.physicalLocation.artifactLocation.uri === 'src/db/stats-queries.ts')).toBe(true);
  });
});

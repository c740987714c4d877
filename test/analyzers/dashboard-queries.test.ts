import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Project } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
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

describe('rule and analyzer agree: one finding per (entry point, query), none where the analyzer sees a cache read', () => {
  const temps: string[] = [];
  afterAll(() => {
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  });
  function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-dashboard-'));
    temps.push(dir);
    const all = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true }, include: ['src'] }),
      ...files,
    };
    for (const [name, text] of Object.entries(all)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }
  const STATUS_ROUTE = `import express from 'express';
import { Pool } from 'pg';
import { withRetry } from './retry.js';

export const app = express();
const pool = new Pool();

async function statusCounts() {
  return (await pool.query('SELECT status, count(*) FROM orders GROUP BY status')).rows;
}

app.get('/status', async (req, res) => {
  if (req.query['retry']) { res.json(await withRetry(statusCounts)); return; }
  res.json(await statusCounts());
});
`;
  const RETRY = 'export async function withRetry<T>(fn: () => Promise<T>): Promise<T> { return await fn(); }\n';

  it('reports a query reached both through another module and directly once, with the same-file path', async () => {
    const root = project({ 'src/routes.ts': STATUS_ROUTE, 'src/retry.ts': RETRY });
    const result = await runAudit({ cwd: root, paths: ['.'], cache: false });
    expect(result.typed).toBe(true);
    const found = result.findings.filter((f) => f.ruleId === 'rta/no-uncached-dashboard-query');
    expect(found.map(at)).toEqual(['src/routes.ts:12 rta/no-uncached-dashboard-query']);
    expect(found[0]?.message).toContain('(line 9) via statusCounts() on every request');
  });

  it('reports a query reached through an import cycle and directly once', async () => {
    const root = project({
      'src/routes.ts': `import express from 'express';
import { Pool } from 'pg';
import { svc } from './svc.js';
export const app = express();
const pool = new Pool();
export async function local() {
  return (await pool.query('SELECT status, count(*) FROM orders GROUP BY status')).rows;
}
app.get('/a', async (_req, res) => {
  await svc();
  res.json(await local());
});
`,
      'src/svc.ts': "import { local } from './routes.js';\nexport async function svc() { return local(); }\n",
    });
    const result = await runAudit({ cwd: root, paths: ['.'], cache: false });
    expect(result.findings.filter((f) => f.category === 'cache').map(at)).toEqual(['src/routes.ts:9 rta/no-uncached-dashboard-query']);
  });

  it('drops the rule finding when the cache client or the cache read sits in another module', async () => {
    const root = project({
      'src/cache.ts': "import { Redis } from 'ioredis';\nexport const redis = new Redis();\n",
      'src/snap.ts': "import { redis } from './cache.js';\nexport async function lookupSnapshot(k: string) { return redis.get(k); }\n",
      'src/routes.ts': `import express from 'express';
import { Pool } from 'pg';
import { redis } from './cache.js';
import { lookupSnapshot } from './snap.js';
export const app = express();
const pool = new Pool();
app.get('/c', async (_req, res) => {
  const hit = await redis.get('dash:c');
  if (hit) { res.send(hit); return; }
  const { rows } = await pool.query('SELECT status, count(*) FROM orders GROUP BY status');
  await redis.set('dash:c', JSON.stringify(rows), 'EX', 15);
  res.json(rows);
});
app.get('/b', async (_req, res) => {
  const hit = await lookupSnapshot('k');
  if (hit) { res.send(hit); return; }
  res.json((await pool.query('SELECT day, sum(total) FROM orders GROUP BY day')).rows);
});
app.get('/d', async (_req, res) => {
  res.json((await pool.query('SELECT day, sum(total) FROM orders GROUP BY day')).rows);
});
`,
    });
    const result = await runAudit({ cwd: root, paths: ['.'], cache: false });
    // Only the route with no cache read at all; /c and /b read the cache through other modules.
    expect(result.findings.filter((f) => f.category === 'cache').map(at)).toEqual(['src/routes.ts:19 rta/no-uncached-dashboard-query']);
  });

  it('a cache.helpers name imported under an alias is a cache read', async () => {
    const root = project({
      'rta.config.yaml': 'cache:\n  helpers: [withCache]\n',
      'src/mw.ts': 'export async function withCache<T>(_k: string, f: () => Promise<T>): Promise<T> { return f(); }\n',
      'src/routes.ts': `import express from 'express';
import { Pool } from 'pg';
import { withCache as wc } from './mw.js';
export const app = express();
const pool = new Pool();
async function totals() {
  return (await pool.query('SELECT day, sum(total) FROM orders GROUP BY day')).rows;
}
app.get('/wc', async (_req, res) => { res.json(await wc('k', () => totals())); });
app.get('/raw', async (_req, res) => { res.json(await totals()); });
`,
    });
    const result = await runAudit({ cwd: root, paths: ['.'], cache: false });
    expect(result.findings.filter((f) => f.category === 'cache').map(at)).toEqual(['src/routes.ts:10 rta/no-uncached-dashboard-query']);
  });

  it('follows a Next.js SSE route into ReadableStream start(), where the timer calls a query in another module', async () => {
    const root = project({
      'src/db.ts': "import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function counts() { return (await pool.query('SELECT status, count(*) FROM orders GROUP BY status')).rows; }\n",
      'src/app/api/sse/route.ts': `import { counts } from '../../../db.js';
export async function GET() {
  const stream = new ReadableStream({
    start(controller) {
      setInterval(async () => { controller.enqueue(JSON.stringify(await counts())); }, 1000);
    },
  });
  return new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } });
}
`,
    });
    const result = await runAudit({ cwd: root, paths: ['.'], cache: false });
    const found = result.findings.filter((f) => f.category === 'cache');
    expect(found.map(at)).toEqual(['src/app/api/sse/route.ts:5 rta/no-per-client-polling']);
    expect(found[0]?.source).toBe('analyzer');
  });

  it('reports a per-connection poller once when its tick reaches the query both directly and through another module', async () => {
    const root = project({
      'src/retry.ts': RETRY,
      'src/feed.ts': `import { WebSocketServer } from 'ws';
import { Pool } from 'pg';
import { withRetry } from './retry.js';
const pool = new Pool();
const wss = new WebSocketServer({ port: 8080 });
async function counts() {
  return (await pool.query('SELECT status, count(*) FROM orders GROUP BY status')).rows;
}
wss.on('connection', (ws) => {
  setInterval(async () => {
    ws.send(JSON.stringify(await withRetry(counts)));
    ws.send(JSON.stringify(await counts()));
  }, 1000);
});
`,
    });
    const result = await runAudit({ cwd: root, paths: ['.'], cache: false });
    expect(result.findings.filter((f) => f.category === 'cache').map(at)).toEqual(['src/feed.ts:10 rta/no-per-client-polling']);
  });
});

/**
 * Cross-file half of the cache category (RULES.md C4): a read entry point whose dashboard query
 * sits in a helper in another module, and a per-connection timer whose tick calls one. The
 * ESLint rules `no-uncached-dashboard-query` and `no-per-client-polling` report what one file
 * shows; this analyzer reports, under the same ids, only the paths that leave the file (a call
 * into another module, or a client, router or handler imported from one), so each pair of entry
 * point and query is reported once. The finding sits at the entry point; the calls that lead to
 * the query are its related locations.
 */
import path from 'node:path';
import type { Node, SourceFile } from 'ts-morph';
import type { Analyzer, AnalyzerContext, AnalyzerOutput } from '../analyzer.js';
import type { Finding, Location } from '../../findings/finding.js';
import { ruleDocsUrl } from '../../meta.js';
import {
  DEFAULT_CROSS_FILE_DEPTH,
  ENTRY_FREQUENCY,
  PER_CLIENT_POLLING_MESSAGE,
  UNCACHED_QUERY_MESSAGE,
  describeCost,
  fillMessage,
  isDashboardQuery,
  isDashboardRoute,
  isPerConnection,
  isPolledQuery,
  isReadEntry,
  sentenceStart,
  type DashboardScope,
} from '../../knowledge/dashboard.js';
import { MorphResolver } from './resolve.js';
import { CrossFilePaths, type Entry, type QueryHit, type Step } from './paths.js';

export const UNCACHED_ID = 'rta/no-uncached-dashboard-query';
export const POLLING_ID = 'rta/no-per-client-polling';

export const dashboardQueriesAnalyzer: Analyzer = {
  id: 'dashboard-queries',
  checks: [
    {
      id: UNCACHED_ID,
      category: 'cache',
      description: 'A read entry point runs a dashboard query in another module on every invocation with no cache read on the path',
      defaultSeverity: 'warning',
      docsUrl: ruleDocsUrl('no-uncached-dashboard-query'),
      fixable: false,
      hasSuggestions: false,
    },
    {
      id: POLLING_ID,
      category: 'cache',
      description: 'A timer started per connection calls, in another module, a query on every tick',
      defaultSeverity: 'error',
      docsUrl: ruleDocsUrl('no-per-client-polling'),
      fixable: false,
      hasSuggestions: false,
    },
  ],
  needsTypes: true,
  run: runDashboardQueries,
};

export function runDashboardQueries(context: AnalyzerContext): AnalyzerOutput {
  const output: AnalyzerOutput = { findings: [], notifications: [] };
  const project = context.project;
  if (!project) return output;
  const reportUncached = context.severityOf(UNCACHED_ID) !== 'off';
  const reportPolling = context.severityOf(POLLING_ID) !== 'off';
  if (!reportUncached && !reportPolling) return output;

  const cache = context.config.cache ?? {};
  const scope: DashboardScope = {
    helpers: cache.helpers ?? [],
    dashboardRoutes: cache.dashboardRoutes ?? [],
    precomputedTables: cache.precomputedTables ?? [],
  };
  const paths = new CrossFilePaths(new MorphResolver(), scope, cache.maxDepth ?? DEFAULT_CROSS_FILE_DEPTH);
  const relative = (file: SourceFile) => path.relative(context.root, file.getFilePath()).split(path.sep).join('/');
  const location = (node: Node, message?: string): Location => {
    const file = node.getSourceFile();
    const start = file.getLineAndColumnAtPos(node.getStart());
    const end = file.getLineAndColumnAtPos(node.getEnd());
    return {
      file: relative(file),
      region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
      ...(message !== undefined ? { message } : {}),
    };
  };
  const chain = (steps: readonly Step[]): Location[] => steps.map((s) => location(s.node, s.label));
  const where = (hit: QueryHit, origin: SourceFile): string => {
    const at = location(hit.node);
    return at.file === relative(origin) ? `line ${String(at.region.startLine)}` : `${at.file}:${String(at.region.startLine)}`;
  };
  const via = (steps: readonly Step[], origin: SourceFile): string =>
    steps.length === 0
      ? ''
      : ` via ${steps
          .map((s) => {
            const name = s.label.replace(/^calls /, '');
            const target = s.target.getSourceFile();
            return target === origin ? name : `${name} in ${relative(target)}`;
          })
          .join(' → ')}`;

  const audited = new Set(context.files.filter((f) => f.kind === 'source').map((f) => path.resolve(f.path)));
  for (const file of project.getSourceFiles()) {
    if (file.isDeclarationFile() || !audited.has(path.resolve(file.getFilePath()))) continue;
    let entries: Entry[];
    try {
      entries = paths.entries(file, relative(file));
    } catch (error) {
      output.notifications.push(failure(relative(file), error));
      continue;
    }
    for (const entry of entries) {
      try {
        if (reportUncached && isReadEntry(entry.kind)) output.findings.push(...uncached(entry, file));
        if (reportPolling && isPerConnection(entry.kind)) output.findings.push(...polling(entry, file));
      } catch (error) {
        output.notifications.push(failure(relative(file), error));
      }
    }
  }
  return output;

  function uncached(entry: Entry, file: SourceFile): Finding[] {
    const findings: Finding[] = [];
    const dashboardRoute = isDashboardRoute(scope, entry.route, relative(file));
    const seen = new Set<Node>();
    for (const fn of entry.fns) {
      for (const hit of paths.walk(fn, file, entry.crossed).queries) {
        if (!hit.crossed || hit.inPoller || seen.has(hit.node)) continue;
        if (!isDashboardQuery(hit.cost, { kind: entry.kind, dashboardRoute })) continue;
        seen.add(hit.node);
        findings.push({
          ruleId: UNCACHED_ID,
          category: 'cache',
          severity: 'warning',
          message: fillMessage(UNCACHED_QUERY_MESSAGE, {
            entry: entry.label,
            query: describeCost(hit.cost, hit.engine),
            where: where(hit, file),
            via: via(hit.path, file),
            when: ENTRY_FREQUENCY[entry.kind],
          }),
          location: location(entry.report),
          related: [...chain(hit.path), location(hit.node, 'runs the query')],
          fixes: [],
          snippet: entry.report.getText().split('\n')[0] ?? '',
          source: 'analyzer',
        });
      }
    }
    return findings;
  }

  function polling(entry: Entry, file: SourceFile): Finding[] {
    const findings: Finding[] = [];
    const seen = new Set<Node>();
    for (const fn of entry.fns) {
      for (const timer of paths.walk(fn, file, entry.crossed).timers) {
        const at = timer.path[0]?.node ?? timer.node;
        if (seen.has(at)) continue;
        // When the tick also runs a query the rule can see in this file, the rule reports this timer.
        const polled = paths.walk(timer.callback, file, timer.crossed).queries.filter((q) => isPolledQuery(q.cost));
        const tick = polled[0];
        if (!tick || polled.some((q) => !q.crossed)) continue;
        seen.add(at);
        findings.push({
          ruleId: POLLING_ID,
          category: 'cache',
          severity: 'error',
          message: fillMessage(PER_CLIENT_POLLING_MESSAGE, {
            timer: sentenceStart(timer.timer),
            entry: entry.label,
            via: via(timer.path, file),
            query: describeCost(tick.cost, tick.engine),
            where: where(tick, file),
          }),
          location: location(at),
          related: [
            ...chain(timer.path),
            ...(timer.path.length > 0 ? [location(timer.node, `starts ${timer.timer} for each connection`)] : []),
            ...chain(tick.path),
            location(tick.node, 'runs the query'),
          ],
          fixes: [],
          snippet: at.getText().split('\n')[0] ?? '',
          source: 'analyzer',
        });
      }
    }
    return findings;
  }
}

function failure(file: string, error: unknown): AnalyzerOutput['notifications'][number] {
  return {
    level: 'warning',
    kind: 'analyzer-error',
    file,
    message: `dashboard-queries could not follow the calls in this file: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`,
  };
}

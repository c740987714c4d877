/**
 * Cross-file half of the cache category (RULES.md C4): a read entry point whose dashboard query
 * sits in a helper in another module, and a per-connection timer whose tick calls one. The
 * ESLint rules `no-uncached-dashboard-query` and `no-per-client-polling` report what one file
 * shows, and serve editors and untyped runs. In a typed audit this analyzer sees more than the
 * rule can (a cache read in another module guards a same-file query too), so for every entry
 * point and timer it examines it reports the whole set, same-file paths included, and claims
 * the place: the engine drops the rule's findings there, so each pair of entry point and query
 * is reported once and a pair the analyzer knows to be cached is not reported at all. The
 * finding sits at the entry point; the calls that lead to the query are its related locations.
 */
import path from 'node:path';
import type { Node, SourceFile } from 'ts-morph';
import type { Analyzer, AnalyzerContext, AnalyzerOutput, FindingClaim } from '../analyzer.js';
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
      description: 'A read entry point runs a dashboard query, here or in another module, on every invocation with no cache read on the path',
      defaultSeverity: 'warning',
      docsUrl: ruleDocsUrl('no-uncached-dashboard-query'),
      fixable: false,
      hasSuggestions: false,
    },
    {
      id: POLLING_ID,
      category: 'cache',
      description: 'A timer started per connection runs a query, here or in another module, on every tick',
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
  const output: AnalyzerOutput & { claims: FindingClaim[] } = { findings: [], notifications: [], claims: [] };
  const project = context.project;
  if (!project) return output;
  const reportUncached = context.severityOf(UNCACHED_ID) !== 'off';
  const reportPolling = context.severityOf(POLLING_ID) !== 'off';
  if (!reportUncached && !reportPolling) return output;

  const cache = context.config.cache ?? {};
  // The rules' own options (`rules:` in rta.config.yaml) widen what they see; the analyzer, which
  // replaces their findings where it claims them, must see the same.
  const uncachedOptions = ruleOptions(context.config, UNCACHED_ID);
  const pollingOptions = ruleOptions(context.config, POLLING_ID);
  const scope: DashboardScope = {
    helpers: [...(cache.helpers ?? []), ...uncachedOptions.helpers],
    dashboardRoutes: [...(cache.dashboardRoutes ?? []), ...uncachedOptions.dashboardRoutes],
    precomputedTables: [...(cache.precomputedTables ?? []), ...uncachedOptions.precomputedTables, ...pollingOptions.precomputedTables],
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
  const claim = (ruleId: string, node: Node): void => {
    const at = location(node);
    output.claims.push({ ruleId, file: at.file, line: at.region.startLine, column: at.region.startColumn });
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
      if (reportUncached && isReadEntry(entry.kind)) settle(() => uncached(entry, file), file);
      if (reportPolling && isPerConnection(entry.kind)) settle(() => polling(entry, file), file);
    }
  }
  return output;

  /** A check that fails part-way claims nothing, so the rule's findings there still stand. */
  function settle(check: () => Finding[], file: SourceFile): void {
    const claimed = output.claims.length;
    try {
      output.findings.push(...check());
    } catch (error) {
      output.claims.length = claimed;
      output.notifications.push(failure(relative(file), error));
    }
  }

  function uncached(entry: Entry, file: SourceFile): Finding[] {
    const findings: Finding[] = [];
    const dashboardRoute = isDashboardRoute(scope, entry.route, relative(file));
    const seen = new Set<Node>();
    claim(UNCACHED_ID, entry.report);
    for (const fn of entry.fns) {
      for (const hit of paths.walk(fn, file, entry.crossed).queries) {
        if (hit.inPoller || seen.has(hit.node)) continue;
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
        claim(POLLING_ID, at);
        const tick = paths.walk(timer.callback, file, timer.crossed).queries.find((q) => isPolledQuery(q.cost));
        if (!tick) continue;
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

/** `[severity, { helpers, dashboardRoutes, precomputedTables }]` under `rules:`, as lists. */
function ruleOptions(config: AnalyzerContext['config'], ruleId: string): { helpers: string[]; dashboardRoutes: string[]; precomputedTables: string[] } {
  const entry = config.rules?.[ruleId];
  const options: unknown = Array.isArray(entry) ? entry[1] : undefined;
  const list = (key: string): string[] => {
    const value: unknown = typeof options === 'object' && options !== null ? (options as Record<string, unknown>)[key] : undefined;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  };
  return { helpers: list('helpers'), dashboardRoutes: list('dashboardRoutes'), precomputedTables: list('precomputedTables') };
}

function failure(file: string, error: unknown): AnalyzerOutput['notifications'][number] {
  return {
    level: 'warning',
    kind: 'analyzer-error',
    file,
    message: `dashboard-queries could not follow the calls in this file: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`,
  };
}

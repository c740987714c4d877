import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from './support/create-rule.js';
import { ImportTracker } from '../knowledge/tracking/estree.js';
import { typeServices, typedImportedInstance } from '../knowledge/tracking/typed.js';
import {
  ENTRY_FREQUENCY,
  UNCACHED_QUERY_MESSAGE,
  describeCost,
  isDashboardQuery,
  isDashboardRoute,
  isReadEntry,
} from '../knowledge/dashboard.js';
import { DashboardPaths, dashboardScope, describePath, relativeFilename } from './support/dashboard-paths.js';

type Options = [{ helpers?: string[]; dashboardRoutes?: string[]; precomputedTables?: string[] }];
type MessageIds = 'uncached';

const nameList = (description: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description }) as const;

export default createRule<Options, MessageIds>({
  name: 'no-uncached-dashboard-query',
  meta: {
    type: 'suggestion',
    docs: {
      description:
        'Disallow read entry points (GET routes, Next.js handlers, socket handlers) that run a dashboard query on every invocation with no cache read before it',
      category: 'cache',
      recommended: 'warn',
      strict: 'error',
    },
    schema: [
      {
        type: 'object',
        properties: {
          helpers: nameList('Function names that count as a cache read (mirrors `cache.helpers` in rta.config.yaml).'),
          dashboardRoutes: nameList('Globs of route paths or files whose handlers are dashboard reads: any query there counts, not only analytic ones.'),
          precomputedTables: nameList('Tables or materialized views that are cheap to read (pre-aggregated): never reported.'),
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{}],
    messages: {
      uncached: UNCACHED_QUERY_MESSAGE,
    },
  },
  create(context, [options]) {
    const scope = dashboardScope(options, context.settings);
    const tracker = new ImportTracker(context.sourceCode);
    const services = typeServices(context);
    const typed = services && ((node: TSESTree.Node) => typedImportedInstance(services, node, tracker.knowledge));
    const paths = new DashboardPaths(context.sourceCode, tracker, scope, undefined, typed);
    const file = relativeFilename(context);
    return {
      Program(program) {
        for (const entry of paths.entries(program, file)) {
          if (!isReadEntry(entry.kind)) continue;
          const dashboardRoute = isDashboardRoute(scope, entry.route, file);
          const reported = new Set<unknown>();
          for (const fn of entry.fns) {
            for (const hit of paths.walk(fn).queries) {
              // Queries in a self-rescheduling loop are per-client polling, reported by its own rule.
              if (hit.inPoller || reported.has(hit.node)) continue;
              if (!isDashboardQuery(hit.cost, { kind: entry.kind, dashboardRoute })) continue;
              reported.add(hit.node);
              context.report({
                node: entry.report,
                messageId: 'uncached',
                data: {
                  entry: entry.label,
                  query: describeCost(hit.cost, hit.engine),
                  where: `line ${String(hit.node.loc.start.line)}`,
                  via: describePath(hit.path),
                  when: ENTRY_FREQUENCY[entry.kind],
                },
              });
            }
          }
        }
      },
    };
  },
});

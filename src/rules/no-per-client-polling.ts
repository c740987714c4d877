import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from './support/create-rule.js';
import { ImportTracker } from '../knowledge/tracking/estree.js';
import { typeServices, typedImportedInstance } from '../knowledge/tracking/typed.js';
import { PER_CLIENT_POLLING_MESSAGE, describeCost, isPerConnection, isPolledQuery, sentenceStart } from '../knowledge/dashboard.js';
import { DashboardPaths, dashboardScope, describePath, relativeFilename } from './support/dashboard-paths.js';

type Options = [{ precomputedTables?: string[] }];
type MessageIds = 'perClientPolling';

export default createRule<Options, MessageIds>({
  name: 'no-per-client-polling',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow a `setInterval` (or self-rescheduling `setTimeout`) started per connection (ws, socket.io, SSE) whose tick runs a database query',
      category: 'cache',
      recommended: 'error',
      strict: 'error',
    },
    schema: [
      {
        type: 'object',
        properties: {
          precomputedTables: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Tables or materialized views that are cheap to read: polling them is not reported.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{}],
    messages: {
      perClientPolling: PER_CLIENT_POLLING_MESSAGE,
    },
  },
  create(context, [options]) {
    const scope = dashboardScope({ precomputedTables: options.precomputedTables ?? [] }, context.settings);
    const tracker = new ImportTracker(context.sourceCode);
    const services = typeServices(context);
    const typed = services && ((node: TSESTree.Node) => typedImportedInstance(services, node, tracker.knowledge));
    const paths = new DashboardPaths(context.sourceCode, tracker, scope, undefined, typed);
    const file = relativeFilename(context);
    return {
      Program(program) {
        const reported = new Set<TSESTree.Node>();
        for (const entry of paths.entries(program, file)) {
          if (!isPerConnection(entry.kind)) continue;
          for (const fn of entry.fns) {
            for (const timer of paths.walk(fn).timers) {
              // The call in the handler that leads to the timer: one loop per connection starts there.
              const at = timer.path[0]?.node ?? timer.node;
              if (reported.has(at)) continue;
              const tick = paths.walk(timer.callback).queries.find((q) => isPolledQuery(q.cost));
              if (!tick) continue;
              reported.add(at);
              context.report({
                node: at,
                messageId: 'perClientPolling',
                data: {
                  timer: sentenceStart(timer.timer),
                  entry: entry.label,
                  via: describePath(timer.path),
                  query: describeCost(tick.cost, tick.engine),
                  where: `line ${String(tick.node.loc.start.line)}`,
                },
              });
            }
          }
        }
      },
    };
  },
});

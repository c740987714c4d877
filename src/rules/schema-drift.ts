import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from './support/create-rule.js';
import { eslintLoc, schemaEnvironment } from './support/schema.js';
import { compareRecords } from '../schema/compare.js';

type Options = [{ configFile?: string; includeNotes?: boolean }];
type MessageIds = 'drift';

/**
 * The editor surface of schema drift: while a TS side of a pair is being edited (an interface,
 * type, class or zod schema named in `schemas:` or tagged `@rtaSchema`), the other side is read
 * from disk and the comparison of the `rta/schema-drift` analyzer runs on the buffer. The audit
 * engine turns this rule off and lets the analyzer report, so the CLI reports each drift once.
 */
export default createRule<Options, MessageIds>({
  name: 'schema-drift',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow drift between a stream schema and its batch table or model: missing fields, incompatible types, nullability, enum values, nested records, near-miss names',
      category: 'schema-drift',
      recommended: 'warn',
      strict: 'error',
      requiresTypeChecking: true,
    },
    schema: [
      {
        type: 'object',
        properties: {
          configFile: {
            type: 'string',
            description: 'rta.config.yaml to read instead of the one found from the file’s folder upward.',
          },
          includeNotes: {
            type: 'boolean',
            description: 'Also report note-level drift (a batch enum value the stream never sends).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ includeNotes: false }],
    messages: {
      drift: '{{message}}',
    },
  },
  create(context, [options]) {
    return {
      'Program:exit'(program: TSESTree.Program) {
        const env = schemaEnvironment(context, options.configFile);
        if (!env) return;
        const reported = new Set<string>();
        for (const pair of env.pairs()) {
          // Only pairs with a side in this file, and both sides declared (a topic's sends are the analyzer's).
          const here = pair.stream?.file === env.file ? 'stream' : pair.batch?.file === env.file ? 'batch' : undefined;
          if (!here || !pair.stream || !pair.batch) continue;
          const stream = env.read(pair.stream);
          const batch = env.read(pair.batch);
          if (!stream || !batch) continue;
          const local = here === 'stream' ? stream : batch;
          for (const drift of compareRecords(stream, batch, { ...pair.options, display: (f) => env.display(f) })) {
            if (drift.severity === 'note' && options.includeNotes !== true) continue;
            // Drift located on the other side (a required column this type lacks) is shown at the declaration.
            const region = drift.primary.file === env.file ? drift.primary.region : local.location.file === env.file ? local.location.region : undefined;
            if (!region) continue;
            const key = `${String(region.startLine)}:${String(region.startColumn)}:${drift.message}`;
            if (reported.has(key)) continue;
            reported.add(key);
            context.report({ node: program, loc: eslintLoc(region), messageId: 'drift', data: { message: drift.message } });
          }
        }
      },
    };
  },
});

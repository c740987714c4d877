import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from './support/create-rule.js';
import { librarySpecifiers, skipsFile } from './support/precheck.js';
import { ImportTracker, isFunctionNode, staticMemberName, stringValue, unwrap, type LibraryValue } from '../knowledge/tracking/estree.js';
import { typeServices } from '../knowledge/tracking/typed.js';
import { KAFKA_NUMERIC_STRINGS } from '../knowledge/libraries/kafka.js';
import { MetricResolver, metricArguments, singleInit } from './support/metrics.js';

type MessageIds = 'stringValue';

const MAX_DEPTH = 6;

function propertyKey(property: TSESTree.Property): string | undefined {
  return property.computed ? stringValue(property.key) : property.key.type === 'Identifier' ? property.key.name : stringValue(property.key);
}

export default createRule<[], MessageIds>({
  name: 'require-consumer-lag-metric',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require every Kafka consumer group to be measured for lag or freshness, and lag values from kafkajs to be converted to numbers before they are recorded',
      category: 'sla-metrics',
      recommended: 'error',
      strict: 'error',
    },
    fixable: 'code',
    schema: [],
    messages: {
      stringValue:
        "kafkajs reports `{{field}}` as a string (it computes offsets as 64-bit Longs): {{consequence}}, and kafkajs swallows errors thrown in its listeners, so this lag metric silently never records anything. Convert it: `Number({{text}})`.",
    },
  },
  create(context) {
    // Untyped, a consumer is known only through a Kafka client import of this file.
    if (skipsFile(context, { specifiers: librarySpecifiers('kafka'), usesTypes: true })) return {};
    const tracker = new ImportTracker(context.sourceCode);
    const resolver = new MetricResolver(tracker, typeServices(context));

    /** The kafkajs field a value comes from when kafkajs hands it over as a string. */
    function numericString(input: TSESTree.Node, depth = 0): string | undefined {
      if (depth > MAX_DEPTH) return undefined;
      const node = unwrap(input);
      if (node.type === 'MemberExpression') {
        const name = staticMemberName(node);
        const owner = tracker.instanceType(node.object);
        if (name !== undefined && owner !== undefined && KAFKA_NUMERIC_STRINGS[owner]?.properties?.includes(name)) return name;
        return undefined;
      }
      if (node.type === 'CallExpression' && node.arguments.length === 0) {
        const callee = unwrap(node.callee);
        if (callee.type !== 'MemberExpression') return undefined;
        const name = staticMemberName(callee);
        const owner = tracker.instanceType(callee.object);
        if (name !== undefined && owner !== undefined && KAFKA_NUMERIC_STRINGS[owner]?.methods?.includes(name)) return `${name}()`;
        return undefined;
      }
      if (node.type === 'Identifier') {
        const init = singleInit(tracker, node, true);
        return init ? numericString(init, depth + 1) : destructuredField(node);
      }
      return undefined;
    }

    /**
     * A kafkajs string field bound by destructuring: `({ payload: { offsetLag } }) => …`,
     * `const { offsetLag } = e.payload`.
     */
    function destructuredField(id: TSESTree.Identifier): string | undefined {
      const variable = tracker.variableOf(id);
      const def = variable?.defs[0];
      if (!variable || !def || (def.type !== 'Variable' && def.type !== 'Parameter') || variable.references.filter((r) => r.isWrite()).length > 1) return undefined;
      const binding: TSESTree.Node = def.name.parent.type === 'AssignmentPattern' && def.name.parent.left === def.name ? def.name.parent : def.name;
      const property = binding.parent;
      if (property.type !== 'Property' || property.value !== binding || property.parent.type !== 'ObjectPattern') return undefined;
      const key = propertyKey(property);
      const owner = key === undefined ? undefined : patternValue(property.parent, 0);
      return owner?.kind === 'instance' && key !== undefined && KAFKA_NUMERIC_STRINGS[owner.type]?.properties?.includes(key) ? key : undefined;
    }

    /** What a destructuring pattern takes apart: a variable's initialiser, an outer pattern's property, or a handler's parameter. */
    function patternValue(pattern: TSESTree.ObjectPattern, depth: number): LibraryValue | undefined {
      if (depth > MAX_DEPTH) return undefined;
      const node: TSESTree.Node = pattern.parent.type === 'AssignmentPattern' && pattern.parent.left === pattern ? pattern.parent : pattern;
      const parent = node.parent;
      if (parent.type === 'VariableDeclarator' && parent.id === pattern && parent.init && parent.parent.parent.type !== 'ForOfStatement') return tracker.resolve(parent.init);
      if (parent.type === 'Property' && parent.value === node && parent.parent.type === 'ObjectPattern') {
        const key = propertyKey(parent);
        const outer = key === undefined ? undefined : patternValue(parent.parent, depth + 1);
        return outer && key !== undefined ? tracker.property(outer, key) : undefined;
      }
      if (isFunctionNode(parent)) {
        const index = parent.params.indexOf(node);
        const type = index < 0 ? undefined : tracker.handlerOf(parent)?.def?.params[index];
        return type ? { kind: 'instance', type } : undefined;
      }
      return undefined;
    }

    return {
      CallExpression(call) {
        const found = resolver.metricCall(call);
        if (!found || found.def.measures === 'select' || found.metric.instrument === 'statsd') return;
        const value = metricArguments(call, found.def).value;
        if (!value) return;
        const field = numericString(value);
        if (field === undefined) return;
        const text = context.sourceCode.getText(value);
        const consequence =
          found.def.args === 'value-then-attributes'
            ? `OpenTelemetry instruments drop values that are not numbers from \`${found.method ?? 'record'}()\``
            : `prom-client's \`${found.method ?? 'set'}()\` throws a TypeError on it`;
        context.report({
          node: value,
          messageId: 'stringValue',
          data: { field, consequence, text },
          fix: (fixer) => fixer.replaceText(value, `Number(${text})`),
        });
      },
    };
  },
});

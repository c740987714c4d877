import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from './support/create-rule.js';
import { ImportTracker, unwrap } from '../knowledge/tracking/estree.js';
import { typeServices } from '../knowledge/tracking/typed.js';
import { MILLIS_SUFFIXES, MILLISECOND_SHAPED_BOUNDARIES, SECONDS_SUFFIXES } from '../knowledge/libraries/metrics.js';
import {
  MetricResolver,
  bucketShape,
  isImportedBinding,
  metricArguments,
  metricUnit,
  timeValue,
  type MetricInfo,
  type TimeUnit,
} from './support/metrics.js';

type Options = [{ secondsSuffixes?: string[]; millisSuffixes?: string[] }];
type MessageIds =
  | 'millisIntoSeconds'
  | 'secondsIntoMillis'
  | 'timerIntoMillis'
  | 'millisBuckets'
  | 'secondsBuckets'
  | 'defaultBucketsMillis'
  | 'statsdSeconds'
  | 'divideBy1000'
  | 'multiplyBy1000';

export default createRule<Options, MessageIds>({
  name: 'metric-unit-mismatch',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow recording milliseconds into seconds metrics (and the reverse), bucket lists whose magnitudes contradict the unit, and StatsD timers fed seconds',
      category: 'sla-metrics',
      recommended: 'error',
      strict: 'error',
    },
    fixable: 'code',
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          secondsSuffixes: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description: 'Metric name endings that mean seconds (default `_seconds`).',
          },
          millisSuffixes: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description: 'Metric name endings that mean milliseconds (default `_ms`, `_milliseconds`).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ secondsSuffixes: [...SECONDS_SUFFIXES], millisSuffixes: [...MILLIS_SUFFIXES] }],
    messages: {
      millisIntoSeconds:
        '{{metric}} is in seconds, but {{how}} is milliseconds: every sample is recorded 1000× too large, lands in the top buckets (or +Inf), and its quantiles and SLA alerts stop meaning anything.',
      secondsIntoMillis:
        '{{metric}} is in milliseconds, but {{how}} is seconds: every sample is recorded 1000× too small, falls into the lowest bucket, and latency looks fine whatever it really is.',
      timerIntoMillis:
        "{{metric}} is in milliseconds, but `startTimer()` observes seconds: every sample is 1000× too small and the histogram reports near-zero latency. Time it with `Date.now()` differences, or rename it to `_seconds` with seconds buckets.",
      millisBuckets:
        '{{metric}} is in seconds, but its buckets ({{buckets}}) are millisecond-shaped: with seconds values every observation lands in the first bucket and quantiles cannot be computed.',
      secondsBuckets:
        '{{metric}} is in milliseconds, but its buckets ({{buckets}}) are seconds-shaped: almost every observation lands in +Inf and quantiles are meaningless.',
      defaultBucketsMillis:
        "{{metric}} is in milliseconds but has no `buckets`, so prom-client's seconds-shaped defaults (0.005 … 10) apply: almost every observation lands in +Inf. Give millisecond buckets.",
      statsdSeconds:
        "StatsD `{{method}}()` expects milliseconds, but {{how}} is seconds: every sample is recorded 1000× too small.",
      divideBy1000: 'Convert to seconds: `{{fixed}}`.',
      multiplyBy1000: 'Convert to milliseconds: `{{fixed}}`.',
    },
  },
  create(context, [options]) {
    const tracker = new ImportTracker(context.sourceCode);
    const resolver = new MetricResolver(tracker, typeServices(context));
    const secondsSuffixes = options.secondsSuffixes ?? SECONDS_SUFFIXES;
    const millisSuffixes = options.millisSuffixes ?? MILLIS_SUFFIXES;
    const sourceCode = context.sourceCode;

    const describe = (info: MetricInfo | undefined): string => (info?.name !== undefined ? `\`${info.name}\`` : 'This metric');
    const unitOf = (info: MetricInfo | undefined): TimeUnit | undefined => (info ? metricUnit(info, secondsSuffixes, millisSuffixes) : undefined);

    function checkRecord(call: TSESTree.CallExpression): void {
      const found = resolver.metricCall(call);
      if (!found || found.def.measures === 'select') return;
      const { def, metric, receiver, method } = found;

      if (metric.instrument === 'statsd') {
        if (def.unit !== 'milliseconds') return;
        const value = metricArguments(call, def).value;
        const time = value ? timeValue(value, tracker) : undefined;
        if (value && time?.unit === 'seconds') {
          context.report({
            node: value,
            messageId: 'statsdSeconds',
            data: { method: method ?? 'timing', how: time.how },
            suggest: [multiplySuggestion(value, sourceCode)],
          });
        }
        return;
      }
      if (!receiver) return;
      const info = resolver.definitionOf(receiver);
      const unit = unitOf(info);
      if (unit === undefined) return;
      if (def.records === 'seconds' && unit === 'milliseconds') {
        context.report({ node: call, messageId: 'timerIntoMillis', data: { metric: describe(info) } });
        return;
      }
      const value = metricArguments(call, def).value;
      if (!value) return;
      const time = timeValue(value, tracker);
      if (!time || time.unit === unit) return;
      if (unit === 'seconds') {
        const text = sourceCode.getText(value);
        const fixed = `${time.directClockDifference ? `(${text})` : parenthesize(value, text)} / 1000`;
        context.report({
          node: value,
          messageId: 'millisIntoSeconds',
          data: { metric: describe(info), how: time.how },
          // Only `Date.now() - t` written in the call is certainly milliseconds here and nowhere else.
          ...(time.directClockDifference
            ? { fix: (fixer: TSESLint.RuleFixer) => fixer.replaceText(value, fixed) }
            : { suggest: [{ messageId: 'divideBy1000' as const, data: { fixed }, fix: (fixer: TSESLint.RuleFixer) => fixer.replaceText(value, fixed) }] }),
        });
      } else {
        context.report({
          node: value,
          messageId: 'secondsIntoMillis',
          data: { metric: describe(info), how: time.how },
          suggest: [multiplySuggestion(value, sourceCode)],
        });
      }
    }

    function checkDefinition(node: TSESTree.NewExpression | TSESTree.CallExpression): void {
      // Renamed imports (`import { Histogram as H }`) keep their own name only at the import.
      if (!MetricResolver.mayDefine(node) && !isImportedBinding(tracker, node.callee.type === 'Identifier' ? node.callee : undefined)) return;
      if (!isDefinitionCall(node, tracker)) return;
      const info = resolver.definitionOf(node);
      if (!info || info.metric.instrument !== 'histogram' || !info.buckets) return;
      const unit = unitOf(info);
      if (unit === undefined) return;
      const { values, defaulted, node: bucketsNode } = info.buckets;
      if (!values) return;
      if (defaulted) {
        // The OpenTelemetry defaults depend on SDK views configured elsewhere: the project analyzer decides.
        if (unit === 'milliseconds' && bucketShape(values, MILLISECOND_SHAPED_BOUNDARIES) === 'seconds' && info.metric.definition?.name === 'option') {
          context.report({ node: node.callee, messageId: 'defaultBucketsMillis', data: { metric: describe(info) } });
        }
        return;
      }
      const shape = bucketShape(values, MILLISECOND_SHAPED_BOUNDARIES);
      if (shape === undefined || shape === unit || !bucketsNode) return;
      context.report({
        node: bucketsNode,
        messageId: unit === 'seconds' ? 'millisBuckets' : 'secondsBuckets',
        data: { metric: describe(info), buckets: bucketList(values) },
      });
    }

    return {
      CallExpression(call) {
        checkRecord(call);
        checkDefinition(call);
      },
      NewExpression(node) {
        checkDefinition(node);
      },
    };
  },
});

/** A constructor or factory call that creates a metric, not a method returning one (`h.labels(...)`). */
function isDefinitionCall(node: TSESTree.NewExpression | TSESTree.CallExpression, tracker: ImportTracker): boolean {
  const callee = tracker.resolve(node.callee);
  if (callee?.kind !== 'member') return false;
  const produced = node.type === 'NewExpression' ? tracker.knowledge.member(callee.owner, 'classes', callee.name) : tracker.knowledge.member(callee.owner, 'methods', callee.name);
  return produced !== undefined && tracker.knowledge.metric(produced)?.definition !== undefined && tracker.knowledge.metric(callee.owner) === undefined;
}

function multiplySuggestion(value: TSESTree.Expression, sourceCode: Readonly<TSESLint.SourceCode>) {
  const node = unwrap(value);
  // `x / 1000` back to `x`; anything else times 1000.
  let fixed: string;
  if (node.type === 'BinaryExpression' && node.operator === '/' && node.right.type === 'Literal' && node.right.value === 1000) {
    fixed = sourceCode.getText(node.left);
  } else {
    fixed = `${parenthesize(value, sourceCode.getText(value))} * 1000`;
  }
  return {
    messageId: 'multiplyBy1000' as const,
    data: { fixed },
    fix: (fixer: TSESLint.RuleFixer) => fixer.replaceText(value, fixed),
  };
}

/** The text, in parentheses unless it is already a single operand. */
function parenthesize(node: TSESTree.Node, text: string): string {
  const n = unwrap(node);
  const atomic = n.type === 'Identifier' || n.type === 'CallExpression' || n.type === 'MemberExpression' || n.type === 'Literal';
  return atomic && node.type !== 'TSAsExpression' ? text : `(${text})`;
}

function bucketList(values: readonly number[]): string {
  const shown = values.slice(0, 6).map((v) => String(v));
  return `[${shown.join(', ')}${values.length > 6 ? ', …' : ''}]`;
}

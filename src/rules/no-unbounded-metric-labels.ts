import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from './support/create-rule.js';
import { ImportTracker, isFunctionNode, staticMemberName, stringValue, unwrap } from '../knowledge/tracking/estree.js';
import { typeServices } from '../knowledge/tracking/typed.js';
import { MetricResolver, metricArguments } from './support/metrics.js';
import { configList } from './support/settings.js';

type Options = [{ unboundedLabelNames?: string[]; labelNormalizers?: string[] }];
type MessageIds = 'unboundedLabel' | 'useRouteTemplate';

/** Names of fields that identify one entity among unboundedly many. */
const ID_LIKE = /^(id|uuid|guid|email|ip|address|hash|token|sessionid|userid|traceid|requestid)$|(Id|ID|_id|Uuid|_uuid|Email|_email|Address|_address|Hash|_hash|Token|_token)$/;
/** Identifier-like names that are bounded by the deployment's topology, not by traffic. */
const TOPOLOGY_IDS: ReadonlySet<string> = new Set(['partitionId', 'workerId', 'shardId', 'regionId', 'clusterId', 'nodeId', 'instanceId', 'brokerId', 'groupId', 'clientId']);
/** Request fields that hold the raw URL, with its ids and query string. */
const RAW_URL_FIELDS: ReadonlySet<string> = new Set(['url', 'originalUrl', 'path']);
/** Error fields whose text varies with each failure. */
const ERROR_TEXT_FIELDS: ReadonlySet<string> = new Set(['message', 'stack']);
/** Calls whose result is as unbounded as their receiver or first argument. */
const PASS_THROUGH_CALLS: ReadonlySet<string> = new Set(['String', 'toString', 'toLowerCase', 'toUpperCase', 'trim', 'encodeURIComponent', 'JSON.stringify']);

const MAX_DEPTH = 8;

interface Source {
  what: string;
  /** The express request whose raw URL this is, for the route-template suggestion. */
  request?: TSESTree.Node;
}

export default createRule<Options, MessageIds>({
  name: 'no-unbounded-metric-labels',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow metric label, attribute and tag values taken from unbounded data: ids, raw URLs, message keys, error messages',
      category: 'sla-metrics',
      recommended: 'warn',
      strict: 'error',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          unboundedLabelNames: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description: 'Label names whose values count as unbounded unless written as literals or normalised (also `metrics.unboundedLabelNames`).',
          },
          labelNormalizers: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description: 'Functions that map a value onto a bounded set (also `metrics.labelNormalizers`).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ unboundedLabelNames: [], labelNormalizers: [] }],
    messages: {
      unboundedLabel:
        'Label `{{label}}` takes its value from {{source}}: every distinct value creates a new time series that the client keeps in memory forever and Prometheus stores separately, so memory and cardinality grow with traffic until the process or the TSDB falls over. Use a bounded value (a route template, a status, a category) or normalise it.',
      useRouteTemplate: "Label by the route template instead: `{{fixed}}`.",
    },
  },
  create(context, [options]) {
    const tracker = new ImportTracker(context.sourceCode);
    const services = typeServices(context);
    const resolver = new MetricResolver(tracker, services);
    const unboundedNames = new Set([...(options.unboundedLabelNames ?? []), ...configList(context.settings, 'metrics', 'unboundedLabelNames')]);
    const normalizers = new Set([...(options.labelNormalizers ?? []), ...configList(context.settings, 'metrics', 'labelNormalizers')]);

    function calleeName(call: TSESTree.CallExpression): string | undefined {
      const callee = unwrap(call.callee);
      if (callee.type === 'Identifier') return callee.name;
      if (callee.type === 'MemberExpression') {
        const name = staticMemberName(callee);
        const object = unwrap(callee.object);
        if (name !== undefined && object.type === 'Identifier' && object.name === 'JSON') return `JSON.${name}`;
        return name;
      }
      return undefined;
    }

    /** Where an unbounded label value comes from, or undefined when it is (or may be) bounded. */
    function unboundedSource(input: TSESTree.Node, depth = 0): Source | undefined {
      if (depth > MAX_DEPTH) return undefined;
      const node = unwrap(input);
      if (services && boundedByType(services, node)) return undefined;
      switch (node.type) {
        case 'MemberExpression':
          return memberSource(node, depth);
        case 'Identifier':
          return identifierSource(node, depth);
        case 'CallExpression': {
          const name = calleeName(node);
          if (name !== undefined && normalizers.has(name)) return undefined;
          if (name === undefined || !PASS_THROUGH_CALLS.has(name)) return undefined;
          const callee = unwrap(node.callee);
          const target = callee.type === 'MemberExpression' && name !== 'JSON.stringify' ? callee.object : node.arguments[0];
          const found = target && target.type !== 'SpreadElement' ? unboundedSource(target, depth + 1) : undefined;
          return found && { what: found.what };
        }
        case 'TemplateLiteral':
          for (const expr of node.expressions) {
            const found = unboundedSource(expr, depth + 1);
            if (found) return { what: found.what };
          }
          return undefined;
        case 'BinaryExpression':
          if (node.operator !== '+') return undefined;
          return unboundedSource(node.left, depth + 1) ?? unboundedSource(node.right, depth + 1);
        case 'ConditionalExpression':
          return unboundedSource(node.consequent, depth + 1) ?? unboundedSource(node.alternate, depth + 1);
        case 'LogicalExpression':
          return unboundedSource(node.left, depth + 1) ?? unboundedSource(node.right, depth + 1);
        default:
          return undefined;
      }
    }

    function memberSource(node: TSESTree.MemberExpression, depth: number): Source | undefined {
      const name = staticMemberName(node);
      const object = unwrap(node.object);
      // `message.key`, and the key's own methods (`message.key?.toString()` goes through the call).
      if (tracker.hasRole(node, 'message-key')) return { what: 'the Kafka message key' };
      if (name === undefined) {
        // `message.headers[name]`, `req.headers[name]` with a computed name.
        return object.type === 'MemberExpression' && staticMemberName(object) === 'headers' && isRequestOrMessage(object.object)
          ? { what: 'a header value' }
          : undefined;
      }
      if (isRequestOrMessage(object)) {
        if (name === 'offset' && tracker.hasRole(object, 'kafka-message')) return { what: 'the message offset' };
        if (RAW_URL_FIELDS.has(name) && isRequest(object)) {
          return { what: `the raw request URL (\`${name}\`, with ids and query strings)`, ...(isExpressRequest(object) ? { request: object } : {}) };
        }
        if (name === 'ip') return { what: 'the client address' };
      }
      if (object.type === 'MemberExpression' && staticMemberName(object) === 'headers' && isRequestOrMessage(object.object)) {
        return { what: `the \`${name}\` header` };
      }
      if (ERROR_TEXT_FIELDS.has(name) && isError(object)) return { what: `the error's ${name === 'stack' ? 'stack trace' : 'message text'}` };
      if (isIdLike(name) && isRuntimeData(object, depth + 1)) return { what: `\`${name}\`, an identifier from the data` };
      return undefined;
    }

    function identifierSource(node: TSESTree.Identifier, depth: number): Source | undefined {
      const variable = tracker.variableOf(node);
      if (!variable) return undefined;
      if (variable.defs.some((d) => d.type === 'CatchClause') || isErrorParameter(node)) return { what: 'an error object turned into text' };
      const writes = variable.references.filter((r) => r.isWrite());
      for (const def of variable.defs) {
        if (def.type === 'Parameter' && isIdLike(node.name)) return { what: `\`${node.name}\`, an identifier from the data` };
        if (def.type !== 'Variable' || writes.length > 1) continue;
        const declarator = def.node;
        if (declarator.id.type === 'Identifier' && declarator.init) return unboundedSource(declarator.init, depth + 1);
        // `const { userId } = event`: the field of the destructured value.
        if (declarator.id.type === 'ObjectPattern' && declarator.init && isIdLike(propertyKeyOf(declarator.id, node.name) ?? '')) {
          if (isRuntimeData(declarator.init, depth + 1)) return { what: `\`${node.name}\`, an identifier from the data` };
        }
      }
      return undefined;
    }

    function isIdLike(name: string): boolean {
      return ID_LIKE.test(name) && !TOPOLOGY_IDS.has(name);
    }

    function isRequest(node: TSESTree.Node): boolean {
      if (tracker.hasRole(node, 'http-request')) return true;
      return services !== undefined && hasProperties(services, node, ['method', 'headers', 'url']);
    }

    function isExpressRequest(node: TSESTree.Node): boolean {
      const type = tracker.instanceType(node);
      if (type !== undefined) return tracker.knowledge.hasRole(type, 'http-request') && type.startsWith('express.');
      return services !== undefined && hasProperties(services, node, ['originalUrl', 'route', 'baseUrl']);
    }

    function isRequestOrMessage(node: TSESTree.Node): boolean {
      return isRequest(node) || tracker.hasRole(node, 'kafka-message');
    }

    function isError(node: TSESTree.Node): boolean {
      const n = unwrap(node);
      if (n.type === 'Identifier') {
        const variable = tracker.variableOf(n);
        if (variable?.defs.some((d) => d.type === 'CatchClause') || isErrorParameter(n)) return true;
      }
      return services !== undefined && hasProperties(services, n, ['message', 'stack', 'name']);
    }

    /** A parameter of a `.catch(fn)` callback or of an `'error'` listener. */
    function isErrorParameter(id: TSESTree.Identifier): boolean {
      const variable = tracker.variableOf(id);
      const def = variable?.defs.find((d) => d.type === 'Parameter');
      if (!def) return false;
      const fn = def.node;
      if (!isFunctionNode(fn) || fn.params[0]?.type !== 'Identifier' || fn.params[0].name !== id.name) return false;
      const call = fn.parent;
      if (call.type !== 'CallExpression') return false;
      const callee = unwrap(call.callee);
      if (callee.type !== 'MemberExpression') return false;
      const method = staticMemberName(callee);
      return method === 'catch' || ((method === 'on' || method === 'once') && stringValue(call.arguments[0]) === 'error');
    }

    /** Values that arrive with each message or request: parameters, and what is derived from them. */
    function isRuntimeData(input: TSESTree.Node, depth: number): boolean {
      if (depth > MAX_DEPTH) return false;
      const node = unwrap(input);
      switch (node.type) {
        case 'Identifier': {
          const variable = tracker.variableOf(node);
          if (!variable) return false;
          for (const def of variable.defs) {
            if (def.type === 'Parameter' || def.type === 'CatchClause') return true;
            if (def.type === 'Variable' && def.node.init) return isRuntimeData(def.node.init, depth + 1);
          }
          return false;
        }
        case 'MemberExpression':
          return isRuntimeData(node.object, depth + 1);
        case 'AwaitExpression':
          return isRuntimeData(node.argument, depth + 1);
        case 'CallExpression': {
          const callee = unwrap(node.callee);
          if (callee.type === 'MemberExpression' && isRuntimeData(callee.object, depth + 1)) return true;
          return node.arguments.some((a) => a.type !== 'SpreadElement' && isRuntimeData(a, depth + 1));
        }
        case 'ConditionalExpression':
          return isRuntimeData(node.consequent, depth + 1) || isRuntimeData(node.alternate, depth + 1);
        case 'LogicalExpression':
          return isRuntimeData(node.left, depth + 1) || isRuntimeData(node.right, depth + 1);
        default:
          return false;
      }
    }

    /** Literals and normalised values are bounded whatever the label is called. */
    function isBoundedExpression(input: TSESTree.Node): boolean {
      const node = unwrap(input);
      if (node.type === 'Literal' || (node.type === 'TemplateLiteral' && node.expressions.length === 0)) return true;
      if (node.type === 'CallExpression') {
        const name = calleeName(node);
        return name !== undefined && normalizers.has(name);
      }
      return false;
    }

    function report(label: string, value: TSESTree.Node, source: Source): void {
      const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
      if (source.request && unwrap(value).type === 'MemberExpression') {
        const fixed = `${context.sourceCode.getText(source.request)}.route?.path ?? 'unmatched'`;
        suggest.push({ messageId: 'useRouteTemplate', data: { fixed }, fix: (fixer) => fixer.replaceText(value, fixed) });
      }
      context.report({ node: value, messageId: 'unboundedLabel', data: { label, source: source.what }, suggest });
    }

    function checkLabel(label: string, value: TSESTree.Node): void {
      const source = unboundedSource(value);
      if (source) {
        report(label, value, source);
        return;
      }
      if (unboundedNames.has(label) && !isBoundedExpression(value) && !(services && boundedByType(services, unwrap(value)))) {
        report(label, value, { what: `a value of \`${label}\`, which the configuration lists as unbounded` });
      }
    }

    function checkLabelsArgument(arg: TSESTree.Expression, positionalIndex: number | undefined): void {
      const node = unwrap(arg);
      if (node.type === 'ObjectExpression') {
        for (const prop of node.properties) {
          if (prop.type !== 'Property') continue;
          const key = prop.computed ? stringValue(prop.key) : prop.key.type === 'Identifier' ? prop.key.name : stringValue(prop.key);
          if (key !== undefined) checkLabel(key, prop.value);
        }
        return;
      }
      if (node.type === 'ArrayExpression') {
        // StatsD tags: 'name:value' strings.
        for (const element of node.elements) {
          if (!element || element.type === 'SpreadElement') continue;
          checkLabel(tagName(element) ?? 'tag', element);
        }
        return;
      }
      if (positionalIndex !== undefined) checkLabel(`#${String(positionalIndex + 1)}`, node);
    }

    return {
      CallExpression(call) {
        const found = resolver.metricCall(call);
        if (!found) return;
        const { labels, positional } = metricArguments(call, found.def);
        labels.forEach((arg, i) => {
          checkLabelsArgument(arg, positional ? i : undefined);
        });
      },
    };
  },
});

/** The tag name of a `'name:value'` StatsD tag written as a template or a concatenation. */
function tagName(element: TSESTree.Node): string | undefined {
  const node = unwrap(element);
  const head = node.type === 'TemplateLiteral' ? node.quasis[0]?.value.cooked : node.type === 'BinaryExpression' ? stringValue(node.left) : stringValue(node);
  const colon = head?.indexOf(':') ?? -1;
  return head != null && colon > 0 ? head.slice(0, colon) : undefined;
}

function propertyKeyOf(pattern: TSESTree.ObjectPattern, binding: string): string | undefined {
  for (const prop of pattern.properties) {
    if (prop.type !== 'Property') continue;
    const value = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
    if (value.type === 'Identifier' && value.name === binding) {
      return prop.key.type === 'Identifier' ? prop.key.name : stringValue(prop.key);
    }
  }
  return undefined;
}

/** Values whose type is a literal, a union of literals, a boolean or an enum: a fixed set. */
function boundedByType(services: ParserServicesWithTypeInformation, node: TSESTree.Node): boolean {
  const checker = services.program.getTypeChecker();
  const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((part) => part.isLiteral() || checker.typeToString(part) === 'boolean' || checker.typeToString(part) === 'true' || checker.typeToString(part) === 'false' || checker.typeToString(part) === 'undefined');
}

function hasProperties(services: ParserServicesWithTypeInformation, node: TSESTree.Node, names: readonly string[]): boolean {
  const checker = services.program.getTypeChecker();
  const type = checker.getNonNullableType(checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node)));
  const printed = checker.typeToString(type);
  if (printed === 'any' || printed === 'unknown' || printed === 'error') return false;
  return names.every((n) => type.getProperty(n) !== undefined);
}

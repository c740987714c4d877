import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from './support/create-rule.js';
import {
  ImportTracker,
  isFunctionNode,
  returnStatements,
  staticMemberName,
  stringValue,
  unwrap,
  type FunctionNode,
  type HandlerInfo,
} from '../knowledge/tracking/estree.js';
import { typeServices, typedCollection } from '../knowledge/tracking/typed.js';
import type { Role, TypeId } from '../knowledge/model.js';
import { KAFKA_CONSUMER_GROUPS, kafkaLibrary, type ConsumerGroupDef } from '../knowledge/libraries/kafka.js';
import { rxjsLibrary } from '../knowledge/libraries/rxjs.js';
import {
  ARRAY_AGGREGATE_METHODS,
  DATE_ONLY_METHODS,
  DATE_STATIC_TIME_METHODS,
  DATE_STRING_METHODS,
  DATE_ZEROING_SETTERS,
  ELEMENT_MUTATING_METHODS,
  ENTITY_ID_FIELD_PATTERN,
  ISO_STRING_LENGTH,
  MATH_ROUNDING_FUNCTIONS,
  MERGING_SQL_PATTERNS,
  MERGING_UPDATE_OPERATORS,
  MERGING_WRITE_METHODS,
  MESSAGE_KEY_FIELD_NAMES,
  RXJS_AGGREGATE_OPERATORS,
  RXJS_KEYED_GROUPING,
  RXJS_SELECTING_OPERATORS,
  RXJS_TIME_WINDOWS,
  SIZE_PROPERTIES,
  STRING_PREFIX_METHODS,
  TIMESTAMP_FIELD_PATTERN,
  DURATION_FIELD_PATTERN,
} from '../knowledge/windows.js';
import { walk } from './support/walk.js';
import { configList, configListMap } from './support/settings.js';

type PartitionKeys = string[] | Record<string, string[]>;
export type Options = [{ partitionKeys?: PartitionKeys; mergingSinks?: string[] }];
export type MessageIds = 'partialWindow' | 'partialRxWindow';

/** A consumer that shares its topics' partitions with the other members of a group. */
interface Group {
  /** The group id when the code spells it out. */
  name: string | undefined;
  /** The subscribed topics when the code spells them out (for topic-scoped partition keys). */
  topics: readonly string[] | undefined;
}

/** A parameter of a followed function, bound to the argument of the call being followed. */
interface Binding {
  node: TSESTree.Node;
  env: Env;
  /** For a destructured parameter (`({ message }) => …`): the property of the argument it takes. */
  path?: readonly string[];
}
type Env = ReadonlyMap<TSESLint.Scope.Variable, Binding>;
const EMPTY_ENV: Env = new Map();

/** What an expression (a bucket key) is made of. */
interface Facts {
  /** A point in time rounded to a unit: a tumbling-window bucket. */
  bucket: boolean;
  /** A point in time (unrounded). */
  time: boolean;
  /** The message key, the partition, or the entity the topic is keyed by. */
  keyed: boolean;
}

/** One consumer-group handler being read, with the functions it calls. */
interface HandlerScope {
  group: Group;
  isKeyName: (name: string) => boolean;
}

/** An in-memory keyed collection that outlives one call of the handler. */
interface Collection {
  kind: 'map' | 'object';
  /** The reference the write went through (`perMinute`, `this.buckets`). */
  ref: TSESTree.Node;
  /** Identity for "the same collection": its variable, or the text of a `this.`/member chain. */
  id: TSESLint.Scope.Variable | string;
}

/** An element of a collection, reached by its key(s): `m.get(k)`, `o[k]`, `o[k1][k2]`. */
interface Element {
  collection: Collection;
  keys: Binding[];
}

interface WriteVerdict {
  node: TSESTree.Node;
  collection: Collection;
  group: Group;
  keyText: string;
  unkeyedBucket: boolean;
  keyedSomewhere: boolean;
}

/** Alias chains, followed calls and nested keys deeper than this are "unknown", never a crash. */
const MAX_DEPTH = 12;
const MAX_INLINE = 3;
/** Nodes one key expression may visit (shared chains of `const`s could otherwise multiply). */
const VISIT_BUDGET = 2000;

const RXJS_NAMESPACES: ReadonlySet<string> = new Set(rxjsLibrary.modules.map((m) => m.namespace));
/** A consumer is only ever resolved through one of these imports: files without them are skipped. */
const KAFKA_SPECIFIERS: readonly string[] = kafkaLibrary.modules.flatMap((m) => m.specifiers);
const CONTENT_METHODS: ReadonlySet<string> = new Set(['entries', 'values', 'keys']);
const ITERATING_METHODS: ReadonlySet<string> = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'some', 'every']);

export default createRule<Options, MessageIds>({
  name: 'require-keyed-window',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require in-memory time windows filled by a Kafka consumer group to be keyed by the message key (or merged downstream), since each member sees only its partitions',
      category: 'window',
      recommended: 'warn',
      strict: 'error',
    },
    schema: [
      {
        type: 'object',
        properties: {
          partitionKeys: {
            description:
              'Fields of the decoded message value that the producer uses as the message key: a list for every topic, or topic -> fields. When given for a topic, only these fields (besides `message.key` and `partition`) count as keyed.',
            oneOf: [
              { type: 'array', items: { type: 'string', minLength: 1 } },
              { type: 'object', additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } } },
            ],
          },
          mergingSinks: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description: 'Functions whose writes merge partial aggregates (an upsert that adds counts): a window flushed through one of them is not reported.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ partitionKeys: [], mergingSinks: [] }],
    messages: {
      partialWindow:
        '`{{collection}}` aggregates by time bucket (key `{{key}}`) inside a Kafka consumer-group handler, and the key includes neither the message key nor the partition: each consumer in {{group}} sees only its partitions, so this window is partial per instance and every instance reports its own share as the total. Include the message key (or the topic\'s partition key) in the bucket key, or merge the partial aggregates downstream through a keyed sink that adds them (`ON CONFLICT … DO UPDATE SET n = t.n + EXCLUDED.n`, `HINCRBY`).',
      partialRxWindow:
        '`{{operator}}` windows a stream fed by a Kafka consumer-group handler and each window is aggregated by time only: each consumer in {{group}} sees only its partitions, so this window is partial per instance. Group by the message key first (`groupBy((m) => m.key)`, then `mergeMap((g) => g.pipe({{operator}}(…)))`), or merge the partial aggregates downstream through a keyed sink that adds them.',
    },
  },
  create(context, [options]) {
    // The rule's option, else rta.config.yaml's `window.partitionKeys` (topic or table -> key
    // fields), which the audit passes as `settings.rta`.
    const fromOptions = options.partitionKeys ?? [];
    const configuredKeys: PartitionKeys = Array.isArray(fromOptions) && fromOptions.length === 0 ? (configListMap(context.settings, 'window', 'partitionKeys') ?? fromOptions) : fromOptions;
    const tracker = new ImportTracker(context.sourceCode);
    const services = typeServices(context);
    const sourceCode = context.sourceCode;
    // Merging sinks add up: the rule's option and rta.config.yaml's `window.mergingSinks` both count.
    const mergingSinks: ReadonlySet<string> = new Set([...(options.mergingSinks ?? []), ...configList(context.settings, 'window', 'mergingSinks')]);
    const functions: FunctionNode[] = [];
    const calls: TSESTree.CallExpression[] = [];
    const members: TSESTree.MemberExpression[] = [];

    /** An unshadowed global such as `Math`, `Date`, `Object` (TypeScript's lib declares them without a definition). */
    function isGlobal(node: TSESTree.Node, name: string): boolean {
      const n = unwrap(node);
      if (n.type !== 'Identifier' || n.name !== name) return false;
      const variable = tracker.variableOf(n);
      return !variable || variable.defs.length === 0;
    }

    // --- consumer groups --------------------------------------------------------------------

    /** The consumer a handler belongs to, when the handler is a Kafka message or batch handler. */
    function consumerOf(handler: HandlerInfo): TSESTree.Node | undefined {
      if (handler.kind !== 'consumer-message' && handler.kind !== 'consumer-batch') return undefined;
      const callee = unwrap(handler.registration.callee);
      const consumer = handler.emitter ?? (callee.type === 'MemberExpression' ? callee.object : undefined);
      return consumer && tracker.hasRole(consumer, 'kafka-consumer') ? consumer : undefined;
    }

    function groupDefOf(consumer: TSESTree.Node): ConsumerGroupDef | undefined {
      const type = tracker.instanceType(consumer);
      if (type === undefined) return undefined;
      for (const [id] of tracker.knowledge.lineage(type)) {
        if (Object.hasOwn(KAFKA_CONSUMER_GROUPS, id)) return KAFKA_CONSUMER_GROUPS[id];
      }
      return undefined;
    }

    /**
     * The group a consumer is a member of, or undefined when it reads partitions on its own: a
     * manual `assign`, options without a group id, or (node-rdkafka) no `subscribe` in sight.
     */
    function groupOf(consumer: TSESTree.Node): Group | undefined {
      const def = groupDefOf(consumer);
      if (!def) return undefined;
      const origin = tracker.origin(consumer);
      const created = origin?.type === 'CallExpression' || origin?.type === 'NewExpression' ? origin : undefined;
      let groupId: OptionLookup = { kind: 'unknown' };
      if (created && !created.arguments.some((a) => a.type === 'SpreadElement')) {
        const options_ = created.arguments[def.groupId.argument];
        groupId = options_ ? findOption(options_, def.groupId.paths) : { kind: 'absent' };
      }
      if (groupId.kind === 'absent') return undefined;
      const same = (node: TSESTree.Node) => tracker.sameReference(node, consumer) || (created !== undefined && tracker.origin(node) === created);
      const joins: TSESTree.CallExpression[] = [];
      let manual = false;
      for (const call of calls) {
        const callee = unwrap(call.callee);
        if (callee.type !== 'MemberExpression') continue;
        const method = staticMemberName(callee);
        if (method === undefined) continue;
        if (def.join.includes(method) && same(callee.object)) joins.push(call);
        else if (def.manual.includes(method) && same(callee.object)) manual = true;
      }
      if (joins.length === 0 && (manual || !def.groupedByDefault)) return undefined;
      const name = groupId.kind === 'present' ? stringValue(tracker.origin(groupId.value) ?? groupId.value) : undefined;
      return { name, topics: topicsOf(joins, def.topicsArgument) };
    }

    type OptionLookup = { kind: 'present'; value: TSESTree.Node } | { kind: 'absent' } | { kind: 'unknown' };

    function findOption(options_: TSESTree.Node, paths: readonly (readonly string[])[]): OptionLookup {
      let unknown = false;
      for (const path of paths) {
        const found = optionAt(options_, path, 0);
        if (found.kind === 'present') return found;
        if (found.kind === 'unknown') unknown = true;
      }
      return unknown ? { kind: 'unknown' } : { kind: 'absent' };
    }

    function optionAt(node: TSESTree.Node, path: readonly string[], depth: number): OptionLookup {
      const object = tracker.origin(node);
      if (object?.type !== 'ObjectExpression' || depth > MAX_DEPTH) return { kind: 'unknown' };
      let open = false;
      for (const prop of object.properties) {
        if (prop.type === 'SpreadElement') {
          open = true;
          continue;
        }
        const key = propertyKey(prop);
        if (key === undefined) {
          open = true;
          continue;
        }
        if (key !== path[0]) continue;
        return path.length === 1 ? { kind: 'present', value: prop.value } : optionAt(prop.value, path.slice(1), depth + 1);
      }
      return open ? { kind: 'unknown' } : { kind: 'absent' };
    }

    /** Topic names of `subscribe('t')`, `subscribe(['a', 'b'])`, `subscribe({ topic })`, `subscribe({ topics })`. */
    function topicsOf(joins: readonly TSESTree.CallExpression[], index: number): string[] | undefined {
      const topics: string[] = [];
      for (const call of joins) {
        const arg = call.arguments[index];
        const names = arg && topicNames(arg, 0);
        if (!names) return undefined;
        topics.push(...names);
      }
      return topics.length > 0 ? topics : undefined;
    }

    function topicNames(node: TSESTree.Node, depth: number): string[] | undefined {
      const value = tracker.origin(node);
      if (!value || depth > MAX_DEPTH) return undefined;
      const single = stringValue(value);
      if (single !== undefined) return [single];
      if (value.type === 'ArrayExpression') {
        const names: string[] = [];
        for (const element of value.elements) {
          const name = element && element.type !== 'SpreadElement' ? stringValue(tracker.origin(element)) : undefined;
          if (name === undefined) return undefined;
          names.push(name);
        }
        return names;
      }
      if (value.type === 'ObjectExpression') {
        for (const prop of value.properties) {
          if (prop.type !== 'Property') continue;
          const key = propertyKey(prop);
          if (key === 'topic' || key === 'topics') return topicNames(prop.value, depth + 1);
        }
      }
      return undefined;
    }

    // --- which fields count as the message key ----------------------------------------------

    function keyNamePredicate(topics: readonly string[] | undefined): (name: string) => boolean {
      const configured = configuredKeys;
      let only: Set<string> | undefined;
      let also = new Set<string>();
      if (Array.isArray(configured)) {
        if (configured.length > 0) only = new Set(configured.map(normalizeName));
      } else {
        const forTopics = (topics ?? []).filter((t) => Object.hasOwn(configured, t)).flatMap((t) => configured[t] ?? []);
        // The topic's configured key is authoritative; without one, any configured key is a likely key too.
        if (forTopics.length > 0) only = new Set(forTopics.map(normalizeName));
        else also = new Set(Object.values(configured).flat().map(normalizeName));
      }
      return (name) => {
        const normalized = normalizeName(name);
        if (MESSAGE_KEY_FIELD_NAMES.has(normalized)) return true;
        if (only) return only.has(normalized);
        return also.has(normalized) || ENTITY_ID_FIELD_PATTERN.test(name);
      };
    }

    // --- what a key expression is made of ---------------------------------------------------

    function typeThrough(node: TSESTree.Node, env: Env, depth = 0): TypeId | undefined {
      const n = unwrap(node);
      const direct = tracker.instanceType(n);
      if (direct !== undefined || depth > MAX_DEPTH) return direct;
      if (n.type === 'Identifier') {
        const variable = tracker.variableOf(n);
        const binding = variable ? env.get(variable) : undefined;
        if (!binding) return undefined;
        let type = typeThrough(binding.node, binding.env, depth + 1);
        for (const name of binding.path ?? []) type = type === undefined ? undefined : propertyType(type, name);
        return type;
      }
      if (n.type === 'MemberExpression') {
        const name = staticMemberName(n);
        const owner = name === undefined ? undefined : typeThrough(n.object, env, depth + 1);
        return owner === undefined || name === undefined ? undefined : propertyType(owner, name);
      }
      return undefined;
    }

    function propertyType(type: TypeId, name: string): TypeId | undefined {
      const value = tracker.property({ kind: 'instance', type }, name);
      return value?.kind === 'instance' ? value.type : undefined;
    }

    function hasRole(type: TypeId | undefined, role: Role): boolean {
      return type !== undefined && tracker.knowledge.hasRole(type, role);
    }

    function factsOf(keys: readonly Binding[], scope: HandlerScope): Facts {
      const facts: Facts = { bucket: false, time: false, keyed: false };
      const budget = { left: VISIT_BUDGET };
      for (const key of keys) visitFacts(key.node, key.env, scope, facts, budget, 0);
      return facts;
    }

    function timeFacts(node: TSESTree.Node, env: Env, scope: HandlerScope, budget: { left: number }, depth: number): boolean {
      const facts: Facts = { bucket: false, time: false, keyed: false };
      visitFacts(node, env, scope, facts, budget, depth);
      return facts.time || facts.bucket;
    }

    function field(name: string, scope: HandlerScope, facts: Facts): void {
      if (scope.isKeyName(name)) facts.keyed = true;
      if (TIMESTAMP_FIELD_PATTERN.test(name) && !DURATION_FIELD_PATTERN.test(name)) facts.time = true;
    }

    function visitFacts(input: TSESTree.Node, env: Env, scope: HandlerScope, facts: Facts, budget: { left: number }, depth: number): void {
      if (budget.left-- <= 0 || depth > MAX_DEPTH) return;
      const node = unwrap(input);
      const type = typeThrough(node, env);
      if (hasRole(type, 'message-key') || hasRole(type, 'message-partition')) facts.keyed = true;
      if (hasRole(type, 'message-timestamp')) facts.time = true;
      if (hasRole(type, 'time-bucket')) facts.bucket = true;
      const next = (child: TSESTree.Node, childEnv: Env = env) => {
        visitFacts(child, childEnv, scope, facts, budget, depth + 1);
      };
      switch (node.type) {
        case 'Identifier':
          visitIdentifierFacts(node, env, scope, facts, next);
          return;
        case 'MemberExpression': {
          const name = staticMemberName(node);
          if (name !== undefined && !node.computed) {
            field(name, scope, facts);
            // `{ ts: message.timestamp }.ts` style objects: only that property's value.
            const object = tracker.origin(node.object);
            if (object?.type === 'ObjectExpression') {
              const prop = object.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKey(p) === name);
              if (prop) next(prop.value);
            }
            if (isCallee(node)) next(node.object);
          } else if (node.computed && node.property.type === 'Literal') {
            // `iso.split('T')[0]`: an element of a derived value.
            next(node.object);
          }
          return;
        }
        case 'CallExpression':
          visitCallFacts(node, env, scope, facts, budget, depth, next);
          return;
        case 'NewExpression':
          if (isGlobal(node.callee, 'Date')) facts.time = true;
          for (const arg of node.arguments) next(arg);
          return;
        case 'BinaryExpression': {
          if (isArithmeticBucket(node, env, scope, budget, depth)) facts.bucket = true;
          if (node.left.type === 'PrivateIdentifier') return;
          if (node.operator !== '-') {
            next(node.left);
            next(node.right);
            return;
          }
          // `Date.now() - startedAt` is a duration, not a point in time.
          const left: Facts = { bucket: false, time: false, keyed: false };
          const right: Facts = { bucket: false, time: false, keyed: false };
          visitFacts(node.left, env, scope, left, budget, depth + 1);
          visitFacts(node.right, env, scope, right, budget, depth + 1);
          facts.bucket ||= left.bucket || right.bucket;
          facts.keyed ||= left.keyed || right.keyed;
          facts.time ||= left.time && !right.time;
          return;
        }
        case 'UnaryExpression': {
          // `~~(t / size)`
          const inner = node.operator === '~' ? unwrap(node.argument) : undefined;
          const division = inner?.type === 'UnaryExpression' && inner.operator === '~' ? unwrap(inner.argument) : undefined;
          if (division && isTimeDivision(division, env, scope, budget, depth)) facts.bucket = true;
          next(node.argument);
          return;
        }
        case 'TemplateLiteral':
          for (const expression of node.expressions) next(expression);
          return;
        case 'TaggedTemplateExpression':
          for (const expression of node.quasi.expressions) next(expression);
          return;
        case 'ArrayExpression':
          for (const element of node.elements) if (element) next(element.type === 'SpreadElement' ? element.argument : element);
          return;
        case 'ObjectExpression':
          for (const prop of node.properties) next(prop.type === 'SpreadElement' ? prop.argument : prop.value);
          return;
        case 'ConditionalExpression':
          next(node.consequent);
          next(node.alternate);
          return;
        case 'LogicalExpression':
          next(node.left);
          next(node.right);
          return;
        case 'SequenceExpression': {
          const last = node.expressions.at(-1);
          if (last) next(last);
          return;
        }
        case 'AssignmentExpression':
          next(node.right);
          return;
        case 'AwaitExpression':
          next(node.argument);
          return;
        default:
          return;
      }
    }

    function visitIdentifierFacts(
      node: TSESTree.Identifier,
      env: Env,
      scope: HandlerScope,
      facts: Facts,
      next: (child: TSESTree.Node, childEnv?: Env) => void,
    ): void {
      const variable = tracker.variableOf(node);
      if (!variable) return;
      const binding = env.get(variable);
      if (binding) {
        const last = binding.path?.at(-1);
        if (last === undefined) next(binding.node, binding.env);
        else field(last, scope, facts);
        return;
      }
      // `d.setSeconds(0, 0)` before the key reads `d`: the date was rounded in place.
      if (variable.references.some((r) => isZeroingSetterReceiver(r.identifier))) facts.bucket = true;
      for (const def of variable.defs) {
        if (def.type !== 'Variable' && def.type !== 'Parameter') continue;
        const key = destructuredKey(def.name);
        if (key !== undefined) {
          field(key, scope, facts);
          // `const { ts } = { ts: Date.now() }`: only that property's value.
          const init = def.type === 'Variable' ? def.node.init : null;
          const object = init ? tracker.origin(init) : undefined;
          if (object?.type === 'ObjectExpression') {
            const prop = object.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKey(p) === key);
            if (prop) next(prop.value);
          }
          continue;
        }
        // A parameter nobody binds (a callback's element): its name is all there is.
        if (def.type === 'Parameter' && def.name.type === 'Identifier') field(def.name.name, scope, facts);
      }
      for (const reference of variable.references) {
        const value = writtenValue(reference.identifier);
        if (value) next(value);
      }
    }

    function visitCallFacts(
      node: TSESTree.CallExpression,
      env: Env,
      scope: HandlerScope,
      facts: Facts,
      budget: { left: number },
      depth: number,
      next: (child: TSESTree.Node, childEnv?: Env) => void,
    ): void {
      const callee = unwrap(node.callee);
      const method = callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
      if (callee.type === 'MemberExpression' && method !== undefined) {
        const first = node.arguments[0];
        // Math.floor(t / size)
        if (isGlobal(callee.object, 'Math') && MATH_ROUNDING_FUNCTIONS.has(method) && first && first.type !== 'SpreadElement') {
          if (isTimeDivision(unwrap(first), env, scope, budget, depth)) facts.bucket = true;
        }
        if (isGlobal(callee.object, 'Date') && DATE_STATIC_TIME_METHODS.has(method)) facts.time = true;
        if (DATE_ONLY_METHODS.has(method)) facts.bucket = true;
        if (STRING_PREFIX_METHODS.has(method) && isIsoString(callee.object, 0) && cutsIsoString(method, node.arguments)) facts.bucket = true;
        if (DATE_ZEROING_SETTERS.has(method) && isZeroLiteral(node.arguments.at(-1))) facts.bucket = true;
      }
      // A function of this file: what it returns, with its parameters bound to these arguments.
      const target = calledFunction(node);
      if (target && depth < MAX_DEPTH) {
        const inner = bindParameters(target, node, env);
        for (const returned of returnedExpressions(target)) next(returned, inner);
        return;
      }
      if (callee.type === 'MemberExpression') next(callee);
      for (const arg of node.arguments) next(arg.type === 'SpreadElement' ? arg.argument : arg);
    }

    /** `t / size` where `t` is a point in time. */
    function isTimeDivision(node: TSESTree.Node, env: Env, scope: HandlerScope, budget: { left: number }, depth: number): boolean {
      return node.type === 'BinaryExpression' && node.operator === '/' && timeFacts(node.left, env, scope, budget, depth + 1);
    }

    /** `t - (t % size)` and `(t / size) | 0`. */
    function isArithmeticBucket(node: TSESTree.BinaryExpression, env: Env, scope: HandlerScope, budget: { left: number }, depth: number): boolean {
      if (node.left.type === 'PrivateIdentifier') return false;
      const right = unwrap(node.right);
      if (node.operator === '-' && right.type === 'BinaryExpression' && right.operator === '%') {
        return timeFacts(node.left, env, scope, budget, depth + 1);
      }
      if (node.operator === '|' && isZeroLiteral(right)) return isTimeDivision(unwrap(node.left), env, scope, budget, depth);
      return false;
    }

    function isIsoString(node: TSESTree.Node, depth: number): boolean {
      const n = unwrap(node);
      if (depth > MAX_DEPTH) return false;
      if (n.type === 'CallExpression') {
        const callee = unwrap(n.callee);
        const method = callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
        return method !== undefined && DATE_STRING_METHODS.has(method);
      }
      const origin = n.type === 'Identifier' ? tracker.origin(n) : undefined;
      return origin !== undefined && origin !== n && isIsoString(origin, depth + 1);
    }

    /** A prefix of an ISO date string shorter than the whole: `slice(0, 16)`, `substring(0, 10)`, `split('T')`. */
    function cutsIsoString(method: string, args: readonly TSESTree.CallExpressionArgument[]): boolean {
      if (method === 'split') return true;
      const end = args[1];
      if (!end) return false;
      const n = unwrap(end);
      if (n.type === 'Literal' && typeof n.value === 'number') return n.value < ISO_STRING_LENGTH;
      return true;
    }

    function isZeroingSetterReceiver(id: TSESTree.Node): boolean {
      const member = id.parent;
      if (member?.type !== 'MemberExpression' || member.object !== id) return false;
      const call = member.parent;
      const method = staticMemberName(member);
      return call.type === 'CallExpression' && call.callee === member && method !== undefined && DATE_ZEROING_SETTERS.has(method) && isZeroLiteral(call.arguments.at(-1));
    }

    // --- following calls into functions of this file -----------------------------------------

    function calledFunction(call: TSESTree.CallExpression): FunctionNode | undefined {
      const callee = unwrap(call.callee);
      if (callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression') return tracker.thisMethod(callee);
      if (callee.type !== 'Identifier' && callee.type !== 'MemberExpression') return undefined;
      const value = tracker.resolve(callee);
      return value?.kind === 'function' ? value.node : undefined;
    }

    function bindParameters(fn: FunctionNode, call: TSESTree.CallExpression, env: Env): Env {
      const bound = new Map(env);
      for (const [index, param] of fn.params.entries()) {
        const arg = call.arguments[index];
        if (!arg || arg.type === 'SpreadElement' || call.arguments.slice(0, index).some((a) => a.type === 'SpreadElement')) break;
        const target = param.type === 'AssignmentPattern' ? param.left : param;
        if (target.type === 'Identifier') {
          const variable = tracker.variableOf(target);
          if (variable) bound.set(variable, { node: arg, env });
        } else if (target.type === 'ObjectPattern') {
          for (const prop of target.properties) {
            if (prop.type !== 'Property') continue;
            const key = propertyKey(prop);
            const value = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
            const variable = key !== undefined && value.type === 'Identifier' ? tracker.variableOf(value) : null;
            if (variable && key !== undefined) bound.set(variable, { node: arg, env, path: [key] });
          }
        }
      }
      return bound;
    }

    function returnedExpressions(fn: FunctionNode): TSESTree.Node[] {
      if (fn.body.type !== 'BlockStatement') return [fn.body];
      return returnStatements(fn.body).flatMap((r) => (r.argument ? [r.argument] : []));
    }

    // --- collections and writes ---------------------------------------------------------------

    function isInside(node: TSESTree.Node, roots: readonly TSESTree.Node[]): boolean {
      return roots.some((root) => root.range[0] <= node.range[0] && node.range[1] <= root.range[1]);
    }

    /** An in-memory Map or plain object that lives outside the handler (and the functions it calls). */
    function collectionAt(input: TSESTree.Node, env: Env, roots: readonly TSESTree.Node[], depth = 0): Collection | undefined {
      const node = unwrap(input);
      if (depth > MAX_DEPTH) return undefined;
      if (node.type === 'Identifier') {
        const variable = tracker.variableOf(node);
        if (!variable) return undefined;
        const binding = env.get(variable);
        if (binding) return binding.path ? undefined : collectionAt(binding.node, binding.env, roots, depth + 1);
        if (variable.defs.length === 0 || variable.defs.some((d) => isInside(d.name, roots) || d.type === 'Parameter')) return undefined;
        const kind = collectionKind(node, variable);
        return kind && { kind, ref: node, id: variable };
      }
      if (node.type === 'MemberExpression' && !node.computed) {
        let base: TSESTree.Node = node;
        while (base.type === 'MemberExpression' && !base.computed) base = unwrap(base.object);
        if (base.type === 'Identifier') {
          const variable = tracker.variableOf(base);
          if (!variable || variable.defs.some((d) => isInside(d.name, roots) || d.type === 'Parameter')) return undefined;
        } else if (base.type !== 'ThisExpression') {
          return undefined;
        }
        const kind = collectionKind(node, undefined);
        return kind && { kind, ref: node, id: sourceCode.getText(node) };
      }
      return undefined;
    }

    function collectionKind(node: TSESTree.Node, variable: TSESLint.Scope.Variable | undefined): Collection['kind'] | undefined {
      if (services) {
        // Types decide when they know: a Map, an array, or an object with an index signature.
        const typed = typedCollection(services, node);
        if (typed === 'Map') return 'map';
        if (typed === 'Array') return 'object';
        if (typed === 'Set') return undefined;
        if (typed === 'other') {
          if (hasIndexSignature(services, node)) return 'object';
          // `const counts = {}` in JavaScript: typed `{}`, used as a dictionary all the same.
          const origin = tracker.origin(node);
          return origin?.type === 'ObjectExpression' && origin.properties.length === 0 ? 'object' : undefined;
        }
      }
      const type = tracker.instanceType(node);
      if (type !== undefined) {
        const lineage = [...tracker.knowledge.lineage(type)].map(([id]) => id);
        if (lineage.includes(globalClass('Map') ?? '')) return 'map';
        if (lineage.includes(globalClass('Array') ?? '')) return 'object';
        return undefined;
      }
      const origin = tracker.origin(node);
      if (origin?.type === 'ObjectExpression') return 'object';
      if (origin?.type === 'CallExpression') {
        const callee = unwrap(origin.callee);
        if (callee.type === 'MemberExpression' && isGlobal(callee.object, 'Object') && ['create', 'fromEntries'].includes(staticMemberName(callee) ?? '')) {
          return 'object';
        }
      }
      const annotation = variable?.defs[0]?.name.type === 'Identifier' ? variable.defs[0].name.typeAnnotation?.typeAnnotation : undefined;
      if (annotation?.type === 'TSTypeLiteral' && annotation.members.some((m) => m.type === 'TSIndexSignature')) return 'object';
      if (annotation?.type === 'TSTypeReference' && annotation.typeName.type === 'Identifier' && annotation.typeName.name === 'Record') return 'object';
      return undefined;
    }

    function globalClass(name: string): TypeId | undefined {
      return tracker.knowledge.member('global', 'classes', name);
    }

    /** The element a key reaches in a collection of the handler's surroundings, through local aliases. */
    function elementOf(input: TSESTree.Node, env: Env, roots: readonly TSESTree.Node[], depth = 0): Element | undefined {
      const node = unwrap(input);
      if (depth > MAX_DEPTH) return undefined;
      switch (node.type) {
        case 'MemberExpression': {
          if (!node.computed) return elementOf(node.object, env, roots, depth + 1);
          const key: Binding = { node: node.property, env };
          const collection = collectionAt(node.object, env, roots);
          if (collection?.kind === 'object') return { collection, keys: [key] };
          const outer = elementOf(node.object, env, roots, depth + 1);
          return outer && { collection: outer.collection, keys: [...outer.keys, key] };
        }
        case 'CallExpression': {
          const callee = unwrap(node.callee);
          const first = node.arguments[0];
          if (callee.type !== 'MemberExpression' || staticMemberName(callee) !== 'get' || !first || first.type === 'SpreadElement') return undefined;
          const key: Binding = { node: first, env };
          const collection = collectionAt(callee.object, env, roots);
          if (collection?.kind === 'map') return { collection, keys: [key] };
          const outer = elementOf(callee.object, env, roots, depth + 1);
          return outer && { collection: outer.collection, keys: [...outer.keys, key] };
        }
        case 'LogicalExpression':
          return elementOf(node.left, env, roots, depth + 1) ?? elementOf(node.right, env, roots, depth + 1);
        case 'ConditionalExpression':
          return elementOf(node.consequent, env, roots, depth + 1) ?? elementOf(node.alternate, env, roots, depth + 1);
        case 'AssignmentExpression':
          return elementOf(node.left, env, roots, depth + 1);
        case 'Identifier': {
          const variable = tracker.variableOf(node);
          if (!variable) return undefined;
          const binding = env.get(variable);
          if (binding) return binding.path ? undefined : elementOf(binding.node, binding.env, roots, depth + 1);
          // A local alias of an element: `const agg = byMinute.get(m) ?? init()`.
          if (!variable.defs.every((d) => d.type === 'Variable' && isInside(d.name, roots))) return undefined;
          for (const reference of variable.references) {
            const value = writtenValue(reference.identifier);
            const element = value && elementOf(value, env, roots, depth + 1);
            if (element) return element;
          }
          return undefined;
        }
        default:
          return undefined;
      }
    }

    /** The keyed writes a node makes into a collection of the handler's surroundings. */
    function writeAt(node: TSESTree.Node, env: Env, roots: readonly TSESTree.Node[]): Element | undefined {
      if (node.type === 'CallExpression') {
        const callee = unwrap(node.callee);
        const method = callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
        if (callee.type !== 'MemberExpression' || method === undefined) return undefined;
        const args = node.arguments;
        if (method === 'set') {
          const first = args[0];
          if (!first || first.type === 'SpreadElement') return undefined;
          const key: Binding = { node: first, env };
          const collection = collectionAt(callee.object, env, roots);
          if (collection) {
            if (collection.kind !== 'map') return undefined;
            const value = args[1];
            // `m.set(k, new Map())`: makes room for a nested aggregate, whose writes say how it is keyed.
            if (value && value.type !== 'SpreadElement' && isFreshContainer(value, 0)) return undefined;
            return { collection, keys: [key] };
          }
          const outer = elementOf(callee.object, env, roots);
          return outer && { collection: outer.collection, keys: [...outer.keys, key] };
        }
        if (ELEMENT_MUTATING_METHODS.has(method)) return elementOf(callee.object, env, roots);
        return undefined;
      }
      if (node.type === 'AssignmentExpression') {
        if (['=', '??=', '||='].includes(node.operator) && isFreshContainer(node.right, 0)) return undefined;
        return targetWrite(node.left, env, roots);
      }
      if (node.type === 'UpdateExpression') return targetWrite(node.argument, env, roots);
      return undefined;
    }

    function targetWrite(target: TSESTree.Node, env: Env, roots: readonly TSESTree.Node[]): Element | undefined {
      const node = unwrap(target);
      if (node.type !== 'MemberExpression') return undefined;
      if (node.computed) {
        const collection = collectionAt(node.object, env, roots);
        if (collection) return collection.kind === 'object' ? { collection, keys: [{ node: node.property, env }] } : undefined;
      }
      return elementOf(node, env, roots);
    }

    /** `{}`, `[]`, `new Map()`, `new Set()`, `Object.create(null)`, or a local that holds one. */
    function isFreshContainer(input: TSESTree.Node, depth: number): boolean {
      const node = unwrap(input);
      if (depth > MAX_DEPTH) return false;
      if (node.type === 'ObjectExpression') return node.properties.length === 0;
      if (node.type === 'ArrayExpression') return node.elements.length === 0;
      if (node.type === 'NewExpression') {
        const type = tracker.instanceType(node);
        return node.arguments.length === 0 && type !== undefined && tracker.knowledge.hasRole(type, 'collection');
      }
      if (node.type === 'CallExpression') {
        const callee = unwrap(node.callee);
        return callee.type === 'MemberExpression' && isGlobal(callee.object, 'Object') && staticMemberName(callee) === 'create';
      }
      if (node.type === 'Identifier') {
        const variable = tracker.variableOf(node);
        return variable?.references.some((r) => {
          const value = writtenValue(r.identifier);
          return value !== undefined && value !== node && isFreshContainer(value, depth + 1);
        }) === true;
      }
      return false;
    }

    // --- handlers -------------------------------------------------------------------------------

    const verdicts = new Map<TSESTree.Node, WriteVerdict>();
    /** Subjects (and `new Observable` bodies) that a consumer-group handler pushes messages into. */
    const fed: { receiver?: TSESTree.Node; observable?: TSESTree.NewExpression; group: Group }[] = [];

    function readFunction(fn: FunctionNode, env: Env, roots: readonly FunctionNode[], scope: HandlerScope, depth: number): void {
      walk(fn.body, (node) => {
        const write = writeAt(node, env, roots);
        if (write) record(node, write, scope);
        if (node.type === 'CallExpression') {
          noteFeed(node, scope);
          const target = depth < MAX_INLINE ? calledFunction(node) : undefined;
          if (target && !roots.includes(target)) readFunction(target, bindParameters(target, node, env), [...roots, target], scope, depth + 1);
        }
        return true;
      });
    }

    function record(node: TSESTree.Node, write: Element, scope: HandlerScope): void {
      const facts = factsOf(write.keys, scope);
      const existing = verdicts.get(node);
      const verdict: WriteVerdict = existing ?? {
        node,
        collection: write.collection,
        group: scope.group,
        keyText: write.keys.map((k) => sourceCode.getText(k.node)).join(']['),
        unkeyedBucket: false,
        keyedSomewhere: false,
      };
      if (facts.bucket && !facts.keyed) verdict.unkeyedBucket = true;
      if (facts.keyed) verdict.keyedSomewhere = true;
      verdicts.set(node, verdict);
    }

    /** `subject.next(message)` in a group handler, or `subscriber.next(…)` of a `new Observable(…)` around one. */
    function noteFeed(call: TSESTree.CallExpression, scope: HandlerScope): void {
      const callee = unwrap(call.callee);
      if (callee.type !== 'MemberExpression' || staticMemberName(callee) !== 'next') return;
      const receiver = unwrap(callee.object);
      if (tracker.hasRole(receiver, 'subject')) {
        fed.push({ receiver, group: scope.group });
        return;
      }
      if (receiver.type !== 'Identifier') return;
      const def = tracker.variableOf(receiver)?.defs[0];
      const fn = def?.type === 'Parameter' ? def.node : undefined;
      const created = fn?.parent;
      if (fn && isFunctionNode(fn) && created?.type === 'NewExpression' && created.arguments[0] === fn && tracker.hasRole(created, 'observable')) {
        fed.push({ observable: created, group: scope.group });
      }
    }

    // --- merged downstream? -------------------------------------------------------------------

    function mergedDownstream(collection: Collection): boolean {
      const references: TSESTree.Node[] =
        typeof collection.id === 'string'
          ? members.filter((m) => tracker.sameReference(m, collection.ref))
          : collection.id.references.map((r) => r.identifier);
      return references.some((ref) => flowsIntoMergingSink(ref, 0));
    }

    /** The contents of a collection reach a write that adds partial aggregates instead of replacing them. */
    function flowsIntoMergingSink(ref: TSESTree.Node, depth: number): boolean {
      if (depth > 2) return false;
      let node: TSESTree.Node = ref;
      for (;;) {
        const parent = node.parent;
        if (!parent) return false;
        if (['TSNonNullExpression', 'TSAsExpression', 'ChainExpression', 'SpreadElement', 'ArrayExpression'].includes(parent.type)) {
          node = parent;
          continue;
        }
        if (parent.type === 'MemberExpression' && parent.object === node && CONTENT_METHODS.has(staticMemberName(parent) ?? '')) {
          const call = parent.parent;
          if (call.type === 'CallExpression' && call.callee === parent) {
            node = call;
            continue;
          }
        }
        if (parent.type === 'CallExpression' && parent.arguments.includes(node as TSESTree.CallExpressionArgument) && isContentCopy(parent)) {
          node = parent;
          continue;
        }
        break;
      }
      const parent = node.parent;
      if (parent.type === 'CallExpression' && parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
        if (isMergingCall(parent, 0)) return true;
      }
      if (parent.type === 'ForOfStatement' && parent.right === node) return containsMergingWrite(parent.body, 0);
      if (parent.type === 'MemberExpression' && parent.object === node && ITERATING_METHODS.has(staticMemberName(parent) ?? '')) {
        const call = parent.parent;
        if (call.type === 'CallExpression' && call.callee === parent) {
          return call.arguments.some((arg) => isFunctionNode(arg) && containsMergingWrite(arg.body, 0));
        }
      }
      if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') {
        const variable = tracker.variableOf(parent.id);
        return variable?.references.some((r) => !r.init && flowsIntoMergingSink(r.identifier, depth + 1)) === true;
      }
      return false;
    }

    /** `Object.entries(o)`, `Array.from(m)`: the same contents in another container. */
    function isContentCopy(call: TSESTree.CallExpression): boolean {
      const callee = unwrap(call.callee);
      if (callee.type !== 'MemberExpression') return false;
      const method = staticMemberName(callee) ?? '';
      return (isGlobal(callee.object, 'Object') && CONTENT_METHODS.has(method)) || (isGlobal(callee.object, 'Array') && method === 'from');
    }

    function containsMergingWrite(root: TSESTree.Node, depth: number): boolean {
      let found = false;
      walk(root, (node) => {
        if (found) return false;
        if (node.type === 'CallExpression' && isMergingCall(node, depth)) found = true;
        if (node.type === 'TaggedTemplateExpression' && isMergingSql(node.quasi)) found = true;
        return !found;
      });
      return found;
    }

    function isMergingCall(call: TSESTree.CallExpression, depth: number): boolean {
      const callee = unwrap(call.callee);
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
      if (name !== undefined && (mergingSinks.has(name) || MERGING_WRITE_METHODS.has(name.toLowerCase()))) return true;
      for (const arg of call.arguments) {
        const value = arg.type === 'SpreadElement' ? arg.argument : arg;
        if (isMergingSql(value) || hasMergingUpdateOperator(value, 0)) return true;
      }
      const target = depth < MAX_INLINE ? calledFunction(call) : undefined;
      return target !== undefined && containsMergingWrite(target.body, depth + 1);
    }

    function isMergingSql(node: TSESTree.Node): boolean {
      const value = unwrap(node);
      const origin = value.type === 'Identifier' ? tracker.origin(value) : value;
      const text = origin && sqlText(origin);
      return text !== undefined && MERGING_SQL_PATTERNS.some((p) => p.test(text));
    }

    function sqlText(node: TSESTree.Node): string | undefined {
      if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
      if (node.type === 'TemplateLiteral') return node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('$1');
      if (node.type === 'TaggedTemplateExpression') return sqlText(node.quasi);
      return undefined;
    }

    function hasMergingUpdateOperator(node: TSESTree.Node, depth: number): boolean {
      const value = unwrap(node);
      if (value.type !== 'ObjectExpression' || depth > 4) return false;
      return value.properties.some(
        (p) => p.type === 'Property' && (MERGING_UPDATE_OPERATORS.has(propertyKey(p) ?? '') || hasMergingUpdateOperator(p.value, depth + 1)),
      );
    }

    // --- RxJS windows ---------------------------------------------------------------------------

    function rxjsName(callee: TSESTree.Node): string | undefined {
      const value = tracker.resolve(callee);
      if (value?.kind !== 'member') return undefined;
      for (const [id] of tracker.knowledge.lineage(value.owner)) if (RXJS_NAMESPACES.has(id)) return value.name;
      return undefined;
    }

    /** A pipe stage as the operator call it is, directly or through a `const`. */
    function stageCall(stage: TSESTree.Node): TSESTree.CallExpression | undefined {
      const node = unwrap(stage);
      if (node.type === 'CallExpression') return node;
      const origin = node.type === 'Identifier' ? tracker.origin(node) : undefined;
      return origin?.type === 'CallExpression' ? origin : undefined;
    }

    interface Source {
      group: Group;
      /** Stages applied before the pipe being checked (outer pipes, earlier `.pipe()` calls). */
      upstream: readonly TSESTree.Node[];
    }

    /** Whether an observable carries messages a consumer-group handler pushed, and what was applied on the way. */
    function traceSource(input: TSESTree.Node, upstream: readonly TSESTree.Node[], depth: number): Source | undefined {
      const node = unwrap(input);
      if (depth > MAX_DEPTH) return undefined;
      for (const feed of fed) {
        if ((feed.receiver && tracker.sameReference(node, feed.receiver)) || feed.observable === node) return { group: feed.group, upstream };
      }
      if (node.type === 'Identifier') {
        const outer = projectContext(node);
        if (outer) {
          const stages = outer.pipe.arguments.slice(0, outer.index);
          const receiver = unwrap(outer.pipe.callee);
          return receiver.type === 'MemberExpression' ? traceSource(receiver.object, [...stages, ...upstream], depth + 1) : undefined;
        }
      }
      if (node.type === 'Identifier' || node.type === 'MemberExpression') {
        const origin = tracker.origin(node);
        return origin && origin !== node ? traceSource(origin, upstream, depth + 1) : undefined;
      }
      if (node.type !== 'CallExpression') return undefined;
      const callee = unwrap(node.callee);
      if (callee.type === 'MemberExpression') {
        const method = staticMemberName(callee);
        if (method === 'pipe') return traceSource(callee.object, [...node.arguments, ...upstream], depth + 1);
        if (method === 'asObservable') return traceSource(callee.object, upstream, depth + 1);
      }
      const name = rxjsName(node.callee);
      if (name === 'merge') {
        for (const arg of node.arguments) {
          const found = traceSource(arg, upstream, depth + 1);
          if (found) return found;
        }
        return undefined;
      }
      const first = node.arguments[0];
      if (name === 'fromEvent' && first) {
        const group = tracker.hasRole(first, 'kafka-consumer') ? groupOf(first) : undefined;
        return group && { group, upstream };
      }
      if (name === 'fromEventPattern' && first && isFunctionNode(first)) {
        let group: Group | undefined;
        walk(first.body, (inner) => {
          if (group) return false;
          if (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && tracker.hasRole(inner.callee.object, 'kafka-consumer')) {
            group = groupOf(inner.callee.object);
          }
          return true;
        });
        return group && { group, upstream };
      }
      return undefined;
    }

    /** `mergeMap((g) => g.pipe(…))`: `g` is a value of the outer pipe at that stage. */
    function projectContext(id: TSESTree.Identifier): { pipe: TSESTree.CallExpression; index: number } | undefined {
      const def = tracker.variableOf(id)?.defs[0];
      if (def?.type !== 'Parameter' || !isFunctionNode(def.node)) return undefined;
      const operator = def.node.parent;
      if (operator.type !== 'CallExpression' || !operator.arguments.includes(def.node as TSESTree.CallExpressionArgument)) return undefined;
      const pipe = operator.parent;
      if (pipe.type !== 'CallExpression') return undefined;
      const pipeCallee = unwrap(pipe.callee);
      if (pipeCallee.type !== 'MemberExpression' || staticMemberName(pipeCallee) !== 'pipe') return undefined;
      const index = pipe.arguments.indexOf(operator);
      return index >= 0 ? { pipe, index } : undefined;
    }

    function isKeyedGrouping(stages: readonly TSESTree.Node[], scope: HandlerScope): boolean {
      return stages.some((stage) => {
        const call = stageCall(stage);
        const name = call && rxjsName(call.callee);
        const def = name !== undefined && Object.hasOwn(RXJS_KEYED_GROUPING, name) ? RXJS_KEYED_GROUPING[name] : undefined;
        if (!call || !def) return false;
        const selector = call.arguments[def.keySelector];
        if (!selector || selector.type === 'SpreadElement') return false;
        const fn = isFunctionNode(selector) ? selector : functionValue(selector);
        // A selector this rule cannot read may well be the key.
        if (!fn) return true;
        return factsOf(returnedExpressions(fn).map((node) => ({ node, env: EMPTY_ENV })), scope).keyed;
      });
    }

    function functionValue(node: TSESTree.Node): FunctionNode | undefined {
      const value = tracker.resolve(node);
      return value?.kind === 'function' ? value.node : undefined;
    }

    /** Functions that receive what the window emits: later stages, later `.pipe()` stages, `subscribe`. */
    function downstreamFunctions(pipe: TSESTree.CallExpression, index: number): FunctionNode[] {
      const found: FunctionNode[] = [];
      const fromStages = (stages: readonly TSESTree.Node[]) => {
        for (const stage of stages) {
          const call = stageCall(stage);
          const name = call && rxjsName(call.callee);
          // `filter((b) => b.length > 0)` decides which windows go on; it does not compute from them.
          if (name !== undefined && RXJS_SELECTING_OPERATORS.has(name)) continue;
          for (const arg of call?.arguments ?? []) {
            const fn = isFunctionNode(arg) ? arg : functionValue(arg);
            if (fn) found.push(fn);
          }
        }
      };
      fromStages(pipe.arguments.slice(index + 1));
      let current: TSESTree.Node = pipe;
      for (let i = 0; i < MAX_DEPTH; i++) {
        const member: TSESTree.Node = current.parent;
        if (member.type !== 'MemberExpression' || member.object !== current) break;
        const call: TSESTree.Node = member.parent;
        const method = staticMemberName(member);
        if (call.type !== 'CallExpression' || call.callee !== member || (method !== 'pipe' && method !== 'subscribe')) break;
        if (method === 'pipe') fromStages(call.arguments);
        for (const arg of call.arguments) {
          if (isFunctionNode(arg)) found.push(arg);
          if (arg.type === 'ObjectExpression') {
            for (const prop of arg.properties) if (prop.type === 'Property' && propertyKey(prop) === 'next' && isFunctionNode(prop.value)) found.push(prop.value);
          }
        }
        current = call;
      }
      return found;
    }

    /** The window's values are folded into one number or object: a sum, a count, a reduce. */
    function aggregates(fns: readonly FunctionNode[]): boolean {
      const params = new Set(fns.flatMap((fn) => fn.params.filter((p): p is TSESTree.Identifier => p.type === 'Identifier').map((p) => tracker.variableOf(p))));
      return fns.some((fn) => {
        let found = false;
        walk(fn.body, (node) => {
          if (found) return false;
          if (node.type === 'CallExpression') {
            const callee = unwrap(node.callee);
            const method = callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
            if (method !== undefined && ARRAY_AGGREGATE_METHODS.has(method)) found = true;
            const rx = rxjsName(node.callee);
            if (rx !== undefined && RXJS_AGGREGATE_OPERATORS.has(rx)) found = true;
          }
          if (
            node.type === 'MemberExpression' &&
            SIZE_PROPERTIES.has(staticMemberName(node) ?? '') &&
            node.object.type === 'Identifier' &&
            params.has(tracker.variableOf(node.object)) &&
            !isTested(node)
          ) {
            found = true;
          }
          if (node.type === 'ForOfStatement' && node.right.type === 'Identifier' && params.has(tracker.variableOf(node.right))) {
            walk(node.body, (inner) => {
              if (inner.type === 'AssignmentExpression' && inner.operator === '+=') found = true;
              return !found;
            });
          }
          return !found;
        });
        return found;
      });
    }

    /** Downstream code that reads the key of each value re-keys the window (per-key sums). */
    function rekeys(fns: readonly FunctionNode[], scope: HandlerScope): boolean {
      return fns.some((fn) => {
        let found = false;
        walk(fn.body, (node) => {
          if (found) return false;
          if (node.type === 'MemberExpression' && !node.computed) {
            const name = staticMemberName(node);
            const type = tracker.instanceType(node);
            if ((name !== undefined && scope.isKeyName(name)) || hasRole(type, 'message-key') || hasRole(type, 'message-partition')) found = true;
          }
          return !found;
        });
        return found;
      });
    }

    function checkRxWindows(): void {
      if (fed.length === 0 && !calls.some((c) => rxjsName(c.callee) === 'fromEvent' || rxjsName(c.callee) === 'fromEventPattern')) return;
      for (const pipe of calls) {
        const callee = unwrap(pipe.callee);
        if (callee.type !== 'MemberExpression' || staticMemberName(callee) !== 'pipe') continue;
        for (const [index, stage] of pipe.arguments.entries()) {
          const call = stageCall(stage);
          const operator = call && rxjsName(call.callee);
          if (!call || operator === undefined || !Object.hasOwn(RXJS_TIME_WINDOWS, operator)) continue;
          const source = traceSource(callee.object, pipe.arguments.slice(0, index), 0);
          if (!source) continue;
          const scope: HandlerScope = { group: source.group, isKeyName: keyNamePredicate(source.group.topics) };
          if (isKeyedGrouping(source.upstream, scope)) continue;
          const downstream = downstreamFunctions(pipe, index);
          if (!aggregates(downstream) || rekeys(downstream, scope)) continue;
          if (downstream.some((fn) => containsMergingWrite(fn.body, 0))) continue;
          context.report({ node: stage, messageId: 'partialRxWindow', data: { operator, group: groupPhrase(source.group) } });
        }
      }
    }

    // --- report -----------------------------------------------------------------------------------

    function groupPhrase(group: Group): string {
      return group.name === undefined ? 'the group' : `group '${group.name}'`;
    }

    function analyze(): void {
      if (!KAFKA_SPECIFIERS.some((specifier) => sourceCode.text.includes(specifier))) return;
      for (const fn of functions) {
        const handler = tracker.handlerOf(fn);
        const consumer = handler && consumerOf(handler);
        const group = consumer && groupOf(consumer);
        if (!group) continue;
        readFunction(fn, EMPTY_ENV, [fn], { group, isKeyName: keyNamePredicate(group.topics) }, 0);
      }
      const reported = new Set<TSESLint.Scope.Variable | string>();
      const mergedCache = new Map<TSESLint.Scope.Variable | string, boolean>();
      const ordered = [...verdicts.values()].sort((a, b) => a.node.range[0] - b.node.range[0]);
      for (const verdict of ordered) {
        const id = verdict.collection.id;
        if (!verdict.unkeyedBucket || verdict.keyedSomewhere || reported.has(id)) continue;
        let merged = mergedCache.get(id);
        if (merged === undefined) {
          merged = mergedDownstream(verdict.collection);
          mergedCache.set(id, merged);
        }
        if (merged) continue;
        reported.add(id);
        context.report({
          node: verdict.node,
          messageId: 'partialWindow',
          data: {
            collection: shorten(sourceCode.getText(verdict.collection.ref)),
            key: shorten(verdict.keyText),
            group: groupPhrase(verdict.group),
          },
        });
      }
      checkRxWindows();
    }

    return {
      'ArrowFunctionExpression, FunctionExpression, FunctionDeclaration'(node: FunctionNode) {
        functions.push(node);
      },
      CallExpression(node) {
        calls.push(node);
      },
      MemberExpression(node) {
        if (!node.computed) members.push(node);
      },
      'Program:exit'() {
        analyze();
      },
    };
  },
});

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

function propertyKey(prop: TSESTree.Property): string | undefined {
  if (!prop.computed && prop.key.type === 'Identifier') return prop.key.name;
  return stringValue(prop.key);
}

/** The property a destructured binding takes: `ts` for `{ ts }` and `{ ts: when }`. */
function destructuredKey(name: TSESTree.Node): string | undefined {
  let node: TSESTree.Node = name;
  if (node.parent?.type === 'AssignmentPattern' && node.parent.left === node) node = node.parent;
  const prop = node.parent;
  return prop?.type === 'Property' && prop.value === node && prop.parent.type === 'ObjectPattern' ? propertyKey(prop) : undefined;
}

/** What an identifier reference is given when it is written: an initialiser or the right side of `=`. */
function writtenValue(id: TSESTree.Node): TSESTree.Node | undefined {
  const parent = id.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id === id) {
    const loop = parent.parent.parent;
    return loop.type === 'ForOfStatement' || loop.type === 'ForInStatement' ? undefined : (parent.init ?? undefined);
  }
  if (parent?.type === 'AssignmentExpression' && parent.left === id && ['=', '??=', '||='].includes(parent.operator)) return parent.right;
  return undefined;
}

function isCallee(node: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  while (child.parent?.type === 'ChainExpression' || child.parent?.type === 'TSNonNullExpression') child = child.parent;
  return child.parent?.type === 'CallExpression' && child.parent.callee === child;
}

const COMPARISONS: ReadonlySet<string> = new Set(['===', '!==', '==', '!=', '<', '<=', '>', '>=']);

/** `b.length > 0`, `if (!b.length)`: a size checked, not a size computed. */
function isTested(node: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  while (child.parent?.type === 'UnaryExpression' && child.parent.operator === '!') child = child.parent;
  const parent = child.parent;
  if (!parent) return false;
  if (parent.type === 'BinaryExpression') return COMPARISONS.has(parent.operator);
  if (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression' || parent.type === 'WhileStatement') return parent.test === child;
  return parent.type === 'LogicalExpression';
}

function isZeroLiteral(node: TSESTree.Node | undefined): boolean {
  const n = node && node.type !== 'SpreadElement' ? unwrap(node) : undefined;
  return n?.type === 'Literal' && n.value === 0;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}

function hasIndexSignature(services: ParserServicesWithTypeInformation, node: TSESTree.Node): boolean {
  const checker = services.program.getTypeChecker();
  const type = checker.getNonNullableType(checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node)));
  return checker.getIndexInfosOfType(type).length > 0;
}

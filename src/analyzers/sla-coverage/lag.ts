/**
 * RULES.md M4: every Kafka consumer group needs a lag or freshness measurement somewhere in the
 * project: a metric recording kafkajs's batch lag (`offsetLag` of the batch instrumentation
 * events, `batch.offsetLag()` in `eachBatch`), admin offsets compared (`fetchTopicOffsets` against
 * `fetchOffsets`, the difference recorded), librdkafka statistics, an event-time freshness metric
 * (now minus the time of a consumed message), or an `slas:` entry of kind lag/freshness. A value
 * counts only when it is traced back to what the consumer consumed (through local constants,
 * destructuring, loops and project helpers). Evidence that cannot be tied to one consumer (a
 * helper given the consumer as a parameter, admin offsets of a group id not written out) counts
 * for all of them.
 */
import { Node, SyntaxKind, type CallExpression, type SourceFile } from 'ts-morph';
import type { Sla } from '../../config/types.js';
import type { TypeId } from '../../knowledge/model.js';
import { KAFKAJS_CONSUMER_EVENTS, KAFKA_CONSUMER_GROUPS } from '../../knowledge/libraries/kafka.js';
import { LISTENER_METHODS, ONCE_LISTENER_METHODS } from '../../knowledge/generic.js';
import { LIBRARIES } from '../../knowledge/registry.js';
import { DURATION_FIELD_PATTERN, TIMESTAMP_FIELD_PATTERN } from '../../knowledge/windows.js';
import { isFunctionLike, memberName, stringLiteralValue, unwrapExpression } from '../dashboard-queries/resolve.js';
import { constantString, declarationOf, identifiersNamed, type MetricCollector, type MetricInventory } from './metrics.js';
import { callsIn, callsWithin, newsIn } from '../calls.js';

export interface ConsumerGroup {
  /** The `consumer(...)` call or `new KafkaConsumer(...)`. */
  node: Node;
  groupId?: string;
  binding?: Node;
  type: TypeId;
}

const BATCH_EVENTS: ReadonlySet<string> = new Set([
  'START_BATCH_PROCESS',
  'END_BATCH_PROCESS',
  KAFKAJS_CONSUMER_EVENTS.START_BATCH_PROCESS ?? '',
  KAFKAJS_CONSUMER_EVENTS.END_BATCH_PROCESS ?? '',
]);
/** librdkafka's statistics callback, whose JSON carries `consumer_lag` per partition. */
const STATS_EVENT = 'event.stats';
const STATS_OPTION = 'statistics.interval.ms';
/** Record methods on receivers the tables cannot resolve (names may only make a check quieter). */
const RECORD_NAMES: ReadonlySet<string> = new Set(['set', 'observe', 'record', 'gauge', 'inc', 'add', 'histogram', 'timing', 'distribution', 'setToCurrentTime']);

/** kafkajs lag of a batch: properties of the batch event payload, methods of `eachBatch`'s `batch`. */
const BATCH_LAG_PROPERTIES: ReadonlySet<string> = new Set(['offsetLag', 'offsetLagLow']);
const BATCH_LAG_METHODS: ReadonlySet<string> = new Set(['offsetLag', 'offsetLagLow']);
/** kafkajs admin: a group's committed offsets, and the topic's end offsets. */
const ADMIN_COMMITTED = 'fetchOffsets';
const ADMIN_LATEST = 'fetchTopicOffsets';
/** Nodes one trace may visit, and call sites of one helper it follows: tracing stays cheap on large projects. */
const TRACE_BUDGET = 400;
const MAX_CALL_SITES = 20;

/** Methods whose calls can register a listener, a handler, or compare offsets. */
const INTERESTING_METHODS: ReadonlySet<string> = new Set([...LISTENER_METHODS, ...ONCE_LISTENER_METHODS, 'run', 'consume', ADMIN_COMMITTED, ADMIN_LATEST]);

/** Names of the members that create consumers (`consumer`, `KafkaConsumer`), from the tables. */
function consumerFactoryNames(): Set<string> {
  const names = new Set<string>();
  for (const library of LIBRARIES) {
    for (const def of Object.values(library.types)) {
      for (const [name, target] of [...Object.entries(def.classes ?? {}), ...Object.entries(def.methods ?? {})]) {
        if (Object.hasOwn(KAFKA_CONSUMER_GROUPS, target)) names.add(name);
      }
    }
  }
  return names;
}

/** The consumer groups of the project: consumers that join a group (kafkajs always does). */
export function consumerGroups(files: readonly SourceFile[], collector: MetricCollector): ConsumerGroup[] {
  const groups: ConsumerGroup[] = [];
  const knowledge = collector.knowledge;
  const names = consumerFactoryNames();
  for (const file of files) {
    const calls: Node[] = [...newsIn(file), ...callsIn(file)];
    calls.sort((a, b) => a.getPos() - b.getPos());
    calls.forEach((node) => {
      if (!Node.isCallExpression(node) && !Node.isNewExpression(node)) return;
      const expression = unwrapExpression(node.getExpression());
      const name = Node.isIdentifier(expression) ? expression.getText() : memberName(expression);
      if (name !== undefined && !names.has(name) && !Node.isIdentifier(expression)) return;
      const callee = collector.resolve(node.getExpression());
      if (callee?.kind !== 'member') return;
      const type = knowledge.member(callee.owner, Node.isNewExpression(node) ? 'classes' : 'methods', callee.name);
      const def = type === undefined ? undefined : KAFKA_CONSUMER_GROUPS[type];
      if (type === undefined || !def) return;
      const options = node.getArguments()[def.groupId.argument];
      let groupId: string | undefined;
      for (const path of def.groupId.paths) {
        const value = options ? valueAt(options, path) : undefined;
        groupId = value ? constantString(value) : undefined;
        if (groupId !== undefined) break;
      }
      const binding = bindingOf(node);
      if (!def.groupedByDefault) {
        // librdkafka consumers are in a group only with `group.id` and a `subscribe()`.
        if (groupId === undefined || !binding || !hasMethodCall(files, binding, def.join)) return;
      }
      groups.push({ node, type, ...(groupId !== undefined ? { groupId } : {}), ...(binding ? { binding } : {}) });
    });
  }
  return groups;
}

/** A function the consumer calls with what it consumed, and the consumer it is registered on. */
interface Handler {
  fn: Node;
  receiver: Node;
}

/** The groups with no lag or freshness measurement anywhere. */
export function unmeasuredGroups(
  groups: readonly ConsumerGroup[],
  files: readonly SourceFile[],
  collector: MetricCollector,
  inventory: MetricInventory,
  slas: readonly Sla[],
): ConsumerGroup[] {
  if (groups.length === 0) return [];
  const measured = new Set<ConsumerGroup>();
  let everything = false;
  const credit = (receiver: Node | undefined) => {
    const group = receiver ? groupOf(receiver, groups) : undefined;
    if (group) measured.add(group);
    else everything = true;
  };
  for (const sla of slas) {
    if (sla.kind !== 'lag' && sla.kind !== 'freshness') continue;
    const scoped = sla.scope?.consumerGroup;
    if (scoped === undefined) everything = true;
    else for (const g of groups) if (g.groupId === scoped) measured.add(g);
  }
  for (const g of groups) {
    if (Node.isCallExpression(g.node) || Node.isNewExpression(g.node)) {
      if (g.node.getArguments().some((a) => a.getText().includes(STATS_OPTION))) measured.add(g);
    }
  }

  // Set inside the traversal callbacks below.
  const admin = { used: false };
  const handlers = new Map<Node, Handler>();
  for (const file of files) {
    callsIn(file).forEach((node) => {
      const callee = unwrapExpression(node.getExpression());
      if (!Node.isPropertyAccessExpression(callee) && !Node.isElementAccessExpression(callee)) return;
      const method = memberName(callee);
      if (method === undefined || !INTERESTING_METHODS.has(method)) return;
      if (method === ADMIN_COMMITTED || method === ADMIN_LATEST) admin.used = true;
      const receiver = callee.getExpression();
      const args = node.getArguments();
      if (LISTENER_METHODS.has(method) || ONCE_LISTENER_METHODS.has(method)) {
        const event = eventOf(args[0]);
        const fn = functionOf(args[1]);
        if (event === STATS_EVENT) credit(receiver);
        else if (event !== undefined && BATCH_EVENTS.has(event) && fn) handlers.set(fn, { fn, receiver });
        const receiverType = collector.instanceType(receiver);
        if (fn && event === 'data' && receiverType !== undefined && KAFKA_CONSUMER_GROUPS[receiverType]) handlers.set(fn, { fn, receiver });
        return;
      }
      // `consumer.run({ eachMessage, eachBatch })`.
      const receiverType = collector.instanceType(receiver);
      const options = args[0] ? unwrapExpression(args[0]) : undefined;
      if (receiverType !== undefined && options && Node.isObjectLiteralExpression(options)) {
        for (const prop of options.getProperties()) {
          const key = Node.isPropertyAssignment(prop) || Node.isShorthandPropertyAssignment(prop) || Node.isMethodDeclaration(prop) ? prop.getName() : undefined;
          const kind = key === undefined ? undefined : collector.knowledge.optionHandler(receiverType, method, key)?.kind;
          if (kind !== 'consumer-message' && kind !== 'consumer-batch') continue;
          const fn = Node.isMethodDeclaration(prop) ? prop : functionOf(Node.isPropertyAssignment(prop) ? prop.getInitializer() : Node.isShorthandPropertyAssignment(prop) ? prop.getNameNode() : undefined);
          if (fn) handlers.set(fn, { fn, receiver });
        }
      }
    });
  }

  const trace = new ValueTrace(files);
  // A parameter of a handler holds what the consumer consumed (the message, the batch, the batch event).
  const consumed = (n: Node): Handler | undefined => (Node.isParameterDeclaration(n) ? handlers.get(n.getParentOrThrow()) : undefined);
  const fromConsumed = (n: Node) => trace.find(n, consumed);

  // kafkajs batch lag: `payload.offsetLag` of a batch event, `batch.offsetLag()` in `eachBatch`.
  const lagOf = (n: Node): Handler | undefined => {
    if (Node.isBindingElement(n)) {
      const name = n.getPropertyNameNode()?.getText() ?? n.getName();
      return BATCH_LAG_PROPERTIES.has(name) ? fromConsumed(n.getParentOrThrow().getParentOrThrow()) : undefined;
    }
    const access = Node.isCallExpression(n) ? unwrapExpression(n.getExpression()) : n;
    if (!Node.isPropertyAccessExpression(access) && !Node.isElementAccessExpression(access)) return undefined;
    const name = memberName(access);
    if (name === undefined) return undefined;
    const parent = n.getParent();
    const isLag = Node.isCallExpression(n) ? BATCH_LAG_METHODS.has(name) : BATCH_LAG_PROPERTIES.has(name) && !(Node.isCallExpression(parent) && parent.getExpression() === n);
    return isLag ? fromConsumed(access.getExpression()) : undefined;
  };
  // An event time of a consumed message: its `timestamp`, or a time field of what it decodes to.
  const eventTimeOf = (n: Node): Handler | undefined => {
    if (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n)) {
      const name = memberName(n);
      return name !== undefined && isTimeField(name) ? fromConsumed(n.getExpression()) : undefined;
    }
    if (Node.isBindingElement(n)) {
      const name = n.getPropertyNameNode()?.getText() ?? n.getName();
      return isTimeField(name) ? fromConsumed(n.getParentOrThrow().getParentOrThrow()) : undefined;
    }
    return undefined;
  };
  // Freshness: now minus that event time.
  const freshnessOf = (n: Node): Handler | undefined => {
    if (!Node.isBinaryExpression(n) || n.getOperatorToken().getKind() !== SyntaxKind.MinusToken) return undefined;
    return trace.find(n.getLeft(), (m) => (isNow(m) ? true : undefined)) ? trace.find(n.getRight(), eventTimeOf) : undefined;
  };

  const candidates = new Set<Node>(inventory.recordCalls);
  for (const { fn } of handlers.values()) for (const call of unknownRecordCalls(fn, collector)) candidates.add(call);
  for (const call of candidates) {
    if (!Node.isCallExpression(call)) continue;
    for (const arg of call.getArguments()) {
      const lagged = trace.find(arg, lagOf) ?? trace.find(arg, freshnessOf);
      if (lagged) credit(lagged.receiver);
      if (!admin.used) continue;
      // Admin offsets: end offsets minus committed offsets, recorded.
      const committed = trace.find(arg, (n) => (isCallOf(n, ADMIN_COMMITTED) ? n : undefined));
      if (committed && trace.find(arg, (n) => (isCallOf(n, ADMIN_LATEST) ? n : undefined))) {
        const options = committed.getArguments()[0];
        const value = options ? valueAt(options, ['groupId']) : undefined;
        const groupId = value ? constantString(value) : undefined;
        if (groupId === undefined) everything = true;
        else for (const g of groups) if (g.groupId === groupId) measured.add(g);
      }
    }
  }
  // A last-processed-time gauge in a handler.
  for (const { fn, receiver } of handlers.values()) {
    if (recordsIn(fn, collector, inventory, (call) => /\.setToCurrentTime\s*\(/.test(call.getText()))) credit(receiver);
  }
  return everything ? [] : groups.filter((g) => !measured.has(g));
}

function isTimeField(name: string): boolean {
  return TIMESTAMP_FIELD_PATTERN.test(name) && !DURATION_FIELD_PATTERN.test(name);
}

/** `Date.now()`, `new Date()`. */
function isNow(n: Node): boolean {
  if (Node.isNewExpression(n)) return n.getExpression().getText() === 'Date' && n.getArguments().length === 0;
  if (!Node.isCallExpression(n)) return false;
  const callee = unwrapExpression(n.getExpression());
  return Node.isPropertyAccessExpression(callee) && callee.getName() === 'now' && callee.getExpression().getText() === 'Date';
}

function isCallOf(n: Node, method: string): n is CallExpression {
  if (!Node.isCallExpression(n)) return false;
  const callee = unwrapExpression(n.getExpression());
  return (Node.isPropertyAccessExpression(callee) || Node.isElementAccessExpression(callee)) && memberName(callee) === method;
}

/** Record-like calls in a handler on receivers the tables cannot see (names may only make the check quieter). */
function unknownRecordCalls(fn: Node, collector: MetricCollector): Node[] {
  return callsWithin(fn).filter((call) => {
    const callee = unwrapExpression(call.getExpression());
    return Node.isPropertyAccessExpression(callee) && RECORD_NAMES.has(callee.getName()) && collector.instanceType(callee.getExpression()) === undefined;
  });
}

/**
 * Where a value comes from, inside the project: local constants and destructuring followed to
 * their initialisers, `for…of` variables to what they iterate, parameters of array callbacks
 * (`offsets.forEach((p) => …)`) to the array, and parameters of project functions to the
 * arguments of their calls. Function bodies met on the way are not entered.
 */
class ValueTrace {
  readonly #files: readonly SourceFile[];
  readonly #callSites = new Map<Node, CallExpression[]>();

  constructor(files: readonly SourceFile[]) {
    this.#files = files;
  }

  /** The first answer `test` gives on the way from `start` to the sources of its value. */
  find<T>(start: Node, test: (n: Node) => T | undefined): T | undefined {
    const seen = new Set<Node>();
    let budget = TRACE_BUDGET;
    const visit = (n: Node): T | undefined => {
      if (seen.has(n) || budget-- <= 0) return undefined;
      seen.add(n);
      const hit = test(n);
      if (hit !== undefined) return hit;
      if (Node.isIdentifier(n)) {
        const declaration = declarationOf(n);
        return declaration ? visit(declaration) : undefined;
      }
      if (Node.isVariableDeclaration(n)) {
        const init = n.getInitializer();
        if (init) return visit(init);
        const loop = n.getParent().getParent();
        return Node.isForOfStatement(loop) ? visit(loop.getExpression()) : undefined;
      }
      if (Node.isBindingElement(n)) return visit(n.getParentOrThrow().getParentOrThrow());
      if (Node.isParameterDeclaration(n)) {
        for (const source of this.#parameterSources(n)) {
          const found = visit(source);
          if (found !== undefined) return found;
        }
        return undefined;
      }
      if (isFunctionLike(n) || Node.isClassDeclaration(n) || Node.isClassExpression(n)) return undefined;
      if (Node.isPropertyAccessExpression(n)) return visit(n.getExpression());
      for (const child of n.getChildren()) {
        const found = visit(child);
        if (found !== undefined) return found;
      }
      return undefined;
    };
    return visit(start);
  }

  #parameterSources(param: import('ts-morph').ParameterDeclaration): Node[] {
    const fn = param.getParent();
    const parent = fn.getParent();
    if (Node.isCallExpression(parent) && parent.getArguments().includes(fn)) {
      const callee = unwrapExpression(parent.getExpression());
      return Node.isPropertyAccessExpression(callee) ? [callee.getExpression()] : [];
    }
    if (!isFunctionLike(fn)) return [];
    const index = fn.getParameters().indexOf(param);
    return this.#callsOf(fn).flatMap((call) => call.getArguments()[index] ?? []);
  }

  /** Calls of a named project function, across the audited files. */
  #callsOf(fn: Node): CallExpression[] {
    let calls = this.#callSites.get(fn);
    if (calls) return calls;
    calls = [];
    const holder = Node.isFunctionDeclaration(fn) ? fn : fn.getParent();
    const name = Node.isFunctionDeclaration(holder) || Node.isVariableDeclaration(holder) ? holder.getNameNode() : undefined;
    if (name && Node.isIdentifier(name)) {
      const names = new Set([name.getText()]);
      for (const file of this.#files) {
        for (const id of identifiersNamed(file, names)) {
          const call = id.getParent();
          if (Node.isCallExpression(call) && call.getExpression() === id && declarationOf(id) === holder) calls.push(call);
          if (calls.length >= MAX_CALL_SITES) break;
        }
      }
    }
    this.#callSites.set(fn, calls);
    return calls;
  }
}

function groupOf(receiver: Node, groups: readonly ConsumerGroup[]): ConsumerGroup | undefined {
  const n = unwrapExpression(receiver);
  const target = Node.isPropertyAccessExpression(n) ? n.getNameNode() : n;
  if (!Node.isIdentifier(target)) return undefined;
  const declaration = declarationOf(target);
  return declaration ? groups.find((g) => g.binding === declaration) : undefined;
}

/** A string event name, or the constant of kafkajs `consumer.events`. */
function eventOf(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const literal = stringLiteralValue(node);
  if (literal !== undefined) return literal;
  const n = unwrapExpression(node);
  if (Node.isPropertyAccessExpression(n)) {
    const events = unwrapExpression(n.getExpression());
    if (Node.isPropertyAccessExpression(events) && events.getName() === 'events') return n.getName();
  }
  // `const { END_BATCH_PROCESS } = consumer.events`.
  const declaration = Node.isIdentifier(n) ? declarationOf(n) : undefined;
  if (declaration && Node.isBindingElement(declaration)) {
    const holder = declaration.getParentOrThrow().getParentOrThrow();
    const init = Node.isVariableDeclaration(holder) ? holder.getInitializer() : undefined;
    const events = init ? unwrapExpression(init) : undefined;
    if (events && Node.isPropertyAccessExpression(events) && events.getName() === 'events') return declaration.getPropertyNameNode()?.getText() ?? declaration.getName();
  }
  return undefined;
}

function functionOf(node: Node | undefined): Node | undefined {
  if (!node) return undefined;
  const n = unwrapExpression(node);
  if (isFunctionLike(n)) return n;
  if (Node.isIdentifier(n)) {
    const declaration = declarationOf(n);
    if (declaration && isFunctionLike(declaration)) return declaration;
    if (declaration && Node.isVariableDeclaration(declaration)) {
      const init = declaration.getInitializer();
      return init && isFunctionLike(unwrapExpression(init)) ? unwrapExpression(init) : undefined;
    }
  }
  return undefined;
}

function contains(outer: Node, inner: Node): boolean {
  return outer.getSourceFile() === inner.getSourceFile() && inner.getPos() >= outer.getPos() && inner.getEnd() <= outer.getEnd();
}

/** A metric record (known, or a record-like call on something the tables cannot see) inside the function. */
function recordsIn(fn: Node, collector: MetricCollector, inventory: MetricInventory, filter?: (call: Node) => boolean): boolean {
  if (inventory.recordCalls.some((c) => contains(fn, c) && (!filter || filter(c)))) return true;
  return callsWithin(fn).some((call) => {
    const callee = unwrapExpression(call.getExpression());
    if (!Node.isPropertyAccessExpression(callee) || !RECORD_NAMES.has(callee.getName())) return false;
    return collector.instanceType(callee.getExpression()) === undefined && (!filter || filter(call));
  });
}

function valueAt(node: Node, path: readonly string[]): Node | undefined {
  let current: Node = unwrapExpression(node);
  for (const key of path) {
    if (!Node.isObjectLiteralExpression(current)) return undefined;
    const prop = current.getProperty(key) ?? current.getProperty(`'${key}'`) ?? current.getProperty(`"${key}"`);
    if (!prop || !Node.isPropertyAssignment(prop)) return undefined;
    const init = prop.getInitializer();
    if (!init) return undefined;
    current = unwrapExpression(init);
  }
  return current;
}

function bindingOf(node: Node): Node | undefined {
  let current = node;
  while (current.getParent() && (Node.isAwaitExpression(current.getParent()) || Node.isParenthesizedExpression(current.getParent()) || Node.isAsExpression(current.getParent()))) {
    current = current.getParentOrThrow();
  }
  const parent = current.getParent();
  if (parent && (Node.isVariableDeclaration(parent) || Node.isPropertyDeclaration(parent) || Node.isPropertyAssignment(parent)) && Node.isIdentifier(parent.getNameNode())) {
    return parent;
  }
  if (parent && Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
    const left = parent.getLeft();
    if (Node.isPropertyAccessExpression(left)) return declarationOf(left.getNameNode());
  }
  return undefined;
}

/** Whether a method of `names` is called on the binding anywhere. */
function hasMethodCall(files: readonly SourceFile[], binding: Node, names: readonly string[]): boolean {
  const wanted = new Set(names);
  for (const file of files) {
    for (const node of callsIn(file)) {
      const callee = unwrapExpression(node.getExpression());
      if (!Node.isPropertyAccessExpression(callee) || !wanted.has(callee.getName())) continue;
      const receiver = unwrapExpression(callee.getExpression());
      const target = Node.isPropertyAccessExpression(receiver) ? receiver.getNameNode() : receiver;
      if (Node.isIdentifier(target) && declarationOf(target) === binding) return true;
    }
  }
  return false;
}

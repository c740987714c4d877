/**
 * RULES.md M4: every Kafka consumer group needs a lag or freshness measurement somewhere in the
 * project: kafkajs batch instrumentation events recording `offsetLag`, admin offsets compared
 * (`fetchOffsets` against `fetchTopicOffsets`), librdkafka statistics, an event-time freshness
 * gauge, or an `slas:` entry of kind lag/freshness. Evidence that cannot be tied to one consumer
 * (a helper given the consumer as a parameter) counts for all of them.
 */
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import type { Sla } from '../../config/types.js';
import type { TypeId } from '../../knowledge/model.js';
import { KAFKAJS_CONSUMER_EVENTS, KAFKA_CONSUMER_GROUPS } from '../../knowledge/libraries/kafka.js';
import { LISTENER_METHODS, ONCE_LISTENER_METHODS } from '../../knowledge/generic.js';
import { LIBRARIES } from '../../knowledge/registry.js';
import { isFunctionLike, memberName, stringLiteralValue, unwrapExpression } from '../dashboard-queries/resolve.js';
import { constantString, declarationOf, type MetricCollector, type MetricInventory } from './metrics.js';
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

/** Methods whose calls can register a listener, a handler, or compare offsets. */
const INTERESTING_METHODS: ReadonlySet<string> = new Set([...LISTENER_METHODS, ...ONCE_LISTENER_METHODS, 'run', 'consume', 'fetchOffsets', 'fetchTopicOffsets']);

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
  const admin = { fetchOffsets: false, fetchTopicOffsets: false };
  const handlerBodies: Node[] = [];
  for (const file of files) {
    callsIn(file).forEach((node) => {
      const callee = unwrapExpression(node.getExpression());
      if (!Node.isPropertyAccessExpression(callee) && !Node.isElementAccessExpression(callee)) return;
      const method = memberName(callee);
      if (method === undefined || !INTERESTING_METHODS.has(method)) return;
      if (method === 'fetchOffsets') admin.fetchOffsets = true;
      if (method === 'fetchTopicOffsets') admin.fetchTopicOffsets = true;
      const receiver = callee.getExpression();
      const args = node.getArguments();
      if (LISTENER_METHODS.has(method) || ONCE_LISTENER_METHODS.has(method)) {
        const event = eventOf(args[0]);
        const fn = functionOf(args[1]);
        if (event === STATS_EVENT) credit(receiver);
        else if (event !== undefined && BATCH_EVENTS.has(event) && fn && mentions(fn, 'offsetLag') && recordsIn(fn, collector, inventory)) credit(receiver);
        const receiverType = collector.instanceType(receiver);
        if (fn && event === 'data' && receiverType !== undefined && KAFKA_CONSUMER_GROUPS[receiverType]) {
          handlerBodies.push(fn);
          if (recordsFreshness(fn, collector, inventory)) credit(receiver);
        }
        return;
      }
      // `consumer.run({ eachMessage, eachBatch })`: event-time freshness recorded per message.
      const receiverType = collector.instanceType(receiver);
      const options = args[0] ? unwrapExpression(args[0]) : undefined;
      if (receiverType !== undefined && options && Node.isObjectLiteralExpression(options)) {
        for (const prop of options.getProperties()) {
          const key = Node.isPropertyAssignment(prop) || Node.isShorthandPropertyAssignment(prop) || Node.isMethodDeclaration(prop) ? prop.getName() : undefined;
          const kind = key === undefined ? undefined : collector.knowledge.optionHandler(receiverType, method, key)?.kind;
          if (kind !== 'consumer-message' && kind !== 'consumer-batch') continue;
          const fn = Node.isMethodDeclaration(prop) ? prop : functionOf(Node.isPropertyAssignment(prop) ? prop.getInitializer() : Node.isShorthandPropertyAssignment(prop) ? prop.getNameNode() : undefined);
          if (!fn) continue;
          handlerBodies.push(fn);
          if (recordsFreshness(fn, collector, inventory)) credit(receiver);
        }
      }
    });
  }
  if (admin.fetchOffsets && admin.fetchTopicOffsets) everything = true;
  // Freshness recorded by a helper outside any handler: it cannot be tied to one group.
  for (const call of inventory.recordCalls) {
    if (handlerBodies.some((b) => contains(b, call))) continue;
    if (mentionsTimestamp(call)) everything = true;
  }
  return everything ? [] : groups.filter((g) => !measured.has(g));
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

function mentions(node: Node, word: string): boolean {
  return node.getText().includes(word);
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

/** An event-time freshness measurement: a record fed from a message timestamp, or a last-processed timestamp. */
function recordsFreshness(fn: Node, collector: MetricCollector, inventory: MetricInventory): boolean {
  return recordsIn(fn, collector, inventory, (call) => mentionsTimestamp(call) || /\.setToCurrentTime\s*\(/.test(call.getText()));
}

function mentionsTimestamp(call: Node): boolean {
  if (!Node.isCallExpression(call)) return false;
  return call.getArguments().some((a) => /\btimestamp\b/i.test(a.getText()));
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

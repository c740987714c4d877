/**
 * What the sla-metrics rules share: which calls record a metric (prom-client, OpenTelemetry,
 * StatsD, through import tracking first and types second), where a record call keeps its value
 * and its labels, how a metric was defined (name, unit, buckets), and the unit of a time value.
 */
import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import type { MetricCallDef, MetricDef, TypeId } from '../../knowledge/model.js';
import { BUCKET_GENERATORS, METRIC_DEFINING_NAMES, METRIC_METHOD_NAMES, MILLIS_SUFFIXES, SECONDS_SUFFIXES } from '../../knowledge/libraries/metrics.js';
import { isFunctionNode, staticMemberName, stringValue, unwrap, type FunctionNode, type ImportTracker } from '../../knowledge/tracking/estree.js';

export type TimeUnit = 'seconds' | 'milliseconds';

/** A call that records a metric value (or selects a labelled child), with its layout. */
export interface MetricCall {
  call: TSESTree.CallExpression;
  type: TypeId;
  metric: MetricDef;
  def: MetricCallDef;
  /** The method name, or undefined when the value itself is called (`end()`). */
  method: string | undefined;
  /** The metric the call records into (`h` in `h.labels(...).observe(v)`); undefined for `end()`. */
  receiver: TSESTree.Expression | undefined;
}

/** The value and label arguments of a record call. */
export interface MetricArguments {
  value?: TSESTree.Expression;
  /** Labels objects, attribute objects, StatsD tag arrays/objects, or positional label values. */
  labels: TSESTree.Expression[];
  /** Positional label values of `labels('GET', '200')`. */
  positional: boolean;
  stat?: TSESTree.Expression;
}

/** A metric definition as the code wrote it. */
export interface MetricInfo {
  type: TypeId;
  metric: MetricDef;
  name?: string;
  /** OpenTelemetry `unit` option. */
  unit?: string;
  /** `undefined`: computed, cannot be read. */
  buckets?: { values: number[] | undefined; defaulted: boolean; node?: TSESTree.Node };
  /** The `new`/factory call, when it is in this file. */
  node?: TSESTree.NewExpression | TSESTree.CallExpression;
}

/** Names a metric record method may have; an unresolved receiver calling one is a possible record (quieter only). */
export const DISTINCT_RECORD_METHODS: ReadonlySet<string> = new Set([
  'observe', 'startTimer', 'inc', 'dec', 'record', 'timing', 'increment', 'decrement', 'histogram', 'distribution',
  'gauge', 'setToCurrentTime', 'asyncTimer', 'asyncDistTimer',
]);

const MAX_DEPTH = 8;

/**
 * Metric knowledge for expressions of one file: import tracking, then (when the file has a
 * program) the declared type of the value, resolved to a modelled class by its package.
 */
export class MetricResolver {
  readonly #tracker: ImportTracker;
  readonly #services: ParserServicesWithTypeInformation | undefined;
  readonly #types = new Map<TSESTree.Node, TypeId | undefined>();

  constructor(tracker: ImportTracker, services: ParserServicesWithTypeInformation | undefined) {
    this.#tracker = tracker;
    this.#services = services;
  }

  get tracker(): ImportTracker {
    return this.#tracker;
  }

  /** The modelled type of a value that is (or belongs to) a metrics library, else undefined. */
  typeOf(node: TSESTree.Node, depth = 0): TypeId | undefined {
    if (this.#types.has(node)) return this.#types.get(node);
    this.#types.set(node, undefined);
    const found = this.#typeOfUncached(node, depth);
    this.#types.set(node, found);
    return found;
  }

  #typeOfUncached(input: TSESTree.Node, depth: number): TypeId | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const tracked = this.#tracker.instanceType(input);
    if (tracked !== undefined) return tracked;
    const node = unwrap(input);
    const knowledge = this.#tracker.knowledge;
    // `h.labels(...)`, `h.startTimer()`: the method's result type, from a receiver known by type.
    if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      if (callee.type === 'MemberExpression') {
        const method = staticMemberName(callee);
        const owner = method === undefined ? undefined : this.typeOf(callee.object, depth + 1);
        if (owner !== undefined && method !== undefined) {
          const returned = knowledge.member(owner, 'methods', method);
          if (returned !== undefined) return returned;
        }
      }
    }
    if (node.type === 'Identifier') {
      const init = singleInit(this.#tracker, node);
      if (init) {
        const viaInit = this.typeOf(init, depth + 1);
        if (viaInit !== undefined) return viaInit;
      }
    }
    if (node.type === 'AwaitExpression') return this.typeOf(node.argument, depth + 1);
    return this.#services ? typedLibraryType(this.#services, node, knowledge) : undefined;
  }

  /** The metric call this is, when it records (or selects) through a modelled metric. */
  metricCall(call: TSESTree.CallExpression): MetricCall | undefined {
    const knowledge = this.#tracker.knowledge;
    const callee = unwrap(call.callee);
    if (callee.type === 'MemberExpression') {
      const method = staticMemberName(callee);
      // Only calls named like a record method are resolved: large files stay cheap.
      if (method === undefined || !METRIC_METHOD_NAMES.has(method)) return undefined;
      const type = this.typeOf(callee.object);
      const metric = type === undefined ? undefined : knowledge.metric(type);
      const def = metric?.records?.[method];
      if (!type || !metric || !def || !Object.hasOwn(metric.records ?? {}, method)) return undefined;
      return { call, type, metric, def, method, receiver: callee.object };
    }
    // `end()`: a variable holding what a record method (`startTimer()`) returned.
    if (callee.type !== 'Identifier' || !this.#holdsTimer(callee)) return undefined;
    const type = this.typeOf(callee);
    const metric = type === undefined ? undefined : knowledge.metric(type);
    if (!type || !metric?.callRecords) return undefined;
    return { call, type, metric, def: metric.callRecords, method: undefined, receiver: undefined };
  }

  #holdsTimer(id: TSESTree.Identifier): boolean {
    const init = singleInit(this.#tracker, id, true);
    const call = init ? unwrap(init) : undefined;
    if (call?.type !== 'CallExpression') return false;
    const callee = unwrap(call.callee);
    const method = callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
    return method !== undefined && METRIC_METHOD_NAMES.has(method);
  }

  /** Whether a `new`/factory call is named like one that defines a metric (resolution still decides). */
  static mayDefine(node: TSESTree.NewExpression | TSESTree.CallExpression): boolean {
    const callee = unwrap(node.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
    return name !== undefined && METRIC_DEFINING_NAMES.has(name);
  }

  /**
   * Whether a call may record a metric: a modelled record call, or (names only making the caller
   * quieter) a distinctive record method on a receiver nothing is known about.
   */
  maybeRecords(call: TSESTree.CallExpression): boolean {
    const known = this.metricCall(call);
    if (known) return known.def.measures !== 'select';
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') return false;
    const method = staticMemberName(callee);
    if (method === undefined) return false;
    const receiverType = this.typeOf(callee.object);
    if (receiverType !== undefined) return false;
    if (DISTINCT_RECORD_METHODS.has(method)) return true;
    // `counter.add(1)` / `gauge.set(v)` on a metric imported from another module of the project.
    return (method === 'add' || method === 'set') && isImportedBinding(this.#tracker, rootIdentifier(callee.object));
  }

  /** The definition of the metric a receiver records into, as far as this file (or its types) tell. */
  definitionOf(receiver: TSESTree.Node): MetricInfo | undefined {
    const type = this.typeOf(receiver);
    const metric = type === undefined ? undefined : this.#tracker.knowledge.metric(type);
    if (type === undefined || !metric) return undefined;
    const node = this.#definitionNode(receiver, 0);
    if (node) {
      const info = readDefinition(this.#tracker, node, type, metric);
      if (info) return info;
    }
    const typed = this.#services ? typedDefinition(this.#services, receiver, type, metric) : undefined;
    return typed ?? { type, metric };
  }

  #definitionNode(input: TSESTree.Node, depth: number): TSESTree.NewExpression | TSESTree.CallExpression | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrap(input);
    if (node.type === 'NewExpression' || node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      // `h.labels(...)` selects a child of `h`.
      if (node.type === 'CallExpression' && callee.type === 'MemberExpression') {
        const method = staticMemberName(callee);
        const ownerType = this.typeOf(callee.object);
        const def = ownerType === undefined || method === undefined ? undefined : this.#tracker.knowledge.metric(ownerType)?.records?.[method];
        if (def?.measures === 'select') return this.#definitionNode(callee.object, depth + 1);
      }
      const type = this.typeOf(node);
      return type !== undefined && this.#tracker.knowledge.metric(type)?.definition ? node : undefined;
    }
    if (node.type === 'Identifier') {
      const init = singleInit(this.#tracker, node);
      return init ? this.#definitionNode(init, depth + 1) : undefined;
    }
    if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression') {
      const name = staticMemberName(node);
      const value = name === undefined ? undefined : classFieldValue(node, name);
      return value ? this.#definitionNode(value, depth + 1) : undefined;
    }
    return undefined;
  }
}

/** Value and label arguments of a record call, by the library's layout. */
export function metricArguments(call: TSESTree.CallExpression, def: MetricCallDef): MetricArguments {
  const args = call.arguments.filter((a): a is TSESTree.Expression => a.type !== 'SpreadElement');
  if (args.length !== call.arguments.length) return { labels: [], positional: false };
  const isLabelsLiteral = (n: TSESTree.Node | undefined) => n !== undefined && (unwrap(n).type === 'ObjectExpression' || unwrap(n).type === 'ArrayExpression');
  const tagsFrom = (from: number) => args.slice(from).filter((a) => isLabelsLiteral(a));
  switch (def.args) {
    case 'labels-then-value': {
      if (args.length >= 2) return { labels: [args[0] as TSESTree.Expression], value: args[1], positional: false };
      const only = args[0];
      if (only === undefined) return { labels: [], positional: false };
      return unwrap(only).type === 'ObjectExpression' ? { labels: [only], positional: false } : { labels: [], value: only, positional: false };
    }
    case 'value-then-attributes':
      return { value: args[0], labels: args[1] ? [args[1]] : [], positional: false };
    case 'stat-value-tags':
      return { stat: args[0], value: args[1], labels: tagsFrom(2), positional: false };
    case 'stat-optional-value-tags': {
      const second = args[1];
      const value = second && !isLabelsLiteral(second) ? second : undefined;
      return { stat: args[0], value, labels: tagsFrom(1), positional: false };
    }
    case 'fn-stat-tags':
      return { stat: args[1], labels: tagsFrom(2), positional: false };
    case 'labels-only':
      return { labels: args[0] ? [args[0]] : [], positional: false };
    case 'label-values': {
      const first = args[0];
      if (args.length === 1 && first && unwrap(first).type === 'ObjectExpression') return { labels: [first], positional: false };
      return { labels: args, positional: true };
    }
  }
}

/** The unit a metric's name or declared unit gives it. */
export function metricUnit(
  info: Pick<MetricInfo, 'name' | 'unit'>,
  secondsSuffixes: readonly string[] = SECONDS_SUFFIXES,
  millisSuffixes: readonly string[] = MILLIS_SUFFIXES,
): TimeUnit | undefined {
  if (info.unit !== undefined) return info.unit === 's' ? 'seconds' : info.unit === 'ms' ? 'milliseconds' : undefined;
  if (info.name === undefined) return undefined;
  const base = info.name.replace(/_(total|sum|count|bucket)$/, '');
  if (secondsSuffixes.some((s) => base.endsWith(s))) return 'seconds';
  if (millisSuffixes.some((s) => base.endsWith(s))) return 'milliseconds';
  return undefined;
}

// --- time values ---------------------------------------------------------------------------

export interface TimeValue {
  unit: TimeUnit;
  /** `Date.now() - t` / `performance.now() - t` written right there: dividing by 1000 is exact. */
  directClockDifference: boolean;
  /** How the value was measured, for messages. */
  how: string;
}

/** The unit of a time value, when its expression (or a local constant it comes from) says so. */
export function timeValue(input: TSESTree.Node, tracker: ImportTracker, depth = 0): TimeValue | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(input);
  switch (node.type) {
    case 'BinaryExpression': {
      if (node.left.type === 'PrivateIdentifier') return undefined;
      if (node.operator === '-') {
        const clock = clockOf(node.left, tracker);
        if (clock === 'milliseconds') {
          const how = unwrap(node.left).type === 'CallExpression' ? clockName(node.left) : 'a millisecond clock';
          return { unit: 'milliseconds', directClockDifference: true, how: `\`${how} - …\`` };
        }
        return undefined;
      }
      if (node.operator === '/' || node.operator === '*') {
        const factor = numberValue(node.right, tracker);
        if (factor === undefined) return undefined;
        const hr = hrtimeBigintDifference(node.left, tracker);
        if (hr && node.operator === '/') {
          if (factor === 1e6) return { unit: 'milliseconds', directClockDifference: false, how: '`hrtime.bigint()` nanoseconds / 1e6' };
          if (factor === 1e9) return { unit: 'seconds', directClockDifference: false, how: '`hrtime.bigint()` nanoseconds / 1e9' };
          return undefined;
        }
        const inner = timeValue(node.left, tracker, depth + 1);
        if (!inner) return undefined;
        if (node.operator === '/' && factor === 1000 && inner.unit === 'milliseconds') {
          return { unit: 'seconds', directClockDifference: false, how: `${inner.how} / 1000` };
        }
        if (node.operator === '*' && factor === 1000 && inner.unit === 'seconds') {
          return { unit: 'milliseconds', directClockDifference: false, how: `${inner.how} * 1000` };
        }
        return undefined;
      }
      if (node.operator === '+') return hrtimePairSum(node, tracker);
      return undefined;
    }
    case 'CallExpression': {
      const callee = unwrap(node.callee);
      // Unit-preserving wrappers: Number(x), Math.round(x), parseFloat(x).
      const wrapped = unitPreservingArgument(node);
      if (wrapped) return timeValue(wrapped, tracker, depth + 1);
      // `end()` of prom-client's `startTimer()`: seconds.
      const type = tracker.instanceType(callee);
      const records = type === undefined ? undefined : tracker.knowledge.metric(type)?.callRecords?.records;
      if (records) return { unit: records, directClockDifference: false, how: '`startTimer()`' };
      return undefined;
    }
    case 'Identifier': {
      const init = singleInit(tracker, node, true);
      const found = init ? timeValue(init, tracker, depth + 1) : undefined;
      return found ? { ...found, directClockDifference: false } : undefined;
    }
    default:
      return undefined;
  }
}

function unitPreservingArgument(call: TSESTree.CallExpression): TSESTree.Node | undefined {
  const callee = unwrap(call.callee);
  const arg = call.arguments[0];
  if (!arg || arg.type === 'SpreadElement' || call.arguments.length !== 1) return undefined;
  if (callee.type === 'Identifier' && (callee.name === 'Number' || callee.name === 'parseFloat')) return arg;
  if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Math') {
    const name = staticMemberName(callee);
    if (name === 'round' || name === 'floor' || name === 'ceil' || name === 'trunc' || name === 'abs') return arg;
  }
  return undefined;
}

/** `Date.now()`, `new Date().getTime()`, `performance.now()`: milliseconds. */
function clockOf(input: TSESTree.Node, tracker: ImportTracker): TimeUnit | undefined {
  const node = unwrap(input);
  if (node.type !== 'CallExpression' || node.arguments.length > 0) return undefined;
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = staticMemberName(callee);
  const object = unwrap(callee.object);
  if (method === 'now' && object.type === 'Identifier' && (object.name === 'Date' || object.name === 'performance')) {
    // A global, or `performance` imported from perf_hooks.
    if (isGlobal(tracker, object)) return 'milliseconds';
    const variable = tracker.variableOf(object);
    if (variable && object.name === 'performance' && isImportFrom(variable, ['perf_hooks', 'node:perf_hooks'])) return 'milliseconds';
    return undefined;
  }
  if (method === 'getTime' && object.type === 'NewExpression' && object.arguments.length === 0) {
    const ctor = unwrap(object.callee);
    if (ctor.type === 'Identifier' && ctor.name === 'Date' && isGlobal(tracker, ctor)) return 'milliseconds';
  }
  return undefined;
}

function clockName(node: TSESTree.Node): string {
  const call = unwrap(node);
  if (call.type === 'CallExpression') {
    const callee = unwrap(call.callee);
    if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier') return `${callee.object.name}.${staticMemberName(callee) ?? ''}()`;
  }
  return 'Date.now()';
}

function isImportFrom(variable: TSESLint.Scope.Variable, specifiers: readonly string[]): boolean {
  return variable.defs.some((d) => d.type === 'ImportBinding' && d.parent.type === 'ImportDeclaration' && specifiers.includes(d.parent.source.value));
}

/** `process.hrtime.bigint() - t` (nanoseconds), possibly inside `Number(...)`. */
function hrtimeBigintDifference(input: TSESTree.Node, tracker: ImportTracker): boolean {
  let node = unwrap(input);
  const inner = node.type === 'CallExpression' ? unitPreservingArgument(node) : undefined;
  if (inner) node = unwrap(inner);
  if (node.type !== 'BinaryExpression' || node.operator !== '-') return false;
  const left = unwrap(node.left);
  if (left.type !== 'CallExpression') return false;
  const callee = unwrap(left.callee);
  if (callee.type !== 'MemberExpression' || staticMemberName(callee) !== 'bigint') return false;
  const hrtime = unwrap(callee.object);
  return hrtime.type === 'MemberExpression' && staticMemberName(hrtime) === 'hrtime' && isGlobalProcess(hrtime.object, tracker);
}

function isGlobalProcess(node: TSESTree.Node, tracker: ImportTracker): boolean {
  const n = unwrap(node);
  return n.type === 'Identifier' && n.name === 'process' && isGlobal(tracker, n);
}

/** An identifier no declaration of the file binds (configured globals have no definitions either). */
export function isGlobal(tracker: ImportTracker, id: TSESTree.Identifier): boolean {
  const variable = tracker.variableOf(id);
  return variable === null || variable.defs.length === 0;
}

/** `hr[0] * 1e3 + hr[1] / 1e6` (ms) and `hr[0] + hr[1] / 1e9` (s), `hr` from `process.hrtime(start)`. */
function hrtimePairSum(node: TSESTree.BinaryExpression, tracker: ImportTracker): TimeValue | undefined {
  if (node.left.type === 'PrivateIdentifier') return undefined;
  const left = unwrap(node.left);
  const right = unwrap(node.right);
  const element = (n: TSESTree.Node, index: number): boolean => {
    const m = unwrap(n);
    return m.type === 'MemberExpression' && m.computed && m.property.type === 'Literal' && m.property.value === index && isHrtimePair(m.object, tracker);
  };
  const scaled = (n: TSESTree.Node, index: number, op: '*' | '/'): number | undefined => {
    const m = unwrap(n);
    if (m.type === 'BinaryExpression' && m.operator === op && element(m.left, index)) return numberValue(m.right, tracker);
    return undefined;
  };
  const fraction = scaled(right, 1, '/');
  if (fraction === undefined) return undefined;
  if (element(left, 0) && fraction === 1e9) return { unit: 'seconds', directClockDifference: false, how: '`hrtime()` seconds + nanoseconds / 1e9' };
  if (scaled(left, 0, '*') === 1e3 && fraction === 1e6) return { unit: 'milliseconds', directClockDifference: false, how: '`hrtime()` as milliseconds' };
  return undefined;
}

function isHrtimePair(input: TSESTree.Node, tracker: ImportTracker): boolean {
  const node = unwrap(input);
  const value = node.type === 'Identifier' ? singleInit(tracker, node, true) : node;
  if (!value) return false;
  const call = unwrap(value);
  if (call.type !== 'CallExpression') return false;
  const callee = unwrap(call.callee);
  return callee.type === 'MemberExpression' && staticMemberName(callee) === 'hrtime' && isGlobalProcess(callee.object, tracker);
}

// --- definitions ---------------------------------------------------------------------------

function readDefinition(
  tracker: ImportTracker,
  node: TSESTree.NewExpression | TSESTree.CallExpression,
  type: TypeId,
  metric: MetricDef,
): MetricInfo | undefined {
  const definition = metric.definition;
  if (!definition) return undefined;
  const args = node.arguments;
  const optionsArg = definition.name === 'option' ? args[0] : args[1];
  const options = optionsArg && optionsArg.type !== 'SpreadElement' ? objectOf(tracker, optionsArg) : undefined;
  const nameNode = definition.name === 'option' ? (options ? propertyAt(options, ['name']) : undefined) : args[0];
  const info: MetricInfo = { type, metric, node };
  const name = nameNode && nameNode.type !== 'SpreadElement' ? constantString(nameNode, tracker) : undefined;
  if (name !== undefined) info.name = name;
  if (definition.unit && options) {
    const unitNode = propertyAt(options, definition.unit);
    const unit = unitNode ? constantString(unitNode, tracker) : undefined;
    if (unit !== undefined) info.unit = unit;
  }
  if (definition.buckets) {
    // Options that cannot be read (a spread, a variable from elsewhere) may hold buckets too.
    const unreadable = optionsArg !== undefined && (!options || options.properties.some((p) => p.type === 'SpreadElement'));
    const bucketsNode = options ? propertyAt(options, definition.buckets) : undefined;
    if (bucketsNode) info.buckets = { values: numberList(bucketsNode, tracker), defaulted: false, node: bucketsNode };
    else if (!unreadable) info.buckets = { values: definition.defaultBuckets ? [...definition.defaultBuckets] : undefined, defaulted: true };
    else info.buckets = { values: undefined, defaulted: false };
  }
  return info;
}

function objectOf(tracker: ImportTracker, node: TSESTree.Node): TSESTree.ObjectExpression | undefined {
  const n = unwrap(node);
  if (n.type === 'ObjectExpression') return n;
  if (n.type === 'Identifier') {
    const init = singleInit(tracker, n, true);
    return init ? objectOf(tracker, init) : undefined;
  }
  return undefined;
}

/** The value at a property path of an object literal (`['advice', 'explicitBucketBoundaries']`). */
export function propertyAt(object: TSESTree.ObjectExpression, path: readonly string[]): TSESTree.Node | undefined {
  let current: TSESTree.Node = object;
  for (const key of path) {
    const obj = unwrap(current);
    if (obj.type !== 'ObjectExpression') return undefined;
    let found: TSESTree.Node | undefined;
    for (const prop of obj.properties) {
      if (prop.type !== 'Property') continue;
      const name = prop.computed ? stringValue(prop.key) : prop.key.type === 'Identifier' ? prop.key.name : stringValue(prop.key);
      if (name === key) found = prop.value;
    }
    if (!found) return undefined;
    current = found;
  }
  return current;
}

/** A string a constant expression always has: literals, templates and `+` of constants, const variables. */
export function constantString(input: TSESTree.Node, tracker: ImportTracker, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(input);
  const literal = stringValue(node);
  if (literal !== undefined) return literal;
  if (node.type === 'Literal' && typeof node.value === 'number') return String(node.value);
  if (node.type === 'TemplateLiteral') {
    let out = '';
    for (let i = 0; i < node.quasis.length; i++) {
      out += node.quasis[i]?.value.cooked ?? '';
      const expr = node.expressions[i];
      if (expr) {
        const part = constantString(expr, tracker, depth + 1);
        if (part === undefined) return undefined;
        out += part;
      }
    }
    return out;
  }
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    const left = constantString(node.left, tracker, depth + 1);
    const right = left === undefined ? undefined : constantString(node.right, tracker, depth + 1);
    return left !== undefined && right !== undefined ? left + right : undefined;
  }
  if (node.type === 'Identifier') {
    const init = singleInit(tracker, node, true);
    return init ? constantString(init, tracker, depth + 1) : undefined;
  }
  // `NAMES.checkout` of `const NAMES = { checkout: '…' } as const`: a property of a constant object literal.
  if (node.type === 'MemberExpression') {
    const key = staticMemberName(node);
    const object = key === undefined ? undefined : objectOf(tracker, node.object);
    const value = object && key !== undefined ? propertyAt(object, [key]) : undefined;
    return value ? constantString(value, tracker, depth + 1) : undefined;
  }
  return undefined;
}

export function numberValue(input: TSESTree.Node, tracker: ImportTracker, depth = 0): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(input);
  if (node.type === 'Literal' && typeof node.value === 'number') return node.value;
  if (node.type === 'UnaryExpression' && (node.operator === '-' || node.operator === '+')) {
    const v = numberValue(node.argument, tracker, depth + 1);
    return v === undefined ? undefined : node.operator === '-' ? -v : v;
  }
  if (node.type === 'BinaryExpression' && node.left.type !== 'PrivateIdentifier') {
    const a = numberValue(node.left, tracker, depth + 1);
    const b = a === undefined ? undefined : numberValue(node.right, tracker, depth + 1);
    if (a === undefined || b === undefined) return undefined;
    switch (node.operator) {
      case '*':
        return a * b;
      case '/':
        return b === 0 ? undefined : a / b;
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '**':
        return a ** b;
      default:
        return undefined;
    }
  }
  if (node.type === 'Identifier') {
    const init = singleInit(tracker, node, true);
    return init ? numberValue(init, tracker, depth + 1) : undefined;
  }
  return undefined;
}

/** A literal list of numbers, or prom-client's `linearBuckets`/`exponentialBuckets` with literal arguments. */
export function numberList(input: TSESTree.Node, tracker: ImportTracker, depth = 0): number[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(input);
  if (node.type === 'ArrayExpression') {
    const out: number[] = [];
    for (const element of node.elements) {
      if (!element || element.type === 'SpreadElement') return undefined;
      const v = numberValue(element, tracker);
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out;
  }
  if (node.type === 'CallExpression') {
    const resolved = tracker.resolve(node.callee);
    const kind = resolved?.kind === 'member' ? BUCKET_GENERATORS[resolved.owner]?.[resolved.name] : undefined;
    if (kind === undefined) return undefined;
    const [a, b, c] = node.arguments.map((arg) => (arg.type === 'SpreadElement' ? undefined : numberValue(arg, tracker)));
    if (a === undefined || b === undefined || c === undefined || !Number.isInteger(c) || c < 1 || c > 1000) return undefined;
    return generateBuckets(kind, a, b, c);
  }
  if (node.type === 'Identifier') {
    const init = singleInit(tracker, node, true);
    return init ? numberList(init, tracker, depth + 1) : undefined;
  }
  return undefined;
}

export function generateBuckets(kind: 'linear' | 'exponential', start: number, step: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(kind === 'linear' ? start + step * i : start * step ** i);
  return out;
}

// --- bucket shapes -------------------------------------------------------------------------

/**
 * The unit histogram boundaries were written for, when their magnitudes leave no doubt:
 * milliseconds for lists with nothing below 1 and three or more typical millisecond boundaries,
 * seconds for lists with something below 1 and everything at or below 10.
 */
export function bucketShape(values: readonly number[], msShaped: ReadonlySet<number>): TimeUnit | undefined {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return undefined;
  if (positive.every((v) => v >= 1) && positive.filter((v) => msShaped.has(v)).length >= 3) return 'milliseconds';
  if (positive.some((v) => v < 1) && positive.every((v) => v <= 10)) return 'seconds';
  return undefined;
}

// --- scope helpers -------------------------------------------------------------------------

/**
 * The one value a variable is ever given: its initialiser when it is written once (`const`, or a
 * `let` never reassigned). With `localOnly`, parameters and imports give nothing.
 */
export function singleInit(tracker: ImportTracker, id: TSESTree.Identifier, localOnly = false): TSESTree.Expression | undefined {
  const variable = tracker.variableOf(id);
  if (!variable) return undefined;
  const writes = variable.references.filter((r) => r.isWrite());
  if (writes.length > 1) return undefined;
  for (const def of variable.defs) {
    if (def.type === 'Variable' && def.node.id.type === 'Identifier' && def.node.init) return def.node.init;
    if (!localOnly && def.type === 'Variable' && def.node.id.type === 'ObjectPattern') return undefined;
  }
  return undefined;
}

/** The identifier at the root of a member chain or call chain (`a` in `a.b.c()`). */
export function rootIdentifier(input: TSESTree.Node): TSESTree.Identifier | undefined {
  let node = unwrap(input);
  for (;;) {
    if (node.type === 'Identifier') return node;
    if (node.type === 'MemberExpression') node = unwrap(node.object);
    else if (node.type === 'CallExpression') node = unwrap(node.callee);
    else return undefined;
  }
}

/** Whether the identifier is bound by an import (or `require`) of another module. */
export function isImportedBinding(tracker: ImportTracker, id: TSESTree.Identifier | undefined): boolean {
  if (!id) return false;
  const variable = tracker.variableOf(id);
  if (!variable) return false;
  return variable.defs.some((d) => {
    if (d.type === 'ImportBinding') return true;
    if (d.type !== 'Variable' || !d.node.init) return false;
    const init = unwrap(d.node.init);
    return init.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require';
  });
}

/** The module an identifier is imported from, when it is. */
export function importSource(tracker: ImportTracker, id: TSESTree.Identifier | undefined): string | undefined {
  if (!id) return undefined;
  const variable = tracker.variableOf(id);
  for (const d of variable?.defs ?? []) {
    if (d.type === 'ImportBinding' && d.parent.type === 'ImportDeclaration') return d.parent.source.value;
    if (d.type === 'Variable' && d.node.init) {
      const init = unwrap(d.node.init);
      if (init.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require') return stringValue(init.arguments[0]);
    }
  }
  return undefined;
}

/** `this.name` inside a class: the field initialiser or the one `this.name = …` in the constructor/methods. */
export function classFieldValue(node: TSESTree.MemberExpression, name: string): TSESTree.Expression | undefined {
  let cls: TSESTree.Node | undefined = node.parent;
  while (cls && cls.type !== 'ClassBody') cls = cls.parent;
  if (!cls) return undefined;
  const found: TSESTree.Expression[] = [];
  for (const member of cls.body) {
    if (member.type === 'PropertyDefinition' && !member.computed && member.key.type === 'Identifier' && member.key.name === name && member.value) {
      found.push(member.value);
    }
    if (member.type === 'MethodDefinition' && member.kind === 'constructor' && member.value.body) {
      for (const statement of member.value.body.body) {
        if (statement.type !== 'ExpressionStatement') continue;
        const e = statement.expression;
        if (
          e.type === 'AssignmentExpression' &&
          e.operator === '=' &&
          e.left.type === 'MemberExpression' &&
          e.left.object.type === 'ThisExpression' &&
          staticMemberName(e.left) === name
        ) {
          found.push(e.right);
        }
      }
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

/** The enclosing class method named `name` (`this.name()`, `this.#name()`), when the call is inside a class. */
export function classMethod(from: TSESTree.Node, name: string, isPrivate: boolean): FunctionNode | undefined {
  let cls: TSESTree.Node | undefined = from.parent;
  while (cls && cls.type !== 'ClassBody') cls = cls.parent;
  if (!cls) return undefined;
  for (const member of cls.body) {
    if (member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') continue;
    const key = member.key;
    const matches = isPrivate ? key.type === 'PrivateIdentifier' && key.name === name : !member.computed && key.type === 'Identifier' && key.name === name;
    if (!matches) continue;
    const value = member.value;
    if (value && isFunctionNode(value)) return value;
  }
  return undefined;
}

// --- types ---------------------------------------------------------------------------------

/** `.../node_modules/@scope/pkg/...` or `.../node_modules/@types/pkg/...` → the package name. */
export function packageOfFile(fileName: string): string | undefined {
  const normalized = fileName.replace(/\\/g, '/');
  const index = normalized.lastIndexOf('/node_modules/');
  if (index === -1) return undefined;
  const parts = normalized.slice(index + '/node_modules/'.length).split('/');
  const first = parts[0];
  if (first === undefined) return undefined;
  if (first === '@types') {
    const name = parts[1];
    if (name === undefined) return undefined;
    return name.includes('__') ? `@${name.replace('__', '/')}` : name;
  }
  return first.startsWith('@') && parts[1] !== undefined ? `${first}/${parts[1]}` : first;
}

/** The modelled class of a value whose declared type is a class (or interface) exported by a modelled package. */
function typedLibraryType(
  services: ParserServicesWithTypeInformation,
  node: TSESTree.Node,
  knowledge: ImportTracker['knowledge'],
): TypeId | undefined {
  const tsNode = services.esTreeNodeToTSNodeMap.get(node);
  const checker = services.program.getTypeChecker();
  const type = checker.getNonNullableType(checker.getTypeAtLocation(tsNode));
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  const declaration = symbol?.declarations?.[0];
  if (!symbol || !declaration) return undefined;
  const pkg = packageOfFile(declaration.getSourceFile().fileName);
  const mod = pkg === undefined ? undefined : knowledge.module(pkg);
  if (!mod) return undefined;
  return knowledge.member(mod.namespace, 'classes', symbol.getName());
}

/** The definition of a metric declared in another file, read from the program. */
function typedDefinition(services: ParserServicesWithTypeInformation, node: TSESTree.Node, type: TypeId, metric: MetricDef): MetricInfo | undefined {
  const definition = metric.definition;
  if (!definition) return undefined;
  const checker = services.program.getTypeChecker();
  let target = unwrap(node);
  // `h.labels(...)` and other selections: the metric is the receiver.
  while (target.type === 'CallExpression' && unwrap(target.callee).type === 'MemberExpression') {
    target = unwrap((unwrap(target.callee) as TSESTree.MemberExpression).object);
  }
  const tsNode = services.esTreeNodeToTSNodeMap.get(target);
  let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(tsNode) ? tsNode.name : tsNode);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  if (!declaration) return undefined;
  let init: ts.Expression | undefined;
  if (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) {
    init = declaration.initializer;
  }
  while (init && (ts.isAsExpression(init) || ts.isParenthesizedExpression(init) || ts.isSatisfiesExpression(init) || ts.isNonNullExpression(init))) {
    init = init.expression;
  }
  if (!init || !(ts.isNewExpression(init) || ts.isCallExpression(init))) return undefined;
  const args = init.arguments ?? ts.factory.createNodeArray();
  const optionsArg = definition.name === 'option' ? args[0] : args[1];
  const options = optionsArg && ts.isObjectLiteralExpression(optionsArg) ? optionsArg : undefined;
  const nameNode = definition.name === 'option' ? (options ? tsPropertyAt(options, ['name']) : undefined) : args[0];
  const info: MetricInfo = { type, metric };
  const name = nameNode ? tsConstantString(nameNode) : undefined;
  if (name !== undefined) info.name = name;
  if (definition.unit && options) {
    const unitNode = tsPropertyAt(options, definition.unit);
    const unit = unitNode ? tsConstantString(unitNode) : undefined;
    if (unit !== undefined) info.unit = unit;
  }
  return info;
}

function tsPropertyAt(object: ts.ObjectLiteralExpression, path: readonly string[]): ts.Expression | undefined {
  let current: ts.Expression = object;
  for (const key of path) {
    if (!ts.isObjectLiteralExpression(current)) return undefined;
    const prop = current.properties.find(
      (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key,
    );
    if (!prop) return undefined;
    current = prop.initializer;
  }
  return current;
}

function tsConstantString(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return undefined;
}

/** A function of this file that a call invokes: `f()` for a local function, `this.m()`/`this.#m()` in a class. */
export function calledFunction(call: TSESTree.CallExpression, tracker: ImportTracker): FunctionNode | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') {
    const value = tracker.resolve(callee);
    return value?.kind === 'function' ? value.node : undefined;
  }
  if (callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression') {
    if (callee.property.type === 'PrivateIdentifier') return classMethod(call, callee.property.name, true);
    const name = staticMemberName(callee);
    return name === undefined ? undefined : classMethod(call, name, false);
  }
  return undefined;
}

import fs from 'node:fs';
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from './support/create-rule.js';
import {
  ImportTracker,
  eventName,
  isFunctionNode,
  staticMemberName,
  stringValue,
  unwrap,
  type FunctionNode,
} from '../knowledge/tracking/estree.js';
import { typeServices } from '../knowledge/tracking/typed.js';
import { LISTENER_METHODS } from '../knowledge/generic.js';
import { KAFKAJS_CONSUMER_EVENTS } from '../knowledge/libraries/kafka.js';
import { MOUNTED_ROUTERS, ROUTER_MOUNT_METHODS, ROUTE_HOOK_OPTIONS } from '../knowledge/libraries/http-frameworks.js';
import { ROUTE_INSTRUMENTATION_PACKAGES } from '../knowledge/libraries/metrics.js';
import { NEXT_ROUTE_FILE, READ_HTTP_VERBS, nextRoutePath } from '../knowledge/dashboard.js';
import { matchGlob } from '../config/glob.js';
import {
  MetricResolver,
  calledFunction,
  constantString,
  importSource,
  isImportedBinding,
  rootIdentifier,
  singleInit,
} from './support/metrics.js';
import { propertyValue, relativeFilename } from './support/dashboard-paths.js';
import { LIBRARIES } from '../knowledge/registry.js';
import { walk } from './support/walk.js';
import { configList } from './support/settings.js';

type Options = [{ wrappers?: string[]; dashboardRoutes?: string[]; streamStages?: boolean }];
type MessageIds = 'consumerHandler' | 'route' | 'nextRoute' | 'streamStage';

export const DEFAULT_DASHBOARD_ROUTES: readonly string[] = ['/api/dashboard/**', '/dashboard/**', '/api/stats/**', '/stats/**'];

/** Methods of a stream implementation that run once per chunk (or at its end). */
const STAGE_METHODS: ReadonlySet<string> = new Set(['_transform', '_write', '_writev', '_flush', '_final']);
const STAGE_OPTIONS: ReadonlySet<string> = new Set(['transform', 'write', 'writev', 'flush', 'final']);
/** Route methods that serve reads: dashboard panels are GETs. */
const READ_ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'all']);
/**
 * Record calls that only set a level (a gauge): in an END_BATCH_PROCESS listener they say how far
 * behind the consumer is, not how long its work takes or how much of it gets done.
 */
const LEVEL_RECORD_METHODS: ReadonlySet<string> = new Set(['set', 'dec', 'setToCurrentTime', 'gauge', 'gaugeDelta', 'decrement', 'unique']);
/** Same-file calls followed from a handler. */
const CALL_DEPTH = 2;
/** Module names of unmodelled packages that probably time requests (names may only make the rule quieter). */
const METRICS_MODULE_NAME = /metric|prom|telemetry|otel|observab|monitor|instrument|apm|timing|stats/i;

/**
 * Methods that can register a consumer handler or a route, from the tables: other calls are
 * not resolved at all (generated files with thousands of calls stay cheap).
 */
const REGISTRATION_METHODS: ReadonlySet<string> = new Set([
  ...LISTENER_METHODS,
  ...LIBRARIES.flatMap((library) =>
    Object.values(library.types).flatMap((type) => [
      ...Object.keys(type.optionHandlers ?? {}),
      ...Object.entries(type.callbacks ?? {})
        .filter(([, def]) => def.kind === 'consumer-message' || def.kind === 'consumer-batch' || def.kind === 'request')
        .map(([name]) => name),
    ]),
  ),
]);

const END_BATCH_EVENTS: ReadonlySet<string> = new Set(['END_BATCH_PROCESS', KAFKAJS_CONSUMER_EVENTS.END_BATCH_PROCESS ?? '']);

interface PendingHandler {
  kind: 'message' | 'batch';
  value: TSESTree.Node;
  report: TSESTree.Node;
  consumer: TSESTree.Node;
}

interface BatchListener {
  consumer: TSESTree.Node;
  listener: TSESTree.Node;
}

interface RouteRegistration {
  /** Where the route is registered: middleware of its app counts when registered before this. */
  at: TSESTree.Node;
  /** The app or router; none for a Next.js route handler, which is its own entry point. */
  owner: TSESTree.Identifier | undefined;
  path: string;
  /** The Next.js route handler file (relative), also matched against `dashboardRoutes`. */
  file?: string;
  pathNode: TSESTree.Node;
  /** The handlers and route-level middleware or hooks. */
  handlers: TSESTree.Node[];
}

export default createRule<Options, MessageIds>({
  name: 'require-handler-metrics',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require Kafka consumer handlers, stream stages and dashboard routes to record a latency or throughput metric (directly, through a helper, a wrapper or route middleware)',
      category: 'sla-metrics',
      recommended: 'warn',
      strict: 'error',
    },
    schema: [
      {
        type: 'object',
        properties: {
          wrappers: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description: 'Names of functions that record a metric around what they are given (also read from `metrics.wrappers`).',
          },
          dashboardRoutes: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description: 'Globs of route paths that are dashboard reads (default `/api/dashboard/**`, `/dashboard/**`, `/api/stats/**`, `/stats/**`).',
          },
          streamStages: {
            type: 'boolean',
            description: 'Check Transform/Writable implementations (default true).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ wrappers: [], dashboardRoutes: [...DEFAULT_DASHBOARD_ROUTES], streamStages: true }],
    messages: {
      consumerHandler:
        'This {{what}} records no latency or throughput metric (not in its body, in the functions of this file it calls, in a wrapper, or in an END_BATCH_PROCESS listener): when processing slows down or stops, no dashboard or alert shows it until the backlog is hours long.',
      route:
        "Dashboard route '{{path}}' is not timed: its handlers record no metric and no metrics middleware is registered on `{{app}}` before it (express-prom-bundle and similar middleware only measure routes registered after them), so its latency SLA cannot be watched.",
      nextRoute:
        "Dashboard route '{{path}}' is not timed: its Next.js {{method}} handler records no metric (not in its body, in the functions of this file it calls, or through a wrapper), and no HTTP instrumentation is set up, so its latency SLA cannot be watched.",
      streamStage:
        'Stream stage `{{name}}` records no throughput or latency metric: a stage that stalls or slows down is invisible, and the backlog only shows as memory growth or lag upstream.',
    },
  },
  create(context, [options]) {
    const tracker = new ImportTracker(context.sourceCode);
    const resolver = new MetricResolver(tracker, typeServices(context));
    const knowledge = tracker.knowledge;
    const wrappers = new Set([...(options.wrappers ?? []), ...configList(context.settings, 'metrics', 'wrappers')]);
    const dashboardRoutes = [...(options.dashboardRoutes ?? DEFAULT_DASHBOARD_ROUTES), ...configList(context.settings, 'cache', 'dashboardRoutes')];
    const checkStages = options.streamStages !== false;

    const handlers: PendingHandler[] = [];
    const batchListeners: BatchListener[] = [];
    const routes: RouteRegistration[] = [];
    /** Calls on apps and routers of this file: `use`, `register`, and calls that are given the app. */
    const ownerCalls: TSESTree.CallExpression[] = [];
    const stages: { fns: FunctionNode[]; report: TSESTree.Node; name: string; decorators: readonly TSESTree.Decorator[] }[] = [];
    const recordCache = new Map<FunctionNode, boolean>();
    const flowCache = new Map<FunctionNode, boolean>();
    const file = relativeFilename(context);

    function isWrapperCall(call: TSESTree.CallExpression): boolean {
      if (wrappers.size === 0) return false;
      const callee = unwrap(call.callee);
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
      return name !== undefined && wrappers.has(name);
    }

    /** Whether the function records a metric, itself or in the functions of this file it calls. */
    function records(fn: FunctionNode): boolean {
      return recordsWith(fn, recordCache, (call) => resolver.maybeRecords(call));
    }

    /**
     * Whether the function records a duration or a throughput (what an END_BATCH_PROCESS listener
     * must record to stand for the handler): not a gauge level such as the batch's offset lag.
     */
    function recordsFlow(fn: FunctionNode): boolean {
      return recordsWith(fn, flowCache, measuresFlow);
    }

    function measuresFlow(call: TSESTree.CallExpression): boolean {
      const known = resolver.metricCall(call);
      if (known) return known.def.measures === 'duration' || known.def.measures === 'count';
      if (!resolver.maybeRecords(call)) return false;
      const callee = unwrap(call.callee);
      const method = callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
      return method === undefined || !LEVEL_RECORD_METHODS.has(method);
    }

    function recordsWith(
      fn: FunctionNode,
      cache: Map<FunctionNode, boolean>,
      isRecord: (call: TSESTree.CallExpression) => boolean,
      depth = CALL_DEPTH,
      seen = new Set<FunctionNode>(),
    ): boolean {
      const cached = cache.get(fn);
      if (cached !== undefined && depth === CALL_DEPTH) return cached;
      if (seen.has(fn)) return false;
      seen.add(fn);
      let found = false;
      walk(fn.body, (node) => {
        if (found) return false;
        if (node.type !== 'CallExpression') return true;
        if (isRecord(node) || isWrapperCall(node)) {
          found = true;
          return false;
        }
        if (depth > 0) {
          const callee = calledFunction(node, tracker);
          if (callee && recordsWith(callee, cache, isRecord, depth - 1, seen)) {
            found = true;
            return false;
          }
        }
        return true;
      });
      if (depth === CALL_DEPTH) cache.set(fn, found);
      return found;
    }

    /** Whether an END_BATCH_PROCESS listener records a duration or throughput: only a function of this file can tell. */
    function listenerRecordsFlow(input: TSESTree.Node, depth = 0): boolean {
      if (depth > 4) return false;
      const node = unwrap(input);
      if (isFunctionNode(node)) return recordsFlow(node);
      if (node.type === 'Identifier') {
        const value = tracker.resolve(node);
        if (value?.kind === 'function') return recordsFlow(value.node);
        const init = singleInit(tracker, node, true);
        return init ? listenerRecordsFlow(init, depth + 1) : false;
      }
      if (node.type === 'CallExpression') {
        if (isWrapperCall(node)) return true;
        const callee = calledFunction(node, tracker);
        if (callee && recordsFlow(callee)) return true;
        return node.arguments.some((a) => a.type !== 'SpreadElement' && listenerRecordsFlow(a, depth + 1));
      }
      return false;
    }

    /**
     * `covered`: the value records or may record where this file cannot see; `uncovered`: a
     * function of this file that records nothing.
     */
    function coverageOf(input: TSESTree.Node, depth = 0): 'covered' | 'uncovered' | 'unknown' {
      if (depth > 4) return 'unknown';
      const node = unwrap(input);
      if (isFunctionNode(node)) return records(node) ? 'covered' : 'uncovered';
      if (node.type === 'Identifier') {
        const value = tracker.resolve(node);
        if (value?.kind === 'function') return records(value.node) ? 'covered' : 'uncovered';
        const init = singleInit(tracker, node, true);
        return init ? coverageOf(init, depth + 1) : 'unknown';
      }
      if (node.type === 'CallExpression') {
        // `instrumented('orders', handle)`, or a higher-order function of this file around a handler.
        if (isWrapperCall(node)) return 'covered';
        const callee = calledFunction(node, tracker);
        if (callee && records(callee)) return 'covered';
        // A function of the project's other modules (or a metrics package) may time what it wraps.
        if (!callee && fromProjectOrMetricsModule(node.callee)) return 'unknown';
        const inner = node.arguments.map((a) => (a.type === 'SpreadElement' ? 'unknown' : coverageOf(a, depth + 1)));
        if (inner.includes('covered')) return 'covered';
        return inner.includes('uncovered') ? 'uncovered' : 'unknown';
      }
      return 'unknown';
    }

    function isConsumerKind(kind: string | undefined): kind is 'consumer-message' | 'consumer-batch' {
      return kind === 'consumer-message' || kind === 'consumer-batch';
    }

    function collectRegistration(call: TSESTree.CallExpression): void {
      const callee = unwrap(call.callee);
      if (callee.type !== 'MemberExpression') return;
      const method = staticMemberName(callee);
      if (method === undefined || !REGISTRATION_METHODS.has(method)) return;
      const receiver = tracker.instanceType(callee.object);
      if (receiver === undefined) return;

      // kafkajs `consumer.run({ eachMessage })`.
      const options = call.arguments[0];
      if (options?.type === 'ObjectExpression') {
        // fastify `app.route({ method: 'GET', url, handler })`.
        if (knowledge.optionHandler(receiver, method, 'handler')?.kind === 'request') {
          collectRouteOptions(call, callee.object, options);
          return;
        }
        for (const prop of options.properties) {
          if (prop.type !== 'Property') continue;
          const key = prop.computed ? stringValue(prop.key) : prop.key.type === 'Identifier' ? prop.key.name : stringValue(prop.key);
          const def = key === undefined ? undefined : knowledge.optionHandler(receiver, method, key);
          if (isConsumerKind(def?.kind)) {
            handlers.push({ kind: def.kind === 'consumer-batch' ? 'batch' : 'message', value: prop.value, report: prop.key, consumer: callee.object });
          }
        }
      }
      if (LISTENER_METHODS.has(method)) {
        const event = eventName(call.arguments[0]);
        const listener = call.arguments[1];
        if (event === undefined || !listener || listener.type === 'SpreadElement') return;
        const def = knowledge.handler(receiver, 'events', event);
        if (isConsumerKind(def?.kind)) {
          handlers.push({ kind: def.kind === 'consumer-batch' ? 'batch' : 'message', value: listener, report: call.arguments[0] ?? call, consumer: callee.object });
        }
        if (END_BATCH_EVENTS.has(event) && tracker.hasRole(callee.object, 'kafka-consumer')) batchListeners.push({ consumer: callee.object, listener });
        return;
      }
      // node-rdkafka `consumer.consume(n, (err, messages) => …)`.
      const callback = knowledge.handler(receiver, 'callbacks', method);
      if (isConsumerKind(callback?.kind)) {
        for (const arg of call.arguments) {
          if (arg.type !== 'SpreadElement' && isFunctionNode(unwrap(arg))) {
            handlers.push({ kind: callback.kind === 'consumer-batch' ? 'batch' : 'message', value: arg, report: callee.property, consumer: callee.object });
          }
        }
        return;
      }
      if (callback?.kind === 'request' && READ_ROUTE_METHODS.has(method)) {
        // `app.route('/api/stats').get(handler)`: the path and the app are those of the `route()` call.
        const chained = routeChain(callee.object, receiver);
        const owner = unwrap(chained?.owner ?? callee.object);
        const pathNode = chained ? chained.path : call.arguments[0];
        const handlerArgs = chained ? call.arguments : call.arguments.slice(1);
        const routePath = pathNode && pathNode.type !== 'SpreadElement' ? constantString(pathNode, tracker) : undefined;
        if (owner.type === 'Identifier' && routePath !== undefined && pathNode) {
          routes.push({ at: call, owner, path: routePath, pathNode, handlers: handlerArgs.flatMap(handlerValues) });
        }
      }
    }

    /**
     * The call a route chain starts from (`app.route(path).get(h).post(h)`: the method of the app
     * that returns the route type), with its app and its path.
     */
    function routeChain(object: TSESTree.Node, routeType: string): { owner: TSESTree.Node; path: TSESTree.Node | undefined } | undefined {
      let node = unwrap(object);
      for (let i = 0; i < 16 && node.type === 'CallExpression'; i++) {
        const callee = unwrap(node.callee);
        if (callee.type !== 'MemberExpression') return undefined;
        const ownerType = tracker.instanceType(callee.object);
        if (ownerType !== routeType) {
          const method = staticMemberName(callee);
          if (ownerType === undefined || method === undefined || knowledge.member(ownerType, 'methods', method) !== routeType) return undefined;
          const path = node.arguments[0];
          return { owner: callee.object, path: path && path.type !== 'SpreadElement' ? path : undefined };
        }
        node = unwrap(callee.object);
      }
      return undefined;
    }

    function collectRouteOptions(call: TSESTree.CallExpression, ownerNode: TSESTree.Node, options: TSESTree.ObjectExpression): void {
      const owner = unwrap(ownerNode);
      const methodValue = propertyValue(options, 'method');
      const verbs = methodValue ? httpVerbs(methodValue) : [];
      const pathNode = propertyValue(options, 'url') ?? propertyValue(options, 'path');
      const routePath = pathNode && constantString(pathNode, tracker);
      if (owner.type !== 'Identifier' || !pathNode || routePath === undefined || !verbs.some((v) => READ_HTTP_VERBS.has(v))) return;
      routes.push({ at: call, owner, path: routePath, pathNode, handlers: handlerValues(options) });
    }

    /** `method: 'GET'` or `method: ['GET', 'HEAD']`, upper-cased. */
    function httpVerbs(node: TSESTree.Node): string[] {
      const n = unwrap(node);
      if (n.type === 'ArrayExpression') return n.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? httpVerbs(e) : []));
      const verb = constantString(n, tracker);
      return verb === undefined ? [] : [verb.toUpperCase()];
    }

    /**
     * What runs for a request of a route among a registration's arguments: handlers and
     * middleware, the elements of a middleware array, and `handler` and the hooks of a fastify
     * options object (its schema and config never time anything).
     */
    function handlerValues(input: TSESTree.Node): TSESTree.Node[] {
      const node = unwrap(input);
      if (node.type === 'ArrayExpression') return node.elements.flatMap((e) => (e ? handlerValues(e) : []));
      if (node.type === 'ObjectExpression') {
        if (node.properties.some((p) => p.type === 'SpreadElement')) return [node];
        return ['handler', ...ROUTE_HOOK_OPTIONS].flatMap((key) => {
          const value = propertyValue(node, key);
          return value ? handlerValues(value) : [];
        });
      }
      return [input];
    }

    /** `export async function GET()` (or `export const GET = …`) in a Next.js `app/**\/route.ts`. */
    function collectNextRoutes(program: TSESTree.Program): void {
      if (!NEXT_ROUTE_FILE.test(file)) return;
      const routePath = nextRoutePath(file);
      if (routePath === undefined) return;
      for (const statement of program.body) {
        if (statement.type !== 'ExportNamedDeclaration' || !statement.declaration) continue;
        const decl = statement.declaration;
        if (decl.type === 'FunctionDeclaration' && decl.id && READ_HTTP_VERBS.has(decl.id.name)) {
          routes.push({ at: statement, owner: undefined, path: routePath, file, pathNode: decl.id, handlers: [decl] });
        }
        if (decl.type !== 'VariableDeclaration') continue;
        for (const d of decl.declarations) {
          if (d.id.type !== 'Identifier' || !READ_HTTP_VERBS.has(d.id.name) || !d.init) continue;
          routes.push({ at: statement, owner: undefined, path: routePath, file, pathNode: d.id, handlers: [d.init] });
        }
      }
    }

    function collectStageClass(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): void {
      if (!checkStages || !node.superClass) return;
      const base = tracker.resolve(node);
      if (base?.kind !== 'constructor' || !knowledge.hasRole(base.instance, 'writable')) return;
      const fns: FunctionNode[] = [];
      let report: TSESTree.Node | undefined;
      for (const member of node.body.body) {
        if ((member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') || member.computed) continue;
        const name = member.key.type === 'Identifier' ? member.key.name : undefined;
        if (member.value && isFunctionNode(member.value)) fns.push(member.value);
        if (name !== undefined && STAGE_METHODS.has(name) && name !== '_flush' && name !== '_final') report ??= member.key;
      }
      if (!report) return;
      const className = node.id?.name;
      if (!isOnDataPath(node, className)) return;
      stages.push({ fns, report, name: `${className ?? 'class'}.${report.type === 'Identifier' ? report.name : ''}`, decorators: node.decorators });
    }

    /** Exported, or built somewhere in this file: a stage someone pipes data through. */
    function isOnDataPath(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string | undefined): boolean {
      const parent = node.parent;
      if (parent.type === 'ExportNamedDeclaration' || parent.type === 'ExportDefaultDeclaration') return true;
      if (node.type === 'ClassExpression') return true;
      if (name === undefined || !node.id) return false;
      const variable = tracker.variableOf(node.id);
      return (variable?.references ?? []).some((r) => {
        const p = r.identifier.parent;
        return (p.type === 'NewExpression' && p.callee === r.identifier) || p.type === 'ExportSpecifier';
      });
    }

    function collectInlineStage(node: TSESTree.NewExpression): void {
      // Stream classes come from an import (`node:stream`, `readable-stream`).
      if (!checkStages || node.arguments[0]?.type !== 'ObjectExpression' || !isImportedBinding(tracker, rootIdentifier(node.callee))) return;
      const callee = tracker.resolve(node.callee);
      const instance = callee && tracker.construct(callee);
      if (instance?.kind !== 'instance' || !knowledge.hasRole(instance.type, 'writable')) return;
      const options = node.arguments[0];
      const fns: FunctionNode[] = [];
      let report: TSESTree.Node | undefined;
      let name = '';
      for (const prop of options.properties) {
        if (prop.type !== 'Property' || prop.computed || prop.key.type !== 'Identifier') continue;
        const value = unwrap(prop.value);
        if (!isFunctionNode(value)) continue;
        fns.push(value);
        if (STAGE_OPTIONS.has(prop.key.name) && prop.key.name !== 'flush' && prop.key.name !== 'final' && !report) {
          report = prop.key;
          name = prop.key.name;
        }
      }
      if (report) stages.push({ fns, report, name: `${context.sourceCode.getText(node.callee)}({ ${name} })`, decorators: [] });
    }

    // --- routes --------------------------------------------------------------------------

    /** The app or router an identifier names, when this file creates it. */
    function createdHere(owner: TSESTree.Identifier): boolean {
      const init = singleInit(tracker, owner, true);
      if (!init) return false;
      const node = unwrap(init);
      return (node.type === 'CallExpression' || node.type === 'NewExpression') && tracker.instanceType(node) !== undefined;
    }

    function sameOwner(a: TSESTree.Node, b: TSESTree.Identifier): boolean {
      return tracker.sameReference(a, b);
    }

    /** Whether a middleware argument times requests (or might, where this file cannot see). */
    function middlewareTimes(arg: TSESTree.Node): boolean {
      const node = unwrap(arg);
      if (stringValue(node) !== undefined) return false;
      const type = resolver.typeOf(node);
      const metric = type === undefined ? undefined : knowledge.metric(type);
      if (metric?.instrument === 'route-middleware' || metric?.instrument === 'route-plugin') return true;
      if (type !== undefined) return false;
      const coverage = coverageOf(node);
      if (coverage !== 'unknown') return coverage === 'covered';
      return fromProjectOrMetricsModule(node);
    }

    /** Code of the project (a relative import) or a package whose name says metrics: it may time requests. */
    function fromProjectOrMetricsModule(node: TSESTree.Node): boolean {
      const source = importSource(tracker, rootIdentifier(node));
      if (source === undefined) return false;
      if (knowledge.module(source)) return false;
      return isProjectSpecifier(source) || METRICS_MODULE_NAME.test(source);
    }

    /**
     * The app or router that mounts `router` in this file, and where: `app.use('/api', router)`,
     * koa `app.use(router.routes())`.
     */
    function mountOf(router: TSESTree.Identifier): { owner: TSESTree.Identifier; call: TSESTree.CallExpression } | undefined {
      const type = tracker.instanceType(router);
      const mountMethods = type === undefined ? [] : (ROUTER_MOUNT_METHODS[type] ?? []);
      const mounts = (arg: TSESTree.Node): boolean => {
        if (sameOwner(arg, router)) return true;
        const node = unwrap(arg);
        if (node.type !== 'CallExpression') return false;
        const callee = unwrap(node.callee);
        const method = callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
        return callee.type === 'MemberExpression' && method !== undefined && mountMethods.includes(method) && sameOwner(callee.object, router);
      };
      for (const call of ownerCalls) {
        const callee = unwrap(call.callee);
        if (callee.type !== 'MemberExpression' || staticMemberName(callee) !== 'use') continue;
        const owner = useChainOwner(callee.object);
        if (!owner) continue;
        if (call.arguments.some(mounts)) return { owner, call };
      }
      return undefined;
    }

    /** `app` in `app.use(a).use(b)`: express and koa return the app from `use`. */
    function useChainOwner(object: TSESTree.Node): TSESTree.Identifier | undefined {
      let node = unwrap(object);
      for (let i = 0; i < 16; i++) {
        if (node.type === 'Identifier') return node;
        if (node.type !== 'CallExpression') return undefined;
        const callee = unwrap(node.callee);
        if (callee.type !== 'MemberExpression' || staticMemberName(callee) !== 'use') return undefined;
        node = unwrap(callee.object);
      }
      return undefined;
    }

    /** Middleware, plugins or setup calls on `owner` before `before` that time its routes. */
    function timedBefore(owner: TSESTree.Identifier, before: TSESTree.Node): boolean {
      for (const call of ownerCalls) {
        const callee = unwrap(call.callee);
        const method = callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
        // `app.use(a).use(b)` registers `b` on `app` too.
        const target = callee.type === 'MemberExpression' ? (method === 'use' ? (useChainOwner(callee.object) ?? callee.object) : callee.object) : undefined;
        const onOwner = target !== undefined && sameOwner(target, owner);
        // fastify-style plugins and hooks apply to the whole instance, wherever they are registered.
        if (onOwner && (method === 'register' || method === 'addHook') && call.arguments.some((a) => a.type !== 'SpreadElement' && middlewareTimes(a))) return true;
        if (registeredAt(call) >= registeredAt(before)) continue;
        if (onOwner && method === 'use') {
          if (call.arguments.some((a) => a.type !== 'SpreadElement' && middlewareTimes(a))) return true;
          continue;
        }
        // `installMetrics(app)`: a setup function that may register middleware.
        if (!onOwner && call.arguments.some((a) => sameOwner(a, owner))) {
          const fn = calledFunction(call, tracker);
          if (fn ? records(fn) || registersTimingMiddleware(fn) : fromProjectOrMetricsModule(call.callee)) return true;
        }
      }
      return false;
    }

    function registersTimingMiddleware(fn: FunctionNode): boolean {
      let found = false;
      walk(fn.body, (node) => {
        if (found) return false;
        if (node.type === 'CallExpression') {
          const callee = unwrap(node.callee);
          const method = callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
          if ((method === 'use' || method === 'register') && node.arguments.some((a) => a.type !== 'SpreadElement' && middlewareTimes(a))) found = true;
        }
        return !found;
      });
      return found;
    }

    function routeTimed(route: RouteRegistration): boolean {
      // Handlers and route-level middleware; one this file cannot see may time the request.
      for (const arg of route.handlers) {
        if (arg.type === 'SpreadElement' || arg.type === 'ObjectExpression') return true;
        const coverage = coverageOf(arg);
        if (coverage === 'covered' || (coverage === 'unknown' && !undeclared(arg))) return true;
      }
      if (!route.owner) return false;
      if (timedBefore(route.owner, route.at)) return true;
      const mount = mountOf(route.owner);
      if (mount) return timedBefore(mount.owner, mount.call);
      // A router nobody mounts here is timed, or not, by the app that mounts it in another file.
      const type = tracker.instanceType(route.owner);
      return type !== undefined && MOUNTED_ROUTERS.has(type);
    }

    /** An identifier bound nowhere in the file (a snippet's free name): nothing can record there. */
    function undeclared(arg: TSESTree.Node): boolean {
      const node = unwrap(arg);
      if (node.type !== 'Identifier') return false;
      const variable = tracker.variableOf(node);
      return variable === null || variable.defs.length === 0;
    }

    function projectTimesRoutes(program: TSESTree.Program): boolean {
      for (const statement of program.body) {
        if (statement.type === 'ImportDeclaration' && ROUTE_INSTRUMENTATION_PACKAGES.some((p) => statement.source.value === p || statement.source.value.startsWith(`${p}/`))) {
          return true;
        }
      }
      return packageUsesRouteInstrumentation(context.physicalFilename);
    }

    return {
      CallExpression(call) {
        collectRegistration(call);
        const callee = unwrap(call.callee);
        if (callee.type === 'MemberExpression' || call.arguments.some((a) => unwrap(a).type === 'Identifier')) ownerCalls.push(call);
      },
      ClassDeclaration: collectStageClass,
      ClassExpression: collectStageClass,
      NewExpression: collectInlineStage,
      'Program:exit'(program) {
        for (const handler of handlers) {
          if (coverageOf(handler.value) !== 'uncovered') continue;
          const batchTimed = batchListeners.some(
            (l) => (tracker.sameReference(l.consumer, handler.consumer) || !comparable(l.consumer)) && listenerRecordsFlow(l.listener),
          );
          if (batchTimed) continue;
          context.report({
            node: handler.report,
            messageId: 'consumerHandler',
            data: { what: handler.kind === 'batch' ? 'Kafka batch handler' : 'Kafka message handler' },
          });
        }
        for (const stage of stages) {
          if (stage.decorators.some((d) => wrapperDecorator(d, wrappers))) continue;
          if (stage.fns.some((fn) => records(fn))) continue;
          context.report({ node: stage.report, messageId: 'streamStage', data: { name: stage.name } });
        }
        collectNextRoutes(program);
        const matches = (glob: string, target: string | undefined): boolean => target !== undefined && matchGlob(glob.replace(/^\//, ''), target.replace(/^\//, ''));
        const dashboard = routes.filter((r) => dashboardRoutes.some((glob) => matches(glob, r.path) || matches(glob, r.file)));
        if (dashboard.length === 0 || projectTimesRoutes(program)) return;
        for (const route of dashboard) {
          if ((route.owner && !createdHere(route.owner)) || routeTimed(route)) continue;
          if (route.owner) {
            context.report({ node: route.pathNode, messageId: 'route', data: { path: route.path, app: route.owner.name } });
          } else {
            context.report({ node: route.pathNode, messageId: 'nextRoute', data: { path: route.path, method: context.sourceCode.getText(route.pathNode) } });
          }
        }
      },
    };
  },
});

/**
 * Where a call registers what it is given, for "registered before": its method name, so that in
 * `app.use(timing).use(router.routes())` the inner call comes first although both start at `app`.
 */
function registeredAt(node: TSESTree.Node): number {
  const callee = node.type === 'CallExpression' ? unwrap(node.callee) : undefined;
  return callee?.type === 'MemberExpression' ? callee.property.range[0] : node.range[0];
}

function comparable(node: TSESTree.Node): boolean {
  const n = unwrap(node);
  return n.type === 'Identifier' || n.type === 'MemberExpression' || n.type === 'ThisExpression';
}

function wrapperDecorator(decorator: TSESTree.Decorator, wrappers: ReadonlySet<string>): boolean {
  const expr = unwrap(decorator.expression);
  const target = expr.type === 'CallExpression' ? unwrap(expr.callee) : expr;
  return target.type === 'Identifier' && wrappers.has(target.name);
}

/** Relative paths and the usual path aliases of the project's own code. */
function isProjectSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('@/') || specifier.startsWith('~/') || specifier.startsWith('#');
}

const packageCache = new Map<string, boolean>();

/**
 * Whether the nearest package.json depends on an HTTP instrumentation (OpenTelemetry, an APM
 * agent): those time every route, usually from a file loaded with `--require`.
 */
function packageUsesRouteInstrumentation(filename: string): boolean {
  let dir = path.dirname(path.resolve(filename));
  for (let i = 0; i < 40; i++) {
    const cached = packageCache.get(dir);
    if (cached !== undefined) return cached;
    const file = path.join(dir, 'package.json');
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      let uses = false;
      try {
        const json = JSON.parse(text) as Record<string, unknown>;
        const deps = ['dependencies', 'devDependencies', 'optionalDependencies'].flatMap((k) => {
          const v = json[k];
          return typeof v === 'object' && v !== null ? Object.keys(v) : [];
        });
        uses = deps.some((d) => ROUTE_INSTRUMENTATION_PACKAGES.includes(d));
      } catch {
        uses = false;
      }
      packageCache.set(dir, uses);
      return uses;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return false;
}

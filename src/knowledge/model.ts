/**
 * The vocabulary of the knowledge tables. A library is described as a graph of named types:
 * a module's namespace is a type whose members are its exports; calling a member (`methods`)
 * or constructing one (`classes`) gives an instance of another type. Rules and analyzers walk
 * this graph instead of matching names.
 */

import type { SqlDialect } from '../config/types.js';

/** Stable id of a modelled type, e.g. `node:stream.Writable`, `kafkajs.Consumer`. */
export type TypeId = string;

/** What a value is for, as the rules see it. One type can play several roles. */
export type Role =
  | 'writable'
  | 'readable'
  | 'event-emitter'
  | 'kafka-client'
  | 'kafka-consumer'
  | 'kafka-producer'
  | 'kafka-admin'
  | 'ws-server'
  | 'ws-socket'
  | 'socketio-server'
  | 'socketio-socket'
  | 'observable'
  | 'subject'
  | 'http-server'
  | 'http-response'
  | 'http-request'
  | 'db-client'
  | 'cache-client'
  | 'metric'
  | 'metric-registry'
  | 'readline-interface'
  | 'stdio'
  | 'limiter'
  /** A consumed Kafka message and the parts of it that route it: key, partition, timestamp, value. */
  | 'kafka-message'
  | 'message-key'
  | 'message-value'
  | 'message-timestamp'
  | 'message-partition'
  /** Unique per message within its partition: keyed by it, a collection grows with every message. */
  | 'message-offset'
  /** A point in time rounded down to a unit (`startOfMinute(d)`, `dayjs(t).startOf('hour')`). */
  | 'time-bucket'
  /** Array, Set, Map: held in process memory, grow with every add. */
  | 'collection'
  /** An in-process task queue (p-queue, fastq): tasks wait in memory. */
  | 'work-queue'
  /** A queue kept outside the process (bullmq, bee-queue): adding is not an in-memory buffer. */
  | 'durable-queue'
  /** socket.io targets that fan an emit out to many sockets (`io`, `io.to(room)`, `socket.broadcast`). */
  | 'socketio-broadcast'
  | 'promise';

/**
 * How often a library calls a function it was given: `repeating` functions run once per chunk,
 * message, tick or request, so work inside them repeats even without a loop.
 */
export type HandlerKind =
  | 'stream-data'
  | 'consumer-message'
  | 'consumer-batch'
  | 'socket-message'
  | 'connection'
  | 'request'
  | 'timer'
  | 'subscription'
  | 'pubsub-message';

/** A function a library calls: the types of the parameters it passes, and what kind of call it is. */
export interface CallbackDef {
  params: readonly (TypeId | null)[];
  kind?: HandlerKind;
  /**
   * Listeners only: the emitter calls the listener again without waiting for the promise it
   * returns, so an async listener gets no backpressure. `true`: always (a Readable's 'data');
   * `{ startedBy }`: once that method has been called on the emitter with no arguments
   * (node-rdkafka `consume()` switches the consumer to flowing mode).
   */
  pushes?: true | { startedBy: string };
  /**
   * The library waits for the promise the function returns before it calls it again (kafkajs
   * `eachMessage`): that promise is the handler's backpressure.
   */
  awaitsResult?: true;
}

/** A value that holds elements or tasks in process memory until something takes them out. */
export interface BufferDef {
  /** Methods that add an element or a task. */
  appends: readonly string[];
  /** Appends that insert only with more arguments than this (`splice(start, count, ...items)`). */
  insertsAfterArgs?: Readonly<Record<string, number>>;
  /** Calling the value itself queues a task (a p-limit limiter). */
  callAppends?: true;
  /** Members, read or called, that tell how much it holds or runs. */
  sizes: readonly string[];
  /** Methods that take elements out or drop them. */
  removes?: readonly string[];
  /** Methods whose promise settles when there is room again (`onSizeLessThan`, `onEmpty`). */
  waits?: readonly string[];
  /** Holds each key (Map) or element (Set) once: adding the same one again does not grow it. */
  unique?: true;
  /** Keyed collections: a `set(k, …)` after one of these reads the same key updates an entry in place. */
  keyedReads?: readonly string[];
}

/**
 * How expensive a read is, as far as the call alone tells: `analytic` aggregates or scans a time
 * range (any ClickHouse or Influx query, prisma `groupBy`); `sql` depends on the query text it is
 * given (pg, mysql2, `knex.raw`, `$queryRaw`); `read` lists rows without aggregating (`findMany`);
 * `point` fetches one row by key (`findUnique`); `write` changes data and is never a dashboard read.
 */
export type QueryShape = 'analytic' | 'sql' | 'read' | 'point' | 'write';

/** Where a query call carries its text: argument `arg`, or one of `options` when that argument is an object. */
export interface QueryTextDef {
  arg: number;
  options?: readonly string[];
}

/** How a cache write gives its entry an expiry. */
export type ExpiryDef =
  /** The call always sets one (`setex`, `setEx`). */
  | { kind: 'always' }
  /** The call never does; only a later `expire` on the same key can (`hset`). */
  | { kind: 'never' }
  /**
   * String arguments from index `from` on (ioredis `set(k, v, 'EX', 30)`); `notCache` tokens mark a
   * lock or conditional write rather than a cache entry (`'NX'`).
   */
  | { kind: 'tokens'; from: number; tokens: readonly string[]; notCache?: readonly string[] }
  /** Keys of an options object at argument `arg` (node-redis `{ EX: 30 }`, lru-cache `{ ttl }`). */
  | { kind: 'options'; arg: number; keys: readonly string[]; notCache?: readonly string[] };

/** What a call does to a database or a cache. */
export type OperationDef =
  /**
   * Runs a query: a query sink. `engine` names the store for messages; `dialect` is the SQL the
   * store speaks when the client only talks to one kind of engine (absent: read it from the text).
   */
  | { kind: 'query'; shape: QueryShape; text?: QueryTextDef; engine?: string; dialect?: SqlDialect }
  | { kind: 'cache-read' }
  /** Stores a value under the key at argument `key`. */
  | { kind: 'cache-write'; key: number; expiry: ExpiryDef }
  /** Sets an expiry on the key at argument `key` (`expire`, `pexpire`). */
  | { kind: 'cache-expire'; key: number }
  /** Answers from a cache and calls the function at argument `fn` only on a miss (`wrap`, `unstable_cache`, memoizers). */
  | { kind: 'cache-wrap'; fn: number }
  /** Memoises the function at argument `fn` for one request only (React `cache`): every viewer still runs it. */
  | { kind: 'request-memo'; fn: number };

/** A cache built with `new X(options)`: the options that make its entries expire, and those that bound its size. */
export interface CacheStoreDef {
  ttlOptions: readonly string[];
  boundOptions: readonly string[];
}

export interface TypeDef {
  roles?: readonly Role[];
  /** Inherited members and roles, in order. */
  extends?: readonly TypeId[];
  /** `x.name(...)` returns an instance of the given type. */
  methods?: Readonly<Record<string, TypeId>>;
  /** `new x.name(...)` (and the type annotation `x.name`) gives an instance of the given type. */
  classes?: Readonly<Record<string, TypeId>>;
  /** `x.name` is an instance of the given type. */
  properties?: Readonly<Record<string, TypeId>>;
  /** Calling the value itself, e.g. a default-exported factory. */
  call?: TypeId;
  /** The type of the class object of an instance type, for static members such as `WebSocket.Server`. */
  statics?: TypeId;
  /** `x.on(event, fn)` (and `addListener`, `prependListener`) calls `fn` like this. */
  events?: Readonly<Record<string, CallbackDef>>;
  /** Events not named in `events` (socket.io custom events) call their listeners like this. */
  otherEvents?: CallbackDef;
  /** The value buffers in memory (arrays, sets, in-process queues, limiters). */
  buffer?: BufferDef;
  /** `x.method(..., fn)`: the function arguments are called like this. */
  callbacks?: Readonly<Record<string, CallbackDef>>;
  /** `x.method({ prop: fn })`: the function in option `prop` is called like this. */
  optionHandlers?: Readonly<Record<string, Readonly<Record<string, CallbackDef>>>>;
  /** Element type when iterated (`for (const c of wss.clients)`). */
  elements?: TypeId;
  /** The value is a metric instrument (or middleware that records route metrics): how it is defined and recorded. */
  metric?: MetricDef;
  /** `x.name(...)` reads or writes a database or a cache. */
  operations?: Readonly<Record<string, OperationDef>>;
  /** Calling the value itself, or tagging a template with it (postgres `` sql`…` ``), does this. */
  callOperation?: OperationDef;
  /** Members named nowhere else are instances of this type (prisma's model delegates: `prisma.order`). */
  otherProperties?: TypeId;
  /** Instances are in-process caches configured by their constructor's options. */
  cacheStore?: CacheStoreDef;
}

export interface ModuleDef {
  /** Every specifier that loads this module (`node:fs`, `fs`). */
  specifiers: readonly string[];
  /** The namespace type: its members are the module's named exports. */
  namespace: TypeId;
  /** What `import x from` / `require()` interop gives: the namespace, or one named member of it. */
  defaultExport?: { member: string } | 'namespace';
}

export interface LibraryTable {
  name: string;
  modules: readonly ModuleDef[];
  types: Readonly<Record<TypeId, TypeDef>>;
  /** Global identifiers this library provides (`process`, the `NodeJS` type namespace). */
  globals?: Readonly<Record<string, TypeId>>;
}

/** What kind of instrument a metric value is. */
export type MetricInstrument =
  | 'counter'
  | 'up-down-counter'
  | 'gauge'
  | 'histogram'
  | 'summary'
  /** An OpenTelemetry observable instrument: recorded by the callbacks it is given. */
  | 'observable'
  /** What an observable callback receives: its `observe` records. */
  | 'observable-result'
  /** A StatsD client: the metric name is an argument of every record call. */
  | 'statsd'
  /** The function `startTimer()` returns: calling it records the elapsed time. */
  | 'timer'
  /** Express-style middleware that times every route registered after it on the same app. */
  | 'route-middleware'
  /** A plugin (fastify `register`) that times every route of the instance. */
  | 'route-plugin';

/**
 * Where a record call takes its value and its labels (prom-client labels, OpenTelemetry
 * attributes, StatsD tags).
 */
export type MetricArgs =
  /** prom-client: an optional labels object, then the value: `observe(v)`, `observe({ route }, v)`. */
  | 'labels-then-value'
  /** OpenTelemetry: the value, then attributes: `record(v, { route })`. */
  | 'value-then-attributes'
  /** StatsD: the stat name, the value, then optional sample rate, tags (array or object) and callback. */
  | 'stat-value-tags'
  /** StatsD `increment(stat, value?, ...)`: the value may be left out. */
  | 'stat-optional-value-tags'
  /** StatsD timers that wrap a function: `timer(fn, stat, sampleRate?, tags?)`. */
  | 'fn-stat-tags'
  /** An optional labels object and no value: `startTimer({ route })`, `end({ status })`. */
  | 'labels-only'
  /** Label values selecting a child series, positional or one object: prom-client `labels('GET', '200')`. */
  | 'label-values';

export interface MetricCallDef {
  args: MetricArgs;
  /** What the call measures; `select` only picks a labelled child and records nothing itself. */
  measures: 'duration' | 'count' | 'level' | 'select';
  /** The unit the library expects the value in, whatever the metric's name says (StatsD timers: ms). */
  unit?: 'seconds' | 'milliseconds';
  /** The unit of what the call records when it measures time itself (`end()` of `startTimer()`: seconds). */
  records?: 'seconds' | 'milliseconds';
}

/** How a definition names the metric and shapes its histogram. */
export interface MetricDefinitionDef {
  /** `option`: the `name` property of the first argument (prom-client); `argument`: the first argument (OpenTelemetry). */
  name: 'option' | 'argument';
  /** Property path, in the options object, of explicit bucket boundaries. */
  buckets?: readonly string[];
  /** Boundaries used when none are given. */
  defaultBuckets?: readonly number[];
  /** Property path of a declared unit (OpenTelemetry `unit`). */
  unit?: readonly string[];
  /** Property path of summary quantiles, and their default. */
  percentiles?: readonly string[];
  defaultPercentiles?: readonly number[];
  /** Property that makes the instrument computed at scrape time (prom-client `collect`). */
  collect?: string;
  /** Exposed to Prometheus with `_total` appended (OpenTelemetry monotonic sums). */
  monotonic?: boolean;
}

export interface MetricDef {
  instrument: MetricInstrument;
  /** How the constructor or factory call that produced this value defines the metric. */
  definition?: MetricDefinitionDef;
  /** Methods that record (or select a labelled child). */
  records?: Readonly<Record<string, MetricCallDef>>;
  /** Calling the value itself records (the function `startTimer()` returns). */
  callRecords?: MetricCallDef;
}

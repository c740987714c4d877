/**
 * The vocabulary of the knowledge tables. A library is described as a graph of named types:
 * a module's namespace is a type whose members are its exports; calling a member (`methods`)
 * or constructing one (`classes`) gives an instance of another type. Rules and analyzers walk
 * this graph instead of matching names.
 */

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
  | 'limiter';

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
  /** `x.method(..., fn)`: the function arguments are called like this. */
  callbacks?: Readonly<Record<string, CallbackDef>>;
  /** `x.method({ prop: fn })`: the function in option `prop` is called like this. */
  optionHandlers?: Readonly<Record<string, Readonly<Record<string, CallbackDef>>>>;
  /** Element type when iterated (`for (const c of wss.clients)`). */
  elements?: TypeId;
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

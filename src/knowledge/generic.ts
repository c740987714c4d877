/**
 * Knowledge that holds for any receiver, known or not: language-level iteration callbacks and
 * event names whose listeners run once per chunk or message by convention.
 */
import type { HandlerKind } from './model.js';

/** Array (and iterable helper) methods that call their first argument once per element. */
export const ITERATION_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex',
]);

/** Methods whose callback's return value is discarded: an expression-bodied arrow there discards its value. */
export const RETURN_DISCARDING_METHODS: ReadonlySet<string> = new Set(['forEach']);

/**
 * Methods that collect their callback's return values into their own result: where that result is
 * discarded (`rows.map((r) => w.write(r));`), so are the callback's values.
 */
export const RETURN_COLLECTING_METHODS: ReadonlySet<string> = new Set(['map', 'flatMap']);

export const LISTENER_METHODS: ReadonlySet<string> = new Set(['on', 'addListener', 'prependListener']);
export const ONCE_LISTENER_METHODS: ReadonlySet<string> = new Set(['once', 'prependOnceListener']);
/** The DOM/WHATWG `EventTarget` registration (browser sockets, `AbortSignal`): a persistent listener too. */
export const DOM_LISTENER_METHODS: ReadonlySet<string> = new Set(['addEventListener']);

/**
 * Events that fire once per unit of data on any emitter that has them (Node streams, readline,
 * sockets, pub/sub clients). Used when the emitter itself cannot be resolved.
 */
export const GENERIC_REPEATING_EVENTS: ReadonlyMap<string, HandlerKind> = new Map<string, HandlerKind>([
  ['data', 'stream-data'],
  ['line', 'stream-data'],
  ['message', 'socket-message'],
]);

/** The event a writable emits when its buffer has room again. */
export const DRAIN_EVENT = 'drain';

/** Properties of a writable whose reading means the code checks its buffer. */
export const DRAIN_GUARD_PROPERTIES: ReadonlySet<string> = new Set(['writableNeedDrain', 'writableLength']);

/** EventEmitter methods that return the emitter itself, so `s.on('error', f).pipe(d)` is still `s`. */
export const EMITTER_CHAINING_METHODS: ReadonlySet<string> = new Set([
  'on', 'once', 'addListener', 'prependListener', 'prependOnceListener',
  'off', 'removeListener', 'removeAllListeners', 'setMaxListeners',
]);

/**
 * Calls that take over error handling and teardown of the streams given to them: `stream.pipeline`
 * (callback or `stream/promises`), `stream.compose`, and the `pump`/`pumpify`/`multipipe` packages.
 * Matched by name, which may only make a rule quieter.
 */
export const MANAGED_PIPELINE_FUNCTIONS: ReadonlySet<string> = new Set(['pipeline', 'compose', 'pump', 'pumpify', 'multipipe']);

/** Events after which a stream is finished with, where manual `.pipe()` cleanup is wired. */
export const STREAM_TEARDOWN_EVENTS: ReadonlySet<string> = new Set(['error', 'close', 'aborted']);

/** Methods that release a stream's resources: what manual cleanup calls on the other streams. */
export const STREAM_TEARDOWN_METHODS: ReadonlySet<string> = new Set(['destroy', 'close', 'end', 'abort']);

/**
 * End-of-stream helpers that call back when a stream ends or fails (`stream.finished`, the
 * `end-of-stream` and `on-finished` packages), so a callback there is a teardown listener.
 */
export const END_OF_STREAM_HELPERS: ReadonlySet<string> = new Set(['finished', 'eos', 'endOfStream', 'onFinished']);

/** Iteration methods whose callback receives an element as its first parameter. */
export const ELEMENT_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'forEach', 'map', 'flatMap', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex',
]);

/** Methods that return the same elements (or an iterator over them) in another container. */
export const ELEMENT_PRESERVING_METHODS: ReadonlySet<string> = new Set([
  'values', 'filter', 'slice', 'toSorted', 'toReversed', 'sort', 'reverse',
]);

/** Promise methods: a statement ending in `.then(…)`/`.catch(…)`/`.finally(…)` starts work nobody awaits. */
export const PROMISE_CHAIN_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/** Runtime functions that run a callback later, outside the caller's promise (`process.nextTick` too). */
export const DEFERRING_FUNCTIONS: ReadonlySet<string> = new Set(['setImmediate', 'setTimeout', 'queueMicrotask']);

/** Events after which a Readable has delivered everything it will. */
export const STREAM_END_EVENTS: ReadonlySet<string> = new Set(['end', 'close', 'finish']);

/** Events of an object that owns streams (a child process's stdout/stderr) after which they are done. */
export const OWNER_END_EVENTS: ReadonlySet<string> = new Set(['exit', 'close', 'end']);

/** Methods that cut a slow peer or source off: a way to bound what is buffered for it. */
export const SLOW_PEER_DROP_METHODS: ReadonlySet<string> = new Set(['terminate', 'destroy', 'close', 'disconnect', 'end']);

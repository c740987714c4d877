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

export const LISTENER_METHODS: ReadonlySet<string> = new Set(['on', 'addListener', 'prependListener']);
export const ONCE_LISTENER_METHODS: ReadonlySet<string> = new Set(['once', 'prependOnceListener']);

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

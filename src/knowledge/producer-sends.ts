/**
 * How producers put a record on a topic: the send methods of each producer type, where their
 * topic and message values sit, and the calls that serialise a value into a message body. The
 * schema-drift analyzer and `rta/consistent-topic-payload` read these rows to find what the
 * code sends to a topic.
 */
import type { TypeId } from './model.js';

export type SendShape =
  /** kafkajs `send({ topic, messages: [{ key, value }] })`. */
  | { kind: 'record'; topic: string; messages: string; value: string }
  /** kafkajs `sendBatch({ topicMessages: [{ topic, messages }] })`. */
  | { kind: 'batch'; list: string; topic: string; messages: string; value: string }
  /** node-rdkafka `produce(topic, partition, value, key, …)`. */
  | { kind: 'positional'; topicArgument: number; valueArgument: number };

export interface ProducerSend {
  /** Producer types (by lineage) that have this method. */
  types: readonly TypeId[];
  method: string;
  shape: SendShape;
}

export const PRODUCER_SENDS: readonly ProducerSend[] = [
  // kafkajs, and @confluentinc/kafka-javascript's promisified `KafkaJS` API, which mirrors it.
  { types: ['kafkajs.Producer'], method: 'send', shape: { kind: 'record', topic: 'topic', messages: 'messages', value: 'value' } },
  {
    types: ['kafkajs.Producer'],
    method: 'sendBatch',
    shape: { kind: 'batch', list: 'topicMessages', topic: 'topic', messages: 'messages', value: 'value' },
  },
  // node-rdkafka and the confluent callback API.
  { types: ['rdkafka.Producer'], method: 'produce', shape: { kind: 'positional', topicArgument: 0, valueArgument: 2 } },
];

/**
 * Calls whose result is the serialised form of one argument: `JSON.stringify(x)`, and wrappers
 * around such a string such as `Buffer.from(JSON.stringify(x))`. `wraps: true` means the argument
 * is itself a serialised value to look through.
 */
export interface ValueSerialiser {
  /** The global object the method is called on. */
  object: string;
  method: string;
  argument: number;
  wraps?: true;
}

export const VALUE_SERIALISERS: readonly ValueSerialiser[] = [
  { object: 'JSON', method: 'stringify', argument: 0 },
  { object: 'Buffer', method: 'from', argument: 0, wraps: true },
];

/** Method names of array helpers that build the message list from elements (`rows.map((r) => ({ value }))`). */
export const MESSAGE_LIST_BUILDERS: ReadonlySet<string> = new Set(['map', 'flatMap']);

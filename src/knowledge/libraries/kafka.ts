import type { LibraryTable, TypeId } from '../model.js';

// kafkajs awaits the handler's promise before the next message (batch) of the partition.
const eachMessage = { params: ['kafkajs.EachMessagePayload'], kind: 'consumer-message', awaitsResult: true } as const;
const eachBatch = { params: ['kafkajs.EachBatchPayload'], kind: 'consumer-batch', awaitsResult: true } as const;

/**
 * kafkajs consumer instrumentation events: the constant in `consumer.events` and the event name.
 * Listeners get `{ id, type, timestamp, payload }`; errors they throw are swallowed by kafkajs.
 */
export const KAFKAJS_CONSUMER_EVENTS: Readonly<Record<string, string>> = {
  HEARTBEAT: 'consumer.heartbeat',
  COMMIT_OFFSETS: 'consumer.commit_offsets',
  GROUP_JOIN: 'consumer.group_join',
  FETCH: 'consumer.fetch',
  FETCH_START: 'consumer.fetch_start',
  START_BATCH_PROCESS: 'consumer.start_batch_process',
  END_BATCH_PROCESS: 'consumer.end_batch_process',
  CONNECT: 'consumer.connect',
  DISCONNECT: 'consumer.disconnect',
  STOP: 'consumer.stop',
  CRASH: 'consumer.crash',
  REBALANCING: 'consumer.rebalancing',
  RECEIVED_UNSUBSCRIBED_TOPICS: 'consumer.received_unsubscribed_topics',
  REQUEST: 'consumer.network.request',
  REQUEST_TIMEOUT: 'consumer.network.request_timeout',
  REQUEST_QUEUE_SIZE: 'consumer.network.request_queue_size',
};

function kafkajsInstrumentationEvents(): Record<string, { params: readonly string[] }> {
  const events: Record<string, { params: readonly string[] }> = {};
  for (const [constant, name] of Object.entries(KAFKAJS_CONSUMER_EVENTS)) {
    events[constant] = { params: ['kafkajs.InstrumentationEvent'] };
    events[name] = { params: ['kafkajs.InstrumentationEvent'] };
  }
  return events;
}

/**
 * Numbers that kafkajs hands over as strings (it computes offsets with 64-bit `Long`s and
 * returns `.toString()`): properties and zero-argument methods, by type. prom-client's
 * `set`/`observe`/`inc` throw on them, OpenTelemetry instruments drop them.
 */
export const KAFKA_NUMERIC_STRINGS: Readonly<Record<TypeId, { properties?: readonly string[]; methods?: readonly string[] }>> = {
  'kafkajs.BatchProcessPayload': { properties: ['offsetLag', 'offsetLagLow', 'highWatermark', 'firstOffset', 'lastOffset'] },
  'kafkajs.Batch': { properties: ['highWatermark'], methods: ['offsetLag', 'offsetLagLow', 'firstOffset', 'lastOffset'] },
  'kafkajs.KafkaMessage': { properties: ['offset', 'timestamp'] },
};

export const kafkaLibrary: LibraryTable = {
  name: 'kafka',
  types: {
    kafkajs: {
      classes: {
        Kafka: 'kafkajs.Kafka',
        // Type-only exports, reached through annotations (`({ message }: EachMessagePayload) => …`).
        Consumer: 'kafkajs.Consumer',
        Producer: 'kafkajs.Producer',
        EachMessagePayload: 'kafkajs.EachMessagePayload',
        EachBatchPayload: 'kafkajs.EachBatchPayload',
        Batch: 'kafkajs.Batch',
        KafkaMessage: 'kafkajs.KafkaMessage',
      },
    },
    'kafkajs.Kafka': {
      roles: ['kafka-client'],
      methods: { consumer: 'kafkajs.Consumer', producer: 'kafkajs.Producer', admin: 'kafkajs.Admin' },
    },
    'kafkajs.Consumer': {
      roles: ['kafka-consumer'],
      optionHandlers: { run: { eachMessage, eachBatch } },
      // Instrumentation events, by name or by the constant of `consumer.events`.
      events: kafkajsInstrumentationEvents(),
    },
    // `consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => …)`.
    'kafkajs.InstrumentationEvent': { properties: { payload: 'kafkajs.BatchProcessPayload' } },
    'kafkajs.BatchProcessPayload': { properties: { partition: 'kafka.Partition', topic: 'kafka.Topic' } },
    'kafkajs.Producer': { roles: ['kafka-producer'] },
    'kafkajs.Admin': { roles: ['kafka-admin'] },
    // What a handler receives: the message parts the window rules key on (key, partition, timestamp).
    'kafkajs.EachMessagePayload': {
      properties: { message: 'kafkajs.KafkaMessage', partition: 'kafka.Partition', topic: 'kafka.Topic' },
    },
    'kafkajs.EachBatchPayload': { properties: { batch: 'kafkajs.Batch' } },
    'kafkajs.Batch': {
      properties: { messages: 'kafkajs.KafkaMessageList', partition: 'kafka.Partition', topic: 'kafka.Topic' },
    },
    'kafkajs.KafkaMessageList': { elements: 'kafkajs.KafkaMessage' },
    // `key`/`value` are `Buffer | null`, `timestamp` is epoch milliseconds as a string.
    'kafkajs.KafkaMessage': {
      roles: ['kafka-message'],
      properties: { key: 'kafka.MessageKey', value: 'kafka.MessageValue', timestamp: 'kafka.MessageTimestamp', offset: 'kafka.MessageOffset' },
    },
    'kafka.MessageKey': { roles: ['message-key'] },
    'kafka.MessageValue': { roles: ['message-value'] },
    'kafka.MessageTimestamp': { roles: ['message-timestamp'] },
    'kafka.Partition': { roles: ['message-partition'] },
    'kafka.MessageOffset': { roles: ['message-offset'] },
    'kafka.Topic': {},

    // The promisified API mirrors kafkajs under `.KafkaJS`; the callback API mirrors node-rdkafka.
    '@confluentinc/kafka-javascript': {
      properties: { KafkaJS: 'kafkajs' },
      classes: { KafkaConsumer: 'rdkafka.KafkaConsumer', Producer: 'rdkafka.Producer', HighLevelProducer: 'rdkafka.Producer' },
    },
    'node-rdkafka': {
      classes: { KafkaConsumer: 'rdkafka.KafkaConsumer', Producer: 'rdkafka.Producer', HighLevelProducer: 'rdkafka.Producer' },
      statics: 'node-rdkafka',
    },
    'rdkafka.KafkaConsumer': {
      roles: ['kafka-consumer'],
      extends: ['node:events.EventEmitter'],
      // 'data' only flows after `consume()` without arguments; `consume(n, cb)` is pull-based.
      events: { data: { params: ['rdkafka.Message'], kind: 'consumer-message', pushes: { startedBy: 'consume' } } },
      callbacks: { consume: { params: [null, 'rdkafka.MessageList'], kind: 'consumer-batch' } },
    },
    // `timestamp` is epoch milliseconds as a number; `partition` travels with each message.
    'rdkafka.Message': {
      roles: ['kafka-message'],
      properties: {
        key: 'kafka.MessageKey',
        value: 'kafka.MessageValue',
        timestamp: 'kafka.MessageTimestamp',
        partition: 'kafka.Partition',
        topic: 'kafka.Topic',
        offset: 'kafka.MessageOffset',
      },
    },
    'rdkafka.MessageList': { elements: 'rdkafka.Message' },
    'rdkafka.Producer': { roles: ['kafka-producer'], extends: ['node:events.EventEmitter'] },
  },
  modules: [
    { specifiers: ['kafkajs'], namespace: 'kafkajs' },
    { specifiers: ['@confluentinc/kafka-javascript'], namespace: '@confluentinc/kafka-javascript' },
    { specifiers: ['node-rdkafka'], namespace: 'node-rdkafka' },
  ],
};

/**
 * How a consumer comes to share its topics' partitions with other instances. In a group the
 * coordinator hands each member a subset of the partitions; with a manual assignment one
 * process reads exactly the partitions it names.
 */
export interface ConsumerGroupDef {
  /** Where the group id sits in the factory/constructor options: argument index and property paths. */
  groupId: { argument: number; paths: readonly (readonly string[])[] };
  /**
   * A consumer of this type is in a group whenever its options cannot be seen (kafkajs has no
   * other mode). Without this, membership needs a visible call to a `join` method.
   */
  groupedByDefault: boolean;
  /** Calls that join the group and take the partitions the coordinator assigns. */
  join: readonly string[];
  /** Calls that take named partitions by hand, outside group management. */
  manual: readonly string[];
  /** The argument of a `join` call that names the topics (string, array, `{ topic }`, `{ topics }`). */
  topicsArgument: number;
}

/** Consumer types (by lineage) and how they join a group. */
export const KAFKA_CONSUMER_GROUPS: Readonly<Record<TypeId, ConsumerGroupDef>> = {
  // kafkajs `consumer({ groupId })`; the confluent promisified API nests it under `kafkaJS` and
  // also accepts the librdkafka property.
  'kafkajs.Consumer': {
    groupId: { argument: 0, paths: [['groupId'], ['kafkaJS', 'groupId'], ['group.id']] },
    groupedByDefault: true,
    join: ['subscribe'],
    manual: ['assign'],
    topicsArgument: 0,
  },
  // node-rdkafka / confluent callback API: `subscribe([topics])` joins, `assign([{ topic, partition }])` does not.
  'rdkafka.KafkaConsumer': {
    groupId: { argument: 0, paths: [['group.id']] },
    groupedByDefault: false,
    join: ['subscribe'],
    manual: ['assign'],
    topicsArgument: 0,
  },
};

import type { LibraryTable } from '../model.js';

const eachMessage = { params: ['kafkajs.EachMessagePayload'], kind: 'consumer-message' } as const;
const eachBatch = { params: ['kafkajs.EachBatchPayload'], kind: 'consumer-batch' } as const;

export const kafkaLibrary: LibraryTable = {
  name: 'kafka',
  types: {
    kafkajs: { classes: { Kafka: 'kafkajs.Kafka' } },
    'kafkajs.Kafka': {
      roles: ['kafka-client'],
      methods: { consumer: 'kafkajs.Consumer', producer: 'kafkajs.Producer', admin: 'kafkajs.Admin' },
    },
    'kafkajs.Consumer': {
      roles: ['kafka-consumer'],
      optionHandlers: { run: { eachMessage, eachBatch } },
    },
    'kafkajs.Producer': { roles: ['kafka-producer'] },
    'kafkajs.Admin': { roles: ['kafka-admin'] },
    'kafkajs.EachMessagePayload': {},
    'kafkajs.EachBatchPayload': {},

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
      events: { data: { params: [null], kind: 'consumer-message' } },
      callbacks: { consume: { params: [null, null], kind: 'consumer-batch' } },
    },
    'rdkafka.Producer': { roles: ['kafka-producer'], extends: ['node:events.EventEmitter'] },
  },
  modules: [
    { specifiers: ['kafkajs'], namespace: 'kafkajs' },
    { specifiers: ['@confluentinc/kafka-javascript'], namespace: '@confluentinc/kafka-javascript' },
    { specifiers: ['node-rdkafka'], namespace: 'node-rdkafka' },
  ],
};

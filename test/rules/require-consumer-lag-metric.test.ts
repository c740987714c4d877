import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/require-consumer-lag-metric.js';
import { typedTester, untypedTester } from '../support/rule-tester.js';
import { typeErrors } from '../support/typecheck.js';
import { withMetricStubs } from '../support/metric-stubs.js';

const HEAD = `import { Kafka } from 'kafkajs';
import { Gauge, Histogram } from 'prom-client';
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'order-ingest' });
const lag = new Gauge({ name: 'kafka_consumer_offset_lag', help: 'h', labelNames: ['topic', 'partition'] });
`;

const valid = [
  `${HEAD}consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
     lag.set({ topic: payload.topic, partition: String(payload.partition) }, Number(payload.offsetLag));
   });`,
  `${HEAD}consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => lag.set(parseInt(payload.offsetLag, 10)));`,
  `${HEAD}consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => lag.set(+payload.offsetLagLow));`,
  // batchSize and duration are numbers.
  `${HEAD}const batchSeconds = new Histogram({ name: 'batch_seconds', help: 'h' });
   consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => { lag.set(payload.batchSize); batchSeconds.observe(payload.duration / 1000); });`,
  // Not a metric: a log line and a Map.
  `${HEAD}const lags = new Map<string, string>();
   consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => { console.log(payload.offsetLag); lags.set(payload.topic, payload.offsetLag); });`,
  // StatsD sends the text as it is: a string is fine there.
  `${HEAD}import StatsD from 'hot-shots';
   const statsd = new StatsD();
   consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => statsd.gauge('orders.lag', Number(payload.offsetLag)));`,
  // A metric from another module: untyped, this file cannot tell it is one.
  `${HEAD}import { lagGauge } from './metrics.js';
   consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => lagGauge.set(payload.offsetLag as unknown as number));`,
  `${HEAD}await consumer.run({ eachBatch: async ({ batch }) => { lag.set(Number(batch.offsetLag())); lag.set(batch.messages.length); } });`,
  // A payload of some other emitter.
  `import { EventEmitter } from 'node:events';
   import { Gauge } from 'prom-client';
   const lag = new Gauge({ name: 'x_lag', help: 'h' });
   const bus = new EventEmitter();
   bus.on('batch', ({ payload }: { payload: { offsetLag: number } }) => lag.set(payload.offsetLag));`,
  // Destructured numbers, and a destructured field of some other emitter's payload.
  `${HEAD}consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload: { batchSize, duration } }) => { lag.set(batchSize); lag.set(duration); });`,
  `import { EventEmitter } from 'node:events';
   import { Gauge } from 'prom-client';
   const lag = new Gauge({ name: 'x_lag', help: 'h' });
   const bus = new EventEmitter();
   bus.on('batch', ({ payload: { offsetLag } }: { payload: { offsetLag: number } }) => lag.set(offsetLag));`,
  // Bad input shapes.
  `${HEAD}declare const args: [number];
   consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => { lag.set(...args); lag.set(); lag['set'](Number(payload.offsetLag)); });`,
];

const invalid = [
  {
    name: 'offsetLag into Gauge#set (destructured payload)',
    code: `${HEAD}consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
  lag.set({ topic: payload.topic, partition: String(payload.partition) }, payload.offsetLag);
});`,
    output: `${HEAD}consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
  lag.set({ topic: payload.topic, partition: String(payload.partition) }, Number(payload.offsetLag));
});`,
    errors: [{ messageId: 'stringValue' as const, line: 6, data: { field: 'offsetLag', text: 'payload.offsetLag', consequence: "prom-client's `set()` throws a TypeError on it" } }],
  },
  {
    name: 'offsetLag destructured in the parameter',
    code: `${HEAD}consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload: { offsetLag } }) => lag.set(offsetLag));`,
    output: `${HEAD}consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload: { offsetLag } }) => lag.set(Number(offsetLag)));`,
    errors: [{ messageId: 'stringValue' as const, data: { field: 'offsetLag', text: 'offsetLag', consequence: "prom-client's `set()` throws a TypeError on it" } }],
  },
  {
    name: 'offsetLagLow destructured under another name, with a default',
    code: `${HEAD}consumer.on(consumer.events.START_BATCH_PROCESS, ({ payload: { offsetLagLow: behind = '0' } }) => lag.set(behind));`,
    output: `${HEAD}consumer.on(consumer.events.START_BATCH_PROCESS, ({ payload: { offsetLagLow: behind = '0' } }) => lag.set(Number(behind)));`,
    errors: [{ messageId: 'stringValue' as const, data: { field: 'offsetLagLow', text: 'behind', consequence: "prom-client's `set()` throws a TypeError on it" } }],
  },
  {
    name: 'offsetLag destructured from the payload in the body',
    code: `${HEAD}consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
  const { offsetLag, topic } = e.payload;
  lag.set({ topic }, offsetLag);
});`,
    output: `${HEAD}consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
  const { offsetLag, topic } = e.payload;
  lag.set({ topic }, Number(offsetLag));
});`,
    errors: [{ messageId: 'stringValue' as const, line: 7, data: { field: 'offsetLag', text: 'offsetLag', consequence: "prom-client's `set()` throws a TypeError on it" } }],
  },
  {
    name: 'event constant destructured from consumer.events',
    code: `${HEAD}const { END_BATCH_PROCESS } = consumer.events;
consumer.on(END_BATCH_PROCESS, ({ payload }) => lag.set(payload.offsetLag));`,
    output: `${HEAD}const { END_BATCH_PROCESS } = consumer.events;
consumer.on(END_BATCH_PROCESS, ({ payload }) => lag.set(Number(payload.offsetLag)));`,
    errors: [{ messageId: 'stringValue' as const, data: { field: 'offsetLag', text: 'payload.offsetLag', consequence: "prom-client's `set()` throws a TypeError on it" } }],
  },
  {
    name: 'offsetLagLow through the event object',
    code: `${HEAD}consumer.on(consumer.events.START_BATCH_PROCESS, (e) => lag.set(e.payload.offsetLagLow));`,
    output: `${HEAD}consumer.on(consumer.events.START_BATCH_PROCESS, (e) => lag.set(Number(e.payload.offsetLagLow)));`,
    errors: [{ messageId: 'stringValue' as const }],
  },
  {
    name: 'event given by name',
    code: `${HEAD}consumer.on('consumer.end_batch_process', ({ payload }) => lag.set(payload.highWatermark));`,
    output: `${HEAD}consumer.on('consumer.end_batch_process', ({ payload }) => lag.set(Number(payload.highWatermark)));`,
    errors: [{ messageId: 'stringValue' as const }],
  },
  {
    name: 'through a local constant and labels()',
    code: `${HEAD}consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
  const behind = payload.offsetLag;
  lag.labels(payload.topic, String(payload.partition)).set(behind);
});`,
    output: `${HEAD}consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
  const behind = payload.offsetLag;
  lag.labels(payload.topic, String(payload.partition)).set(Number(behind));
});`,
    errors: [{ messageId: 'stringValue' as const }],
  },
  {
    name: 'batch.offsetLag() in eachBatch',
    code: `${HEAD}await consumer.run({ eachBatch: async ({ batch }) => { lag.set(batch.offsetLag()); } });`,
    output: `${HEAD}await consumer.run({ eachBatch: async ({ batch }) => { lag.set(Number(batch.offsetLag())); } });`,
    errors: [{ messageId: 'stringValue' as const, data: { field: 'offsetLag()', text: 'batch.offsetLag()', consequence: "prom-client's `set()` throws a TypeError on it" } }],
  },
  {
    name: 'batch.highWatermark in eachBatch',
    code: `${HEAD}await consumer.run({ eachBatch: async ({ batch }) => { lag.set({ topic: batch.topic }, batch.highWatermark); } });`,
    output: `${HEAD}await consumer.run({ eachBatch: async ({ batch }) => { lag.set({ topic: batch.topic }, Number(batch.highWatermark)); } });`,
    errors: [{ messageId: 'stringValue' as const }],
  },
  {
    name: 'message offset in eachMessage',
    code: `${HEAD}const lastOffset = new Gauge({ name: 'last_offset', help: 'h' });
await consumer.run({ eachMessage: async ({ message }) => { lastOffset.set(message.offset); } });`,
    output: `${HEAD}const lastOffset = new Gauge({ name: 'last_offset', help: 'h' });
await consumer.run({ eachMessage: async ({ message }) => { lastOffset.set(Number(message.offset)); } });`,
    errors: [{ messageId: 'stringValue' as const }],
  },
  {
    name: 'into a histogram',
    code: `${HEAD}const lagDist = new Histogram({ name: 'lag_distribution', help: 'h', buckets: [10, 100, 1000] });
consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => lagDist.observe(payload.offsetLag));`,
    output: `${HEAD}const lagDist = new Histogram({ name: 'lag_distribution', help: 'h', buckets: [10, 100, 1000] });
consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => lagDist.observe(Number(payload.offsetLag)));`,
    errors: [{ messageId: 'stringValue' as const }],
  },
  {
    name: 'OpenTelemetry gauge',
    code: `import { Kafka } from 'kafkajs';
import { metrics } from '@opentelemetry/api';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const lag = metrics.getMeter('ingest').createGauge('kafka.consumer.lag');
consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => lag.record(payload.offsetLag, { topic: payload.topic }));`,
    output: `import { Kafka } from 'kafkajs';
import { metrics } from '@opentelemetry/api';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const lag = metrics.getMeter('ingest').createGauge('kafka.consumer.lag');
consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => lag.record(Number(payload.offsetLag), { topic: payload.topic }));`,
    errors: [{ messageId: 'stringValue' as const, data: { field: 'offsetLag', text: 'payload.offsetLag', consequence: 'OpenTelemetry instruments drop values that are not numbers from `record()`' } }],
  },
  {
    name: 'computed member access and optional call',
    code: `${HEAD}consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => lag?.['set'](payload['offsetLag']));`,
    output: `${HEAD}consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => lag?.['set'](Number(payload['offsetLag'])));`,
    errors: [{ messageId: 'stringValue' as const }],
  },
];

untypedTester().run('require-consumer-lag-metric', rule, {
  valid: [
    ...valid,
    // Plain JavaScript.
    `const { Kafka } = require('kafkajs');
     const client = require('prom-client');
     const lag = new client.Gauge({ name: 'lag', help: 'h' });
     const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
     consumer.on(consumer.events.END_BATCH_PROCESS, (e) => lag.set(Number(e.payload.offsetLag)));`,
  ],
  invalid: [
    ...invalid,
    {
      name: 'plain JavaScript with require()',
      code: `const { Kafka } = require('kafkajs');
const client = require('prom-client');
const lag = new client.Gauge({ name: 'lag', help: 'h' });
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
consumer.on(consumer.events.END_BATCH_PROCESS, (e) => lag.set(e.payload.offsetLag));`,
      output: `const { Kafka } = require('kafkajs');
const client = require('prom-client');
const lag = new client.Gauge({ name: 'lag', help: 'h' });
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
consumer.on(consumer.events.END_BATCH_PROCESS, (e) => lag.set(Number(e.payload.offsetLag)));`,
      errors: [{ messageId: 'stringValue' }],
    },
  ],
});

typedTester().run('require-consumer-lag-metric (typed)', rule, { valid, invalid });

describe('require-consumer-lag-metric fixes leave code that type-checks', () => {
  for (const { name, output } of invalid) {
    it(name, () => {
      expect(typeErrors(withMetricStubs(output))).toEqual([]);
    });
  }
  it('the unfixed code does not type-check against the same declarations (the string is real)', () => {
    expect(typeErrors(withMetricStubs(invalid[0]!.code)).join('\n')).toContain("not assignable to parameter of type 'number'");
  });
});

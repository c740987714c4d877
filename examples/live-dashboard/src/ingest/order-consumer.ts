import { createWriteStream } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { ORDERS_TOPIC, config } from '../config.js';
import { upsertOrder } from '../db/order-writes.js';
import { decodeOrderEvent } from '../events/order-event.js';
import {
  consumerOffsetLag,
  ingestFreshness,
  orderIngestDuration,
  ordersProcessed,
} from '../metrics.js';
import { tickerBacklog } from '../realtime/order-ticker.js';

const kafka = new Kafka({ clientId: 'live-dashboard', brokers: config.kafkaBrokers, logLevel: logLevel.WARN });
const consumer = kafka.consumer({ groupId: 'order-ingest', sessionTimeout: 30_000 });

// Raw copy of every message as received, so a bad deploy of the decoder can be replayed later
// (src/pipeline/audit-segments.ts archives and replays these files).
const auditLog = createWriteStream(config.auditLogPath, { flags: 'a' });

export async function startOrderConsumer(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topics: [ORDERS_TOPIC], fromBeginning: false });

  // Offsets and lags arrive as strings; prom-client rejects anything that is not a number.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    consumerOffsetLag.set({ topic: payload.topic, partition: String(payload.partition) }, Number(payload.offsetLag));
  });

  await consumer.run({
    eachMessage: async ({ message }) => {
      const stopTimer = orderIngestDuration.startTimer();
      const raw = message.value?.toString('utf8') ?? '';
      auditLog.write(raw + '\n');
      try {
        const event = decodeOrderEvent(raw);
        if (!event) {
          // Skipped rather than retried forever; the raw bytes are in the audit log for a replay.
          ordersProcessed.inc({ outcome: 'invalid' });
          return;
        }
        // Awaiting the upsert is what paces the consumer: kafkajs waits for this promise.
        await upsertOrder(event);
        ordersProcessed.inc({ outcome: 'stored' });
        tickerBacklog.push(event);
        ingestFreshness.set((Date.now() - Number(message.timestamp)) / 1000);
      } catch (err) {
        ordersProcessed.inc({ outcome: 'failed' });
        throw err;
      } finally {
        stopTimer();
      }
    },
  });
}

export async function stopOrderConsumer(): Promise<void> {
  await consumer.disconnect();
  await new Promise<void>((resolve) => auditLog.end(resolve));
}

import { Transform, type TransformCallback } from 'node:stream';
import type { OrderEvent } from '../events/order-event.js';
import { auditReplayEvents } from '../metrics.js';

export type RevenueRollupRow = { customerId: string; minute: Date; orders: number; revenueCents: number };

const MINUTE_MS = 60_000;

/**
 * OrderEvents in, one row per (customer, minute) out when the input ends. Keyed by customer so
 * the result matches the Flink job in sql/flink/customer_revenue_per_minute.sql, which this
 * stage backfills when that job was down.
 */
export class RevenueRollup extends Transform {
  readonly #rows = new Map<string, RevenueRollupRow>();

  constructor() {
    super({ objectMode: true });
  }

  override _transform(event: OrderEvent, _encoding: BufferEncoding, done: TransformCallback): void {
    // Same definition as the Flink job: revenue is counted when an order is paid, at payment time.
    const paid = event.status === 'paid';
    auditReplayEvents.inc({ stage: 'rollup', result: paid ? 'counted' : 'skipped' });
    if (paid) {
      const minuteMs = Math.floor(Date.parse(event.updatedAt) / MINUTE_MS) * MINUTE_MS;
      const key = `${event.customerId}|${minuteMs}`;
      const row = this.#rows.get(key) ?? { customerId: event.customerId, minute: new Date(minuteMs), orders: 0, revenueCents: 0 };
      row.orders += 1;
      row.revenueCents += event.totalCents;
      this.#rows.set(key, row);
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    for (const row of this.#rows.values()) this.push(row);
    this.#rows.clear();
    done();
  }
}

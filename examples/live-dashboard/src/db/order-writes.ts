import type { OrderEvent } from '../events/order-event.js';
import type { RevenueRollupRow } from '../pipeline/revenue-rollup.js';
import { pool } from './pool.js';

// Upsert keyed by order id: redelivered or replayed messages converge on the same row, and an
// older event never overwrites a newer state of the same order.
export async function upsertOrder(event: OrderEvent): Promise<void> {
  await pool.query(
    `INSERT INTO orders (order_id, customer_id, status, total_cents, currency, item_count,
                         coupon_code, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (order_id) DO UPDATE
        SET status = EXCLUDED.status,
            total_cents = EXCLUDED.total_cents,
            item_count = EXCLUDED.item_count,
            coupon_code = EXCLUDED.coupon_code,
            updated_at = EXCLUDED.updated_at
      WHERE orders.updated_at < EXCLUDED.updated_at`,
    [
      event.orderId,
      event.customerId,
      event.status,
      event.totalCents,
      event.currency,
      event.itemCount,
      event.couponCode ?? null,
      event.createdAt,
      event.updatedAt,
    ],
  );
}

// A customer-minute can straddle two audit segments, so each segment's replay contributes a
// partial count that is added to the stored one rather than replacing it.
export async function saveRollup(row: RevenueRollupRow): Promise<void> {
  await pool.query(
    `INSERT INTO customer_revenue_minute (customer_id, minute, orders, revenue_cents)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (customer_id, minute) DO UPDATE
        SET orders = customer_revenue_minute.orders + EXCLUDED.orders,
            revenue_cents = customer_revenue_minute.revenue_cents + EXCLUDED.revenue_cents`,
    [row.customerId, row.minute, row.orders, row.revenueCents],
  );
}

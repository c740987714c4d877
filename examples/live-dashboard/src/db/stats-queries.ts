import { pool } from './pool.js';

// Read models for the dashboard. Callers decide about caching: the HTTP routes and the socket
// poller wrap these in cacheAside(); the queries themselves always hit Postgres.

export type RevenuePoint = { minute: Date; orders: number; revenueCents: string };
export type StatusCount = { status: string; orders: number };
export type TopCustomer = { customerId: string; orders: number; revenueCents: string };
export type OrderRow = {
  orderId: string;
  customerId: string;
  status: string;
  totalCents: string;
  createdAt: Date;
};

export async function revenueByMinute(minutes: number): Promise<RevenuePoint[]> {
  const { rows } = await pool.query<RevenuePoint>(
    `SELECT date_trunc('minute', created_at) AS minute,
            count(*)::int                    AS orders,
            sum(total_cents)                 AS "revenueCents"
       FROM orders
      WHERE created_at > now() - make_interval(mins => $1)
      GROUP BY 1
      ORDER BY 1`,
    [minutes],
  );
  return rows;
}

export async function statusCounts(): Promise<StatusCount[]> {
  const { rows } = await pool.query<StatusCount>(
    `SELECT status, count(*)::int AS orders
       FROM orders
      WHERE created_at > now() - interval '24 hours'
      GROUP BY status`,
  );
  return rows;
}

export async function topCustomers(hours: number, limit: number): Promise<TopCustomer[]> {
  const { rows } = await pool.query<TopCustomer>(
    `SELECT customer_id          AS "customerId",
            count(*)::int        AS orders,
            sum(total_cents)     AS "revenueCents"
       FROM orders
      WHERE created_at > now() - make_interval(hours => $1)
        AND status <> 'cancelled'
      GROUP BY customer_id
      ORDER BY sum(total_cents) DESC
      LIMIT $2`,
    [hours, limit],
  );
  return rows;
}

export async function customerStatusCounts(customerId: string): Promise<StatusCount[]> {
  const { rows } = await pool.query<StatusCount>(
    `SELECT status, count(*)::int AS orders
       FROM orders
      WHERE customer_id = $1 AND created_at > now() - interval '24 hours'
      GROUP BY status`,
    [customerId],
  );
  return rows;
}

export async function orderById(orderId: string): Promise<OrderRow | undefined> {
  const { rows } = await pool.query<OrderRow>(
    `SELECT order_id AS "orderId", customer_id AS "customerId", status,
            total_cents AS "totalCents", created_at AS "createdAt"
       FROM orders
      WHERE order_id = $1`,
    [orderId],
  );
  return rows[0];
}

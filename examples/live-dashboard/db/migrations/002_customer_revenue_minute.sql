-- Per-customer revenue per minute. Written by the Flink job sql/flink/customer_revenue_per_minute.sql
-- through its JDBC sink, and backfilled by src/pipeline/audit-segments.ts replays.
CREATE TABLE customer_revenue_minute (
  customer_id    text        NOT NULL,
  minute         timestamptz NOT NULL,
  orders         bigint      NOT NULL,
  revenue_cents  bigint      NOT NULL,
  PRIMARY KEY (customer_id, minute)
);

-- Site-wide tiles per minute, written by sql/flink/orders_per_minute.sql.
CREATE TABLE orders_per_minute (
  window_start   timestamptz PRIMARY KEY,
  window_end     timestamptz NOT NULL,
  orders         bigint      NOT NULL,
  buyers         bigint      NOT NULL,
  revenue_cents  bigint      NOT NULL
);

-- Each paid order with the customer's spend over the hour before it (fraud and VIP panels),
-- written by sql/flink/customer_hourly_spend.sql.
CREATE TABLE customer_hourly_spend (
  order_id         text        PRIMARY KEY,
  customer_id      text        NOT NULL,
  paid_at          timestamptz NOT NULL,
  spend_last_hour  bigint      NOT NULL
);

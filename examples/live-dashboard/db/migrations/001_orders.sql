-- Warehouse copy of the orders.v1 topic (src/events/order-event.ts#OrderEvent), one row per
-- order, upserted by src/db/order-writes.ts. Column names are the snake_case of the event fields.
CREATE TABLE orders (
  order_id     text        PRIMARY KEY,
  customer_id  text        NOT NULL,
  status       text        NOT NULL CHECK (status IN ('created', 'paid', 'shipped', 'cancelled')),
  total_cents  bigint      NOT NULL CHECK (total_cents >= 0),
  currency     char(3)     NOT NULL,
  item_count   integer     NOT NULL,
  coupon_code  text,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  -- Filled by the database, not part of the event.
  ingested_at  timestamptz NOT NULL DEFAULT now()
);

-- Dashboard panels filter on a recent time range; the drill-down also filters by customer.
CREATE INDEX orders_created_at_idx ON orders (created_at);
CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at);
-- Keyset pagination of the warehouse export.
CREATE INDEX orders_updated_idx ON orders (updated_at, order_id);

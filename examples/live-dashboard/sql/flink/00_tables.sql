-- Tables shared by the jobs in this folder. Run each job with this file as the init script:
--   sql-client.sh -i sql/flink/00_tables.sql -f sql/flink/<job>.sql

-- Order events as the checkout service publishes them (JSON, camelCase field names). The time
-- attribute is updatedAt: every status change is an event, and its time is when it happened.
CREATE TABLE orders_stream (
  orderId     STRING,
  customerId  STRING,
  status      STRING,
  totalCents  BIGINT,
  updatedAt   TIMESTAMP_LTZ(3),
  WATERMARK FOR updatedAt AS updatedAt - INTERVAL '10' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'orders.v1',
  'properties.bootstrap.servers' = 'kafka:9092',
  'properties.group.id' = 'flink-order-analytics',
  'scan.startup.mode' = 'group-offsets',
  'properties.auto.offset.reset' = 'latest',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'true'
);

-- Sinks: Postgres tables from db/migrations/002_customer_revenue_minute.sql, upserted by key.
CREATE TABLE customer_revenue_minute (
  customer_id    STRING,
  minute         TIMESTAMP(3),
  orders         BIGINT,
  revenue_cents  BIGINT,
  PRIMARY KEY (customer_id, minute) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:postgresql://postgres:5432/shop',
  'table-name' = 'customer_revenue_minute'
);

CREATE TABLE orders_per_minute (
  window_start   TIMESTAMP(3),
  window_end     TIMESTAMP(3),
  orders         BIGINT,
  buyers         BIGINT,
  revenue_cents  BIGINT,
  PRIMARY KEY (window_start) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:postgresql://postgres:5432/shop',
  'table-name' = 'orders_per_minute'
);

CREATE TABLE customer_hourly_spend (
  order_id         STRING,
  customer_id      STRING,
  paid_at          TIMESTAMP(3),
  spend_last_hour  BIGINT,
  PRIMARY KEY (order_id) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:postgresql://postgres:5432/shop',
  'table-name' = 'customer_hourly_spend'
);

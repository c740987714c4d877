-- Every paid order with what the same customer spent in the hour up to it. The running sum is
-- per customer, so it is partitioned by customer: each task keeps only its customers' hour.
INSERT INTO customer_hourly_spend
SELECT orderId                       AS order_id,
       customerId                    AS customer_id,
       CAST(updatedAt AS TIMESTAMP(3)) AS paid_at,
       SUM(totalCents) OVER last_hour AS spend_last_hour
FROM orders_stream
WHERE status = 'paid'
WINDOW last_hour AS (
  PARTITION BY customerId
  ORDER BY updatedAt
  RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW
);

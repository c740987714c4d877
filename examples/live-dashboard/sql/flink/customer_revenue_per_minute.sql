-- Paid revenue per customer per minute. Keyed by customer, so window state and work are spread
-- over every parallel task; the dashboard sums customers when it needs a site-wide figure.
INSERT INTO customer_revenue_minute
SELECT customerId       AS customer_id,
       window_start     AS minute,
       COUNT(*)         AS orders,
       SUM(totalCents)  AS revenue_cents
FROM TABLE(TUMBLE(TABLE orders_stream, DESCRIPTOR(updatedAt), INTERVAL '1' MINUTE))
WHERE status = 'paid'
GROUP BY window_start, window_end, customerId;

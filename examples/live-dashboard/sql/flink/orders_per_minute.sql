-- Header tiles of the live dashboard: orders placed, distinct buyers and booked revenue per
-- minute, across the whole shop.
INSERT INTO orders_per_minute
SELECT window_start,
       window_end,
       COUNT(*)                   AS orders,
       COUNT(DISTINCT customerId) AS buyers,
       SUM(totalCents)            AS revenue_cents
FROM TABLE(TUMBLE(TABLE orders_stream, DESCRIPTOR(updatedAt), INTERVAL '1' MINUTE))
WHERE status = 'created'
GROUP BY window_start, window_end;

import { describe, expect, it } from 'vitest';
import { readDashboardSql, type SqlCost } from '../../src/sql/dashboard-shape.js';
import { PLACEHOLDER_CHAR } from '../../src/sql/tokenize.js';

const cases: [string, SqlCost][] = [
  ["SELECT date_trunc('minute', ts) AS m, count(*) FROM events WHERE ts > now() - interval '1 day' GROUP BY 1", 'analytic'],
  ['SELECT status, count(*)::int AS orders FROM orders GROUP BY status', 'analytic'],
  ['SELECT sum(total) FROM orders', 'analytic'],
  ['SELECT toStartOfHour(ts) AS h, count() FROM events GROUP BY h', 'analytic'],
  ['SELECT uniqExact(user_id) FROM events', 'analytic'],
  ['SELECT id, rank() OVER (ORDER BY score DESC) FROM players', 'analytic'],
  ["SELECT * FROM events WHERE ts > now() - INTERVAL '5 minutes'", 'analytic'],
  ['SELECT time_bucket(\'1 hour\', ts) AS b, avg(v) FROM metrics GROUP BY b', 'analytic'],
  // Pinned to a key: one row, or one customer's rows without a GROUP BY.
  ['SELECT * FROM orders WHERE order_id = $1', 'point'],
  ['SELECT max(updated_at) FROM orders WHERE id = $1', 'point'],
  ["SELECT * FROM orders WHERE customer_id = $1 AND created_at > now() - interval '1 day'", 'point'],
  ['SELECT * FROM users WHERE email = ?', 'point'],
  [`SELECT * FROM orders WHERE "orderId" = ${PLACEHOLDER_CHAR}`, 'point'],
  // …but aggregating one customer's orders is still a scan.
  ['SELECT count(*) FROM orders WHERE customer_id = $1', 'analytic'],
  ['SELECT status, count(*) FROM orders WHERE customer_id = $1 GROUP BY status', 'analytic'],
  ['SELECT 1', 'health'],
  ['select now()', 'health'],
  ['INSERT INTO orders (id) VALUES ($1)', 'write'],
  ['UPDATE orders SET status = $2 WHERE id = $1', 'write'],
  ['WITH moved AS (DELETE FROM queue RETURNING *) SELECT count(*) FROM moved', 'write'],
  ['SELECT name, email FROM customers ORDER BY name LIMIT 50', 'read'],
  ['SELECT * FROM orders WHERE (updated_at, order_id) > ($1, $2) ORDER BY updated_at LIMIT 1000', 'read'],
  ['SELECT * FROM orders WHERE id = ANY($1)', 'read'],
  ['', 'unknown'],
  [PLACEHOLDER_CHAR, 'unknown'],
];

describe('readDashboardSql', () => {
  for (const [sql, cost] of cases) {
    it(`${cost}: ${sql || '(empty)'}`, () => {
      expect(readDashboardSql(sql).cost).toBe(cost);
    });
  }

  it('says why a query is analytic', () => {
    expect(readDashboardSql('SELECT status, count(*) FROM orders GROUP BY status').reason).toBe('GROUP BY');
    expect(readDashboardSql('SELECT sum(total) FROM orders').reason).toBe('sum()');
  });

  it('marks pre-computed reads by comment or by configured table', () => {
    expect(readDashboardSql('SELECT * FROM hourly -- rta: precomputed\nWHERE h > now() - interval \'1 day\'').precomputed).toBe(true);
    expect(readDashboardSql('SELECT h, sum(n) FROM analytics.orders_hourly_mv GROUP BY h', ['orders_hourly_mv']).precomputed).toBe(true);
    expect(readDashboardSql('SELECT h, sum(n) FROM orders_hourly_mv JOIN orders USING (h) GROUP BY h', ['orders_hourly_mv']).precomputed).toBe(false);
  });
});

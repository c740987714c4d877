import { once } from 'node:events';
import { createConnection } from 'node:net';
import { Counter, Histogram } from 'prom-client';
import { config } from '../config.js';
import { pool } from '../db/pool.js';
import { registry } from '../metrics.js';

const exportDuration = new Histogram({
  name: 'warehouse_export_duration_seconds',
  help: 'Wall time of one incremental export run',
  buckets: [0.5, 1, 5, 15, 30, 60, 120, 300],
  registers: [registry],
});
const exportedRows = new Counter({ name: 'warehouse_export_rows_total', help: 'Rows sent to the warehouse', registers: [registry] });

type ChangedOrder = { order_id: string; customer_id: string; status: string; total_cents: string; updated_at: Date };
const PAGE_SIZE = 1_000;

// Keyset pagination: each page is an index range scan, and a page is only fetched once the
// previous one has been written, so memory holds one page whatever the backlog.
async function* changedOrders(since: Date): AsyncGenerator<ChangedOrder> {
  let after = { updatedAt: since, orderId: '' };
  for (;;) {
    const { rows } = await pool.query<ChangedOrder>(
      `SELECT order_id, customer_id, status, total_cents, updated_at
         FROM orders
        WHERE (updated_at, order_id) > ($1, $2)
        ORDER BY updated_at, order_id
        LIMIT $3`,
      [after.updatedAt, after.orderId, PAGE_SIZE],
    );
    yield* rows;
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE_SIZE) return;
    after = { updatedAt: last.updated_at, orderId: last.order_id };
  }
}

// InfluxDB line protocol (the warehouse's TCP ingest), nanosecond timestamps.
function toLine(row: ChangedOrder): string {
  const fields = `order_id="${row.order_id}",customer_id="${row.customer_id}",total_cents=${row.total_cents}i`;
  return `orders,status=${row.status} ${fields} ${row.updated_at.getTime()}000000\n`;
}

/** Sends orders changed after `since`; returns the new watermark. */
export async function exportChangedOrders(since: Date): Promise<Date> {
  const startedAt = Date.now();
  const socket = createConnection({ host: config.warehouseHost, port: config.warehousePort });
  await once(socket, 'connect');

  let watermark = since;
  for await (const row of changedOrders(since)) {
    // The warehouse ingests slower than Postgres pages arrive; stop reading until it catches up.
    if (!socket.write(toLine(row))) await once(socket, 'drain');
    exportedRows.inc();
    watermark = row.updated_at;
  }
  socket.end();
  await once(socket, 'finish');

  exportDuration.observe(Date.now() - startedAt);
  return watermark;
}

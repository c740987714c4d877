import { createReadStream, createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { saveRollup, upsertOrder } from '../db/order-writes.js';
import type { OrderEvent } from '../events/order-event.js';
import { NdjsonOrderParser } from './ndjson-order-parser.js';
import { RevenueRollup, type RevenueRollupRow } from './revenue-rollup.js';

/**
 * Compress a closed audit segment. The .partial name means a crash mid-way never leaves a
 * truncated archive that looks complete; pipeline() destroys all three streams on any error.
 */
export async function archiveSegment(segmentPath: string): Promise<string> {
  const target = `${segmentPath}.gz`;
  await pipeline(createReadStream(segmentPath), createGzip(), createWriteStream(`${target}.partial`));
  await rename(`${target}.partial`, target);
  return target;
}

/** Rebuild customer_revenue_minute for the orders in one archived segment. */
export async function replaySegment(archivePath: string): Promise<number> {
  const rollups = createReadStream(archivePath)
    .pipe(createGunzip())
    .pipe(new NdjsonOrderParser())
    .pipe(new RevenueRollup());

  let saved = 0;
  for await (const row of rollups as AsyncIterable<RevenueRollupRow>) {
    await saveRollup(row);
    saved += 1;
  }
  return saved;
}

/**
 * Store again every order of an uncompressed segment, after a decoder fix let through orders it
 * had rejected. Resolves with the number of orders parsed.
 */
export function reingestSegment(segmentPath: string): Promise<number> {
  const orders = new NdjsonOrderParser();
  let parsed = 0;
  orders.on('data', async (order: OrderEvent) => {
    parsed += 1;
    await upsertOrder(order);
  });
  return new Promise((resolve, reject) => {
    orders.on('end', () => resolve(parsed));
    pipeline(createReadStream(segmentPath), orders).catch(reject);
  });
}

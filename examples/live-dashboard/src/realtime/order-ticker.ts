import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { interval, mergeMap, type Subscription } from 'rxjs';
import { WebSocket, type WebSocketServer } from 'ws';
import type { OrderEvent } from '../events/order-event.js';

const gzipAsync = promisify(gzip);
const TICK_MS = 1_000;
// Same limit as the snapshot broadcast: a client this far behind is not reading.
const MAX_BUFFERED_BYTES = 256 * 1024;

/** Orders stored since the ticker's last frame: the consumer appends, each tick takes them all. */
export const tickerBacklog: OrderEvent[] = [];

/** The dashboard's order ticker: once a second, the orders stored since the last frame, gzipped. */
export function startOrderTicker(wss: WebSocketServer): Subscription {
  return interval(TICK_MS)
    .pipe(mergeMap(() => gzipAsync(JSON.stringify({ type: 'orders', orders: tickerBacklog.splice(0) }))))
    .subscribe((frame) => {
      for (const client of wss.clients) {
        if (client.readyState !== WebSocket.OPEN || client.bufferedAmount > MAX_BUFFERED_BYTES) continue;
        client.send(frame);
      }
    });
}

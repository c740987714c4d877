import type { Server } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { cacheAside } from '../cache/redis-cache.js';
import { customerStatusCounts, revenueByMinute, statusCounts } from '../db/stats-queries.js';
import { dashboardViewers } from '../metrics.js';

const SNAPSHOT_INTERVAL_MS = 5_000;
const PRESENCE_INTERVAL_MS = 1_000;
const CUSTOMER_REFRESH_MS = 3_000;
// About ten snapshots' worth: a client further behind than this is not reading.
const MAX_BUFFERED_BYTES = 256 * 1024;

const loadSnapshot = () =>
  cacheAside('dash:snapshot', 4, async () => ({ revenue: await revenueByMinute(60), status: await statusCounts() }));

export function attachDashboardSocket(server: Server): WebSocketServer {
  const wss = new WebSocketServer({ server, path: '/ws/dashboard' });

  // One poller per process, however many viewers: the query cost does not grow with the audience.
  const snapshotTimer = setInterval(async () => {
    if (wss.clients.size === 0) return;
    try {
      const frame = JSON.stringify({ type: 'snapshot', ...(await loadSnapshot()) });
      for (const client of wss.clients) {
        if (client.readyState !== WebSocket.OPEN) continue;
        // Snapshots supersede each other, so a slow client simply misses this one.
        if (client.bufferedAmount > MAX_BUFFERED_BYTES) continue;
        client.send(frame);
      }
    } catch (err) {
      console.error('dashboard snapshot failed', err);
    }
  }, SNAPSHOT_INTERVAL_MS);

  const presenceTimer = setInterval(() => {
    const frame = JSON.stringify({ type: 'presence', viewers: wss.clients.size, serverTime: Date.now() });
    for (const client of wss.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(frame);
    }
  }, PRESENCE_INTERVAL_MS);

  wss.on('connection', (ws, req) => {
    dashboardViewers.set(wss.clients.size);
    ws.on('close', () => dashboardViewers.set(wss.clients.size));

    // The customer drill-down panel follows one customer's orders by status.
    const customerId = new URL(req.url ?? '/', 'http://dashboard.local').searchParams.get('customer');
    if (customerId === null) return;
    const refresh = setInterval(async () => {
      try {
        const counts = await customerStatusCounts(customerId);
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'customer', customerId, counts }));
      } catch (err) {
        console.error('customer panel refresh failed', err);
      }
    }, CUSTOMER_REFRESH_MS);
    ws.on('close', () => clearInterval(refresh));
  });

  wss.on('close', () => {
    clearInterval(snapshotTimer);
    clearInterval(presenceTimer);
  });
  return wss;
}

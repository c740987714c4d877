import { createServer } from 'node:http';
import { createApp } from './api/app.js';
import { config } from './config.js';
import { exportChangedOrders } from './export/warehouse-export.js';
import { startOrderConsumer, stopOrderConsumer } from './ingest/order-consumer.js';
import { attachDashboardSocket } from './realtime/dashboard-ws.js';
import { startOrderTicker } from './realtime/order-ticker.js';

const server = createServer(createApp());
const wss = attachDashboardSocket(server);
const ticker = startOrderTicker(wss);

await startOrderConsumer();
server.listen(config.httpPort, () => console.log(`live-dashboard listening on :${config.httpPort}`));

// Export runs never overlap: a slow warehouse delays the next run instead of stacking them up.
let watermark = new Date(Date.now() - config.exportIntervalMs);
let exporting = false;
const exportTimer = setInterval(async () => {
  if (exporting) return;
  exporting = true;
  try {
    watermark = await exportChangedOrders(watermark);
  } catch (err) {
    console.error('warehouse export failed; retrying next interval', err);
  } finally {
    exporting = false;
  }
}, config.exportIntervalMs);

async function shutdown(signal: string): Promise<void> {
  console.log(`${signal}: shutting down`);
  clearInterval(exportTimer);
  ticker.unsubscribe();
  wss.close();
  server.close();
  await stopOrderConsumer();
}

process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

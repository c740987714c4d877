import { Pushgateway } from 'prom-client';
import { pool } from './db/pool.js';
import { registry } from './metrics.js';
import { archiveSegment, reingestSegment, replaySegment } from './pipeline/audit-segments.js';

// Operator entry point, run by hand or from a cron job:
//   node dist/segments-cli.js archive var/audit/orders-2025-03-01.ndjson
//   node dist/segments-cli.js replay  var/audit/orders-2025-03-01.ndjson.gz
//   node dist/segments-cli.js reingest var/audit/orders-2025-03-01.ndjson
const [command, path] = process.argv.slice(2);
const pushgatewayUrl = process.env['PUSHGATEWAY_URL'];

if (command === 'archive' && path) {
  console.log(`archived to ${await archiveSegment(path)}`);
} else if (command === 'replay' && path) {
  console.log(`saved ${await replaySegment(path)} customer-minute rows`);
} else if (command === 'reingest' && path) {
  console.log(`re-stored ${await reingestSegment(path)} orders`);
} else {
  console.error('usage: segments-cli archive <segment.ndjson> | replay <segment.ndjson.gz> | reingest <segment.ndjson>');
  process.exitCode = 2;
}

// The process exits before any scrape could see it, so its counters are pushed instead.
if (pushgatewayUrl) await new Pushgateway(pushgatewayUrl, {}, registry).pushAdd({ jobName: 'audit-segments' });
await pool.end();

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// One registry for the whole process, exposed on GET /metrics by src/api/app.ts.
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

// Buckets straddle the 250 ms p99 target in rta.config.yaml so the SLA quantile is not interpolated.
export const orderIngestDuration = new Histogram({
  name: 'order_ingest_duration_seconds',
  help: 'Time from receiving an orders.v1 message to having it stored',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const ordersProcessed = new Counter({
  name: 'orders_processed_total',
  help: 'orders.v1 messages handled, by outcome',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

// Event-time freshness: offset lag says how many messages are waiting, this says how old the data is.
export const ingestFreshness = new Gauge({
  name: 'order_ingest_freshness_seconds',
  help: 'Now minus the broker timestamp of the last stored order',
  registers: [registry],
});

export const consumerOffsetLag = new Gauge({
  name: 'order_ingest_offset_lag',
  help: 'High watermark minus the last offset of the batch, per partition',
  labelNames: ['topic', 'partition'] as const,
  registers: [registry],
});

// `route` is the express route template, never the raw URL, so the series count stays bounded.
export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'API latency by route template',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.3, 0.5, 1, 2.5],
  registers: [registry],
});

export const dashboardViewers = new Gauge({
  name: 'dashboard_ws_clients',
  help: 'Open dashboard WebSocket connections',
  registers: [registry],
});

// Replays run as a short-lived job (src/segments-cli.ts) that pushes these to the Pushgateway;
// comparing the counts per stage is how an operator checks that a backfill read what it should.
export const auditReplayEvents = new Counter({
  name: 'audit_replay_events_total',
  help: 'Events seen by each stage of an audit segment replay, by result',
  labelNames: ['stage', 'result'] as const,
  registers: [registry],
});

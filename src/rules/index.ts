import noIgnoredWrite from './no-ignored-write.js';
import requireMergeMapConcurrency from './require-merge-map-concurrency.js';
import preferStreamPipeline from './prefer-stream-pipeline.js';
import noAsyncDataHandler from './no-async-data-handler.js';
import requireKeyedWindow from './require-keyed-window.js';
import noUncachedDashboardQuery from './no-uncached-dashboard-query.js';
import noPerClientPolling from './no-per-client-polling.js';
import requireCacheTtl from './require-cache-ttl.js';
import noUnboundedConsumerBuffer from './no-unbounded-consumer-buffer.js';
import noUncheckedBroadcast from './no-unchecked-broadcast.js';
import requireHandlerMetrics from './require-handler-metrics.js';
import metricUnitMismatch from './metric-unit-mismatch.js';
import noUnboundedMetricLabels from './no-unbounded-metric-labels.js';
import requireConsumerLagMetric from './require-consumer-lag-metric.js';
import requireWindowPartition from './require-window-partition.js';
import schemaDrift from './schema-drift.js';
import consistentTopicPayload from './consistent-topic-payload.js';

/** Every rule of the plugin, by name (without the `rta/` prefix). */
export const rules = {
  'no-ignored-write': noIgnoredWrite,
  'require-merge-map-concurrency': requireMergeMapConcurrency,
  'prefer-stream-pipeline': preferStreamPipeline,
  'no-async-data-handler': noAsyncDataHandler,
  'require-keyed-window': requireKeyedWindow,
  'no-uncached-dashboard-query': noUncachedDashboardQuery,
  'no-per-client-polling': noPerClientPolling,
  'require-cache-ttl': requireCacheTtl,
  'no-unbounded-consumer-buffer': noUnboundedConsumerBuffer,
  'no-unchecked-broadcast': noUncheckedBroadcast,
  'require-handler-metrics': requireHandlerMetrics,
  'metric-unit-mismatch': metricUnitMismatch,
  'no-unbounded-metric-labels': noUnboundedMetricLabels,
  'require-consumer-lag-metric': requireConsumerLagMetric,
  'require-window-partition': requireWindowPartition,
  'schema-drift': schemaDrift,
  'consistent-topic-payload': consistentTopicPayload,
};

export type RuleName = keyof typeof rules;

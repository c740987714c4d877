/**
 * Metrics libraries: prom-client, the OpenTelemetry metrics API, hot-shots (StatsD), and the
 * middleware, plugins and instrumentations that time HTTP routes. Each instrument type says how
 * its definition names the metric and which calls record a value, with the argument layout, so
 * rules and analyzers read values, labels and units without matching names.
 */
import type { LibraryTable, MetricCallDef, MetricDef, TypeDef } from '../model.js';

/** prom-client's histogram buckets when none are given: seconds-shaped. */
export const PROM_CLIENT_DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** prom-client's summary quantiles when none are given. */
export const PROM_CLIENT_DEFAULT_PERCENTILES: readonly number[] = [0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999];
/** The OpenTelemetry SDK's explicit-bucket histogram boundaries when none are given: millisecond-shaped. */
export const OTEL_DEFAULT_BOUNDARIES: readonly number[] = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
/**
 * Boundaries typical of millisecond latency histograms. A `_seconds` histogram with no value
 * below 1 and three or more of these was written for milliseconds.
 */
export const MILLISECOND_SHAPED_BOUNDARIES: ReadonlySet<number> = new Set([5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]);

/** Bucket generators of prom-client, evaluated when their arguments are literals. */
export const BUCKET_GENERATORS: Readonly<Record<string, Readonly<Record<string, 'linear' | 'exponential'>>>> = {
  'prom-client': { linearBuckets: 'linear', exponentialBuckets: 'exponential' },
};

/**
 * Name suffixes that give a metric's unit (Prometheus naming), the default of the rules'
 * `secondsSuffixes`/`millisSuffixes` options.
 */
export const SECONDS_SUFFIXES: readonly string[] = ['_seconds'];
export const MILLIS_SUFFIXES: readonly string[] = ['_ms', '_milliseconds'];

/** OpenTelemetry unit annotations (UCUM) and the suffix the Prometheus exporter appends for them. */
export const OTEL_UNIT_SUFFIXES: Readonly<Record<string, string>> = {
  s: '_seconds',
  ms: '_milliseconds',
  us: '_microseconds',
  ns: '_nanoseconds',
  min: '_minutes',
  h: '_hours',
  d: '_days',
  By: '_bytes',
  KiBy: '_kibibytes',
  MiBy: '_mebibytes',
  '1': '_ratio',
  '%': '_percent',
};

/** Series a Prometheus histogram or summary exposes besides its name, as used in alert expressions. */
export const PROMETHEUS_SERIES_SUFFIXES: readonly string[] = ['_bucket', '_sum', '_count', '_total', '_created'];

/**
 * Packages that time every HTTP route of the process once installed and started (OpenTelemetry
 * HTTP/framework instrumentations, APM agents). They are usually started in a separate file or
 * with `--require`, so a per-file rule sees them only as a dependency of the project.
 */
export const ROUTE_INSTRUMENTATION_PACKAGES: readonly string[] = [
  '@opentelemetry/instrumentation-http',
  '@opentelemetry/instrumentation-express',
  '@opentelemetry/instrumentation-fastify',
  '@opentelemetry/instrumentation-koa',
  '@opentelemetry/instrumentation-hapi',
  '@opentelemetry/auto-instrumentations-node',
  '@vercel/otel',
  'dd-trace',
  'newrelic',
  'elastic-apm-node',
  '@sentry/node',
];

// --- record calls ----------------------------------------------------------------------

const promSelect: MetricCallDef = { args: 'label-values', measures: 'select' };
const promTimerStart: MetricCallDef = { args: 'labels-only', measures: 'duration', records: 'seconds' };
const promObserve: MetricCallDef = { args: 'labels-then-value', measures: 'duration' };
const promInc: MetricCallDef = { args: 'labels-then-value', measures: 'count' };
const promSet: MetricCallDef = { args: 'labels-then-value', measures: 'level' };

const otelRecord: MetricCallDef = { args: 'value-then-attributes', measures: 'duration' };
const otelAdd: MetricCallDef = { args: 'value-then-attributes', measures: 'count' };
const otelLevel: MetricCallDef = { args: 'value-then-attributes', measures: 'level' };

const statsdTiming: MetricCallDef = { args: 'stat-value-tags', measures: 'duration', unit: 'milliseconds' };
const statsdWrappedTimer: MetricCallDef = { args: 'fn-stat-tags', measures: 'duration', records: 'milliseconds' };
const statsdCount: MetricCallDef = { args: 'stat-optional-value-tags', measures: 'count' };
const statsdLevel: MetricCallDef = { args: 'stat-value-tags', measures: 'level' };

const promDefinition = { name: 'option', collect: 'collect' } as const;

/** `labels(...)` selects a child of the same kind; `startTimer()` gives the function that observes. */
const promMetric = (self: string, def: MetricDef): TypeDef => ({
  extends: ['prom-client.Metric'],
  methods: { labels: self, ...(def.records?.startTimer ? { startTimer: 'prom-client.EndTimer' } : {}) },
  metric: def,
});

const types: Record<string, TypeDef> = {
  // prom-client: `new Histogram({ name, help, labelNames, buckets, registers })`, `h.labels(...).observe(v)`.
  'prom-client': {
    classes: {
      Counter: 'prom-client.Counter',
      Gauge: 'prom-client.Gauge',
      Histogram: 'prom-client.Histogram',
      Summary: 'prom-client.Summary',
      Registry: 'prom-client.Registry',
      AggregatorRegistry: 'prom-client.Registry',
    },
    properties: { register: 'prom-client.Registry' },
    // Named exports that are plain functions of no modelled result still resolve as members.
    methods: { linearBuckets: 'prom-client.Buckets', exponentialBuckets: 'prom-client.Buckets' },
  },
  'prom-client.Buckets': {},
  'prom-client.Metric': { roles: ['metric'] },
  'prom-client.Counter': promMetric('prom-client.Counter', {
    instrument: 'counter',
    definition: promDefinition,
    records: { inc: promInc, labels: promSelect },
  }),
  'prom-client.Gauge': promMetric('prom-client.Gauge', {
    instrument: 'gauge',
    definition: promDefinition,
    records: {
      set: promSet,
      inc: promSet,
      dec: promSet,
      setToCurrentTime: { args: 'labels-only', measures: 'level' },
      startTimer: promTimerStart,
      labels: promSelect,
    },
  }),
  'prom-client.Histogram': promMetric('prom-client.Histogram', {
    instrument: 'histogram',
    definition: { ...promDefinition, buckets: ['buckets'], defaultBuckets: PROM_CLIENT_DEFAULT_BUCKETS },
    records: { observe: promObserve, startTimer: promTimerStart, labels: promSelect },
  }),
  'prom-client.Summary': promMetric('prom-client.Summary', {
    instrument: 'summary',
    definition: { ...promDefinition, percentiles: ['percentiles'], defaultPercentiles: PROM_CLIENT_DEFAULT_PERCENTILES },
    records: { observe: promObserve, startTimer: promTimerStart, labels: promSelect },
  }),
  // What `startTimer()` returns: calling it observes the seconds since the start.
  'prom-client.EndTimer': {
    metric: { instrument: 'timer', callRecords: { args: 'labels-only', measures: 'duration', records: 'seconds' } },
  },
  'prom-client.Registry': { roles: ['metric-registry'] },

  // @opentelemetry/api: `metrics.getMeter(name).createHistogram(name, { unit, advice })`.
  '@opentelemetry/api': {
    properties: { metrics: 'otel.MetricsAPI' },
    // Interfaces, for annotations (`let h: Histogram`) and for values known by their declared type.
    classes: {
      Meter: 'otel.Meter',
      Histogram: 'otel.Histogram',
      Counter: 'otel.Counter',
      UpDownCounter: 'otel.UpDownCounter',
      Gauge: 'otel.Gauge',
      ObservableGauge: 'otel.ObservableGauge',
      ObservableCounter: 'otel.ObservableCounter',
      ObservableUpDownCounter: 'otel.ObservableUpDownCounter',
      ObservableResult: 'otel.ObservableResult',
    },
  },
  'otel.MetricsAPI': { methods: { getMeter: 'otel.Meter', getMeterProvider: 'otel.MeterProvider' } },
  'otel.MeterProvider': { methods: { getMeter: 'otel.Meter' } },
  'otel.Meter': {
    methods: {
      createHistogram: 'otel.Histogram',
      createCounter: 'otel.Counter',
      createUpDownCounter: 'otel.UpDownCounter',
      createGauge: 'otel.Gauge',
      createObservableGauge: 'otel.ObservableGauge',
      createObservableCounter: 'otel.ObservableCounter',
      createObservableUpDownCounter: 'otel.ObservableUpDownCounter',
    },
  },
  'otel.Instrument': { roles: ['metric'] },
  'otel.Histogram': {
    extends: ['otel.Instrument'],
    metric: {
      instrument: 'histogram',
      definition: { name: 'argument', unit: ['unit'], buckets: ['advice', 'explicitBucketBoundaries'], defaultBuckets: OTEL_DEFAULT_BOUNDARIES },
      records: { record: otelRecord },
    },
  },
  'otel.Counter': {
    extends: ['otel.Instrument'],
    metric: { instrument: 'counter', definition: { name: 'argument', unit: ['unit'], monotonic: true }, records: { add: otelAdd } },
  },
  'otel.UpDownCounter': {
    extends: ['otel.Instrument'],
    metric: { instrument: 'up-down-counter', definition: { name: 'argument', unit: ['unit'] }, records: { add: otelLevel } },
  },
  'otel.Gauge': {
    extends: ['otel.Instrument'],
    metric: { instrument: 'gauge', definition: { name: 'argument', unit: ['unit'] }, records: { record: otelLevel } },
  },
  // Observable instruments record through the callbacks given to `addCallback`.
  'otel.Observable': {
    extends: ['otel.Instrument'],
    callbacks: { addCallback: { params: ['otel.ObservableResult'] } },
  },
  'otel.ObservableGauge': { extends: ['otel.Observable'], metric: { instrument: 'observable', definition: { name: 'argument', unit: ['unit'] } } },
  'otel.ObservableCounter': {
    extends: ['otel.Observable'],
    metric: { instrument: 'observable', definition: { name: 'argument', unit: ['unit'], monotonic: true } },
  },
  'otel.ObservableUpDownCounter': {
    extends: ['otel.Observable'],
    metric: { instrument: 'observable', definition: { name: 'argument', unit: ['unit'] } },
  },
  'otel.ObservableResult': { metric: { instrument: 'observable-result', records: { observe: otelLevel } } },
  '@opentelemetry/sdk-metrics': { classes: { MeterProvider: 'otel.MeterProvider' } },

  // hot-shots: `new StatsD({ prefix })`, `client.timing('stat', ms, sampleRate?, tags?)`.
  'hot-shots': { classes: { StatsD: 'hot-shots.StatsD' } },
  'hot-shots.StatsD': {
    roles: ['metric'],
    methods: { childClient: 'hot-shots.StatsD' },
    metric: {
      instrument: 'statsd',
      records: {
        timing: statsdTiming,
        histogram: statsdTiming,
        distribution: statsdTiming,
        timer: statsdWrappedTimer,
        asyncTimer: statsdWrappedTimer,
        asyncDistTimer: statsdWrappedTimer,
        increment: statsdCount,
        decrement: statsdCount,
        gauge: statsdLevel,
        gaugeDelta: statsdLevel,
        set: statsdLevel,
        unique: statsdLevel,
      },
    },
  },

  // Route timing that lives outside the handlers.
  'express-prom-bundle': { call: 'route-metrics.Middleware' },
  'express-prometheus-middleware': { call: 'route-metrics.Middleware' },
  'prometheus-api-metrics': { call: 'route-metrics.Middleware' },
  'route-metrics.Middleware': { metric: { instrument: 'route-middleware' } },
  // fastify-metrics: `app.register(metricsPlugin, { endpoint: '/metrics' })` times every route.
  'fastify-metrics': { metric: { instrument: 'route-plugin' } },
};

/** Every method name that records into (or selects from) a modelled instrument. */
export const METRIC_METHOD_NAMES: ReadonlySet<string> = new Set(Object.values(types).flatMap((t) => Object.keys(t.metric?.records ?? {})));

/** Names of the constructors and factories that define a metric (`Histogram`, `createHistogram`). */
export const METRIC_DEFINING_NAMES: ReadonlySet<string> = new Set(
  Object.values(types).flatMap((t) =>
    [...Object.entries(t.classes ?? {}), ...Object.entries(t.methods ?? {})]
      .filter(([, target]) => types[target]?.metric?.definition !== undefined)
      .map(([name]) => name),
  ),
);

export const metricsLibrary: LibraryTable = {
  name: 'metrics',
  types,
  modules: [
    { specifiers: ['prom-client'], namespace: 'prom-client' },
    { specifiers: ['@opentelemetry/api'], namespace: '@opentelemetry/api' },
    { specifiers: ['@opentelemetry/sdk-metrics'], namespace: '@opentelemetry/sdk-metrics' },
    // `import StatsD from 'hot-shots'`, `require('hot-shots')` and `import { StatsD }` are the same class.
    { specifiers: ['hot-shots'], namespace: 'hot-shots', defaultExport: { member: 'StatsD' } },
    { specifiers: ['express-prom-bundle'], namespace: 'express-prom-bundle', defaultExport: 'namespace' },
    { specifiers: ['express-prometheus-middleware'], namespace: 'express-prometheus-middleware', defaultExport: 'namespace' },
    { specifiers: ['prometheus-api-metrics'], namespace: 'prometheus-api-metrics', defaultExport: 'namespace' },
    { specifiers: ['fastify-metrics'], namespace: 'fastify-metrics', defaultExport: 'namespace' },
  ],
};

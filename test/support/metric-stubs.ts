/**
 * prom-client, hot-shots and the OpenTelemetry API are not installed in this repository, so fix
 * outputs that import them cannot be type-checked as they are. These stubs declare the parts of
 * their APIs the sla-metrics rules touch, with the published signatures, in place of the import.
 */

const PROM_CLIENT = `
type Labels = Record<string, string | number>;
interface MetricOptions { name: string; help: string; labelNames?: readonly string[]; registers?: unknown[]; collect?: () => void }
declare class Histogram {
  constructor(o: MetricOptions & { buckets?: number[] });
  observe(value: number): void;
  observe(labels: Labels, value: number): void;
  startTimer(labels?: Labels): (labels?: Labels) => number;
  labels(...values: string[]): Histogram;
}
declare class Summary {
  constructor(o: MetricOptions & { percentiles?: number[] });
  observe(value: number): void;
  observe(labels: Labels, value: number): void;
  startTimer(labels?: Labels): (labels?: Labels) => number;
  labels(...values: string[]): Summary;
}
declare class Gauge {
  constructor(o: MetricOptions);
  set(value: number): void;
  set(labels: Labels, value: number): void;
  inc(value?: number): void;
  inc(labels: Labels, value?: number): void;
  dec(value?: number): void;
  setToCurrentTime(labels?: Labels): void;
  startTimer(labels?: Labels): (labels?: Labels) => number;
  labels(...values: string[]): Gauge;
}
declare class Counter {
  constructor(o: MetricOptions);
  inc(value?: number): void;
  inc(labels: Labels, value?: number): void;
  labels(...values: string[]): Counter;
}
declare function linearBuckets(start: number, width: number, count: number): number[];
declare function exponentialBuckets(start: number, factor: number, count: number): number[];
`;

const HOT_SHOTS = `
type Tags = Record<string, string> | string[];
declare class StatsD {
  constructor(options?: { host?: string; prefix?: string; globalTags?: Tags });
  timing(stat: string, time: number | Date, sampleRate?: number, tags?: Tags): void;
  timing(stat: string, time: number | Date, tags?: Tags): void;
  histogram(stat: string, value: number, sampleRate?: number, tags?: Tags): void;
  distribution(stat: string, value: number, sampleRate?: number, tags?: Tags): void;
  increment(stat: string, value?: number, sampleRate?: number, tags?: Tags): void;
  increment(stat: string, value?: number, tags?: Tags): void;
  increment(stat: string, tags?: Tags): void;
  gauge(stat: string, value: number, sampleRate?: number, tags?: Tags): void;
}
`;

const OTEL_API = `
type Attributes = Record<string, string | number | boolean>;
interface Histogram { record(value: number, attributes?: Attributes): void }
interface Counter { add(value: number, attributes?: Attributes): void }
interface Gauge { record(value: number, attributes?: Attributes): void }
interface Meter {
  createGauge(name: string, options?: { unit?: string }): Gauge;
  createHistogram(name: string, options?: { unit?: string; description?: string; advice?: { explicitBucketBoundaries?: number[] } }): Histogram;
  createCounter(name: string, options?: { unit?: string; description?: string }): Counter;
}
declare const metrics: { getMeter(name: string): Meter };
`;

// kafkajs 2.x: offsets, lags and watermarks are strings.
const KAFKAJS = `
interface KafkaMessage { key: Buffer | null; value: Buffer | null; timestamp: string; offset: string }
interface Batch {
  topic: string; partition: number; highWatermark: string; messages: KafkaMessage[];
  offsetLag(): string; offsetLagLow(): string; firstOffset(): string | null; lastOffset(): string;
}
interface BatchProcessPayload {
  topic: string; partition: number; highWatermark: string; offsetLag: string; offsetLagLow: string;
  batchSize: number; firstOffset: string; lastOffset: string; duration: number;
}
interface InstrumentationEvent<T> { id: string; type: string; timestamp: number; payload: T }
interface Consumer {
  events: { START_BATCH_PROCESS: 'consumer.start_batch_process'; END_BATCH_PROCESS: 'consumer.end_batch_process' };
  on(event: string, listener: (event: InstrumentationEvent<BatchProcessPayload>) => void): () => void;
  run(config: {
    eachMessage?: (payload: { topic: string; partition: number; message: KafkaMessage }) => Promise<void>;
    eachBatch?: (payload: { batch: Batch }) => Promise<void>;
  }): Promise<void>;
}
declare class Kafka { constructor(config: { clientId?: string; brokers: string[] }); consumer(config: { groupId: string }): Consumer }
`;

const STUBS: Readonly<Record<string, string>> = {
  'prom-client': PROM_CLIENT,
  'hot-shots': HOT_SHOTS,
  '@opentelemetry/api': OTEL_API,
  kafkajs: KAFKAJS,
};

/** The code with imports of the stubbed libraries replaced by their declarations. */
export function withMetricStubs(code: string): string {
  let out = code;
  let prelude = '';
  for (const [specifier, stub] of Object.entries(STUBS)) {
    const pattern = new RegExp(`^import [^;]*from '${specifier.replace(/[/@]/g, '\\$&')}';\\n?`, 'gm');
    if (pattern.test(out)) {
      out = out.replace(pattern, '');
      prelude += stub;
    }
  }
  return `${prelude}${out}\nexport {};\n`;
}

/** True when the code imports a library that neither the stubs nor node_modules provide. */
export function needsUninstalledLibrary(code: string): boolean {
  for (const match of code.matchAll(/from '([^']+)'/g)) {
    const specifier = match[1] ?? '';
    if (specifier in STUBS || specifier.startsWith('node:') || specifier.startsWith('.')) continue;
    if (['ws', 'rxjs', 'kafkajs', 'socket.io', 'p-queue'].includes(specifier)) continue;
    return true;
  }
  return false;
}

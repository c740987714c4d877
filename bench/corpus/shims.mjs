// Local declarations of the parts of kafkajs, express, ws, pg and prom-client the generated
// corpus uses. They are small hand-written stand-ins, shaped like the real packages where the
// rules' typed checks look (ws `bufferedAmount`, Node streams come from @types/node), so the
// corpus type-checks with nothing installed but @types/node and never touches the network.

export const SHIMS = {
  'kafkajs.d.ts': `// Stand-in for the kafkajs API used by the benchmark corpus (not the real package).
export declare enum logLevel {
  NOTHING = 0,
  ERROR = 1,
  WARN = 2,
  INFO = 4,
  DEBUG = 5,
}

export declare enum CompressionTypes {
  None = 0,
  GZIP = 1,
  Snappy = 2,
  LZ4 = 3,
  ZSTD = 4,
}

export type IHeaders = Record<string, Buffer | string | undefined>;

export interface KafkaMessage {
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  offset: string;
  size?: number;
  headers?: IHeaders;
}

export interface EachMessagePayload {
  topic: string;
  partition: number;
  message: KafkaMessage;
  heartbeat(): Promise<void>;
  pause(): () => void;
}

export interface Batch {
  topic: string;
  partition: number;
  highWatermark: string;
  messages: KafkaMessage[];
  isEmpty(): boolean;
  firstOffset(): string | null;
  lastOffset(): string;
  offsetLag(): string;
  offsetLagLow(): string;
}

export interface EachBatchPayload {
  batch: Batch;
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  commitOffsetsIfNecessary(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
  pause(): () => void;
}

export interface ConsumerRunConfig {
  autoCommit?: boolean;
  autoCommitInterval?: number | null;
  partitionsConsumedConcurrently?: number;
  eachBatchAutoResolve?: boolean;
  eachMessage?: (payload: EachMessagePayload) => Promise<void>;
  eachBatch?: (payload: EachBatchPayload) => Promise<void>;
}

export interface ConsumerSubscribeTopics {
  topics: (string | RegExp)[];
  fromBeginning?: boolean;
}

export interface TopicPartitions {
  topic: string;
  partitions?: number[];
}

export interface InstrumentationEvent<T> {
  id: string;
  type: string;
  timestamp: number;
  payload: T;
}

export interface ConsumerEvents {
  HEARTBEAT: 'consumer.heartbeat';
  COMMIT_OFFSETS: 'consumer.commit_offsets';
  GROUP_JOIN: 'consumer.group_join';
  START_BATCH_PROCESS: 'consumer.start_batch_process';
  END_BATCH_PROCESS: 'consumer.end_batch_process';
  CRASH: 'consumer.crash';
}

export interface BatchProcessPayload {
  topic: string;
  partition: number;
  highWatermark: string;
  offsetLag: string;
  offsetLagLow: string;
  batchSize: number;
  firstOffset: string;
  lastOffset: string;
  duration?: number;
}

export interface Consumer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  subscribe(subscription: ConsumerSubscribeTopics): Promise<void>;
  run(config?: ConsumerRunConfig): Promise<void>;
  stop(): Promise<void>;
  seek(target: { topic: string; partition: number; offset: string }): void;
  pause(topics: TopicPartitions[]): void;
  resume(topics: TopicPartitions[]): void;
  on(event: ConsumerEvents['END_BATCH_PROCESS'] | ConsumerEvents['START_BATCH_PROCESS'], listener: (event: InstrumentationEvent<BatchProcessPayload>) => void): () => void;
  on(event: string, listener: (event: InstrumentationEvent<Record<string, unknown>>) => void): () => void;
  events: ConsumerEvents;
}

export interface ConsumerConfig {
  groupId: string;
  sessionTimeout?: number;
  heartbeatInterval?: number;
  maxBytesPerPartition?: number;
  maxWaitTimeInMs?: number;
  allowAutoTopicCreation?: boolean;
}

export interface Message {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  partition?: number;
  headers?: IHeaders;
  timestamp?: string;
}

export interface ProducerRecord {
  topic: string;
  messages: Message[];
  acks?: number;
  timeout?: number;
  compression?: CompressionTypes;
}

export interface RecordMetadata {
  topicName: string;
  partition: number;
  errorCode: number;
  baseOffset?: string;
  logAppendTime?: string;
}

export interface Producer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send(record: ProducerRecord): Promise<RecordMetadata[]>;
  sendBatch(batch: { topicMessages: { topic: string; messages: Message[] }[]; acks?: number }): Promise<RecordMetadata[]>;
}

export interface ProducerConfig {
  idempotent?: boolean;
  allowAutoTopicCreation?: boolean;
  maxInFlightRequests?: number;
  transactionalId?: string;
}

export interface PartitionOffset {
  partition: number;
  offset: string;
}

export interface Admin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  fetchTopicOffsets(topic: string): Promise<(PartitionOffset & { high: string; low: string })[]>;
  fetchOffsets(options: { groupId: string; topics?: string[] }): Promise<{ topic: string; partitions: (PartitionOffset & { metadata: string | null })[] }[]>;
  listTopics(): Promise<string[]>;
}

export interface KafkaConfig {
  clientId?: string;
  brokers: string[];
  ssl?: boolean;
  connectionTimeout?: number;
  requestTimeout?: number;
  logLevel?: logLevel;
}

export declare class Kafka {
  constructor(config: KafkaConfig);
  producer(config?: ProducerConfig): Producer;
  consumer(config: ConsumerConfig): Consumer;
  admin(): Admin;
}
`,

  'express.d.ts': `// Stand-in for the express API used by the benchmark corpus (not the real package).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface Request extends IncomingMessage {
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  body: unknown;
  path: string;
  originalUrl: string;
  route?: { path: string };
  ip?: string;
  get(name: string): string | undefined;
}

export interface Response extends ServerResponse {
  locals: Record<string, unknown>;
  status(code: number): this;
  json(body: unknown): this;
  send(body?: unknown): this;
  set(field: string, value: string): this;
  type(type: string): this;
}

export type NextFunction = (err?: unknown) => void;
export type RequestHandler = (req: Request, res: Response, next: NextFunction) => unknown;
export type ErrorRequestHandler = (err: unknown, req: Request, res: Response, next: NextFunction) => unknown;

export interface IRouter {
  get(path: string, ...handlers: RequestHandler[]): this;
  post(path: string, ...handlers: RequestHandler[]): this;
  put(path: string, ...handlers: RequestHandler[]): this;
  delete(path: string, ...handlers: RequestHandler[]): this;
  use(...handlers: (RequestHandler | ErrorRequestHandler | IRouter)[]): this;
  use(path: string, ...handlers: (RequestHandler | IRouter)[]): this;
}

export interface Router extends IRouter {}

export interface Application extends IRouter {
  listen(port: number, callback?: () => void): Server;
  set(setting: string, value: unknown): this;
  disable(setting: string): this;
}

interface ExpressStatic {
  (): Application;
  Router(options?: { mergeParams?: boolean }): Router;
  json(options?: { limit?: string }): RequestHandler;
  static(root: string): RequestHandler;
}

export declare function Router(options?: { mergeParams?: boolean }): Router;
export declare function json(options?: { limit?: string }): RequestHandler;

declare const express: ExpressStatic;
export default express;
`,

  'ws.d.ts': `// Stand-in for the ws API used by the benchmark corpus (not the real package).
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server as HttpServer } from 'node:http';

export type RawData = Buffer | ArrayBuffer | Buffer[];

export declare class WebSocket extends EventEmitter {
  static readonly CONNECTING: 0;
  static readonly OPEN: 1;
  static readonly CLOSING: 2;
  static readonly CLOSED: 3;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
  constructor(address: string, protocols?: string | string[]);
  readonly readyState: 0 | 1 | 2 | 3;
  readonly bufferedAmount: number;
  readonly protocol: string;
  readonly url: string;
  send(data: string | Buffer, cb?: (err?: Error) => void): void;
  send(data: string | Buffer, options: { binary?: boolean; compress?: boolean }, cb?: (err?: Error) => void): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  ping(data?: unknown, mask?: boolean, cb?: (err: Error) => void): void;
  on(event: 'message', listener: (this: WebSocket, data: RawData, isBinary: boolean) => void): this;
  on(event: 'close', listener: (this: WebSocket, code: number, reason: Buffer) => void): this;
  on(event: 'error', listener: (this: WebSocket, err: Error) => void): this;
  on(event: 'pong' | 'open', listener: (this: WebSocket) => void): this;
  on(event: string | symbol, listener: (this: WebSocket, ...args: any[]) => void): this;
}

export interface ServerOptions {
  port?: number;
  host?: string;
  server?: HttpServer;
  path?: string;
  noServer?: boolean;
  maxPayload?: number;
  clientTracking?: boolean;
}

export declare class WebSocketServer extends EventEmitter {
  constructor(options: ServerOptions, callback?: () => void);
  readonly clients: Set<WebSocket>;
  readonly options: ServerOptions;
  close(cb?: (err?: Error) => void): void;
  on(event: 'connection', listener: (this: WebSocketServer, socket: WebSocket, request: IncomingMessage) => void): this;
  on(event: 'error', listener: (this: WebSocketServer, error: Error) => void): this;
  on(event: 'close' | 'listening', listener: (this: WebSocketServer) => void): this;
  on(event: string | symbol, listener: (this: WebSocketServer, ...args: any[]) => void): this;
}

export default WebSocket;
`,

  'pg.d.ts': `// Stand-in for the pg API used by the benchmark corpus (not the real package).
import { EventEmitter } from 'node:events';

export interface FieldDef {
  name: string;
  dataTypeID: number;
}

export interface QueryResult<R> {
  command: string;
  rowCount: number | null;
  rows: R[];
  fields: FieldDef[];
}

export interface QueryConfig {
  text: string;
  values?: unknown[];
  name?: string;
}

export interface PoolConfig {
  connectionString?: string;
  max?: number;
  idleTimeoutMillis?: number;
  connectionTimeoutMillis?: number;
  statement_timeout?: number;
  application_name?: string;
}

export interface PoolClient {
  query<R = Record<string, unknown>>(text: string | QueryConfig, values?: unknown[]): Promise<QueryResult<R>>;
  release(err?: Error | boolean): void;
}

export declare class Pool extends EventEmitter {
  constructor(config?: PoolConfig);
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  query<R = Record<string, unknown>>(text: string | QueryConfig, values?: unknown[]): Promise<QueryResult<R>>;
  connect(): Promise<PoolClient>;
  end(): Promise<void>;
}

export declare class Client extends EventEmitter {
  constructor(config?: PoolConfig);
  connect(): Promise<void>;
  query<R = Record<string, unknown>>(text: string | QueryConfig, values?: unknown[]): Promise<QueryResult<R>>;
  end(): Promise<void>;
}

declare const pg: { Pool: typeof Pool; Client: typeof Client };
export default pg;
`,

  'prom-client.d.ts': `// Stand-in for the prom-client API used by the benchmark corpus (not the real package).
export type LabelValues<T extends string> = Partial<Record<T, string | number>>;

export interface MetricConfiguration<T extends string> {
  name: string;
  help: string;
  labelNames?: readonly T[];
  registers?: Registry[];
}

export declare class Registry {
  readonly contentType: string;
  metrics(): Promise<string>;
  clear(): void;
  registerMetric(metric: unknown): void;
  getSingleMetric(name: string): unknown;
  setDefaultLabels(labels: Record<string, string>): void;
}

export declare const register: Registry;

export declare class Counter<T extends string = string> {
  constructor(config: MetricConfiguration<T>);
  inc(value?: number): void;
  inc(labels: LabelValues<T>, value?: number): void;
  labels(...values: string[]): { inc(value?: number): void };
  reset(): void;
}

export declare class Gauge<T extends string = string> {
  constructor(config: MetricConfiguration<T> & { collect?: () => void | Promise<void> });
  set(value: number): void;
  set(labels: LabelValues<T>, value: number): void;
  inc(value?: number): void;
  inc(labels: LabelValues<T>, value?: number): void;
  dec(value?: number): void;
  dec(labels: LabelValues<T>, value?: number): void;
  setToCurrentTime(labels?: LabelValues<T>): void;
  startTimer(labels?: LabelValues<T>): (labels?: LabelValues<T>) => number;
  reset(): void;
}

export declare class Histogram<T extends string = string> {
  constructor(config: MetricConfiguration<T> & { buckets?: number[] });
  observe(value: number): void;
  observe(labels: LabelValues<T>, value: number): void;
  startTimer(labels?: LabelValues<T>): (labels?: LabelValues<T>) => number;
  labels(...values: string[]): { observe(value: number): void };
  reset(): void;
}

export declare class Summary<T extends string = string> {
  constructor(config: MetricConfiguration<T> & { percentiles?: number[]; maxAgeSeconds?: number; ageBuckets?: number });
  observe(value: number): void;
  observe(labels: LabelValues<T>, value: number): void;
  startTimer(labels?: LabelValues<T>): (labels?: LabelValues<T>) => number;
  reset(): void;
}

export declare function collectDefaultMetrics(config?: { register?: Registry; prefix?: string }): void;
export declare function linearBuckets(start: number, width: number, count: number): number[];
export declare function exponentialBuckets(start: number, factor: number, count: number): number[];
`,
};

/**
 * The shape of `rta.config.yaml`, matching `schema/rta.config.schema.json`. Every key is optional;
 * the loader rejects unknown keys, so a value of these types is exactly what the file said.
 * Paths are relative to the config file's folder.
 */

export const SQL_DIALECTS = [
  'postgres',
  'timescale',
  'clickhouse',
  'flink',
  'ksqldb',
  'risingwave',
  'materialize',
  'mysql',
] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

export const SLA_KINDS = ['latency', 'throughput', 'lag', 'freshness'] as const;
export type SlaKind = (typeof SLA_KINDS)[number];

export const SLA_UNITS = ['seconds', 'milliseconds', 'count', 'bytes'] as const;
export type SlaUnit = (typeof SLA_UNITS)[number];

export const SCHEMA_DIRECTIONS = ['stream-to-batch', 'batch-to-stream', 'both'] as const;
export type SchemaDirection = (typeof SCHEMA_DIRECTIONS)[number];

export const ON_MISSING_LEVELS = ['off', 'note', 'warn', 'error'] as const;
export type OnMissingLevel = (typeof ON_MISSING_LEVELS)[number];

export const RULE_SEVERITIES = ['off', 'warn', 'error', 0, 1, 2] as const;
/** A rule severity as written in the config, ESLint style. */
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];
/** `severity` or `[severity, ...options]`. */
export type RuleEntry = RuleSeverity | readonly [RuleSeverity, ...unknown[]];

/** A duration with a unit, such as `250ms`, `1.5s` or `5m`. */
export type Duration = `${number}${'ms' | 's' | 'm'}`;
/**
 * `Duration` for latency and freshness SLAs; a non-negative number (or numeric string) for lag
 * (a count) and throughput (a rate).
 */
export type Threshold = Duration | number | `${number}`;

export interface SqlConfig {
  /** Glob (relative to the config file) -> dialect; the first matching glob wins. */
  dialects?: Record<string, SqlDialect>;
  /** Dialects whose windows are streaming. */
  streaming?: SqlDialect[];
}

export interface SchemaPair {
  name?: string;
  /** `path#Symbol`, `file.avsc` or `file.json`. */
  stream?: string;
  /** `file.sql#table`, `folder/#table`, `file.ts#table`, `schema.prisma#Model`, `file.datasource`, `file.ts#Name`. */
  batch?: string;
  topic?: string;
  direction?: SchemaDirection;
  onMissing?: OnMissingLevel;
  /** Fields left out of the comparison. */
  ignore?: string[];
  /** Stream field -> batch field. */
  rename?: Record<string, string>;
  /** Avro logical type -> TS type name(s). */
  logicalTypes?: Record<string, string | string[]>;
}

export interface SlaScope {
  consumerGroup?: string;
  routes?: string[];
}

export interface Sla {
  name?: string;
  kind?: SlaKind;
  metric?: string;
  threshold?: Threshold;
  /** In (0, 1); latency only. */
  quantile?: number;
  unit?: SlaUnit;
  scope?: SlaScope;
  /** Measured by an exporter: skip the "defined in code" check. */
  external?: boolean;
  /** Other names (StatsD, exporters) that count as this metric. */
  aliases?: string[];
}

export interface CacheConfig {
  helpers?: string[];
  dashboardRoutes?: string[];
  /** Integer >= 0. */
  maxDepth?: number;
  invalidators?: string[];
  precomputedTables?: string[];
}

export interface WindowConfig {
  /** Table or topic -> entity key columns/fields (at least one). */
  partitionKeys?: Record<string, string[]>;
  entityColumns?: string[];
  allowGlobal?: string[];
  mergingSinks?: string[];
}

export interface MetricsConfig {
  wrappers?: string[];
  unboundedLabelNames?: string[];
  labelNormalizers?: string[];
}

export interface RtaConfig {
  $schema?: string;
  sql?: SqlConfig;
  schemas?: SchemaPair[];
  slas?: Sla[];
  /** Globs of Prometheus rule files, relative to the config file. */
  alerts?: string[];
  cache?: CacheConfig;
  window?: WindowConfig;
  metrics?: MetricsConfig;
  /** `rta/<rule-name>` -> severity or `[severity, ...options]`. */
  rules?: Record<string, RuleEntry>;
}

/** One thing wrong (or worth a warning) in a config file. Lines and columns are 1-based. */
export interface ConfigProblem {
  file: string;
  line?: number;
  column?: number;
  /** The offending key, as a path such as `slas[0].quantile` or `rules["rta/foo"]`. */
  key?: string;
  message: string;
}

export interface LoadedConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Its folder: the base of every relative path in the config. */
  dir: string;
  config: RtaConfig;
  warnings: ConfigProblem[];
}

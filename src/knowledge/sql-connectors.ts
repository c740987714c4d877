/**
 * How streaming SQL declares where a table's rows come from or go to: the `WITH (...)` options
 * of Flink SQL (`'connector' = 'kafka'`, `'topic' = ...`; `'connector' = 'jdbc'`,
 * `'table-name'`, `'url'`) and ksqlDB (`KAFKA_TOPIC = ...`). The pipeline map reads these rows
 * to connect SQL jobs to the topics and databases of the rest of the code.
 */

export interface SqlConnectorDef {
  /** The option that selects this row, and the values it takes (absent: the option's presence is enough). */
  option: string;
  values?: readonly string[];
  /** What the table stands for on the map. */
  kind: 'topic' | 'database';
  /** The option that names the topic or table. */
  name: string;
  /** The option that tells which database (a JDBC URL), for grouping tables of one database. */
  location?: string;
  /** The engine, for the map's label. */
  engine?: string;
}

export const SQL_CONNECTORS: readonly SqlConnectorDef[] = [
  { option: 'connector', values: ['kafka', 'upsert-kafka'], kind: 'topic', name: 'topic' },
  { option: 'connector', values: ['jdbc'], kind: 'database', name: 'table-name', location: 'url', engine: 'JDBC' },
  // ksqlDB streams and tables: `WITH (KAFKA_TOPIC = 'orders', VALUE_FORMAT = 'JSON')`.
  { option: 'kafka_topic', kind: 'topic', name: 'kafka_topic' },
];

/** Keywords after which a query names a table it reads (`FROM t`, `JOIN t`, Flink's `TABLE(TUMBLE(TABLE t, ...))`). */
export const SQL_SOURCE_KEYWORDS: ReadonlySet<string> = new Set(['FROM', 'JOIN', 'TABLE']);

/** JDBC URL schemes and the engine each names. */
export const JDBC_ENGINES: Readonly<Record<string, string>> = {
  postgresql: 'Postgres',
  mysql: 'MySQL',
  clickhouse: 'ClickHouse',
  sqlserver: 'SQL Server',
  oracle: 'Oracle',
};

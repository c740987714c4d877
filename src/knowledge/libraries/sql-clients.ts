/**
 * Query clients other than pg (which is in `data-stores.ts`): where each call carries its query
 * text (an argument, an option of an object argument, or the template of a tagged call), what
 * the call costs when the text alone does not say (`shape`, for the cache rules), and the SQL
 * dialect when the client only ever talks to one engine (for the window rule).
 */
import type { LibraryTable, OperationDef, QueryShape } from '../model.js';

type Dialect = NonNullable<Extract<OperationDef, { kind: 'query' }>['dialect']>;

/**
 * SQL engines reached over plain HTTP with a JSON body: `fetch(url, { body: JSON.stringify({ ksql }) })`.
 * The first row whose body field is present and whose path (when given) matches the URL decides the
 * dialect; `undefined` leaves it to the text. ksqlDB's `/ksql` and `/query` take `ksql`, its
 * `/query-stream` takes `sql`; the Flink SQL Gateway's `/v1/sessions/:id/statements` takes
 * `statement` (other SQL-over-HTTP APIs use `sql` and `statement` too, hence the paths).
 */
export const SQL_HTTP_BODIES: readonly { field: string; path?: RegExp; dialect?: Dialect }[] = [
  { field: 'ksql', dialect: 'ksqldb' },
  { field: 'sql', path: /\/query-stream\b/, dialect: 'ksqldb' },
  { field: 'sql' },
  { field: 'statement', path: /\/sessions\/[^/]+\/statements\b/, dialect: 'flink' },
  { field: 'statement' },
];

/**
 * HTTP client methods that send a request body, by client type: which argument is the body. axios
 * sends an object as JSON itself (`axios.post(\`${url}/ksql\`, { ksql })`); a `JSON.stringify`
 * there is read through as well.
 */
export const HTTP_CLIENT_BODIES: Readonly<Record<string, Readonly<Record<string, { body: number }>>>> = {
  'axios.Static': { post: { body: 1 }, put: { body: 1 }, patch: { body: 1 } },
};

/** Global request functions: which argument holds the request options, and the option that is the body. */
export const HTTP_REQUEST_GLOBALS: Readonly<Record<string, { options: number; body: string }>> = { fetch: { options: 1, body: 'body' } };

/** A call whose cost its shape tells (no text to read). */
const shaped = (shape: QueryShape, engine: string): OperationDef => ({ kind: 'query', shape, engine });
/** `` sql`…` ``: the tag's template is the query. */
const tag = (engine: string, dialect?: Dialect): OperationDef => ({ kind: 'query', shape: 'sql', engine, ...(dialect ? { dialect } : {}) });
/** `x.method(text, …)` or `x.method({ <option>: text })`. */
const text = (engine: string, options: readonly string[] = [], dialect?: Dialect, shape: QueryShape = 'sql'): OperationDef => ({
  kind: 'query',
  shape,
  text: { arg: 0, ...(options.length > 0 ? { options } : {}) },
  engine,
  ...(dialect ? { dialect } : {}),
});
const each = (names: readonly string[], op: OperationDef): Record<string, OperationDef> => Object.fromEntries(names.map((n) => [n, op]));
const chain = (names: readonly string[], type: string): Record<string, string> => Object.fromEntries(names.map((n) => [n, type]));

// knex builders: `db('orders').where(…).groupBy(…)` is one query; the strongest link decides its cost.
// A link missing here ends the chain there, and links after it (`.count()`) go unseen.
const KNEX_READ_LINKS = [
  'select', 'from', 'where', 'andWhere', 'orWhere', 'whereNot', 'andWhereNot', 'orWhereNot', 'whereIn', 'orWhereIn',
  'whereNotIn', 'orWhereNotIn', 'whereNull', 'orWhereNull', 'whereNotNull', 'orWhereNotNull', 'whereBetween',
  'orWhereBetween', 'whereNotBetween', 'whereLike', 'whereILike', 'whereExists', 'whereNotExists', 'whereRaw', 'orWhereRaw',
  'join', 'innerJoin', 'leftJoin', 'leftOuterJoin', 'rightJoin', 'rightOuterJoin', 'fullOuterJoin', 'crossJoin', 'joinRaw',
  'orderBy', 'orderByRaw', 'limit', 'offset', 'distinct', 'distinctOn', 'pluck', 'columns', 'column', 'as', 'with',
  'union', 'unionAll', 'modify', 'returning', 'forUpdate', 'forShare', 'timeout',
];
// One row: narrows a plain read chain (see `strongerShape`), never an aggregate.
const KNEX_POINT_LINKS = ['first'];
const KNEX_ANALYTIC_LINKS = [
  'groupBy', 'groupByRaw', 'having', 'havingIn', 'havingRaw', 'count', 'countDistinct', 'sum', 'sumDistinct', 'avg',
  'avgDistinct', 'min', 'max', 'rank', 'denseRank', 'rowNumber',
];
const KNEX_WRITE_LINKS = ['insert', 'update', 'del', 'delete', 'truncate', 'upsert', 'merge', 'onConflict', 'increment', 'decrement'];
const KNEX_LINKS = [...KNEX_READ_LINKS, ...KNEX_POINT_LINKS, ...KNEX_ANALYTIC_LINKS, ...KNEX_WRITE_LINKS];
const knexLinkOperations: Record<string, OperationDef> = {
  ...each(KNEX_READ_LINKS, shaped('read', 'the database')),
  ...each(KNEX_POINT_LINKS, shaped('point', 'the database')),
  ...each(KNEX_ANALYTIC_LINKS, shaped('analytic', 'the database')),
  ...each(KNEX_WRITE_LINKS, shaped('write', 'the database')),
};

export const sqlClientsLibrary: LibraryTable = {
  name: 'sql-clients',
  types: {
    // postgres (porsager): `const sql = postgres(url)`; `` sql`…` ``, `sql.unsafe(text)`, `sql.begin(sql => …)`.
    postgres: { call: 'postgres.Sql', classes: { Sql: 'postgres.Sql' } },
    'postgres.Sql': {
      roles: ['db-client'],
      callOperation: tag('Postgres'),
      operations: { unsafe: text('Postgres') },
      methods: { reserve: 'postgres.Sql' },
      callbacks: { begin: { params: ['postgres.Sql'] } },
    },

    // @clickhouse/client: `createClient(…).query({ query, format, query_params })`, `command`, `exec`, `insert`.
    '@clickhouse/client': { methods: { createClient: 'clickhouse.Client' }, classes: { ClickHouseClient: 'clickhouse.Client' } },
    'clickhouse.Client': {
      roles: ['db-client'],
      operations: {
        query: text('ClickHouse', ['query'], 'clickhouse', 'analytic'),
        command: text('ClickHouse', ['query'], 'clickhouse', 'write'),
        exec: text('ClickHouse', ['query'], 'clickhouse'),
        insert: shaped('write', 'ClickHouse'),
      },
    },

    // knex: `knex(config)` (default or named export); `db('t')…` builders and `db.raw(text, bindings)`.
    knex: { call: 'knex.Knex', methods: { knex: 'knex.Knex' }, classes: { Knex: 'knex.Knex' } },
    'knex.Knex': {
      roles: ['db-client'],
      call: 'knex.QueryBuilder',
      callOperation: shaped('read', 'the database'),
      methods: { ...chain(KNEX_LINKS, 'knex.QueryBuilder'), transaction: 'knex.Knex' },
      operations: { ...knexLinkOperations, raw: text('the database') },
    },
    'knex.QueryBuilder': { methods: chain(KNEX_LINKS, 'knex.QueryBuilder'), operations: knexLinkOperations },

    // Prisma: `prisma.<model>.findMany(…)` delegates, `` prisma.$queryRaw`…` ``, `$queryRawUnsafe(text)`, `` Prisma.sql`…` ``.
    '@prisma/client': { classes: { PrismaClient: 'prisma.PrismaClient' }, properties: { Prisma: 'prisma.Prisma' } },
    'prisma.PrismaClient': {
      roles: ['db-client'],
      otherProperties: 'prisma.Delegate',
      operations: {
        $queryRaw: tag('the database'),
        $queryRawUnsafe: text('the database'),
        $executeRaw: shaped('write', 'the database'),
        $executeRawUnsafe: text('the database', [], undefined, 'write'),
      },
    },
    'prisma.Delegate': {
      operations: {
        ...each(['findMany'], shaped('read', 'the database')),
        ...each(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow'], shaped('point', 'the database')),
        ...each(['count', 'aggregate', 'groupBy'], shaped('analytic', 'the database')),
        ...each(
          ['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany'],
          shaped('write', 'the database'),
        ),
      },
    },
    'prisma.Prisma': { operations: { sql: tag('the database'), raw: text('the database') } },

    // mysql2 and mysql2/promise: `query(text | { sql })`, `execute(…)`.
    mysql2: { methods: { createConnection: 'mysql2.Connection', createPool: 'mysql2.Connection' } },
    'mysql2.Connection': {
      roles: ['db-client'],
      methods: { promise: 'mysql2.Connection', getConnection: 'mysql2.Connection' },
      operations: { query: text('MySQL', ['sql'], 'mysql'), execute: text('MySQL', ['sql'], 'mysql') },
    },

    // MongoDB: `client.db(n).collection(c).find(…).toArray()`, `aggregate([…])`, `countDocuments(…)`.
    mongodb: { classes: { MongoClient: 'mongodb.MongoClient' } },
    'mongodb.MongoClient': { roles: ['db-client'], methods: { db: 'mongodb.Db', connect: 'mongodb.MongoClient' } },
    'mongodb.Db': { methods: { collection: 'mongodb.Collection' } },
    'mongodb.Collection': {
      operations: {
        find: shaped('read', 'MongoDB'),
        findOne: shaped('point', 'MongoDB'),
        ...each(['aggregate', 'countDocuments', 'distinct'], shaped('analytic', 'MongoDB')),
        ...each(
          ['insertOne', 'insertMany', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany', 'bulkWrite', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete'],
          shaped('write', 'MongoDB'),
        ),
      },
    },

    // InfluxDB 2 (Flux, not SQL: no text is read): `new InfluxDB(…).getQueryApi(org).collectRows(flux)`.
    '@influxdata/influxdb-client': { classes: { InfluxDB: 'influx.InfluxDB' } },
    'influx.InfluxDB': { roles: ['db-client'], methods: { getQueryApi: 'influx.QueryApi' } },
    'influx.QueryApi': { operations: each(['collectRows', 'iterateRows', 'queryRows', 'collectLines', 'iterateLines', 'queryLines', 'queryRaw'], shaped('analytic', 'InfluxDB')) },

    // Tags of other Postgres clients and query builders.
    '@vercel/postgres': { properties: { sql: 'vercel-postgres.Sql' } },
    'vercel-postgres.Sql': { roles: ['db-client'], callOperation: tag('Postgres'), operations: { query: text('Postgres') } },
    '@neondatabase/serverless': { methods: { neon: 'neon.Sql' }, classes: { Pool: 'pg.Pool', Client: 'pg.Client' } },
    'neon.Sql': { roles: ['db-client'], callOperation: tag('Postgres'), operations: { query: text('Postgres') } },
    slonik: { properties: { sql: 'slonik.Sql' } },
    'slonik.Sql': { callOperation: tag('Postgres'), operations: { unsafe: tag('Postgres') }, methods: { type: 'slonik.Sql', typeAlias: 'slonik.Sql' } },
    'drizzle-orm': { properties: { sql: 'drizzle.Sql' } },
    'drizzle.Sql': { callOperation: tag('the database'), operations: { raw: text('the database') } },
    kysely: { properties: { sql: 'kysely.Sql' } },
    'kysely.Sql': { callOperation: tag('the database'), operations: { raw: text('the database') } },
    'sql-template-tag': { properties: { default: 'sql-template-tag.Sql', sql: 'sql-template-tag.Sql' } },
    'sql-template-tag.Sql': { callOperation: tag('the database') },

    // axios, as the HTTP client of SQL-over-HTTP APIs (ksqlDB REST, the Flink SQL Gateway); see HTTP_CLIENT_BODIES.
    axios: { properties: { default: 'axios.Static' }, methods: { create: 'axios.Static' } },
    'axios.Static': { methods: { create: 'axios.Static' } },

    // ksqlDB clients. ksqlient (github oslabs-beta/ksqljs): `new Client({ ksqldbURL }).pull(q)`, `push(q, cb)`, `ksql(q)`.
    ksqlient: { classes: { default: 'ksqlient.Client' } },
    'ksqlient.Client': {
      roles: ['db-client'],
      operations: { pull: text('ksqlDB', [], 'ksqldb'), push: text('ksqlDB', [], 'ksqldb'), ksql: text('ksqlDB', [], 'ksqldb') },
    },
    // ksqldb-client: `new KsqldbClient(options)`; `query`, `streamQuery`, `executeStatement` take the statement first.
    'ksqldb-client': { classes: { default: 'ksqldb-client.Client' } },
    'ksqldb-client.Client': {
      roles: ['db-client'],
      operations: {
        query: text('ksqlDB', [], 'ksqldb'),
        streamQuery: text('ksqlDB', [], 'ksqldb'),
        executeStatement: text('ksqlDB', [], 'ksqldb'),
      },
    },
    // ksqldb-client-node: `new KsqlDbClient({ url }).session().queryStream({ sql })`.
    'ksqldb-client-node': { classes: { KsqlDbClient: 'ksqldb-client-node.Client' } },
    'ksqldb-client-node.Client': { roles: ['db-client'], methods: { session: 'ksqldb-client-node.Session' } },
    'ksqldb-client-node.Session': { operations: { queryStream: text('ksqlDB', ['sql'], 'ksqldb'), query: text('ksqlDB', ['sql'], 'ksqldb') } },
  },
  modules: [
    { specifiers: ['postgres'], namespace: 'postgres' },
    { specifiers: ['@clickhouse/client', '@clickhouse/client-web'], namespace: '@clickhouse/client' },
    { specifiers: ['knex'], namespace: 'knex' },
    { specifiers: ['@prisma/client'], namespace: '@prisma/client' },
    { specifiers: ['mysql2', 'mysql2/promise'], namespace: 'mysql2' },
    { specifiers: ['mongodb'], namespace: 'mongodb' },
    { specifiers: ['@influxdata/influxdb-client'], namespace: '@influxdata/influxdb-client' },
    { specifiers: ['@vercel/postgres'], namespace: '@vercel/postgres' },
    { specifiers: ['@neondatabase/serverless'], namespace: '@neondatabase/serverless' },
    { specifiers: ['slonik'], namespace: 'slonik' },
    { specifiers: ['drizzle-orm'], namespace: 'drizzle-orm' },
    { specifiers: ['kysely'], namespace: 'kysely' },
    { specifiers: ['sql-template-tag'], namespace: 'sql-template-tag', defaultExport: { member: 'default' } },
    { specifiers: ['axios'], namespace: 'axios', defaultExport: { member: 'default' } },
    { specifiers: ['ksqlient'], namespace: 'ksqlient', defaultExport: { member: 'default' } },
    { specifiers: ['ksqldb-client'], namespace: 'ksqldb-client', defaultExport: { member: 'default' } },
    { specifiers: ['ksqldb-client-node'], namespace: 'ksqldb-client-node' },
  ],
};

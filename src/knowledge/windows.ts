/**
 * In-process time windows as data: the shapes of code that turn a point in time into a bucket,
 * the RxJS operators that cut a stream into time windows or split it by key, the folds that turn
 * a window into an aggregate, and the writes that merge partial aggregates instead of replacing
 * them. Date libraries (`startOfMinute`, `dayjs().startOf()`) are rows of `libraries/dates.ts`.
 */

/** `Math.floor(t / size)`: rounding a time divided by a window size gives the window's index. */
export const MATH_ROUNDING_FUNCTIONS: ReadonlySet<string> = new Set(['floor', 'trunc', 'round', 'ceil']);

/** `Date.now()`, `Date.parse(s)`, `Date.UTC(...)`: numbers that are points in time. */
export const DATE_STATIC_TIME_METHODS: ReadonlySet<string> = new Set(['now', 'parse', 'UTC']);

/** `d.toISOString().slice(0, 16)`: date strings whose prefix is a coarser time ('2024-05-01T10:42'). */
export const DATE_STRING_METHODS: ReadonlySet<string> = new Set(['toISOString', 'toJSON']);

/** String methods that cut such a string: a prefix shorter than the whole is a bucket. */
export const STRING_PREFIX_METHODS: ReadonlySet<string> = new Set(['slice', 'substring', 'substr', 'split']);

/** Length of `toISOString()` ('2024-05-01T10:42:07.123Z'): cutting at this or beyond keeps every millisecond. */
export const ISO_STRING_LENGTH = 24;

/** Date methods whose result has already dropped the time of day. */
export const DATE_ONLY_METHODS: ReadonlySet<string> = new Set(['toDateString', 'toLocaleDateString']);

/** Setters that zero the smaller units when their last argument is 0: `d.setSeconds(0, 0)` gives the minute. */
export const DATE_ZEROING_SETTERS: ReadonlySet<string> = new Set([
  'setMilliseconds', 'setSeconds', 'setMinutes', 'setHours',
  'setUTCMilliseconds', 'setUTCSeconds', 'setUTCMinutes', 'setUTCHours',
]);

/**
 * Field names that hold a point in time in decoded events (`ts`, `timestamp`, `eventTime`,
 * `created_at`, `occurredAtMs`). Only used together with a bucket shape such as `Math.floor(x / n)`.
 */
export const TIMESTAMP_FIELD_PATTERN = /^(?:ts|time|timestamp|date|datetime|when)$|[a-z](?:Ts|Time|Timestamp|At|Date)$|_(?:ts|time|timestamp|at|date)$/;

/**
 * Names of durations, which match the timestamp pattern but are not points in time
 * (`responseTime`, `processing_time`, `latencyMs`): `Math.floor(latency / 100)` is a histogram band.
 */
export const DURATION_FIELD_PATTERN = /duration|latency|elapsed|response|processing|wait|lag|took|spent|uptime|runtime|ttl|timeout|interval/i;

/**
 * Field names that carry the message key itself (compared lowercased, without `_`/`-`): an
 * event that repeats its key as `key`, or a partition number. They count as the key whatever
 * the configuration says.
 */
export const MESSAGE_KEY_FIELD_NAMES: ReadonlySet<string> = new Set(['key', 'messagekey', 'partitionkey', 'partition']);

/**
 * Entity ids (`customerId`, `device_id`, `userID`, `id`). Producers key messages by the entity, so
 * with no partition key configured for the topic such a field in the bucket key is taken as the
 * message key. A configured `partitionKeys` entry replaces this guess.
 */
export const ENTITY_ID_FIELD_PATTERN = /^(?:id|ID)$|[a-z0-9](?:Id|ID)$|_(?:id|ID)$/;

export interface RxjsTimeWindowDef {
  /** `bufferTime` emits arrays of the values of each window; `windowTime` emits each window as an observable. */
  emits: 'arrays' | 'windows';
}

/** RxJS operators that cut a stream into windows by time. */
export const RXJS_TIME_WINDOWS: Readonly<Record<string, RxjsTimeWindowDef>> = {
  bufferTime: { emits: 'arrays' },
  windowTime: { emits: 'windows' },
};

/** RxJS operators that split a stream by a key: the argument that computes the key. */
export const RXJS_KEYED_GROUPING: Readonly<Record<string, { keySelector: number }>> = {
  groupBy: { keySelector: 0 },
};

/** RxJS operators that fold a stream (here: a window) into an aggregate. */
export const RXJS_AGGREGATE_OPERATORS: ReadonlySet<string> = new Set(['reduce', 'count', 'scan', 'max', 'min', 'mergeScan']);

/** RxJS operators whose function only decides which values go on (`filter((b) => b.length > 0)`). */
export const RXJS_SELECTING_OPERATORS: ReadonlySet<string> = new Set([
  'filter', 'takeWhile', 'skipWhile', 'find', 'findIndex', 'first', 'last', 'single', 'every', 'distinctUntilChanged',
]);

/** Array methods that fold a buffer into one value. */
export const ARRAY_AGGREGATE_METHODS: ReadonlySet<string> = new Set(['reduce', 'reduceRight']);

/** Reading these on a buffer aggregates it (a count). */
export const SIZE_PROPERTIES: ReadonlySet<string> = new Set(['length', 'size']);

/** Methods that put something into the element of a keyed collection (`byMinute.get(m).add(user)`). */
export const ELEMENT_MUTATING_METHODS: ReadonlySet<string> = new Set(['push', 'unshift', 'add', 'set']);

/**
 * Store commands that add to what is stored instead of replacing it, so partial aggregates from
 * several instances sum up (Redis `HINCRBY`, `INCRBY`, `ZINCRBY`; `SADD`/`PFADD` union sets).
 * Compared lowercased, which covers node-redis's camelCase (`hIncrBy`).
 */
export const MERGING_WRITE_METHODS: ReadonlySet<string> = new Set([
  'incr', 'incrby', 'incrbyfloat', 'hincrby', 'hincrbyfloat', 'zincrby', 'sadd', 'pfadd',
]);

/** Update operators of document stores that add to the stored value (MongoDB `{ $inc: { n } }`). */
export const MERGING_UPDATE_OPERATORS: ReadonlySet<string> = new Set(['$inc']);

/**
 * SQL that merges a partial aggregate into the stored one: an upsert that adds the new value to
 * the old (Postgres `ON CONFLICT … DO UPDATE SET n = t.n + EXCLUDED.n`, MySQL
 * `ON DUPLICATE KEY UPDATE n = n + VALUES(n)`).
 */
export const MERGING_SQL_PATTERNS: readonly RegExp[] = [
  /\bON\s+CONFLICT\b[\s\S]*?\bDO\s+UPDATE\s+SET\b[\s\S]*?(?:\+\s*EXCLUDED\s*\.|\bEXCLUDED\s*\.\s*\w+\s*\+)/i,
  /\bON\s+DUPLICATE\s+KEY\s+UPDATE\b[\s\S]*?(?:\+\s*VALUES\s*\(|\bVALUES\s*\(\s*\w+\s*\)\s*\+)/i,
];

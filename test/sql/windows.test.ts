import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_CHAR, tokenize } from '../../src/sql/tokenize.js';
import { splitStatements } from '../../src/sql/structure.js';
import { dialectFromStatements } from '../../src/sql/dialect.js';
import { embeddedSql, sourceRange } from '../../src/sql/embedded.js';
import { findUnpartitionedWindows, formatWindowMessage, type WindowOptions } from '../../src/sql/windows.js';

/** `pattern@clause` for each finding, the clause being the reported text. */
function scan(sql: string, options: WindowOptions = {}): string[] {
  return findUnpartitionedWindows(sql, options).map((f) => `${f.pattern}@${sql.slice(f.start, f.end).replace(/\s+/g, ' ')}`);
}

const TVF = "FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))";

describe('tokenize', () => {
  it('reads strings, quoted names, comments, dollar quotes and placeholders without losing offsets', () => {
    const sql = `SELECT 'it''s', "Col", \`x\`, $$a;b$$, $1, ?, :id, {id:String}, ${PLACEHOLDER_CHAR} -- rta: global-window\n/* c */ x::int`;
    const { tokens, comments } = tokenize(sql);
    expect(tokens.map((t) => t.kind).filter((k) => k !== 'punct')).toEqual([
      'word', 'string', 'quoted', 'quoted', 'string', 'placeholder', 'placeholder', 'placeholder', 'placeholder', 'placeholder', 'word', 'op', 'word',
    ]);
    expect(tokens[1]?.value).toBe("it's");
    expect(comments.map((c) => c.text.trim())).toEqual(['rta: global-window', 'c']);
    for (const t of tokens) expect(sql.slice(t.start, t.end)).toBe(t.text);
  });

  it('splits statements at top-level semicolons only and marks unbalanced ones', () => {
    const statements = splitStatements(tokenize("SELECT ';' FROM t; SELECT (a; SELECT $$x;y$$"));
    expect(statements.map((s) => s.balanced)).toEqual([true, false, true]);
  });
});

describe('dialect clues', () => {
  const dialect = (sql: string) => dialectFromStatements(splitStatements(tokenize(sql)));
  it.each([
    [`SELECT * ${TVF}`, 'flink'],
    ['CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (\'connector\' = \'kafka\')', 'flink'],
    ["SELECT TUMBLE_START(ts, INTERVAL '1' MINUTE) FROM t GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE)", 'flink'],
    ['SELECT k, COUNT(*) FROM s WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY k EMIT CHANGES;', 'ksqldb'],
    ['SELECT * FROM t EMIT ON WINDOW CLOSE', 'risingwave'],
    ['SELECT toStartOfInterval(ts, INTERVAL 5 MINUTE) FROM t', 'clickhouse'],
    ['SELECT * FROM t WHERE id = {id:String}', 'clickhouse'],
    ["SELECT time_bucket('1 day', time) FROM t", 'timescale'],
    ["SELECT date_trunc('day', ts) FROM t -- toStartOfInterval(", undefined],
  ])('%s -> %s', (sql, expected) => {
    expect(dialect(sql)).toBe(expected);
  });
});

describe('embedded SQL', () => {
  it('maps cooked characters back to their escapes in the source', () => {
    // Source: 'a\nb\'c' starting at offset 10 (the raw text between the quotes).
    const raw = "a\\nb\\'c\\u{1F600}d";
    const sql = embeddedSql([{ kind: 'string', raw, offset: 10 }]);
    expect(sql.text).toBe("a\nb'c\u{1F600}d");
    expect(sourceRange(sql, 2, 3)).toEqual([13, 14]); // b
    expect(sourceRange(sql, 3, 4)).toEqual([14, 16]); // \'
    expect(sourceRange(sql, 7, 8)).toEqual([26, 27]); // d after the 10-character \u{1F600}
  });

  it('turns substitutions into one placeholder and cooks template CRLF', () => {
    const sql = embeddedSql([
      { kind: 'template', raw: 'a\r\nb', offset: 1 },
      { kind: 'hole', start: 7, end: 12 },
      { kind: 'template', raw: 'c', offset: 13 },
    ]);
    expect(sql.text).toBe(`a\nb${PLACEHOLDER_CHAR}c`);
    expect(sourceRange(sql, 3, 4)).toEqual([7, 12]);
  });
});

describe('findUnpartitionedWindows', () => {
  it.each<[string, string, WindowOptions | undefined, string[]]>([
    // W1
    ['Flink OVER without PARTITION BY', "SELECT SUM(a) OVER (ORDER BY t RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) FROM o", { dialect: 'flink' }, ["W1@OVER (ORDER BY t RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)"]],
    ['Flink named window without PARTITION BY, reported once at its definition', 'SELECT SUM(a) OVER w, MAX(a) OVER w FROM o WINDOW w AS (ORDER BY t)', { dialect: 'flink' }, ['W1@w AS (ORDER BY t)']],
    ['Flink window extending a partitioned named window', 'SELECT SUM(a) OVER (w ORDER BY t) FROM o WINDOW w AS (PARTITION BY k)', { dialect: 'flink' }, []],
    ['Flink global Top-N ranks on purpose', 'SELECT * FROM (SELECT p, ROW_NUMBER() OVER (ORDER BY cnt DESC) AS rn FROM c) WHERE rn <= 3', { dialect: 'flink' }, []],
    ['Flink dedup over the whole stream', 'SELECT * FROM (SELECT *, ROW_NUMBER() OVER (ORDER BY proctime) AS rn FROM e) WHERE rn = 1', { dialect: 'flink' }, ['W1@OVER (ORDER BY proctime)']],
    // W2 / W3
    ['TVF grouped by window only', `SELECT window_start, COUNT(*) ${TVF} GROUP BY window_start, window_end`, undefined, ['W2@GROUP BY window_start, window_end']],
    ['TVF grouped by an entity too, in any order', `SELECT COUNT(*) ${TVF} GROUP BY user_id, window_start, window_end`, undefined, []],
    ['TVF grouped by an alias of window_start', `SELECT window_start AS ws, COUNT(*) ${TVF} GROUP BY ws, window_end`, undefined, ['W2@GROUP BY ws, window_end']],
    ['TVF read through a CTE', `WITH w AS (SELECT * ${TVF}) SELECT window_start, COUNT(*) FROM w GROUP BY window_start, window_end`, undefined, ['W2@GROUP BY window_start, window_end']],
    ['roll-up over a keyed CTE', `WITH k AS (SELECT window_start, page, COUNT(*) n ${TVF} GROUP BY window_start, window_end, page) SELECT window_start, SUM(n) FROM k GROUP BY window_start`, undefined, []],
    ['window columns of a table filled by another job', "SELECT window_start, SUM(n) FROM clicks_per_page GROUP BY window_start; SELECT * FROM t WHERE x = DESCRIPTOR(y)", undefined, []],
    ['chained windows: the first stage is reported, the roll-up over it is not', "CREATE VIEW w1 AS SELECT TUMBLE_ROWTIME(ts, INTERVAL '1' MINUTE) AS t, COUNT(*) AS n FROM logs GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE); SELECT SUM(n) FROM w1 GROUP BY TUMBLE(t, INTERVAL '5' MINUTE)", undefined, ["W2@GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE)"]],
    ['session TVF without PARTITION BY', "SELECT COUNT(*) FROM TABLE(SESSION(TABLE v, DESCRIPTOR(ts), INTERVAL '5' MINUTES)) GROUP BY window_start, window_end", undefined, ["W3@SESSION(TABLE v, DESCRIPTOR(ts), INTERVAL '5' MINUTES)"]],
    ['legacy session group window', "SELECT COUNT(*) FROM v GROUP BY SESSION(ts, INTERVAL '5' MINUTE)", { dialect: 'flink' }, ["W3@GROUP BY SESSION(ts, INTERVAL '5' MINUTE)"]],
    ['legacy tumble with an entity', "SELECT COUNT(*) FROM v GROUP BY user_id, TUMBLE(ts, INTERVAL '5' MINUTE)", { dialect: 'flink' }, []],
    ['RisingWave date_trunc bucket', "CREATE MATERIALIZED VIEW m AS SELECT date_trunc('minute', ts) AS m, count(*) FROM e GROUP BY 1", { dialect: 'risingwave' }, ["W2@GROUP BY 1"]],
    ['GROUPING SETS are not guessed at', `SELECT COUNT(*) ${TVF} GROUP BY GROUPING SETS ((window_start, window_end), (window_start, window_end, k))`, undefined, []],
    ['a substitution in GROUP BY is not guessed at', `SELECT COUNT(*) ${TVF} GROUP BY window_start, window_end, ${PLACEHOLDER_CHAR}`, undefined, []],
    // W4
    ['ksqlDB literal key', "SELECT 'x', COUNT(*) FROM s WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY 'x' EMIT CHANGES;", undefined, ["W4@GROUP BY 'x'"]],
    ['ksqlDB unwindowed constant key is not a window', "SELECT COUNT(*) FROM s GROUP BY 'x' EMIT CHANGES;", undefined, []],
    ['ksqlDB key column', 'SELECT k, COUNT(*) FROM s WINDOW HOPPING (SIZE 5 MINUTES, ADVANCE BY 1 MINUTE) GROUP BY k EMIT CHANGES;', undefined, []],
    ['ksqlDB with streaming turned off for it', "SELECT 'x', COUNT(*) FROM s WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY 'x' EMIT CHANGES;", { streaming: ['flink'] }, []],
    // W5
    ['ordered window across devices', 'SELECT device_id, ts, v - lag(v) OVER (ORDER BY ts) FROM r', undefined, ['W5@OVER (ORDER BY ts)']],
    ['camelCase entity, qualified name, subquery pinning', 'SELECT r."deviceId", r.ts, v - lag(v) OVER (ORDER BY r.ts) FROM (SELECT * FROM readings WHERE "deviceId" = $1) r', undefined, []],
    ['IN with one value pins, with two does not', "SELECT device_id, ts, lag(v) OVER (ORDER BY ts) FROM r WHERE device_id IN ('a'); SELECT device_id, ts, lag(v) OVER (ORDER BY ts) FROM r WHERE device_id IN ('a', 'b')", undefined, ['W5@OVER (ORDER BY ts)']],
    ['a substituted WHERE condition may pin the entity', `SELECT device_id, ts, lag(v) OVER (ORDER BY ts) FROM r WHERE ts > now() AND ${PLACEHOLDER_CHAR}`, undefined, []],
    ['a substituted value does not', `SELECT device_id, ts, lag(v) OVER (ORDER BY ts) FROM r WHERE ts > ${PLACEHOLDER_CHAR}`, undefined, ['W5@OVER (ORDER BY ts)']],
    ['order not by time', 'SELECT device_id, lag(v) OVER (ORDER BY seq) FROM r', undefined, []],
    ['no entity in the rows', 'SELECT ts, v - lag(v) OVER (ORDER BY ts) FROM r', undefined, []],
    ['configured key of the table under SELECT *', 'SELECT *, lag(v) OVER (ORDER BY ts) FROM orders', { partitionKeys: { orders: ['customer_id'] } }, ['W5@OVER (ORDER BY ts)']],
    ['entity grouped with the bucket', "SELECT device_id, time_bucket('1h', ts) b, avg(v) - lag(avg(v)) OVER (ORDER BY time_bucket('1h', ts)) FROM r GROUP BY device_id, b", undefined, ["W5@OVER (ORDER BY time_bucket('1h', ts))"]],
    // OLAP buckets and continuous aggregates
    ['OLAP buckets stay quiet', "SELECT toStartOfInterval(ts, INTERVAL 1 MINUTE) AS m, count() FROM hits GROUP BY m", undefined, []],
    ['continuous aggregate by bucket only', "CREATE MATERIALIZED VIEW h WITH (timescaledb.continuous) AS SELECT time_bucket('1h', time) AS b, avg(v) FROM c GROUP BY b WITH NO DATA", undefined, ['continuous-aggregate@GROUP BY b']],
    ['continuous aggregate skipped when streaming excludes timescale', "CREATE MATERIALIZED VIEW h WITH (timescaledb.continuous) AS SELECT time_bucket('1h', time) AS b, avg(v) FROM c GROUP BY b", { streaming: ['flink'] }, []],
    // Opt-outs
    ['opt-out comment before the statement', `-- rta: global-window\nSELECT COUNT(*) ${TVF} GROUP BY window_start, window_end`, undefined, []],
    ['opt-out applies to its statement only', `/* rta: global-window */ SELECT COUNT(*) ${TVF} GROUP BY window_start, window_end; SELECT COUNT(*) ${TVF} GROUP BY window_start, window_end`, undefined, ['W2@GROUP BY window_start, window_end']],
    ['an opt-out after the `;` on the same line belongs to the statement it ends', `SELECT COUNT(*) ${TVF} GROUP BY window_start, window_end; -- rta: global-window\nSELECT COUNT(*) ${TVF} GROUP BY window_end, window_start;`, undefined, ['W2@GROUP BY window_end, window_start']],
    ['an opt-out on the line after a `;` belongs to the next statement', `SELECT COUNT(*) ${TVF} GROUP BY window_start, window_end;\n-- rta: global-window\nSELECT COUNT(*) ${TVF} GROUP BY window_end, window_start;`, undefined, ['W2@GROUP BY window_start, window_end']],
    ['allowGlobal on the source', `SELECT COUNT(*) ${TVF} GROUP BY window_start, window_end`, { allowGlobal: ['CLICKS'] }, []],
    ['allowGlobal on the target', `INSERT INTO db.site_totals SELECT COUNT(*) ${TVF} GROUP BY window_start, window_end`, { allowGlobal: ['site_totals'] }, []],
  ])('%s', (_name, sql, options, expected) => {
    expect(scan(sql, options)).toEqual(expected);
  });

  it('fills messages with the engine consequence and the configured key', () => {
    const [finding] = findUnpartitionedWindows(`SELECT COUNT(DISTINCT u) FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end`, {
      partitionKeys: { orders: ['customer_id'] },
    });
    expect(finding).toBeDefined();
    const message = formatWindowMessage(finding!.messageId, finding!.data);
    expect(message).toContain('single global task');
    expect(message).toContain('COUNT(DISTINCT …)');
    expect(message).toContain('`GROUP BY window_start, window_end, customer_id`');
  });
});

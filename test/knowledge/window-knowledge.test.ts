import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { ImportTracker } from '../../src/knowledge/tracking/estree.js';
import { knowledge } from '../../src/knowledge/registry.js';
import { MERGING_SQL_PATTERNS, TIMESTAMP_FIELD_PATTERN, DURATION_FIELD_PATTERN, ENTITY_ID_FIELD_PATTERN } from '../../src/knowledge/windows.js';

type Probe = (tracker: ImportTracker, node: TSESTree.Node) => string | undefined;

/** Runs `probe` on the argument of every `probe(x)` call and returns the answers, in order. */
function run(code: string, answer: Probe): (string | undefined)[] {
  const seen: (string | undefined)[] = [];
  const rule: TSESLint.RuleModule<'x'> = {
    meta: { type: 'problem', messages: { x: 'x' }, schema: [], defaultOptions: [] },
    create(context) {
      const tracker = new ImportTracker(context.sourceCode);
      return {
        CallExpression(node: TSESTree.CallExpression) {
          if (node.callee.type === 'Identifier' && node.callee.name === 'probe' && node.arguments[0]) {
            seen.push(answer(tracker, node.arguments[0]));
          }
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tsParser, sourceType: 'module' }, plugins: { t: { rules: { probe: rule as never } } }, rules: { 't/probe': 'error' } }],
    'probe.ts',
  );
  expect(messages.filter((m) => m.fatal === true)).toEqual([]);
  return seen;
}

const typeOf: Probe = (tracker, node) => tracker.instanceType(node);

describe('Kafka message parts', () => {
  it('resolves key, partition and timestamp in kafkajs handlers, batches and node-rdkafka listeners', () => {
    expect(
      run(
        `import { Kafka } from 'kafkajs';
         import RdKafka from 'node-rdkafka';
         const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
         await consumer.run({
           eachMessage: async ({ message, partition }) => { probe(message.key); probe(message.timestamp); probe(partition); },
           eachBatch: async ({ batch }) => {
             for (const m of batch.messages) probe(m.key);
             batch.messages.forEach((m) => probe(m.timestamp));
             probe(batch.partition);
           },
         });
         const rd = new RdKafka.KafkaConsumer({ 'group.id': 'g' }, {});
         rd.on('data', (m) => { probe(m.partition); probe(m.value); });`,
        typeOf,
      ),
    ).toEqual([
      'kafka.MessageKey',
      'kafka.MessageTimestamp',
      'kafka.Partition',
      'kafka.MessageKey',
      'kafka.MessageTimestamp',
      'kafka.Partition',
      'kafka.Partition',
      'kafka.MessageValue',
    ]);
  });
});

describe('date libraries', () => {
  it('tells the calls that round a time down to a unit', () => {
    const roles = run(
      `import dayjs from 'dayjs';
       import moment from 'moment';
       import { DateTime } from 'luxon';
       import { startOfMinute } from 'date-fns';
       import startOfHour from 'date-fns/startOfHour';
       probe(dayjs(1).startOf('minute'));
       probe(moment.utc(1).startOf('hour'));
       probe(DateTime.fromMillis(1).startOf('day'));
       probe(startOfMinute(1));
       probe(startOfHour(1));
       probe(dayjs(1).add(1, 'day'));`,
      (tracker, node) => String(tracker.hasRole(node, 'time-bucket')),
    );
    expect(roles).toEqual(['true', 'true', 'true', 'true', 'true', 'false']);
  });
});

describe('ImportTracker.origin and thisMethod', () => {
  it('follows constants, await and class fields set once, and stops at parameters and reassignments', () => {
    const origins = run(
      `import { Kafka } from 'kafkajs';
       const kafka = new Kafka({ brokers: [] });
       const consumer = kafka.consumer({ groupId: 'g' });
       const alias = consumer;
       let changing = kafka.consumer({ groupId: 'a' });
       changing = kafka.consumer({ groupId: 'b' });
       async function f(param: unknown) {
         const awaited = await Promise.resolve(1);
         probe(alias); probe(awaited); probe(param); probe(changing);
       }
       class C {
         private readonly store = new Map<number, number>();
         private late: unknown;
         constructor() { this.late = { groupId: 'x' }; }
         m() { probe(this.store); probe(this.late); }
       }`,
      (tracker, node) => {
        const origin = tracker.origin(node);
        return origin === undefined ? undefined : origin.type;
      },
    );
    expect(origins).toEqual(['CallExpression', 'CallExpression', undefined, undefined, 'NewExpression', 'ObjectExpression']);
  });

  it('finds a method of the enclosing class through `this`, not through a rebinding function', () => {
    const found = run(
      `class A {
         helper() { return 1; }
         run() {
           probe(this.helper);
           const arrow = () => probe(this.helper);
           function plain(this: unknown) { probe((this as A).helper); }
           probe(this.missing);
         }
       }`,
      (tracker, node) => {
        const target = node.type === 'MemberExpression' ? tracker.thisMethod(node) : undefined;
        return target ? 'method' : undefined;
      },
    );
    expect(found).toEqual(['method', 'method', undefined, undefined]);
  });
});

describe('window tables', () => {
  it('has no dangling type references', () => {
    expect(knowledge.danglingReferences()).toEqual([]);
  });

  it('recognises additive upserts, not overwriting ones', () => {
    const merges = (sql: string) => MERGING_SQL_PATTERNS.some((p) => p.test(sql));
    expect(merges('INSERT INTO t (m, n) VALUES ($1, $2) ON CONFLICT (m) DO UPDATE SET n = t.n + EXCLUDED.n')).toBe(true);
    expect(merges('insert into t values (?, ?) on conflict (m) do update set n = excluded.n + t.n')).toBe(true);
    expect(merges('INSERT INTO t (m, n) VALUES (?, ?) ON DUPLICATE KEY UPDATE n = n + VALUES(n)')).toBe(true);
    expect(merges('INSERT INTO t (m, n) VALUES ($1, $2) ON CONFLICT (m) DO UPDATE SET n = EXCLUDED.n')).toBe(false);
    expect(merges('UPDATE t SET n = n + 1')).toBe(false);
  });

  it('tells timestamps from durations and entity ids from other fields', () => {
    const isTimestamp = (name: string) => TIMESTAMP_FIELD_PATTERN.test(name) && !DURATION_FIELD_PATTERN.test(name);
    expect(['ts', 'timestamp', 'eventTime', 'createdAt', 'occurred_at', 'event_ts'].every(isTimestamp)).toBe(true);
    expect(['responseTime', 'processing_time', 'latencyMs', 'price', 'status', 'format'].some(isTimestamp)).toBe(false);
    expect(['id', 'customerId', 'device_id', 'userID'].every((n) => ENTITY_ID_FIELD_PATTERN.test(n))).toBe(true);
    expect(['page', 'valid', 'paid', 'idle', 'width'].some((n) => ENTITY_ID_FIELD_PATTERN.test(n))).toBe(false);
  });
});

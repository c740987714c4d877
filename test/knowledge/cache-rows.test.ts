import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { knowledge } from '../../src/knowledge/registry.js';
import { strongerShape } from '../../src/knowledge/dashboard.js';
import { ImportTracker } from '../../src/knowledge/tracking/estree.js';

/** The operation each call of `code`'s last statement resolves to, through import tracking. */
function operationOf(code: string): string | undefined {
  let found: string | undefined;
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
        plugins: {
          probe: {
            rules: {
              op: {
                create(context) {
                  const tracker = new ImportTracker(context.sourceCode as never);
                  return {
                    'Program > :last-child CallExpression, Program > :last-child TaggedTemplateExpression'(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression) {
                      if (found !== undefined) return;
                      const callee = node.type === 'CallExpression' ? node.callee : node.tag;
                      if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier') {
                        const type = tracker.instanceType(callee.object);
                        const op = type && knowledge.operation(type, callee.property.name);
                        if (op) found = op.kind === 'query' ? `query:${op.shape}` : op.kind;
                      }
                      const value = tracker.resolve(callee);
                      if (found === undefined && value?.kind === 'member') {
                        const op = knowledge.operation(value.owner, value.name);
                        if (op) found = op.kind === 'query' ? `query:${op.shape}` : op.kind;
                      }
                      if (found === undefined && value?.kind === 'instance') {
                        const op = knowledge.callOperation(value.type);
                        if (op) found = op.kind === 'query' ? `query:${op.shape}` : op.kind;
                      }
                    },
                  };
                },
              },
            },
          },
        },
        rules: { 'probe/op': 'error' },
      },
    ],
    'probe.ts',
  );
  expect(messages.filter((m) => m.fatal === true)).toEqual([]);
  return found;
}

describe('cache and query rows', () => {
  it('every type the rows refer to exists', () => {
    expect(knowledge.danglingReferences()).toEqual([]);
  });

  const cases: [string, string | undefined][] = [
    ["import { Pool } from 'pg'; const p = new Pool(); p.query('x');", 'query:sql'],
    ["import pg from 'pg'; const c = new pg.Client(); c.query('x');", 'query:sql'],
    ["import { PrismaClient } from '@prisma/client'; const db = new PrismaClient(); db.order.groupBy({});", 'query:analytic'],
    ["import { PrismaClient } from '@prisma/client'; const db = new PrismaClient(); db.user.findUnique({});", 'query:point'],
    ["import { PrismaClient } from '@prisma/client'; const db = new PrismaClient(); db.$queryRaw`SELECT 1`;", 'query:sql'],
    ["import knex from 'knex'; const db = knex({}); db('t');", 'query:read'],
    ["import knex from 'knex'; const db = knex({}); db('t').where({}).count();", 'query:analytic'],
    ["import { createClient } from '@clickhouse/client'; const ch = createClient(); ch.query({ query: 'x' });", 'query:analytic'],
    ["import { InfluxDB } from '@influxdata/influxdb-client'; const q = new InfluxDB({ url: '' }).getQueryApi('org'); q.collectRows('x');", 'query:analytic'],
    ["import { MongoClient } from 'mongodb'; const c = new MongoClient('').db('d').collection('c'); c.aggregate([]);", 'query:analytic'],
    ["import mysql from 'mysql2/promise'; const pool = mysql.createPool({}); pool.execute('x');", 'query:sql'],
    ["import postgres from 'postgres'; const sql = postgres(''); sql`SELECT 1`;", 'query:sql'],
    ["import { Redis } from 'ioredis'; const r = new Redis(); r.get('k');", 'cache-read'],
    ["import { Redis } from 'ioredis'; const r = new Redis(); r.multi().set('k', 'v');", 'cache-write'],
    ["import { createClient } from 'redis'; const r = createClient(); r.hGet('k', 'f');", 'cache-read'],
    ["import { LRUCache } from 'lru-cache'; const c = new LRUCache({ max: 1 }); c.fetch('k');", 'cache-read'],
    ["import { caching } from 'cache-manager'; const c = caching('memory'); c.wrap('k', () => 1);", 'cache-wrap'],
    ["import { unstable_cache } from 'next/cache'; unstable_cache(() => 1, ['k']);", 'cache-wrap'],
    ["import { cache } from 'react'; cache(() => 1);", 'request-memo'],
    ["import memoize from 'lodash/memoize'; memoize(() => 1);", 'cache-wrap'],
    ["import knex from 'knex'; const db = knex({}); db('t').where({}).first();", 'query:point'],
    ["import knex from 'knex'; const db = knex({}); db('t').whereNot({}).groupBy('a');", 'query:analytic'],
    ["import knex from 'knex'; const db = knex({}); db('t').insert({});", 'query:write'],
    ["import knex from 'knex'; const db = knex({}); db.raw('x');", 'query:sql'],
    ["import { PrismaClient } from '@prisma/client'; const db = new PrismaClient(); db.order.findMany({});", 'query:read'],
    ["import { PrismaClient } from '@prisma/client'; const db = new PrismaClient(); db.order.findFirst({});", 'query:point'],
    ["import { PrismaClient } from '@prisma/client'; const db = new PrismaClient(); db.order.count();", 'query:analytic'],
    ["import { PrismaClient } from '@prisma/client'; const db = new PrismaClient(); db.order.aggregate({});", 'query:analytic'],
    ["import { PrismaClient } from '@prisma/client'; const db = new PrismaClient(); db.order.createManyAndReturn({ data: [] });", 'query:write'],
    ["import { PrismaClient } from '@prisma/client'; const db = new PrismaClient(); db.$executeRawUnsafe('x');", 'query:write'],
    ["import { MongoClient } from 'mongodb'; const c = new MongoClient('').db('d').collection('c'); c.find({});", 'query:read'],
    ["import { MongoClient } from 'mongodb'; const c = new MongoClient('').db('d').collection('c'); c.findOne({});", 'query:point'],
    ["import { MongoClient } from 'mongodb'; const c = new MongoClient('').db('d').collection('c'); c.countDocuments({});", 'query:analytic'],
    ["import { MongoClient } from 'mongodb'; const c = new MongoClient('').db('d').collection('c'); c.findOneAndUpdate({}, {});", 'query:write'],
    ["import { InfluxDB } from '@influxdata/influxdb-client'; const q = new InfluxDB({ url: '' }).getQueryApi('org'); q.queryRows('x', {});", 'query:analytic'],
    // Look-alikes: names alone are not enough.
    ['const pool = { query(_s: string) {} }; pool.query("x");', undefined],
    ['const redis = new Map(); redis.get("k");', undefined],
  ];
  for (const [code, expected] of cases) {
    it(`${expected ?? 'nothing'}: ${code}`, () => {
      expect(operationOf(code)).toBe(expected);
    });
  }

  it('a point link narrows a plain read chain to one row, and nothing else', () => {
    expect(strongerShape('read', 'point')).toBe('point');
    expect(strongerShape('point', 'read')).toBe('point');
    expect(strongerShape('analytic', 'point')).toBe('analytic');
    expect(strongerShape('point', 'analytic')).toBe('analytic');
    expect(strongerShape('write', 'point')).toBe('write');
    expect(strongerShape('sql', 'point')).toBe('sql');
    expect(strongerShape('read', 'analytic')).toBe('analytic');
  });
});

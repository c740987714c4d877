import type { ExpiryDef, LibraryTable, OperationDef } from '../model.js';

// pg: `query(text, values)` or `query({ text, values })`; the text decides what it costs.
const pgQuery: OperationDef = { kind: 'query', shape: 'sql', text: { arg: 0, options: ['text'] }, engine: 'Postgres' };

const REDIS_EXPIRY_TOKENS = ['EX', 'PX', 'EXAT', 'PXAT', 'KEEPTTL'] as const;
// `SET k v NX` (ioredis) / `{ NX: true }` (node-redis) is a lock or a once-only marker, not a cache entry.
const REDIS_NOT_CACHE = ['NX', 'XX', 'GET'] as const;
const redisRead: OperationDef = { kind: 'cache-read' };
const redisExpire: OperationDef = { kind: 'cache-expire', key: 0 };
const noExpiry: ExpiryDef = { kind: 'never' };

/** ioredis: options are positional string tokens. Also its `multi()`/`pipeline()` chains. */
const ioredisOperations: Readonly<Record<string, OperationDef>> = {
  get: redisRead, mget: redisRead, hget: redisRead, hmget: redisRead, hgetall: redisRead, getex: redisRead,
  getBuffer: redisRead, hgetBuffer: redisRead,
  set: { kind: 'cache-write', key: 0, expiry: { kind: 'tokens', from: 2, tokens: REDIS_EXPIRY_TOKENS, notCache: REDIS_NOT_CACHE } },
  setex: { kind: 'cache-write', key: 0, expiry: { kind: 'always' } },
  psetex: { kind: 'cache-write', key: 0, expiry: { kind: 'always' } },
  hset: { kind: 'cache-write', key: 0, expiry: noExpiry },
  hmset: { kind: 'cache-write', key: 0, expiry: noExpiry },
  expire: redisExpire, pexpire: redisExpire, expireat: redisExpire, pexpireat: redisExpire,
};

/** node-redis 4+: camel-cased commands, options as an object (v5 also `{ expiration: { type, value } }`). */
const nodeRedisOperations: Readonly<Record<string, OperationDef>> = {
  get: redisRead, mGet: redisRead, hGet: redisRead, hmGet: redisRead, hGetAll: redisRead, getEx: redisRead,
  GET: redisRead, MGET: redisRead, HGET: redisRead, HGETALL: redisRead,
  set: { kind: 'cache-write', key: 0, expiry: { kind: 'options', arg: 2, keys: [...REDIS_EXPIRY_TOKENS, 'expiration'], notCache: REDIS_NOT_CACHE } },
  SET: { kind: 'cache-write', key: 0, expiry: { kind: 'options', arg: 2, keys: [...REDIS_EXPIRY_TOKENS, 'expiration'], notCache: REDIS_NOT_CACHE } },
  setEx: { kind: 'cache-write', key: 0, expiry: { kind: 'always' } },
  pSetEx: { kind: 'cache-write', key: 0, expiry: { kind: 'always' } },
  hSet: { kind: 'cache-write', key: 0, expiry: noExpiry },
  expire: redisExpire, pExpire: redisExpire, expireAt: redisExpire, pExpireAt: redisExpire,
};

const chainable = (names: Iterable<string>, type: string) => Object.fromEntries([...names].map((n) => [n, type]));

export const dataStoresLibrary: LibraryTable = {
  name: 'data-stores',
  types: {
    pg: { classes: { Pool: 'pg.Pool', Client: 'pg.Client' } },
    'pg.Pool': { roles: ['db-client'], methods: { connect: 'pg.Client' }, operations: { query: pgQuery } },
    'pg.Client': { roles: ['db-client'], operations: { query: pgQuery } },

    ioredis: { classes: { Redis: 'ioredis.Redis', Cluster: 'ioredis.Redis' } },
    'ioredis.Redis': {
      roles: ['cache-client'],
      extends: ['node:events.EventEmitter'],
      methods: {
        duplicate: 'ioredis.Redis', multi: 'ioredis.Pipeline', pipeline: 'ioredis.Pipeline',
        // `ScanStream` is an object-mode Readable of key batches.
        scanStream: 'node:stream.Readable', sscanStream: 'node:stream.Readable',
        hscanStream: 'node:stream.Readable', zscanStream: 'node:stream.Readable',
      },
      operations: ioredisOperations,
      events: {
        message: { params: [null, null], kind: 'pubsub-message' },
        pmessage: { params: [null, null, null], kind: 'pubsub-message' },
        messageBuffer: { params: [null, null], kind: 'pubsub-message' },
        pmessageBuffer: { params: [null, null, null], kind: 'pubsub-message' },
      },
    },

    // node-redis 4+: a subscriber passes its listener to `subscribe(channel, listener)`.
    redis: { methods: { createClient: 'redis.Client', createCluster: 'redis.Client' } },
    'redis.Client': {
      roles: ['cache-client'],
      extends: ['node:events.EventEmitter'],
      methods: { duplicate: 'redis.Client', multi: 'redis.Multi', MULTI: 'redis.Multi' },
      operations: nodeRedisOperations,
      callbacks: {
        subscribe: { params: [null, null], kind: 'pubsub-message' },
        pSubscribe: { params: [null, null], kind: 'pubsub-message' },
        sSubscribe: { params: [null, null], kind: 'pubsub-message' },
      },
    },
    // `redis.multi().set(k, v).expire(k, s).exec()`: each command returns the chain.
    'ioredis.Pipeline': { methods: chainable(Object.keys(ioredisOperations), 'ioredis.Pipeline'), operations: ioredisOperations },
    'redis.Multi': { methods: chainable(Object.keys(nodeRedisOperations), 'redis.Multi'), operations: nodeRedisOperations },
  },
  modules: [
    { specifiers: ['pg'], namespace: 'pg' },
    { specifiers: ['ioredis'], namespace: 'ioredis', defaultExport: { member: 'Redis' } },
    { specifiers: ['redis', '@redis/client'], namespace: 'redis' },
  ],
};

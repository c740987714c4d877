import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/require-cache-ttl.js';
import { typedTester, untypedTester } from '../support/rule-tester.js';
import { typeErrors } from '../support/typecheck.js';

type Options = [{ constantName?: string; invalidators?: string[] }];
type MessageIds = 'noExpiry' | 'hashNoExpiry' | 'storeNoExpiry' | 'addTtl' | 'addExpire' | 'addStoreTtl';

const valid: (string | ValidTestCase<Options>)[] = [
  // ioredis TTL forms.
  `import { Redis } from 'ioredis';
   const redis = new Redis();
   export async function f(k: string, v: string) {
     await redis.set(k, v, 'EX', 30);
     await redis.set(k, v, 'px', 30_000);
     await redis.set(k, v, 'KEEPTTL');
     await redis.setex(k, 30, v);
   }`,
  // node-redis options and setEx.
  `import { createClient } from 'redis';
   const client = createClient();
   export async function f(k: string, v: string) {
     await client.set(k, v, { EX: 30 });
     await client.set(k, v, { expiration: { type: 'EX', value: 30 } });
     await client.setEx(k, 30, v);
   }`,
  // set then expire on the same key, and a multi() chain.
  `import { Redis } from 'ioredis';
   const redis = new Redis();
   export async function f(tenant: string, v: string) {
     await redis.set(\`dash:\${tenant}\`, v);
     await redis.expire(\`dash:\${tenant}\`, 30);
     await redis.multi().set('a', v).expire('a', 30).exec();
     await redis.hset('h', 'f', v);
     await redis.expire('h', 60);
   }`,
  // Locks and conditional writes are not cache entries.
  `import { Redis } from 'ioredis';
   import { createClient } from 'redis';
   const redis = new Redis();
   const client = createClient();
   export async function lock(id: string) {
     await redis.set(\`lock:\${id}\`, '1', 'NX');
     await client.set(\`lock:\${id}\`, '1', { NX: true });
     await redis.incr('counter');
   }`,
  // LRUCache with ttl, or bounded with max/maxSize.
  `import { LRUCache } from 'lru-cache';
   import LRU from 'lru-cache';
   export const a = new LRUCache<string, string>({ ttl: 30_000, ttlAutopurge: true });
   export const b = new LRUCache<string, string>({ max: 500 });
   export const c = new LRU({ maxSize: 5000, sizeCalculation: (v: string) => v.length });`,
  // Keys the file deletes when the data changes, or a configured invalidator.
  {
    code: `import { Redis } from 'ioredis';
     const redis = new Redis();
     export async function save(id: string, v: string) { await redis.set(\`panel:\${id}\`, v); }
     export async function onWrite(id: string) { await redis.del(\`panel:\${id}\`); }`,
  },
  {
    code: `import { Redis } from 'ioredis';
     import { invalidateDashboard } from './invalidate.js';
     const redis = new Redis();
     export async function save(v: string) { await redis.set('totals', v); }
     export async function onWrite() { await invalidateDashboard(); }`,
    options: [{ invalidators: ['invalidateDashboard'] }],
  },
  // Not a Redis client, options from elsewhere, computed modes: nothing visibly missing.
  `import { Redis } from 'ioredis';
   const redis = new Redis();
   const map = new Map<string, string>();
   export async function f(k: string, v: string, mode: 'EX' | 'PX', opts: { EX: number }, args: [string, number]) {
     map.set(k, v);
     await redis.set(k, v, mode, 30);
     await redis.set(k, v, ...args);
     await redis['set'](k, v, 'EX', 1);
   }
   export const cache = { set(_k: string, _v: string) {} };
   cache.set('a', 'b');`,
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    name: 'ioredis set without an expiry gets the EX suggestion and a new constant',
    code: `import { Redis } from 'ioredis';

const redis = new Redis();

export async function saveTop(tenant: string, top: unknown[]) {
  await redis.set(\`dash:top:\${tenant}\`, JSON.stringify(top));
}`,
    errors: [
      {
        messageId: 'noExpiry',
        line: 6,
        suggestions: [
          {
            messageId: 'addTtl',
            output: `import { Redis } from 'ioredis';

const CACHE_TTL_SECONDS = 60;

const redis = new Redis();

export async function saveTop(tenant: string, top: unknown[]) {
  await redis.set(\`dash:top:\${tenant}\`, JSON.stringify(top), 'EX', CACHE_TTL_SECONDS);
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'node-redis set: the existing constant is reused (option constantName)',
    code: `import { createClient } from 'redis';
const client = createClient();
const PANEL_TTL = 30;
export async function save(id: string, body: string) {
  await client.set(\`panel:\${id}\`, body);
}`,
    options: [{ constantName: 'PANEL_TTL' }],
    errors: [
      {
        messageId: 'noExpiry',
        suggestions: [
          {
            messageId: 'addTtl',
            output: `import { createClient } from 'redis';
const client = createClient();
const PANEL_TTL = 30;
export async function save(id: string, body: string) {
  await client.set(\`panel:\${id}\`, body, { EX: PANEL_TTL });
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'node-redis set with an options object that has no expiry',
    code: `import { createClient } from 'redis';
const client = createClient();
const CACHE_TTL_SECONDS = 10;
export async function save(id: string, body: string) {
  await client.set(id, body, { GETX: true });
}`,
    errors: [
      {
        messageId: 'noExpiry',
        suggestions: [
          {
            messageId: 'addTtl',
            output: `import { createClient } from 'redis';
const client = createClient();
const CACHE_TTL_SECONDS = 10;
export async function save(id: string, body: string) {
  await client.set(id, body, { EX: CACHE_TTL_SECONDS, GETX: true });
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'hset without expire gets an expire after the statement',
    code: `import { Redis } from 'ioredis';
const redis = new Redis();
const CACHE_TTL_SECONDS = 60;
export async function save(id: string, n: number) {
  await redis.hset(\`stats:\${id}\`, 'n', n);
}`,
    errors: [
      {
        messageId: 'hashNoExpiry',
        suggestions: [
          {
            messageId: 'addExpire',
            output: `import { Redis } from 'ioredis';
const redis = new Redis();
const CACHE_TTL_SECONDS = 60;
export async function save(id: string, n: number) {
  await redis.hset(\`stats:\${id}\`, 'n', n);
  await redis.expire(\`stats:\${id}\`, CACHE_TTL_SECONDS);
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'expire on another key does not count; a default-import ioredis client',
    code: `import Redis from 'ioredis';
const redis = new Redis();
export async function f(v: string) {
  await redis.set('a', v);
  await redis.expire('b', 30);
}`,
    errors: [{ messageId: 'noExpiry', line: 4, suggestions: [{ messageId: 'addTtl', output: `import Redis from 'ioredis';

const CACHE_TTL_SECONDS = 60;
const redis = new Redis();
export async function f(v: string) {
  await redis.set('a', v, 'EX', CACHE_TTL_SECONDS);
  await redis.expire('b', 30);
}` }] }],
  },
  {
    name: 'LRUCache with neither ttl nor max',
    code: `import { LRUCache } from 'lru-cache';
export const panels = new LRUCache<string, string>({ allowStale: true });`,
    errors: [
      {
        messageId: 'storeNoExpiry',
        suggestions: [
          {
            messageId: 'addStoreTtl',
            output: `import { LRUCache } from 'lru-cache';

const CACHE_TTL_SECONDS = 60;
export const panels = new LRUCache<string, string>({ allowStale: true, ttl: CACHE_TTL_SECONDS * 1000, ttlAutopurge: true });`,
          },
        ],
      },
    ],
  },
  {
    name: 'LRUCache with no options at all; the client reached through a returned value',
    code: `import { LRUCache } from 'lru-cache';
import { Redis } from 'ioredis';
function makeRedis() { return new Redis(); }
const r = makeRedis();
export const c = new LRUCache();
export const save = (k: string) => r.set(k, '1');`,
    errors: [
      {
        messageId: 'storeNoExpiry',
        line: 5,
        suggestions: [
          {
            messageId: 'addStoreTtl',
            output: `import { LRUCache } from 'lru-cache';
import { Redis } from 'ioredis';

const CACHE_TTL_SECONDS = 60;
function makeRedis() { return new Redis(); }
const r = makeRedis();
export const c = new LRUCache({ ttl: CACHE_TTL_SECONDS * 1000, ttlAutopurge: true });
export const save = (k: string) => r.set(k, '1');`,
          },
        ],
      },
      {
        messageId: 'noExpiry',
        line: 6,
        suggestions: [
          {
            messageId: 'addTtl',
            output: `import { LRUCache } from 'lru-cache';
import { Redis } from 'ioredis';

const CACHE_TTL_SECONDS = 60;
function makeRedis() { return new Redis(); }
const r = makeRedis();
export const c = new LRUCache();
export const save = (k: string) => r.set(k, '1', 'EX', CACHE_TTL_SECONDS);`,
          },
        ],
      },
    ],
  },
];

// A client imported (here under another name) from the project's own cache module.
const IMPORTED_CLIENT_WRITE = `import { redis as shared } from './cache-client.js';
export async function save(v: string) {
  await shared.set('x', v);
}`;

untypedTester().run('require-cache-ttl (untyped)', rule, {
  valid: [
    ...valid,
    // One file cannot tell what the imported client is.
    IMPORTED_CLIENT_WRITE,
    `const Redis = require('ioredis');
     const redis = new Redis();
     redis.set('k', 'v', 'EX', 10);`,
  ],
  invalid: [
    ...invalid,
    {
      name: 'plain JavaScript with require and an optional call (no suggestion on optional calls)',
      code: `const Redis = require('ioredis');
const redis = new Redis();
redis?.set('k', 'v');`,
      errors: [{ messageId: 'noExpiry', suggestions: [] }],
    },
  ],
});

typedTester().run('require-cache-ttl (typed)', rule, {
  valid: [
    ...valid,
    `import { redis as shared } from './cache-client.js';
     export async function save(v: string) { await shared.set('x', v, 'EX', 30); }`,
  ],
  invalid: [
    ...invalid,
    {
      name: 'typed: a Redis client imported from a project module is followed to its declaration',
      code: IMPORTED_CLIENT_WRITE,
      errors: [
        {
          messageId: 'noExpiry',
          line: 3,
          suggestions: [
            {
              messageId: 'addTtl',
              output: `import { redis as shared } from './cache-client.js';

const CACHE_TTL_SECONDS = 60;
export async function save(v: string) {
  await shared.set('x', v, 'EX', CACHE_TTL_SECONDS);
}`,
            },
          ],
        },
      ],
    },
  ],
});

/**
 * ioredis, node-redis and lru-cache are not installed here, so their imports cannot resolve. The
 * suggestion outputs are type-checked against local declarations with the libraries' signatures
 * instead: what matters is that the inserted arguments and constant fit them.
 */
const LOCAL_DECLARATIONS: Record<string, string> = {
  "import { Redis } from 'ioredis';": `declare class Redis { set(key: string, value: string | number, ...args: (string | number)[]): Promise<'OK' | null>; hset(key: string, ...args: (string | number)[]): Promise<number>; expire(key: string, seconds: number): Promise<number>; }`,
  "import Redis from 'ioredis';": `declare class Redis { set(key: string, value: string | number, ...args: (string | number)[]): Promise<'OK' | null>; expire(key: string, seconds: number): Promise<number>; }`,
  "import { createClient } from 'redis';": `declare function createClient(): { set(key: string, value: string, options?: { EX?: number; PX?: number; GETX?: boolean }): Promise<string | null> };`,
  "import { LRUCache } from 'lru-cache';": `declare class LRUCache<K, V> { constructor(options?: { max?: number; ttl?: number; ttlAutopurge?: boolean; allowStale?: boolean }); get(k: K): V | undefined; }`,
};

describe('require-cache-ttl suggestions leave code that type-checks', () => {
  const outputs = invalid.flatMap((c) =>
    c.errors.flatMap((e) => (e.suggestions ?? []).map((s) => ({ name: c.name ?? c.code, output: s.output }))),
  );
  it('has suggestion outputs to check', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(6);
  });
  for (const { name, output } of outputs) {
    it(name, () => {
      let code = output;
      for (const [line, declaration] of Object.entries(LOCAL_DECLARATIONS)) code = code.replace(line, declaration);
      expect(code).not.toMatch(/from '(ioredis|redis|lru-cache)'/);
      expect(typeErrors(`${code}\nexport {};\n`)).toEqual([]);
    });
  }
});

/**
 * In-process caches, cache wrappers and memoizers (Redis clients are in `data-stores.ts`). A
 * `cache-wrap` answers from the cache and runs the wrapped function only on a miss, so whatever
 * that function queries is not re-run for every viewer. React's `cache()` looks the same but
 * lives for one request only, so it is modelled as what it is.
 */
import type { LibraryTable, OperationDef } from '../model.js';

const cacheRead: OperationDef = { kind: 'cache-read' };
const wrapsFirst: OperationDef = { kind: 'cache-wrap', fn: 0 };
const reads = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, cacheRead]));

/** Memoizer packages whose default export wraps a function: `memoize(fn, options?)`. */
const MEMOIZER_MODULES = ['lodash/memoize', 'lodash.memoize', 'lodash-es/memoize', 'memoizee', 'p-memoize', 'moize', 'mem', 'memoize', 'micro-memoize', 'fast-memoize'];

export const cachesLibrary: LibraryTable = {
  name: 'caches',
  types: {
    // lru-cache 10+: `import { LRUCache } from 'lru-cache'`; 7–9: the default export is the class.
    'lru-cache': { classes: { LRUCache: 'lru-cache.LRUCache', default: 'lru-cache.LRUCache' } },
    'lru-cache.LRUCache': {
      roles: ['cache-client'],
      // `fetch(k)` runs the constructor's `fetchMethod` only on a miss.
      operations: reads(['get', 'peek', 'has', 'fetch', 'forceFetch', 'memo']),
      cacheStore: { ttlOptions: ['ttl'], boundOptions: ['max', 'maxSize'] },
    },

    'node-cache': { classes: { NodeCache: 'node-cache.NodeCache', default: 'node-cache.NodeCache' } },
    'node-cache.NodeCache': { roles: ['cache-client'], operations: reads(['get', 'mget', 'has', 'take']) },

    keyv: { classes: { Keyv: 'keyv.Keyv', default: 'keyv.Keyv' } },
    'keyv.Keyv': { roles: ['cache-client'], operations: reads(['get', 'has']) },

    // cache-manager 4/5 `caching(...)`, 6+ `createCache(...)`: `wrap(key, fn, ttl)` runs fn on a miss.
    'cache-manager': {
      methods: { caching: 'cache-manager.Cache', createCache: 'cache-manager.Cache', multiCaching: 'cache-manager.Cache' },
    },
    'cache-manager.Cache': {
      roles: ['cache-client'],
      operations: { ...reads(['get', 'mget']), wrap: { kind: 'cache-wrap', fn: 1 } },
    },

    // Next.js data cache: `unstable_cache(fn, keyParts, { revalidate, tags })`.
    'next/cache': { operations: { unstable_cache: wrapsFirst } },

    // Deduplicates within one server request only: every viewer still runs fn.
    react: { operations: { cache: { kind: 'request-memo', fn: 0 } } },

    lodash: { operations: { memoize: wrapsFirst } },
    memoizer: { callOperation: wrapsFirst, operations: { memoize: wrapsFirst, default: wrapsFirst } },
  },
  modules: [
    { specifiers: ['lru-cache'], namespace: 'lru-cache', defaultExport: { member: 'LRUCache' } },
    { specifiers: ['node-cache'], namespace: 'node-cache', defaultExport: { member: 'NodeCache' } },
    { specifiers: ['keyv'], namespace: 'keyv', defaultExport: { member: 'Keyv' } },
    { specifiers: ['cache-manager'], namespace: 'cache-manager', defaultExport: 'namespace' },
    { specifiers: ['next/cache'], namespace: 'next/cache' },
    { specifiers: ['react'], namespace: 'react', defaultExport: 'namespace' },
    { specifiers: ['lodash', 'lodash-es'], namespace: 'lodash', defaultExport: 'namespace' },
    { specifiers: MEMOIZER_MODULES, namespace: 'memoizer', defaultExport: 'namespace' },
  ],
};

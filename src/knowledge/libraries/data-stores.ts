import type { LibraryTable } from '../model.js';

export const dataStoresLibrary: LibraryTable = {
  name: 'data-stores',
  types: {
    pg: { classes: { Pool: 'pg.Pool', Client: 'pg.Client' } },
    'pg.Pool': { roles: ['db-client'] },
    'pg.Client': { roles: ['db-client'] },

    ioredis: { classes: { Redis: 'ioredis.Redis', Cluster: 'ioredis.Redis' } },
    'ioredis.Redis': {
      roles: ['cache-client'],
      extends: ['node:events.EventEmitter'],
      methods: { duplicate: 'ioredis.Redis' },
      events: { message: { params: [null, null], kind: 'pubsub-message' }, pmessage: { params: [null, null, null], kind: 'pubsub-message' } },
    },
  },
  modules: [
    { specifiers: ['pg'], namespace: 'pg' },
    { specifiers: ['ioredis'], namespace: 'ioredis', defaultExport: { member: 'Redis' } },
  ],
};

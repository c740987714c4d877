import type { CallbackDef, LibraryTable } from '../model.js';

const routeMethods = ['get', 'post', 'put', 'patch', 'delete', 'all', 'use', 'head', 'options'] as const;
const expressHandler: CallbackDef = { params: ['express.Request', 'express.Response', null], kind: 'request' };

export const httpFrameworksLibrary: LibraryTable = {
  name: 'http-frameworks',
  types: {
    express: { call: 'express.App', methods: { Router: 'express.Router' } },
    'express.App': {
      extends: ['express.Router'],
      methods: { listen: 'node:http.Server' },
    },
    'express.Router': {
      callbacks: Object.fromEntries(routeMethods.map((m) => [m, expressHandler])),
    },
    'express.Request': { extends: ['node:http.IncomingMessage'] },
    'express.Response': { extends: ['node:http.ServerResponse'] },
  },
  modules: [{ specifiers: ['express'], namespace: 'express', defaultExport: 'namespace' }],
};

import type { CallbackDef, LibraryTable, TypeId } from '../model.js';

const routeMethods = ['get', 'post', 'put', 'patch', 'delete', 'all', 'use', 'head', 'options'] as const;
const expressHandler: CallbackDef = { params: ['express.Request', 'express.Response', null], kind: 'request' };
const fastifyHandler: CallbackDef = { params: [null, null], kind: 'request' };
/** Hono passes one context object per request. */
const contextHandler: CallbackDef = { params: [null, null], kind: 'request' };
/** Koa middleware and @koa/router handlers: `(ctx, next)`, the context carrying the request. */
const koaHandler: CallbackDef = { params: ['koa.Context', null], kind: 'request' };

export const httpFrameworksLibrary: LibraryTable = {
  name: 'http-frameworks',
  types: {
    express: { call: 'express.App', methods: { Router: 'express.Router' } },
    'express.App': {
      extends: ['express.Router'],
      methods: { listen: 'node:http.Server' },
    },
    'express.Router': {
      methods: { route: 'express.Route' },
      callbacks: Object.fromEntries(routeMethods.map((m) => [m, expressHandler])),
    },
    // `router.route('/path').get(handler).post(handler)`
    'express.Route': {
      methods: Object.fromEntries(routeMethods.map((m) => [m, 'express.Route'])),
      callbacks: Object.fromEntries(routeMethods.map((m) => [m, expressHandler])),
    },

    // fastify: `app.get(url, [options], handler)`, `app.route({ method, url, handler })`, and
    // plugins registered with `app.register(async (instance) => …)`.
    fastify: { methods: { fastify: 'fastify.Instance', default: 'fastify.Instance' }, call: 'fastify.Instance' },
    'fastify.Instance': {
      callbacks: {
        ...Object.fromEntries(routeMethods.filter((m) => m !== 'use').map((m) => [m, fastifyHandler])),
        register: { params: ['fastify.Instance', null] },
      },
      optionHandlers: { route: { handler: fastifyHandler } },
    },

    // @koa/router (and koa-router): `router.get(path, async (ctx) => …)`.
    '@koa/router': { classes: { Router: 'koa.Router', default: 'koa.Router' } },
    'koa.Router': { callbacks: Object.fromEntries([...routeMethods, 'del'].map((m) => [m, koaHandler])) },
    // koa: `new Koa()`, `app.use(async (ctx, next) => …)`.
    koa: { classes: { Koa: 'koa.Application', default: 'koa.Application' } },
    'koa.Application': { callbacks: { use: koaHandler } },
    // `ctx.url`, `ctx.path`, `ctx.originalUrl` delegate to `ctx.request`: both carry the raw request.
    'koa.Context': {
      roles: ['http-request'],
      properties: { request: 'koa.Request', req: 'node:http.IncomingMessage', res: 'node:http.ServerResponse' },
    },
    'koa.Request': { roles: ['http-request'], properties: { req: 'node:http.IncomingMessage' } },

    // hono: `app.get(path, (c) => …)`.
    hono: { classes: { Hono: 'hono.Hono' } },
    'hono.Hono': { callbacks: Object.fromEntries([...routeMethods, 'on'].map((m) => [m, contextHandler])) },
    'express.Request': { extends: ['node:http.IncomingMessage'] },
    'express.Response': { extends: ['node:http.ServerResponse'] },
  },
  modules: [
    { specifiers: ['express'], namespace: 'express', defaultExport: 'namespace' },
    { specifiers: ['fastify'], namespace: 'fastify', defaultExport: { member: 'fastify' } },
    { specifiers: ['@koa/router', 'koa-router'], namespace: '@koa/router', defaultExport: { member: 'Router' } },
    { specifiers: ['koa'], namespace: 'koa', defaultExport: { member: 'Koa' } },
    { specifiers: ['hono'], namespace: 'hono' },
  ],
};

/**
 * Route collections that serve requests only once an app mounts them (`app.use('/api', router)`,
 * `app.use(router.routes())`): what the app registers before the mount applies to their routes.
 */
export const MOUNTED_ROUTERS: ReadonlySet<TypeId> = new Set(['express.Router', 'koa.Router']);

/**
 * Methods of a router whose result mounts it on an app: `app.use(router.routes())`. An express
 * router is mounted as itself (`app.use('/api', router)`).
 */
export const ROUTER_MOUNT_METHODS: Readonly<Record<TypeId, readonly string[]>> = {
  'koa.Router': ['routes', 'middleware'],
};

/**
 * fastify route options that hold functions run for every request of the route besides
 * `handler`: route-level lifecycle hooks, each a function or an array of them.
 */
export const ROUTE_HOOK_OPTIONS: readonly string[] = [
  'onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization', 'onSend', 'onResponse', 'onTimeout', 'onError',
];

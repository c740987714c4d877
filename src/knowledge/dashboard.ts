/**
 * What the cache rules (`no-uncached-dashboard-query`, `no-per-client-polling`) and the
 * cross-file dashboard-query analyzer agree on, independent of the syntax tree they read: which
 * entry points serve reads, which queries count as dashboard queries, and how the findings are
 * worded. Library shapes (query sinks, cache reads, wrappers) are rows of the library tables
 * (`operations`, `callOperation`, `cacheStore`); this file holds the conventions that no single
 * library owns.
 */
import type { QueryShape } from './model.js';
import type { SqlCost } from '../sql/dashboard-shape.js';
import { matchGlob } from '../config/glob.js';

/** Route registration methods (express, koa, hono, fastify) whose handlers serve reads. */
export const READ_ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'head']);
/**
 * Route registration methods named after an HTTP verb: a handler registered by any other
 * method that takes request handlers (`http.createServer`) is the request listener for every verb.
 */
const VERB_ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'head', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options']);

/** How messages name a request handler that no verb narrows (`http.createServer`'s, a `request` listener). */
export const REQUEST_LISTENER_LABEL = 'the HTTP request listener';

/** How messages name the handler a registration method takes: `GET handler`, or the request listener. */
export function requestHandlerLabel(method: string): string {
  return VERB_ROUTE_METHODS.has(method) ? `${method.toUpperCase()} handler` : REQUEST_LISTENER_LABEL;
}
/** HTTP verbs that read: fastify `route({ method })`, Next.js route handler exports. */
export const READ_HTTP_VERBS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/**
 * Method names under which a route or listener is registered (`router.get`, `app.route`,
 * `wss.on`, `http.createServer`): calls by any other name cannot register an entry point, so the
 * cross-file scan skips them before resolving anything.
 */
export const REGISTRATION_NAMES: ReadonlySet<string> = new Set([
  'get', 'head', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'route', 'on', 'addListener', 'prependListener',
  'createServer',
]);

/** Next.js App Router route handlers: `app/**\/route.ts` (group 1: the folders below `app/`). */
export const NEXT_ROUTE_FILE = /(?:^|\/)app\/((?:.+\/)?)route\.[cm]?[jt]sx?$/;

/**
 * The URL a Next.js route handler file serves (`app/api/(admin)/stats/route.ts` → `/api/stats`):
 * route groups `(name)` and parallel-route slots `@name` are not part of the URL.
 */
export function nextRoutePath(file: string): string | undefined {
  const match = NEXT_ROUTE_FILE.exec(file.replace(/\\/g, '/'));
  if (!match) return undefined;
  const segments = (match[1] ?? '').split('/').filter((s) => s !== '' && !/^\(.*\)$/.test(s) && !s.startsWith('@'));
  return `/${segments.join('/')}`;
}

/** Next.js pages (`getServerSideProps` runs on every request of the page). */
export const NEXT_PAGES_FILE = /(?:^|\/)pages\/.+\.[cm]?[jt]sx?$/;
export const NEXT_SERVER_PROPS_EXPORT = 'getServerSideProps';
/** Route segment config that makes Next.js cache the output: `revalidate = N > 0` (or `false`), `dynamic = 'force-static'`. */
export const NEXT_REVALIDATE_EXPORT = 'revalidate';
export const NEXT_DYNAMIC_EXPORT = 'dynamic';
export const NEXT_STATIC_DYNAMIC_VALUES: ReadonlySet<string> = new Set(['force-static']);

/** `'use cache'` (and `'use cache: remote'`, …) as the first statement of a function or file. */
export const USE_CACHE_DIRECTIVE = /^use cache(?::\s*[\w-]+)?$/;

/**
 * Socket events whose name says they change data (`createOrder`, `update:layout`): not read entry
 * points. A name can only make the rule quieter.
 */
export const WRITE_EVENT_NAME = /^(create|update|delete|remove|save|set|add|insert|upsert|edit|write|submit|post|put|patch|publish|mark|ack)(?![a-z])/i;

/**
 * Web stream constructors that call the `start` method of their first argument (the underlying
 * source, sink or transformer) while constructing: a timer started there is started by whoever
 * constructs the stream (a Next.js SSE route, once per request).
 */
export const STREAM_START_CONSTRUCTORS: ReadonlySet<string> = new Set(['ReadableStream', 'WritableStream', 'TransformStream']);
export const STREAM_START_METHOD = 'start';
export const WEB_STREAM_MODULES: ReadonlySet<string> = new Set(['node:stream/web', 'stream/web']);

/** The one-shot timer; a callback that schedules itself again with it is a poller. */
export const ONE_SHOT_TIMER = 'setTimeout';
export const TIMER_MODULES: ReadonlySet<string> = new Set(['node:timers', 'timers']);

/**
 * Functions the code cannot see into whose name says they read a cache (`getCached`,
 * `readThroughCache`, `memoizedStats`): they make the rules quieter, never louder. Names that
 * say the opposite (invalidation) are excluded.
 */
export const CACHE_LIKE_NAME = /cache|memo/i;
export const NOT_A_CACHE_READ_NAME = /^(invalidate|clear|delete|del|evict|bust|purge|reset|set|write|put|flush|drop)/i;

/** How many same-file calls deep the ESLint rules follow (the analyzer uses `cache.maxDepth`). */
export const SAME_FILE_DEPTH = 3;
export const DEFAULT_CROSS_FILE_DEPTH = 4;

/** What the rules and the analyzer take from `rta.config.yaml` `cache:` (or the rule options). */
export interface DashboardScope {
  helpers: readonly string[];
  dashboardRoutes: readonly string[];
  precomputedTables: readonly string[];
}

/**
 * What runs the query: a route handler for reads, a per-connection handler, or a Next.js page.
 * `perConnection` handlers are where a timer multiplies with the audience.
 */
export type EntryKind = 'route' | 'page' | 'connection' | 'socket-message' | 'request';

/** What a query costs, from its call shape and (for `sql` shapes) its text. */
export interface QueryCost {
  cost: SqlCost;
  precomputed: boolean;
  reason?: string;
}

export function costOfShape(shape: Exclude<QueryShape, 'sql'>): SqlCost {
  return shape;
}

/**
 * For chains such as knex builders: the strongest shape along the chain decides, except that a
 * point link (`.first()`) narrows a plain read to the one row it fetches. It never hides an
 * aggregate, a write or text that decides for itself.
 */
export function strongerShape(a: QueryShape, b: QueryShape): QueryShape {
  if ((a === 'read' && b === 'point') || (a === 'point' && b === 'read')) return 'point';
  const rank: Record<QueryShape, number> = { write: 4, analytic: 3, sql: 2, read: 1, point: 0 };
  return rank[b] > rank[a] ? b : a;
}

/**
 * RULES.md 3b: a dashboard query is analytic in shape, or any read run from a per-connection
 * handler or a route the config names as a dashboard; point lookups, health checks, writes and
 * reads of pre-computed tables never are.
 */
export function isDashboardQuery(cost: QueryCost, entry: { kind: EntryKind; dashboardRoute: boolean }): boolean {
  if (cost.precomputed) return false;
  switch (cost.cost) {
    case 'analytic':
      return true;
    case 'read':
    case 'unknown':
      return entry.kind === 'connection' || entry.kind === 'socket-message' || entry.dashboardRoute;
    default:
      return false;
  }
}

/** C2: a per-connection timer that queries at all (anything but a health check or a write). */
export function isPolledQuery(cost: QueryCost): boolean {
  return !cost.precomputed && cost.cost !== 'health' && cost.cost !== 'write';
}

/** Entry points whose timers are per viewer: socket connections, socket events, HTTP requests (SSE). */
export function isPerConnection(kind: EntryKind): boolean {
  return kind !== 'page';
}

/** Entry points that `no-uncached-dashboard-query` checks. Raw `http` request listeners serve every verb. */
export function isReadEntry(kind: EntryKind): boolean {
  return kind !== 'request';
}

/** `an analytic query (GROUP BY) against Postgres`, `a query against the database`. */
export function describeCost(cost: QueryCost, engine: string | undefined): string {
  const against = ` against ${engine ?? 'the database'}`;
  if (cost.cost === 'analytic') return `an analytic query${cost.reason === undefined ? '' : ` (${cost.reason})`}${against}`;
  return `a query${against}`;
}

/** Is `name` one of the configured helpers (`cache.helpers`)? Matched on the last member name too (`cache.withCache`). */
export function isHelperName(name: string | undefined, scope: DashboardScope): boolean {
  return name !== undefined && scope.helpers.includes(name);
}

/** Names only make the rules quieter: a function we cannot see into whose name says "cache". */
export function looksLikeCacheRead(name: string | undefined): boolean {
  return name !== undefined && CACHE_LIKE_NAME.test(name) && !NOT_A_CACHE_READ_NAME.test(name);
}

/**
 * Does the route path (`/api/dashboard/revenue`) or the handler's file (relative to the project
 * root, for Next.js `app/(dashboard)/**\/route.ts`) match one of `cache.dashboardRoutes`?
 */
export function isDashboardRoute(scope: DashboardScope, route: string | undefined, file: string | undefined): boolean {
  return scope.dashboardRoutes.some(
    (glob) => (route !== undefined && matchGlob(glob, route)) || (file !== undefined && matchGlob(glob, file)),
  );
}

/**
 * Finding texts, shared by the ESLint rules (as `meta.messages`) and the analyzer (filled with
 * `fillMessage`), so a same-file and a cross-file finding read alike. `where` is `line 12` or
 * `src/db/stats.ts:41`; `via` is empty or ` via a() → b()`.
 */
export const UNCACHED_QUERY_MESSAGE =
  '{{entry}} runs {{query}} ({{where}}){{via}} {{when}}, with no cache read before it: every viewer and every refresh re-runs it against the database, so load grows with the audience. Read through a cache with a TTL (cache-aside, `unstable_cache`, a `cache.helpers` function) or serve a snapshot that one shared poller keeps fresh.';
export const PER_CLIENT_POLLING_MESSAGE =
  '{{timer}} started in {{entry}}{{via}} runs {{query}} ({{where}}) on every tick for this one client: database load grows with the number of open connections (100 viewers polling every second = 100 queries per second). Poll once in a shared, module-level timer that fans the result out (broadcast over the clients, `io.to(room).emit`, Redis publish) and let the connection handler only subscribe.';

/** How often an entry point runs, for the message. */
export const ENTRY_FREQUENCY: Readonly<Record<EntryKind, string>> = {
  route: 'on every request',
  page: 'on every page view',
  connection: 'for every connection',
  'socket-message': 'on every message',
  request: 'on every request',
};

export function fillMessage(template: string, data: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, key: string) => data[key] ?? '');
}

/** `setInterval` → "`setInterval`", capitalised at the start of a sentence. */
export function sentenceStart(text: string): string {
  return text.replace(/^[a-z]/, (c) => c.toUpperCase());
}

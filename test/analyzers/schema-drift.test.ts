import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Project } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, runAudit } from '../../src/audit/index.js';
import { main } from '../../src/cli/main.js';
import { SendSiteFinder } from '../../src/analyzers/schema-drift/send-sites.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-schema-analyzer-'));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [] }, include: ['src'] });

let count = 0;
function project(files: Record<string, string>): string {
  const dir = path.join(tmp, `p${String(count++)}`);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const EVENT = `export interface OrderEvent {
  orderId: string;
  discountCents: number;
  note: string | null;
}
`;
const TABLE = `CREATE TABLE orders (
  order_id text NOT NULL,
  note text NOT NULL
);
`;

describe('schema-drift analyzer in the audit', () => {
  it('reports each drift once, from the analyzer, with per-kind severities', async () => {
    const dir = project({
      'tsconfig.json': TSCONFIG,
      'rta.config.yaml': 'schemas:\n  - name: orders\n    stream: src/event.ts#OrderEvent\n    batch: db/orders.sql#orders\n',
      'src/event.ts': EVENT,
      'db/orders.sql': TABLE,
    });
    const result = await runAudit({ cwd: dir });
    expect(result.typed).toBe(true);
    const drift = result.findings.filter((f) => f.ruleId === 'rta/schema-drift');
    expect(drift.map((f) => `${f.location.file}:${String(f.location.region.startLine)} ${f.severity} ${f.source}`)).toEqual([
      'src/event.ts:3 warning analyzer',
      'src/event.ts:4 error analyzer',
    ]);
    expect(result.rules.filter((r) => r.id === 'rta/schema-drift')).toHaveLength(1);
  });

  it('runs without types too, and lists the check', async () => {
    const dir = project({
      'rta.config.yaml': 'schemas:\n  - name: orders\n    stream: src/event.ts#OrderEvent\n    batch: db/orders.sql#orders\n',
      'src/event.ts': EVENT,
      'db/orders.sql': TABLE,
    });
    const result = await runAudit({ cwd: dir });
    expect(result.typed).toBe(false);
    expect(result.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['rta/schema-drift warning', 'rta/schema-drift error']);
    expect(result.rules.some((r) => r.id === 'rta/schema-drift')).toBe(true);
  });

  it('follows an explicit level in rules:, and off', async () => {
    const files = { 'src/event.ts': EVENT, 'db/orders.sql': TABLE };
    const pair = 'schemas:\n  - name: orders\n    stream: src/event.ts#OrderEvent\n    batch: db/orders.sql#orders\n';
    const asError = await runAudit({ cwd: project({ ...files, 'rta.config.yaml': `${pair}rules:\n  rta/schema-drift: error\n` }) });
    expect(asError.findings.map((f) => f.severity)).toEqual(['error', 'error']);
    const off = await runAudit({ cwd: project({ ...files, 'rta.config.yaml': `${pair}rules:\n  rta/schema-drift: off\n` }) });
    expect(off.findings).toEqual([]);
  });

  it('pairs @rtaSchema tags with a config entry or with the one table of that name', async () => {
    const dir = project({
      'rta.config.yaml': 'schemas:\n  - name: orders\n    batch: db/orders.sql#orders\n',
      'src/event.ts': `/** @rtaSchema orders stream */\n${EVENT}`,
      'src/click.ts': '/** @rtaSchema clicks stream */\nexport interface Click { userId: string; extra: number }\n',
      'db/orders.sql': TABLE,
      'db/clicks.sql': 'CREATE TABLE clicks (user_id String) ENGINE = MergeTree ORDER BY user_id;',
    });
    const result = await runAudit({ cwd: dir });
    expect(result.findings.map((f) => `${f.location.file}:${String(f.location.region.startLine)}`)).toEqual(['src/click.ts:2', 'src/event.ts:4', 'src/event.ts:5']);
  });

  it('checks the string literals written at a send site against a closed enum, direct and through a wrapper', async () => {
    const dir = project({
      'tsconfig.json': TSCONFIG,
      'rta.config.yaml': 'sql:\n  dialects:\n    "db/*.sql": clickhouse\nschemas:\n  - name: events\n    topic: app.events\n    batch: db/t.sql#events\n',
      'src/k.ts': `import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
async function sendMessage(topic: string, msg: object) { await producer.send({ topic, messages: [{ value: JSON.stringify(msg) }] }); }
export async function direct(): Promise<void> {
  await producer.send({ topic: 'app.events', messages: [{ value: JSON.stringify({ eventId: 'a', status: 'refunded', n: 1 }) }] });
}
export async function wrapped(): Promise<void> {
  await sendMessage('app.events', { eventId: 'b', status: 'paid', meta: { kind: 'x' }, n: 2 });
}
`,
      'src/kafkajs.d.ts': "declare module 'kafkajs' { export class Kafka { constructor(o: unknown); producer(): Producer } export interface Producer { send(r: unknown): Promise<void> } }\n",
      'db/t.sql': "CREATE TABLE events (event_id String, status Enum8('created' = 1, 'paid' = 2), meta Tuple(kind Enum8('y' = 1)), n Int32) ENGINE = MergeTree ORDER BY event_id;\n",
    });
    const result = await runAudit({ cwd: dir });
    expect(result.typed).toBe(true);
    const enums = result.findings.filter((f) => f.ruleId === 'rta/schema-drift' && / only allows /.test(f.message));
    expect(enums.map((f) => `${f.location.file}:${String(f.location.region.startLine)} ${f.severity} ${/can be ('\w+')/.exec(f.message)?.[1] ?? ''}`)).toEqual([
      "src/k.ts:5 error 'refunded'",
      "src/k.ts:8 error 'x'",
    ]);
    // One site sends one value: the batch enum's other values are not "never sent".
    expect(result.findings.filter((f) => / never sends /.test(f.message))).toEqual([]);
  });

  it('pairs a stream tag with its table’s migrations folder, ALTERs included, and says so when a tag has no partner', async () => {
    const dir = project({
      'src/pv.ts': '/** @rtaSchema page_views stream */\nexport interface PageView { path: string; userId: string; referrer: string | null; utm: string }\n',
      'src/lonely.ts': 'export const x = 1;\n/** @rtaSchema nowhere stream */\nexport interface Lonely { a: string }\n',
      'db/migrations/001_init.sql': 'CREATE TABLE page_views (path text NOT NULL, user_id text NOT NULL);\n',
      'db/migrations/002_ref.sql': 'ALTER TABLE page_views ADD COLUMN referrer text;\n',
      'db/migrations/002_ref.down.sql': 'ALTER TABLE page_views DROP COLUMN referrer;\n',
    });
    const result = await runAudit({ cwd: dir });
    // `referrer` comes from 002_ref.sql: only `utm` lacks a column.
    expect(result.findings.map((f) => `${f.location.file}:${String(f.location.region.startLine)} ${/`PageView\.(\w+)`/.exec(f.message)?.[1] ?? f.message}`)).toEqual(['src/pv.ts:2 utm']);
    expect(result.findings[0]?.message).toContain('(db/migrations/001_init.sql)');
    const unpaired = result.notifications.filter((n) => n.kind === 'schema-tag-unpaired');
    expect(unpaired.map((n) => `${n.level} ${n.file ?? ''}:${String(n.line)}`)).toEqual(['warning src/lonely.ts:3']);
    expect(unpaired[0]?.message).toMatch(/@rtaSchema nowhere stream.* on Lonely has no partner/);
  });

  it('checks values sent through a wrapper to a topic with a stream; direct producer calls are consistent-topic-payload findings', async () => {
    const dir = project({
      'tsconfig.json': TSCONFIG,
      'rta.config.yaml': 'schemas:\n  - name: orders\n    topic: orders.v1\n    stream: src/event.ts#OrderEvent\n',
      'src/event.ts': "export interface OrderEvent {\n  orderId: string;\n  status: 'created' | 'paid';\n}\n",
      'src/kafkajs.d.ts': "declare module 'kafkajs' { export class Kafka { constructor(o: unknown); producer(): Producer } export interface Producer { send(r: unknown): Promise<void> } }\n",
      'src/send.ts': `import { Kafka } from 'kafkajs';
const producer = new Kafka({}).producer();
export async function wrapper(topic: string, v: object): Promise<void> {
  await producer.send({ topic, messages: [{ value: JSON.stringify(v) }] });
}
export async function direct(): Promise<void> {
  await producer.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify({ orderId: 1, status: 'paid' }) }] });
}
export async function viaWrapper(): Promise<void> {
  await wrapper('orders.v1', { orderId: 1, extra: true });
}
export async function fine(): Promise<void> {
  await wrapper('orders.v1', { orderId: 'o', status: 'paid' });
}
`,
    });
    const result = await runAudit({ cwd: dir });
    expect(result.typed).toBe(true);
    const lines = result.findings.map((f) => `${f.ruleId} ${f.location.file}:${String(f.location.region.startLine)} ${f.severity} ${f.related.map((r) => `${r.file}:${String(r.region.startLine)}`).join(',')}`);
    expect(lines.sort()).toEqual([
      // The direct call: the rule's check, once, related to the schema's field.
      'rta/consistent-topic-payload src/send.ts:7 error src/event.ts:2',
      // The wrapper's call site: the analyzer's, related to the declaration.
      'rta/schema-drift src/send.ts:10 error src/event.ts:2',
      'rta/schema-drift src/send.ts:10 error src/event.ts:3',
      'rta/schema-drift src/send.ts:10 warning src/event.ts:1',
    ]);
    expect(result.findings.find((f) => f.severity === 'warning')?.message).toMatch(/`extra` in the value sent to `orders\.v1`/);
  });

  describe('consistent-topic-payload at producer calls', () => {
    const KAFKA_DTS = "declare module 'kafkajs' { export class Kafka { constructor(o: unknown); producer(): Producer } export interface Producer { send(r: unknown): Promise<void> } }\n";
    const SEND = `import { Kafka } from 'kafkajs';
const producer = new Kafka({}).producer();
export async function direct(): Promise<void> {
  await producer.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify({ orderId: 1, status: 'paid' }) }] });
}
`;
    const files = {
      'tsconfig.json': TSCONFIG,
      'src/event.ts': "export interface OrderEvent {\n  orderId: string;\n  status: 'created' | 'paid';\n}\n",
      'src/kafkajs.d.ts': KAFKA_DTS,
      'src/send.ts': SEND,
    };
    const pair = 'schemas:\n  - name: orders\n    topic: orders.v1\n    stream: src/event.ts#OrderEvent\n';
    const summary = (findings: readonly { ruleId: string; source: string; severity: string; message: string; location: { file: string; region: { startLine: number; startColumn: number } }; related: readonly { file: string; region: { startLine: number } }[] }[]) =>
      findings
        .filter((f) => f.ruleId === 'rta/consistent-topic-payload')
        .map((f) => `${f.source} ${f.severity} ${f.location.file}:${String(f.location.region.startLine)}:${String(f.location.region.startColumn)} ${f.related.map((r) => `${r.file}:${String(r.region.startLine)}`).join(',')}`);

    it('reports in the rule’s place and words, once, with the schema field as related location, at the level rules: sets', async () => {
      const asDefault = await runAudit({ cwd: project({ ...files, 'rta.config.yaml': pair }) });
      expect(summary(asDefault.findings)).toEqual(['analyzer error src/send.ts:4:82 src/event.ts:2']);
      expect(asDefault.findings.find((f) => f.ruleId === 'rta/consistent-topic-payload')?.message).toMatch(/^`orderId` is `number` here but `string` in `OrderEvent` \(src\/event\.ts:2\): /);
      expect(asDefault.rules.filter((r) => r.id === 'rta/consistent-topic-payload')).toHaveLength(1);
      const asWarning = await runAudit({ cwd: project({ ...files, 'rta.config.yaml': `${pair}rules:\n  rta/consistent-topic-payload: warn\n` }) });
      expect(summary(asWarning.findings)).toEqual(['analyzer warning src/send.ts:4:82 src/event.ts:2']);
      const off = await runAudit({ cwd: project({ ...files, 'rta.config.yaml': `${pair}rules:\n  rta/consistent-topic-payload: off\n` }) });
      expect(summary(off.findings)).toEqual([]);
      const disabled = SEND.replace('  await producer.send(', '  // eslint-disable-next-line rta/consistent-topic-payload\n  await producer.send(');
      const silenced = await runAudit({ cwd: project({ ...files, 'src/send.ts': disabled, 'rta.config.yaml': pair }) });
      expect(summary(silenced.findings)).toEqual([]);
    });

    it('follows a topic passed as a parameter to the callers, which the rule cannot see', async () => {
      const viaParameter = `import { Kafka } from 'kafkajs';
const producer = new Kafka({}).producer();
async function publish(topic: string): Promise<void> {
  await producer.send({ topic, messages: [{ value: JSON.stringify({ orderId: 1, status: 'paid' }) }] });
}
export const run = () => publish('orders.v1');
`;
      const result = await runAudit({ cwd: project({ ...files, 'src/send.ts': viaParameter, 'rta.config.yaml': pair }) });
      expect(summary(result.findings)).toEqual(['analyzer error src/send.ts:4:69 src/event.ts:2']);
    });

    it('leaves to the rule what it cannot map as the rule does (a topic tagged on two declarations), and untyped runs', async () => {
      const twice = {
        ...files,
        'src/event.ts': "/** @rtaTopic orders.v1 */\nexport interface OrderEvent {\n  orderId: string;\n}\n",
        'src/other.ts': "/** @rtaTopic orders.v1 */\nexport interface OrderEventV2 {\n  orderId: string;\n}\n",
      };
      const tagged = await runAudit({ cwd: project(twice) });
      expect(tagged.typed).toBe(true);
      expect(summary(tagged.findings)).toEqual(['rule error src/send.ts:4:82 ', 'rule error src/send.ts:4:94 ']);
      const untypedFiles = Object.fromEntries(Object.entries(files).filter(([name]) => name !== 'tsconfig.json'));
      const untyped = await runAudit({ cwd: project({ ...untypedFiles, 'rta.config.yaml': pair }) });
      expect(untyped.typed).toBe(false);
      expect(untyped.findings.filter((f) => f.ruleId === 'rta/consistent-topic-payload' && f.source === 'analyzer')).toEqual([]);
    });
  });

  it('makes a schema reference to a missing declaration a config error at the value’s line (exit 2)', async () => {
    const dir = project({
      'rta.config.yaml': '# pairs\nschemas:\n  - name: orders\n    stream: src/event.ts#OrderEvnt\n    batch: db/orders.sql#orders\n  - name: other\n    stream: src/event.ts#OrderEvent\n    batch: db/orders.sql#order\n',
      'src/event.ts': EVENT,
      'db/orders.sql': TABLE,
    });
    const error = await runAudit({ cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => `${String(p.line)}:${String(p.column)} ${p.message}`);
    expect(problems[0]).toMatch(/^4:13 schemas\[0\]\.stream: no interface, type alias, class, zod object schema or migration table named "OrderEvnt" in event\.ts/);
    // Paths as the config writes them, never the absolute path of the machine that ran the audit.
    expect(problems[1]).toBe('8:12 schemas[1].batch: no CREATE TABLE order in orders.sql (tables found: orders) (db/orders.sql)');

    const stderr: string[] = [];
    const io = {
      stdout: { write: () => true } as unknown as NodeJS.WritableStream,
      stderr: { write: (s: string) => stderr.push(s) > 0 } as unknown as NodeJS.WritableStream,
      cwd: dir,
      env: {},
    };
    expect(await main([], io)).toBe(2);
    expect(stderr.join('')).toMatch(/rta\.config\.yaml:4:13: schemas\[0\]\.stream: no interface/);
  });

  it('reports an unreadable tagged side as a notification, not a finding', async () => {
    const dir = project({
      'src/a.ts': '/** @rtaSchema broken stream */\nexport interface A { a: string }\n/** @rtaSchema broken batch */\nexport const B = 1;\n',
    });
    const result = await runAudit({ cwd: dir });
    expect(result.findings).toEqual([]);
    expect(result.notifications.some((n) => n.kind === 'schema-unreadable' && n.level === 'warning')).toBe(true);
  });
});

describe('send sites', () => {
  function finder(files: Record<string, string>): SendSiteFinder {
    const p = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
    p.createSourceFile('/p/node_modules/kafkajs/index.d.ts', 'export declare class Kafka { constructor(o: unknown); producer(): Producer; }\nexport interface Producer { send(r: unknown): Promise<void>; sendBatch(r: unknown): Promise<void>; }');
    p.createSourceFile('/p/node_modules/node-rdkafka/index.d.ts', 'export declare class Producer { produce(t: string, p: number | null, v: Buffer): void; }');
    for (const [name, text] of Object.entries(files)) p.createSourceFile(`/p/${name}`, text);
    return new SendSiteFinder(p, new Set(Object.keys(files).map((n) => `/p/${n}`)));
  }
  const sites = (f: SendSiteFinder) => f.sites().map((s) => `${s.topic} ${s.value.getSourceFile().getBaseName()}:${String(s.value.getStartLineNumber())} ${s.value.getText().slice(0, 12)}`);

  it('follows topics through constants and values and topics through wrapper parameters, two levels up', () => {
    const f = finder({
      'kafka.ts': "import { Kafka } from 'kafkajs';\nexport const producer = new Kafka({}).producer();",
      'topics.ts': "export const TOPICS = { views: 'web.views' } as const;\nexport const CLICKS = 'web.clicks';",
      'bus.ts': "import { producer } from './kafka';\nexport async function sendMessage(topic: string, msg: object) {\n  await producer.send({ topic, messages: [{ value: JSON.stringify(msg) }] });\n}",
      'track.ts': "import { sendMessage } from './bus';\nimport { TOPICS, CLICKS } from './topics';\nexport const track = (t: string, m: object) => sendMessage(t, m);\nexport async function a() {\n  await sendMessage(TOPICS.views, { path: '/' });\n  await track(CLICKS, { x: 1 });\n}",
    });
    expect(sites(f).sort()).toEqual(['web.clicks track.ts:6 { x: 1 }', "web.views track.ts:5 { path: '/' "]);
  });

  it('reads sendBatch, messages built with map, Buffer.from, and rdkafka produce; skips opaque values', () => {
    const f = finder({
      'a.ts': `import { Kafka } from 'kafkajs';
import { Producer } from 'node-rdkafka';
const producer = new Kafka({}).producer();
declare const rows: { id: string }[];
declare const raw: Buffer;
export async function go() {
  await producer.sendBatch({ topicMessages: [{ topic: 'a', messages: rows.map((r) => ({ value: JSON.stringify({ id: r.id }) })) }] });
  await producer.send({ topic: 'b', messages: [{ value: Buffer.from(JSON.stringify({ b: 1 })) }, { value: raw }] });
  new Producer().produce('c', null, Buffer.from(JSON.stringify({ c: true })));
}`,
    });
    expect(sites(f)).toEqual(['a a.ts:7 { id: r.id }', 'b a.ts:8 { b: 1 }', 'c a.ts:9 { c: true }']);
  });

  it('gives each site the record of the value sent, at the literal’s properties', () => {
    const f = finder({
      'a.ts': "import { Kafka } from 'kafkajs';\nconst producer = new Kafka({}).producer();\nexport async function go(id: string) {\n  await producer.send({ topic: 't', messages: [{ value: JSON.stringify({\n    id,\n    at: new Date(),\n  }) }] });\n}",
    });
    const [site] = f.sites();
    const record = site ? f.record(site) : undefined;
    expect(record?.kind).toBe('payload');
    expect(record?.fields.map((x) => [x.name, x.type.kind, x.location?.region.startLine])).toEqual([
      ['id', 'string', 5],
      ['at', 'date-object', 6],
    ]);
  });

  it('ignores sends on things that are not producers', () => {
    const f = finder({ 'a.ts': "const bus = { send(x: unknown) { return x; } };\nbus.send({ topic: 't', messages: [{ value: JSON.stringify({ a: 1 }) }] });" });
    expect(f.sites()).toEqual([]);
  });
});

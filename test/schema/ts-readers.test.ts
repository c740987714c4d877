import ts from 'typescript';
import { Project, ts as morphTs } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import type { Field, FieldType, RecordSchema } from '../../src/schema/model.js';
import type { TsChecker, TsSourceFile } from '../../src/schema/ts/api.js';
import { schemaTags } from '../../src/schema/ts/declarations.js';
import { readTsSchema } from '../../src/schema/ts/read.js';

const FILE = '/virtual/src/events.ts';

/** A program over one in-memory file (plus lib.d.ts), with the `typescript` package. */
function withChecker(code: string): { sf: TsSourceFile; checker: TsChecker } {
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, strict: true, noEmit: true, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, onError, create) => (f === FILE ? ts.createSourceFile(f, code, lang, true) : getSourceFile(f, lang, onError, create));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => f === FILE || fileExists(f);
  const program = ts.createProgram([FILE], options, host);
  const sf = program.getSourceFile(FILE);
  if (!sf) throw new Error('no source file');
  return { sf, checker: program.getTypeChecker() };
}

function syntaxOnly(code: string): TsSourceFile {
  return ts.createSourceFile(FILE, code, ts.ScriptTarget.Latest, true);
}

function read(code: string, name: string, mode: 'checker' | 'syntax'): RecordSchema {
  const record = mode === 'checker' ? readTsSchema(ts, withChecker(code).sf, name, withChecker(code).checker) : readTsSchema(ts, syntaxOnly(code), name);
  if (!record) throw new Error(`no record ${name}`);
  return record;
}

function summary(fields: readonly Field[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.name, { type: strip(f.type), nullable: f.nullable, optional: f.optional }]));
}

function strip(type: FieldType): unknown {
  if (type.kind === 'record') return { kind: 'record', fields: summary(type.fields) };
  if (type.kind === 'array') return { kind: 'array', element: strip(type.element) };
  if (type.kind === 'union') return { kind: 'union', types: type.types.map(strip) };
  return type;
}

const EVENT = `
export type Status = 'created' | 'paid';
interface Base { orderId: string; secret: string }
export interface OrderEvent extends Omit<Base, 'secret'> {
  status: Status;
  totalCents: number;
  big: bigint;
  paid: boolean;
  couponCode?: string;
  note: string | null;
  maybe: string | undefined;
  placedAt: Date;
  lines: Array<{ sku: string; qty: number }>;
  tags: readonly string[];
  attrs: Record<string, number>;
  nested: { inner: { deep: 'x' | 'y' } };
  anything: unknown;
}
`;

describe('TypeScript declarations', () => {
  for (const mode of ['checker', 'syntax'] as const) {
    it(`reads an interface with extends/Omit, unions with null/undefined, literal unions, Date, arrays, records (${mode})`, () => {
      const record = read(EVENT, 'OrderEvent', mode);
      const fields = summary(record.fields);
      const orderId = mode === 'checker' ? { type: { kind: 'string' }, nullable: false, optional: false } : undefined;
      if (orderId) expect(fields.orderId).toEqual(orderId);
      expect(fields.status).toEqual({ type: { kind: 'enum', values: ['created', 'paid'], closed: true, numeric: false }, nullable: false, optional: false });
      expect(fields.totalCents).toMatchObject({ type: { kind: 'number' } });
      expect(fields.big).toMatchObject({ type: { kind: 'bigint' } });
      expect(fields.paid).toMatchObject({ type: { kind: 'boolean' } });
      expect(fields.couponCode).toMatchObject({ optional: true, nullable: false });
      expect(fields.note).toMatchObject({ type: { kind: 'string' }, nullable: true });
      expect(fields.maybe).toMatchObject({ type: { kind: 'string' }, optional: true });
      expect(fields.placedAt).toMatchObject({ type: { kind: 'date-object' } });
      expect(fields.lines).toMatchObject({ type: { kind: 'array', element: { kind: 'record', fields: { sku: { type: { kind: 'string' } } } } } });
      expect(fields.tags).toMatchObject({ type: { kind: 'array', element: { kind: 'string' } } });
      expect(fields.attrs).toMatchObject({ type: { kind: 'map', value: { kind: 'number' } } });
      expect(fields.nested).toMatchObject({ type: { kind: 'record', fields: { inner: { type: { kind: 'record', fields: { deep: { type: { kind: 'enum', values: ['x', 'y'] } } } } } } } });
      expect(fields.anything).toMatchObject({ type: { kind: 'unknown' } });
      expect(record.location.region.startLine).toBe(4);
      expect(record.fields.find((f) => f.name === 'note')?.location?.region.startLine).toBe(10);
      expect(fields.secret).toBeUndefined();
    });
  }

  it('reads type aliases of intersections, Pick and Partial (checker)', () => {
    const code = `interface A { a: string; b: number; c: boolean }
export type T = Pick<A, 'a' | 'b'> & Partial<{ d: string }> & { e: 'one' };`;
    expect(summary(read(code, 'T', 'checker').fields)).toMatchObject({ a: { optional: false }, b: { optional: false }, d: { optional: true }, e: { type: { kind: 'enum', values: ['one'] } } });
    expect(Object.keys(summary(read(code, 'T', 'syntax').fields))).toEqual(['a', 'b', 'd', 'e']);
  });

  it('reads classes: public instance properties, not methods, accessors, statics or private members', () => {
    const code = `export class Evt {
  static topic = 'x';
  private secret = 1;
  #hidden = 2;
  constructor(public readonly id: string, private other: string) {}
  total: number = 0;
  handler = () => 1;
  method(): void {}
  get computed(): number { return 1; }
  get both(): string { return ''; }
  set both(v: string) {}
}`;
    // Accessors sit on the prototype, so JSON.stringify of an instance never writes them.
    expect(Object.keys(summary(read(code, 'Evt', 'checker').fields)).sort()).toEqual(['id', 'total']);
    expect(Object.keys(summary(read(code, 'Evt', 'syntax').fields)).sort()).toEqual(['id', 'total']);
  });

  it('keeps accessors of object types: an object literal’s getter is an own property JSON.stringify writes', () => {
    const code = `export interface View { id: string; get label(): string }`;
    expect(Object.keys(summary(read(code, 'View', 'checker').fields)).sort()).toEqual(['id', 'label']);
  });

  it('reads a union of object types as every variant’s fields, optional unless shared (checker)', () => {
    const code = `interface Created { kind: 'created'; orderId: string; total: number }
interface Cancelled { kind: 'cancelled'; orderId: string; reason: string | null }
export type OrderEvent = Created | Cancelled;`;
    expect(summary(read(code, 'OrderEvent', 'checker').fields)).toEqual({
      kind: { type: { kind: 'enum', values: ['created', 'cancelled'], closed: true, numeric: false }, nullable: false, optional: false },
      orderId: { type: { kind: 'string' }, nullable: false, optional: false },
      total: { type: { kind: 'number' }, nullable: false, optional: true },
      reason: { type: { kind: 'string' }, nullable: true, optional: true },
    });
  });

  it('reads TS enums and branded primitives (checker)', () => {
    const code = `export enum Kind { A = 'a', B = 'b' }
type Id = string & { readonly __brand: 'Id' };
export interface E { kind: Kind; id: Id; n: 1 | 2 }`;
    expect(summary(read(code, 'E', 'checker').fields)).toMatchObject({
      kind: { type: { kind: 'enum', values: ['a', 'b'] } },
      id: { type: { kind: 'string' } },
      n: { type: { kind: 'enum', values: ['1', '2'], numeric: true } },
    });
  });

  it('gives the same record through either TypeScript copy (typescript and ts-morph)', () => {
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
    const file = project.createSourceFile(FILE, EVENT);
    const viaMorph = readTsSchema(morphTs, file.compilerNode, 'OrderEvent', project.getTypeChecker().compilerObject);
    const viaTs = read(EVENT, 'OrderEvent', 'checker');
    expect(viaMorph && summary(viaMorph.fields)).toEqual(summary(viaTs.fields));
  });

  it('finds @rtaSchema and @rtaTopic tags in the last JSDoc of a declaration', () => {
    const sf = syntaxOnly(`/** @rtaSchema orders stream */
export interface A { a: string }
/** unrelated */
/** The row.
 * @rtaSchema orders batch
 * @rtaTopic orders.v1
 */
export type B = { a: string };
// @rtaSchema not-a-jsdoc stream
export interface C { c: string }`);
    expect(schemaTags(ts, sf).map((t) => [t.declaration.name, t.pair?.name, t.pair?.role, t.topic])).toEqual([
      ['A', 'orders', 'stream', undefined],
      ['B', 'orders', 'batch', 'orders.v1'],
    ]);
  });

  it('returns undefined for names it does not have, and never throws on odd declarations', () => {
    expect(readTsSchema(ts, syntaxOnly('export interface A { a: string }'), 'B')).toBeUndefined();
    for (const code of ['export interface A {', 'export type A = B<C>;', 'export class A extends (class {}) {}', 'export type A = { [k: string]: A };', 'type A = A[]; export interface B { a: A }']) {
      expect(() => readTsSchema(ts, syntaxOnly(code), 'A')).not.toThrow();
      expect(() => readTsSchema(ts, withChecker(code).sf, 'A', withChecker(code).checker)).not.toThrow();
    }
  });
});

describe('zod, read from the syntax', () => {
  const code = `import { z } from 'zod';
import * as zz from 'zod/v4';
const Money = z.object({ amountCents: z.number().int(), currency: z.string().length(3) });
const Base = z.object({ id: z.string().uuid(), secret: z.string(), note: z.string() });
export const Payment = Base.omit({ secret: true })
  .merge(Money)
  .extend({
    method: z.enum(['card', 'sepa']),
    status: z.union([z.literal('ok'), z.literal('failed')]),
    failure: z.string().nullable(),
    coupon: z.string().optional(),
    memo: z.string().nullish(),
    paidAt: z.iso.datetime(),
    createdAt: z.coerce.date(),
    tags: z.array(z.string()),
    counts: z.record(z.string(), z.number()),
    lines: z.object({ sku: z.string(), qty: z.number() }).array(),
    big: z.bigint(),
    retries: z.number().default(0),
    any: z.unknown(),
    ...Money.shape,
  });
export const Partial = Payment.pick({ id: true, coupon: true }).partial();
export const Required = Payment.pick({ coupon: true }).required();
export const Other = zz.object({ flag: zz.boolean() });
export type PaymentT = z.infer<typeof Payment>;
export const NotZod = { object: () => 1 };
`;
  const sf = syntaxOnly(code);
  const get = (name: string) => {
    const record = readTsSchema(ts, sf, name);
    if (!record) throw new Error(`no record ${name}`);
    return summary(record.fields);
  };

  it('reads z.object with modifiers and the object combinators', () => {
    const p = get('Payment');
    // The spread at the end of the shape re-declares the Money fields, so they come last.
    expect(Object.keys(p)).toEqual(['id', 'note', 'method', 'status', 'failure', 'coupon', 'memo', 'paidAt', 'createdAt', 'tags', 'counts', 'lines', 'big', 'retries', 'any', 'amountCents', 'currency']);
    expect(p.id).toMatchObject({ type: { kind: 'string', format: 'uuid' } });
    expect(p.method).toMatchObject({ type: { kind: 'enum', values: ['card', 'sepa'], closed: true } });
    expect(p.status).toMatchObject({ type: { kind: 'enum', values: ['ok', 'failed'] } });
    expect(p.failure).toMatchObject({ nullable: true, optional: false });
    expect(p.coupon).toMatchObject({ nullable: false, optional: true });
    expect(p.memo).toMatchObject({ nullable: true, optional: true });
    expect(p.paidAt).toMatchObject({ type: { kind: 'string', format: 'date-time' } });
    expect(p.createdAt).toMatchObject({ type: { kind: 'date-object' } });
    expect(p.tags).toMatchObject({ type: { kind: 'array', element: { kind: 'string' } } });
    expect(p.counts).toMatchObject({ type: { kind: 'map', value: { kind: 'number' } } });
    expect(p.lines).toMatchObject({ type: { kind: 'array', element: { kind: 'record', fields: { sku: {}, qty: {} } } } });
    expect(p.big).toMatchObject({ type: { kind: 'bigint' } });
    expect(p.retries).toMatchObject({ optional: false });
    expect(p.any).toMatchObject({ type: { kind: 'unknown' } });
  });

  it('reads pick/partial/required, namespace imports, and z.infer aliases', () => {
    expect(get('Partial')).toMatchObject({ id: { optional: true }, coupon: { optional: true } });
    expect(get('Required')).toMatchObject({ coupon: { optional: false } });
    expect(get('Other')).toMatchObject({ flag: { type: { kind: 'boolean' } } });
    expect(Object.keys(get('PaymentT'))).toContain('method');
    expect(readTsSchema(ts, sf, 'NotZod')).toBeUndefined();
  });

  it('locates zod fields at their keys', () => {
    const record = readTsSchema(ts, sf, 'Payment');
    expect(record?.fields.find((f) => f.name === 'failure')?.location?.region.startLine).toBe(10);
    expect(record?.location.region.startLine).toBe(5);
    expect(record?.system).toBe('zod');
  });

  it('follows schema constants into other files through the checker', () => {
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
    project.createSourceFile('/p/zod.d.ts', "declare module 'zod' { export const z: any; }");
    project.createSourceFile('/p/base.ts', "import { z } from 'zod';\nexport const Base = z.object({ id: z.string(), at: z.date() });");
    const main = project.createSourceFile('/p/main.ts', "import { z } from 'zod';\nimport { Base } from './base';\nexport const Evt = Base.extend({ n: z.number() });");
    const record = readTsSchema(morphTs, main.compilerNode, 'Evt', project.getTypeChecker().compilerObject);
    expect(record?.fields.map((f) => f.name)).toEqual(['id', 'at', 'n']);
    expect(record?.fields[0]?.location?.file).toBe('/p/base.ts');
  });
});

import path from 'node:path';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/schema-drift.js';
import { fixturesDir } from '../support/rule-tester.js';

// test/rules/fixtures/schema/rta.config.yaml pairs declarations of file.ts (the linted code)
// with SQL tables, an Avro record and each other.
const dir = path.join(fixturesDir, 'schema');
const filename = path.join(dir, 'file.ts');

function typed(): RuleTester {
  return new RuleTester({ languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: dir } } });
}
function untyped(): RuleTester {
  return new RuleTester({ languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } } });
}

const matchingOrder = `export interface OrderEvent {
  orderId: string;
  customerId: string;
  status: 'created' | 'paid' | 'shipped';
  totalCents: number;
  couponCode?: string;
  createdAt: string;
}`;

const valid: string[] = [
  // camelCase ↔ snake_case, number ↔ bigint, optional ↔ nullable, union ↔ CHECK list, ISO string ↔ timestamptz.
  matchingOrder,
  // 64-bit integers as string, timestamps as Date (RULES 4c.4, 4c.5).
  `export interface OrderEvent {
  orderId: string; customerId: string; status: 'created' | 'paid';
  totalCents: string; couponCode?: string | null; createdAt: Date;
}`,
  `export interface OrderEvent {
  orderId: string; customerId: string; status: 'paid';
  totalCents: bigint | string; createdAt: string | Date;
}`,
  // A type alias built from pieces: intersection, Omit of a local type.
  `interface Base { orderId: string; customerId: string; debug: boolean }
export type OrderEvent = Omit<Base, 'debug'> & { status: 'created'; totalCents: number; createdAt: string };`,
  // A class: public instance fields only; methods and statics are not data.
  `export class OrderEvent {
  static readonly topic = 'orders.v1';
  private seen = false;
  constructor(public orderId: string, public customerId: string) {}
  status: 'created' | 'paid' = 'created';
  totalCents = 0;
  createdAt = new Date().toISOString();
  toJSON(): string { return ''; }
}`,
  // rename and ignore of the pair; epoch milliseconds into DateTime64(3); LowCardinality(String) ↔ string.
  `export interface ClickEvent {
  userId: string; url: string; clickedAt: number; device: string; apiLevel: number; debugInfo: object;
}`,
  // zod, read from the syntax: Flink METADATA, computed columns and WATERMARK are not fields.
  `import { z } from 'zod';
export const PaymentSchema = z.object({
  paymentId: z.string().uuid(),
  amountCents: z.number().int(),
  method: z.string().nullable(),
  paidAt: z.iso.datetime(),
});`,
  // zod combinators.
  `import { z } from 'zod';
const Base = z.object({ paymentId: z.string(), amountCents: z.number(), secret: z.string() });
export const PaymentSchema = Base.omit({ secret: true }).extend({ paidAt: z.coerce.date(), method: z.string().nullish() });`,
  // The batch side is TS: an Avro long with timestamp-millis read as a number, ["null", "string"] as string | null.
  `export interface SessionRow { session_id: string; user_id: string | null; started_at: number; pages: number }`,
  `export type SessionRow = { sessionId: string; userId?: string | null; startedAt: Date; pages: number };`,
  // A file whose declarations no pair names.
  `export interface Unrelated { a: string }`,
  // Tagged pair in one file, both sides agreeing, nested arrays of records included.
  `/** @rtaSchema shipments stream */
export interface ShipmentEvent { shipmentId: string; lines: Array<{ sku: string; qty: number }> }
/** @rtaSchema shipments batch */
export interface ShipmentRow { shipment_id: string; lines: { sku: string; qty: number }[] }`,
  // Index signatures carry no claim (RULES 4c.9).
  `export interface OrderEvent {
  orderId: string; customerId: string; status: 'paid'; totalCents: number; createdAt: string;
  [extra: string]: unknown;
}`,
];

const invalid: { name: string; code: string; errors: { line: number; message?: RegExp }[] }[] = [
  {
    name: 'S1: a stream field with no column',
    code: `export interface OrderEvent {
  orderId: string; customerId: string; status: 'paid'; totalCents: number; createdAt: string;
  discountCents: number;
}`,
    errors: [{ line: 3, message: /`OrderEvent\.discountCents` \(file\.ts:3\) has no column in `orders` \(db\/orders\.sql\)/ }],
  },
  {
    name: 'S2: a NOT NULL column the event does not carry, shown at the declaration',
    code: `export interface OrderEvent {
  orderId: string; status: 'paid'; totalCents: number; createdAt: string;
}`,
    errors: [{ line: 1, message: /`orders\.customer_id` \(db\/orders\.sql:3\) is required \(NOT NULL, no default\)/ }],
  },
  {
    name: 'S4: nullable stream field into a NOT NULL column',
    code: `export interface OrderEvent {
  orderId: string; customerId: string | null; status: 'paid'; totalCents: number; createdAt: string;
}`,
    errors: [{ line: 2, message: /may be null .* does not accept null/ }],
  },
  {
    name: 'S4: optional stream field into a required column',
    code: `export interface OrderEvent {
  orderId: string; customerId?: string; status: 'paid'; totalCents: number; createdAt: string;
}`,
    errors: [{ line: 2, message: /is optional .* is required with no default/ }],
  },
  {
    name: 'S5: an enum value the CHECK list rejects',
    code: `export type OrderStatus = 'created' | 'paid' | 'refunded';
export interface OrderEvent {
  orderId: string; customerId: string; status: OrderStatus; totalCents: number; createdAt: string;
}`,
    errors: [{ line: 3, message: /can be 'refunded' .* only allows 'created', 'paid', 'shipped'/ }],
  },
  {
    name: 'S3: a boolean into a bigint column',
    code: `export interface OrderEvent {
  orderId: string; customerId: string; status: 'paid'; totalCents: boolean; createdAt: string;
}`,
    errors: [{ line: 2, message: /`OrderEvent\.totalCents` is `boolean`.*`orders\.total_cents` is `bigint`/ }],
  },
  {
    name: 'S6: a near-miss name, with the rename to add',
    code: `export interface ClickEvent { userId: string; url: string; clickedAt: number; device: string; apiLevl: number }`,
    errors: [{ line: 1, message: /rename: \{ apiLevl: api_level \}/ }],
  },
  {
    name: 'S3: a number into a LowCardinality(String) column',
    code: `export interface ClickEvent { userId: string; url: string; clickedAt: number; device: number; apiLevel: number }`,
    errors: [{ line: 1, message: /`ClickEvent\.device` is `number`.*LowCardinality\(String\)/ }],
  },
  {
    name: 'S3: epoch milliseconds as a string where the column is seconds would be fine, but a boolean is not',
    code: `export interface ClickEvent { userId: string; url: string; clickedAt: boolean; device: string; apiLevel: number }`,
    errors: [{ line: 1, message: /`ClickEvent\.clickedAt` is `boolean`.*`clicks\.event_time` is `DateTime64\(3\)`/ }],
  },
  {
    name: 'zod: nullable amount into BIGINT NOT NULL',
    code: `import { z } from 'zod';
export const PaymentSchema = z.object({
  paymentId: z.string(),
  amountCents: z.number().nullable(),
  paidAt: z.iso.datetime(),
});`,
    errors: [{ line: 4, message: /`PaymentSchema\.amountCents` may be null/ }],
  },
  {
    name: 'zod: a field the Flink sink does not have',
    code: `import { z } from 'zod';
const Base = z.object({ paymentId: z.string(), amountCents: z.number(), paidAt: z.date() });
export const PaymentSchema = Base.extend({ currency: z.string() });`,
    errors: [{ line: 3, message: /`PaymentSchema\.currency` .* has no column in `payments_sink`/ }],
  },
  {
    name: 'Avro into a TS read model: a string where the record has an int',
    code: `export interface SessionRow { session_id: string; user_id: string | null; started_at: number; pages: string }`,
    errors: [{ line: 1, message: /`Session\.pages` is `int`.*`SessionRow\.pages` is `string`/ }],
  },
  {
    name: 'Avro into a TS read model: a nullable Avro field into a non-null TS field',
    code: `export interface SessionRow { session_id: string; user_id: string; started_at: number; pages: number }`,
    errors: [{ line: 1, message: /`Session\.user_id` may be null/ }],
  },
  {
    name: 'S8: nested record drift inside an array, tagged pair',
    code: `/** @rtaSchema shipments stream */
export interface ShipmentEvent { shipmentId: string; lines: Array<{ sku: string; qty: number }> }
/** @rtaSchema shipments batch */
export interface ShipmentRow { shipment_id: string; lines: { product_id: string; qty: number }[] }`,
    errors: [
      { line: 2, message: /`ShipmentEvent\.lines\.sku` .* has no field in `ShipmentRow`/ },
      { line: 4, message: /`ShipmentRow\.lines\.product_id` .* is required/ },
    ],
  },
];

// A stream tag with no partner pairs with the table's migrations folder (db/tagged/), read from
// disk: the CREATE in 001, then the ALTER of 002 that adds `referrer`.
valid.push(`/** @rtaSchema tagged_views stream */
export interface TaggedView { path: string; userId: string; referrer: string | null }`);
invalid.push({
  name: 'tag-only pair: a stream field the migrations folder never adds',
  code: `/** @rtaSchema tagged_views stream */
export interface TaggedView { path: string; userId: string; referrer: string | null; utm: string }`,
  errors: [{ line: 2, message: /`TaggedView\.utm` \(file\.ts:2\) has no column in `tagged_views` \(db\/tagged\/001_tagged_views\.sql\)/ }],
});

const toCases = (withTypes: boolean) => ({
  valid: valid.map((code) => ({ code, filename })),
  invalid: invalid.map((c) => ({
    name: c.name,
    code: c.code,
    filename,
    errors: c.errors.map((e) => ({ messageId: 'drift' as const, line: e.line })),
    ...(withTypes ? {} : {}),
  })),
});

untyped().run('schema-drift (untyped: syntax only)', rule, toCases(false));
typed().run('schema-drift (typed)', rule, toCases(true));

describe('schema-drift messages', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (code: string) =>
    linter.verify(
      code,
      [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { rta: { rules: { 'schema-drift': rule } } as never }, rules: { 'rta/schema-drift': 'error' } }],
      filename,
    );

  for (const c of invalid) {
    it(`${c.name}: names both sides`, () => {
      const messages = lint(c.code).map((m) => `${String(m.line)} ${m.message}`);
      for (const expected of c.errors) {
        expect(messages.some((m) => m.startsWith(`${String(expected.line)} `) && (expected.message?.test(m) ?? true)), messages.join('\n')).toBe(true);
      }
    });
  }

  it('notes only with includeNotes; a nullable column the stream never leaves null is a warning either way', () => {
    const code = `export interface OrderEvent {
  orderId: string; customerId: string; status: 'paid'; totalCents: number; couponCode: string; createdAt: string;
}`;
    expect(lint(code).map((m) => m.message)).toEqual([expect.stringMatching(/accepts NULL .* never null/)]);
    const withNotes = linter.verify(
      code,
      [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { rta: { rules: { 'schema-drift': rule } } as never }, rules: { 'rta/schema-drift': ['error', { includeNotes: true }] } }],
      filename,
    );
    expect(withNotes).toHaveLength(2);
    expect(withNotes.map((m) => m.message).join('\n')).toMatch(/allows 'created', 'shipped'/);
  });

  it('does not throw on incomplete or odd code', () => {
    for (const code of [
      'export interface OrderEvent {',
      'export interface OrderEvent { [k: string]: string }',
      "export const PaymentSchema = z.object({ ['computed']: z.string(), ...other });",
      "import { z } from 'zod'; export const PaymentSchema = z.object(shape);",
      'export type SessionRow = Array<string>;',
      'export class OrderEvent { #secret = 1; get total() { return 1; } }',
      '/** @rtaSchema x stream */ export const x = 1;',
    ]) {
      expect(() => lint(code)).not.toThrow();
    }
  });
});

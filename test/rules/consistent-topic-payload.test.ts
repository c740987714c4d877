import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../src/rules/consistent-topic-payload.js';
import { fixturesDir } from '../support/rule-tester.js';

// test/rules/fixtures/schema/rta.config.yaml maps `orders.v1` to events.ts#OrderEvent;
// events.ts tags PaymentEvent with `@rtaTopic payments.v1`.
const dir = path.join(fixturesDir, 'schema');
const filename = path.join(dir, 'file.ts');

function typed(): RuleTester {
  return new RuleTester({ languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: dir } } });
}
function untyped(): RuleTester {
  return new RuleTester({ languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } } });
}

const setup = `import { Kafka } from 'kafkajs';
const producer = new Kafka({ clientId: 'checkout', brokers: ['kafka:9092'] }).producer();
`;

const good = `{ orderId: 'o1', customerId: 'c1', status: 'paid', totalCents: 1200, createdAt: new Date().toISOString() }`;

const valid: string[] = [
  // Every required field, optional couponCode left out.
  `${setup}await producer.send({ topic: 'orders.v1', messages: [{ key: 'c1', value: JSON.stringify(${good}) }] });`,
  // Typed as the schema type itself: TypeScript already checks it.
  `${setup}import type { OrderEvent } from './events.js';
declare const evt: OrderEvent;
await producer.send({ topic: 'orders.v1', messages: [{ key: evt.customerId, value: JSON.stringify(evt) }] });`,
  // \`satisfies\` the schema.
  `${setup}import type { OrderEvent } from './events.js';
await producer.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify({ orderId: 'o', customerId: 'c', status: 'paid', totalCents: 1, createdAt: '' } satisfies OrderEvent) }] });`,
  // The topic is a parameter: nothing to pair with.
  `${setup}export async function publish(topic: string, body: object) {
  await producer.send({ topic, messages: [{ value: JSON.stringify({ anything: 1 }) }] });
}`,
  // An opaque buffer from elsewhere.
  `${setup}declare const encoded: Buffer;
await producer.send({ topic: 'orders.v1', messages: [{ value: encoded }] });`,
  // A topic no schema names.
  `${setup}await producer.send({ topic: 'audit.v1', messages: [{ value: JSON.stringify({ whatever: true }) }] });`,
  // Not a producer: a WebSocket's send and an object of the file's own.
  `import { WebSocket } from 'ws';
const ws = new WebSocket('ws://x');
ws.send(JSON.stringify({ topic: 'orders.v1', nothing: 1 }));
const fake = { send(_: unknown) {} };
fake.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify({ wrong: 1 }) }] });`,
  // A constant topic and a matching literal.
  `${setup}const ORDERS = 'orders.v1';
await producer.send({ topic: ORDERS, messages: [{ value: JSON.stringify(${good}) }] });`,
  // Messages built with map, wrapped in Buffer.from.
  `${setup}declare const rows: { id: string; c: string }[];
await producer.send({
  topic: 'orders.v1',
  messages: rows.map((r) => ({ key: r.c, value: Buffer.from(JSON.stringify({ orderId: r.id, customerId: r.c, status: 'created', totalCents: 0, createdAt: '' })) })),
});`,
  // sendBatch.
  `${setup}await producer.sendBatch({ topicMessages: [{ topic: 'orders.v1', messages: [{ value: JSON.stringify(${good}) }] }] });`,
  // Optional field sent.
  `${setup}await producer.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify({ orderId: 'o', customerId: 'c', status: 'shipped', totalCents: 5, couponCode: 'X', createdAt: '' }) }] });`,
  // Spread arguments: nothing to read.
  `${setup}declare const args: [{ topic: string; messages: { value: string }[] }];
await producer.send(...args);`,
  // Plain JavaScript, a value from elsewhere.
  `const { Kafka } = require('kafkajs');
const producer = new Kafka({ brokers: [] }).producer();
module.exports = async (order) => producer.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify(order) }] });`,
  // Incomplete send calls.
  `${setup}await producer.send();
await producer.send({ topic: 'orders.v1' });
await producer.send({ topic: 'orders.v1', messages: [] });
await producer.send({ messages: [{ value: JSON.stringify({}) }] });`,
  // Spread: keys unknown without types.
  `${setup}declare const base: object;
await producer.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify({ ...base, orderId: 'o' }) }] });`,
];

const commonInvalid = [
  {
    name: 'a required field missing',
    code: `${setup}await producer.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify({ orderId: 'o', customerId: 'c', status: 'paid', totalCents: 1 }) }] });`,
    errors: [{ messageId: 'missingField' as const, line: 3 }],
  },
  {
    name: 'an extra field',
    code: `${setup}await producer.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify({ orderId: 'o', customerId: 'c', status: 'paid', totalCents: 1, createdAt: '', discount: 5 }) }] });`,
    errors: [{ messageId: 'extraField' as const, line: 3 }],
  },
  {
    name: 'a misspelt field',
    code: `${setup}await producer.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify({ orderId: 'o', customerId: 'c', status: 'paid', totalCent: 1, createdAt: '' }) }] });`,
    errors: [{ messageId: 'nearMiss' as const, line: 3 }],
  },
  {
    name: 'text where the schema has a number',
    code: `${setup}await producer.send({
  topic: 'orders.v1',
  messages: [{ value: JSON.stringify({ orderId: 'o', customerId: 'c', status: 'paid', totalCents: '12', createdAt: '' }) }],
});`,
    errors: [{ messageId: 'wrongType' as const, line: 5 }],
  },
  {
    name: 'a status the schema does not allow',
    code: `${setup}await producer.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify({ orderId: 'o', customerId: 'c', status: 'refunded', totalCents: 1, createdAt: '' }) }] });`,
    errors: [{ messageId: 'enumValue' as const, line: 3 }],
  },
  {
    name: 'null for a required field',
    code: `${setup}await producer.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify({ orderId: 'o', customerId: null, status: 'paid', totalCents: 1, createdAt: '' }) }] });`,
    errors: [{ messageId: 'mayBeNull' as const, line: 3 }],
  },
  {
    name: 'through a constant topic and Buffer.from',
    code: `${setup}const TOPIC = 'orders.v1';
await producer.send({ topic: TOPIC, messages: [{ value: Buffer.from(JSON.stringify({ orderId: 'o', status: 'paid', totalCents: 1, createdAt: '' })) }] });`,
    errors: [{ messageId: 'missingField' as const, line: 4 }],
  },
  {
    name: 'in sendBatch',
    code: `${setup}await producer.sendBatch({ topicMessages: [{ topic: 'orders.v1', messages: [{ value: JSON.stringify({ orderId: 'o', customerId: 'c', status: 'paid', totalCents: 1, createdAt: '', note: '' }) }] }] });`,
    errors: [{ messageId: 'extraField' as const, line: 3 }],
  },
  {
    name: 'in messages built with map',
    code: `${setup}declare const ids: string[];
await producer.send({ topic: 'orders.v1', messages: ids.map((id) => ({ value: JSON.stringify({ orderId: id, customerId: id, status: 'paid', createdAt: '' }) })) });`,
    errors: [{ messageId: 'missingField' as const, line: 4 }],
  },
  {
    name: 'a producer from the confluent promisified API',
    code: `import { KafkaJS } from '@confluentinc/kafka-javascript';
const producer = new KafkaJS.Kafka({}).producer();
await producer.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify({ orderId: 'o', customerId: 'c', status: 'paid', totalCents: 1, createdAt: '', extra: 1 }) }] });`,
    errors: [{ messageId: 'extraField' as const, line: 3 }],
  },
  {
    name: 'a computed member name',
    code: `${setup}await producer['send']({ topic: 'orders.v1', messages: [{ value: JSON.stringify({ orderId: 'o', customerId: 'c', status: 'paid', createdAt: '' }) }] });`,
    errors: [{ messageId: 'missingField' as const, line: 3 }],
  },
  {
    name: 'an optional call',
    code: `${setup}await producer?.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify({ orderId: 'o', customerId: 'c', status: 'paid', totalCents: 1, createdAt: '', x: 1 }) }] });`,
    errors: [{ messageId: 'extraField' as const, line: 3 }],
  },
  {
    name: 'an in-file @rtaTopic tag, no config needed',
    code: `${setup}/** @rtaTopic clicks.v1 */
interface Click { userId: string; url: string }
await producer.send({ topic: 'clicks.v1', messages: [{ value: JSON.stringify({ userId: 'u' }) }] });`,
    errors: [{ messageId: 'missingField' as const, line: 5 }],
  },
];

const typedOnlyInvalid = [
  {
    name: 'a computed string where the schema has a number (S7 of RULES.md)',
    code: `${setup}declare const o: { id: string; customerId: string; total: number };
await producer.send({
  topic: 'orders.v1',
  messages: [{ key: o.customerId, value: JSON.stringify({ orderId: o.id, customerId: o.customerId, status: 'paid' as const, totalCents: o.total.toFixed(0), createdAt: '' }) }],
});`,
    errors: [{ messageId: 'wrongType' as const, line: 6 }],
  },
  {
    name: 'a variable of another type',
    code: `${setup}interface Draft { orderId: string; customerId: string; totalCents: number }
declare const draft: Draft;
await producer.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify(draft) }] });`,
    errors: [{ messageId: 'missingField' as const, line: 5 }, { messageId: 'missingField' as const, line: 5 }],
  },
  {
    name: 'a value passed through several variables',
    code: `${setup}const draft = { orderId: 'o', customerId: 'c', status: 'paid' as const, totalCents: 1 };
const copy = draft;
const body = JSON.stringify(copy);
await producer.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify(copy) }, { value: body }] });`,
    errors: [{ messageId: 'missingField' as const, line: 6 }],
  },
  {
    name: 'a topic mapped by @rtaTopic in another file of the program',
    code: `${setup}await producer.send({ topic: 'payments.v1', messages: [{ value: JSON.stringify({ paymentId: 'p', amountCents: '10', failureReason: null }) }] });`,
    errors: [{ messageId: 'wrongType' as const, line: 3 }],
  },
  {
    name: 'a producer parameter typed with the kafkajs type',
    code: `import type { Producer } from 'kafkajs';
export async function publish(p: Producer, id: string) {
  await p.send({ topic: 'orders.v1', messages: [{ value: JSON.stringify({ orderId: id, customerId: id, status: 'paid', totalCents: 0 }) }] });
}`,
    errors: [{ messageId: 'missingField' as const, line: 3 }],
  },
];

const withFile = <T extends { code: string }>(c: T) => ({ ...c, filename });

untyped().run('consistent-topic-payload (untyped: literals only)', rule, {
  valid: valid.map((code) => ({ code, filename })),
  invalid: commonInvalid.map(withFile),
});

typed().run('consistent-topic-payload (typed)', rule, {
  valid: valid.map((code) => ({ code, filename })),
  invalid: [...commonInvalid, ...typedOnlyInvalid].map(withFile),
});

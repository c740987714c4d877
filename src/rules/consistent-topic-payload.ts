import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { createRule } from './support/create-rule.js';
import { eslintLoc, schemaEnvironment, type SchemaEnvironment } from './support/schema.js';
import { ImportTracker, staticMemberName, stringValue, unwrap } from '../knowledge/tracking/estree.js';
import { typeServices } from '../knowledge/tracking/typed.js';
import { MESSAGE_LIST_BUILDERS, PRODUCER_SENDS, VALUE_SERIALISERS, type ProducerSend } from '../knowledge/producer-sends.js';
import { compareRecords, type Drift } from '../schema/compare.js';
import { describeType, type Field, type FieldType, type RecordSchema } from '../schema/model.js';
import type { TsNode, TsSourceFile } from '../schema/ts/api.js';
import { CheckerReader } from '../schema/ts/checker-types.js';
import { schemaTags } from '../schema/ts/declarations.js';
import { readDeclaration } from '../schema/ts/read.js';
import { isSchemaType, spreadHasKnownShape, TOPIC_PAYLOAD_MESSAGES, topicPayloadReport, type TopicPayloadMessageId } from '../schema/topic-payload.js';

type Options = [{ configFile?: string }];
type MessageIds = TopicPayloadMessageId;

interface TopicSchema {
  record: RecordSchema;
  /** Where the topic was mapped to it: config or an `@rtaTopic` tag. */
  source: string;
}

export default createRule<Options, MessageIds>({
  name: 'consistent-topic-payload',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require values sent to a topic that rta.config.yaml (or an `@rtaTopic` tag) maps to a schema to match that schema',
      category: 'schema-drift',
      recommended: 'error',
      strict: 'error',
      requiresTypeChecking: true,
    },
    schema: [
      {
        type: 'object',
        properties: {
          configFile: {
            type: 'string',
            description: 'rta.config.yaml to read instead of the one found from the file’s folder upward.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{}],
    messages: TOPIC_PAYLOAD_MESSAGES,
  },
  create(context, [options]) {
    const tracker = new ImportTracker(context.sourceCode);
    const services = typeServices(context);
    let env: SchemaEnvironment | undefined;
    let envLoaded = false;
    let schemas: Map<string, TopicSchema> | undefined;

    function topicSchemas(): Map<string, TopicSchema> {
      if (schemas) return schemas;
      schemas = new Map();
      if (!envLoaded) {
        env = schemaEnvironment(context, options.configFile);
        envLoaded = true;
      }
      const e = env;
      if (!e) return schemas;
      for (const pair of e.config ? e.pairs() : []) {
        if (pair.topic === undefined || !pair.stream || schemas.has(pair.topic)) continue;
        const record = e.read(pair.stream);
        if (record) schemas.set(pair.topic, { record, source: 'rta.config.yaml' });
      }
      // `/** @rtaTopic orders.v1 */` on a declaration maps the topic without config.
      const files: TsSourceFile[] = [e.sourceFile];
      if (services) {
        for (const sf of services.program.getSourceFiles()) {
          if (!sf.isDeclarationFile && sf !== e.sourceFile && sf.text.includes('@rtaTopic') && !sf.fileName.includes('/node_modules/')) files.push(sf);
        }
      }
      for (const sf of files) {
        for (const tag of schemaTags(ts, sf)) {
          if (tag.topic === undefined || schemas.has(tag.topic)) continue;
          const record = readDeclaration(ts, sf, tag.declaration, e.checker);
          if (record) schemas.set(tag.topic, { record, source: '@rtaTopic' });
        }
      }
      return schemas;
    }

    function producerSend(call: TSESTree.CallExpression): ProducerSend | undefined {
      const callee = unwrap(call.callee);
      if (callee.type !== 'MemberExpression') return undefined;
      const method = staticMemberName(callee);
      const candidates = PRODUCER_SENDS.filter((s) => s.method === method);
      if (candidates.length === 0) return undefined;
      const type = tracker.instanceType(callee.object);
      if (type !== undefined) {
        for (const [id] of tracker.knowledge.lineage(type)) {
          const found = candidates.find((s) => s.types.includes(id));
          if (found) return found;
        }
        return undefined;
      }
      if (!services) return undefined;
      // A producer handed in from elsewhere: its declared type says what it is.
      const tsNode = services.esTreeNodeToTSNodeMap.get(callee.object);
      const symbol = services.program.getTypeChecker().getTypeAtLocation(tsNode).getSymbol();
      const declared = symbol?.declarations?.[0]?.getSourceFile().fileName ?? '';
      return symbol?.getName() === 'Producer' && /[\\/](kafkajs|@confluentinc[\\/]kafka-javascript|node-rdkafka)[\\/]/.test(declared) ? candidates[0] : undefined;
    }

    function topicOf(node: TSESTree.Node): string | undefined {
      const n = unwrap(node);
      const literal = stringValue(n);
      if (literal !== undefined) return literal;
      if (n.type === 'Identifier') {
        const variable = tracker.variableOf(n);
        const def = variable?.defs[0];
        if (variable?.defs.length === 1 && def?.type === 'Variable' && def.parent.kind === 'const' && def.node.init) {
          const value = stringValue(unwrap(def.node.init));
          if (value !== undefined) return value;
        }
      }
      if (!services) return undefined;
      // Constants from other modules, `as const` objects, string enums: the checker knows the literal.
      const type = services.program.getTypeChecker().getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(n));
      return type.isStringLiteral() ? type.value : undefined;
    }

    function payloadRecord(value: TSESTree.Node, topic: string): RecordSchema | undefined {
      const name = `the value sent to \`${topic}\``;
      if (services && env) {
        const checker = services.program.getTypeChecker();
        if (value.type === 'ObjectExpression' && value.properties.some((p) => p.type === 'SpreadElement' && !spreadHasKnownShape(ts, checker, services.esTreeNodeToTSNodeMap.get(p.argument)))) {
          return undefined;
        }
        const tsNode = services.esTreeNodeToTSNodeMap.get(value) as TsNode;
        const fields = new CheckerReader(ts, checker).fields(checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(value)), tsNode);
        if (!fields || fields.length === 0) return undefined;
        // JSON.stringify gives no contextual type, so the checker widens `status: 'paid'` to string;
        // the literal written there is what is sent.
        if (value.type === 'ObjectExpression') {
          for (const prop of value.properties) {
            if (prop.type !== 'Property' || prop.computed) continue;
            const key = prop.key.type === 'Identifier' ? prop.key.name : stringValue(prop.key);
            const literal = unwrap(prop.value);
            const field = fields.find((f) => f.name === key);
            if (field && literal.type === 'Literal' && typeof literal.value === 'string') field.type = { kind: 'enum', values: [literal.value], closed: true };
          }
        }
        return { name, system: 'typescript', kind: 'payload', fields, location: { file: env.file, region: regionOf(value) } };
      }
      if (value.type !== 'ObjectExpression' || !env) return undefined;
      const fields = literalFields(value, env.file);
      return fields ? { name, system: 'typescript', kind: 'payload', fields, location: { file: env.file, region: regionOf(value) } } : undefined;
    }

    /** The value is declared as the schema's own type (or checked with `satisfies`): TypeScript has it covered. */
    function typedAsSchema(value: TSESTree.Node, schema: RecordSchema): boolean {
      if (value.type === 'TSSatisfiesExpression') return true;
      if (!services) return false;
      return isSchemaType(services.program.getTypeChecker().getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(value)), schema);
    }

    function report(drift: Drift, value: TSESTree.Node, topic: string, schema: TopicSchema): void {
      if (!env) return;
      const e = env;
      const found = topicPayloadReport(drift, topic, schema.record, (f) => e.display(f));
      if (!found) return;
      const region = drift.primary.file === e.file && drift.side === 'stream' ? drift.primary.region : regionOf(value);
      context.report({ loc: eslintLoc(region), messageId: found.messageId, data: found.data });
    }

    return {
      CallExpression(call) {
        const send = producerSend(call);
        if (!send) return;
        for (const part of sendParts(call, send)) {
          const topic = topicOf(part.topic);
          if (topic === undefined) continue;
          const value = unserialise(part.value);
          if (!value) continue;
          const schema = topicSchemas().get(topic);
          if (!schema || typedAsSchema(value, schema.record)) continue;
          const payload = payloadRecord(value, topic);
          if (!payload) continue;
          for (const drift of compareRecords(payload, schema.record, { onMissing: 'warn', display: (f) => env?.display(f) ?? f })) {
            report(drift, value, topic, schema);
          }
        }
      },
    };
  },
});

function regionOf(node: TSESTree.Node): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  return { startLine: node.loc.start.line, startColumn: node.loc.start.column + 1, endLine: node.loc.end.line, endColumn: node.loc.end.column + 1 };
}

/** The (topic, value) expressions of one send call, per the shape of its method. */
function sendParts(call: TSESTree.CallExpression, send: ProducerSend): { topic: TSESTree.Node; value: TSESTree.Node }[] {
  const shape = send.shape;
  if (shape.kind === 'positional') {
    const topic = call.arguments[shape.topicArgument];
    const value = call.arguments[shape.valueArgument];
    return topic && value && topic.type !== 'SpreadElement' && value.type !== 'SpreadElement' ? [{ topic, value }] : [];
  }
  const options = call.arguments[0] ? objectOf(call.arguments[0]) : undefined;
  if (!options) return [];
  const groups = shape.kind === 'record' ? [options] : elementsOf(propertyOf(options, shape.list)).flatMap((e) => {
    const o = objectOf(e);
    return o ? [o] : [];
  });
  const out: { topic: TSESTree.Node; value: TSESTree.Node }[] = [];
  for (const group of groups) {
    const topic = propertyOf(group, shape.topic);
    if (!topic) continue;
    for (const message of messageObjects(propertyOf(group, shape.messages))) {
      const value = propertyOf(message, shape.value);
      if (value) out.push({ topic, value });
    }
  }
  return out;
}

function objectOf(node: TSESTree.Node): TSESTree.ObjectExpression | undefined {
  const n = unwrap(node);
  return n.type === 'ObjectExpression' ? n : undefined;
}

function propertyOf(object: TSESTree.ObjectExpression, name: string): TSESTree.Node | undefined {
  for (const prop of object.properties) {
    if (prop.type !== 'Property' || prop.computed) continue;
    const key = prop.key.type === 'Identifier' ? prop.key.name : stringValue(prop.key);
    if (key === name) return prop.value;
  }
  return undefined;
}

function elementsOf(node: TSESTree.Node | undefined): TSESTree.Node[] {
  const n = node ? unwrap(node) : undefined;
  return n?.type === 'ArrayExpression' ? n.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? [e] : [])) : [];
}

/** `[{ value }]` or `rows.map((r) => ({ value }))`. */
function messageObjects(node: TSESTree.Node | undefined): TSESTree.ObjectExpression[] {
  if (!node) return [];
  const n = unwrap(node);
  if (n.type === 'ArrayExpression') return elementsOf(n).flatMap((e) => {
    const o = objectOf(e);
    return o ? [o] : [];
  });
  if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression') {
    const method = staticMemberName(n.callee);
    const callback = n.arguments[0];
    if (method === undefined || !MESSAGE_LIST_BUILDERS.has(method) || !callback) return [];
    const fn = unwrap(callback);
    if (fn.type === 'ArrowFunctionExpression' && fn.body.type !== 'BlockStatement') {
      const o = objectOf(fn.body);
      return o ? [o] : [];
    }
  }
  return [];
}

/** `JSON.stringify(x)` → x; `Buffer.from(JSON.stringify(x))` → x. */
function unserialise(node: TSESTree.Node): TSESTree.Node | undefined {
  let n = unwrap(node);
  for (let i = 0; i < 4; i++) {
    if (n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression' || n.callee.object.type !== 'Identifier') return undefined;
    const objectName = n.callee.object.name;
    const method = staticMemberName(n.callee);
    const row = VALUE_SERIALISERS.find((s) => s.object === objectName && s.method === method);
    const arg = row ? n.arguments[row.argument] : undefined;
    if (!row || !arg || arg.type === 'SpreadElement') return undefined;
    if (!row.wraps) return arg.type === 'TSSatisfiesExpression' ? arg : unwrap(arg);
    n = unwrap(arg);
  }
  return undefined;
}

/** Fields of an object literal from syntax alone (untyped linting); undefined when a spread hides keys. */
function literalFields(object: TSESTree.ObjectExpression, file: string): Field[] | undefined {
  const fields: Field[] = [];
  for (const prop of object.properties) {
    if (prop.type !== 'Property') return undefined;
    if (prop.computed) continue;
    const name = prop.key.type === 'Identifier' ? prop.key.name : stringValue(prop.key);
    if (name === undefined) continue;
    const { type, nullable, optional } = literalType(prop.value, file);
    fields.push({ name, type, typeText: describeType(type), nullable, optional, location: { file, region: regionOf(prop.key) } });
  }
  return fields;
}

function literalType(node: TSESTree.Node, file: string): { type: FieldType; nullable: boolean; optional: boolean } {
  const plain = (type: FieldType) => ({ type, nullable: false, optional: false });
  const n = unwrap(node);
  if (n.type === 'Literal') {
    if (n.value === null) return { type: { kind: 'unknown' }, nullable: true, optional: false };
    if (typeof n.value === 'string') return plain({ kind: 'enum', values: [n.value], closed: true });
    if (typeof n.value === 'number') return plain({ kind: 'number' });
    if (typeof n.value === 'boolean') return plain({ kind: 'boolean' });
    if (typeof n.value === 'bigint') return plain({ kind: 'bigint' });
  }
  if (n.type === 'TemplateLiteral') return plain({ kind: 'string' });
  if (n.type === 'Identifier' && n.name === 'undefined') return { type: { kind: 'unknown' }, nullable: false, optional: true };
  if (n.type === 'NewExpression' && n.callee.type === 'Identifier' && n.callee.name === 'Date') return plain({ kind: 'date-object' });
  if (n.type === 'ObjectExpression') {
    const fields = literalFields(n, file);
    return plain(fields ? { kind: 'record', fields } : { kind: 'unknown' });
  }
  return plain({ kind: 'unknown' });
}

/**
 * Inferred stream records (CONTRACTS.md: a pair with `topic` and no `stream`): every place the
 * code sends to a topic, through kafkajs / confluent / node-rdkafka producers and through the
 * project's own wrappers around them (`sendMessage(topic, msg)`), with the topic resolved through
 * constants and parameters. Each site's record is the checker's type of the value serialised
 * there, with the string literals written in it kept, located at the object literal's properties.
 */
import { Node, SyntaxKind, ts, type CallExpression, type Project } from 'ts-morph';
import { MESSAGE_LIST_BUILDERS, PRODUCER_SENDS, VALUE_SERIALISERS, type ProducerSend } from '../../knowledge/producer-sends.js';
import type { Field, RecordSchema } from '../../schema/model.js';
import { CheckerReader } from '../../schema/ts/checker-types.js';
import { nodeLocation } from '../../schema/ts/declarations.js';
import { enclosingFunction, MorphTracker, unwrap, type FunctionLike } from './tracker.js';
import { callsIn } from '../calls.js';

export interface SendSite {
  topic: string;
  /** The value serialised into the message. */
  value: Node;
  /** The producer call the value reaches. */
  send: CallExpression;
}

type Source<T> = { kind: 'known'; value: T } | { kind: 'param'; index: number };

/** How many wrapper levels a send is followed up (`track()` → `sendMessage()` → `producer.send()`). */
const MAX_WRAPPER_DEPTH = 4;

export class SendSiteFinder {
  readonly #tracker = new MorphTracker();
  #callsByFunction: Map<Node, CallExpression[]> | undefined;
  #sites: SendSite[] | undefined;

  constructor(
    readonly project: Project,
    /** Absolute paths of the files the audit covers. */
    readonly files: ReadonlySet<string>,
  ) {}

  /** Every send site to every topic, in source order (found once). */
  sites(): SendSite[] {
    this.#sites ??= this.#findSites();
    return this.#sites;
  }

  #findSites(): SendSite[] {
    const out: SendSite[] = [];
    for (const call of this.#calls()) {
      const match = this.#producerSend(call);
      if (!match) continue;
      const fn = enclosingFunction(call);
      for (const { topic, value } of this.#sendParts(call, match)) {
        const topicSource = this.#topicSource(topic, fn);
        const valueSource = this.#valueSource(value, fn);
        if (!topicSource || !valueSource) continue;
        for (const site of this.#expand(fn, topicSource, valueSource, 0)) out.push({ ...site, send: call });
      }
    }
    return out;
  }

  /** The record of the value a site sends, or undefined when its type says nothing (`any`). */
  record(site: SendSite): RecordSchema | undefined {
    const checker = this.project.getTypeChecker().compilerObject;
    const type = checker.getTypeAtLocation(site.value.compilerNode);
    const fields = new CheckerReader(ts, checker).fields(type, site.value.compilerNode);
    if (!fields || fields.length === 0) return undefined;
    keepWrittenLiterals(site.value, fields);
    return {
      name: `the value sent to \`${site.topic}\``,
      system: 'typescript',
      kind: 'payload',
      fields,
      location: nodeLocation(site.value.compilerNode),
    };
  }

  *#calls(): Generator<CallExpression> {
    for (const file of this.files) {
      const sourceFile = this.project.getSourceFile(file);
      if (!sourceFile) continue;
      yield* callsIn(sourceFile);
    }
  }

  #producerSend(call: CallExpression): ProducerSend | undefined {
    const callee = unwrap(call.getExpression());
    if (!Node.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.getName();
    const candidates = PRODUCER_SENDS.filter((s) => s.method === method);
    if (candidates.length === 0) return undefined;
    const type = this.#tracker.instanceType(callee.getExpression());
    if (type !== undefined) return candidates.find((s) => this.#tracker.isA(type, s.types));
    // Types confirm a producer the syntax could not follow (a producer handed in from elsewhere).
    const symbol = callee.getExpression().getType().getSymbol();
    const declared = symbol?.getDeclarations()[0]?.getSourceFile().getFilePath() ?? '';
    if (symbol?.getName() === 'Producer' && /[\\/](kafkajs|@confluentinc[\\/]kafka-javascript|node-rdkafka)[\\/]/.test(declared)) return candidates[0];
    return undefined;
  }

  /** The (topic, value) expressions of one send call. */
  #sendParts(call: CallExpression, send: ProducerSend): { topic: Node; value: Node }[] {
    const args = call.getArguments();
    const shape = send.shape;
    if (shape.kind === 'positional') {
      const topic = args[shape.topicArgument];
      const value = args[shape.valueArgument];
      return topic && value ? [{ topic, value }] : [];
    }
    const options = args[0] ? objectLiteral(args[0]) : undefined;
    if (!options) return [];
    const groups =
      shape.kind === 'record'
        ? [options]
        : elements(property(options, shape.list)).flatMap((e) => {
            const o = objectLiteral(e);
            return o ? [o] : [];
          });
    const out: { topic: Node; value: Node }[] = [];
    for (const group of groups) {
      const topic = property(group, shape.topic);
      if (!topic) continue;
      for (const message of messageObjects(property(group, shape.messages))) {
        const value = property(message, shape.value);
        if (value) out.push({ topic, value });
      }
    }
    return out;
  }

  #topicSource(expr: Node, fn: FunctionLike | undefined): Source<string> | undefined {
    const node = unwrap(expr);
    const param = parameterIndex(node, fn);
    if (param !== undefined) return { kind: 'param', index: param };
    if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return { kind: 'known', value: node.getLiteralValue() };
    // Constants, `as const` objects, string enums: the checker knows the literal.
    const type = node.getType();
    const literal = type.isStringLiteral() ? type.getLiteralValue() : undefined;
    if (typeof literal === 'string') return { kind: 'known', value: literal };
    return undefined;
  }

  #valueSource(expr: Node, fn: FunctionLike | undefined): Source<Node> | undefined {
    const serialised = unserialise(expr);
    if (!serialised) return undefined;
    const param = parameterIndex(serialised, fn);
    return param !== undefined ? { kind: 'param', index: param } : { kind: 'known', value: serialised };
  }

  /** Follows parameters up through the calls of each wrapper until topic and value are known. */
  #expand(fn: FunctionLike | undefined, topic: Source<string>, value: Source<Node>, depth: number): { topic: string; value: Node }[] {
    if (topic.kind === 'known' && value.kind === 'known') return [{ topic: topic.value, value: value.value }];
    if (!fn || depth >= MAX_WRAPPER_DEPTH) return [];
    const out: { topic: string; value: Node }[] = [];
    for (const call of this.#callsOf(fn)) {
      const args = call.getArguments();
      const caller = enclosingFunction(call);
      const t = topic.kind === 'param' ? (args[topic.index] ? this.#topicSource(args[topic.index] as Node, caller) : undefined) : topic;
      let v: Source<Node> | undefined = value;
      if (value.kind === 'param') {
        const arg = args[value.index];
        const param = arg ? parameterIndex(unwrap(arg), caller) : undefined;
        v = arg === undefined ? undefined : param !== undefined ? { kind: 'param', index: param } : { kind: 'known', value: unwrap(arg) };
      }
      if (!t || !v) continue;
      out.push(...this.#expand(caller, t, v, depth + 1));
    }
    return out;
  }

  /** The calls of a project function, found once for all functions by resolving each callee. */
  #callsOf(fn: FunctionLike): CallExpression[] {
    if (!this.#callsByFunction) {
      this.#callsByFunction = new Map();
      for (const call of this.#calls()) {
        const target = calledFunction(call);
        if (!target) continue;
        const list = this.#callsByFunction.get(target) ?? [];
        list.push(call);
        this.#callsByFunction.set(target, list);
      }
    }
    return this.#callsByFunction.get(fn) ?? [];
  }
}

/**
 * JSON.stringify (or a wrapper's `object` parameter) gives no literal contextual type, so the
 * checker widens `status: 'refunded'` to string, which no closed enum can be checked against.
 * The literal written at the send site is what goes on the wire: keep it, in nested literals too.
 */
function keepWrittenLiterals(value: Node, fields: Field[]): void {
  const object = unwrap(value);
  if (!Node.isObjectLiteralExpression(object)) return;
  for (const prop of object.getProperties()) {
    if (!Node.isPropertyAssignment(prop)) continue;
    const nameNode = prop.getNameNode();
    const name = Node.isIdentifier(nameNode) ? nameNode.getText() : Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : undefined;
    const field = name === undefined ? undefined : fields.find((f) => f.name === name);
    const init = prop.getInitializer();
    if (!field || !init) continue;
    const written = unwrap(init);
    if (Node.isStringLiteral(written) || Node.isNoSubstitutionTemplateLiteral(written)) {
      const literal = written.getLiteralValue();
      // Open: this site sends one value, which says nothing about the other values the batch
      // enum allows (no "never sends" note per site).
      field.type = { kind: 'enum', values: [literal], closed: false };
      field.typeText = JSON.stringify(literal);
    } else if (Node.isObjectLiteralExpression(written) && field.type.kind === 'record') {
      keepWrittenLiterals(written, field.type.fields);
    }
  }
}

/** The function a call invokes, when it is a function or method of the project. */
function calledFunction(call: CallExpression): Node | undefined {
  const callee = unwrap(call.getExpression());
  const nameNode = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : Node.isIdentifier(callee) ? callee : undefined;
  let symbol = nameNode?.getSymbol();
  if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol();
  for (const decl of symbol?.getDeclarations() ?? []) {
    if (Node.isFunctionDeclaration(decl) || Node.isMethodDeclaration(decl)) return decl;
    if (Node.isVariableDeclaration(decl) || Node.isPropertyDeclaration(decl) || Node.isPropertyAssignment(decl)) {
      const init = decl.getInitializer();
      const fn = init ? unwrap(init) : undefined;
      if (fn && (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return fn;
    }
  }
  return undefined;
}

/** The index of the parameter an identifier names, when it is a parameter of `fn`. */
function parameterIndex(node: Node, fn: FunctionLike | undefined): number | undefined {
  if (!fn || !Node.isIdentifier(node)) return undefined;
  // `{ topic }`: the name of a shorthand property is the property; its value is the variable.
  const parent = node.getParent();
  const symbol = Node.isShorthandPropertyAssignment(parent) ? parent.getValueSymbol() : node.getSymbol();
  const decl = symbol?.getDeclarations()[0];
  if (!decl || !Node.isParameterDeclaration(decl) || decl.getParent() !== fn || !Node.isParametered(fn)) return undefined;
  const index = fn.getParameters().indexOf(decl);
  return index >= 0 ? index : undefined;
}

/** `JSON.stringify(x)` → x; `Buffer.from(JSON.stringify(x))` → x; anything else → undefined. */
function unserialise(expr: Node): Node | undefined {
  let node = unwrap(expr);
  for (let i = 0; i < 4; i++) {
    if (!Node.isCallExpression(node)) return undefined;
    const callee = unwrap(node.getExpression());
    if (!Node.isPropertyAccessExpression(callee)) return undefined;
    const object = callee.getExpression();
    const method = callee.getName();
    const row = VALUE_SERIALISERS.find((s) => s.method === method && Node.isIdentifier(object) && object.getText() === s.object);
    const arg = row ? node.getArguments()[row.argument] : undefined;
    if (!row || !arg) return undefined;
    if (!row.wraps) return unwrap(arg);
    node = unwrap(arg);
  }
  return undefined;
}

function objectLiteral(node: Node): Node | undefined {
  const n = unwrap(node);
  if (Node.isObjectLiteralExpression(n)) return n;
  // A variable holding the options object, declared once with a literal.
  if (Node.isIdentifier(n)) {
    const decl = n.getSymbol()?.getDeclarations()[0];
    const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
    const literal = init ? unwrap(init) : undefined;
    return literal && Node.isObjectLiteralExpression(literal) ? literal : undefined;
  }
  return undefined;
}

/** The value of property `name` of an object literal (`{ name: v }` or `{ name }`). */
function property(object: Node | undefined, name: string): Node | undefined {
  if (!object || !Node.isObjectLiteralExpression(object)) return undefined;
  const prop = object.getProperty(name);
  if (!prop) return undefined;
  if (Node.isPropertyAssignment(prop)) return prop.getInitializer();
  if (Node.isShorthandPropertyAssignment(prop)) return prop.getNameNode();
  return undefined;
}

function elements(node: Node | undefined): Node[] {
  const n = node ? unwrap(node) : undefined;
  return n && Node.isArrayLiteralExpression(n) ? n.getElements() : [];
}

/** The message objects of `messages: [...]` or `messages: rows.map((r) => ({ value: ... }))`. */
function messageObjects(node: Node | undefined): Node[] {
  if (!node) return [];
  const n = unwrap(node);
  if (Node.isArrayLiteralExpression(n)) {
    return n.getElements().flatMap((e) => {
      const o = objectLiteral(e);
      return o ? [o] : [];
    });
  }
  if (Node.isCallExpression(n)) {
    const callee = unwrap(n.getExpression());
    const callback = n.getArguments()[0];
    if (!Node.isPropertyAccessExpression(callee) || !MESSAGE_LIST_BUILDERS.has(callee.getName()) || !callback) return [];
    const fn = unwrap(callback);
    if (!Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn)) return [];
    const body = fn.getBody();
    if (Node.isExpression(body)) {
      const o = objectLiteral(body);
      return o ? [o] : [];
    }
    return fn
      .getDescendantsOfKind(SyntaxKind.ReturnStatement)
      .filter((r) => enclosingFunction(r) === fn)
      .flatMap((r) => {
        const e = r.getExpression();
        const o = e ? objectLiteral(e) : undefined;
        return o ? [o] : [];
      });
  }
  return [];
}

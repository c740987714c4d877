import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { createRule } from './support/create-rule.js';
import { librarySpecifiers, skipsFile } from './support/precheck.js';
import {
  ImportTracker,
  isFunctionNode,
  returnStatements,
  staticMemberName,
  stringValue,
  unwrap,
  type FunctionNode,
} from '../knowledge/tracking/estree.js';
import { typeServices } from '../knowledge/tracking/typed.js';
import { DOM_LISTENER_METHODS, LISTENER_METHODS } from '../knowledge/generic.js';
import {
  RXJS_ENDLESS_CLASSES,
  RXJS_GROUP_TYPE_NAMES,
  RXJS_OPERATORS,
  RXJS_SOURCES,
  rxjsLibrary,
  type Completion,
  type RxjsOperatorDef,
  type RxjsSourceDef,
} from '../knowledge/libraries/rxjs.js';
import { walk } from './support/walk.js';

type Options = [{ defaultConcurrency?: number; reportUnknownSources?: boolean }];
type MessageIds = 'unbounded' | 'unboundedUnknownSource' | 'addConcurrency';

/** What is known about the values that reach an operator. */
interface StreamState {
  completion: Completion;
  /** The values are groups or windows of another stream (after `groupBy`, `windowTime`, ...). */
  grouped: boolean;
  /** For the message: what makes the stream endless. */
  origin?: string;
}

const UNKNOWN: StreamState = { completion: 'unknown', grouped: false };
const FINITE: StreamState = { completion: 'finite', grouped: false };
const endless = (origin: string): StreamState => ({ completion: 'endless', grouped: false, origin });

/** Alias chains and nested pipes deeper than this are "unknown", never a crash. */
const MAX_DEPTH = 16;

const RXJS_NAMESPACES: ReadonlySet<string> = new Set(rxjsLibrary.modules.map((m) => m.namespace));

/** Where the concurrency limit of one operator call stands. */
type Slot =
  | { kind: 'missing' }
  /** Given, but `Infinity` or `undefined`: the same as no limit. */
  | { kind: 'unbounded'; node: TSESTree.Node; text: string }
  | { kind: 'set' };

export default createRule<Options, MessageIds>({
  name: 'require-merge-map-concurrency',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require a concurrency limit on `mergeMap`, `flatMap`, `mergeAll` and `mergeScan` when the source never completes on its own',
      category: 'backpressure',
      recommended: 'warn',
      strict: 'warn',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          defaultConcurrency: {
            type: 'integer',
            minimum: 1,
            description: 'The limit the suggestion inserts.',
          },
          reportUnknownSources: {
            type: 'boolean',
            description: 'Also report when the source cannot be traced to a finite or endless observable.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ defaultConcurrency: 8, reportUnknownSources: false }],
    messages: {
      unbounded:
        '`{{operator}}` has {{limit}} and its source ({{source}}) does not complete on its own: every value subscribes a new inner observable at once, so in-flight requests and memory grow with the input rate whenever the inner work is slower than the source. Pass a limit; it bounds in-flight work, but outer values still queue inside `{{operator}}`, so pair it with sampling (`auditTime`, `throttleTime`) or `exhaustMap` when updates are disposable.',
      unboundedUnknownSource:
        '`{{operator}}` has {{limit}} on a source this rule cannot trace: if that source does not complete on its own, every value subscribes a new inner observable at once and in-flight work grows with the input rate. Pass a limit.',
      addConcurrency:
        'Limit `{{operator}}` to {{concurrency}} concurrent inner subscriptions (changes when results arrive, and their order).',
    },
  },
  create(context, [options]) {
    // Every report starts from an operator tracked to an rxjs import of this file.
    if (skipsFile(context, { specifiers: librarySpecifiers('rxjs') })) return {};
    const tracker = new ImportTracker(context.sourceCode);
    const services = typeServices(context);
    const sourceCode = context.sourceCode;
    const concurrency = options.defaultConcurrency ?? 8;
    const reportUnknown = options.reportUnknownSources === true;

    // --- what a callee is -------------------------------------------------------------------

    function rxjsMember(callee: TSESTree.Node): { owner: string; name: string } | undefined {
      const value = tracker.resolve(callee);
      if (value?.kind !== 'member') return undefined;
      for (const [id] of tracker.knowledge.lineage(value.owner)) {
        if (RXJS_NAMESPACES.has(id)) return { owner: value.owner, name: value.name };
      }
      return undefined;
    }

    function operatorOf(callee: TSESTree.Node): { name: string; def: RxjsOperatorDef } | undefined {
      const member = rxjsMember(callee);
      if (!member || !Object.hasOwn(RXJS_OPERATORS, member.name)) return undefined;
      const def = RXJS_OPERATORS[member.name];
      return def ? { name: member.name, def } : undefined;
    }

    /** `op(...)` as a pipe stage, directly or through a `const` bound to it. */
    function operatorCall(stage: TSESTree.Node, depth: number): { call: TSESTree.CallExpression; name: string; def: RxjsOperatorDef } | undefined {
      const node = unwrap(stage);
      if (node.type === 'Identifier' && depth < MAX_DEPTH) {
        const init = singleInit(node);
        return init ? operatorCall(init, depth + 1) : undefined;
      }
      if (node.type !== 'CallExpression') return undefined;
      const op = operatorOf(node.callee);
      return op && { call: node, ...op };
    }

    function isRxjsPipeFunction(callee: TSESTree.Node): boolean {
      return rxjsMember(callee)?.name === 'pipe';
    }

    /** The initializer of a variable written exactly once (`const x = …`), else undefined. */
    function singleInit(id: TSESTree.Identifier): TSESTree.Expression | undefined {
      const variable = tracker.variableOf(id);
      if (!variable || variable.defs.length !== 1) return undefined;
      if (variable.references.filter((r) => r.isWrite()).length > 1) return undefined;
      const def = variable.defs[0];
      if (def?.type !== 'Variable' || def.node.id.type !== 'Identifier') return undefined;
      return def.node.init ?? undefined;
    }

    // --- values -----------------------------------------------------------------------------

    function isInfinity(node: TSESTree.Node | undefined, depth = 0): boolean {
      if (!node || depth > MAX_DEPTH) return false;
      const n = unwrap(node);
      if (n.type === 'Identifier') {
        if (n.name === 'Infinity' && isGlobal(n)) return true;
        const init = singleInit(n);
        return init !== undefined && isConstVariable(n) && isInfinity(init, depth + 1);
      }
      if (n.type === 'MemberExpression' && n.object.type === 'Identifier' && n.object.name === 'Number' && isGlobal(n.object)) {
        return staticMemberName(n) === 'POSITIVE_INFINITY';
      }
      return false;
    }

    /** Not declared in the file: a built-in (typed linting lists the lib's globals as variables without definitions). */
    function isGlobal(id: TSESTree.Identifier): boolean {
      const variable = tracker.variableOf(id);
      return variable === null || variable.defs.length === 0;
    }

    function isConstVariable(id: TSESTree.Identifier): boolean {
      const def = tracker.variableOf(id)?.defs[0];
      return def?.type === 'Variable' && def.parent.kind === 'const';
    }

    function isUndefinedValue(node: TSESTree.Node): boolean {
      const n = unwrap(node);
      if (n.type === 'Identifier') return n.name === 'undefined' && isGlobal(n);
      if (n.type === 'Literal') return n.value === null && !('regex' in n) && !('bigint' in n);
      return n.type === 'UnaryExpression' && n.operator === 'void';
    }

    /** A function value: written in place, a function of this file, or (typed) anything callable. */
    function isFunctionValue(node: TSESTree.Node): boolean {
      const n = unwrap(node);
      if (isFunctionNode(n)) return true;
      if (tracker.resolve(n)?.kind === 'function') return true;
      if (!services) return false;
      const type = typeOf(services, n);
      return type !== undefined && type.getCallSignatures().length > 0;
    }

    function concurrencySlot(call: TSESTree.CallExpression, spec: NonNullable<RxjsOperatorDef['concurrency']>): Slot | undefined {
      const args = call.arguments;
      // A spread could carry the limit; an incomplete call is not worth a finding.
      if (args.some((a) => a.type === 'SpreadElement') || args.length < spec.minArgs) return undefined;
      let index = spec.index;
      const atIndex = args[index];
      // RxJS reads a function (or `undefined`) there as the deprecated result selector.
      if (spec.resultSelectorBefore && atIndex && (isFunctionValue(atIndex) || isUndefinedValue(atIndex))) index++;
      const arg = args[index];
      if (!arg) return { kind: 'missing' };
      if (isInfinity(arg) || isUndefinedValue(arg)) return { kind: 'unbounded', node: arg, text: sourceCode.getText(arg) };
      return { kind: 'set' };
    }

    // --- sources ----------------------------------------------------------------------------

    function combine(states: readonly StreamState[]): StreamState {
      const found = states.find((s) => s.completion === 'endless');
      if (found) return { ...found, grouped: false };
      return states.length > 0 && states.every((s) => s.completion === 'finite') ? FINITE : UNKNOWN;
    }

    /** What is known about an observable expression. */
    function classify(input: TSESTree.Node, depth: number): StreamState {
      if (depth > MAX_DEPTH) return UNKNOWN;
      const node = unwrap(input);
      switch (node.type) {
        case 'Identifier': {
          const init = singleInit(node);
          return init ? classify(init, depth + 1) : fromTracking(node);
        }
        case 'CallExpression':
          return classifyCall(node, depth);
        case 'NewExpression': {
          const member = rxjsMember(node.callee);
          if (member?.name === 'Observable') return wrappedSource(node.arguments[0]);
          if (member && RXJS_ENDLESS_CLASSES.includes(member.name)) return endless(`a \`${member.name}\``);
          return fromTracking(node);
        }
        // Either branch may be the value: endless if either may be, finite only if both are.
        case 'ConditionalExpression':
          return combine([classify(node.consequent, depth + 1), classify(node.alternate, depth + 1)]);
        case 'LogicalExpression':
          return combine([classify(node.left, depth + 1), classify(node.right, depth + 1)]);
        default:
          return fromTracking(node);
      }
    }

    function classifyCall(node: TSESTree.CallExpression, depth: number): StreamState {
      const callee = unwrap(node.callee);
      if (callee.type === 'MemberExpression' && staticMemberName(callee) === 'pipe') {
        return applyStages(classify(callee.object, depth + 1), node.arguments, depth);
      }
      // `mergeMap(f)(src$)` and `pipe(a, b)(src$)`: an operator applied by hand.
      if (callee.type === 'CallExpression' && node.arguments[0]) {
        if (isRxjsPipeFunction(callee.callee)) return applyStages(classify(node.arguments[0], depth + 1), callee.arguments, depth);
        if (operatorOf(callee.callee)) return applyStages(classify(node.arguments[0], depth + 1), [callee], depth);
      }
      const member = rxjsMember(callee);
      if (member && Object.hasOwn(RXJS_SOURCES, member.name)) {
        const def = RXJS_SOURCES[member.name];
        if (def) return sourceState(member.name, def, node, depth);
      }
      const value = tracker.resolve(callee);
      if (value?.kind === 'function') return combine(returnedExpressions(value.node).map((e) => classify(e, depth + 1)));
      return fromTracking(node);
    }

    function sourceState(name: string, def: RxjsSourceDef, call: TSESTree.CallExpression, depth: number): StreamState {
      const label = `\`${name}(…)\``;
      if (def.endlessWithArgument !== undefined) {
        const arg = call.arguments[def.endlessWithArgument];
        if (!arg) return FINITE;
        if (arg.type === 'SpreadElement' || isUndefinedValue(arg) || isScheduler(arg)) return UNKNOWN;
        const n = unwrap(arg);
        // A negative period means "emit once" in RxJS.
        if (n.type === 'UnaryExpression' && n.operator === '-' && n.argument.type === 'Literal') return FINITE;
        return endless(`${label} with a period`);
      }
      if (def.unpacedWhenArgumentIs) {
        const arg = call.arguments[def.unpacedWhenArgumentIs.index];
        if (arg && arg.type !== 'SpreadElement' && def.unpacedWhenArgumentIs.roles.some((role) => tracker.hasRole(arg, role))) {
          return endless(`${label} over a Node stream, read as fast as it arrives`);
        }
        return def.completes === 'endless' ? endless(label) : def.completes === 'finite' ? FINITE : UNKNOWN;
      }
      if (def.combinesArguments) {
        const inputs = call.arguments.flatMap((a) => (a.type === 'ArrayExpression' ? a.elements : [a]));
        if (inputs.length === 0 || inputs.some((a) => a === null || a.type === 'SpreadElement')) return UNKNOWN;
        const states = inputs.flatMap((a) => (a && a.type !== 'SpreadElement' && !isScheduler(a) ? [classify(a, depth + 1)] : []));
        return combine(states);
      }
      return def.completes === 'endless' ? endless(label) : def.completes === 'finite' ? FINITE : UNKNOWN;
    }

    function isScheduler(node: TSESTree.Node): boolean {
      return tracker.instanceType(node) === 'rxjs.Scheduler';
    }

    /** `new Observable(sub => { emitter.on('x', v => sub.next(v)); })`: a push source that never asks to slow down. */
    function wrappedSource(arg: TSESTree.Node | undefined): StreamState {
      if (!arg || arg.type === 'SpreadElement') return UNKNOWN;
      const value = tracker.resolve(arg);
      if (value?.kind !== 'function') return UNKNOWN;
      const fn = value.node;
      const param = fn.params[0];
      if (param?.type !== 'Identifier') return UNKNOWN;
      const subscriber = tracker.variableOf(param);
      if (!subscriber) return UNKNOWN;
      const inside = (node: TSESTree.Node) =>
        subscriber.references.some((r) => r.identifier.range[0] >= node.range[0] && r.identifier.range[1] <= node.range[1]);
      // The listener may be written in place or be a function of the file passed by name.
      const usesSubscriber = (node: TSESTree.Node) => {
        if (inside(node)) return true;
        const listener = tracker.resolve(node);
        return listener?.kind === 'function' && inside(listener.node);
      };
      let origin: string | undefined;
      walk(fn.body, (node) => {
        if (origin !== undefined) return false;
        if (node.type === 'CallExpression') {
          const callee = unwrap(node.callee);
          const method = callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
          if (method !== undefined && (LISTENER_METHODS.has(method) || DOM_LISTENER_METHODS.has(method)) && node.arguments.slice(1).some(usesSubscriber)) {
            const event = stringValue(node.arguments[0]);
            origin = `an Observable around a \`.${method}(${event === undefined ? '…' : `'${event}'`})\` listener`;
            return false;
          }
        }
        if (node !== fn.body && isFunctionNode(node) && usesSubscriber(node) && tracker.handlerOf(node)?.repeating === true) {
          origin = 'an Observable around a callback the library calls repeatedly';
          return false;
        }
        return true;
      });
      return origin === undefined ? UNKNOWN : endless(origin);
    }

    function fromTracking(node: TSESTree.Node): StreamState {
      const type = tracker.instanceType(node);
      if (type !== undefined) {
        for (const [id] of tracker.knowledge.lineage(type)) {
          if (id === 'rxjs.Subject') return endless('a `Subject`');
          if (id === 'rxjs.Observable.endless') return endless('an observable that never completes');
          if (id === 'rxjs.Observable.finite') return FINITE;
        }
      }
      if (services) {
        const name = rxjsTypeName(services, node, RXJS_ENDLESS_CLASSES);
        if (name !== undefined) return endless(`a \`${name}\``);
      }
      return UNKNOWN;
    }

    /** The state after each pipe stage in turn. */
    function applyStages(start: StreamState, stages: readonly TSESTree.Node[], depth: number): StreamState {
      let state = start;
      for (const stage of stages) {
        if (stage.type === 'SpreadElement') {
          state = UNKNOWN;
          continue;
        }
        const op = operatorCall(stage, depth + 1);
        if (!op) {
          // A custom operator: assume it keeps completion (most filter or map) but not grouping.
          state = { ...state, grouped: false };
          continue;
        }
        state = applyOperator(state, op.call, op.name, op.def, depth);
      }
      return state;
    }

    function applyOperator(state: StreamState, call: TSESTree.CallExpression, name: string, def: RxjsOperatorDef, depth: number): StreamState {
      if (def.bounds) {
        const count = def.bounds === true ? undefined : call.arguments[def.bounds.countArgument];
        return count !== undefined && isInfinity(count) ? { ...state, grouped: false } : FINITE;
      }
      if (def.emitsGroups) return { ...state, grouped: true };
      if (def.keepsGroups) return state;
      if (def.repeatsUnlessCounted) return hasCount(call) ? { ...state, grouped: false } : endless(`\`${name}()\` without a count`);
      if (def.mergesArguments) {
        const args = call.arguments;
        if (args.some((a) => a.type === 'SpreadElement')) return UNKNOWN;
        return combine([state, ...args.map((a) => classify(a, depth + 1))]);
      }
      if (def.inner) {
        const inner = innerState(call, def.inner, depth);
        return inner.completion === 'endless' ? { ...inner, grouped: false } : { ...state, grouped: false };
      }
      return { ...state, grouped: false };
    }

    function hasCount(call: TSESTree.CallExpression): boolean {
      const arg = call.arguments[0];
      if (!arg) return false;
      if (arg.type === 'SpreadElement') return true;
      const n = unwrap(arg);
      if (n.type === 'ObjectExpression') {
        return n.properties.some((p) => p.type === 'SpreadElement' || (!p.computed && p.key.type === 'Identifier' && p.key.name === 'count' && !isInfinity(p.value)));
      }
      return !isInfinity(n) && !isUndefinedValue(n);
    }

    /** Completion of what a flattening operator subscribes to: `switchMap(() => interval(1000))` is endless. */
    function innerState(call: TSESTree.CallExpression, inner: NonNullable<RxjsOperatorDef['inner']>, depth: number): StreamState {
      const arg = call.arguments[inner.index];
      if (!arg || arg.type === 'SpreadElement') return UNKNOWN;
      if (inner.form === 'observable') return classify(arg, depth + 1);
      const value = tracker.resolve(arg);
      if (value?.kind !== 'function') return UNKNOWN;
      return combine(returnedExpressions(value.node).map((e) => classify(e, depth + 1)));
    }

    // --- where the operator sits ------------------------------------------------------------

    /** The states of the streams an operator call is applied to (one per place it is used). */
    function upstreamStates(call: TSESTree.CallExpression): StreamState[] {
      let node: TSESTree.Node = call;
      let parent = call.parent;
      while (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'TSSatisfiesExpression') {
        node = parent;
        parent = parent.parent;
      }
      if (parent.type === 'CallExpression' && parent.callee === node && parent.arguments[0]) {
        return [classify(parent.arguments[0], 0)];
      }
      if (parent.type === 'CallExpression' && parent.arguments.includes(node)) {
        return [stateAtStage(parent, node)];
      }
      // `const fetchAll = mergeMap(fetch)` (or `limit ? mergeMap(fetch, limit) : mergeMap(fetch)`) used later as `src$.pipe(fetchAll)`.
      while ((parent.type === 'ConditionalExpression' && parent.test !== node) || parent.type === 'LogicalExpression') {
        node = parent;
        parent = parent.parent;
      }
      if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') {
        const variable = tracker.variableOf(parent.id);
        const uses = (variable?.references ?? []).filter((r) => !r.init && r.isRead());
        const states = uses.flatMap((r) => {
          const use = r.identifier;
          const at = use.parent;
          return at.type === 'CallExpression' && at.arguments.includes(use as TSESTree.Identifier) ? [stateAtStage(at, use)] : [];
        });
        return states.length > 0 ? states : [UNKNOWN];
      }
      return [UNKNOWN];
    }

    /** The state of the values reaching `stage`, an argument of `pipeCall`. */
    function stateAtStage(pipeCall: TSESTree.CallExpression, stage: TSESTree.Node): StreamState {
      const index = pipeCall.arguments.indexOf(stage as TSESTree.CallExpressionArgument);
      const before = pipeCall.arguments.slice(0, index);
      const callee = unwrap(pipeCall.callee);
      if (callee.type === 'MemberExpression' && staticMemberName(callee) === 'pipe') {
        return applyStages(classify(callee.object, 0), before, 0);
      }
      if (isRxjsPipeFunction(callee)) {
        // `pipe(a, mergeMap(f))(src$)`: follow to the source when the composed operator is applied in place.
        const applied = pipeCall.parent;
        const source =
          applied.type === 'CallExpression' && applied.callee === pipeCall && applied.arguments[0] ? classify(applied.arguments[0], 0) : UNKNOWN;
        return applyStages(source, before, 0);
      }
      return UNKNOWN;
    }

    /** Types can say the values are groups even when the pipe is built elsewhere. */
    function projectTakesGroups(call: TSESTree.CallExpression, def: RxjsOperatorDef): boolean {
      if (!services || def.inner?.form !== 'function') return false;
      const arg = call.arguments[def.inner.index];
      if (!arg || !isFunctionNode(arg)) return false;
      const param = arg.params[def.inner.valueParameter ?? 0];
      return param !== undefined && rxjsTypeName(services, param, RXJS_GROUP_TYPE_NAMES) !== undefined;
    }

    // --- report -----------------------------------------------------------------------------

    return {
      CallExpression(call) {
        const op = operatorOf(call.callee);
        const spec = op?.def.concurrency;
        if (!op || !spec) return;
        const slot = concurrencySlot(call, spec);
        if (!slot || slot.kind === 'set') return;
        const states = upstreamStates(call);
        if (states.some((s) => s.grouped) || projectTakesGroups(call, op.def)) return;
        const endlessState = states.find((s) => s.completion === 'endless');
        const unknown = states.some((s) => s.completion === 'unknown');
        if (!endlessState && !(reportUnknown && unknown)) return;

        const limit = slot.kind === 'missing' ? 'no concurrency limit' : `its concurrency limit set to \`${slot.text}\``;
        context.report({
          node: call.callee,
          messageId: endlessState ? 'unbounded' : 'unboundedUnknownSource',
          data: { operator: op.name, limit, source: endlessState?.origin ?? 'unknown' },
          suggest: [
            {
              messageId: 'addConcurrency',
              data: { operator: op.name, concurrency: String(concurrency) },
              fix: (fixer) => insertLimit(fixer, sourceCode, call, slot, String(concurrency)),
            },
          ],
        });
      },
    };
  },
});

function insertLimit(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression,
  slot: Exclude<Slot, { kind: 'set' }>,
  limit: string,
): TSESLint.RuleFix | null {
  if (slot.kind === 'unbounded') return fixer.replaceText(slot.node, limit);
  const last = call.arguments.at(-1);
  if (last) return fixer.insertTextAfter(last, `, ${limit}`);
  const closing = sourceCode.getLastToken(call);
  return closing?.value === ')' ? fixer.insertTextBefore(closing, limit) : null;
}

function returnedExpressions(fn: FunctionNode): TSESTree.Node[] {
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  return returnStatements(fn.body).flatMap((r) => (r.argument ? [r.argument] : []));
}

function typeOf(services: ParserServicesWithTypeInformation, node: TSESTree.Node): ts.Type | undefined {
  const tsNode = services.esTreeNodeToTSNodeMap.get(node);
  return services.program.getTypeChecker().getTypeAtLocation(tsNode);
}

/**
 * The name of a class declared in rxjs that the node's type is, or extends (`class Feed extends
 * Subject<T>`), among `names`. Declared in rxjs, not merely named so: a local `Subject` class is not one.
 */
function rxjsTypeName(services: ParserServicesWithTypeInformation, node: TSESTree.Node, names: readonly string[]): string | undefined {
  const checker = services.program.getTypeChecker();
  const start = typeOf(services, node);
  if (!start) return undefined;
  const queue: ts.Type[] = start.isUnionOrIntersection() ? [...start.types] : [start];
  const seen = new Set<ts.Type>();
  while (queue.length > 0 && seen.size < 32) {
    const type = queue.shift();
    if (!type || seen.has(type)) continue;
    seen.add(type);
    const symbol = type.getSymbol() ?? type.aliasSymbol;
    if (symbol && names.includes(symbol.getName()) && symbol.declarations?.some((d) => /[\\/]node_modules[\\/]rxjs[\\/]/.test(d.getSourceFile().fileName))) {
      return symbol.getName();
    }
    const target = (type as ts.TypeReference).target as ts.Type | undefined;
    const cls = target ?? type;
    if (cls.isClassOrInterface()) queue.push(...checker.getBaseTypes(cls));
  }
  return undefined;
}


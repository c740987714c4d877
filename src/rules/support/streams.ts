/**
 * Helpers shared by the stream rules: what a Node Readable is (tracking first, types to confirm
 * or veto), which listeners a file registers, and the small scope questions fixes ask.
 */
import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Role } from '../../knowledge/model.js';
import { END_OF_STREAM_HELPERS, LISTENER_METHODS, ONCE_LISTENER_METHODS } from '../../knowledge/generic.js';
import {
  isFunctionNode,
  staticMemberName,
  stringValue,
  unwrap,
  type FunctionNode,
  type ImportTracker,
} from '../../knowledge/tracking/estree.js';
import { typedRole } from '../../knowledge/tracking/typed.js';
import { walk } from './walk.js';

/**
 * Whether `node` plays `role`: import tracking decides without types; with types, a tracked value
 * the checker shows to lack the shape is dropped, and an untracked value with the shape counts
 * (a stream typed in another file).
 */
export function playsRole(
  tracker: ImportTracker,
  services: ParserServicesWithTypeInformation | undefined,
  node: TSESTree.Node,
  role: Role,
): boolean {
  const tracked = tracker.hasRole(node, role);
  if (!services) return tracked;
  const verdict = typedRole(services, node, role);
  if (verdict === 'no') return false;
  return tracked || verdict === 'yes';
}

export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let n: TSESTree.Node | undefined = node.parent; n; n = n.parent) if (isFunctionNode(n)) return n;
  return undefined;
}

export function isInside(node: TSESTree.Node, ancestor: TSESTree.Node): boolean {
  return node.range[0] >= ancestor.range[0] && node.range[1] <= ancestor.range[1];
}

/** The first candidate not bound or used anywhere from `at` up to the module scope. */
export function freeName(sourceCode: Readonly<TSESLint.SourceCode>, at: TSESTree.Node, candidates: readonly string[]): string {
  let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(at);
  const taken = new Set<string>();
  for (; scope; scope = scope.upper) {
    for (const variable of scope.variables) taken.add(variable.name);
    for (const ref of scope.through) taken.add(ref.identifier.name);
  }
  const base = candidates[0] ?? 'value';
  const free = candidates.find((c) => !taken.has(c));
  if (free !== undefined) return free;
  for (let i = 2; ; i++) if (!taken.has(`${base}${String(i)}`)) return `${base}${String(i)}`;
}

/** The function a listener argument is: written inline, or a function of this file passed by name. */
export function listenerFunction(arg: TSESTree.Node | undefined, tracker: ImportTracker): FunctionNode | undefined {
  if (!arg || arg.type === 'SpreadElement') return undefined;
  const node = unwrap(arg);
  if (isFunctionNode(node)) return node;
  if (node.type !== 'Identifier') return undefined;
  const value = tracker.resolve(node);
  return value?.kind === 'function' ? value.node : undefined;
}

export interface ListenerRegistration {
  call: TSESTree.CallExpression;
  /** What the listener is attached to (`src` in `src.on('error', f)`, the stream in `finished(s, f)`). */
  emitter: TSESTree.Node;
  event: string;
  /** The listener argument as written. */
  listener: TSESTree.Node;
  once: boolean;
}

/**
 * Every listener registration of a file: `x.on/once/addListener/prependListener(event, fn)` and
 * end-of-stream helpers `finished(x, fn)` / `onFinished(x, fn)` (recorded under the event
 * 'finished', as they fire on both success and failure).
 */
export function listenerRegistrations(program: TSESTree.Program): ListenerRegistration[] {
  const found: ListenerRegistration[] = [];
  walk(program, (node) => {
    if (node.type !== 'CallExpression') return true;
    const callee = unwrap(node.callee);
    if (callee.type === 'MemberExpression') {
      const method = staticMemberName(callee);
      const event = stringValue(node.arguments[0]);
      const listener = node.arguments[1];
      if (method !== undefined && event !== undefined && listener && listener.type !== 'SpreadElement') {
        const once = ONCE_LISTENER_METHODS.has(method);
        if (once || LISTENER_METHODS.has(method)) found.push({ call: node, emitter: callee.object, event, listener, once });
      }
    }
    const helper = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
    if (helper !== undefined && END_OF_STREAM_HELPERS.has(helper)) {
      const [target, ...rest] = node.arguments;
      const listener = rest.find((a) => a.type !== 'SpreadElement' && isFunctionNode(unwrap(a))) ?? rest.find((a) => a.type === 'Identifier');
      if (target && target.type !== 'SpreadElement' && listener) {
        found.push({ call: node, emitter: target, event: 'finished', listener, once: true });
      }
    }
    return true;
  });
  return found;
}

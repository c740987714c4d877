/**
 * The call and `new` expressions of each file, found in one walk of the file and shared by every
 * analyzer. Each analyzer used to walk every node of every file again for its own calls (several
 * times over, per function); on a 2,500-file application that was a seventh of the audit.
 */
import { Node, SyntaxKind, type CallExpression, type NewExpression, type SourceFile } from 'ts-morph';

const callsByFile = new WeakMap<SourceFile, CallExpression[]>();
const newsByFile = new WeakMap<SourceFile, NewExpression[]>();

/** The call expressions of a file, in document order (an outer call before the calls inside it). */
export function callsIn(file: SourceFile): readonly CallExpression[] {
  let calls = callsByFile.get(file);
  if (!calls) {
    calls = file.getDescendantsOfKind(SyntaxKind.CallExpression);
    callsByFile.set(file, calls);
  }
  return calls;
}

/** The `new` expressions of a file, in document order. */
export function newsIn(file: SourceFile): readonly NewExpression[] {
  let news = newsByFile.get(file);
  if (!news) {
    news = file.getDescendantsOfKind(SyntaxKind.NewExpression);
    newsByFile.set(file, news);
  }
  return news;
}

/**
 * The call expressions inside `node` (not `node` itself), in document order: what
 * `node.getDescendantsOfKind(SyntaxKind.CallExpression)` returns, found in the file's list.
 */
export function callsWithin(node: Node): CallExpression[] {
  if (Node.isSourceFile(node)) return [...callsIn(node)];
  const calls = callsIn(node.getSourceFile());
  const pos = node.getPos();
  const end = node.getEnd();
  // Document order is by start position: the first call at or after `pos`, then every call that
  // starts before `end`. A call that starts where `node` does but ends later encloses it.
  let low = 0;
  let high = calls.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((calls[mid] as CallExpression).getPos() < pos) low = mid + 1;
    else high = mid;
  }
  const inside: CallExpression[] = [];
  for (let i = low; i < calls.length; i++) {
    const call = calls[i] as CallExpression;
    if (call.getPos() >= end) break;
    if (call !== node && call.getEnd() <= end) inside.push(call);
  }
  return inside;
}

import type { TSESTree } from '@typescript-eslint/utils';
import { childNodes } from '../../knowledge/tracking/estree.js';
import { checkFileBudget } from './budget.js';

/**
 * Depth-first walk in source order. The visitor returns false to skip a node's children.
 * Iterative, so deeply nested generated code cannot overflow the stack.
 */
export function walk(root: TSESTree.Node, visit: (node: TSESTree.Node) => boolean): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    checkFileBudget();
    if (!visit(node)) continue;
    const children = childNodes(node);
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
}

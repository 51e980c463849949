/**
 * Walking an ESTree program without recursion (a 5,000-deep expression must not overflow the stack)
 * and without ESLint's traversal (for modules of the project index, which ESLint never lints here).
 */
import type { TSESTree } from '@typescript-eslint/utils';

type Node = TSESTree.Node;

/** Keys that hold no child node, or nodes a walk for facts must not revisit. */
const NOT_CHILDREN = new Set(['parent', 'loc', 'range', 'tokens', 'comments']);

/** Push the child nodes of `node` (in no particular order) onto `stack`. */
export function pushChildNodes(node: Node, stack: Node[]): void {
  for (const key in node) {
    if (NOT_CHILDREN.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === 'object' && typeof (item as { type?: unknown }).type === 'string') stack.push(item as Node);
    } else if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') stack.push(value as Node);
  }
}

/** Every node of `root`'s tree, depth first, in no particular order; iterative. */
export function* allNodes(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    yield node;
    pushChildNodes(node, stack);
  }
}

/** `require('m')` with a literal argument: `m`. */
export function requiredModule(node: Node): string | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const [first] = node.arguments;
  return node.callee.type === 'Identifier' && node.callee.name === 'require' && first?.type === 'Literal' && typeof first.value === 'string' ? first.value : undefined;
}

/**
 * Small, import-aware questions about Python syntax that several rules ask.
 */
import type { PyNode } from '../../languages/python/ast.js';

/** Positional arguments of a call (keyword arguments, `*args` and `**kwargs` left out). */
export function positionalArguments(call: PyNode): PyNode[] {
  const args = call.fields.arguments;
  if (!args || args.type !== 'argument_list') return [];
  return args.children.filter(
    (arg) => arg.named && arg.type !== 'keyword_argument' && arg.type !== 'list_splat' && arg.type !== 'dictionary_splat',
  );
}

/** The keyword argument `name=` of a call, if given. */
export function keywordArgument(call: PyNode, name: string): PyNode | undefined {
  const args = call.fields.arguments;
  if (!args) return undefined;
  for (const arg of args.children) {
    if (arg.type === 'keyword_argument' && arg.fields.name?.text === name) return arg.fields.value;
  }
  return undefined;
}

/** Whether a call passes `**kwargs`, which may carry any keyword. */
export function hasKeywordSplat(call: PyNode): boolean {
  return call.fields.arguments?.children.some((arg) => arg.type === 'dictionary_splat') ?? false;
}

/** Whether `node` is a string literal with no interpolation (`"x"`, `'x' 'y'`). */
export function isConstantString(node: PyNode): boolean {
  if (node.type === 'concatenated_string') return node.children.every(isConstantString);
  return node.type === 'string' && !node.children.some((child) => child.type === 'interpolation');
}

/** Whether `node` is an f-string with at least one `{expression}`. */
export function isInterpolatedFString(node: PyNode): boolean {
  if (node.type === 'concatenated_string') return node.children.some(isInterpolatedFString);
  return node.type === 'string' && node.children.some((child) => child.type === 'interpolation');
}

/** The value of a constant string literal (escapes left as written), or undefined. */
export function stringValue(node: PyNode): string | undefined {
  if (node.type === 'concatenated_string') {
    const parts = node.children.map(stringValue);
    return parts.every((part) => part !== undefined) ? parts.join('') : undefined;
  }
  if (node.type !== 'string' || !isConstantString(node)) return undefined;
  return node.children
    .filter((child) => child.type === 'string_content' || child.type === 'escape_sequence')
    .map((child) => child.text ?? '')
    .join('');
}

/** Whether `node` is the test of `if __name__ == "__main__":` (either operand order). */
export function isMainGuard(test: PyNode): boolean {
  if (test.type !== 'comparison_operator' || test.children.length !== 3) return false;
  const [left, op, right] = test.children;
  if (op.text !== '==') return false;
  const isName = (n: PyNode) => n.type === 'identifier' && n.text === '__name__';
  const isMain = (n: PyNode) => stringValue(n) === '__main__';
  return (isName(left) && isMain(right)) || (isMain(left) && isName(right));
}

/** Whether `node` lies under an `if __name__ == "__main__":` block at module level. */
export function isUnderMainGuard(node: PyNode): boolean {
  for (let current = node.parent, child = node; current; child = current, current = current.parent) {
    if (current.type === 'if_statement' && child.field === 'consequence') {
      const condition = current.fields.condition;
      if (condition && isMainGuard(condition) && current.parent?.type === 'module') return true;
    }
  }
  return false;
}

/** The function (def or lambda) whose body contains `node`, if any. */
export function enclosingFunction(node: PyNode): PyNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda') return current;
  }
  return undefined;
}

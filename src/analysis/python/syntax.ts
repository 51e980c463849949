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
  const source = node.children
    .filter((child) => child.type === 'string_content' || child.type === 'escape_sequence')
    .map((child) => child.text ?? '')
    .join('');
  const prefix = node.children[0]?.type === 'string_start' ? (node.children[0].text ?? '') : '';
  return /r/i.test(prefix) ? source : decodeEscapes(source);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

/**
 * The value of a Python string literal's source (`X\\t` → `X` + tab): `\\n`-style escapes, octal,
 * `\\xHH`, `\\uHHHH` and `\\UHHHHHHHH`. `\\N{NAME}` and unknown escapes stay as written. One pass.
 */
export function decodeEscapes(source: string): string {
  if (!source.includes('\\')) return source;
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch !== '\\' || i + 1 >= source.length) {
      out += ch;
      continue;
    }
    const next = source[i + 1];
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i++;
      continue;
    }
    if (next === '\r') {
      i += source[i + 2] === '\n' ? 2 : 1; // a line continuation
      continue;
    }
    const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    const hex = hexLength ? source.slice(i + 2, i + 2 + hexLength) : '';
    if (hexLength && hex.length === hexLength && /^[0-9a-fA-F]+$/.test(hex) && Number.parseInt(hex, 16) <= 0x10ffff) {
      out += String.fromCodePoint(Number.parseInt(hex, 16));
      i += 1 + hexLength;
      continue;
    }
    let octal = '';
    while (octal.length < 3 && /[0-7]/.test(source[i + 1 + octal.length] ?? '')) octal += source[i + 1 + octal.length];
    if (octal) {
      out += String.fromCharCode(Number.parseInt(octal, 8));
      i += octal.length;
      continue;
    }
    out += ch;
  }
  return out;
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

/** The class definition whose body contains `node`, if any. */
export function enclosingClass(node: PyNode): PyNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'class_definition') return current;
  }
  return undefined;
}

/** The name a parameter binds (`x`, `x=1`, `x: int`, `*args`, `**kwargs`), if it binds one. */
export function parameterName(parameter: PyNode): string | undefined {
  return (parameter.type === 'identifier' ? parameter : (parameter.fields.name ?? parameter.children.find((child) => child.type === 'identifier')))?.text;
}

/** The function (def or lambda) whose body contains `node`, if any. */
export function enclosingFunction(node: PyNode): PyNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda') return current;
  }
  return undefined;
}

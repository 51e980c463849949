/**
 * Environment accessors: a project function whose whole job is returning the variable its
 * parameter names, `const getEnv = (name) => process.env[name]` or
 * `def is_env_var_true(name, default="false"): return os.getenv(name, default).lower() == "true"`.
 *
 * Such a function is the project's way of reading the environment, used at startup and elsewhere;
 * where it runs says nothing, and which variable it reads is only known at each call. So its own
 * computed read is not the finding: each call is a read of the variable the call names, judged
 * where the call is written.
 *
 * An accessor is recognised by its shape (module level, one `return` of an expression that reads
 * the environment with a parameter as the key) and, so that the rule can find its calls cheaply in
 * any file, by the word `env` in its name (`getEnv`, `env_bool`, `is_env_var_true`, `requireEnv`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { PyNode } from '../../languages/python/ast.js';
import { nameWords } from '../name-shapes.js';
import { qualifiedName, unwrap } from '../ts/names.js';
import type { TsModule } from '../ts/module-facts.js';
import type { PyModuleFacts } from '../python/module-facts.js';
import type { AnyNode, ModuleFacts } from './index.js';
import { pushChildNodes } from '../ts/walk.js';
import { parameterName } from '../python/syntax.js';

type Node = TSESTree.Node;

/** Whether a function or callee name has the word `env` (`getEnv`, `env_bool`, `ENV`). */
export function namesEnvironment(name: string | undefined): boolean {
  return name !== undefined && nameWords(name).includes('env');
}

/**
 * The position of the parameter that names the variable, when `fn` (a function node of `module`)
 * is an environment accessor; else undefined.
 */
export function envAccessorParameter(module: ModuleFacts, fn: AnyNode): number | undefined {
  return module.language === 'ts' ? tsAccessor(module, fn as Node) : pyAccessor(module, fn as PyNode);
}

function tsAccessor(module: TsModule, fn: Node): number | undefined {
  if (fn.type !== 'FunctionDeclaration' && fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') return undefined;
  const holder = fn.type === 'FunctionDeclaration' ? fn : fn.parent;
  const name = fn.type === 'FunctionDeclaration' ? fn.id?.name : holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' ? holder.id.name : undefined;
  if (!namesEnvironment(name)) return undefined;
  const declaration = holder?.type === 'VariableDeclarator' ? holder.parent : holder;
  const container = declaration?.parent?.type === 'ExportNamedDeclaration' ? declaration.parent.parent : declaration?.parent;
  if (container?.type !== 'Program') return undefined;
  // `(name) => expr` or `{ return expr; }`.
  let returned: Node | undefined;
  if (fn.body.type !== 'BlockStatement') returned = fn.body;
  else if (fn.body.body.length === 1 && fn.body.body[0].type === 'ReturnStatement') returned = fn.body.body[0].argument ?? undefined;
  if (!returned) return undefined;
  const parameters = fn.params.map((param) => (param.type === 'AssignmentPattern' ? param.left : param)).map((param) => (param.type === 'Identifier' ? param.name : undefined));
  const stack: Node[] = [returned];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'MemberExpression' && node.computed && node.property.type === 'Identifier') {
      const position = parameters.indexOf(node.property.name);
      if (position >= 0 && qualifiedName(unwrap(node.object), module.getScope(node)) === 'process.env') return position;
    }
    if (node.type === 'CallExpression' && node.arguments[0]?.type === 'Identifier' && qualifiedName(node.callee, module.getScope(node)) === 'Deno.env.get') {
      const position = parameters.indexOf(node.arguments[0].name);
      if (position >= 0) return position;
    }
    pushChildNodes(node, stack);
  }
  return undefined;
}

const PY_READERS = new Set(['os.getenv', 'os.environ.get']);

function pyAccessor(module: PyModuleFacts, fn: PyNode): number | undefined {
  if (fn.type !== 'function_definition' || !namesEnvironment(fn.fields.name?.text)) return undefined;
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  if (holder.parent?.type !== 'module') return undefined;
  // An optional docstring, then one `return`.
  const statements = (fn.fields.body?.children ?? []).filter((statement) => statement.type !== 'comment');
  const body = statements[0]?.type === 'expression_statement' && statements[0].children[0]?.type === 'string' ? statements.slice(1) : statements;
  if (body.length !== 1 || body[0].type !== 'return_statement') return undefined;
  const parameters = (fn.fields.parameters?.children ?? [])
    .filter((param) => param.type === 'identifier' || param.type === 'default_parameter' || param.type === 'typed_parameter' || param.type === 'typed_default_parameter')
    .map(parameterName);
  const stack: PyNode[] = [body[0]];
  while (stack.length) {
    const node = stack.pop()!;
    let key: PyNode | undefined;
    if (node.type === 'subscript' && node.fields.value && module.scopes.qualifiedName(node.fields.value) === 'os.environ') key = node.fields.subscript;
    if (node.type === 'call' && node.fields.function) {
      const callee = module.scopes.qualifiedName(node.fields.function);
      if (callee && PY_READERS.has(callee)) key = node.fields.arguments?.children.find((child) => child.type !== '(' && child.type !== ')' && child.type !== ',');
    }
    if (key?.type === 'identifier') {
      const position = parameters.indexOf(key.text);
      if (position >= 0) return position;
    }
    stack.push(...node.children);
  }
  return undefined;
}

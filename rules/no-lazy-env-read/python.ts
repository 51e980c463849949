import type { PyNode } from '../../src/languages/python/ast.js';
import type { PyRuleContext, PyVisitor } from '../../src/rule.js';
import { scopesOf, type PythonScopes } from '../../src/analysis/python/scope.js';
import { keywordArgument, positionalArguments, stringValue } from '../../src/analysis/python/syntax.js';
import type { MessageIds, Options } from './index.js';
import { startupNameMatcher } from './startup-names.js';

/** The environment mapping: `os.environ` (and its bytes twin). */
const ENV_MAPPINGS = new Set(['os.environ', 'os.environb']);

/** `os.getenv('X')`. */
const ENV_FUNCTIONS = new Set(['os.getenv', 'os.getenvb']);

/** Mapping methods that read one variable: `os.environ.get('X')`, `os.environ.setdefault('X', 'd')`. */
const READ_METHODS = new Set(['get', 'setdefault']);

/** Builtins that call a lambda argument right away: `list(map(lambda k: os.environ[k], KEYS))`. */
const EAGER_BUILTINS = new Set(['map', 'filter', 'sorted', 'min', 'max']);

/** Decorator names that make a function a command-line entry point (click, typer, Flask's CLI). */
const CLI_DECORATOR_ROOTS = ['click.', 'asyncclick.', 'typer.'];
const CLI_FACTORIES = new Set(['typer.Typer', 'click.Group', 'click.group', 'asyncclick.group', 'flask.cli.AppGroup']);

export function detectPython(context: PyRuleContext<MessageIds, Options>): PyVisitor {
  const [{ allow, startupFunctions }] = context.options;
  const allowed = new Set(allow);
  const isStartupName = startupNameMatcher(startupFunctions);
  let scopes: PythonScopes;

  /** Whether `node` stands for `os.environ`, through `import os as o`, `from os import environ as E` and aliases. */
  function isEnvMapping(node: PyNode | undefined): boolean {
    if (!node || (node.type !== 'identifier' && node.type !== 'attribute')) return false;
    const name = scopes.qualifiedName(node);
    return name !== undefined && ENV_MAPPINGS.has(name);
  }

  function reportRead(node: PyNode, key: PyNode | undefined): void {
    const name = key ? stringValue(key) : undefined;
    if (name !== undefined && allowed.has(name)) return;
    const late = lateFunction(node, scopes, isStartupName);
    if (!late) return;
    const fn = describe(late);
    if (name === undefined) context.report({ node, messageId: 'lazyComputedRead', data: { fn } });
    else context.report({ node, messageId: 'lazyRead', data: { name, fn } });
  }

  return {
    module() {
      scopes = scopesOf(context.sourceCode.ast);
    },
    subscript(node: PyNode) {
      // `os.environ['X']`, unless it is assigned to or deleted.
      if (!isEnvMapping(node.fields.value) || isWriteTarget(node)) return;
      reportRead(node, node.fields.subscript);
    },
    comparison_operator(node: PyNode) {
      // `'X' in os.environ`, `'X' not in os.environ`
      const operands = node.children;
      for (let i = 1; i + 1 < operands.length; i += 2) {
        const op = operands[i].text;
        if ((op === 'in' || op === 'not in') && isEnvMapping(operands[i + 1])) reportRead(node, operands[i - 1]);
      }
    },
    call(node: PyNode) {
      const callee = node.fields.function;
      if (!callee) return;
      const key = positionalArguments(node)[0] ?? keywordArgument(node, 'key');
      // `os.environ.get('X')`, `environ.setdefault('X', 'd')`
      if (callee.type === 'attribute' && READ_METHODS.has(callee.fields.attribute?.text ?? '') && isEnvMapping(callee.fields.object)) {
        reportRead(node, key);
        return;
      }
      // `os.getenv('X')`, `getenv('X')` after `from os import getenv`
      if (callee.type !== 'identifier' && callee.type !== 'attribute') return;
      const name = scopes.qualifiedName(callee);
      if (name && ENV_FUNCTIONS.has(name)) reportRead(node, key);
    },
  };
}

/** `os.environ['X'] = v`, `os.environ['X'] += v`, `del os.environ['X']`, `a, os.environ['X'] = ...`. */
function isWriteTarget(node: PyNode): boolean {
  let current = node;
  while (current.parent && ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'expression_list'].includes(current.parent.type)) {
    current = current.parent;
  }
  const parent = current.parent;
  if (!parent) return false;
  if ((parent.type === 'assignment' || parent.type === 'augmented_assignment') && current.field === 'left') return true;
  if (parent.type === 'delete_statement') return true;
  if (parent.type === 'for_statement' && current.field === 'left') return true;
  return false;
}

/**
 * The function a read runs in, when that is not startup scope. Module code, class bodies at import,
 * `if __name__ == "__main__":` blocks, decorators and default values run at import; comprehensions,
 * immediately-called lambdas and lambdas handed to `map`/`filter`/`sorted` run where they are written.
 */
function lateFunction(node: PyNode, scopes: PythonScopes, isStartupName: (name: string) => boolean): PyNode | undefined {
  for (let child = node, current = node.parent; current; child = current, current = current.parent) {
    if (current.type !== 'function_definition' && current.type !== 'lambda') continue;
    // Defaults, annotations and the name are evaluated where the function is defined.
    if (child.field !== 'body') continue;
    if (current.type === 'lambda' && lambdaRunsInPlace(current, scopes)) continue;
    return isStartupFunction(current, scopes, isStartupName) ? undefined : current;
  }
  return undefined;
}

/** `(lambda: os.environ['X'])()` and `map(lambda k: os.environ[k], KEYS)`. */
function lambdaRunsInPlace(lambda: PyNode, scopes: PythonScopes): boolean {
  let outer = lambda;
  while (outer.parent?.type === 'parenthesized_expression') outer = outer.parent;
  const parent = outer.parent;
  if (parent?.type === 'call' && outer.field === 'function') return true;
  if (parent?.type === 'argument_list' && parent.parent?.type === 'call') {
    const callee = parent.parent.fields.function;
    const name = callee && scopes.qualifiedName(callee);
    return name !== undefined && EAGER_BUILTINS.has(name);
  }
  return false;
}

/**
 * A module-level function that builds configuration or starts the program: named so
 * (`def main()`, `def load_settings()`), or a click/typer command, which is the program's entry
 * point. Methods, properties, nested functions and lambdas run whenever something calls them.
 */
function isStartupFunction(fn: PyNode, scopes: PythonScopes, isStartupName: (name: string) => boolean): boolean {
  if (fn.type !== 'function_definition') return false;
  for (let current = fn.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda' || current.type === 'class_definition') return false;
  }
  const name = fn.fields.name?.text ?? '';
  return isStartupName(name) || isCliCommand(fn, scopes, 0);
}

/** `@click.command()`, `@cli.command()` under a click group, `@app.command()` with `app = typer.Typer()`. */
function isCliCommand(fn: PyNode, scopes: PythonScopes, depth: number): boolean {
  if (depth > 5) return false;
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (!decorated) return false;
  for (const decorator of decorated.children) {
    if (decorator.type !== 'decorator') continue;
    let expression: PyNode | undefined = decorator.children[0];
    if (expression?.type === 'call') expression = expression.fields.function;
    if (!expression || (expression.type !== 'attribute' && expression.type !== 'identifier')) continue;
    const qualified = scopes.qualifiedName(expression);
    if (qualified && CLI_DECORATOR_ROOTS.some((root) => qualified.startsWith(root))) return true;
    // `@cli.command()` / `@app.command()`: the receiver is a click group or a Typer app.
    const method = expression.type === 'attribute' ? expression.fields.attribute?.text : undefined;
    const receiver = expression.type === 'attribute' ? expression.fields.object : undefined;
    if ((method === 'command' || method === 'group') && receiver?.type === 'identifier') {
      const binding = scopes.resolve(receiver);
      if (binding?.kind === 'function') {
        const definition = binding.node.parent;
        if (definition?.type === 'function_definition' && isCliCommand(definition, scopes, depth + 1)) return true;
      }
      if (binding?.kind === 'assignment' && binding.value?.type === 'call') {
        const factory = binding.value.fields.function;
        const factoryName = factory && scopes.qualifiedName(factory);
        if (factoryName && CLI_FACTORIES.has(factoryName)) return true;
      }
    }
  }
  return false;
}

/** How the message names the function: "function `handle`", "method `Settings.database_url`", "a lambda". */
function describe(fn: PyNode): string {
  if (fn.type === 'lambda') return 'a lambda';
  const name = fn.fields.name?.text ?? 'function';
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  const block = holder.parent;
  const owner = block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent.fields.name?.text : undefined;
  if (!owner) return `function \`${name}\``;
  const isProperty =
    holder.type === 'decorated_definition' &&
    holder.children.some((decorator) => {
      const text = decorator.type === 'decorator' ? decorator.children[0] : undefined;
      return (text?.type === 'identifier' && /^(?:cached_)?property$/.test(text.text ?? '')) || (text?.type === 'attribute' && /^(?:cached_property|getter)$/.test(text.fields.attribute?.text ?? ''));
    });
  return `${isProperty ? 'property' : 'method'} \`${owner}.${name}\``;
}

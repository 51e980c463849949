import type { PyNode } from '../../src/languages/python/ast.js';
import type { PyRuleContext, PyVisitor } from '../../src/rule.js';
import { scopesOf, type PythonScopes } from '../../src/analysis/python/scope.js';
import { keywordArgument, positionalArguments, stringValue } from '../../src/analysis/python/syntax.js';
import type { MessageIds, Options } from './index.js';
import { isInScriptDirectory, startupNameMatcher } from './startup-names.js';

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

const MENTIONS_ENVIRONMENT = /environ|getenv/;

export function detectPython(context: PyRuleContext<MessageIds, Options>): PyVisitor {
  const [{ allow, startupFunctions, scriptDirectories }] = context.options;
  const allowed = new Set(allow);
  const isStartupName = startupNameMatcher(startupFunctions);
  let scopes: PythonScopes;
  let startup: StartupScope;

  /** Whether `node` stands for `os.environ`, through `import os as o`, `from os import environ as E` and aliases. */
  function isEnvMapping(node: PyNode | undefined): boolean {
    if (!node || (node.type !== 'identifier' && node.type !== 'attribute')) return false;
    const name = scopes.qualifiedName(node);
    return name !== undefined && ENV_MAPPINGS.has(name);
  }

  const reported = new Set<string>();

  function reportRead(node: PyNode, key: PyNode | undefined): void {
    const name = key ? stringValue(key) : undefined;
    if (name !== undefined && allowed.has(name)) return;
    const late = startup.lateFunction(node);
    if (!late) return;
    // One finding per variable per function: `'X' in os.environ and os.environ['X']` is one read.
    const once = `${late.start}:${name ?? '\0computed'}`;
    if (reported.has(once)) return;
    reported.add(once);
    const fn = describe(late);
    if (name === undefined) context.report({ node, messageId: 'lazyComputedRead', data: { fn } });
    else context.report({ node, messageId: 'lazyRead', data: { name, fn } });
  }

  // A migration or maintenance script runs once, to completion: the whole file is startup code.
  if (isInScriptDirectory(context.filename, scriptDirectories)) return {};
  // A necessary condition, not the detection: every read form names `environ` or `getenv` somewhere
  // in the file (`os.environ`, `from os import getenv as g`). Most modules name neither, and then
  // there is no scope of startup code to work out.
  if (!MENTIONS_ENVIRONMENT.test(context.sourceCode.text)) return {};

  return {
    module() {
      scopes = scopesOf(context.sourceCode.ast);
      startup = new StartupScope(context.sourceCode.ast, scopes, isStartupName);
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
        // `os.environ.setdefault('X', 'd')` as a statement of its own sets a default: a write.
        if (callee.fields.attribute?.text === 'setdefault' && node.parent?.type === 'expression_statement') return;
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

/** Answers "does this code run at startup?" for one module, with the answers about functions memoized. */
class StartupScope {
  readonly #module: PyNode;
  readonly #scopes: PythonScopes;
  readonly #isStartupName: (name: string) => boolean;
  /** Whether each function runs only at startup; `false` while being decided, so recursion ends. */
  readonly #decided = new Map<PyNode, boolean>();
  #identifiers: Map<string, PyNode[]> | undefined;

  constructor(module: PyNode, scopes: PythonScopes, isStartupName: (name: string) => boolean) {
    this.#module = module;
    this.#scopes = scopes;
    this.#isStartupName = isStartupName;
  }

  /**
   * The function a node runs in, when that is not startup scope. Module code, class bodies at import,
   * `if __name__ == "__main__":` blocks, decorators and default values run at import; comprehensions,
   * immediately-called lambdas and lambdas handed to `map`/`filter`/`sorted` run where they are written.
   */
  lateFunction(node: PyNode): PyNode | undefined {
    for (let child = node, current = node.parent; current; child = current, current = current.parent) {
      if (current.type !== 'function_definition' && current.type !== 'lambda') continue;
      // Defaults, annotations and the name are evaluated where the function is defined.
      if (child.field !== 'body') continue;
      if (current.type === 'lambda' && lambdaRunsInPlace(current, this.#scopes)) continue;
      return this.#runsAtStartup(current) ? undefined : current;
    }
    return undefined;
  }

  /**
   * Whether a function runs only at startup: a module-level function named so (`def main()`,
   * `def load_settings()`), a click/typer command (the program's entry point), a module-level helper
   * that this module only calls from startup scope (`DEBUG = envbool("DEBUG")` in a settings module),
   * or the `__init__` of a module-level class that is only instantiated at startup
   * (`settings = Settings()`). Methods, properties, nested functions and lambdas run whenever
   * something calls them.
   */
  #runsAtStartup(fn: PyNode): boolean {
    const known = this.#decided.get(fn);
    if (known !== undefined) return known;
    this.#decided.set(fn, false);
    const result = this.#decide(fn);
    this.#decided.set(fn, result);
    return result;
  }

  #decide(fn: PyNode): boolean {
    if (fn.type !== 'function_definition') return false;
    const name = fn.fields.name?.text ?? '';
    const owner = enclosingDefinition(fn);
    if (!owner) {
      return (
        this.#isStartupName(name) ||
        hasDecorator(fn, this.#scopes, STARTUP_DECORATORS) ||
        isCliCommand(fn, this.#scopes, 0) ||
        this.#onlyCalledAtStartup(fn.fields.name)
      );
    }
    // `def main(): def _connect(): ...; _connect()`: a helper nested in startup code and called there.
    if (owner.type === 'function_definition') return this.#onlyCalledAtStartup(fn.fields.name);
    if (owner.type !== 'class_definition' || enclosingDefinition(owner)) return false;
    if (name === '__init__' || name === '__post_init__') return this.#onlyCalledAtStartup(owner.fields.name);
    // A Django management command's `handle` is a command-line entry point.
    return name === 'handle' && isManagementCommand(owner, this.#scopes);
  }

  /** Whether every use of a function or class in this module is a call at startup (and there is one). */
  #onlyCalledAtStartup(name: PyNode | undefined): boolean {
    const text = name?.text;
    if (!name || !text) return false;
    const definitions = this.#scopes.scopeOf(name).bindings.get(text) ?? [];
    // Only plain definitions (`@overload` stubs included); a name also assigned elsewhere is not followed.
    if (!definitions.length || definitions.some((binding) => binding.kind !== 'function' && binding.kind !== 'class')) return false;
    const defined = new Set(definitions.map((binding) => binding.node));
    let calls = 0;
    for (const identifier of this.#identifiersNamed(text)) {
      if (defined.has(identifier)) continue;
      const binding = this.#scopes.resolve(identifier);
      if (!binding || !defined.has(binding.node)) continue;
      // `def f(s: Settings)`: an annotation does not run the class.
      if (isInAnnotation(identifier)) continue;
      const call = identifier.parent;
      if (call?.type !== 'call' || identifier.field !== 'function') return false;
      if (this.lateFunction(call)) return false;
      calls++;
    }
    return calls > 0;
  }

  #identifiersNamed(name: string): PyNode[] {
    if (!this.#identifiers) {
      const index = new Map<string, PyNode[]>();
      const stack = [this.#module];
      while (stack.length) {
        const node = stack.pop()!;
        // `obj.name` and `f(name=1)` do not use the name.
        const isUse = node.field !== 'attribute' && !(node.field === 'name' && node.parent?.type === 'keyword_argument');
        if (node.type === 'identifier' && node.text && isUse) {
          const list = index.get(node.text);
          if (list) list.push(node);
          else index.set(node.text, [node]);
        }
        stack.push(...node.children);
      }
      this.#identifiers = index;
    }
    return this.#identifiers.get(name) ?? [];
  }
}

/** Decorators that register a function to run at startup: Django system checks. */
const STARTUP_DECORATORS = new Set(['django.core.checks.register', 'django.core.checks.registry.register']);

/** Whether a definition carries a decorator (called or not) whose qualified name is in `names`. */
function hasDecorator(fn: PyNode, scopes: PythonScopes, names: ReadonlySet<string>): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  return (decorated?.children ?? []).some((decorator) => {
    if (decorator.type !== 'decorator') return false;
    let expression: PyNode | undefined = decorator.children[0];
    if (expression?.type === 'call') expression = expression.fields.function;
    const name = expression && scopes.qualifiedName(expression);
    return name !== undefined && names.has(name);
  });
}

/** `class Command(BaseCommand)`: a Django management command. */
function isManagementCommand(definition: PyNode, scopes: PythonScopes): boolean {
  const bases = definition.fields.superclasses?.children ?? [];
  return bases.some((base) => /(?:^|\.)BaseCommand$/.test(scopes.qualifiedName(base) ?? ''));
}

/** The function or class whose body holds a definition, or undefined at module level. */
function enclosingDefinition(definition: PyNode): PyNode | undefined {
  for (let current = definition.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda' || current.type === 'class_definition') return current;
  }
  return undefined;
}

/** Whether an identifier sits in a type annotation (`x: Settings`, `-> Settings`). */
function isInAnnotation(node: PyNode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'type') return true;
    if (current.type.endsWith('statement') || current.type === 'block') return false;
  }
  return false;
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

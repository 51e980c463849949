/**
 * "Does this code run at startup?" for Python, in any module of the project.
 *
 * Startup code: module level (class bodies at import, `if __name__ == "__main__":` blocks,
 * decorators and default values included), comprehensions and lambdas that run where they are
 * written, functions named as startup code by the caller's `StartupPolicy`, app factories
 * (`create_app`), click/typer commands and Django management `handle()`, Django system checks and
 * `AppConfig.ready()`, startup hooks (`@app.on_event("startup")`, `before_serving`, Celery
 * `worker_process_init`), worker pool initializers (`Pool(initializer=f)`), ASGI lifespans
 * (`FastAPI(lifespan=f)`, `on_startup=[f]`), the `__init__` of a class only built at startup, and
 * any module-level function or method only startup code calls, in this module or, through the
 * project index, in any other (methods by the receivers of their calls), and pydantic validators of
 * a model only built at startup. Calls in tests, scripts and CLI modules never make code late.
 */
import type { PyNode } from '../../languages/python/ast.js';
import type { ProjectIndex } from '../project/index.js';
import { isAppFactoryName, type StartupPolicy } from '../startup-names.js';
import type { PyModuleFacts } from './module-facts.js';
import type { PythonScopes } from './scope.js';
import { stringValue } from './syntax.js';

/** Builtins that call a lambda argument right away: `list(map(lambda k: os.environ[k], KEYS))`. */
const EAGER_BUILTINS = new Set(['map', 'filter', 'sorted', 'min', 'max']);

/** Decorator names that make a function a command-line entry point (click, typer, Flask's CLI). */
const CLI_DECORATOR_ROOTS = ['click.', 'asyncclick.', 'typer.'];
const CLI_FACTORIES = new Set(['typer.Typer', 'click.Group', 'click.group', 'asyncclick.group', 'flask.cli.AppGroup']);

/** Decorators that register a function to run at startup: Django system checks, Celery worker start signals. */
const STARTUP_DECORATORS = new Set([
  'django.core.checks.register',
  'django.core.checks.registry.register',
  'celery.signals.worker_process_init.connect',
  'celery.signals.worker_init.connect',
  'celery.signals.celeryd_init.connect',
  'celery.signals.beat_init.connect',
]);

/** `@app.before_serving` (Quart), `@app.before_first_request` (Flask < 2.3), `@app.on_event("startup")` (FastAPI, Starlette). */
const STARTUP_HOOK_METHODS = new Set(['before_serving', 'before_first_request', 'on_startup']);

/** Keyword arguments whose function a framework runs while the program starts. */
const STARTUP_KEYWORDS = new Set(['initializer', 'lifespan', 'on_startup']);

/** pydantic decorators whose methods run while a model instance is built. */
const PYDANTIC_VALIDATOR_DECORATORS = new Set([
  'pydantic.field_validator',
  'pydantic.model_validator',
  'pydantic.validator',
  'pydantic.root_validator',
  'pydantic.functional_validators.field_validator',
  'pydantic.functional_validators.model_validator',
]);

/** `Annotated[T, AfterValidator(f)]`: pydantic runs `f` while the model is built. */
const PYDANTIC_VALIDATOR_WRAPPERS = new Set(['AfterValidator', 'BeforeValidator', 'PlainValidator', 'WrapValidator'].flatMap((name) => [`pydantic.${name}`, `pydantic.functional_validators.${name}`]));

/** Cross-module questions nest through other modules; past this depth the answer is "not startup". */
const MAX_CROSS_MODULE_DEPTH = 6;
let crossModuleDepth = 0;

const cache = new WeakMap<PyModuleFacts, Map<string, PyStartupScope>>();

/** The startup analysis of a module, cached per module and policy; `index` is asked only for cross-module questions. */
export function pyStartupScope(module: PyModuleFacts, policy: StartupPolicy, index: () => ProjectIndex | undefined): PyStartupScope {
  let byPolicy = cache.get(module);
  if (!byPolicy) {
    byPolicy = new Map();
    cache.set(module, byPolicy);
  }
  let scope = byPolicy.get(policy.key);
  if (!scope) {
    scope = new PyStartupScope(module, policy, index);
    byPolicy.set(policy.key, scope);
  }
  return scope;
}

export class PyStartupScope {
  readonly module: PyModuleFacts;
  readonly #scopes: PythonScopes;
  readonly #policy: StartupPolicy;
  readonly #index: () => ProjectIndex | undefined;
  /** Whether each function runs only at startup; `false` while being decided, so recursion ends. */
  readonly #decided = new Map<PyNode, boolean>();

  constructor(module: PyModuleFacts, policy: StartupPolicy, index: () => ProjectIndex | undefined) {
    this.module = module;
    this.#scopes = module.scopes;
    this.#policy = policy;
    this.#index = index;
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
      return this.runsAtStartup(current) ? undefined : current;
    }
    return undefined;
  }

  /** Whether a function (or lambda) runs only at startup. */
  runsAtStartup(fn: PyNode): boolean {
    const known = this.#decided.get(fn);
    if (known !== undefined) return known;
    this.#decided.set(fn, false);
    const result = this.#decide(fn);
    this.#decided.set(fn, result);
    return result;
  }

  /** Whether a module-level function or class is used nowhere in the project: not in this module, not by any other. */
  isUnused(definition: PyNode): boolean {
    const name = definition.fields.name;
    const text = name?.text;
    if (!name || !text) return false;
    const binding = this.#scopes.resolve(name);
    if (this.module.identifiersNamed(text).some((identifier) => identifier !== name && this.#scopes.resolve(identifier) === binding)) return false;
    const index = this.#index();
    return index !== undefined && index.uses(this.module, text).length === 0;
  }

  /**
   * Whether a function runs only at startup: a module-level function named so (`def main()`,
   * `def load_settings()`, `def create_app()`), a click/typer command, a startup hook, a
   * module-level helper that only startup code calls in any module of the project, or the
   * `__init__` of a module-level class that is only instantiated at startup (`settings = Settings()`).
   * Methods, properties, nested functions and lambdas run whenever something calls them.
   */
  #decide(fn: PyNode): boolean {
    if (this.#isStartupPosition(fn)) return true;
    if (fn.type !== 'function_definition') return false;
    const name = fn.fields.name?.text ?? '';
    const owner = enclosingDefinition(fn);
    if (!owner) {
      return (
        this.#policy.isStartupName(name) ||
        isAppFactoryName(name) ||
        hasDecorator(fn, this.#scopes, STARTUP_DECORATORS) ||
        this.#hasStartupHookDecorator(fn) ||
        isCliCommand(fn, this.#scopes, 0) ||
        this.#onlyUsedAtStartup(fn.fields.name, true)
      );
    }
    // `def main(): def _connect(): ...; _connect()`: a helper nested in startup code and called there.
    if (owner.type === 'function_definition') return this.#onlyUsedAtStartup(fn.fields.name, false);
    if (owner.type !== 'class_definition' || enclosingDefinition(owner)) return false;
    if (name === '__init__' || name === '__post_init__') return this.#onlyUsedAtStartup(owner.fields.name, true);
    // A Django management command's `handle` is a command-line entry point.
    if (name === 'handle') return hasBase(owner, this.#scopes, (base) => /(?:^|\.)BaseCommand$/.test(base));
    // `AppConfig.ready()` runs once, when Django starts.
    if (name === 'ready' && hasBase(owner, this.#scopes, (base) => base === 'django.apps.AppConfig')) return true;
    // `run()` of a `multiprocessing.Process` subclass is the child process's `main()`: it runs once,
    // when that process starts (what it builds there is built once, as in a `main()`).
    if (name === 'run' && this.#isProcessClass(this.module, owner, 0)) return true;
    // `@field_validator("x")` / `@model_validator(mode="after")`: run while the model is built.
    if (hasDecorator(fn, this.#scopes, PYDANTIC_VALIDATOR_DECORATORS)) return this.#onlyUsedAtStartup(owner.fields.name, true);
    return this.#methodOnlyCalledAtStartup(owner, name);
  }

  /**
   * Whether a class derives from `multiprocessing.Process`, directly or through the project's own
   * classes in any module (`class FrigateProcess(BaseProcess)`, `class BaseProcess(mp.Process)`).
   */
  #isProcessClass(module: PyModuleFacts, definition: PyNode, depth: number): boolean {
    if (depth > 4) return false;
    const scopes = module.scopes;
    for (const base of definition.fields.superclasses?.children ?? []) {
      if (base.type !== 'identifier' && base.type !== 'attribute') continue;
      if (PROCESS_CLASSES.has(scopes.qualifiedName(base) ?? '')) return true;
      const found = this.#index()?.definitionOf(module, base);
      if (found?.module.language === 'python' && (found.node as PyNode).type === 'class_definition' && this.#isProcessClass(found.module as PyModuleFacts, found.node as PyNode, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A method of a module-level class that runs only at startup: every call of `.name` in the project
   * whose receiver is this class (`self.name()` / `cls.name()` / `cls().name()` inside it,
   * `Settings.parse()`, `Settings().name()`, a module-level instance `settings.name()`) is made at
   * startup, there is one, and no call of `.name` has a receiver the index cannot tell apart (a
   * parameter, `self.client.name()`). Receivers known to be something else (another class, a
   * package import, a builtin) are not this method's calls; calls in tests, scripts and CLI modules
   * say nothing about the service.
   */
  #methodOnlyCalledAtStartup(owner: PyNode, name: string): boolean {
    if (name.startsWith('__')) return false;
    const index = this.#index();
    if (!index || crossModuleDepth >= MAX_CROSS_MODULE_DEPTH) return false;
    crossModuleDepth++;
    try {
      let uses = 0;
      for (const use of index.memberUses(this.module, name)) {
        if (use.module.language !== 'python') continue;
        const attribute = use.node as PyNode;
        const receiver = attribute.fields.object;
        const kind = receiver ? pyReceiverKind(index, use.module as PyModuleFacts, receiver, owner) : 'unknown';
        if (kind === 'other') continue;
        // `styles.setup`, `row.reload`: an attribute read on a value the index cannot tell apart is
        // far more often another object's data than this method taken as a value.
        if (kind === 'unknown' && !use.call) continue;
        const scope = use.module === this.module ? this : pyStartupScope(use.module as PyModuleFacts, this.#policy, () => index);
        const atStartup = kind === 'ours' && use.call !== undefined && !scope.lateFunction(use.call as PyNode);
        // A test, script or CLI module runs once or under a test runner: only its startup calls count.
        if (atStartup) uses++;
        else if (!index.isOneShotModule(use.module)) return false;
      }
      return uses > 0;
    } finally {
      crossModuleDepth--;
    }
  }

  /** `@app.on_event("startup")`, `@app.before_serving`, `@router.on_startup`. */
  #hasStartupHookDecorator(fn: PyNode): boolean {
    const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
    return (decorated?.children ?? []).some((decorator) => {
      if (decorator.type !== 'decorator') return false;
      const expression = decorator.children[0];
      const callee = expression?.type === 'call' ? expression.fields.function : expression;
      if (callee?.type !== 'attribute') return false;
      const method = callee.fields.attribute?.text ?? '';
      if (STARTUP_HOOK_METHODS.has(method)) return true;
      if (method !== 'on_event' || expression?.type !== 'call') return false;
      const first = expression.fields.arguments?.children[0];
      return first !== undefined && stringValue(first) === 'startup';
    });
  }

  /**
   * Where a framework runs a function (or a reference to one) while the program starts:
   * `Pool(initializer=init_worker)`, `FastAPI(lifespan=lifespan)`, `Starlette(on_startup=[connect])`,
   * `app.add_event_handler("startup", connect)`.
   */
  #isStartupPosition(node: PyNode): boolean {
    const validated = this.#validatorModel(node);
    if (validated) return this.#onlyUsedAtStartup(validated.fields.name, true);
    let current = node;
    if (current.parent?.type === 'list') current = current.parent;
    const parent = current.parent;
    if (parent?.type === 'keyword_argument' && current.field === 'value') return STARTUP_KEYWORDS.has(parent.fields.name?.text ?? '');
    if (parent?.type === 'argument_list' && parent.parent?.type === 'call') {
      const callee = parent.parent.fields.function;
      if (callee?.type === 'attribute' && callee.fields.attribute?.text === 'add_event_handler') {
        const first = parent.children[0];
        return first !== undefined && first !== current && stringValue(first) === 'startup';
      }
    }
    return false;
  }

  /**
   * `x: Annotated[Path, AfterValidator(check_path)]` in a module-level model's body: the function
   * runs when the model is built. The model's class, or undefined.
   */
  #validatorModel(node: PyNode): PyNode | undefined {
    const list = node.parent;
    if (list?.type !== 'argument_list' || list.parent?.type !== 'call') return undefined;
    const callee = list.parent.fields.function;
    const qualified = callee && this.#scopes.qualifiedName(callee);
    if (!qualified || !PYDANTIC_VALIDATOR_WRAPPERS.has(qualified)) return undefined;
    for (let current = list.parent.parent; current; current = current.parent) {
      if (current.type === 'function_definition' || current.type === 'lambda') return undefined;
      if (current.type === 'class_definition') return enclosingDefinition(current) ? undefined : current;
    }
    return undefined;
  }

  /**
   * Whether every use of a function or class, in this module and (for module-level definitions)
   * in every other module of the project, is a call at startup or a startup position, and there is one.
   */
  #onlyUsedAtStartup(name: PyNode | undefined, acrossModules: boolean): boolean {
    const text = name?.text;
    if (!name || !text) return false;
    const definitions = this.#scopes.scopeOf(name).bindings.get(text) ?? [];
    // Only plain definitions (`@overload` stubs included); a name also assigned elsewhere is not followed.
    if (!definitions.length || definitions.some((binding) => binding.kind !== 'function' && binding.kind !== 'class')) return false;
    const defined = new Set(definitions.map((binding) => binding.node));
    let uses = 0;
    for (const identifier of this.module.identifiersNamed(text)) {
      if (defined.has(identifier)) continue;
      const binding = this.#scopes.resolve(identifier);
      if (!binding || !defined.has(binding.node)) continue;
      // `def f(s: Settings)`: an annotation does not run the class (`AfterValidator(f)` in one does).
      if (isInAnnotation(identifier) && !this.#validatorModel(identifier)) continue;
      if (!isStartupUse(this, identifier)) return false;
      uses++;
    }
    if (acrossModules) {
      const index = this.#index();
      if (!index || crossModuleDepth >= MAX_CROSS_MODULE_DEPTH) return uses > 0 && index === undefined;
      crossModuleDepth++;
      try {
        for (const use of index.uses(this.module, text)) {
          if (use.module.language !== 'python') return false;
          const other = pyStartupScope(use.module, this.#policy, () => index);
          if (isInAnnotation(use.node as PyNode) && !other.#validatorModel(use.node as PyNode)) continue;
          // A test, script or CLI module runs once or under a test runner: only its startup calls count.
          if (isStartupUse(other, use.node as PyNode)) uses++;
          else if (!index.isOneShotModule(use.module)) return false;
        }
      } finally {
        crossModuleDepth--;
      }
    }
    return uses > 0;
  }

  /** Whether a use (an identifier or `mod.name` attribute) is a call at startup or a startup position. */
  static isStartupUse(scope: PyStartupScope, use: PyNode): boolean {
    const call = use.parent;
    if (call?.type === 'call' && use.field === 'function') return !scope.lateFunction(call);
    return scope.#isStartupPosition(use) && !scope.lateFunction(use);
  }
}

const isStartupUse = (scope: PyStartupScope, use: PyNode) => PyStartupScope.isStartupUse(scope, use);

/**
 * Whether the receiver of a method call stands for `owner` (`self` / `cls` / `cls()` inside it, the
 * class, `Owner()`, a module-level `x = Owner()`), for something else the index knows (another
 * class, a package import, a builtin, `super()`), or for something it cannot tell.
 */
function pyReceiverKind(index: ProjectIndex, module: PyModuleFacts, receiver: PyNode, owner: PyNode): 'ours' | 'other' | 'unknown' {
  let expression = receiver;
  while (expression.type === 'parenthesized_expression' && expression.children.length) expression = expression.children.find((child) => child.type !== '(' && child.type !== ')') ?? expression;
  let instance = false;
  if (expression.type === 'call') {
    const callee = expression.fields.function;
    if (!callee) return 'unknown';
    if (callee.type === 'identifier' && callee.text === 'super') return 'other';
    expression = callee;
    instance = true;
  }
  if (expression.type !== 'identifier') return 'unknown';
  const text = expression.text ?? '';
  const binding = module.scopes.resolve(expression);
  // `self.x()` / `cls.x()` / `cls().x()`: the method's own class, when the use sits in it.
  if (binding?.kind === 'parameter' && (text === 'self' || text === 'cls')) {
    const method = enclosingDefinition(expression);
    const cls = method && enclosingDefinition(method);
    return cls === owner ? 'ours' : cls?.type === 'class_definition' ? 'other' : 'unknown';
  }
  if (!binding) return 'other';
  if (binding.kind === 'assignment' && !instance) {
    // `prefs = Settings()` at module level, then `prefs.reload()`.
    const value = binding.value;
    if (value?.type !== 'call' || !value.fields.function || module.scopes.scopeOf(binding.node) !== module.scopes.module) return 'unknown';
    const built = index.definitionOf(module, value.fields.function);
    return built ? (built.node === owner ? 'ours' : 'other') : 'unknown';
  }
  const definition = index.definitionOf(module, expression);
  if (definition) return definition.node === owner ? 'ours' : definition.node.type === 'class_definition' || definition.node.type === 'function_definition' ? 'other' : 'unknown';
  // An import the project does not hold: a package's class or module.
  if (binding.kind === 'import') {
    const imported = module.imports.get(binding.node);
    if (imported && index.resolve(module, { level: imported.level, module: imported.module }) === undefined) return 'other';
  }
  return 'unknown';
}

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

/** Whether a class has a base whose qualified name passes `test` (`class Command(BaseCommand)`). */
function hasBase(definition: PyNode, scopes: PythonScopes, test: (qualified: string) => boolean): boolean {
  const bases = definition.fields.superclasses?.children ?? [];
  return bases.some((base) => test(scopes.qualifiedName(base) ?? ''));
}

/** The process classes of `multiprocessing`, whose subclasses' `run()` is a child process's main. */
const PROCESS_CLASSES = new Set(['multiprocessing.Process', 'multiprocessing.context.Process', 'multiprocessing.process.BaseProcess']);

/** The function or class whose body holds a definition, or undefined at module level. */
export function enclosingDefinition(definition: PyNode): PyNode | undefined {
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

/** Calls that end the process: `sys.exit(1)`, `exit(1)`, `os._exit(1)` (qualified names). */
const EXIT_CALLS = new Set(['sys.exit', 'exit', 'quit', 'os._exit']);

/**
 * A fatal message at import time: an output statement at module level (not inside a function)
 * followed, in its own block, only by more such statements and then by `raise SystemExit(...)` /
 * `sys.exit(...)`. The program stops before it has configured logging (settings modules run this
 * at import, as Django and Flask settings do), so the console is the operator's only channel.
 * `isOutput` says which statements are output (the caller's own recognition of `print`).
 */
export function isFatalImportMessage(call: PyNode, scopes: PythonScopes, isOutput: (statement: PyNode) => boolean): boolean {
  const statement = call.parent;
  if (statement?.type !== 'expression_statement' || statement.children[0] !== call) return false;
  for (let current = statement.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda' || current.type === 'class_definition') return false;
    if (current.type === 'module') break;
  }
  const siblings = statement.parent?.children ?? [];
  for (let i = siblings.indexOf(statement) + 1; i < siblings.length; i++) {
    const next = siblings[i];
    if (next.type === 'comment') continue;
    if (next.type === 'raise_statement') {
      const raised = next.children[0];
      const exception = raised?.type === 'call' ? raised.fields.function : raised;
      return exception?.type === 'identifier' && exception.text === 'SystemExit';
    }
    if (next.type === 'expression_statement' && next.children[0]?.type === 'call') {
      const callee = next.children[0].fields.function;
      const name = callee ? scopes.qualifiedName(callee) : undefined;
      if (name !== undefined && EXIT_CALLS.has(name)) return true;
      if (isOutput(next)) continue;
    }
    return false;
  }
  return false;
}

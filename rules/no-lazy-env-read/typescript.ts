import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TsContext } from '../../src/rule.js';
import { propertyName, qualifiedName, unwrap } from '../../src/analysis/ts/names.js';
import { isBundlerConstant } from '../../src/analysis/ts/frameworks.js';
import type { MessageIds, Options } from './index.js';
import { isInScriptDirectory, startupNameMatcher } from './startup-names.js';

type Scope = TSESLint.Scope.Scope;
type Node = TSESTree.Node;
type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Objects whose properties are environment variables. */
const ENV_OBJECTS = new Set(['process.env', 'Bun.env']);

/** `Deno.env.get('X')` / `Deno.env.has('X')`. */
const ENV_CALLS = new Set(['Deno.env.get', 'Deno.env.has']);

/** Array methods that call their callback synchronously, where it is written. */
const SYNC_CALLBACK_METHODS = new Set(['map', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap']);

/** Object.prototype methods called on the env object (`process.env.hasOwnProperty('X')`), not variables. */
const OBJECT_METHODS = new Set(['hasOwnProperty', 'toString', 'valueOf', 'propertyIsEnumerable', 'isPrototypeOf', 'toLocaleString']);

/** Where a read happens: undefined for startup scope, else the function that runs later. */
type LateContext = { kind: 'function'; fn: FunctionNode } | { kind: 'field'; field: TSESTree.PropertyDefinition | TSESTree.AccessorProperty };

const MENTIONS_ENVIRONMENT = /process|Deno|Bun/;

export function detectTypeScript(context: TsContext<MessageIds, Options>): TSESLint.RuleListener {
  const [{ allow, startupFunctions, scriptDirectories }] = context.options;
  const allowed = new Set(allow);
  const { sourceCode } = context;
  // A necessary condition, not the detection: every read form names `process`, `Deno` or `Bun`
  // somewhere in the file (`process.env`, `import { env } from 'node:process'`, `Bun.env`). Most
  // modules name none, and then there is no scope of startup code to work out.
  if (!MENTIONS_ENVIRONMENT.test(sourceCode.text)) return {};
  const isStartupName = startupNameMatcher(startupFunctions);
  const startup = new StartupScope(sourceCode, isStartupName);

  function scopeOf(node: Node): Scope {
    return sourceCode.getScope(node) as Scope;
  }

  /** Whether `node` stands for `process.env` / `Bun.env`, through aliases and imports. */
  function isEnvObject(node: Node): boolean {
    const name = qualifiedName(node, scopeOf(node));
    return name !== undefined && ENV_OBJECTS.has(name);
  }

  const reported = new Map<Node, Set<string | undefined>>();

  /** Report a read of `name` (undefined when computed) at `node` unless it happens at startup. */
  function reportRead(node: Node, name: string | undefined): void {
    if (name !== undefined && allowed.has(name)) return;
    // `process.env.NEXT_PUBLIC_API_URL`: the bundler writes the value in at build time.
    if (name !== undefined && isBundlerConstant(name)) return;
    const late = startup.lateContext(node);
    if (!late) return;
    // One finding per variable per function: `process.env.X ? Number(process.env.X) : d` is one read.
    const owner = late.kind === 'function' ? late.fn : late.field;
    const seen = reported.get(owner) ?? new Set<string | undefined>();
    if (seen.has(name)) return;
    seen.add(name);
    reported.set(owner, seen);
    const fn = describe(late, sourceCode);
    if (name === undefined) context.report({ node, messageId: 'lazyComputedRead', data: { fn } });
    else context.report({ node, messageId: 'lazyRead', data: { name, fn } });
  }

  /** `const { PORT, HOST = 'x' } = process.env` and `const { env: { PORT } } = process`. */
  function checkPattern(pattern: TSESTree.ObjectPattern, base: string | undefined): void {
    if (base === undefined) return;
    for (const property of pattern.properties) {
      // `...rest` copies the whole environment: not a read of a variable.
      if (property.type !== 'Property') continue;
      const key = property.computed
        ? property.key.type === 'Literal' && typeof property.key.value === 'string'
          ? property.key.value
          : undefined
        : property.key.type === 'Identifier'
          ? property.key.name
          : property.key.type === 'Literal'
            ? String(property.key.value)
            : undefined;
      if (ENV_OBJECTS.has(base)) {
        reportRead(property.key, key);
        continue;
      }
      const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
      if (value.type === 'ObjectPattern' && key !== undefined) checkPattern(value, `${base}.${key}`);
    }
  }

  // A migration or maintenance script runs once, to completion: the whole file is startup code.
  if (isInScriptDirectory(context.filename, scriptDirectories)) return {};

  return {
    MemberExpression(node) {
      if (!isEnvObject(node.object)) return;
      if (isWriteTarget(node)) return;
      const name = propertyName(node);
      // `process.env.hasOwnProperty('X')` is a method of the object, not a variable named hasOwnProperty.
      if (name && OBJECT_METHODS.has(name) && node.parent.type === 'CallExpression' && node.parent.callee === node) return;
      reportRead(node, name);
    },
    VariableDeclarator(node) {
      if (node.id.type !== 'ObjectPattern' || !node.init) return;
      checkPattern(node.id, qualifiedName(node.init, scopeOf(node)));
    },
    AssignmentExpression(node) {
      if (node.left.type !== 'ObjectPattern') return;
      checkPattern(node.left, qualifiedName(node.right, scopeOf(node)));
    },
    BinaryExpression(node) {
      // `'DATABASE_URL' in process.env`
      if (node.operator !== 'in' || !isEnvObject(node.right)) return;
      const key = node.left.type === 'Literal' && typeof node.left.value === 'string' ? node.left.value : undefined;
      reportRead(node, key);
    },
    CallExpression(node) {
      const name = qualifiedName(node.callee, scopeOf(node));
      if (!name || !ENV_CALLS.has(name)) return;
      const [first] = node.arguments;
      const key = first?.type === 'Literal' && typeof first.value === 'string' ? first.value : staticTemplate(first);
      reportRead(node, key);
    },
  };
}

/** The value of a template literal with no expressions. */
function staticTemplate(node: Node | undefined): string | undefined {
  return node?.type === 'TemplateLiteral' && node.expressions.length === 0 ? (node.quasis[0]?.value.cooked ?? undefined) : undefined;
}

/** `process.env.X = v`, `process.env.X ??= v`, `process.env.X++`, `delete process.env.X`: writes, not reads. */
function isWriteTarget(node: TSESTree.MemberExpression): boolean {
  let current: Node = node;
  // Destructuring targets: `({ a: process.env.X } = obj)`, `[process.env.X] = list`.
  while (
    current.parent &&
    (current.parent.type === 'Property' || current.parent.type === 'ObjectPattern' || current.parent.type === 'ArrayPattern' || current.parent.type === 'AssignmentPattern') &&
    !(current.parent.type === 'AssignmentPattern' && current.parent.right === current) &&
    !(current.parent.type === 'Property' && current.parent.key === current)
  ) {
    current = current.parent;
  }
  const parent = current.parent;
  if (!parent) return false;
  if (parent.type === 'AssignmentExpression' && parent.left === current) return true;
  if (parent.type === 'UpdateExpression') return true;
  if (parent.type === 'UnaryExpression' && parent.operator === 'delete') return true;
  return false;
}

/**
 * Answers "does this code run at startup?" for one file, with the answers about functions and
 * classes memoized (`false` while being decided, so mutual recursion ends).
 */
class StartupScope {
  readonly #sourceCode: TsContext<MessageIds, Options>['sourceCode'];
  readonly #isStartupName: (name: string) => boolean;
  readonly #decided = new Map<Node, boolean>();

  constructor(sourceCode: TsContext<MessageIds, Options>['sourceCode'], isStartupName: (name: string) => boolean) {
    this.#sourceCode = sourceCode;
    this.#isStartupName = isStartupName;
  }

  /**
   * The function a node runs in, when that is not startup scope. Immediately-invoked functions and
   * synchronous array callbacks run where they are written, so the search goes on through them.
   * A class's static fields, static blocks and decorators run when the class is defined; instance
   * field initializers run in the constructor.
   */
  lateContext(node: Node): LateContext | undefined {
    for (let child: Node = node, current = node.parent; current; child = current, current = current.parent) {
      if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') {
        if (runsInPlace(current)) continue;
        return this.#memo(current, () => this.#functionRunsAtStartup(current)) ? undefined : { kind: 'function', fn: current };
      }
      if ((current.type === 'PropertyDefinition' || current.type === 'AccessorProperty') && current.value === child && !current.static) {
        const owner = current.parent.parent;
        return this.#memo(owner, () => this.#onlyInstantiatedAtStartup(owner)) ? undefined : { kind: 'field', field: current };
      }
    }
    return undefined;
  }

  #memo(node: Node, decide: () => boolean): boolean {
    const known = this.#decided.get(node);
    if (known !== undefined) return known;
    this.#decided.set(node, false);
    const result = decide();
    this.#decided.set(node, result);
    return result;
  }

  /**
   * A function runs only at startup when it is a top-level function named so (`async function main()`,
   * `const loadConfig = () => ...`), a function this file only calls from startup scope and does not
   * export (a config helper, or a helper nested in `main` and called there), or the constructor of a
   * class this file only instantiates at startup (`export default new Metrics()`). Methods, callbacks
   * and handlers run whenever something calls them.
   */
  #functionRunsAtStartup(fn: FunctionNode): boolean {
    if (isStartupFunction(fn, this.#isStartupName)) return true;
    const parent = fn.parent;
    if (parent.type === 'MethodDefinition' && parent.kind === 'constructor') {
      const owner = parent.parent.parent;
      return this.#memo(owner, () => this.#onlyInstantiatedAtStartup(owner));
    }
    if (fn.type === 'FunctionDeclaration' && fn.id) return this.#onlyCalledAtStartup(fn, fn.id.name, 'CallExpression');
    if (parent.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') {
      return this.#onlyCalledAtStartup(parent, parent.id.name, 'CallExpression');
    }
    return false;
  }

  #onlyInstantiatedAtStartup(owner: Node): boolean {
    if (owner.type === 'ClassDeclaration' && owner.id) return this.#onlyCalledAtStartup(owner, owner.id.name, 'NewExpression');
    if (owner.type === 'ClassExpression' && owner.parent.type === 'VariableDeclarator' && owner.parent.id.type === 'Identifier') {
      return this.#onlyCalledAtStartup(owner.parent, owner.parent.id.name, 'NewExpression');
    }
    return false;
  }

  /**
   * Whether every use of the function or class that `declaration` declares is a call (or `new`) at
   * startup scope, and there is one. An exported declaration may be called from anywhere.
   */
  #onlyCalledAtStartup(declaration: Node, name: string, callType: 'CallExpression' | 'NewExpression'): boolean {
    const statement = declaration.type === 'VariableDeclarator' ? declaration.parent.parent : declaration.parent;
    if (statement?.type === 'ExportNamedDeclaration' || statement?.type === 'ExportDefaultDeclaration') return false;
    const variable = this.#sourceCode.getDeclaredVariables(declaration).find((candidate) => candidate.name === name);
    if (!variable) return false;
    let calls = 0;
    for (const reference of variable.references) {
      if (reference.init) continue;
      // `let m: Metrics`: a type does not run anything.
      if ((reference as { isTypeReference?: boolean }).isTypeReference && !(reference as { isValueReference?: boolean }).isValueReference) continue;
      const use = reference.identifier as Node;
      const call = use.parent;
      if (call?.type !== callType || call.callee !== use) return false;
      if (this.lateContext(call)) return false;
      calls++;
    }
    return calls > 0;
  }
}

/** `(async () => {...})()`, `void (function () {...})()`, `['A', 'B'].map((k) => ...)`. */
function runsInPlace(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent.type === 'CallExpression' && parent.callee === fn) return true;
  if (parent.type === 'CallExpression' && parent.arguments[0] === fn) {
    const callee = unwrap(parent.callee);
    return callee.type === 'MemberExpression' && SYNC_CALLBACK_METHODS.has(propertyName(callee) ?? '');
  }
  return false;
}

/** The name a function is known by: its own, or the variable or property it is assigned to. */
function functionName(fn: FunctionNode): string | undefined {
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent.type === 'MethodDefinition' || parent.type === 'Property' || parent.type === 'PropertyDefinition') && !parent.computed) {
    if (parent.key.type === 'Identifier') return parent.key.name;
    if (parent.key.type === 'PrivateIdentifier') return `#${parent.key.name}`;
  }
  if (parent.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression') return propertyName(parent.left);
  return undefined;
}

/**
 * A top-level function whose name says it builds configuration or starts the program:
 * `async function main()`, `export const loadConfig = () => ...`. Methods, callbacks and nested
 * functions run whenever something calls them, so they never count.
 */
function isStartupFunction(fn: FunctionNode, isStartupName: (name: string) => boolean): boolean {
  const parent = fn.parent;
  const named = fn.type === 'FunctionDeclaration' || (parent.type === 'VariableDeclarator' && parent.init === fn);
  if (!named) return false;
  const name = functionName(fn);
  if (!name || !isStartupName(name)) return false;
  for (let current: Node | undefined = parent; current; current = current.parent) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') {
      if (!runsInPlace(current)) return false;
    }
    if (current.type === 'ClassBody') return false;
  }
  return true;
}

/** How the message names the late context: "function `getUser`", "method `UserService.find`". */
function describe(late: LateContext, sourceCode: TsContext<MessageIds, Options>['sourceCode']): string {
  if (late.kind === 'field') {
    const owner = className(late.field.parent.parent);
    return `a field initializer of ${owner ? `class \`${owner}\`` : 'a class'}, run by its constructor`;
  }
  const fn = late.fn;
  const parent = fn.parent;
  if (parent.type === 'MethodDefinition') {
    const owner = className(parent.parent.parent);
    const name = functionName(fn) ?? 'computed';
    const qualified = owner ? `${owner}.${name}` : name;
    if (parent.kind === 'constructor') return owner ? `the constructor of \`${owner}\`` : 'a class constructor';
    if (parent.kind === 'get') return `getter \`${qualified}\``;
    if (parent.kind === 'set') return `setter \`${qualified}\``;
    return `method \`${qualified}\``;
  }
  const name = functionName(fn);
  if (name) return `function \`${name}\``;
  if (parent.type === 'CallExpression' && parent.callee !== fn) {
    const callee = unwrap(parent.callee);
    const text = sourceCode.getText(callee);
    const shown = text.length <= 40 ? text : callee.type === 'MemberExpression' ? `…${propertyName(callee) ?? ''}` : 'a call';
    return `a callback passed to \`${shown}\``;
  }
  if (parent.type === 'ExportDefaultDeclaration') return 'the default-exported function';
  return 'an anonymous function';
}

function className(node: Node | undefined): string | undefined {
  if ((node?.type === 'ClassDeclaration' || node?.type === 'ClassExpression') && node.id) return node.id.name;
  if (node?.type === 'ClassExpression' && node.parent.type === 'VariableDeclarator' && node.parent.id.type === 'Identifier') {
    return node.parent.id.name;
  }
  return undefined;
}

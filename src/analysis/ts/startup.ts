/**
 * "Does this code run at startup?" for TS/JS, in any module of the project.
 *
 * Startup code: module top level (class static fields, static blocks and decorators included),
 * immediately-invoked functions and synchronous array callbacks there, functions whose name says
 * they start the program or build configuration (the caller's `StartupPolicy`) and app factories,
 * NestJS providers (the constructor and field initializers of a default-scoped `@Injectable()`,
 * `@Controller()` or `@Module()` class, `onModuleInit` / `onApplicationBootstrap`, `useFactory`,
 * `registerAs` factories, `ConfigModule.forRoot({ validate })`), and any function, class or method
 * that only startup code uses, in this module or, through the project index, in any other: methods
 * by the receivers of their calls, callbacks a project function calls in its own body, the function
 * a decorator factory returns. Calls in tests, scripts and CLI modules never make code late.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { ProjectIndex } from '../project/index.js';
import type { TsModule } from './module-facts.js';
import { isAppFactoryName, isDevelopmentFlagName, nameWords, type StartupPolicy } from '../startup-names.js';
import { findVariable, propertyName, qualifiedName, unwrap } from './names.js';
import { tsEnvValidators } from './env-validators.js';

type Node = TSESTree.Node;
export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Where code runs when it is not startup code: a function, or an instance field initializer (run by the constructor). */
export type LateContext = { kind: 'function'; fn: FunctionNode } | { kind: 'field'; field: TSESTree.PropertyDefinition | TSESTree.AccessorProperty };

/** Array methods that call their callback synchronously, where it is written. */
const SYNC_CALLBACK_METHODS = new Set(['map', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap']);

/** Class decorators whose classes NestJS instantiates once, when the application starts. */
const DI_CLASS_DECORATORS = new Set([
  '@nestjs/common.Injectable',
  '@nestjs/common.Controller',
  '@nestjs/common.Module',
  '@nestjs/common.Global',
  '@nestjs/graphql.Resolver',
  '@nestjs/websockets.WebSocketGateway',
]);

/** Lifecycle hooks NestJS calls once, while the application starts. */
const STARTUP_HOOKS = new Set(['onModuleInit', 'onApplicationBootstrap']);

/** Cross-module questions nest through other modules; past this depth the answer is "not startup". */
const MAX_CROSS_MODULE_DEPTH = 6;
let crossModuleDepth = 0;

const scopes = new WeakMap<TsModule, Map<string, TsStartupScope>>();

/**
 * The startup analysis of a module, cached per module and policy. `index` gives the project index
 * (a function, so that a file with no cross-module question never builds it).
 */
export function tsStartupScope(module: TsModule, policy: StartupPolicy, index: () => ProjectIndex | undefined): TsStartupScope {
  let byPolicy = scopes.get(module);
  if (!byPolicy) {
    byPolicy = new Map();
    scopes.set(module, byPolicy);
  }
  let scope = byPolicy.get(policy.key);
  if (!scope) {
    scope = new TsStartupScope(module, policy, index);
    byPolicy.set(policy.key, scope);
  }
  return scope;
}

export class TsStartupScope {
  readonly module: TsModule;
  readonly #policy: StartupPolicy;
  readonly #index: () => ProjectIndex | undefined;
  /** Whether each function or class runs (is used) only at startup; `false` while being decided, so recursion ends. */
  readonly #decided = new Map<Node, boolean>();

  constructor(module: TsModule, policy: StartupPolicy, index: () => ProjectIndex | undefined) {
    this.module = module;
    this.#policy = policy;
    this.#index = index;
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
        if (runsInPlace(current) || this.#calledInPlaceByCallee(current)) continue;
        return this.#memo(current, () => this.#functionRunsAtStartup(current)) ? undefined : { kind: 'function', fn: current };
      }
      if ((current.type === 'PropertyDefinition' || current.type === 'AccessorProperty') && current.value === child && !current.static) {
        const owner = current.parent.parent;
        return this.#memo(owner, () => this.#classBuiltAtStartup(owner)) ? undefined : { kind: 'field', field: current };
      }
    }
    return undefined;
  }

  /** Whether a function (declaration, expression or arrow) runs only at startup. */
  runsAtStartup(fn: FunctionNode): boolean {
    return this.#memo(fn, () => this.#functionRunsAtStartup(fn));
  }

  /**
   * Whether a function or class is used nowhere in the project (no call, no reference) by this
   * module or by any other: a validator defined and never called. `declaration` is the function
   * declaration or the variable declarator.
   */
  isUnused(declaration: Node, name: string): boolean {
    const variable = this.module.getDeclaredVariables(declaration).find((candidate) => candidate.name === name);
    if (!variable) return false;
    if (variable.references.some((reference) => !reference.init)) return false;
    const index = this.#index();
    if (!index) return false;
    return this.#exportNames(name).every((exported) => index.uses(this.module, exported).length === 0);
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
   * `const loadConfig = () => ...`, an app factory), sits where a framework runs it at startup
   * (`useFactory`, `registerAs`), is a startup lifecycle hook, is the constructor of a class built
   * only at startup, or is a function that only startup code calls, in any module of the project.
   * Methods, callbacks and handlers run whenever something calls them.
   */
  #functionRunsAtStartup(fn: FunctionNode): boolean {
    if (isStartupFunction(fn, this.#policy)) return true;
    if (this.#isStartupPosition(fn)) return true;
    const parent = fn.parent;
    if (parent.type === 'MethodDefinition' && parent.kind === 'constructor') {
      const owner = parent.parent.parent;
      return this.#memo(owner, () => this.#classBuiltAtStartup(owner));
    }
    if (parent.type === 'MethodDefinition' && !parent.computed && parent.key.type === 'Identifier' && STARTUP_HOOKS.has(parent.key.name)) return true;
    if (parent.type === 'MethodDefinition' && parent.kind === 'method') return this.#methodOnlyCalledAtStartup(parent);
    // `const Deprecated = (note) => (target, key) => {...}` used only as `@Deprecated('...')`: the
    // returned function is the decorator, run where the class is defined.
    const factory = returnedBy(fn);
    if (factory) {
      if (factory.type === 'FunctionDeclaration' && factory.id) return this.#onlyUsedAtStartup(factory, factory.id.name, 'CallExpression', true);
      if (factory.parent.type === 'VariableDeclarator' && factory.parent.init === factory && factory.parent.id.type === 'Identifier') {
        return this.#onlyUsedAtStartup(factory.parent, factory.parent.id.name, 'CallExpression', true);
      }
    }
    if (fn.type === 'FunctionDeclaration' && fn.id) return this.#onlyUsedAtStartup(fn, fn.id.name, 'CallExpression');
    if (parent.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') {
      return this.#onlyUsedAtStartup(parent, parent.id.name, 'CallExpression');
    }
    return false;
  }

  /**
   * `remember('prisma', () => new PrismaClient(...))`: a function handed to a project function that
   * calls that parameter in its own body (not in a callback of its own) runs while the call runs,
   * where the call is written.
   */
  #calledInPlaceByCallee(fn: FunctionNode): boolean {
    const call = fn.parent;
    if (call.type !== 'CallExpression' || call.callee === fn) return false;
    const position = (call.arguments as Node[]).indexOf(fn);
    if (position < 0 || call.arguments.slice(0, position).some((argument) => argument.type === 'SpreadElement')) return false;
    return this.#memo(fn.parent, () => {
      const index = this.#index();
      const definition = index?.definitionOf(this.module, call.callee);
      if (!definition || definition.module.language !== 'ts') return false;
      const callee = definition.node as Node;
      if (callee.type !== 'FunctionDeclaration' && callee.type !== 'FunctionExpression' && callee.type !== 'ArrowFunctionExpression') return false;
      let parameter = callee.params[position] as Node | undefined;
      if (parameter?.type === 'AssignmentPattern') parameter = parameter.left;
      if (parameter?.type !== 'Identifier') return false;
      const name = parameter.name;
      const variable = definition.module.getDeclaredVariables(callee).find((candidate) => candidate.name === name);
      return (variable?.references ?? []).some((reference) => {
        const use = reference.identifier as Node;
        return use.parent?.type === 'CallExpression' && use.parent.callee === use && enclosingFunction(use) === callee;
      });
    });
  }

  /**
   * A method of a module-level class that runs only at startup: every call of `.name` in the project
   * whose receiver is this class (`this.name()` inside it, `Config.register()`, `new Config().name()`,
   * an exported instance `config.name()`) is made at startup, there is one, and no call of `.name`
   * has a receiver the index cannot tell apart (a parameter, `this.service.name()`). Receivers known
   * to be something else (another class, an import from a package) are not this method's calls;
   * calls in tests, scripts and CLI modules say nothing about the service.
   */
  #methodOnlyCalledAtStartup(method: TSESTree.MethodDefinition): boolean {
    if (method.computed || method.key.type !== 'Identifier') return false;
    const owner = method.parent.parent;
    if (!isModuleLevel(owner)) return false;
    const index = this.#index();
    if (!index || crossModuleDepth >= MAX_CROSS_MODULE_DEPTH) return false;
    crossModuleDepth++;
    try {
      let uses = 0;
      for (const use of index.memberUses(this.module, method.key.name)) {
        if (use.module.language !== 'ts') continue;
        const member = use.node as TSESTree.MemberExpression;
        // `if (isDev) { app.get('/_e2e/snapshot', () => Database.connect()) }`: not in the deployed service.
        if (isDevelopmentOnly(member)) continue;
        const receiver = receiverKind(index, use.module as TsModule, member.object, owner);
        if (receiver === 'other') continue;
        // A static method is called on its class, which a module names only by importing it:
        // `conn.connect()` in a module that does not import the class's module is another object's.
        if (receiver === 'unknown' && method.static && use.module !== this.module && !importsModule(index, use.module as TsModule, this.module.file)) continue;
        // `styles.setup`, `row.reload`: an attribute read on a value the index cannot tell apart is
        // far more often another object's data than this method taken as a value.
        if (receiver === 'unknown' && !use.call) continue;
        const scope = use.module === this.module ? this : tsStartupScope(use.module as TsModule, this.#policy, () => index);
        const atStartup = receiver === 'ours' && use.call !== undefined && !scope.lateContext(use.call as Node);
        // A test, script or CLI module runs once or under a test runner: only its startup calls count.
        if (atStartup) uses++;
        else if (!index.isOneShotModule(use.module)) return false;
      }
      return uses > 0;
    } finally {
      crossModuleDepth--;
    }
  }

  /** A class whose instances are built only at startup: a default-scoped DI provider, or one only startup code instantiates. */
  #classBuiltAtStartup(owner: Node): boolean {
    if ((owner.type === 'ClassDeclaration' || owner.type === 'ClassExpression') && this.#isSingletonProvider(owner)) return true;
    if (owner.type === 'ClassDeclaration' && owner.id) return this.#onlyUsedAtStartup(owner, owner.id.name, 'NewExpression');
    if (owner.type === 'ClassExpression' && owner.parent.type === 'VariableDeclarator' && owner.parent.id.type === 'Identifier') {
      return this.#onlyUsedAtStartup(owner.parent, owner.parent.id.name, 'NewExpression');
    }
    return false;
  }

  /** `@Injectable()` / `@Controller()` / `@Module()`, not `@Injectable({ scope: Scope.REQUEST })` or `TRANSIENT`. */
  #isSingletonProvider(owner: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
    return (owner.decorators ?? []).some((decorator) => {
      const expression = unwrap(decorator.expression);
      const callee = expression.type === 'CallExpression' ? expression.callee : expression;
      const name = qualifiedName(callee, this.module.getScope(decorator));
      if (!name || !DI_CLASS_DECORATORS.has(name)) return false;
      const options = expression.type === 'CallExpression' ? expression.arguments.find((argument) => argument.type === 'ObjectExpression') : undefined;
      const scope = options?.type === 'ObjectExpression' ? options.properties.find((p) => p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'scope') : undefined;
      if (scope?.type !== 'Property') return true;
      const value = qualifiedName(scope.value as Node, this.module.getScope(decorator));
      return !(value?.endsWith('Scope.REQUEST') || value?.endsWith('Scope.TRANSIENT'));
    });
  }

  /**
   * Where a framework runs a function (or a reference to one) while the application starts:
   * `{ provide: X, useFactory: () => ... }`, `registerAs('db', () => ...)`,
   * `ConfigModule.forRoot({ validate })`.
   */
  #isStartupPosition(node: Node): boolean {
    const parent = node.parent;
    if (parent?.type === 'Property' && parent.value === node && !parent.computed && parent.key.type === 'Identifier') {
      if (parent.key.name === 'useFactory') return true;
      if (parent.key.name === 'validate' || parent.key.name === 'load') {
        const call = parent.parent.parent;
        if (call?.type === 'CallExpression') {
          const name = qualifiedName(call.callee, this.module.getScope(call));
          if (name === '@nestjs/config.ConfigModule.forRoot' || name === '@nestjs/config.ConfigModule.forRootAsync') return true;
        }
      }
      return false;
    }
    // `load: [databaseConfig, () => ...]`
    if (parent?.type === 'ArrayExpression') return this.#isStartupPosition(parent);
    // `X: z.preprocess((v) => v ?? process.env.Y, z.string())` in the schema a module-level
    // `createEnv({...})` / `schema.parse(process.env)` validates: run by that validation.
    if (parent?.type === 'CallExpression' && parent.callee !== node && this.#isEnvSchemaCallback(parent)) return true;
    if (parent?.type === 'CallExpression' && parent.arguments[1] === node) {
      return qualifiedName(parent.callee, this.module.getScope(parent)) === '@nestjs/config.registerAs';
    }
    return false;
  }

  /**
   * Whether `call` hands a callback to a zod schema (`z.preprocess(fn, ...)`, `.transform(fn)`,
   * `.refine(fn)`, `.default(fn)`...) at the module level of a module that validates the environment
   * at its module level (t3-env's `createEnv`, `schema.parse(process.env)`): such schemas are the
   * environment schema, and their callbacks run while it is validated, at startup.
   */
  #isEnvSchemaCallback(call: TSESTree.CallExpression): boolean {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression' || !ZOD_CALLBACK_METHODS.has(propertyName(callee) ?? '')) return false;
    if (!isZodChain(this.module, callee.object) || enclosingFunction(call) !== undefined) return false;
    return tsEnvValidators(this.module).some((validator) => enclosingFunction(validator.call) === undefined);
  }

  /** The names this module exports a local declaration as (`export function f`, `export { f as g }`, `export default f`). */
  #exportNames(local: string): string[] {
    const names: string[] = [];
    for (const [exported, entry] of this.module.exports) if (entry.kind === 'local' && entry.local === local) names.push(exported);
    return names;
  }

  /**
   * Whether every use of the function or class that `declaration` declares, in this module and in
   * every other module of the project, is a call (or `new`) at startup or a startup position, and
   * there is one.
   */
  #onlyUsedAtStartup(declaration: Node, name: string, callType: 'CallExpression' | 'NewExpression', asDecorator = false): boolean {
    const variable = this.module.getDeclaredVariables(declaration).find((candidate) => candidate.name === name);
    if (!variable) return false;
    let uses = 0;
    for (const reference of variable.references) {
      if (reference.init) continue;
      // `let m: Metrics`: a type does not run anything.
      if ((reference as { isTypeReference?: boolean }).isTypeReference && !(reference as { isValueReference?: boolean }).isValueReference) continue;
      const use = reference.identifier as Node;
      // `ReturnType<typeof createClient>`: a type query does not run anything either.
      if (isInTypePosition(use)) continue;
      // `export { loadConfig }`, `module.exports = { SetupDatabase }`: the other modules' uses are counted below.
      if (use.parent?.type === 'ExportSpecifier' || use.parent?.type === 'ExportDefaultDeclaration' || isCommonJsExportValue(use)) continue;
      // `if (isDev) { ... }`: not in the deployed service; `provide: S`: a DI token, nothing is built.
      if (isDevelopmentOnly(use) || isInjectionToken(use)) continue;
      const call = use.parent?.type === callType && (use.parent as TSESTree.CallExpression).callee === use ? use.parent : undefined;
      if (asDecorator && call?.parent?.type !== 'Decorator') return false;
      if (!this.#isStartupUse(this, use, call)) return false;
      uses++;
    }
    const exported = this.#exportNames(name);
    if (exported.length) {
      const index = this.#index();
      if (!index || crossModuleDepth >= MAX_CROSS_MODULE_DEPTH) return false;
      crossModuleDepth++;
      try {
        for (const exportName of exported) {
          for (const use of index.uses(this.module, exportName)) {
            if (use.module.language !== 'ts') return false;
            if (isInTypePosition(use.node as Node) || isDevelopmentOnly(use.node as Node) || isInjectionToken(use.node as Node)) continue;
            const other = tsStartupScope(use.module, this.#policy, () => index);
            const call = use.call && (use.call as Node).type === callType ? (use.call as Node) : undefined;
            const atStartup = (!asDecorator || call?.parent?.type === 'Decorator') && this.#isStartupUse(other, use.node as Node, call);
            // A test, script or CLI module runs once or under a test runner: only its startup calls count.
            if (atStartup) uses++;
            else if (!index.isOneShotModule(use.module)) return false;
          }
        }
      } finally {
        crossModuleDepth--;
      }
    }
    return uses > 0;
  }

  /** A use that runs the function at startup: a call made at startup, or a startup position reached at startup. */
  #isStartupUse(scope: TsStartupScope, use: Node, call: Node | undefined): boolean {
    if (call) return !scope.lateContext(call);
    return (scope.#isStartupPosition(use) || scope.#isProviderPosition(use, 0)) && !scope.lateContext(use);
  }

  /**
   * Where NestJS builds a class once, while the application starts: `{ provide: S, useClass: C }`
   * (not with `scope: Scope.REQUEST` / `TRANSIENT`), `providers: [C]`, or the value a function
   * returns when that function is only called in such a position
   * (`useClass: storageClass(process.env.STORAGE)` with `return AzureStorage`).
   */
  #isProviderPosition(node: Node, depth: number): boolean {
    const parent = node.parent;
    if (!parent || depth > 2) return false;
    if (parent.type === 'Property' && parent.value === node && !parent.computed && parent.key.type === 'Identifier') {
      if (parent.key.name !== 'useClass' || parent.parent.type !== 'ObjectExpression') return false;
      return !parent.parent.properties.some((property) => {
        if (property.type !== 'Property' || property.computed || property.key.type !== 'Identifier' || property.key.name !== 'scope') return false;
        const value = qualifiedName(property.value as Node, this.module.getScope(property));
        return value === undefined || value.endsWith('Scope.REQUEST') || value.endsWith('Scope.TRANSIENT');
      });
    }
    if (parent.type === 'ArrayExpression') {
      const holder = parent.parent;
      // `providers: [C]`, or `const PROVIDERS = [C]` later spread or given as `providers: PROVIDERS`.
      if (holder?.type === 'VariableDeclarator' && holder.init === parent && holder.id.type === 'Identifier') return nameWords(holder.id.name).includes('providers');
      return holder?.type === 'Property' && holder.value === parent && !holder.computed && holder.key.type === 'Identifier' && holder.key.name === 'providers';
    }
    // `return kind === 'azure' ? Azure : Disk`
    if (parent.type === 'ConditionalExpression' && parent.test !== node) return this.#isProviderPosition(parent, depth);
    const returned = parent.type === 'ReturnStatement' ? enclosingFunction(parent) : parent.type === 'ArrowFunctionExpression' && parent.body === node ? parent : undefined;
    if (!returned) return false;
    const declaration =
      returned.type === 'FunctionDeclaration' && returned.id ? returned : returned.parent?.type === 'VariableDeclarator' && returned.parent.init === returned ? returned.parent : undefined;
    if (!declaration) return false;
    const name = declaration.type === 'FunctionDeclaration' ? declaration.id?.name : declaration.id.type === 'Identifier' ? declaration.id.name : undefined;
    const variable = name === undefined ? undefined : this.module.getDeclaredVariables(declaration).find((candidate) => candidate.name === name);
    if (!variable || this.#exportNames(variable.name).length) return false;
    const references = variable.references.filter((reference) => !reference.init);
    return (
      references.length > 0 &&
      references.every((reference) => {
        const use = reference.identifier as Node;
        return use.parent?.type === 'CallExpression' && use.parent.callee === use && this.#isProviderPosition(use.parent, depth + 1) && !this.lateContext(use.parent);
      })
    );
  }
}

/** zod methods that take a callback the schema runs while it parses. */
const ZOD_CALLBACK_METHODS = new Set(['preprocess', 'transform', 'refine', 'superRefine', 'default', 'catch', 'pipe']);

/** Whether an expression is `z` from zod or a chain of calls on it (`z.string().url()`). */
function isZodChain(module: TsModule, node: Node): boolean {
  let current = unwrap(node);
  for (let depth = 0; depth < 50; depth++) {
    if (current.type === 'CallExpression') current = unwrap(current.callee);
    else if (current.type === 'MemberExpression') current = unwrap(current.object);
    else break;
  }
  if (current.type !== 'Identifier') return false;
  const name = qualifiedName(current, module.getScope(current));
  return name === 'zod' || name?.startsWith('zod.') === true;
}

/** The function that returns `fn` itself: `(a) => (b) => {...}`, `function f() { return function () {...}; }`. */
function returnedBy(fn: FunctionNode): FunctionNode | undefined {
  const parent = fn.parent;
  if (parent.type === 'ArrowFunctionExpression' && parent.body === fn) return parent;
  if (parent.type === 'ReturnStatement') {
    const outer = enclosingFunction(parent);
    if (outer && (outer.type === 'FunctionDeclaration' || outer.type === 'FunctionExpression' || outer.type === 'ArrowFunctionExpression')) return outer;
  }
  return undefined;
}

/** The function whose own body holds a node (undefined at module level). */
function enclosingFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') return current;
  }
  return undefined;
}

/** `typeof x` in a type, `x` in `let a: x.T`: a name in a type runs nothing. */
function isInTypePosition(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'TSTypeQuery' || current.type === 'TSTypeAnnotation' || current.type === 'TSTypeReference' || current.type === 'TSTypeAliasDeclaration' || current.type === 'TSInterfaceDeclaration') return true;
    if (!current.type.startsWith('TS') && current.type !== 'MemberExpression' && current.type !== 'Identifier') return false;
  }
  return false;
}

/** A class declared at module level (exported or not), or a class expression assigned to a module-level variable. */
function isModuleLevel(owner: Node): owner is TSESTree.ClassDeclaration | TSESTree.ClassExpression {
  if (owner.type !== 'ClassDeclaration' && owner.type !== 'ClassExpression') return false;
  let holder: Node | undefined = owner;
  if (owner.type === 'ClassExpression') {
    if (owner.parent.type !== 'VariableDeclarator') return false;
    holder = owner.parent.parent;
  }
  if (!holder) return false;
  let parent = holder.parent;
  if (parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration') parent = parent.parent;
  return parent?.type === 'Program';
}

/**
 * Whether the receiver of a member call stands for `owner` (its own `this`, the class, a `new` of it,
 * a variable holding one), for something else the index knows (another class, a package import, a
 * global), or for something it cannot tell (a parameter, a property, a call's result).
 */
function receiverKind(index: ProjectIndex, module: TsModule, receiver: Node, owner: Node): 'ours' | 'other' | 'unknown' {
  const expression = unwrap(receiver);
  if (expression.type === 'ThisExpression') {
    for (let current: Node | undefined = expression.parent; current; current = current.parent) {
      // A `function` has its own `this`; an arrow function shares its class's.
      if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression') {
        if (current.parent?.type !== 'MethodDefinition' && current.parent?.type !== 'PropertyDefinition') return 'unknown';
      }
      if (current.type === 'ClassBody') return current.parent === owner ? 'ours' : 'other';
    }
    return 'unknown';
  }
  if (expression.type === 'Super') return 'other';
  if (expression.type === 'NewExpression') {
    const definition = index.definitionOf(module, expression.callee);
    return definition ? (definition.node === owner ? 'ours' : 'other') : 'unknown';
  }
  if (expression.type !== 'Identifier') return 'unknown';
  const variable = findVariable(module.getScope(expression), expression.name);
  // `JSON.parse`, `console.log`: a global, not a project class.
  if (!variable || variable.defs.length === 0) return 'other';
  const definition = index.definitionOf(module, expression);
  if (definition) {
    const node = unwrap(definition.node as Node);
    if (node === owner) return 'ours';
    if (node.type === 'NewExpression') {
      const built = index.definitionOf(definition.module, node.callee);
      return built ? (built.node === owner ? 'ours' : 'other') : 'unknown';
    }
    return node.type === 'ClassDeclaration' || node.type === 'ClassExpression' || node.type === 'FunctionDeclaration' || node.type === 'ObjectExpression' ? 'other' : 'unknown';
  }
  // An import the project does not hold: a package's class or object.
  const imported = module.imports.find((candidate) => candidate.variable === variable);
  if (imported && index.resolve(module, imported.source) === undefined) return 'other';
  // `const { default: insights } = await import('applicationinsights')`: the same, loaded lazily.
  const declarator = variable.defs[0]?.node as Node | undefined;
  if (declarator?.type === 'VariableDeclarator' && declarator.init) {
    let init = unwrap(declarator.init);
    if (init.type === 'AwaitExpression') init = unwrap(init.argument);
    if (init.type === 'ImportExpression' && init.source.type === 'Literal' && typeof init.source.value === 'string' && index.resolve(module, init.source.value) === undefined) return 'other';
  }
  return 'unknown';
}

/** `{ provide: S, useFactory }`, `inject: [S]`, `exports: [S]`, `@Inject(S)`: a NestJS token names a provider without building it. */
function isInjectionToken(use: Node): boolean {
  let node: Node = use;
  if (node.parent?.type === 'ArrayExpression') node = node.parent;
  const parent = node.parent;
  if (parent?.type === 'Property' && parent.value === node && !parent.computed && parent.key.type === 'Identifier') {
    return parent.key.name === 'provide' ? node === use : parent.key.name === 'inject' || parent.key.name === 'exports';
  }
  return parent?.type === 'CallExpression' && parent.callee.type === 'Identifier' && parent.callee.name === 'Inject' && parent.parent?.type === 'Decorator';
}

/** Whether a module imports (ES `import` or `require`) the given file. */
function importsModule(index: ProjectIndex, module: TsModule, file: string): boolean {
  return module.imports.some((imported) => index.resolve(module, imported.source) === file);
}

/** `module.exports = X`, `module.exports = { X }`, `exports.X = X`: the module hands X on, nothing runs. */
function isCommonJsExportValue(use: Node): boolean {
  let value: Node = use;
  if (value.parent?.type === 'Property' && value.parent.value === value && value.parent.parent.type === 'ObjectExpression') value = value.parent.parent;
  const assignment = value.parent;
  if (assignment?.type !== 'AssignmentExpression' || assignment.right !== value || assignment.left.type !== 'MemberExpression') return false;
  const target = assignment.left;
  const isModuleExports = (node: Node) => node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === 'module' && propertyName(node) === 'exports';
  return isModuleExports(target) || (target.object.type === 'Identifier' && target.object.name === 'exports') || isModuleExports(target.object);
}

/**
 * Code that runs only in development: the consequent of `if (isDev)`, `if (process.env.NODE_ENV ===
 * 'development')`, or the right of `isDev && ...`.
 */
function isDevelopmentOnly(node: Node): boolean {
  for (let child: Node = node, current = node.parent; current; child = current, current = current.parent) {
    if (current.type === 'IfStatement' && current.consequent === child && isDevelopmentTest(current.test)) return true;
    if (current.type === 'LogicalExpression' && current.operator === '&&' && current.right === child && isDevelopmentTest(current.left)) return true;
    if (current.type === 'Program') return false;
  }
  return false;
}

function isDevelopmentTest(test: Node): boolean {
  const expression = unwrap(test);
  if (expression.type === 'Identifier') return isDevelopmentFlagName(expression.name);
  if (expression.type === 'MemberExpression' && !expression.computed) return isDevelopmentFlagName(propertyName(expression) ?? '');
  if (expression.type === 'BinaryExpression' && (expression.operator === '===' || expression.operator === '==')) {
    const sides = [expression.left, expression.right];
    const literal = sides.find((side) => side.type === 'Literal' && (side.value === 'development' || side.value === 'dev'));
    const other = sides.find((side) => side !== literal);
    return literal !== undefined && other?.type === 'MemberExpression' && propertyName(other) === 'NODE_ENV';
  }
  if (expression.type === 'LogicalExpression' && expression.operator === '&&') return isDevelopmentTest(expression.left) || isDevelopmentTest(expression.right);
  return false;
}

/** `(async () => {...})()`, `void (function () {...})()`, `['A', 'B'].map((k) => ...)`. */
export function runsInPlace(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent.type === 'CallExpression' && parent.callee === fn) return true;
  if (parent.type === 'CallExpression' && parent.arguments[0] === fn) {
    const callee = unwrap(parent.callee);
    return callee.type === 'MemberExpression' && SYNC_CALLBACK_METHODS.has(propertyName(callee) ?? '');
  }
  return false;
}

/** The name a function is known by: its own, or the variable or property it is assigned to. */
export function functionName(fn: FunctionNode): string | undefined {
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
 * `async function main()`, `export const loadConfig = () => ...`, `export function buildServer()`.
 * Methods, callbacks and nested functions run whenever something calls them, so they never count.
 */
function isStartupFunction(fn: FunctionNode, policy: StartupPolicy): boolean {
  const parent = fn.parent;
  const named = fn.type === 'FunctionDeclaration' || (parent.type === 'VariableDeclarator' && parent.init === fn);
  if (!named) return false;
  const name = functionName(fn);
  if (!name || !(policy.isStartupName(name) || isAppFactoryName(name))) return false;
  for (let current: Node | undefined = parent; current; current = current.parent) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') {
      if (!runsInPlace(current)) return false;
    }
    if (current.type === 'ClassBody') return false;
  }
  return true;
}


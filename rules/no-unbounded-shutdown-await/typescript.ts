import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TsContext } from '../../src/rule.js';
import { findVariable, propertyName, qualifiedName, unwrap } from '../../src/analysis/ts/names.js';
import { snippet } from '../../src/analysis/snippet.js';
import { readSourceForScan } from '../../src/analysis/project/files.js';
import { projectIndex, type Definition, type ModuleFacts, type TsModule } from '../../src/analysis/project/index.js';
import {
  classMethod,
  displayName,
  functionName,
  handlerRegistration,
  isForcedExitTimer as isSharedForcedExitTimer,
  listenerFunction,
  mayRegisterHandlers,
  methodOfClass,
  NEST_SHUTDOWN_HOOKS,
  moduleName,
  type FunctionLookup,
} from '../../src/analysis/ts/shutdown.js';
import { SELF_BOUNDED_SHUTDOWNS } from '../../src/analysis/shutdown-names.js';
import type { MessageIds, Options } from './index.js';

type Scope = TSESLint.Scope.Scope;
type Node = TSESTree.Node;
type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Names that say a race member settles on a timer: `sleep(ms)`, `delay(ms)`, `timeoutAfter(ms)`, `deadline`. */
const TIMER_NAME = /sleep|delay|timeout|timer|deadline/i;

/** Names of plain delays, bounded when awaited on their own: `await sleep(100)`. */
const DELAY_NAME = /^(?:sleep|delay)$/i;

/** Option keys that bound a call: `{ signal }`, `{ timeout: 5000 }`, `{ timeoutMs }`, `{ closeTimeout }`. */
const BOUNDING_OPTION = /^(?:signal|abortSignal)$|timeout/i;

/** Clocks: a loop that reads one can compare against a deadline. */
const CLOCKS = new Set(['Date.now', 'performance.now', 'perf_hooks.performance.now', 'process.hrtime', 'process.hrtime.bigint']);

/** Closing a local file descriptor: local teardown, not a wait (see `isLocalFileClose`). */
const LOCAL_FILE_CLOSE = new Set(['fs.close', 'fs.promises.close', 'fs/promises.close', 'fs.closeSync']);

/** Node `http.Server` methods that drop open connections, so a `close()` after them does not wait on keep-alive clients. */
const DROP_ALL_CONNECTIONS = new Set(['closeAllConnections', 'closeIdleConnections']);

/** Promise continuations that run the rest of a shutdown after the promise settles (`.catch` alone does not wait for anything). */
const CONTINUATIONS = new Set(['then', 'finally']);

/** How deep the project's own functions are followed from a handler (`shutdown()` -> `stop()` -> `drain()`). */
const MAX_FOLLOW_DEPTH = 3;

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** Where a class name is looked up: the module that holds it (this file, or another of the project). */
interface ClassLookup {
  scopeOf: (node: Node) => Scope;
  module: ModuleFacts;
}

/** A class or interface of the project, with the module it is declared in. */
interface ClassRef {
  node: ClassNode | TSESTree.TSInterfaceDeclaration;
  at: ClassLookup;
}
type LoopNode = TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement;

interface Handler {
  fn: FunctionNode;
  /** How the message names the handler: "the SIGTERM handler", "`shutdown()`". */
  label: string;
  /** The recognised handler this one is run by (itself for a recognised one): named in the labels of the functions it calls. */
  root: string;
  /**
   * Whether every way this handler runs is through a registered handler that armed a forced-exit
   * timer before calling it (`setTimeout(() => process.exit(1), ms); void shutdown()`).
   */
  callerBounded: boolean;
}

export function detectTypeScript(context: TsContext<MessageIds, Options>): TSESLint.RuleListener {
  const [{ shutdownFunctions, timeoutFunctions }] = context.options;
  const byName = new Set(shutdownFunctions);
  const wrappers = new Set(timeoutFunctions);
  const { sourceCode } = context;
  const handlers = new Map<FunctionNode, Handler>();

  /**
   * Scope and text lookups of the module being judged: this file, or (while a wait is searched for in a
   * function another module defines) that module, so the same predicates judge code in any file.
   */
  let scopeOfNode = (node: Node): Scope => sourceCode.getScope(node) as Scope;
  let textOf = (node: Node): string => sourceCode.getText(node);
  function scopeOf(node: Node): Scope {
    return scopeOfNode(node);
  }
  /** The project index, asked only when a handler uses something this file does not define. */
  let project: { index: ReturnType<typeof projectIndex>['index']; module: ModuleFacts } | undefined;
  function index(): NonNullable<typeof project> {
    project ??= projectIndex(context);
    return project;
  }
  /** Whether the module a callee is imported from can hold a wrapper or registry (read, not parsed; see `mayRegisterHandlers`). */
  function importMayRegister(callee: Node): boolean {
    let root = unwrap(callee);
    while (root.type === 'MemberExpression') root = unwrap(root.object);
    const def = root.type === 'Identifier' ? findVariable(scopeOf(root), root.name)?.defs[0] : undefined;
    const declaration = def?.type === 'ImportBinding' ? def.parent : undefined;
    if (declaration?.type !== 'ImportDeclaration') return false;
    const source = declaration.source.value;
    const known = importCache.get(source);
    if (known !== undefined) return known;
    const { index: projectIdx, module } = index();
    const file = projectIdx.resolve(module, source);
    const text = file === undefined ? undefined : readSourceForScan(file);
    const may = text !== undefined && mayRegisterHandlers(text);
    importCache.set(source, may);
    return may;
  }

  /** Whether an import's module can hold a wrapper or registry, by import source. */
  const importCache = new Map<string, boolean>();
  /** `externalFunction` answers by the callee's text (an imported name, or a member of one). */
  const externalCache = new Map<string, Definition | null>();
  /** Calls and registrations whose function another module defines: judged once every handler is known. */
  const crossFile: { node: Node; definition: Definition; handler: Handler; awaited: boolean }[] = [];
  /** `requiredMember`'s table, built on first use. */
  let requiredProperties: Map<string, string> | undefined;

  function addHandler(fn: FunctionNode, label: string, callerBounded = false, root = label): Handler {
    const existing = handlers.get(fn);
    if (existing) {
      existing.callerBounded &&= callerBounded;
      return existing;
    }
    const handler = { fn, label, root, callerBounded };
    handlers.set(fn, handler);
    return handler;
  }

  /** Make the function a registration names a handler; `via` is the project function or list it was added with, when a runner runs it. */
  function register(listener: Node, what: string, via?: string): void {
    const fn = functionOf(listener, scopeOf(listener));
    if (!fn) {
      // `process.on('SIGTERM', shutdown)` with `shutdown` imported from a module of the project
      const expr = unwrap(listener);
      if (expr.type === 'Identifier' || expr.type === 'MemberExpression') {
        const definition = externalFunction(expr);
        if (definition) crossFile.push({ node: listener, definition, handler: { fn: undefined as never, label: what, root: what, callerBounded: false }, awaited: false });
      }
      return;
    }
    const name = displayName(fn);
    const named = name && !isInline(listener);
    const label = via === undefined ? (named ? `\`${name}()\` (${what})` : what) : named ? `\`${name}()\` (run by ${what})` : `the callback given to \`${via}()\` (run by ${what})`;
    addHandler(fn, label, false, what);
  }

  function onFunction(fn: FunctionNode): void {
    const name = functionName(fn);
    if (!name) return;
    if (byName.has(name)) addHandler(fn, `\`${name}()\``);
    else if (NEST_SHUTDOWN_HOOKS.has(name) && fn.parent?.type === 'MethodDefinition') addHandler(fn, `the ${name} hook`);
  }

  return {
    FunctionDeclaration: onFunction,
    FunctionExpression: onFunction,
    ArrowFunctionExpression: onFunction,
    CallExpression(node) {
      // `process.on('SIGTERM', handler)` (also through `import process from 'node:process'` and signal
      // lists), Fastify `addHook('onClose', handler)`, and the project's wrappers and registries of them.
      const registration = handlerRegistration(node, scopeOf, lookupFunction);
      if (registration) register(registration.listener, registration.what, registration.runner ? registration.through : undefined);
    },
    'Program:exit'() {
      followCalls();
      for (const handler of handlers.values()) checkHandler(handler);
      checkCrossFile();
    },
  };

  /** The project function a callee names: one of this file (`onSignal`, `this.stop`), or one another module defines. */
  function lookupFunction(callee: Node): ReturnType<FunctionLookup> {
    const local = functionOf(callee, scopeOf(callee));
    if (local) return { fn: local, scopeOf };
    if (!importMayRegister(callee)) return undefined;
    const definition = externalFunction(callee);
    if (!definition) return undefined;
    const module = definition.module as TsModule;
    return { fn: definition.node as FunctionNode, scopeOf: (node) => module.getScope(node) as Scope };
  }

  /**
   * A function another module of the project defines, called (or registered) by a handler here:
   * `import { stopWorkers } from './workers'`, `workers.stopAll()` on a namespace import. Undefined for
   * packages, classes and anything the index cannot see.
   */
  function externalFunction(callee: Node): Definition | undefined {
    const expr = unwrap(callee);
    if (expr.type !== 'Identifier' && (expr.type !== 'MemberExpression' || expr.object.type === 'ThisExpression')) return undefined;
    // Only what this file imports: a global or a parameter is not the project's.
    let root: Node = expr;
    while (root.type === 'MemberExpression') root = unwrap(root.object);
    const variable = root.type === 'Identifier' ? findVariable(scopeOf(root), root.name) : undefined;
    if (!variable || variable.defs[0]?.type !== 'ImportBinding') return undefined;
    // Every call of an imported function is asked about (is it a registration?): one index query per name.
    const key = `${variable.name}${expr === root ? '' : sourceCode.getText(expr).slice(variable.name.length)}`;
    const known = externalCache.get(key);
    if (known !== undefined) return known ?? undefined;
    const { index: projectIdx, module } = index();
    const definition = projectIdx.definitionOf(module, expr);
    const found = definition && definition.module.file !== module.file && definition.module.language === 'ts' && isFunction(definition.node as Node) ? definition : undefined;
    externalCache.set(key, found ?? null);
    return found;
  }

  /**
   * Report each call (or registration) of another module's function whose body, or the project functions it
   * calls a few calls deep, waits without a bound: at the call, with the path. A function that is a shutdown
   * handler by name in its own module (`shutdown()`) reports its own waits there, so a wrapper that only
   * awaits it is not reported again.
   */
  function checkCrossFile(): void {
    for (const { node, definition, handler, awaited } of crossFile) {
      if (handler.callerBounded) continue;
      if (handler.fn) {
        const timerAt = firstForcedExitTimer(handler.fn);
        if (timerAt !== undefined && timerAt < node.range[0]) continue;
      }
      if (isOwnHandler(definition)) continue;
      const path = findWait(definition, 0, new Set());
      if (!path) continue;
      const what = `\`${definition.name}()\``;
      const reportNode = awaited && node.parent?.type === 'AwaitExpression' ? node.parent : node;
      context.report({ node: reportNode, messageId: 'unboundedCallPath', data: { path: [what, ...path].join(' -> '), handler: handler.label } });
    }
  }

  /** Whether another module's function is a shutdown handler there by its name (its waits are reported in its own file). */
  function isOwnHandler(definition: Definition): boolean {
    const fn = definition.node as FunctionNode;
    const name = functionName(fn) ?? definition.name;
    return byName.has(name) || (NEST_SHUTDOWN_HOOKS.has(name) && fn.parent?.type === 'MethodDefinition');
  }

  /**
   * The first unbounded wait in a function of another module, as the path to it: `['`await db.end()`']`, or
   * `['`drain()`', '`await queue.close()`']` through a project function it awaits. Undefined when every wait is
   * bounded (or a forced-exit timer comes first).
   */
  function findWait(definition: Definition, depth: number, seen: Set<Node>): string[] | undefined {
    const fn = definition.node as FunctionNode;
    if (depth > MAX_FOLLOW_DEPTH || seen.has(fn) || definition.module.language !== 'ts') return undefined;
    seen.add(fn);
    const module = definition.module as TsModule;
    const saved = [scopeOfNode, textOf] as const;
    scopeOfNode = (node) => module.getScope(node) as Scope;
    textOf = (node) => module.text.slice(node.range[0], node.range[1]);
    try {
      if (firstForcedExitTimer(fn) !== undefined) return undefined;
      let found: string[] | undefined;
      // `const closeDb = () => pool.end()`: the returned promise is what the caller awaits.
      const returned: Node[] = fn.body.type === 'BlockStatement' ? [] : [fn.body];
      const droppedAt = connectionsDroppedAt(fn);
      walkOwnBody(fn, (node) => {
        if (found) return;
        if (node.type === 'AwaitExpression' && closesServerAfter(node, droppedAt)) return;
        if (node.type === 'ReturnStatement' && node.argument) returned.push(node.argument);
        if ((node.type === 'WhileStatement' || node.type === 'DoWhileStatement' || node.type === 'ForStatement') && isPollLoop(node)) {
          found = [`\`${node.type === 'ForStatement' ? 'for (;;)' : `while (${snippet(node.test ? textOf(node.test) : '', 30)})`}\` poll loop`];
        }
        if (node.type === 'AwaitExpression') found = waitAt(node.argument, module, depth, seen, 'await ');
      });
      for (const value of returned) found ??= waitAt(value, module, depth, seen, '');
      return found;
    } finally {
      [scopeOfNode, textOf] = saved;
    }
  }

  /** The path to an unbounded wait on an awaited (or returned) expression of another module, following project calls. */
  function waitAt(expression: Node, module: TsModule, depth: number, seen: Set<Node>, prefix: string): string[] | undefined {
    const expr = unwrap(expression);
    if (expr.type !== 'CallExpression' && expr.type !== 'NewExpression' && prefix === '') return undefined;
    const scope = scopeOf(expr);
    if (isBounded(expr, scope, 0)) return undefined;
    if (expr.type === 'CallExpression') {
      // `await prisma.onModuleDestroy()`, `await app.shutdown()`: a method named like a shutdown handler is one in its
      // own class, which reports its waits there; this call only passes through.
      const callee = unwrap(expr.callee);
      const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
      if (method && (byName.has(method) || NEST_SHUTDOWN_HOOKS.has(method))) return undefined;
      const definition = projectIndex(context).index.definitionOf(module, expr.callee);
      if (definition && isFunction(definition.node as Node)) {
        if (definition.module.language === 'ts' && isOwnHandler(definition)) return undefined;
        const inner = findWait(definition, depth + 1, seen);
        return inner ? [`\`${definition.name}()\``, ...inner] : undefined;
      }
    }
    return [`\`${prefix}${snippet(textOf(expr), 30)}\``];
  }

  /**
   * Make the project's functions that a handler calls (awaited or not) handlers too, a few calls deep:
   * `process.on('SIGTERM', () => void shutdown('SIGTERM'))` runs `shutdown`, and what `shutdown` calls runs
   * at shutdown as well. Their waits are reported where they are, once; awaiting one is not a second finding.
   * This runs after every registration and name match, so a function that is also a handler in its own
   * right stays unbounded.
   */
  function followCalls(): void {
    const queue = [...handlers.values()].map((handler) => ({ handler, depth: 0 }));
    for (let i = 0; i < queue.length; i++) {
      const { handler, depth } = queue[i];
      if (depth >= MAX_FOLLOW_DEPTH) continue;
      const timerAt = firstForcedExitTimer(handler.fn);
      walkFlow(handler.fn, (node) => {
        if (node.type !== 'CallExpression') return;
        const scope = scopeOf(node);
        const fn = calledFunction(node.callee, scope);
        if (!fn) {
          // `await stopWorkers()` with `stopWorkers` imported: followed into its module, reported here.
          const definition = externalFunction(node.callee) ?? requiredMember(node.callee);
          if (definition && !isBoundedCall(node, handler.fn, scope)) crossFile.push({ node, definition, handler, awaited: isAwaited(node) });
          return;
        }
        if (fn === handler.fn || isBoundedCall(node, handler.fn, scope)) return;
        const isNew = !handlers.has(fn);
        const bounded = handler.callerBounded || (timerAt !== undefined && timerAt < node.range[0]);
        const added = addHandler(fn, `\`${displayName(fn) ?? 'function'}()\` (run by ${handler.root})`, bounded, handler.root);
        if (isNew) queue.push({ handler: added, depth: depth + 1 });
      });
    }
  }

  /**
   * Whether a call is bounded where it is made, so the function it runs is not followed: given a timeout
   * option or signal (`this.flush({ timeout: 5_000 })`), or handed to a bound (`pTimeout(stop(), ms)`,
   * `Promise.race([stop(), sleep(ms)])`).
   */
  function isBoundedCall(call: TSESTree.CallExpression, fn: FunctionNode, scope: Scope): boolean {
    if (call.arguments.some((argument) => hasBoundingOption(argument, scope))) return true;
    for (let current: Node | undefined = call.parent; current && current !== fn; current = current.parent) {
      if (current.type === 'CallExpression' && isBounded(current, scope, 0)) return true;
      if (isFunction(current) || current.type === 'ExpressionStatement') break;
    }
    return false;
  }

  /** Report every unbounded await, promise continuation and poll loop in the handler's own body. */
  function checkHandler(handler: Handler): void {
    if (handler.callerBounded) return;
    const timerAt = firstForcedExitTimer(handler.fn);
    const droppedAt = connectionsDroppedAt(handler.fn);
    walkOwnBody(handler.fn, (node) => {
      if (timerAt !== undefined && timerAt < node.range[0]) return;
      if (node.type === 'AwaitExpression' && closesServerAfter(node, droppedAt)) return;
      if (node.type === 'WhileStatement' || node.type === 'DoWhileStatement' || node.type === 'ForStatement') {
        if (isPollLoop(node)) reportPollLoop(node, handler);
        return;
      }
      if (node.type === 'CallExpression') {
        checkContinuation(node, handler);
        return;
      }
      if (node.type !== 'AwaitExpression') return;
      const scope = scopeOf(node);
      if (isBounded(node.argument, scope, 0)) return;
      if (awaitsHandler(node.argument, scope)) return;
      context.report({ node, messageId: 'unboundedAwait', data: { what: snippet(sourceCode.getText(node.argument)), handler: handler.label } });
    });
  }

  /**
   * `server.close().then(() => process.exit(0))` not awaited: the rest of the shutdown waits for the promise
   * all the same. Reported at the promise the chain starts from, unless that promise is bounded (or is the
   * forced-exit timer itself). An awaited chain is the await's finding.
   */
  function checkContinuation(call: TSESTree.CallExpression, handler: Handler): void {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression' || !CONTINUATIONS.has(propertyName(callee) ?? '')) return;
    // Only the outermost link of a chain is judged: `a.then(f).finally(g)` is one wait.
    const parent = call.parent;
    if (parent?.type === 'MemberExpression' && parent.object === call) return;
    if (isAwaited(call) || isForcedExitTimer(call, scopeOf(call))) return;
    let base: Node = unwrap(callee.object);
    let method = propertyName(callee)!;
    while (base.type === 'CallExpression') {
      const inner = unwrap(base.callee);
      if (inner.type !== 'MemberExpression' || !['then', 'catch', 'finally'].includes(propertyName(inner) ?? '')) break;
      method = propertyName(inner)!;
      base = unwrap(inner.object);
    }
    const scope = scopeOf(call);
    if (isBounded(base, scope, 0) || isTimerChain(callee.object, scope, 0) || awaitsHandler(base, scope)) return;
    if (base.type !== 'CallExpression' && base.type !== 'NewExpression' && base.type !== 'Identifier') return;
    context.report({ node: base, messageId: 'unboundedThen', data: { what: snippet(sourceCode.getText(base)), method, handler: handler.label } });
  }

  /**
   * A loop that only sleeps between looks at a flag, with no deadline: `while (!released) await setTimeout(250)`.
   * A clock read or an ordering comparison in its test or body (`Date.now() < deadline`, `i < 20`) bounds it.
   */
  function isPollLoop(loop: LoopNode): boolean {
    let sleeps = false;
    let deadline = false;
    const updated = new Set<string>();
    const comparisons: TSESTree.BinaryExpression[] = [];
    walk(loop, (node) => {
      if (node !== loop && isFunction(node)) return false;
      if (node.type === 'AwaitExpression' && isTimer(unwrap(node.argument), scopeOf(node), 0, DELAY_NAME)) sleeps = true;
      if (node.type === 'CallExpression' && CLOCKS.has(qualifiedName(node.callee, scopeOf(node)) ?? '')) deadline = true;
      if (node.type === 'BinaryExpression' && ['<', '>', '<=', '>='].includes(node.operator)) comparisons.push(node);
      // `attempt++`, `waited += 250`: a counter the loop advances
      if (node.type === 'UpdateExpression') updated.add(textOf(node.argument));
      if (node.type === 'AssignmentExpression' && node.operator !== '=') updated.add(textOf(node.left));
      return true;
    });
    // `this.active > 0` compares work still running, not a deadline: only a compared counter that the loop advances bounds it.
    if (comparisons.some((comparison) => updated.has(textOf(comparison.left)) || updated.has(textOf(comparison.right)))) deadline = true;
    return sleeps && !deadline;
  }

  function reportPollLoop(loop: LoopNode, handler: Handler): void {
    const keyword = loop.type === 'WhileStatement' ? 'while' : loop.type === 'DoWhileStatement' ? 'do' : 'for';
    const test = loop.test ? sourceCode.getText(loop.test) : '';
    const start = loop.loc.start;
    context.report({
      loc: { start, end: { line: start.line, column: start.column + keyword.length } },
      messageId: 'unboundedPoll',
      data: { loop: keyword === 'for' ? 'for (;;)' : `while (${snippet(test, 30)})`, handler: handler.label },
    });
  }

  /**
   * The function (in this file) a callee names: a function or `const` function, `this.<method>`,
   * `<instance>.<method>` of a class declared here (`const app = new App()`, `this.worker = new Worker()`).
   */
  function calledFunction(node: Node, scope: Scope): FunctionNode | undefined {
    const callee = unwrap(node);
    if (callee.type === 'Identifier') return functionOf(callee, scope);
    if (callee.type !== 'MemberExpression') return undefined;
    const name = propertyName(callee);
    if (callee.object.type === 'ThisExpression') return classMethod(callee, name);
    const cls = classOfInstance(callee.object, scope);
    return cls && name ? methodOfClass(cls, name) : undefined;
  }

  /**
   * A method of a module another one is assigned as a property in this file: `WIKI.servers.stopServers()` after
   * `WIKI.servers = require('./servers')` (the only assignment of `WIKI.servers` here), through the project index.
   */
  function requiredMember(callee: Node): Definition | undefined {
    const expr = unwrap(callee);
    const method = expr.type === 'MemberExpression' ? propertyName(expr) : undefined;
    if (expr.type !== 'MemberExpression' || !method || unwrap(expr.object).type !== 'MemberExpression') return undefined;
    requiredProperties ??= collectRequiredProperties();
    const source = requiredProperties.get(sourceCode.getText(unwrap(expr.object)));
    if (!source) return undefined;
    const { index: projectIdx, module } = index();
    const file = projectIdx.resolve(module, source);
    const target = file === undefined ? undefined : projectIdx.moduleAt(file);
    const definition = target && projectIdx.definition(target, method);
    return definition && definition.module.language === 'ts' && isFunction(definition.node as Node) ? definition : undefined;
  }

  /** `WIKI.servers = require('./servers')`: property text to module specifier, for properties assigned once in this file. */
  function collectRequiredProperties(): Map<string, string> {
    const found = new Map<string, string>();
    const assigned = new Map<string, number>();
    walk(sourceCode.ast, (node) => {
      if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression') {
        const text = sourceCode.getText(node.left);
        assigned.set(text, (assigned.get(text) ?? 0) + 1);
        const right = unwrap(node.right);
        const [first] = right.type === 'CallExpression' && right.callee.type === 'Identifier' && right.callee.name === 'require' ? right.arguments : [];
        if (first?.type === 'Literal' && typeof first.value === 'string' && first.value.startsWith('.')) found.set(text, first.value);
      }
      return true;
    });
    for (const text of [...found.keys()]) if (assigned.get(text) !== 1) found.delete(text);
    return found;
  }

  /**
   * Where a function first drops every open connection of its servers, which makes a later `server.close()`
   * resolve at once (it waits only for open connections): `server.closeAllConnections()` /
   * `closeIdleConnections()` (Node 18.2+), a loop that destroys each tracked socket
   * (`for (const [, conn] of this.connections) conn.destroy()`, `sockets.forEach((s) => s.destroy())`), or a call of
   * a function of the module that does (`this.closeConnections()`).
   */
  function connectionsDroppedAt(fn: FunctionNode): number | undefined {
    let at: number | undefined;
    walkOwnBody(fn, (node) => {
      if (at !== undefined) return;
      if (destroysEach(node)) at = node.range[0];
      else if (node.type === 'CallExpression') {
        const callee = unwrap(node.callee);
        const name = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
        if (name && DROP_ALL_CONNECTIONS.has(name)) at = node.range[0];
        else {
          const target = calledFunction(node.callee, scopeOf(node)) ?? objectMethod(callee);
          if (target && target !== fn && (() => {
            let drops = false;
            walkOwnBody(target, (inner) => {
              drops ||= destroysEach(inner);
            });
            return drops;
          })()) at = node.range[0];
        }
      }
    });
    return at;
  }

  /** A loop (or `forEach`) whose body destroys the element it iterates: `for (const c of conns) c.destroy()`. */
  function destroysEach(node: Node): boolean {
    let element: Node | undefined;
    let body: Node | undefined;
    if (node.type === 'ForOfStatement' || node.type === 'ForInStatement') [element, body] = [node.left, node.body];
    else if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      const [callback] = node.arguments;
      if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'forEach' || !callback || !isFunction(callback)) return false;
      [element, body] = [callback.params[0], callback.body];
    }
    if (!element || !body) return false;
    const names = new Set<string>();
    walk(element, (inner) => {
      if (inner.type === 'Identifier') names.add(inner.name);
      return true;
    });
    let destroys = false;
    walk(body, (inner) => {
      if (inner.type === 'CallExpression') {
        const callee = unwrap(inner.callee);
        const receiver = callee.type === 'MemberExpression' ? unwrap(callee.object) : undefined;
        if (callee.type === 'MemberExpression' && propertyName(callee) === 'destroy' && receiver?.type === 'Identifier' && names.has(receiver.name)) destroys = true;
      }
      return !destroys;
    });
    return destroys;
  }

  /** `this.closeConnections` inside a method of an object literal (`module.exports = { closeConnections () {...}, ... }`). */
  function objectMethod(callee: Node): FunctionNode | undefined {
    if (callee.type !== 'MemberExpression' || unwrap(callee.object).type !== 'ThisExpression') return undefined;
    const name = propertyName(callee);
    let current: Node | undefined = callee.parent;
    while (current && !(isFunction(current) && current.type !== 'ArrowFunctionExpression')) current = current.parent;
    const object = current?.parent?.type === 'Property' ? current.parent.parent : undefined;
    if (object?.type !== 'ObjectExpression' || !name) return undefined;
    for (const property of object.properties) {
      if (property.type === 'Property' && !property.computed && property.key.type === 'Identifier' && property.key.name === name && isFunction(property.value)) return property.value;
    }
    return undefined;
  }

  /** Whether an await closes a server (`x.close(...)` inside it) after the function dropped every connection. */
  function closesServerAfter(node: TSESTree.AwaitExpression, droppedAt: number | undefined): boolean {
    if (droppedAt === undefined || node.range[0] < droppedAt) return false;
    return containsCall(node.argument, (call) => {
      const callee = unwrap(call.callee);
      return callee.type === 'MemberExpression' && propertyName(callee) === 'close';
    });
  }

  /** Where the first forced-exit timer of a function's own body starts, if it arms one. */
  function firstForcedExitTimer(fn: FunctionNode): number | undefined {
    let at: number | undefined;
    walkOwnBody(fn, (node) => {
      if (at === undefined && node.type === 'CallExpression' && isForcedExitTimer(node, scopeOf(node))) at = node.range[0];
    });
    return at;
  }

  /**
   * Whether an awaited expression has a time limit: a race against a timer, a timeout wrapper, a call
   * given `AbortSignal.timeout(...)` or a `signal` / `timeout` option, or a timer itself.
   */
  function isBounded(node: Node, scope: Scope, depth: number): boolean {
    if (depth > 5) return false;
    const expr = unwrap(node);
    if (isTimer(expr, scope, depth, DELAY_NAME)) return true;
    if (expr.type === 'Identifier') {
      const init = constInit(expr, scope);
      return init !== undefined && isBounded(init, scope, depth + 1);
    }
    if (expr.type !== 'CallExpression') return false;
    const callee = unwrap(expr.callee);
    const name = qualifiedName(callee, scope);
    const short = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    if (name === 'Promise.race' || name === 'Promise.any') {
      // `Promise.race([server.close(), sleep(5000).then(() => { throw ... })])`
      return arrayElements(expr.arguments[0]).some((element) => isTimer(unwrap(element), scope, depth + 1, TIMER_NAME) || isTimerChain(element, scope, depth));
    }
    if (name === 'Promise.all' || name === 'Promise.allSettled') {
      // `Promise.all(fds.map((x) => closeAsync(x.fd)))`: bounded when what the callback returns is
      const mapped = mappedResult(expr.arguments[0]);
      if (mapped) return isBounded(mapped, scopeOf(mapped), depth + 1);
      const elements = arrayElements(expr.arguments[0]);
      return elements.length > 0 && elements.every((element) => isBounded(element, scope, depth + 1));
    }
    if (isLocalFileClose(callee, scope)) return true;
    if ((short && wrappers.has(short)) || (name && /^(?:p-timeout|promise-timeout)(?:\.|$)/.test(name))) return true;
    if (isSelfBoundedShutdown(expr, scope)) return true;
    return expr.arguments.some((argument) => hasBoundingOption(argument, scope));
  }

  /**
   * Closing a local file descriptor (`fs.close`, `fs.promises` / `fs/promises` `close`, or a `const` holding
   * `promisify(fs.close)`) is local teardown, not a wait on another system: it returns as soon as the kernel has
   * released the descriptor.
   */
  function isLocalFileClose(callee: Node, scope: Scope): boolean {
    const name = moduleName(callee, scope);
    if (name !== undefined && LOCAL_FILE_CLOSE.has(name)) return true;
    const expr = unwrap(callee);
    const init = expr.type === 'Identifier' ? constInit(expr, scope) : undefined;
    const call = init && unwrap(init);
    if (call?.type !== 'CallExpression' || !call.arguments[0]) return false;
    const promisify = unwrap(call.callee);
    const promisifyName = promisify.type === 'Identifier' ? promisify.name : promisify.type === 'MemberExpression' ? propertyName(promisify) : undefined;
    return promisifyName === 'promisify' && LOCAL_FILE_CLOSE.has(moduleName(call.arguments[0], scope) ?? '');
  }

  /** `sleep(5000).then(() => { throw new Error('timeout') })`: a timer with a continuation. */
  function isTimerChain(node: Node, scope: Scope, depth: number): boolean {
    const expr = unwrap(node);
    if (expr.type !== 'CallExpression') return false;
    const callee = unwrap(expr.callee);
    return callee.type === 'MemberExpression' && ['then', 'catch', 'finally'].includes(propertyName(callee) ?? '') && (isTimer(unwrap(callee.object), scope, depth + 1, TIMER_NAME) || isTimerChain(callee.object, scope, depth + 1));
  }

  /**
   * Whether an expression is a promise that settles on a timer: `new Promise(r => setTimeout(r, ms))`,
   * `setTimeout(ms)` from `node:timers/promises`, `sleep(ms)` / `delay(ms)` / `timeout(ms)`, or a
   * constant holding one. `names` says which callee names count as timers.
   */
  function isTimer(expr: Node, scope: Scope, depth: number, names: RegExp): boolean {
    if (depth > 5) return false;
    if (expr.type === 'NewExpression' && qualifiedName(expr.callee, scope) === 'Promise') {
      const executor = expr.arguments[0];
      return executor !== undefined && isFunction(executor) && containsCall(executor, (call) => isSetTimeout(call.callee, scopeOf(call)));
    }
    if (expr.type === 'CallExpression') {
      const callee = unwrap(expr.callee);
      const name = qualifiedName(callee, scope);
      if (name === 'timers/promises.setTimeout' || name === 'timers/promises.scheduler.wait') return true;
      const short = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
      return short !== undefined && names.test(short) && !/^clear/i.test(short);
    }
    if (expr.type === 'Identifier') {
      const init = constInit(expr, scope);
      if (init) return isTimer(unwrap(init), scope, depth + 1, names) || isTimerChain(init, scope, depth + 1);
      return names.test(expr.name);
    }
    return false;
  }

  /** `AbortSignal.timeout(ms)` anywhere in an argument, or an options object with `signal` / `timeout`. */
  function hasBoundingOption(argument: Node, scope: Scope): boolean {
    const expr = unwrap(argument);
    if (expr.type === 'ObjectExpression') {
      const hasKey = expr.properties.some((property) => {
        if (property.type !== 'Property') return false;
        const key = property.key.type === 'Identifier' && !property.computed ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : '';
        return BOUNDING_OPTION.test(key);
      });
      if (hasKey) return true;
    }
    return containsCall(expr, (call) => qualifiedName(call.callee, scope) === 'AbortSignal.timeout');
  }

  /** Whether an awaited call runs a function that is itself a shutdown handler (its own waits are reported there). */
  function awaitsHandler(node: Node, scope: Scope): boolean {
    const expr = unwrap(node);
    if (expr.type !== 'CallExpression') return false;
    const fn = calledFunction(expr.callee, scope);
    if (fn !== undefined) return handlers.has(fn);
    // `await this.provider.shutdown()`, `await super.onModuleDestroy()`: another class's shutdown method
    if (callsProjectShutdownMethod(expr)) return true;
    // another module's function: judged (and reported with its path) by checkCrossFile
    return crossFile.some((entry) => entry.node === expr);
  }

  /**
   * Whether a call runs a shutdown-named method (`shutdown()`, `gracefulShutdown()`, a NestJS hook) of a class or
   * interface of the project: `this.provider.shutdown()` with `constructor(private provider: CacheService)` or
   * `private instance: BullMqService`, `super.onModuleDestroy()`, `this.shutdown()` declared `abstract`. That method
   * is a handler by its name in its own module (an abstract or interface method: in every implementation, named
   * the same), which reports its waits there; the call only passes through. A receiver typed by a package's class
   * (`private sdk: NodeSDK`) is not the project's, and its wait stays this handler's.
   */
  function callsProjectShutdownMethod(call: TSESTree.CallExpression): boolean {
    const callee = unwrap(call.callee);
    const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    if (callee.type !== 'MemberExpression' || !method || !(byName.has(method) || NEST_SHUTDOWN_HOOKS.has(method))) return false;
    const here: ClassLookup = { scopeOf, module: index().module };
    const owner = receiverClass(callee.object, here);
    return owner !== undefined && declaresMethod(owner, method, 0);
  }

  /** The project class (or interface) the receiver of a method call is typed by, or constructed from. */
  function receiverClass(node: Node, at: ClassLookup): ClassRef | undefined {
    const object = unwrap(node);
    if (object.type === 'ThisExpression') {
      const cls = enclosingClassBody(object)?.parent as ClassNode | undefined;
      return cls ? { node: cls, at } : undefined;
    }
    for (const name of receiverTypeNames(object, at.scopeOf)) {
      const found = classNamed(name, at);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * The names a method call's receiver is typed by or constructed from, nearest first: `CacheService` for
   * `this.cache` with `constructor(private cache: CacheService)`, `private cache: CacheService` or
   * `this.cache = new CacheService()`; for a local or parameter `x: T` / `const x = new T()`; the base class for
   * `super`.
   */
  function receiverTypeNames(node: Node, scopeAt: (node: Node) => Scope): Node[] {
    const object = unwrap(node);
    const body = enclosingClassBody(object);
    const cls = body?.parent as ClassNode | undefined;
    if (object.type === 'Super') return cls?.superClass ? [cls.superClass] : [];
    const names: Node[] = [];
    const typeOf = (id: Node) => {
      const annotation = (id as { typeAnnotation?: TSESTree.TSTypeAnnotation }).typeAnnotation?.typeAnnotation;
      if (annotation?.type === 'TSTypeReference' && annotation.typeName.type === 'Identifier') names.push(annotation.typeName);
    };
    const newed = (value: Node | null | undefined) => {
      let expr = value ? unwrap(value) : undefined;
      if (expr?.type === 'AwaitExpression') expr = unwrap(expr.argument);
      if (expr?.type === 'NewExpression' && expr.callee.type === 'Identifier') names.push(expr.callee);
    };
    if (object.type === 'Identifier') {
      const def = findVariable(scopeAt(object), object.name)?.defs[0];
      if (def?.type === 'Parameter' || def?.type === 'Variable') {
        typeOf(def.name as Node);
        if (def.type === 'Variable') newed((def.node as TSESTree.VariableDeclarator).init);
      }
      return names;
    }
    if (object.type !== 'MemberExpression' || unwrap(object.object).type !== 'ThisExpression' || !body) return names;
    const field = propertyName(object);
    if (!field) return names;
    for (const member of body.body) {
      // `private instance: BullMqService;`, `private worker = new Worker()`
      if (member.type === 'PropertyDefinition' && !member.computed && member.key.type === 'Identifier' && member.key.name === field) {
        typeOf(member);
        newed(member.value);
      }
      if (member.type !== 'MethodDefinition' || member.kind !== 'constructor') continue;
      // `constructor(private provider: CacheService)`: NestJS constructor injection
      for (const param of member.value.params) {
        const inner = param.type === 'TSParameterProperty' ? param.parameter : undefined;
        const id = inner?.type === 'AssignmentPattern' ? inner.left : inner;
        if (id?.type === 'Identifier' && id.name === field) typeOf(id);
      }
      // `this.instance = new BullMqService()` in the constructor
      walk(member.value.body ?? member.value, (inner) => {
        if (inner.type === 'AssignmentExpression' && inner.left.type === 'MemberExpression' && inner.left.object.type === 'ThisExpression' && propertyName(inner.left) === field) newed(inner.right);
        return true;
      });
    }
    return names;
  }

  /**
   * Whether a call is a library's shutdown that is bounded by the library's own default timeouts
   * (`SELF_BOUNDED_SHUTDOWNS`): `await sdk.shutdown()` on an OpenTelemetry `NodeSDK`, `Sentry.close()`.
   */
  function isSelfBoundedShutdown(call: TSESTree.CallExpression, scope: Scope): boolean {
    const callee = unwrap(call.callee);
    const direct = moduleName(callee, scope);
    if (direct !== undefined && SELF_BOUNDED_SHUTDOWNS.has(direct)) return true;
    const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    if (callee.type !== 'MemberExpression' || !method) return false;
    return receiverTypeNames(callee.object, scopeOf).some((name) => {
      const cls = moduleName(name, scopeOf(name));
      return cls !== undefined && SELF_BOUNDED_SHUTDOWNS.has(`${cls}.${method}`);
    });
  }

  /** A class or interface by name: one of the module, or one another module of the project exports. */
  function classNamed(node: Node, at: ClassLookup): ClassRef | undefined {
    const id = unwrap(node);
    if (id.type !== 'Identifier') return undefined;
    const def = findVariable(at.scopeOf(id), id.name)?.defs[0];
    const local = def?.node as Node | undefined;
    if (local && (local.type === 'ClassDeclaration' || local.type === 'ClassExpression' || local.type === 'TSInterfaceDeclaration')) return { node: local, at };
    if (def?.type !== 'ImportBinding') return undefined;
    const definition = index().index.definitionOf(at.module, id);
    const found = definition?.node as Node | undefined;
    if (!definition || definition.module.language !== 'ts' || (found?.type !== 'ClassDeclaration' && found?.type !== 'ClassExpression')) return undefined;
    const module = definition.module as TsModule;
    return { node: found, at: { module, scopeOf: (inner) => module.getScope(inner) as Scope } };
  }

  /** Whether a class (its bases included) or an interface declares a method `name`, abstract or not. */
  function declaresMethod(ref: ClassRef, name: string, depth: number): boolean {
    if (depth > 5) return false;
    const { node } = ref;
    if (node.type === 'TSInterfaceDeclaration') {
      return node.body.body.some((member) => (member.type === 'TSMethodSignature' || member.type === 'TSPropertySignature') && !member.computed && member.key.type === 'Identifier' && member.key.name === name);
    }
    const own = node.body.body.some(
      (member) =>
        (member.type === 'MethodDefinition' || member.type === 'TSAbstractMethodDefinition' || member.type === 'PropertyDefinition') &&
        !member.computed &&
        member.key.type === 'Identifier' &&
        member.key.name === name,
    );
    if (own) return true;
    const base = node.superClass ? classNamed(node.superClass, ref.at) : undefined;
    return base !== undefined && declaresMethod(base, name, depth + 1);
  }

  /** The class (declared in this file) an expression is an instance of: `app` after `const app = new App()`, `this.worker`. */
  function classOfInstance(node: Node, scope: Scope): ClassNode | undefined {
    const expr = unwrap(node);
    if (expr.type === 'Identifier') {
      const init = constInit(expr, scope);
      return init ? constructedClass(init, scope) : undefined;
    }
    if (expr.type !== 'MemberExpression' || expr.object.type !== 'ThisExpression') return undefined;
    const name = propertyName(expr);
    const body = enclosingClassBody(expr);
    if (!body || !name) return undefined;
    // `private worker = new Worker();` or `this.worker = new Worker()` in the constructor, assigned once.
    const values: Node[] = [];
    for (const member of body.body) {
      if (member.type === 'PropertyDefinition' && !member.computed && member.key.type === 'Identifier' && member.key.name === name && member.value) values.push(member.value);
      if (member.type === 'MethodDefinition' && member.kind === 'constructor') {
        walk(member.value.body ?? member.value, (inner) => {
          if (inner.type === 'AssignmentExpression' && inner.left.type === 'MemberExpression' && inner.left.object.type === 'ThisExpression' && propertyName(inner.left) === name) values.push(inner.right);
          return !isFunction(inner) || inner === member.value;
        });
      }
    }
    return values.length === 1 ? constructedClass(values[0], scopeOf(values[0])) : undefined;
  }

  /** `new Worker(...)` where `Worker` is a class declared in this file. */
  function constructedClass(node: Node, scope: Scope): ClassNode | undefined {
    const expr = unwrap(node);
    if (expr.type !== 'NewExpression' || expr.callee.type !== 'Identifier') return undefined;
    const def = findVariable(scope, expr.callee.name)?.defs[0];
    if (def?.type === 'ClassName' && (def.node.type === 'ClassDeclaration' || def.node.type === 'ClassExpression')) return def.node;
    return undefined;
  }

  /** The constant initializer of an identifier (`const closing = server.close()`), if any. */
  function constInit(id: TSESTree.Identifier, scope: Scope): Node | undefined {
    const variable = findVariable(scope, id.name);
    const def = variable?.defs[0];
    if (!variable || variable.defs.length !== 1 || def?.type !== 'Variable') return undefined;
    if (variable.references.some((ref) => ref.isWrite() && !ref.init)) return undefined;
    const declarator = def.node as TSESTree.VariableDeclarator;
    return declarator.id.type === 'Identifier' ? declarator.init ?? undefined : undefined;
  }

  /** A forced-exit timer (the shared check), with this rule's timer promises: `void sleep(60_000).then(() => process.exit(1))`. */
  function isForcedExitTimer(call: TSESTree.CallExpression, scope: Scope): boolean {
    return isSharedForcedExitTimer(call, scope, scopeOf, (node, at) => isTimer(node, at, 0, TIMER_NAME));
  }

  /** The callback-style global `setTimeout` (not the promise one from `timers/promises`). */
  function isSetTimeout(callee: Node, scope: Scope): boolean {
    const name = qualifiedName(callee, scope);
    return name === 'setTimeout' || name === 'timers.setTimeout' || name === 'global.setTimeout';
  }

  /** Whether any call under `root` (nested functions included) satisfies `test`. */
  function containsCall(root: Node, test: (call: TSESTree.CallExpression) => boolean): boolean {
    let found = false;
    walk(root, (node) => {
      if (!found && node.type === 'CallExpression' && test(node)) found = true;
      return !found;
    });
    return found;
  }

  /** Visit every node of a function's own body: nested functions (and classes) are not entered. */
  function walkOwnBody(fn: FunctionNode, visit: (node: Node) => void): void {
    walk(fn.body, (node) => {
      if (node !== fn.body && (isFunction(node) || node.type === 'ClassBody')) return false;
      visit(node);
      return true;
    });
  }

  /**
   * Like `walkOwnBody`, and also into the callbacks of the promise chains the function starts
   * (`server.close().then(() => runner.stop())`): they run as the rest of the same shutdown.
   */
  function walkFlow(fn: FunctionNode, visit: (node: Node) => void): void {
    walk(fn.body, (node) => {
      if (node !== fn.body && node.type === 'ClassBody') return false;
      if (node !== fn.body && isFunction(node) && !isContinuationCallback(node)) return false;
      visit(node);
      return true;
    });
  }

  /** Pre-order walk in source order; `visit` returns false to skip a node's children. */
  function walk(root: Node, visit: (node: Node) => boolean): void {
    const keys = sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
    const stack: Node[] = [root];
    while (stack.length) {
      const node = stack.pop()!;
      if (!visit(node)) continue;
      const children: Node[] = [];
      for (const key of keys[node.type] ?? []) {
        const value = (node as unknown as Record<string, unknown>)[key];
        if (Array.isArray(value)) children.push(...value.filter((child): child is Node => isNode(child)));
        else if (isNode(value)) children.push(value);
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function isFunction(node: Node): node is FunctionNode {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** Whether a listener argument is written in place (an arrow or function expression). */
function isInline(listener: Node): boolean {
  const expr = unwrap(listener);
  return expr.type === 'ArrowFunctionExpression' || expr.type === 'FunctionExpression';
}

/** `() => runner.stop()` in `promise.then(() => runner.stop())` / `.finally(...)`. */
function isContinuationCallback(fn: FunctionNode): boolean {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  const callee = unwrap(call.callee);
  return callee.type === 'MemberExpression' && CONTINUATIONS.has(propertyName(callee) ?? '');
}

/** Whether a call is the operand of `await` (its waits are the awaiting function's finding). */
function isAwaited(call: TSESTree.CallExpression): boolean {
  let current: Node = call;
  while (current.parent && ['TSAsExpression', 'TSNonNullExpression', 'ChainExpression'].includes(current.parent.type)) current = current.parent;
  return current.parent?.type === 'AwaitExpression';
}

/** What the callback of `xs.map(cb)` returns, when it is an expression-bodied arrow: `closeAsync(x.fd)`. */
function mappedResult(node: Node | undefined): Node | undefined {
  const expr = node && unwrap(node);
  if (expr?.type !== 'CallExpression') return undefined;
  const callee = unwrap(expr.callee);
  const [callback] = expr.arguments;
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'map' || callback?.type !== 'ArrowFunctionExpression' || callback.body.type === 'BlockStatement') return undefined;
  return callback.body;
}

/** The elements of an array literal argument (spreads left out). */
function arrayElements(node: Node | undefined): Node[] {
  const expr = node && unwrap(node);
  if (expr?.type !== 'ArrayExpression') return [];
  return expr.elements.filter((element): element is TSESTree.Expression => element !== null && element.type !== 'SpreadElement');
}

/** The class body enclosing a node. */
function enclosingClassBody(from: Node): TSESTree.ClassBody | undefined {
  for (let current: Node | undefined = from.parent; current; current = current.parent) {
    if (current.type === 'ClassBody') return current;
  }
  return undefined;
}

/** The function a listener argument or callee stands for (see `listenerFunction`). */
const functionOf = listenerFunction;

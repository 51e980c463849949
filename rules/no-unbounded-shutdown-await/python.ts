import path from 'node:path';
import type { PyNode } from '../../src/languages/python/ast.js';
import type { PyRuleContext, PyVisitor } from '../../src/rule.js';
import { scopesOf, type PythonScopes } from '../../src/analysis/python/scope.js';
import { enclosingFunction, hasKeywordSplat, isUnderMainGuard, keywordArgument, parameterName, positionalArguments } from '../../src/analysis/python/syntax.js';
import { snippet } from '../../src/analysis/snippet.js';
import { projectIndex, type Definition, type PyModuleFacts } from '../../src/analysis/project/index.js';
import { classMethod as methodOf, decoratorRegistration, handlerRegistrations, isLifespanName, mayRegisterHandlers, walkOwnBody, type FunctionLookup } from '../../src/analysis/python/shutdown.js';
import { readSourceForScan } from '../../src/analysis/project/files.js';
import type { MessageIds, Options } from './index.js';

/** Context managers that cancel the awaits in their block after a deadline. */
const TIMEOUT_CONTEXTS = new Set([
  'asyncio.timeout',
  'asyncio.timeout_at',
  'anyio.fail_after',
  'anyio.move_on_after',
  'async_timeout.timeout',
  'async_timeout.timeout_at',
  'trio.fail_after',
  'trio.move_on_after',
]);

/** Awaitables that finish on a timer. */
const SLEEPS = new Set(['asyncio.sleep', 'anyio.sleep', 'trio.sleep']);

/** Blocking sleeps: a loop that only sleeps between looks at a flag is a poll loop. */
const BLOCKING_SLEEPS = new Set(['time.sleep']);

/** Clocks: a loop that reads one can compare against a deadline. */
const CLOCKS = new Set(['time.time', 'time.monotonic', 'time.perf_counter', 'time.monotonic_ns', 'time.time_ns', 'datetime.datetime.now', 'datetime.datetime.utcnow']);

/** Calls that end the process from a timer thread (`sys.exit` there would only end the thread). */
const HARD_EXITS = new Set(['os._exit', 'os.abort', 'os.kill']);

/** Constructors of executors, whose `shutdown()` waits for running work by default. */
const EXECUTORS = /(?:^|\.)(?:ThreadPoolExecutor|ProcessPoolExecutor|InterpreterPoolExecutor)$/;

/** Constructors of queues, whose `join()` has no timeout at all. */
const QUEUES = /^(?:queue\.(?:Queue|LifoQueue|PriorityQueue)|multiprocessing\.JoinableQueue)$/;

/** Calls that return a `concurrent.futures` future, whose `result()` waits for it. */
const FUTURE_FACTORIES = new Set(['asyncio.run_coroutine_threadsafe', 'concurrent.futures.Future']);

/** `contextlib.closing(x)` calls `x.close()` on exit, `aclosing(x)` awaits `x.aclose()`. */
const CLOSING_WRAPPERS = new Map([
  ['contextlib.closing', 'close'],
  ['contextlib.aclosing', 'aclose'],
]);

/** Runners of a program's main coroutine: `asyncio.run(main())` makes `main` an entry point. */
const RUNNERS = new Set(['asyncio.run', 'anyio.run', 'trio.run', 'uvloop.run', 'asyncio.Runner.run']);

/** How deep the project's own functions are followed from a handler (`shutdown()` -> `stop()` -> `join_all()`). */
const MAX_FOLLOW_DEPTH = 3;

interface Handler {
  fn: PyNode;
  /** How the message names the handler: "the SIGTERM handler", "`shutdown()`". */
  label: string;
  /** The recognised handler this one is run by (itself for a recognised one): named in the labels of the functions it calls. */
  root: string;
  /** Run by a registered handler that armed a forced-exit timer before calling it. */
  callerBounded: boolean;
  /** A lifespan context manager or cleanup context: only the code after its `yield` is shutdown. */
  afterYield: boolean;
}

/** Where an import of a Python module resolves, shared by the files of a run (see `importMayRegister`). */
const resolvedImports = new Map<string, string | undefined>();

/** Source ranges `[start, end)`. */
type Ranges = [number, number][];

export function detectPython(context: PyRuleContext<MessageIds, Options>): PyVisitor {
  const [{ shutdownFunctions, timeoutFunctions }] = context.options;
  const byName = new Set(shutdownFunctions);
  const wrappers = new Set(timeoutFunctions);
  /** Scopes and text of the module being judged: this file, or another module while a wait is searched for there. */
  let scopes: PythonScopes;
  let textOf = (node: PyNode): string => context.sourceCode.getText(node);
  let attributeValues = new Map<string, PyNode[]>();
  /** Whether an import's module can hold a wrapper or registry, by import binding. */
  const importCache = new Map<PyNode, boolean>();
  /** Calls and registrations whose function another module defines: judged once every handler is known. */
  const crossFile: { node: PyNode; definition: Definition; handler: Handler | undefined; label: string }[] = [];
  const handlers = new Map<PyNode, Handler>();
  /** `with` statements, judged once the handlers are known: a class entered by the service is a shutdown step. */
  const withStatements: PyNode[] = [];
  const regionCache = new Map<PyNode, Ranges | undefined>();
  /** Functions run as the program's main coroutine (`asyncio.run(serve())`). */
  const entryFunctions = new Set<PyNode>();

  function addHandler(fn: PyNode, label: string, options: { callerBounded?: boolean; afterYield?: boolean; root?: string } = {}): Handler {
    const existing = handlers.get(fn);
    if (existing) {
      existing.callerBounded &&= options.callerBounded ?? false;
      existing.afterYield &&= options.afterYield ?? false;
      return existing;
    }
    const handler = { fn, label, root: options.root ?? label, callerBounded: options.callerBounded ?? false, afterYield: options.afterYield ?? false };
    handlers.set(fn, handler);
    return handler;
  }

  /** Make the function a registration names a handler; `via` is the project function or list it was added with, when a runner runs it. */
  function register(listener: PyNode | undefined, what: string, afterYield = false, via?: string): void {
    if (!listener) return;
    const fn = functionOf(listener);
    if (!fn) {
      // `signal.signal(signal.SIGTERM, shutdown)` with `shutdown` imported from a module of the project
      const definition = externalFunction(listener);
      if (definition) crossFile.push({ node: listener, definition, handler: undefined, label: what });
      return;
    }
    const name = fn.type === 'function_definition' ? displayName(fn) : undefined;
    const named = name && listener.type !== 'lambda';
    const label = via === undefined ? (named ? `\`${name}()\` (${what})` : what) : named ? `\`${name}()\` (run by ${what})` : `the callback given to \`${via}()\` (run by ${what})`;
    addHandler(fn, label, { afterYield, root: what });
  }

  return {
    module() {
      scopes = scopesOf(context.sourceCode.ast);
    },
    function_definition(node: PyNode) {
      const name = node.fields.name?.text ?? '';
      if (byName.has(name)) {
        if (!isExecutorShutdown(node)) addHandler(node, `\`${name}()\``);
      }
      // Starlette/FastAPI `@asynccontextmanager async def lifespan(app): ...; yield; ...`, also
      // `app_lifespan` / `get_lifespan` defined in one module and passed as `lifespan=` in another.
      else if (isLifespanName(name)) addHandler(node, 'the lifespan shutdown', { afterYield: true });
    },
    with_statement(node: PyNode) {
      withStatements.push(node);
    },
    assignment(node: PyNode) {
      recordSelfAssignment(node, attributeValues);
    },
    decorator(node: PyNode) {
      // `@atexit.register`, `@worker_shutdown.connect`, `@app.on_event("shutdown")`
      const definition = node.parent?.fields.definition;
      const what = definition?.type === 'function_definition' ? decoratorRegistration(node, scopes, lookupFunction) : undefined;
      // A handler run from a private registry is named with its runner: "`close_pool()` (run by the atexit handler)".
      if (what) addHandler(definition!, what.startsWith('run by ') ? `\`${displayName(definition!)}()\` (${what})` : what);
    },
    call(node: PyNode) {
      const callee = node.fields.function;
      if (!callee) return;
      const args = positionalArguments(node);
      const name = scopes.qualifiedName(callee);
      // `asyncio.run(serve(config))`, `anyio.run(serve)`
      if (name && RUNNERS.has(name) && args[0]) {
        const entry = functionOf(args[0].type === 'call' && args[0].fields.function ? args[0].fields.function : args[0]);
        if (entry) entryFunctions.add(entry);
      }
      // Signal handlers (handler tables included), atexit, Celery, aiohttp and Starlette shutdown hooks, lifespans,
      // and the project's wrappers and private registries of them.
      for (const registration of handlerRegistrations(node, scopes, lookupFunction)) {
        register(registration.listener, registration.what, registration.afterYield, registration.runner ? registration.through : undefined);
      }
    },
    'module:exit'() {
      for (const statement of withStatements) enterServiceContext(statement);
      followCalls();
      for (const handler of handlers.values()) checkHandler(handler);
      checkCrossFile();
    },
  };

  /** The project function a callee names: one of this module (`install_handler`), or one another module defines. */
  function lookupFunction(callee: PyNode): ReturnType<FunctionLookup> {
    const local = calledFunction(callee);
    if (local?.type === 'function_definition') return { fn: local, scopes };
    if (!importMayRegister(callee)) return undefined;
    const definition = externalFunction(callee);
    return definition && { fn: definition.node as PyNode, scopes: (definition.module as PyModuleFacts).scopes };
  }

  /**
   * Whether the module a callee is imported from can hold a wrapper or registry (read, not parsed; see
   * `mayRegisterHandlers`): `from .lifecycle import install_handler`, `from . import lifecycle`.
   */
  function importMayRegister(callee: PyNode): boolean {
    let root = callee;
    while (root.type === 'attribute' && root.fields.object) root = root.fields.object;
    const binding = root.type === 'identifier' ? scopes.resolve(root) : undefined;
    if (binding?.kind !== 'import') return false;
    const known = importCache.get(binding.node);
    if (known !== undefined) return known;
    const { index, module } = projectIndex(context);
    const imported = (module as PyModuleFacts).imports.get(binding.node);
    const resolve = (level: number, name: string) => {
      // Absolute imports resolve alike from every module of the project, relative ones from every module of a folder.
      const key = `${index.root}\0${level ? path.dirname(module.file) : ''}\0${level}\0${name}`;
      if (!resolvedImports.has(key)) {
        if (resolvedImports.size > 10_000) resolvedImports.clear();
        resolvedImports.set(key, index.resolve(module, { level, module: name }));
      }
      return resolvedImports.get(key);
    };
    const files = imported ? [resolve(imported.level, imported.module), imported.name === undefined ? undefined : resolve(imported.level, imported.module ? `${imported.module}.${imported.name}` : imported.name)] : [];
    const may = files.some((file) => {
      const text = file === undefined ? undefined : readSourceForScan(file);
      return text !== undefined && mayRegisterHandlers(text);
    });
    importCache.set(binding.node, may);
    return may;
  }

  /** A function another module of the project defines, named through an import (`from .workers import stop`, `workers.stop`). */
  function externalFunction(callee: PyNode): Definition | undefined {
    let root = callee;
    while (root.type === 'attribute' && root.fields.object) root = root.fields.object;
    if (root.type !== 'identifier' || scopes.resolve(root)?.kind !== 'import') return undefined;
    const { index, module } = projectIndex(context);
    const definition = index.definitionOf(module, callee);
    if (!definition || definition.module.file === module.file || definition.module.language !== 'python') return undefined;
    return (definition.node as PyNode).type === 'function_definition' ? definition : undefined;
  }

  /**
   * Report each call (or registration) of another module's function whose body, or the project functions it
   * calls a few calls deep, waits without a bound: at the call, with the path. A function that is a shutdown
   * handler by name in its own module reports its own waits there (a pass-through is not reported again).
   */
  function checkCrossFile(): void {
    for (const { node, definition, handler, label } of crossFile) {
      if (handler?.callerBounded) continue;
      if (handler) {
        const timerAt = firstForcedExitTimer(handler.fn);
        if (timerAt !== undefined && timerAt < node.start) continue;
      }
      if (isOwnHandler(definition)) continue;
      const path = findWait(definition, 0, new Set());
      if (!path) continue;
      const reportNode = node.parent?.type === 'await' ? node.parent : node;
      context.report({ node: reportNode, messageId: 'unboundedCallPath', data: { path: [`\`${definition.name}()\``, ...path].join(' -> '), handler: label } });
    }
  }

  /** Whether another module's function is a shutdown handler there by its name (its waits are reported in its own file). */
  function isOwnHandler(definition: Definition): boolean {
    const name = (definition.node as PyNode).fields.name?.text ?? definition.name;
    return (byName.has(name) && !isExecutorShutdown(definition.node as PyNode)) || isLifespanName(name);
  }

  /**
   * The first unbounded wait in a function of another module, as the path to it (`['`self._thread.join()`']`,
   * or through a project function it calls). Undefined when every wait is bounded or a forced exit comes first.
   */
  function findWait(definition: Definition, depth: number, seen: Set<PyNode>): string[] | undefined {
    const fn = definition.node as PyNode;
    if (depth > MAX_FOLLOW_DEPTH || seen.has(fn) || definition.module.language !== 'python') return undefined;
    seen.add(fn);
    const module = definition.module as PyModuleFacts;
    const saved = [scopes, textOf, attributeValues] as const;
    scopes = module.scopes;
    textOf = (node) => module.text.slice(node.start, node.end);
    attributeValues = selfAssignments(module.ast);
    try {
      if (firstForcedExitTimer(fn) !== undefined) return undefined;
      let found: string[] | undefined;
      walkOwnBody(fn, (node) => {
        if (found) return;
        if (node.type === 'while_statement' && isPollLoop(node)) {
          const condition = node.fields.condition;
          found = [`\`while ${snippet(condition ? textOf(condition) : '', 30)}\` poll loop`];
          return;
        }
        if (node.type === 'await') {
          const operand = node.children[0];
          if (!operand || insideTimeoutBlock(node, fn) || isBoundedAwaitable(operand, 0)) return;
          const inner = operand.type === 'call' && operand.fields.function ? projectFunction(module, operand.fields.function) : undefined;
          if (inner) {
            const path = isOwnHandler(inner) ? undefined : findWait(inner, depth + 1, seen);
            if (path) found = [`\`${inner.name}()\``, ...path];
            return;
          }
          found = [`\`await ${snippet(textOf(operand), 30)}\``];
          return;
        }
        if (node.type !== 'call' || !node.fields.function) return;
        if (isBlockingWait(node)) {
          found = [`\`${snippet(textOf(node.fields.function), 30)}()\``];
          return;
        }
        if (node.parent?.type === 'await' || isBoundedCall(node, fn)) return;
        const inner = projectFunction(module, node.fields.function);
        if (inner && !isOwnHandler(inner)) {
          const path = findWait(inner, depth + 1, seen);
          if (path) found = [`\`${inner.name}()\``, ...path];
        }
      });
      return found;
    } finally {
      [scopes, textOf, attributeValues] = saved;
    }
  }

  /** A function of the project (in `module` or another) that a callee in `module` names. */
  function projectFunction(module: PyModuleFacts, callee: PyNode): Definition | undefined {
    // `pipeline.stop()` on an instance of a class of that module, `self.stop()`: the module's own resolution
    const local = calledFunction(callee);
    if (local?.type === 'function_definition') return { module, name: displayName(local), node: local };
    const definition = projectIndex(context).index.definitionOf(module, callee);
    return definition && (definition.node as PyNode).type === 'function_definition' ? definition : undefined;
  }

  /**
   * `async with Service() as svc:` around a lifespan's `yield`, in `main()` or a coroutine given to
   * `asyncio.run(...)`, under
   * `if __name__ == "__main__":` or at module level: the class (defined in this file) is the service's
   * context, so its `__aexit__` / `__exit__` runs at shutdown; `closing(x)` / `aclosing(x)` run `x.close()` /
   * `x.aclose()`. The same class entered by a request handler is not a shutdown step.
   */
  function enterServiceContext(statement: PyNode): void {
    const fn = enclosingFunction(statement);
    const owner = fn ? handlers.get(fn) : undefined;
    let label: string;
    if (owner?.afterYield) {
      if (!containsOwnYield(statement)) return;
      label = owner.root;
    } else if (!fn || isUnderMainGuard(statement) || entryFunctions.has(fn) || (fn.type === 'function_definition' && fn.fields.name?.text === 'main')) {
      label = 'the service context';
    } else return;
    const isAsync = statement.keywords.includes('async');
    const clause = statement.children.find((child) => child.type === 'with_clause');
    for (const item of clause?.children ?? []) {
      let value = item.fields.value;
      if (value?.type === 'as_pattern') value = value.children[0];
      if (!value) continue;
      let method = isAsync ? '__aexit__' : '__exit__';
      // `closing(Service())`, `aclosing(stream)`
      if (value.type === 'call' && value.fields.function) {
        const closer = CLOSING_WRAPPERS.get(scopes.qualifiedName(value.fields.function) ?? '');
        const [inner] = positionalArguments(value);
        if (closer && inner) {
          method = closer;
          value = inner;
        }
      }
      const cls = classOfValue(value);
      const definition = cls && methodOf(cls, method);
      if (definition) addHandler(definition, `\`${displayName(definition)}()\` (${owner ? 'run by ' : ''}${label})`, { root: label });
    }
  }

  /**
   * Make the project's functions that a handler calls (awaited or not) handlers too, a few calls deep:
   * `loop.add_signal_handler(sig, lambda: asyncio.create_task(stop(sig)))` runs `stop`, and what `stop`
   * calls runs at shutdown as well. Their waits are reported where they are, once.
   */
  function followCalls(): void {
    const queue = [...handlers.values()].map((handler) => ({ handler, depth: 0 }));
    for (let i = 0; i < queue.length; i++) {
      const { handler, depth } = queue[i];
      if (depth >= MAX_FOLLOW_DEPTH) continue;
      const timerAt = firstForcedExitTimer(handler.fn);
      walkShutdownBody(handler, (node) => {
        if (node.type !== 'call') return;
        const callee = node.fields.function;
        const fn = callee && calledFunction(callee);
        if (callee && !fn && !isBoundedCall(node, handler.fn)) {
          // `stop_workers()` imported from another module: followed there, reported here with the path.
          const definition = externalFunction(callee);
          if (definition) crossFile.push({ node, definition, handler, label: handler.label });
        }
        if (!callee || !fn || fn === handler.fn || fn.type !== 'function_definition' || isBoundedCall(node, handler.fn)) return;
        const isNew = !handlers.has(fn);
        const bounded = handler.callerBounded || (timerAt !== undefined && timerAt < node.start);
        const added = addHandler(fn, `\`${displayName(fn)}()\` (run by ${handler.root})`, { callerBounded: bounded, root: handler.root });
        if (isNew) queue.push({ handler: added, depth: depth + 1 });
      });
    }
  }

  /**
   * Whether a call is bounded where it is made, so the function it runs is not followed: given `timeout=`,
   * inside `async with asyncio.timeout(...)`, or handed to a bound (`asyncio.wait_for(self.stop(), 5)`).
   */
  function isBoundedCall(call: PyNode, fn: PyNode): boolean {
    if (isGiven(keywordArgument(call, 'timeout')) || insideTimeoutBlock(call, fn)) return true;
    for (let current = call.parent; current && current !== fn && current.type !== 'block'; current = current.parent) {
      if (current.type === 'call' && isBoundedAwaitable(current, 0)) return true;
    }
    return false;
  }

  /** Report every unbounded await, blocking wait and poll loop in the handler's shutdown code. */
  function checkHandler(handler: Handler): void {
    if (handler.callerBounded) return;
    const timerAt = firstForcedExitTimer(handler.fn);
    walkShutdownBody(handler, (node) => {
      if (node.type !== 'await' && node.type !== 'call' && node.type !== 'while_statement') return;
      if (timerAt !== undefined && timerAt < node.start) return;
      if (node.type === 'while_statement') {
        if (isPollLoop(node)) {
          const condition = node.fields.condition;
          context.report({
            node,
            loc: { start: node.loc.start, end: { line: node.loc.start.line, column: node.loc.start.column + 'while'.length } },
            messageId: 'unboundedPoll',
            data: { loop: `while ${snippet(condition ? textOf(condition) : '', 30)}`, handler: handler.label },
          });
        }
        return;
      }
      if (node.type === 'await') {
        const operand = node.children[0];
        if (!operand || insideTimeoutBlock(node, handler.fn) || isBoundedAwaitable(operand, 0) || awaitsHandler(operand)) return;
        context.report({ node, messageId: 'unboundedAwait', data: { what: snippet(textOf(operand)), handler: handler.label } });
        return;
      }
      if (isBlockingWait(node)) {
        const callee = node.fields.function!;
        context.report({ node, messageId: 'unboundedBlockingCall', data: { call: `${snippet(textOf(callee))}()`, handler: handler.label } });
      }
    });
  }

  /** Visit the part of a handler that runs at shutdown: all of it, or for a lifespan the code after its `yield`. */
  function walkShutdownBody(handler: Handler, visit: (node: PyNode) => void): void {
    if (!handler.afterYield) {
      walkOwnBody(handler.fn, visit);
      return;
    }
    let regions = regionCache.get(handler.fn);
    if (!regionCache.has(handler.fn)) {
      regions = shutdownRegions(handler.fn);
      regionCache.set(handler.fn, regions);
    }
    if (!regions) return;
    walkOwnBody(handler.fn, (node) => {
      if (regions!.some(([start, end]) => node.start >= start && node.start < end)) visit(node);
    });
  }

  /**
   * A `while` loop that only sleeps between looks at a condition and never compares anything with a
   * deadline: `while not released: await asyncio.sleep(0.25)`. A clock read or an ordering comparison
   * (`time.monotonic() < deadline`, `attempts < 10`) in its condition or body bounds it.
   */
  function isPollLoop(loop: PyNode): boolean {
    let sleeps = false;
    let deadline = false;
    const updated = new Set<string>();
    const compared: PyNode[] = [];
    const stack = [...loop.children];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition') continue;
      if (node.type === 'call' && node.fields.function) {
        const name = scopes.qualifiedName(node.fields.function) ?? '';
        if (SLEEPS.has(name) || BLOCKING_SLEEPS.has(name)) sleeps = true;
        // `time.monotonic()`, `loop.time()`
        if (CLOCKS.has(name) || (node.fields.function.type === 'attribute' && node.fields.function.fields.attribute?.text === 'time' && positionalArguments(node).length === 0)) deadline = true;
      }
      if (node.type === 'comparison_operator' && node.children.some((child) => ['<', '>', '<=', '>='].includes(child.text ?? ''))) {
        compared.push(...node.children.filter((child) => child.named));
      }
      // `attempt += 1`: a counter the loop advances
      if (node.type === 'augmented_assignment' && node.fields.left) updated.add(textOf(node.fields.left));
      stack.push(...node.children);
    }
    // `self.active > 0` compares work still running, not a deadline: only a compared counter that the loop advances bounds it.
    if (compared.some((operand) => updated.has(textOf(operand)))) deadline = true;
    return sleeps && !deadline;
  }

  /**
   * Whether an awaited expression has a time limit: `asyncio.wait_for(x, 5)`, `asyncio.wait(fs, timeout=5)`,
   * a sleep, a call given `timeout=`, a timeout wrapper, or `asyncio.gather` of bounded awaitables.
   */
  function isBoundedAwaitable(node: PyNode, depth: number): boolean {
    if (depth > 5) return false;
    if (node.type === 'parenthesized_expression' && node.children.length === 1) return isBoundedAwaitable(node.children[0], depth + 1);
    if (node.type === 'identifier') {
      const binding = scopes.resolve(node);
      return binding?.kind === 'assignment' && binding.value !== undefined && scopes.isSingleBinding(binding) && isBoundedAwaitable(binding.value, depth + 1);
    }
    if (node.type !== 'call') return false;
    const callee = node.fields.function;
    if (!callee) return false;
    const name = scopes.qualifiedName(callee);
    const args = positionalArguments(node);
    if (name === 'asyncio.wait_for') return isGiven(keywordArgument(node, 'timeout') ?? args[1]);
    if (name === 'asyncio.wait' || name === 'asyncio.gather') {
      if (name === 'asyncio.wait') return isGiven(keywordArgument(node, 'timeout'));
      return args.length > 0 && args.every((arg) => isBoundedAwaitable(arg, depth + 1));
    }
    if (name && SLEEPS.has(name)) return true;
    const short = callee.type === 'identifier' ? callee.text : callee.type === 'attribute' ? callee.fields.attribute?.text : undefined;
    if (short && wrappers.has(short)) return true;
    return isGiven(keywordArgument(node, 'timeout'));
  }

  /** Whether an await sits in `async with asyncio.timeout(...)` (or anyio/trio/async_timeout) inside the handler. */
  function insideTimeoutBlock(node: PyNode, fn: PyNode): boolean {
    for (let current = node.parent; current && current !== fn; current = current.parent) {
      if (current.type !== 'with_statement') continue;
      const clause = current.children.find((child) => child.type === 'with_clause');
      for (const item of clause?.children ?? []) {
        const value = item.fields.value;
        const call = value?.type === 'as_pattern' ? value.children[0] : value;
        const callee = call?.type === 'call' ? call.fields.function : undefined;
        if (callee && TIMEOUT_CONTEXTS.has(scopes.qualifiedName(callee) ?? '')) return true;
      }
    }
    return false;
  }

  /** Whether an awaited call runs a function that is itself a shutdown handler (its waits are reported there). */
  function awaitsHandler(node: PyNode): boolean {
    if (node.type !== 'call' || !node.fields.function) return false;
    const fn = calledFunction(node.fields.function);
    if (fn !== undefined) return handlers.has(fn);
    // another module's function: judged (and reported with its path) by checkCrossFile
    return crossFile.some((entry) => entry.node === node);
  }

  /**
   * Whether a call blocks without a timeout: `thread.join()`, `process.join()`, `queue.join()`, `popen.wait()`,
   * `event.wait()`, `condition.wait()`, `popen.communicate()`, `lock.acquire()`, `future.result()`,
   * `executor.shutdown()` (which waits by default), `concurrent.futures.wait(fs)`.
   */
  function isBlockingWait(call: PyNode): boolean {
    // Awaited calls are the await's finding; a call passed as an argument (`asyncio.wait_for(proc.wait(), 5)`)
    // is an awaitable handed to something else, not a wait here.
    for (let current = call.parent; current && current.type !== 'block'; current = current.parent) {
      if (current.type === 'await' || current.type === 'argument_list' || current.type === 'lambda') return false;
    }
    const callee = call.fields.function;
    if (!callee || hasKeywordSplat(call) || isGiven(keywordArgument(call, 'timeout'))) return false;
    const args = positionalArguments(call);
    if (scopes.qualifiedName(callee) === 'concurrent.futures.wait') return true;
    if (callee.type !== 'attribute') return false;
    const receiver = callee.fields.object!;
    switch (callee.fields.attribute?.text) {
      case 'join':
        // `", ".join(parts)` and `os.path.join(a, b)` take arguments; `Thread.join()` / `Queue.join()` take none.
        return args.length === 0 && !isStringValue(receiver, 0) && !wasKilled(call, receiver);
      case 'wait':
        return args.length === 0 && !wasKilled(call, receiver);
      case 'communicate':
        return args.length < 2;
      case 'acquire': {
        const blocking = keywordArgument(call, 'blocking') ?? args[0];
        return !(blocking?.type === 'false' || (blocking?.type === 'integer' && blocking.text === '0') || args.length >= 2);
      }
      case 'shutdown': {
        const wait = keywordArgument(call, 'wait') ?? args[0];
        return wait?.type !== 'false' && isExecutor(receiver);
      }
      // `executor.submit(fn).result()`, `fut = asyncio.run_coroutine_threadsafe(...); fut.result()`
      case 'result':
        return args.length === 0 && isFuture(receiver);
      default:
        return false;
    }
  }

  /** Whether a receiver is a `concurrent.futures` future: made by `executor.submit(...)` or a future factory. */
  function isFuture(receiver: PyNode): boolean {
    const value = receiver.type === 'call' ? receiver : valueOf(receiver);
    const callee = value?.type === 'call' ? value.fields.function : undefined;
    if (!callee) return false;
    if (FUTURE_FACTORIES.has(scopes.qualifiedName(callee) ?? '')) return true;
    return callee.type === 'attribute' && callee.fields.attribute?.text === 'submit' && isExecutor(callee.fields.object!);
  }

  /**
   * Whether the handler sent SIGKILL to the receiver before this call (`proc.kill(); proc.join()`):
   * a killed child cannot ignore it, so reaping it is bounded.
   */
  function wasKilled(call: PyNode, receiver: PyNode): boolean {
    const fn = enclosingFunction(call);
    if (!fn) return false;
    const text = textOf(receiver);
    let killed = false;
    walkOwnBody(fn, (node) => {
      if (killed || node.type !== 'call' || node.start >= call.start) return;
      const callee = node.fields.function;
      if (callee?.type === 'attribute' && callee.fields.attribute?.text === 'kill' && callee.fields.object && textOf(callee.fields.object) === text) killed = true;
    });
    return killed;
  }

  /** Whether a receiver is a `concurrent.futures` executor (by construction in this file, or by its name). */
  function isExecutor(receiver: PyNode): boolean {
    const made = constructorOf(receiver);
    if (made) return EXECUTORS.test(made);
    const name = receiver.type === 'identifier' ? receiver.text : receiver.type === 'attribute' ? receiver.fields.attribute?.text : undefined;
    return /executor/i.test(name ?? '');
  }

  /** The qualified constructor a receiver was made by: `t = threading.Thread(...)`, `self._pool = ThreadPoolExecutor()`. */
  function constructorOf(receiver: PyNode): string | undefined {
    const value = valueOf(receiver);
    const callee = value?.type === 'call' ? value.fields.function : undefined;
    return callee ? scopes.qualifiedName(callee) : undefined;
  }

  /**
   * The single value assigned to a name, to `self.<attribute>` in this file, or to an attribute chain
   * (`app.state.worker`) in the function that uses it.
   */
  function valueOf(receiver: PyNode): PyNode | undefined {
    if (receiver.type === 'identifier') {
      const binding = scopes.resolve(receiver);
      return binding?.kind === 'assignment' && scopes.isSingleBinding(binding) ? binding.value : undefined;
    }
    if (receiver.type !== 'attribute') return undefined;
    if (receiver.fields.object?.text === 'self') {
      const values = attributeValues.get(receiver.fields.attribute?.text ?? '') ?? [];
      return values.length === 1 ? values[0] : undefined;
    }
    // `app.state.worker = Worker(); yield; await app.state.worker.stop()`: the same chain, assigned once in this function.
    const fn = enclosingFunction(receiver);
    if (!fn) return undefined;
    const text = textOf(receiver);
    const values: PyNode[] = [];
    walkOwnBody(fn, (node) => {
      if (node.type === 'assignment' && node.fields.left?.type === 'attribute' && node.fields.right && textOf(node.fields.left) === text) values.push(node.fields.right);
    });
    return values.length === 1 ? values[0] : undefined;
  }

  /** The class (defined in this file) an expression is an instance of: `Worker()`, or a name holding one. */
  function classOfValue(node: PyNode, depth = 0): PyNode | undefined {
    if (depth > 3) return undefined;
    if (node.type === 'call' && node.fields.function?.type === 'identifier') {
      const binding = scopes.resolve(node.fields.function);
      const definition = binding?.kind === 'class' && scopes.isSingleBinding(binding) ? binding.node.parent : undefined;
      return definition?.type === 'class_definition' ? definition : undefined;
    }
    if (node.type === 'identifier' || node.type === 'attribute') {
      const value = valueOf(node);
      return value && classOfValue(value, depth + 1);
    }
    return undefined;
  }

  /**
   * The function (in this file) a callee or registered callback stands for: a lambda, a function, `self.<method>`
   * of the enclosing class, `<instance>.<method>` of a class defined here, or `functools.partial(f, ...)`.
   */
  function functionOf(node: PyNode): PyNode | undefined {
    if (node.type === 'lambda') return node;
    if (node.type === 'call') {
      const callee = node.fields.function;
      const [first] = positionalArguments(node);
      if (callee && first && scopes.qualifiedName(callee) === 'functools.partial') return functionOf(first);
      return undefined;
    }
    return calledFunction(node);
  }

  /** The function (in this file) a callee names: a `def`, `self.<method>`, or `<instance>.<method>` of a class defined here. */
  function calledFunction(node: PyNode): PyNode | undefined {
    if (node.type === 'identifier') {
      const binding = scopes.resolve(node);
      return binding?.kind === 'function' && binding.node.parent?.type === 'function_definition' ? binding.node.parent : undefined;
    }
    if (node.type !== 'attribute') return undefined;
    const name = node.fields.attribute?.text ?? '';
    const object = node.fields.object;
    if (object?.type === 'identifier' && object.text === 'self') {
      for (let current = node.parent; current; current = current.parent) {
        if (current.type === 'class_definition') return methodOf(current, name);
      }
      return undefined;
    }
    const cls = object && classOfValue(object);
    return cls && methodOf(cls, name);
  }

  /** Whether a `with` statement's own body holds a `yield` (the service runs inside it). */
  function containsOwnYield(statement: PyNode): boolean {
    const stack = [...statement.children];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'yield') return true;
      if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition') continue;
      stack.push(...node.children);
    }
    return false;
  }

  /** Whether an expression is a string (literal, or a name holding one): `SEP.join()` is never a wait. */
  function isStringValue(node: PyNode, depth: number): boolean {
    if (node.type === 'string' || node.type === 'concatenated_string') return true;
    const value = depth < 5 ? valueOf(node) : undefined;
    return value !== undefined && isStringValue(value, depth + 1);
  }

  /** Where the first forced-exit timer of a function's own body starts, if it arms one. */
  function firstForcedExitTimer(fn: PyNode): number | undefined {
    let at: number | undefined;
    walkOwnBody(fn, (node) => {
      if (at === undefined && node.type === 'call' && isForcedExitTimer(node)) at = node.start;
    });
    return at;
  }

  /** `threading.Timer(10, os._exit, [1])` or `signal.alarm(10)`. */
  function isForcedExitTimer(call: PyNode): boolean {
    const callee = call.fields.function;
    const name = callee ? scopes.qualifiedName(callee) : undefined;
    const args = positionalArguments(call);
    if (name === 'signal.alarm') return args[0] !== undefined && !(args[0].type === 'integer' && Number(args[0].text) === 0);
    if (name !== 'threading.Timer') return false;
    const target = keywordArgument(call, 'function') ?? args[1];
    if (!target) return false;
    if (target.type === 'lambda') return containsCall(target, (inner) => HARD_EXITS.has(qualifiedCallee(inner) ?? ''));
    return HARD_EXITS.has(scopes.qualifiedName(target) ?? '');
  }

  function qualifiedCallee(call: PyNode): string | undefined {
    const callee = call.fields.function;
    return callee ? scopes.qualifiedName(callee) : undefined;
  }


}

/** Whether an optional argument is given and is not `None`. */
function isGiven(node: PyNode | undefined): boolean {
  return node !== undefined && node.type !== 'none';
}

/** `self.<name> = <value>`, recorded by attribute name: how receivers like `self._pool` are typed. */
function recordSelfAssignment(node: PyNode, into: Map<string, PyNode[]>): void {
  const left = node.fields.left;
  const right = node.fields.right;
  if (left?.type !== 'attribute' || !right || left.fields.object?.text !== 'self') return;
  const name = left.fields.attribute?.text ?? '';
  into.set(name, [...(into.get(name) ?? []), right]);
}

const selfAssignmentCache = new WeakMap<PyNode, Map<string, PyNode[]>>();

/** Every `self.<name> = <value>` of another module, by attribute name (computed once per parsed module). */
function selfAssignments(root: PyNode): Map<string, PyNode[]> {
  let found = selfAssignmentCache.get(root);
  if (found) return found;
  found = new Map();
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'assignment') recordSelfAssignment(node, found);
    stack.push(...node.children);
  }
  selfAssignmentCache.set(root, found);
  return found;
}

/** How a message names a function: `stop_all`, or `Worker.stop` for a method. */
function displayName(fn: PyNode): string {
  const name = fn.fields.name?.text ?? 'function';
  let parent = fn.parent;
  if (parent?.type === 'decorated_definition') parent = parent.parent;
  const cls = parent?.type === 'block' ? parent.parent : undefined;
  return cls?.type === 'class_definition' ? `${cls.fields.name?.text}.${name}` : name;
}

/**
 * The code of a generator-based context manager that runs after it resumes, as source ranges: what follows
 * each `yield` on its path. A `yield` under an early guard (`if not enabled: yield; return`) ends its own
 * path, so the startup code after the guard is not shutdown; only the code after the `yield` reached on the
 * main path (and in the guard's branch, up to its `return`) is. Undefined when the function never yields.
 */
export function shutdownRegions(fn: PyNode): Ranges | undefined {
  const yields: PyNode[] = [];
  walkOwnBody(fn, (node) => {
    if (node.type === 'yield') yields.push(node);
  });
  if (!yields.length) return undefined;
  return yields.flatMap((node) => regionAfter(node, fn));
}

/** The source ranges that run after `yield` resumes, up to the end of the function or the `return`/`raise` that ends its path. */
function regionAfter(yieldNode: PyNode, fn: PyNode): Ranges {
  const ranges: Ranges = [[yieldNode.end, yieldNode.end]];
  let node = yieldNode;
  while (node !== fn && node.parent) {
    const parent: PyNode = node.parent;
    if (parent.type !== 'block') {
      // `try:` body → the handlers, `else:` and `finally:` after it; an `if` branch → after the whole `if`
      // (its other branches do not run); `except:` → the `finally:` after it.
      if (parent.type === 'try_statement') ranges.push([node.end, parent.end]);
      node = parent;
      continue;
    }
    const after = parent.children.slice(parent.children.indexOf(node) + 1);
    const exit = after.find((statement) => statement.type === 'return_statement' || statement.type === 'raise_statement');
    if (after.length) ranges.push([after[0].start, exit ? exit.end : parent.end]);
    if (exit) break;
    node = parent;
  }
  return ranges;
}

/** Whether any call under `root` satisfies `test`. */
function containsCall(root: PyNode, test: (call: PyNode) => boolean): boolean {
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'call' && test(node)) return true;
    stack.push(...node.children);
  }
  return false;
}

/**
 * A method whose parameters include `wait` (`def shutdown(self, wait=True)`): the API of a pool or
 * executor, modelled on `concurrent.futures.Executor.shutdown(wait=True)`, whose caller chooses to
 * wait. It is not the process's shutdown path by its name alone; a signal handler, `atexit` or a
 * shutdown hook that calls it still makes it one.
 */
function isExecutorShutdown(fn: PyNode): boolean {
  if (fn.parent?.type !== 'block' && fn.parent?.type !== 'decorated_definition') return false;
  let owner: PyNode | null | undefined = fn.parent;
  while (owner && owner.type !== 'class_definition' && owner.type !== 'function_definition' && owner.type !== 'module') owner = owner.parent;
  if (owner?.type !== 'class_definition') return false;
  const parameters = fn.fields.parameters;
  return (parameters?.children ?? []).some((parameter) => parameterName(parameter) === 'wait');
}

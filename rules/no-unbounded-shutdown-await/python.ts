import type { PyNode } from '../../src/languages/python/ast.js';
import type { PyRuleContext, PyVisitor } from '../../src/rule.js';
import { scopesOf, type PythonScopes } from '../../src/analysis/python/scope.js';
import { enclosingFunction, hasKeywordSplat, keywordArgument, positionalArguments, stringValue } from '../../src/analysis/python/syntax.js';
import type { MessageIds, Options } from './index.js';

/** Signals that ask a Python process to stop (SIGHUP conventionally means "reload" in Python daemons). */
const SHUTDOWN_SIGNALS = new Set(['SIGTERM', 'SIGINT', 'SIGQUIT']);

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

/** Calls that end the process from a timer thread (`sys.exit` there would only end the thread). */
const HARD_EXITS = new Set(['os._exit', 'os.abort', 'os.kill']);

/** Celery signals sent while a worker shuts down. */
const CELERY_SHUTDOWN_SIGNALS = new Set(['celery.signals.worker_shutdown', 'celery.signals.worker_process_shutdown', 'celery.signals.worker_shutting_down']);

/** Constructors of executors, whose `shutdown()` waits for running work by default. */
const EXECUTORS = /(?:^|\.)(?:ThreadPoolExecutor|ProcessPoolExecutor|InterpreterPoolExecutor)$/;

/** Constructors of queues, whose `join()` has no timeout at all. */
const QUEUES = /^(?:queue\.(?:Queue|LifoQueue|PriorityQueue)|multiprocessing\.JoinableQueue)$/;

export const PY_REMEDY = 'asyncio.wait_for(), asyncio.timeout() or anyio.fail_after()';

interface Handler {
  fn: PyNode;
  /** How the message names the handler: "the SIGTERM handler", "`shutdown()`". */
  label: string;
  /** Run by a registered handler that armed a forced-exit timer before calling it. */
  callerBounded: boolean;
  /** A lifespan context manager or cleanup context: only the code after its `yield` is shutdown. */
  afterYield: boolean;
}

export function detectPython(context: PyRuleContext<MessageIds, Options>): PyVisitor {
  const [{ shutdownFunctions, timeoutFunctions }] = context.options;
  const byName = new Set(shutdownFunctions);
  const wrappers = new Set(timeoutFunctions);
  let scopes: PythonScopes;
  const handlers = new Map<PyNode, Handler>();
  const registered: Handler[] = [];
  /** `self.<name> = <value>` anywhere in the file, by attribute name: how receivers like `self._pool` are typed. */
  const attributeValues = new Map<string, PyNode[]>();

  function addHandler(fn: PyNode, label: string, options: { callerBounded?: boolean; afterYield?: boolean } = {}): Handler {
    const existing = handlers.get(fn);
    if (existing) {
      existing.callerBounded &&= options.callerBounded ?? false;
      existing.afterYield &&= options.afterYield ?? false;
      return existing;
    }
    const handler = { fn, label, callerBounded: options.callerBounded ?? false, afterYield: options.afterYield ?? false };
    handlers.set(fn, handler);
    return handler;
  }

  function register(listener: PyNode | undefined, what: string, afterYield = false): void {
    if (!listener) return;
    const fn = functionOf(listener, scopes);
    if (!fn) return;
    const name = fn.type === 'function_definition' ? fn.fields.name?.text : undefined;
    const handler = addHandler(fn, name && listener.type !== 'lambda' ? `\`${name}()\` (${what})` : what, { afterYield });
    registered.push(handler);
  }

  return {
    module() {
      scopes = scopesOf(context.sourceCode.ast);
    },
    function_definition(node: PyNode) {
      const name = node.fields.name?.text ?? '';
      if (byName.has(name)) addHandler(node, `\`${name}()\``);
      // Starlette/FastAPI `@asynccontextmanager async def lifespan(app): ...; yield; ...`, also
      // `app_lifespan` / `get_lifespan` defined in one module and passed as `lifespan=` in another.
      else if (/(?:^|_)lifespan$/.test(name)) addHandler(node, 'the lifespan shutdown', { afterYield: true });
    },
    assignment(node: PyNode) {
      const left = node.fields.left;
      const right = node.fields.right;
      if (left?.type !== 'attribute' || !right || left.fields.object?.text !== 'self') return;
      const name = left.fields.attribute?.text ?? '';
      attributeValues.set(name, [...(attributeValues.get(name) ?? []), right]);
    },
    decorator(node: PyNode) {
      const definition = node.parent?.fields.definition;
      if (definition?.type !== 'function_definition') return;
      const expression = node.children[0];
      if (!expression) return;
      const name = scopes.qualifiedName(expression);
      // `@atexit.register`
      if (name === 'atexit.register') addHandler(definition, 'the atexit handler');
      // `@worker_shutdown.connect`
      if (name && isCeleryShutdownConnect(name)) addHandler(definition, 'the Celery worker-shutdown handler');
      if (expression.type !== 'call') return;
      const fn = expression.fields.function;
      const called = fn ? scopes.qualifiedName(fn) : undefined;
      // `@worker_shutdown.connect(sender=...)`
      if (called && isCeleryShutdownConnect(called)) addHandler(definition, 'the Celery worker-shutdown handler');
      // FastAPI / Starlette `@app.on_event("shutdown")`
      const [event] = positionalArguments(expression);
      if (fn?.type === 'attribute' && fn.fields.attribute?.text === 'on_event' && event && stringValue(event) === 'shutdown') {
        addHandler(definition, 'the shutdown event handler');
      }
    },
    call(node: PyNode) {
      const callee = node.fields.function;
      if (!callee) return;
      const args = positionalArguments(node);
      const name = scopes.qualifiedName(callee);
      // `FastAPI(lifespan=lifespan)`, `Starlette(lifespan=...)`
      const lifespan = keywordArgument(node, 'lifespan');
      if (lifespan) register(lifespan, 'the lifespan shutdown', true);
      if (name === 'signal.signal') {
        const signals = signalNames(args[0]);
        const stopping = signals?.filter((signal) => SHUTDOWN_SIGNALS.has(signal)) ?? [];
        if (stopping.length) register(args[1], `the ${stopping.join('/')} handler`);
        return;
      }
      if (name === 'atexit.register') {
        register(args[0], 'the atexit handler');
        return;
      }
      if (name && isCeleryShutdownConnect(name)) {
        register(args[0], 'the Celery worker-shutdown handler');
        return;
      }
      if (callee.type !== 'attribute') return;
      const method = callee.fields.attribute?.text;
      const receiver = callee.fields.object;
      if (method === 'add_signal_handler') {
        // `loop.add_signal_handler(signal.SIGTERM, handler)`; an unknown signal counts, a known other one does not.
        const signals = signalNames(args[0]);
        const stopping = signals?.filter((signal) => SHUTDOWN_SIGNALS.has(signal));
        if (signals === undefined) register(args[1], 'the signal handler');
        else if (stopping?.length) register(args[1], `the ${stopping.join('/')} handler`);
        return;
      }
      // aiohttp `app.on_shutdown.append(close_db)`, `app.on_cleanup.append(...)`, `app.cleanup_ctx.append(ctx)`
      if (method === 'append' && receiver?.type === 'attribute') {
        const list = receiver.fields.attribute?.text;
        if (list === 'on_shutdown' || list === 'on_cleanup') register(args[0], `the aiohttp ${list} handler`);
        if (list === 'cleanup_ctx') register(args[0], 'the aiohttp cleanup context', true);
        return;
      }
      // Starlette `app.add_event_handler("shutdown", close_db)`
      if (method === 'add_event_handler' && args[0] && stringValue(args[0]) === 'shutdown') {
        register(args[1], 'the shutdown event handler');
      }
    },
    'module:exit'() {
      // `loop.add_signal_handler(sig, lambda: asyncio.create_task(shutdown(sig)))`: `shutdown` runs as the handler.
      for (const handler of registered) {
        const timerAt = firstForcedExitTimer(handler.fn);
        // A lifespan's startup half (`asyncio.create_task(consume())` before the yield) is not shutdown.
        const yieldAt = handler.afterYield ? firstYield(handler.fn) ?? Infinity : -1;
        walkOwnBody(handler.fn, (node) => {
          if (node.type !== 'call' || node.parent?.type === 'await' || node.range[0] < yieldAt) return;
          // `shutdown(sig)`, `self.stop()`
          const callee = node.fields.function;
          const name = callee?.type === 'identifier' ? callee.text : callee?.type === 'attribute' && callee.fields.object?.text === 'self' ? callee.fields.attribute?.text : undefined;
          if (!callee || !name) return;
          const fn = functionOf(callee, scopes);
          if (!fn || fn === handler.fn || fn.type !== 'function_definition') return;
          addHandler(fn, `\`${name}()\`, run by ${handler.label}`, { callerBounded: timerAt !== undefined && timerAt < node.range[0] });
        });
      }
      for (const handler of handlers.values()) checkHandler(handler);
    },
  };

  /** Report every unbounded await and blocking wait in the handler's own body. */
  function checkHandler(handler: Handler): void {
    if (handler.callerBounded) return;
    const timerAt = firstForcedExitTimer(handler.fn);
    const yieldAt = handler.afterYield ? firstYield(handler.fn) : undefined;
    if (handler.afterYield && yieldAt === undefined) return;
    walkOwnBody(handler.fn, (node) => {
      if (node.type !== 'await' && node.type !== 'call') return;
      if (timerAt !== undefined && timerAt < node.range[0]) return;
      if (yieldAt !== undefined && node.range[0] < yieldAt) return;
      if (node.type === 'await') {
        const operand = node.children[0];
        if (!operand || insideTimeoutBlock(node, handler.fn) || isBoundedAwaitable(operand, 0) || awaitsHandler(operand)) return;
        context.report({ node, messageId: 'unboundedAwait', data: { handler: handler.label, remedy: PY_REMEDY } });
        return;
      }
      const remedy = blockingWait(node);
      if (remedy) {
        const callee = node.fields.function!;
        context.report({
          node,
          messageId: 'unboundedBlockingCall',
          data: { call: `${context.sourceCode.getText(callee)}()`, handler: handler.label, remedy },
        });
      }
    });
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
    const fn = functionOf(node.fields.function, scopes);
    return fn !== undefined && handlers.has(fn);
  }

  /**
   * The remedy for a blocking call that waits without a timeout, or undefined when it is not one:
   * `thread.join()`, `process.join()`, `queue.join()`, `popen.wait()`, `event.wait()`,
   * `popen.communicate()`, `lock.acquire()`, `executor.shutdown()` (which waits by default).
   */
  function blockingWait(call: PyNode): string | undefined {
    // Awaited calls are the await's finding; a call passed as an argument (`asyncio.wait_for(proc.wait(), 5)`)
    // is an awaitable handed to something else, not a wait here.
    for (let current = call.parent; current && current.type !== 'block'; current = current.parent) {
      if (current.type === 'await' || current.type === 'argument_list' || current.type === 'lambda') return undefined;
    }
    const callee = call.fields.function;
    if (!callee || hasKeywordSplat(call) || isGiven(keywordArgument(call, 'timeout'))) return undefined;
    const args = positionalArguments(call);
    if (scopes.qualifiedName(callee) === 'concurrent.futures.wait') return 'pass `timeout=` and handle the futures still running';
    if (callee.type !== 'attribute') return undefined;
    const receiver = callee.fields.object!;
    switch (callee.fields.attribute?.text) {
      case 'join': {
        // `", ".join(parts)` and `os.path.join(a, b)` take arguments; `Thread.join()` / `Queue.join()` take none.
        if (args.length > 0 || isStringValue(receiver, 0) || wasKilled(call, receiver)) return undefined;
        const made = constructorOf(receiver);
        if (made && QUEUES.test(made)) return '`Queue.join()` takes no timeout: drain the queue with `get(timeout=...)`, or wait for it in a thread joined with a timeout';
        return 'pass a timeout (`.join(timeout=10)`) and deal with what is still alive';
      }
      case 'wait':
        return args.length === 0 && !wasKilled(call, receiver) ? 'pass a timeout (`.wait(timeout=10)`) and handle the expiry' : undefined;
      case 'communicate':
        return args.length < 2 ? 'pass a timeout (`.communicate(timeout=10)`) and kill the child on expiry' : undefined;
      case 'acquire': {
        const blocking = keywordArgument(call, 'blocking') ?? args[0];
        if (blocking?.type === 'false' || (blocking?.type === 'integer' && blocking.text === '0') || args.length >= 2) return undefined;
        return 'pass a timeout (`.acquire(timeout=10)`) and handle not getting the lock';
      }
      case 'shutdown': {
        const wait = keywordArgument(call, 'wait') ?? args[0];
        if (wait?.type === 'false' || !isExecutor(receiver)) return undefined;
        return 'call `shutdown(wait=False, cancel_futures=True)` and wait on the futures with a timeout';
      }
      default:
        return undefined;
    }
  }

  /**
   * Whether the handler sent SIGKILL to the receiver before this call (`proc.kill(); proc.join()`):
   * a killed child cannot ignore it, so reaping it is bounded.
   */
  function wasKilled(call: PyNode, receiver: PyNode): boolean {
    const fn = enclosingFunction(call);
    if (!fn) return false;
    const text = context.sourceCode.getText(receiver);
    let killed = false;
    walkOwnBody(fn, (node) => {
      if (killed || node.type !== 'call' || node.range[0] >= call.range[0]) return;
      const callee = node.fields.function;
      if (callee?.type === 'attribute' && callee.fields.attribute?.text === 'kill' && callee.fields.object && context.sourceCode.getText(callee.fields.object) === text) killed = true;
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

  /** The single value assigned to a name or `self.<attribute>` in this file. */
  function valueOf(receiver: PyNode): PyNode | undefined {
    if (receiver.type === 'identifier') {
      const binding = scopes.resolve(receiver);
      return binding?.kind === 'assignment' && scopes.isSingleBinding(binding) ? binding.value : undefined;
    }
    if (receiver.type === 'attribute' && receiver.fields.object?.text === 'self') {
      const values = attributeValues.get(receiver.fields.attribute?.text ?? '') ?? [];
      return values.length === 1 ? values[0] : undefined;
    }
    return undefined;
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
      if (at === undefined && node.type === 'call' && isForcedExitTimer(node)) at = node.range[0];
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

  /** The signal names an argument can be: `signal.SIGTERM`, `SIGINT`, or a loop variable over them; undefined if unknown. */
  function signalNames(node: PyNode | undefined, depth = 0): string[] | undefined {
    if (!node || depth > 5) return undefined;
    const name = scopes.qualifiedName(node);
    if (name?.startsWith('signal.')) return [name.slice(name.lastIndexOf('.') + 1)];
    if (node.type === 'tuple' || node.type === 'list') {
      const parts = node.children.map((child) => signalNames(child, depth + 1));
      return parts.every((part) => part !== undefined) ? parts.flat() : undefined;
    }
    if (node.type !== 'identifier') return undefined;
    const binding = scopes.resolve(node);
    if (!binding) return undefined;
    if (binding.kind === 'assignment' && binding.value && scopes.isSingleBinding(binding)) return signalNames(binding.value, depth + 1);
    // `for sig in (signal.SIGTERM, signal.SIGINT):`
    const loop = binding.node.parent;
    if (loop?.type === 'for_statement' && loop.fields.left === binding.node) return signalNames(loop.fields.right, depth + 1);
    return undefined;
  }
}

/** Whether an optional argument is given and is not `None`. */
function isGiven(node: PyNode | undefined): boolean {
  return node !== undefined && node.type !== 'none';
}

/** `celery.signals.worker_shutdown.connect` and its siblings. */
function isCeleryShutdownConnect(name: string): boolean {
  return name.endsWith('.connect') && CELERY_SHUTDOWN_SIGNALS.has(name.slice(0, -'.connect'.length));
}

/**
 * The function a registered callback stands for: a lambda, a function defined in the file,
 * `self.<method>` of the enclosing class, or `functools.partial(f, ...)`.
 */
function functionOf(node: PyNode, scopes: PythonScopes): PyNode | undefined {
  if (node.type === 'lambda') return node;
  if (node.type === 'identifier') {
    const binding = scopes.resolve(node);
    return binding?.kind === 'function' && binding.node.parent?.type === 'function_definition' ? binding.node.parent : undefined;
  }
  if (node.type === 'attribute' && node.fields.object?.text === 'self') {
    const name = node.fields.attribute?.text;
    for (let current = node.parent; current; current = current.parent) {
      if (current.type !== 'class_definition') continue;
      for (const statement of current.fields.body?.children ?? []) {
        const definition = statement.type === 'decorated_definition' ? statement.fields.definition : statement;
        if (definition?.type === 'function_definition' && definition.fields.name?.text === name) return definition;
      }
      return undefined;
    }
    return undefined;
  }
  if (node.type === 'call') {
    const callee = node.fields.function;
    const [first] = positionalArguments(node);
    if (callee && first && scopes.qualifiedName(callee) === 'functools.partial') return functionOf(first, scopes);
  }
  return undefined;
}

/** Where the first `yield` of a function's own body starts. */
function firstYield(fn: PyNode): number | undefined {
  let at: number | undefined;
  walkOwnBody(fn, (node) => {
    if (at === undefined && node.type === 'yield') at = node.range[0];
  });
  return at;
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

/** Visit a function's (or lambda's) own body in source order: nested functions, lambdas and classes are not entered. */
function walkOwnBody(fn: PyNode, visit: (node: PyNode) => void): void {
  const body = fn.fields.body;
  if (!body) return;
  const stack = [body];
  while (stack.length) {
    const node = stack.pop()!;
    if (node !== body && (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition')) continue;
    visit(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}

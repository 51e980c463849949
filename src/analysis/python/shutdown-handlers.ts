/**
 * Which Python functions are shutdown handlers, in the shapes no-unbounded-shutdown-await
 * recognises with its default options: handlers given to `signal.signal(SIGTERM|SIGINT|SIGQUIT, h)`,
 * `loop.add_signal_handler(...)`, `atexit.register(h)` / `@atexit.register`,
 * `@app.on_event("shutdown")`, `add_event_handler("shutdown", h)`, aiohttp `on_shutdown` /
 * `on_cleanup`, the code after `yield` in a lifespan, and functions named like a shutdown. Other
 * rules ask this to leave the waits inside such handlers to that rule (one finding, not two).
 *
 * Kept deliberately small until the shared shutdown model exists; the handler's callees, Celery
 * shutdown signals and the rule's `shutdownFunctions` option are not followed here.
 */
import type { PyModule, PyNode } from '../../languages/python/ast.js';
import type { PythonScopes } from './scope.js';
import { keywordArgument, positionalArguments, stringValue } from './syntax.js';

/** The default names of no-unbounded-shutdown-await's `shutdownFunctions`. */
const SHUTDOWN_NAMES = new Set(['shutdown', 'gracefulShutdown', 'onShutdown', 'handleShutdown', 'graceful_shutdown', 'on_shutdown', 'handle_shutdown']);
const SHUTDOWN_SIGNALS = new Set(['SIGTERM', 'SIGINT', 'SIGQUIT']);

interface Handlers {
  /** Handler functions, with the offset their shutdown part starts at (after a lifespan's `yield`). */
  from: Map<PyNode, number>;
}

const cache = new WeakMap<PyModule, Handlers>();

/** The function a handler argument names: a lambda, or a def of this module found by name. */
function functionOf(node: PyNode, scopes: PythonScopes): PyNode | undefined {
  if (node.type === 'lambda') return node;
  if (node.type !== 'identifier') return undefined;
  const binding = scopes.resolve(node);
  const def = binding?.kind === 'function' ? binding.node.parent : undefined;
  return def?.type === 'function_definition' ? def : undefined;
}

/** Whether a signal argument names a stopping signal (an unknown one counts for `add_signal_handler`). */
function isStoppingSignal(node: PyNode | undefined, unknownCounts: boolean): boolean {
  if (!node) return false;
  const name = node.type === 'attribute' ? node.fields.attribute?.text : node.type === 'identifier' ? node.text : undefined;
  if (name?.startsWith('SIG')) return SHUTDOWN_SIGNALS.has(name);
  return unknownCounts;
}

/** The first `yield` of a function's own body, as an offset. */
function firstYield(fn: PyNode): number | undefined {
  const stack = [...fn.children];
  let first: number | undefined;
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition') continue;
    if (node.type === 'yield' && (first === undefined || node.start < first)) first = node.start;
    stack.push(...node.children);
  }
  return first;
}

function handlersOf(root: PyModule, scopes: PythonScopes): Handlers {
  let handlers = cache.get(root);
  if (handlers) return handlers;
  const from = new Map<PyNode, number>();
  handlers = { from };
  const add = (fn: PyNode | undefined, afterYield = false) => {
    if (!fn) return;
    const start = afterYield ? firstYield(fn) : fn.start;
    if (start !== undefined) from.set(fn, start);
  };
  const stack: PyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    stack.push(...node.children);
    if (node.type === 'function_definition') {
      const name = node.fields.name?.text ?? '';
      if (SHUTDOWN_NAMES.has(name)) add(node);
      else if (/(?:^|_)lifespan$/.test(name)) add(node, true);
    } else if (node.type === 'decorator') {
      const definition = node.parent?.fields.definition;
      const expression = node.children[0];
      if (definition?.type !== 'function_definition' || !expression) continue;
      if (scopes.qualifiedName(expression) === 'atexit.register') add(definition);
      const fn = expression.type === 'call' ? expression.fields.function : undefined;
      const [event] = expression.type === 'call' ? positionalArguments(expression) : [];
      if (fn?.type === 'attribute' && fn.fields.attribute?.text === 'on_event' && event && stringValue(event) === 'shutdown') add(definition);
    } else if (node.type === 'call') {
      const callee = node.fields.function;
      if (!callee) continue;
      const args = positionalArguments(node);
      const handler = (arg: PyNode | undefined, afterYield = false) => add(arg && functionOf(arg, scopes), afterYield);
      const lifespan = keywordArgument(node, 'lifespan');
      if (lifespan) handler(lifespan, true);
      const name = scopes.qualifiedName(callee);
      if (name === 'signal.signal' && isStoppingSignal(args[0], false)) handler(args[1]);
      else if (name === 'atexit.register') handler(args[0]);
      else if (callee.type === 'attribute') {
        const method = callee.fields.attribute?.text;
        const list = callee.fields.object?.type === 'attribute' ? callee.fields.object.fields.attribute?.text : undefined;
        if (method === 'add_signal_handler' && isStoppingSignal(args[0], true)) handler(args[1]);
        else if (method === 'append' && (list === 'on_shutdown' || list === 'on_cleanup')) handler(args[0]);
        else if (method === 'append' && list === 'cleanup_ctx') handler(args[0], true);
        else if (method === 'add_event_handler' && args[0] && stringValue(args[0]) === 'shutdown') handler(args[1]);
      }
    }
  }
  cache.set(root, handlers);
  return handlers;
}

/** The shutdown handler whose shutdown part contains `node` (in its own body, not a nested function). */
export function shutdownHandlerAround(node: PyNode, scopes: PythonScopes): PyNode | undefined {
  const { from } = handlersOf(scopes.module.node as PyModule, scopes);
  for (let current = node.parent; current; current = current.parent) {
    if (current.type !== 'function_definition' && current.type !== 'lambda') continue;
    const start = from.get(current);
    return start !== undefined && node.start >= start ? current : undefined;
  }
  return undefined;
}

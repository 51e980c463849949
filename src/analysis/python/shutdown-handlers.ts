/**
 * Which Python functions are shutdown handlers, for rules that leave the waits inside them to
 * no-unbounded-shutdown-await (one finding, not two). The registrations themselves are recognised by
 * the shutdown model in `shutdown.ts`, which that rule asks too: `signal.signal(SIGTERM|SIGINT|SIGQUIT, h)`,
 * `loop.add_signal_handler(...)`, `atexit.register(h)` / `@atexit.register`, Celery shutdown signals,
 * `@app.on_event("shutdown")`, `add_event_handler("shutdown", h)`, aiohttp `on_shutdown` / `on_cleanup`,
 * the code after `yield` in a lifespan, wrappers and registries of this module, and functions named
 * like a shutdown (the rule's default `shutdownFunctions`).
 *
 * The handler's callees and the rule's own `shutdownFunctions` option are not followed here.
 */
import type { PyModule, PyNode } from '../../languages/python/ast.js';
import type { PythonScopes } from './scope.js';
import { DEFAULT_SHUTDOWN_FUNCTIONS, decoratorRegistration, handlerFunction, handlerRegistrations, isLifespanName, type FunctionLookup } from './shutdown.js';

const SHUTDOWN_NAMES = new Set(DEFAULT_SHUTDOWN_FUNCTIONS);

interface Handlers {
  /** Handler functions, with the offset their shutdown part starts at (after a lifespan's `yield`). */
  from: Map<PyNode, number>;
}

const cache = new WeakMap<PyModule, Handlers>();

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
    if (!fn || (fn.type !== 'function_definition' && fn.type !== 'lambda')) return;
    const start = afterYield ? firstYield(fn) : fn.start;
    if (start !== undefined) from.set(fn, start);
  };
  // A wrapper of this module: `install_handler(SIGTERM, stop)` over `def install_handler(sig, fn): signal.signal(sig, fn)`.
  const lookup: FunctionLookup = (callee) => {
    const fn = handlerFunction(callee, scopes);
    return fn?.type === 'function_definition' ? { fn, scopes } : undefined;
  };
  const stack: PyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    stack.push(...node.children);
    if (node.type === 'function_definition') {
      const name = node.fields.name?.text ?? '';
      if (SHUTDOWN_NAMES.has(name)) add(node);
      else if (isLifespanName(name)) add(node, true);
    } else if (node.type === 'decorator') {
      const definition = node.parent?.fields.definition;
      if (definition?.type === 'function_definition' && decoratorRegistration(node, scopes, lookup)) add(definition);
    } else if (node.type === 'call') {
      for (const registration of handlerRegistrations(node, scopes, lookup)) add(handlerFunction(registration.listener, scopes), registration.afterYield);
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

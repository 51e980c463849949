/**
 * Which TS/JS functions are shutdown handlers, in the shapes no-unbounded-shutdown-await recognises
 * with its default options: listeners for SIGTERM / SIGINT / SIGHUP / SIGQUIT / beforeExit on
 * `process` (inline or a function of this file passed by name), Fastify `addHook('onClose', fn)`,
 * NestJS shutdown hooks, and functions named like a shutdown. Other rules ask this to leave the
 * waits inside such handlers to that rule (one finding, not two).
 *
 * Kept deliberately small until the shared shutdown model exists; the handler's callees and the
 * rule's `shutdownFunctions` option are not followed here.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyName, qualifiedName, unwrap } from './names.js';

type Node = TSESTree.Node;
type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** The default names of no-unbounded-shutdown-await's `shutdownFunctions`. */
const SHUTDOWN_NAMES = new Set(['shutdown', 'gracefulShutdown', 'onShutdown', 'handleShutdown', 'graceful_shutdown', 'on_shutdown', 'handle_shutdown']);
const NEST_SHUTDOWN_HOOKS = new Set(['onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown']);
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const SHUTDOWN_EVENTS = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'beforeExit']);

function isFunction(node: Node): node is FunctionNode {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** The name a function is known by: its own, its variable's, or its method key's. */
function functionName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent?.type === 'MethodDefinition' || parent?.type === 'Property' || parent?.type === 'PropertyDefinition') && !parent.computed && parent.key.type === 'Identifier') {
    return parent.key.name;
  }
  return undefined;
}

/** Whether `call` registers its argument `listener` as a shutdown handler. */
function registersShutdown(call: TSESTree.CallExpression, listener: Node, scope: TSESLint.Scope.Scope): boolean {
  const [event, second] = call.arguments;
  if (second !== listener || !event) return false;
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return false;
  const method = propertyName(callee);
  const value = event.type === 'Literal' && typeof event.value === 'string' ? event.value : undefined;
  if (value === undefined) return false;
  // `process.on('SIGTERM', handler)`
  if (method && LISTENER_METHODS.has(method) && qualifiedName(callee.object, scope) === 'process') return SHUTDOWN_EVENTS.has(value);
  // Fastify `app.addHook('onClose', handler)`
  return method === 'addHook' && value === 'onClose';
}

/** Whether `fn` is a shutdown handler: by name, as a NestJS hook, or registered for a shutdown event. */
export function isShutdownHandler(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const name = functionName(fn);
  if (name && SHUTDOWN_NAMES.has(name)) return true;
  if (name && NEST_SHUTDOWN_HOOKS.has(name) && fn.parent?.type === 'MethodDefinition') return true;
  const parent = fn.parent;
  if (parent?.type === 'CallExpression') return registersShutdown(parent, fn, sourceCode.getScope(parent));
  // A function of this file registered by name: `process.on('SIGTERM', stop)`
  const declared = fn.type === 'FunctionDeclaration' ? fn : parent?.type === 'VariableDeclarator' ? parent : undefined;
  if (!declared) return false;
  for (const variable of sourceCode.getDeclaredVariables(declared)) {
    for (const reference of variable.references) {
      const use = reference.identifier;
      if (use.parent?.type === 'CallExpression' && registersShutdown(use.parent, use, sourceCode.getScope(use.parent))) return true;
    }
  }
  return false;
}

/** Whether `node` is awaited (directly or inside the awaited expression) in the body of a shutdown handler. */
export function isAwaitedInShutdownHandler(node: Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let awaited = false;
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'AwaitExpression') awaited = true;
    if (isFunction(current)) return awaited && isShutdownHandler(current, sourceCode);
  }
  return false;
}

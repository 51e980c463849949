/**
 * Which TS/JS functions are shutdown handlers, for rules that leave the waits inside them to
 * no-unbounded-shutdown-await (one finding, not two). The registrations themselves are recognised by
 * the shutdown model in `shutdown.ts`, which that rule asks too: listeners for SIGTERM / SIGINT /
 * SIGHUP / SIGQUIT / beforeExit on `process` (inline, or a function of this file passed by name),
 * Fastify `addHook('onClose', fn)`, a wrapper of this file around `process.on`, NestJS shutdown
 * hooks, and functions named like a shutdown (the rule's default `shutdownFunctions`).
 *
 * The handler's callees and the rule's own `shutdownFunctions` option are not followed here.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { DEFAULT_SHUTDOWN_FUNCTIONS, functionName, handlerRegistration, isFunction, isNestShutdownHook, listenerFunction, type FunctionLookup, type FunctionNode } from './shutdown.js';

type Node = TSESTree.Node;
type Scope = TSESLint.Scope.Scope;

const SHUTDOWN_NAMES = new Set(DEFAULT_SHUTDOWN_FUNCTIONS);

/** Whether `fn` is a shutdown handler: by name, as a NestJS hook, or registered for a shutdown event. */
export function isShutdownHandler(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const name = functionName(fn);
  if (name && SHUTDOWN_NAMES.has(name)) return true;
  if (isNestShutdownHook(fn)) return true;
  const scopeOf = (node: Node) => sourceCode.getScope(node) as Scope;
  // A wrapper of this file: `onSignal('SIGTERM', stop)` over `function onSignal(s, fn) { process.on(s, fn) }`.
  const lookup: FunctionLookup = (callee) => {
    const target = listenerFunction(callee, scopeOf(callee));
    return target && { fn: target, scopeOf };
  };
  const registers = (call: Node | undefined, listener: Node) =>
    call?.type === 'CallExpression' && call.arguments.includes(listener as TSESTree.CallExpressionArgument) && handlerRegistration(call, scopeOf, lookup)?.listener === listener;
  const parent = fn.parent;
  if (parent?.type === 'CallExpression') return registers(parent, fn);
  // A function of this file registered by name: `process.on('SIGTERM', stop)`
  const declared = fn.type === 'FunctionDeclaration' ? fn : parent?.type === 'VariableDeclarator' ? parent : undefined;
  if (!declared) return false;
  for (const variable of sourceCode.getDeclaredVariables(declared)) {
    for (const reference of variable.references) {
      if (registers(reference.identifier.parent, reference.identifier)) return true;
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

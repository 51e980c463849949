/**
 * What a TS/JS program does about stopping: where it registers signal listeners and shutdown
 * libraries, and where it starts something that runs until it is told to stop (a server's
 * `listen`, a BullMQ worker, a consumer loop). Every rule about shutdown asks here, so the list of
 * frameworks lives once.
 *
 * The questions take the node and the scope it sits in, so they work on the file ESLint is linting
 * (`sourceCode.getScope`) and on a module parsed on the side (see `project/linked-modules.ts`).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { findVariable, propertyName, qualifiedName, unwrap } from './names.js';
import { DEFAULT_SHUTDOWN_FUNCTIONS } from '../shutdown-names.js';
import { nameWords } from '../name-shapes.js';

type Scope = TSESLint.Scope.Scope;
type Node = TSESTree.Node;
export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** `process.on(...)` and its siblings that add a listener. */
export const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/**
 * Process events whose listeners run when the process is asked to stop: the code no-unbounded-shutdown-await
 * searches for waits. Wider than `STOP_SIGNALS`: a SIGHUP or SIGQUIT listener that drains is shutdown code
 * too, and `beforeExit` runs when the loop empties.
 */
export const SHUTDOWN_EVENTS = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'beforeExit']);

/** NestJS lifecycle hooks that run during `app.close()` / `enableShutdownHooks()`. */
export const NEST_SHUTDOWN_HOOKS = new Set(['onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown']);

export { DEFAULT_SHUTDOWN_FUNCTIONS };

/**
 * Signals an orchestrator sends to stop a process (Kubernetes, Docker, systemd: SIGTERM; a terminal:
 * SIGINT). SIGHUP (reload), SIGUSR1/2 and `beforeExit` (never emitted on a signal) are not.
 */
export const STOP_SIGNALS = new Set(['SIGTERM', 'SIGINT']);

/** Calls that end the process. */
export const EXIT_CALLS = new Set(['process.exit', 'process.abort', 'process.reallyExit']);

/** A listener added to `process`: `process.on('SIGTERM', handler)`, with the event names resolved. */
export interface ProcessListener {
  call: TSESTree.CallExpression;
  /** Event names the call listens to, when they are constants (`'SIGTERM'`, a `for...of` over a literal array). */
  events: string[];
  /** The listener argument as written. */
  listener: Node;
}

/**
 * `process.on('SIGTERM', handler)` (and `once`, `addListener`, `prependListener`), also through
 * `import process from 'node:process'`, `for (const s of ['SIGINT', 'SIGTERM']) process.once(s, h)`
 * and `['SIGINT', 'SIGTERM'].forEach((s) => process.on(s, h))`.
 */
export function processListener(call: TSESTree.CallExpression, scope: Scope): ProcessListener | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  const [event, listener] = call.arguments;
  if (!method || !LISTENER_METHODS.has(method) || !event || !listener) return undefined;
  if (moduleName(callee.object, scope) !== 'process') return undefined;
  return { call, events: stringValues(event, scope), listener };
}

/** Libraries that install SIGTERM handling, or the draining a handler calls, for a server. */
const SHUTDOWN_LIBRARIES: Record<string, string> = {
  '@godaddy/terminus.createTerminus': '@godaddy/terminus',
  'http-terminator.createHttpTerminator': 'http-terminator',
  'lightship.createLightship': 'lightship',
  'close-with-grace': 'close-with-grace',
  'stoppable': 'stoppable',
};

/**
 * The shutdown library a call sets up: `createTerminus(server, {...})`, `createHttpTerminator({ server })`,
 * `createLightship()`, `closeWithGrace(opts, fn)`, `stoppable(server)`, or NestJS
 * `app.enableShutdownHooks()` (a method on the application object, so matched by its name).
 */
export function shutdownLibrary(call: TSESTree.CallExpression, scope: Scope): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === 'MemberExpression' && propertyName(callee) === 'enableShutdownHooks') return 'NestJS enableShutdownHooks()';
  const name = moduleName(callee, scope);
  return name === undefined ? undefined : SHUTDOWN_LIBRARIES[name];
}

/** A registration that gives the process a way to stop cleanly on SIGTERM or SIGINT. */
export interface ShutdownPath {
  node: TSESTree.CallExpression;
  /** `the SIGTERM listener`, `@godaddy/terminus`, `NestJS enableShutdownHooks()`. */
  what: string;
  /** For a process listener: its events and listener argument. */
  listener?: ProcessListener;
}

/** Whether a call is a shutdown path for `missingHandler`: a SIGTERM/SIGINT listener or a shutdown library. */
export function shutdownPath(call: TSESTree.CallExpression, scope: Scope, wrappers?: { scopeOf: (node: Node) => Scope; lookup: FunctionLookup }): ShutdownPath | undefined {
  const listener = processListener(call, scope);
  if (listener) {
    const stops = listener.events.filter((event) => STOP_SIGNALS.has(event));
    return stops.length ? { node: call, what: `the ${stops.join('/')} listener`, listener } : undefined;
  }
  const library = shutdownLibrary(call, scope);
  if (library) return { node: call, what: library };
  // `onSignal('SIGTERM', stop)` through a project function that calls `process.on` (a private registry is not a signal path).
  const registration = wrappers && handlerRegistration(call, wrappers.scopeOf, wrappers.lookup);
  const stops = registration?.through ? registration.events.filter((event) => STOP_SIGNALS.has(event)) : [];
  return stops.length ? { node: call, what: `the ${stops.join('/')} listener (through \`${registration!.through}()\`)` } : undefined;
}

/** What a value is, as far as starting and stopping go. */
type Origin = 'http-server' | 'hapi-server' | 'nest-app' | 'kafka' | 'kafka-consumer';

/** Calls (and `new`) that create a server whose `listen()` keeps the process alive. */
const SERVER_FACTORIES: Record<string, Origin> = {
  express: 'http-server',
  koa: 'http-server',
  fastify: 'http-server',
  'fastify.fastify': 'http-server',
  'http.createServer': 'http-server',
  'https.createServer': 'http-server',
  'http2.createServer': 'http-server',
  'http2.createSecureServer': 'http-server',
  'net.createServer': 'http-server',
  'restify.createServer': 'http-server',
  '@hapi/hapi.server': 'hapi-server',
  '@hapi/hapi.Server': 'hapi-server',
  '@nestjs/core.NestFactory.create': 'nest-app',
  '@nestjs/core.NestFactory.createMicroservice': 'nest-app',
  'kafkajs.Kafka': 'kafka',
};

/** A call or `new` that starts work which runs until the process is told to stop. */
export interface LongRunningStart {
  /** Where a finding about the start points: `app.listen`, `Worker`, the `while` loop. */
  node: Node;
  /** `app.listen()`, `new Worker()`, `a consumer loop`. */
  what: string;
}

/**
 * Whether a call starts a long-running process: `listen()` on an Express, Koa, Fastify, Node
 * `http`/`https`/`http2`/`net` or restify server, hapi `server.start()`, a NestJS application's
 * `listen()` / `startAllMicroservices()`, kafkajs `consumer.run()`, BullMQ `new Worker(...)`.
 */
export function longRunningStart(node: TSESTree.CallExpression | TSESTree.NewExpression, scope: Scope): LongRunningStart | undefined {
  const callee = unwrap(node.callee);
  if (node.type === 'NewExpression') {
    return moduleName(callee, scope) === 'bullmq.Worker' ? { node: callee, what: 'new Worker()' } : undefined;
  }
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  if (!method) return undefined;
  const origin = originOf(callee.object, scope, 0);
  const receiver = callee.object.type === 'Identifier' ? callee.object.name : callee.object.type === 'MemberExpression' ? propertyName(callee.object) ?? 'server' : 'server';
  const what = `${receiver}.${method}()`;
  if (method === 'listen' && (origin === 'http-server' || origin === 'nest-app')) return { node: callee, what };
  if (method === 'start' && origin === 'hapi-server') return { node: callee, what };
  if (method === 'startAllMicroservices' && origin === 'nest-app') return { node: callee, what };
  if (method === 'run' && origin === 'kafka-consumer') return { node: callee, what };
  return undefined;
}

/** What an expression holds: a server, a NestJS app, a Kafka client or consumer, followed through `const` and `await`. */
function originOf(node: Node, scope: Scope, depth: number): Origin | undefined {
  if (depth > 6) return undefined;
  let expr = unwrap(node);
  if (expr.type === 'AwaitExpression') expr = unwrap(expr.argument);
  if (expr.type === 'CallExpression' || expr.type === 'NewExpression') {
    const callee = unwrap(expr.callee);
    const name = moduleName(callee, scope);
    if (name !== undefined && SERVER_FACTORIES[name]) return SERVER_FACTORIES[name];
    if (callee.type === 'MemberExpression') {
      const method = propertyName(callee);
      const inner = originOf(callee.object, scope, depth + 1);
      // `kafka.consumer({ groupId })`
      if (inner === 'kafka' && method === 'consumer') return 'kafka-consumer';
      // `http.createServer(app)` is covered by the factory; `app.listen()` returns the server it starts.
      if (inner === 'http-server' && method === 'listen') return 'http-server';
    }
    return undefined;
  }
  if (expr.type !== 'Identifier') return undefined;
  const variable = findVariable(scope, expr.name);
  const def = variable?.defs[0];
  if (!variable || def?.type !== 'Variable') return undefined;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== 'Identifier' || !declarator.init) return undefined;
  return originOf(declarator.init, variable.scope as Scope, depth + 1);
}

/**
 * The module-qualified name an expression stands for, with `import x from 'm'` and `require('m')`
 * both giving `m` (and `m.f` for a member or named import): `express`, `http.createServer`,
 * `@godaddy/terminus.createTerminus`, `process`.
 */
export function moduleName(node: Node, scope: Scope, depth = 0): string | undefined {
  if (depth > 10) return undefined;
  const expr = unwrap(node);
  if (expr.type === 'Identifier') {
    const variable = findVariable(scope, expr.name);
    const def = variable?.defs[0];
    if (def?.type === 'Variable' && variable && variable.defs.length === 1) {
      const declarator = def.node as TSESTree.VariableDeclarator;
      const required = declarator.init ? requiredModule(declarator.init) : undefined;
      if (required !== undefined) {
        const base = normalize(required);
        if (declarator.id.type === 'Identifier') return base;
        // `const { createServer } = require('node:http')`
        if (declarator.id.type === 'ObjectPattern') {
          for (const property of declarator.id.properties) {
            if (property.type === 'Property' && property.value.type === 'Identifier' && property.value.name === expr.name && property.key.type === 'Identifier') {
              return `${base}.${property.key.name}`;
            }
          }
        }
        return undefined;
      }
    }
  }
  if (expr.type === 'MemberExpression') {
    const property = propertyName(expr);
    const base = property === undefined ? undefined : moduleName(expr.object, scope, depth + 1);
    return base === undefined ? undefined : `${base}.${property}`;
  }
  const name = qualifiedName(expr, scope);
  if (name === undefined) return undefined;
  // `import express from 'express'` gives `express.default`: the package's main export.
  return normalize(name.endsWith('.default') ? name.slice(0, -'.default'.length) : name.replace('.default.', '.'));
}

/** `require('m')` or `require('m').default` gives `m`. */
function requiredModule(node: Node): string | undefined {
  let expr = unwrap(node);
  if (expr.type === 'MemberExpression' && propertyName(expr) === 'default') expr = unwrap(expr.object);
  if (expr.type !== 'CallExpression' || expr.callee.type !== 'Identifier' || expr.callee.name !== 'require') return undefined;
  const [first] = expr.arguments;
  return first?.type === 'Literal' && typeof first.value === 'string' ? first.value : undefined;
}

function normalize(name: string): string {
  return name.startsWith('node:') ? name.slice('node:'.length) : name;
}

/**
 * The constant strings an expression stands for: a literal, a `const`, a literal array, the
 * variable of a `for...of` over one, or the parameter of `['SIGINT', 'SIGTERM'].forEach((s) => ...)`.
 */
export function stringValues(node: Node, scope: Scope, depth = 0): string[] {
  if (depth > 5) return [];
  const expr = unwrap(node);
  if (expr.type === 'Literal' && typeof expr.value === 'string') return [expr.value];
  if (expr.type === 'TemplateLiteral' && expr.expressions.length === 0) return [expr.quasis[0].value.cooked ?? ''];
  if (expr.type === 'ArrayExpression') {
    return expr.elements.flatMap((element) => (element && element.type !== 'SpreadElement' ? stringValues(element, scope, depth + 1) : []));
  }
  if (expr.type !== 'Identifier') return [];
  const variable = findVariable(scope, expr.name);
  const def = variable?.defs[0];
  if (!variable || !def) return [];
  if (def.type === 'Variable') {
    const declarator = def.node as TSESTree.VariableDeclarator;
    const loop = declarator.parent?.parent;
    if (loop?.type === 'ForOfStatement' && loop.left === declarator.parent) {
      // `for (const sig of Object.keys(handlers))`, `for (const [sig, fn] of Object.entries(handlers))`
      const table = handlerTable(loop.right, scope);
      if (table) {
        const first = declarator.id.type === 'ArrayPattern' ? declarator.id.elements[0] : declarator.id;
        return first?.type === 'Identifier' && first.name === expr.name && (table.method === 'keys' || declarator.id.type === 'ArrayPattern') ? table.object.properties.flatMap((p) => (p.type === 'Property' ? propertyKey(p) : [])) : [];
      }
      return stringValues(loop.right, scope, depth + 1);
    }
    if (declarator.init && declarator.id.type === 'Identifier') return stringValues(declarator.init, variable.scope as Scope, depth + 1);
    return [];
  }
  if (def.type === 'Parameter') {
    const fn = def.node as Node;
    const call = fn.parent;
    if (
      isFunction(fn) &&
      fn.params[0]?.type === 'Identifier' &&
      fn.params[0].name === expr.name &&
      call?.type === 'CallExpression' &&
      call.arguments[0] === fn &&
      call.callee.type === 'MemberExpression' &&
      ['forEach', 'map'].includes(propertyName(call.callee) ?? '')
    ) {
      return stringValues(call.callee.object, scope, depth + 1);
    }
  }
  return [];
}

export function isFunction(node: Node): node is FunctionNode {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/**
 * The function a listener argument stands for: written in place, a function declared in the file,
 * a `const` holding one, `this.method`, or any of those with `.bind(...)`.
 */
export function listenerFunction(node: Node, scope: Scope, depth = 0): FunctionNode | undefined {
  const expr = unwrap(node);
  if (isFunction(expr)) return expr;
  if (depth > 3) return undefined;
  if (expr.type === 'CallExpression' && expr.callee.type === 'MemberExpression' && propertyName(expr.callee) === 'bind') {
    return listenerFunction(expr.callee.object, scope, depth + 1);
  }
  if (expr.type === 'MemberExpression' && expr.object.type === 'ThisExpression') return classMethod(expr, propertyName(expr));
  // A handler factory: `process.on('SIGINT', closer('SIGINT'))` with `const closer = (s) => async () => {...}`.
  if (expr.type === 'CallExpression') {
    const factory = listenerFunction(expr.callee, scope, depth + 1);
    return factory && returnedFunction(factory);
  }
  // `handlers[sig]` on a table `const handlers = { SIGTERM: stop, SIGINT: stop }`
  if (expr.type === 'MemberExpression' && expr.computed) {
    const object = unwrap(expr.object);
    const table = object.type === 'ObjectExpression' ? object : object.type === 'Identifier' ? constObject(object, scope) : undefined;
    return table && tableFunction(table, scope, depth);
  }
  if (expr.type !== 'Identifier') return undefined;
  const variable = findVariable(scope, expr.name);
  const def = variable?.defs[0];
  if (!def) return undefined;
  if (def.type === 'FunctionName' && def.node.type === 'FunctionDeclaration') return def.node;
  if (def.type === 'Variable') {
    // `for (const [sig, fn] of Object.entries(handlers)) process.on(sig, fn)`
    const declarator = def.node as TSESTree.VariableDeclarator;
    const loop = declarator.parent?.parent;
    if (loop?.type === 'ForOfStatement' && loop.left === declarator.parent && declarator.id.type === 'ArrayPattern') {
      const second = declarator.id.elements[1];
      const table = handlerTable(loop.right, scope);
      return second?.type === 'Identifier' && second.name === expr.name && table?.method === 'entries' ? tableFunction(table.object, scope, depth) : undefined;
    }
    const init = (def.node as TSESTree.VariableDeclarator).init;
    if (init && isFunction(unwrap(init))) return unwrap(init) as FunctionNode;
  }
  return undefined;
}

/** `Object.keys(table)` / `Object.entries(table)` over an object literal (written in place or a `const`). */
function handlerTable(node: Node, scope: Scope): { method: 'keys' | 'entries'; object: TSESTree.ObjectExpression } | undefined {
  const call = unwrap(node);
  if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || !call.arguments[0]) return undefined;
  const owner = unwrap(call.callee.object);
  const method = propertyName(call.callee);
  if (owner.type !== 'Identifier' || owner.name !== 'Object' || (method !== 'keys' && method !== 'entries')) return undefined;
  const argument = unwrap(call.arguments[0]);
  const object = argument.type === 'ObjectExpression' ? argument : argument.type === 'Identifier' ? constObject(argument, scope) : undefined;
  return object ? { method, object } : undefined;
}

/** The object literal a `const` holds, when it is never reassigned. */
function constObject(id: TSESTree.Identifier, scope: Scope): TSESTree.ObjectExpression | undefined {
  const variable = findVariable(scope, id.name);
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || def?.type !== 'Variable' || variable.references.some((ref) => ref.isWrite() && !ref.init)) return undefined;
  const init = (def.node as TSESTree.VariableDeclarator).init;
  const value = init ? unwrap(init) : undefined;
  return value?.type === 'ObjectExpression' ? value : undefined;
}

/** The one function every entry of a handler table stands for (`{ SIGTERM: stop, SIGINT: stop }`); undefined when they differ. */
function tableFunction(table: TSESTree.ObjectExpression, scope: Scope, depth: number): FunctionNode | undefined {
  let found: FunctionNode | undefined;
  for (const property of table.properties) {
    if (property.type !== 'Property') return undefined;
    const fn = listenerFunction(property.value, scope, depth + 1);
    if (!fn || (found && fn !== found)) return undefined;
    found = fn;
  }
  return found;
}

/** A property's key as a string (`SIGTERM`, `'SIGINT'`), when it is not computed. */
function propertyKey(property: TSESTree.Property): string[] {
  if (property.computed) return [];
  if (property.key.type === 'Identifier') return [property.key.name];
  return property.key.type === 'Literal' && typeof property.key.value === 'string' ? [property.key.value] : [];
}

/** The function a factory returns: `(s) => async () => {...}` or `function f() { return async () => {...}; }`. */
function returnedFunction(factory: FunctionNode): FunctionNode | undefined {
  const body = factory.body;
  if (body.type !== 'BlockStatement') return isFunction(unwrap(body)) ? (unwrap(body) as FunctionNode) : undefined;
  for (const statement of body.body) {
    if (statement.type === 'ReturnStatement' && statement.argument && isFunction(unwrap(statement.argument))) {
      return unwrap(statement.argument) as FunctionNode;
    }
  }
  return undefined;
}

/** The name a function is known by: its own, its variable's, its method's or its property's. */
export function functionName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition' || parent.type === 'Property') && !parent.computed) {
    return parent.key.type === 'Identifier' ? parent.key.name : parent.key.type === 'Literal' ? String(parent.key.value) : undefined;
  }
  return undefined;
}

/** How a message names a function: `shutdown`, or `App.stop` for a method of a named class. */
export function displayName(fn: FunctionNode): string | undefined {
  const name = functionName(fn);
  const member = fn.parent;
  if (!name || (member?.type !== 'MethodDefinition' && member?.type !== 'PropertyDefinition')) return name;
  const cls = member.parent?.parent;
  const className = (cls?.type === 'ClassDeclaration' || cls?.type === 'ClassExpression') && cls.id ? cls.id.name : undefined;
  return className ? `${className}.${name}` : name;
}

/** Whether a function is a NestJS shutdown hook: a class method named `onModuleDestroy`, `beforeApplicationShutdown` or `onApplicationShutdown`. */
export function isNestShutdownHook(fn: FunctionNode): boolean {
  const name = functionName(fn);
  return name !== undefined && NEST_SHUTDOWN_HOOKS.has(name) && fn.parent?.type === 'MethodDefinition';
}

/** The method `name` of the class enclosing `from` (for `this.name`). */
export function classMethod(from: Node, name: string | undefined): FunctionNode | undefined {
  if (!name) return undefined;
  for (let current: Node | undefined = from.parent; current; current = current.parent) {
    if (current.type === 'ClassBody') return methodOfClass(current.parent as TSESTree.ClassDeclaration | TSESTree.ClassExpression, name);
  }
  return undefined;
}

/** The method (or function-valued property) `name` of a class. */
export function methodOfClass(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string): FunctionNode | undefined {
  for (const member of cls.body.body) {
    if ((member.type === 'MethodDefinition' || member.type === 'PropertyDefinition') && !member.computed && member.key.type === 'Identifier' && member.key.name === name) {
      const value = member.value && unwrap(member.value);
      if (value && isFunction(value)) return value;
    }
  }
  return undefined;
}

/** Calls that end the process from a forced-exit timer: the exits, and `process.kill(process.pid, 'SIGKILL')`. */
export const FORCED_EXIT_CALLS = new Set([...EXIT_CALLS, 'process.kill']);

/**
 * A timer that ends the process if draining takes too long: `setTimeout(() => process.exit(1), ms)` (with
 * `.unref()` or not), `setTimeout(process.exit, ms, 1)`, and, when the caller says what a timer promise is
 * (`isTimerPromise`), `sleep(ms).then(() => process.exit(1))`. The one check both shutdown rules use.
 */
export function isForcedExitTimer(call: TSESTree.CallExpression, scope: Scope, scopeOf: (node: Node) => Scope, isTimerPromise?: (node: Node, scope: Scope) => boolean): boolean {
  const exits = (fn: FunctionNode): boolean => {
    let found = false;
    walkNodes(fn.body, (node) => {
      if (!found && node.type === 'CallExpression' && FORCED_EXIT_CALLS.has(qualifiedName(node.callee, scopeOf(node)) ?? '')) found = true;
      return !found;
    });
    return found;
  };
  const callee = unwrap(call.callee);
  const [callback] = call.arguments;
  if (isTimerPromise && callee.type === 'MemberExpression' && propertyName(callee) === 'then' && isTimerPromise(unwrap(callee.object), scope)) {
    return callback !== undefined && isFunction(callback) && exits(callback);
  }
  const timer = qualifiedName(call.callee, scope);
  if (timer !== 'setTimeout' && timer !== 'timers.setTimeout' && timer !== 'global.setTimeout') return false;
  if (!callback) return false;
  const target = unwrap(callback);
  if (target.type === 'MemberExpression') return FORCED_EXIT_CALLS.has(qualifiedName(target, scope) ?? '');
  return isFunction(target) && exits(target);
}

/** Child-process starts: `spawn`, `fork` and `exec`/`execFile` (which also return a ChildProcess) from `child_process`. */
const CHILD_STARTS = new Set(['child_process.spawn', 'child_process.fork', 'child_process.exec', 'child_process.execFile', 'execa', 'execa.execa']);

/** Whether a call starts a child process, by its resolved callee: `spawn('ffmpeg', args)`, `cp.fork('./worker.js')`. */
export function isChildProcessStart(call: TSESTree.CallExpression, scope: Scope): boolean {
  return CHILD_STARTS.has(moduleName(call.callee, scope) ?? '');
}

/** Whether an object literal passed to a call sets `detached: true` (a child meant to outlive its parent). */
export function isDetachedChild(call: TSESTree.CallExpression): boolean {
  return call.arguments.some(
    (argument) =>
      argument.type === 'ObjectExpression' &&
      argument.properties.some((property) => property.type === 'Property' && property.key.type === 'Identifier' && property.key.name === 'detached' && property.value.type === 'Literal' && property.value.value === true),
  );
}

/** Pre-order walk in source order without a visitor-keys table; `visit` returns false to skip a node's children. */
export function walkNodes(root: Node, visit: (node: Node) => boolean): void {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (!visit(node)) continue;
    const children: Node[] = [];
    for (const key of Object.keys(node)) {
      if (key === 'parent' || key === 'loc' || key === 'range' || key === 'tokens' || key === 'comments' || key === 'typeAnnotation' || key === 'returnType' || key === 'typeParameters') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) children.push(item);
      } else if (isNode(value)) children.push(value);
    }
    children.sort((a, b) => a.range[0] - b.range[0]);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && Array.isArray((value as { range?: unknown }).range);
}

/** Visit every node of a function's own body: nested functions and classes are not entered. */
export function walkOwnBody(fn: FunctionNode, visit: (node: Node) => void): void {
  walkNodes(fn.body, (node) => {
    if (node !== fn.body && (isFunction(node) || node.type === 'ClassBody')) return false;
    visit(node);
    return true;
  });
}

/** A function and the scope lookup of the module that holds it: this file, or another module of the project. */
export interface FunctionRef {
  fn: FunctionNode;
  scopeOf: (node: Node) => Scope;
}

/** Finds the project function a callee names (in this file, or through the project index in another module). */
export type FunctionLookup = (callee: Node) => FunctionRef | undefined;

/** A registration of code that runs when the process is asked to stop. */
export interface HandlerRegistration {
  call: TSESTree.CallExpression;
  /** The events it is registered for: `['SIGTERM', 'SIGINT']`; empty for a private registry. */
  events: string[];
  /** The handler argument as written. */
  listener: Node;
  /** How a message names the handler: `the SIGTERM handler`, `the Fastify onClose hook`. */
  what: string;
  /** The project function the registration goes through (`onSignal`, `addCleanup`), when it is not `process.on` itself. */
  through?: string;
  /** The handler is run by another one (`what`) that calls everything in a private registry. */
  runner?: boolean;
}

/**
 * Whether a call registers a shutdown handler, and which: `process.on('SIGTERM', h)` (and its siblings, for
 * the events of `SHUTDOWN_EVENTS`), Fastify `app.addHook('onClose', h)`, or a call of a project function that
 * does one of those with its argument (`onSignal('SIGTERM', stop)` over `function onSignal(s, fn) {
 * process.on(s, fn) }`) or adds it to a private registry a shutdown handler runs (`addCleanup(closeDb)`).
 * `lookup` resolves the callee of a call that is none of the first two; without it wrappers are not seen.
 */
export function handlerRegistration(call: TSESTree.CallExpression, scopeOf: (node: Node) => Scope, lookup?: FunctionLookup): HandlerRegistration | undefined {
  const scope = scopeOf(call);
  const direct = directRegistration(call, scope);
  if (direct) return direct;
  const callee = unwrap(call.callee);
  // `cleanups.push(closeDb)` on a module-level list that a shutdown handler of this module runs
  const added = registryAddition(call, scope);
  if (added) {
    const runBy = registryRunner(added.variable, call, scopeOf);
    if (runBy) return { call, events: [], listener: added.argument, what: runBy, through: `${added.variable.name}.${added.method}`, runner: true };
    return undefined;
  }
  if (!lookup || !call.arguments.some(mayBeHandler) || (callee.type !== 'Identifier' && callee.type !== 'MemberExpression')) return undefined;
  const ref = lookup(callee);
  const registrar = ref && registrarOf(ref);
  if (!ref || !registrar) return undefined;
  const argument = call.arguments[registrar.listener];
  if (!argument || argument.type === 'SpreadElement') return undefined;
  const through = functionName(ref.fn) ?? 'function';
  if (registrar.runBy) return { call, events: [], listener: argument, what: registrar.runBy, through, runner: true };
  const eventArgument = registrar.event === undefined ? undefined : call.arguments[registrar.event];
  const events = (eventArgument ? stringValues(eventArgument, scope) : registrar.events).filter((value) => SHUTDOWN_EVENTS.has(value));
  return events.length ? { call, events, listener: argument, what: `the ${events.join('/')} handler`, through } : undefined;
}

/** Whether an argument can be a handler: a function written in place, a name or member, `f.bind(...)` (not a literal or an object). */
function mayBeHandler(argument: Node): boolean {
  const expr = unwrap(argument);
  if (isFunction(expr) || expr.type === 'Identifier' || expr.type === 'MemberExpression') return true;
  return expr.type === 'CallExpression' && expr.callee.type === 'MemberExpression' && propertyName(expr.callee) === 'bind';
}

/** `list.push(fn)` / `list.unshift(fn)` / `set.add(fn)` on a name: the list's variable and the added argument. */
function registryAddition(call: TSESTree.CallExpression, scope: Scope): { variable: TSESLint.Scope.Variable; method: string; argument: Node } | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  const [argument] = call.arguments;
  const list = unwrap(callee.object);
  if (!method || !['push', 'unshift', 'add'].includes(method) || !argument || argument.type === 'SpreadElement' || list.type !== 'Identifier') return undefined;
  const variable = findVariable(scope, list.name);
  return variable ? { variable, method, argument } : undefined;
}

/** `process.on('SIGTERM', h)` for a shutdown event, Fastify `addHook('onClose', h)`. */
function directRegistration(call: TSESTree.CallExpression, scope: Scope): HandlerRegistration | undefined {
  const listener = processListener(call, scope);
  if (listener) {
    const events = listener.events.filter((event) => SHUTDOWN_EVENTS.has(event));
    return events.length ? { call, events, listener: listener.listener, what: `the ${events.join('/')} handler` } : undefined;
  }
  const callee = unwrap(call.callee);
  const [event, second] = call.arguments;
  // Fastify `app.addHook('onClose', async (instance) => { ... })`
  if (callee.type === 'MemberExpression' && propertyName(callee) === 'addHook' && event && second && stringValues(event, scope).includes('onClose')) {
    return { call, events: ['onClose'], listener: second, what: 'the Fastify onClose hook' };
  }
  return undefined;
}

/** How a project function hands one of its parameters on as a shutdown handler. */
export interface Registrar {
  /** The position of the parameter that becomes the handler. */
  listener: number;
  /** The position of the parameter that names the event, when the caller passes it (`onSignal('SIGTERM', fn)`). */
  event?: number;
  /** The events registered with constants (`process.on('SIGTERM', fn)` inside the wrapper). */
  events: string[];
  /** For a private registry (`cleanups.push(fn)`): the handler that runs it, as a message names it. */
  runBy?: string;
}

const registrars = new WeakMap<FunctionNode, Registrar | null>();

/**
 * Whether a function registers one of its parameters as a shutdown handler: it passes it to `process.on` for
 * a shutdown event (`function onSignal(signal, fn) { process.on(signal, fn); }`), or adds it to a module-level
 * list that a shutdown handler of its module runs (`function addCleanup(fn) { cleanups.push(fn); }` with
 * `process.on('SIGTERM', async () => { for (const c of cleanups) await c(); })`).
 */
export function registrarOf(ref: FunctionRef): Registrar | undefined {
  const cached = registrars.get(ref.fn);
  if (cached !== undefined) return cached ?? undefined;
  registrars.set(ref.fn, null);
  let found: Registrar | undefined;
  walkOwnBody(ref.fn, (node) => {
    if (found || node.type !== 'CallExpression') return;
    const scope = ref.scopeOf(node);
    const listener = processListener(node, scope);
    if (listener) {
      const position = parameterPosition(ref.fn, listener.listener, scope);
      if (position === undefined) return;
      const event = parameterPosition(ref.fn, node.arguments[0], scope);
      const events = listener.events.filter((value) => SHUTDOWN_EVENTS.has(value));
      if (event !== undefined || events.length) found = { listener: position, event, events };
      return;
    }
    // `cleanups.push(fn)`, `hooks.add(fn)` on a module-level list
    const callee = unwrap(node.callee);
    if (callee.type !== 'MemberExpression' || !['push', 'unshift', 'add'].includes(propertyName(callee) ?? '')) return;
    const position = parameterPosition(ref.fn, node.arguments[0], scope);
    const list = unwrap(callee.object);
    if (position === undefined || list.type !== 'Identifier') return;
    const variable = findVariable(scope, list.name);
    const runBy = variable && registryRunner(variable, ref.fn, ref.scopeOf);
    if (runBy) found = { listener: position, events: [], runBy };
  });
  registrars.set(ref.fn, found ?? null);
  return found;
}

/** The position of `fn`'s parameter that `node` names (`fn` in `function onSignal(s, fn)`), if it is one. */
function parameterPosition(fn: FunctionNode, node: Node | undefined, scope: Scope): number | undefined {
  const expr = node && unwrap(node);
  if (expr?.type !== 'Identifier') return undefined;
  const def = findVariable(scope, expr.name)?.defs[0];
  if (def?.type !== 'Parameter' || def.node !== fn) return undefined;
  const position = fn.params.findIndex((param) => (param.type === 'AssignmentPattern' ? param.left : param).type === 'Identifier' && ((param.type === 'AssignmentPattern' ? param.left : param) as TSESTree.Identifier).name === expr.name);
  return position < 0 ? undefined : position;
}

/**
 * The shutdown handler that runs a module-level list of callbacks (`for (const c of cleanups) await c()`,
 * `cleanups.map((c) => c())`): a listener for a shutdown event, or a function named like a shutdown, of the
 * list's module that reads the list. Undefined when the list is not module-level or nothing at shutdown reads it.
 */
function registryRunner(variable: TSESLint.Scope.Variable, from: Node, scopeOf: (node: Node) => Scope): string | undefined {
  if (variable.scope.type !== 'module' && variable.scope.type !== 'global') return undefined;
  const cached = runners.get(variable);
  if (cached !== undefined) return cached ?? undefined;
  let program: Node | undefined = from;
  while (program?.parent) program = program.parent;
  if (program?.type !== 'Program') return undefined;
  // Reads of the list that are not additions to it.
  const reads = variable.references.filter((reference) => {
    const parent = reference.identifier.parent;
    return !(parent?.type === 'MemberExpression' && parent.object === reference.identifier && ['push', 'unshift', 'add'].includes(propertyName(parent) ?? ''));
  });
  const readsIn = (fn: FunctionNode) => reads.some((reference) => fn.range[0] <= reference.identifier.range[0] && reference.identifier.range[1] <= fn.range[1]);
  let runner: string | undefined;
  walkNodes(program, (node) => {
    if (runner) return false;
    if (isFunction(node)) {
      const name = functionName(node);
      if (name && (DEFAULT_SHUTDOWN_FUNCTIONS.includes(name) || isNestShutdownHook(node)) && readsIn(node)) runner = `\`${name}()\``;
      return true;
    }
    if (node.type !== 'CallExpression') return true;
    const registration = directRegistration(node, scopeOf(node));
    const fn = registration && listenerFunction(registration.listener, scopeOf(registration.listener));
    if (registration && fn && readsIn(fn)) runner = registration.what;
    return true;
  });
  runners.set(variable, runner ?? null);
  return runner;
}

const runners = new WeakMap<TSESLint.Scope.Variable, string | null>();

/** Words that say a condition selects test or coverage runs: `isIntegrationTest`, `NODE_ENV === 'test'`, `process.env.COVERAGE`. */
const TEST_RUN_WORDS = new Set(['test', 'tests', 'testing', 'coverage', 'nyc', 'jest', 'vitest', 'mocha', 'e2e', 'cypress', 'playwright']);

/**
 * Whether code only runs in test or coverage runs: it sits under an `if` (or `cond && ...`, `cond ? ... : ...`)
 * whose condition names a test run (`if (EnvSet.values.isIntegrationTest) process.on('SIGINT', exit)`,
 * `if (process.env.NODE_ENV === 'test')`). A handler registered there is test tooling, not the service's shutdown.
 */
export function onlyInTestRuns(node: Node): boolean {
  for (let current: Node = node; current.parent; current = current.parent) {
    const parent: Node = current.parent;
    let test: Node | undefined;
    if (parent.type === 'IfStatement' && parent.consequent === current) test = parent.test;
    else if (parent.type === 'ConditionalExpression' && parent.consequent === current) test = parent.test;
    else if (parent.type === 'LogicalExpression' && parent.operator === '&&' && parent.right === current) test = parent.left;
    if (test && namesTestRun(test)) return true;
  }
  return false;
}

/** Whether a condition names a test run: a name or string among its identifiers, properties and literals. */
function namesTestRun(test: Node): boolean {
  let found = false;
  walkNodes(test, (node) => {
    if (found || isFunction(node)) return false;
    const text = node.type === 'Identifier' ? node.name : node.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
    // `!isTest`, `NODE_ENV !== 'test'` select the other runs: a negated name does not count.
    if (node.type === 'UnaryExpression' && node.operator === '!') return false;
    if (node.type === 'BinaryExpression' && (node.operator === '!==' || node.operator === '!=')) return false;
    if (text !== undefined && nameWords(text).some((word) => TEST_RUN_WORDS.has(word))) found = true;
    return !found;
  });
  return found;
}

/** Text every module that registers a shutdown handler contains (a listener call, a Fastify hook, a handler named like one). */
const REGISTRATION_TEXT = ['process.on(', 'process.once(', 'process.addListener(', 'process.prependListener(', 'process.prependOnceListener(', 'addHook(', ...NEST_SHUTDOWN_HOOKS, ...DEFAULT_SHUTDOWN_FUNCTIONS];

/**
 * A cheap pre-check on a module's source before it is parsed to look for a wrapper or a registry: whether it
 * can register a shutdown handler at all, or re-exports what another module defines. Asking the project index
 * about every imported function a file calls would parse most of the project; this is not a judgement, only a
 * filter that lets through every module `registrarOf` could find something in.
 */
export function mayRegisterHandlers(text: string): boolean {
  return REGISTRATION_TEXT.some((part) => text.includes(part)) || text.includes('export *') || (text.includes('export {') && text.includes(' from '));
}

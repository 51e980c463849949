import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TsContext } from '../../src/rule.js';
import { fileRole } from '../../src/analysis/role.js';
import { findVariable, propertyName, qualifiedName, unwrap } from '../../src/analysis/ts/names.js';
import {
  isChildProcessStart,
  isDetachedChild,
  isForcedExitTimer,
  isFunction,
  listenerFunction,
  longRunningStart,
  moduleName,
  onlyInTestRuns,
  shutdownPath,
  STOP_SIGNALS,
  walkNodes,
  walkOwnBody,
  type FunctionLookup,
  type FunctionNode,
  type LongRunningStart,
  type ProcessListener,
} from '../../src/analysis/ts/shutdown.js';
import { findLinkedModule } from '../../src/analysis/project/linked-modules.js';
import { projectIndex, type ModuleFacts, type ProjectIndex, type TsModule } from '../../src/analysis/project/index.js';
import { projectOf } from '../../src/analysis/project/manifest.js';
import type { MessageIds, Options } from './index.js';

type Scope = TSESLint.Scope.Scope;
type Node = TSESTree.Node;

/**
 * Whether the package.json `scripts` start this file under a process manager that owns its stop and restart
 * (`"start:static": "pm2 start proxy-server.js"`, `nodemon server.js`): exempt, like a Python file handed to
 * uvicorn or gunicorn.
 */
function managedByProcessManager(filename: string, cwd: string): boolean {
  const file = path.resolve(cwd, filename);
  return projectOf(file, path.resolve(cwd)).managedFiles.has(file);
}

/** Logger methods: a handler that only logs before `process.exit()` has drained nothing. */
const LOG_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal']);
const LOGGER_NAMES = /^_*(?:log|logger|console)$/i;

/**
 * Verbs of awaited startup steps that wait on something outside the process (a connection, a bind,
 * a migration), so a SIGTERM during them finds no handler: `await db.connect()`, `await app.listen()`,
 * `await prisma.$connect()`, `await runMigrations()`, `await NestFactory.create(AppModule)`.
 */
const SLOW_STEP = /^\$?(?:connect|listen|start|migrate|sync|wait|warm|bootstrap|init|initialize|ready|seed|create|open|run|load)(?:[A-Z_]|$)/;

/** A child process the program keeps: `const worker = fork('./worker.js')`, `this.ffmpeg = spawn(...)`. */
interface KeptChild {
  start: TSESTree.CallExpression;
  /** `worker`, `this.ffmpeg` as the message shows it. */
  label: string;
  variable?: TSESLint.Scope.Variable;
  property?: string;
}

export function detectTypeScript(context: TsContext<MessageIds, Options>): TSESLint.RuleListener {
  const [options] = context.options;
  const { sourceCode } = context;
  const starts: (LongRunningStart & { loc?: TSESTree.SourceLocation })[] = [];
  let hasShutdownPath = false;
  const listeners: ProcessListener[] = [];
  const children: KeptChild[] = [];
  /** Functions the module runs when it loads (`main()`, `void main()`, `main().catch(...)`, and what they call), whose loops run for the program. */
  const calledAtTop = new Set<FunctionNode>();
  /** Calls of the file's own functions: the calling function (undefined at top level) and the callee. */
  const callEdges: [FunctionNode | undefined, FunctionNode][] = [];
  const loops: (TSESTree.WhileStatement | TSESTree.ForStatement | TSESTree.DoWhileStatement)[] = [];
  const killed = { variables: new Set<TSESLint.Scope.Variable>(), properties: new Set<string>() };

  function scopeOf(node: Node): Scope {
    return sourceCode.getScope(node) as Scope;
  }
  /** `onSignal('SIGTERM', stop)` through a function of this file that calls `process.on`. */
  const wrappers = { scopeOf, lookup: localLookup(scopeOf) };
  /** Calls of functions this file imports: registrations through another module's wrapper, judged only when needed. */
  const importedCalls: TSESTree.CallExpression[] = [];

  function onLoop(node: TSESTree.WhileStatement | TSESTree.ForStatement | TSESTree.DoWhileStatement): void {
    if (isEndless(node)) loops.push(node);
  }

  return {
    CallExpression(node) {
      const scope = scopeOf(node);
      const path = shutdownPath(node, scope, wrappers);
      if (path) {
        hasShutdownPath = true;
        if (path.listener) listeners.push(path.listener);
      } else if (node.arguments.length && importRoot(node.callee, scope)) importedCalls.push(node);
      const start = longRunningStart(node, scope);
      if (start) starts.push(start);
      if (isChildProcessStart(node, scope) && !isDetachedChild(node)) {
        const kept = keptChild(node, scope);
        if (kept) children.push(kept);
      }
      noteKill(node, scope);
      {
        const callee = unwrap(node.callee);
        // `main()`, `main().catch(...)`: the callee of the innermost call is the function that runs.
        const target = callee.type === 'MemberExpression' && unwrap(callee.object).type === 'CallExpression' ? (unwrap(callee.object) as TSESTree.CallExpression).callee : callee;
        const fn = target.type === 'Identifier' || (target.type === 'MemberExpression' && target.object.type === 'ThisExpression') ? listenerFunction(target, scope) : undefined;
        if (fn) callEdges.push([enclosingFunction(node), fn]);
      }
    },
    NewExpression(node) {
      const start = longRunningStart(node, scopeOf(node));
      if (start) starts.push(start);
    },
    WhileStatement: onLoop,
    ForStatement: onLoop,
    DoWhileStatement: onLoop,
    'Program:exit'() {
      // The functions top-level code runs, directly or through one another.
      for (let grew = true; grew; ) {
        grew = false;
        for (const [caller, callee] of callEdges) {
          if ((caller === undefined || calledAtTop.has(caller)) && !calledAtTop.has(callee)) {
            calledAtTop.add(callee);
            grew = true;
          }
        }
      }
      for (const loop of loops) {
        const fn = enclosingFunction(loop);
        if (!fn || calledAtTop.has(fn)) starts.push({ node: loop, loc: loopKeyword(loop), what: 'This consumer loop' });
      }
      // A start inside a function this file only exports (`export function start() { app.listen() }`) runs when
      // another module calls it: that module is the entry point, and its handlers are out of sight here.
      for (let i = starts.length - 1; i >= 0; i--) if (!starts[i].loc && !runsAtLoad(starts[i].node, 0)) starts.splice(i, 1);
      starts.sort((a, b) => a.node.range[0] - b.node.range[0]);
      const role = fileRole(context as never).role;
      const startedByProcessManager = () => managedByProcessManager(context.filename, context.cwd);
      if (options.checkMissingHandler && starts.length && !hasShutdownPath && !startedByProcessManager() && !importedWrapperPath() && !importedShutdownPath()) {
        const [first] = starts;
        context.report({ node: first.node, ...(first.loc ? { loc: first.loc } : {}), messageId: 'missingHandler', data: { start: first.what === 'This consumer loop' ? first.what : `\`${first.what}\`` } });
      }
      // A CLI's `process.on('SIGINT', () => process.exit(130))` has nothing to drain; a service or a program that serves does.
      const serves = starts.length > 0 || role === 'service';
      for (const listener of listeners) {
        // `if (isIntegrationTest) process.on('SIGINT', () => process.exit(0))`: test tooling, not the service's shutdown.
        if (onlyInTestRuns(listener.call)) continue;
        const signals = listener.events.filter((event) => STOP_SIGNALS.has(event)).join('/');
        if (options.checkExitBeforeDrain && serves) checkExitBeforeDrain(listener, signals);
        if (options.checkHandlerRegisteredLate) checkRegisteredLate(listener, signals);
      }
      if (options.checkOrphanedChild && starts.length) {
        for (const child of children) {
          if (child.variable ? killed.variables.has(child.variable) : killed.properties.has(child.property ?? '')) continue;
          context.report({ node: child.start.callee, messageId: 'orphanedChild', data: { child: child.label } });
        }
      }
    },
  };

  /**
   * Whether code runs when the module loads: at top level, in a function called at top level
   * (`void bootstrap()`, `main().catch(...)`), or in a callback handed to such code
   * (`db.connect().then(() => app.listen(3000))`).
   */
  function runsAtLoad(node: Node, depth: number): boolean {
    const fn = enclosingFunction(node);
    if (!fn) return true;
    if (depth > 4) return false;
    if (calledAtTop.has(fn)) return true;
    const parent = fn.parent;
    return (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.arguments.includes(fn as never) && runsAtLoad(parent, depth + 1);
  }

  /**
   * Whether a project module registers a shutdown path for this one: a module it imports (two imports
   * deep), or a module that uses what it exports (`src/index.ts` importing `./server` and registering SIGTERM).
   */
  function importedShutdownPath(): boolean {
    const { index, module } = projectIndex(context as never);
    return findLinkedModule(index, module, registersShutdownPath) !== undefined;
  }

  /** Whether a call registers a SIGTERM/SIGINT listener through a function another module of the project defines. */
  function importedWrapperPath(): boolean {
    if (!importedCalls.length) return false;
    const { index, module } = projectIndex(context as never);
    const lookup = projectLookup(index, module, localLookup(scopeOf));
    return importedCalls.some((call) => shutdownPath(call, scopeOf(call), { scopeOf, lookup }) !== undefined);
  }

  function registersShutdownPath(linked: ModuleFacts): boolean {
    if (linked.language !== 'ts') return false;
    let registers = false;
    const linkedScope = (node: Node) => linked.getScope(node) as Scope;
    const linkedWrappers = { scopeOf: linkedScope, lookup: projectLookup(projectIndex(context as never).index, linked, localLookup(linkedScope)) };
    walkNodes(linked.ast, (node) => {
      if (!registers && node.type === 'CallExpression' && shutdownPath(node, linked.getScope(node), linkedWrappers)) registers = true;
      return !registers;
    });
    return registers;
  }

  /**
   * `process.on('SIGTERM', () => process.exit(0))`, or `process.exit()` in the handler's own body before
   * any await or any call other than logging. Exits inside a callback (`server.close(() => process.exit(0))`)
   * run after draining; a forced-exit timer anywhere in the handler bounds the drain and is fine.
   */
  function checkExitBeforeDrain(listener: ProcessListener, signals: string): void {
    const argument = unwrap(listener.listener);
    if (argument.type === 'MemberExpression' && qualifiedName(argument, scopeOf(argument)) === 'process.exit') {
      context.report({ node: argument, messageId: 'exitBeforeDrain', data: { signals } });
      return;
    }
    const fn = listenerFunction(argument, scopeOf(argument));
    if (!fn) return;
    let drained = false;
    let early: TSESTree.CallExpression | undefined;
    let timer = false;
    walkOwnBody(fn, (node) => {
      if (node.type === 'AwaitExpression') drained = true;
      if (node.type !== 'CallExpression') return;
      const scope = scopeOf(node);
      if (isForcedExitTimer(node, scope, scopeOf)) timer = true;
      const name = qualifiedName(node.callee, scope);
      if (name === 'process.exit') {
        if (!drained && !early) early = node;
        return;
      }
      if (!isLoggingCall(node, scope) && !isInsideExitArgument(node)) drained = true;
    });
    if (fn.type === 'ArrowFunctionExpression' && fn.expression && fn.body.type === 'CallExpression' && qualifiedName(fn.body.callee, scopeOf(fn.body)) === 'process.exit') early = fn.body;
    if (early && !timer) context.report({ node: early, messageId: 'exitBeforeDrain', data: { signals } });
  }

  /**
   * `app.listen(3000); await cache.warm(); process.on('SIGTERM', stop)` in one statement list (a function body or
   * the module), the registration not under a condition: from the start until the registration, the program takes
   * work that a SIGTERM in that window kills mid-flight. A slow step before the program starts taking work is no
   * such window (no request is in flight yet, and the default SIGTERM action loses nothing), nor is the start itself:
   * code after `await app.listen()` runs before any request's callback.
   */
  function checkRegisteredLate(listener: ProcessListener, signals: string): void {
    let statement: Node = listener.call;
    while (statement.parent && (statement.parent.type === 'ExpressionStatement' || statement.parent.type === 'ChainExpression' || statement.parent.type === 'UnaryExpression')) statement = statement.parent;
    // `for (const s of ['SIGINT', 'SIGTERM']) process.on(s, stop)` runs where the loop stands.
    while (statement.parent?.type === 'ForOfStatement' || (statement.parent?.type === 'BlockStatement' && statement.parent.parent?.type === 'ForOfStatement')) {
      statement = statement.parent.type === 'BlockStatement' ? statement.parent.parent! : statement.parent;
    }
    const list = statement.parent;
    const siblings = list?.type === 'Program' ? list.body : list?.type === 'BlockStatement' && list.parent && isFunction(list.parent) ? list.body : undefined;
    if (!siblings) return;
    const index = siblings.indexOf(statement as TSESTree.ProgramStatement);
    let serving: LongRunningStart | undefined;
    for (let i = 0; i < index; i++) {
      if (!serving) {
        serving = startIn(siblings[i]);
        continue;
      }
      const awaited = statementAwait(siblings[i]);
      if (!awaited) continue;
      const step = slowStep(awaited);
      if (!step) continue;
      context.report({
        node: listener.call.callee,
        messageId: 'handlerRegisteredLate',
        data: { signals, step, line: awaited.loc.start.line, start: serving.what, startLine: serving.node.loc.start.line },
      });
      return;
    }
  }

  /** The first long-running start in a statement (not inside a function it defines): `app.listen(3000)`, `new Worker(...)`. */
  function startIn(statement: Node): LongRunningStart | undefined {
    let found: LongRunningStart | undefined;
    walkNodes(statement, (node) => {
      if (found || isFunction(node)) return false;
      if (node.type === 'CallExpression' || node.type === 'NewExpression') found = longRunningStart(node, scopeOf(node));
      return !found;
    });
    return found;
  }

  /** The awaited call of `await x()`, `const y = await x()`, `y = await x()` as a statement. */
  function statementAwait(statement: Node): TSESTree.CallExpression | undefined {
    let expr: Node | null | undefined;
    if (statement.type === 'ExpressionStatement') expr = statement.expression;
    else if (statement.type === 'VariableDeclaration' && statement.declarations.length === 1) expr = statement.declarations[0].init;
    if (expr?.type === 'AssignmentExpression') expr = expr.right;
    if (expr?.type !== 'AwaitExpression') return undefined;
    const argument = unwrap(expr.argument);
    return argument.type === 'CallExpression' ? argument : undefined;
  }

  /** `db.connect()` when the awaited call is a slow startup step, else undefined. */
  function slowStep(call: TSESTree.CallExpression): string | undefined {
    const callee = unwrap(call.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    if (!name || !SLOW_STEP.test(name)) return undefined;
    return `${sourceCode.getText(callee)}()`;
  }

  function isLoggingCall(call: TSESTree.CallExpression, scope: Scope): boolean {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression' || !LOG_METHODS.has(propertyName(callee) ?? '')) return false;
    const object = unwrap(callee.object);
    if (qualifiedName(object, scope) === 'console') return true;
    const name = object.type === 'Identifier' ? object.name : object.type === 'MemberExpression' ? propertyName(object) : undefined;
    return name !== undefined && LOGGER_NAMES.test(name);
  }

  /** `const worker = fork(...)` at module level, `worker = spawn(...)` to a module variable, `this.ffmpeg = spawn(...)`. */
  function keptChild(call: TSESTree.CallExpression, scope: Scope): KeptChild | undefined {
    const parent = call.parent;
    if (parent?.type === 'VariableDeclarator' && parent.init === call && parent.id.type === 'Identifier') {
      const variable = findVariable(scope, parent.id.name);
      if (variable && variable.scope.type === 'module' && !isExported(parent)) return { start: call, label: parent.id.name, variable };
      return undefined;
    }
    if (parent?.type !== 'AssignmentExpression' || parent.right !== call) return undefined;
    const target = parent.left;
    if (target.type === 'Identifier') {
      const variable = findVariable(scope, target.name);
      if (variable && variable.scope.type === 'module') return { start: call, label: target.name, variable };
      return undefined;
    }
    if (target.type === 'MemberExpression' && target.object.type === 'ThisExpression') {
      const property = propertyName(target);
      return property ? { start: call, label: `this.${property}`, property } : undefined;
    }
    return undefined;
  }

  /** `child.kill()`, `this.child.kill('SIGTERM')`, `process.kill(child.pid)`, `treeKill(child.pid)`. */
  function noteKill(call: TSESTree.CallExpression, scope: Scope): void {
    const callee = unwrap(call.callee);
    let target: Node | undefined;
    if (callee.type === 'MemberExpression' && propertyName(callee) === 'kill' && qualifiedName(callee.object, scope) !== 'process') target = callee.object;
    else if (moduleName(callee, scope) === 'process.kill' || moduleName(callee, scope) === 'tree-kill') {
      const first = call.arguments[0] && unwrap(call.arguments[0]);
      if (first?.type === 'MemberExpression' && propertyName(first) === 'pid') target = first.object;
    }
    if (!target) return;
    const object = unwrap(target);
    if (object.type === 'Identifier') {
      const variable = findVariable(scope, object.name);
      if (variable) killed.variables.add(variable);
    } else if (object.type === 'MemberExpression' && object.object.type === 'ThisExpression') {
      const property = propertyName(object);
      if (property) killed.properties.add(property);
    }
  }
}

/** Finds the function of the same module a callee names (`onSignal`, `this.stop`). */
function localLookup(scopeOf: (node: Node) => Scope): FunctionLookup {
  return (callee) => {
    const fn = listenerFunction(callee, scopeOf(callee));
    return fn && { fn, scopeOf };
  };
}

/** Finds the function a callee of `module` names: one of the module (`local`), or one another module of the project defines. */
function projectLookup(index: ProjectIndex, module: ModuleFacts, local: FunctionLookup): FunctionLookup {
  return (callee) => {
    const own = local(callee);
    if (own) return own;
    const definition = index.definitionOf(module, callee);
    const target = definition?.module.language === 'ts' ? (definition.node as Node) : undefined;
    if (!target || !isFunction(target)) return undefined;
    const other = definition!.module as TsModule;
    return { fn: target, scopeOf: (node) => other.getScope(node) as Scope };
  };
}

/** Whether a callee's root name is an import (`onSignal` or `lifecycle.onSignal` from another module). */
function importRoot(callee: Node, scope: Scope): boolean {
  let root = unwrap(callee);
  while (root.type === 'MemberExpression') root = unwrap(root.object);
  return root.type === 'Identifier' && findVariable(scope, root.name)?.defs[0]?.type === 'ImportBinding';
}

/** `while (true)`, `for (;;)`, `do {} while (true)`, `while (!stopping)` whose own body awaits: a loop that takes work until stopped. */
function isEndless(loop: TSESTree.WhileStatement | TSESTree.ForStatement | TSESTree.DoWhileStatement): boolean {
  const test = loop.test && unwrap(loop.test);
  const endless =
    !test ||
    (test.type === 'Literal' && test.value === true) ||
    (test.type === 'UnaryExpression' && test.operator === '!' && ['Identifier', 'MemberExpression'].includes(unwrap(test.argument).type));
  if (!endless) return false;
  let awaits = false;
  let ends = false;
  // A `break` of its own or a `return` lets the loop end by itself: a retry or a drain, not a consumer.
  const nestedLoops: Node[] = [];
  walkNodes(loop.body, (node) => {
    if (isFunction(node)) return false;
    if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await)) awaits = true;
    if (node.type === 'ReturnStatement') ends = true;
    if (node.type === 'BreakStatement' && !node.label && !nestedLoops.some((inner) => inner.range[0] <= node.range[0] && node.range[1] <= inner.range[1])) ends = true;
    if (node.type === 'BreakStatement' && node.label) ends = true;
    if (['WhileStatement', 'DoWhileStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'SwitchStatement'].includes(node.type)) nestedLoops.push(node);
    return true;
  });
  return awaits && !ends;
}

/** Where the `while` / `for` / `do` keyword of a loop stands: a finding about the loop points there. */
function loopKeyword(loop: TSESTree.WhileStatement | TSESTree.ForStatement | TSESTree.DoWhileStatement): TSESTree.SourceLocation {
  const length = loop.type === 'WhileStatement' ? 5 : loop.type === 'ForStatement' ? 3 : 2;
  const { start } = loop.loc;
  return { start, end: { line: start.line, column: start.column + length } };
}

function enclosingFunction(node: Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunction(current)) return current;
  return undefined;
}

/** Whether a call is inside the arguments of a `process.exit(...)` call (`process.exit(code())`). */
function isInsideExitArgument(node: Node): boolean {
  for (let current = node.parent; current && !isFunction(current); current = current.parent) {
    if (current.type === 'CallExpression' && current.callee.type === 'MemberExpression' && propertyName(current.callee) === 'exit') return true;
  }
  return false;
}

/** `export const worker = fork(...)`: another module may stop it. */
function isExported(declarator: TSESTree.VariableDeclarator): boolean {
  return declarator.parent?.parent?.type === 'ExportNamedDeclaration';
}

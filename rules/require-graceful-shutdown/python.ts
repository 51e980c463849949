import type { PyNode } from '../../src/languages/python/ast.js';
import type { PyRuleContext, PyVisitor } from '../../src/rule.js';
import { fileRole } from '../../src/analysis/role.js';
import { scopesOf, type PythonScopes } from '../../src/analysis/python/scope.js';
import { keywordArgument, positionalArguments } from '../../src/analysis/python/syntax.js';
import {
  CHILD_STOP_FUNCTIONS,
  CHILD_STOP_METHODS,
  ATEXIT,
  classMethod,
  decoratorRegistration,
  entryPoints,
  handlerRegistrations,
  handlerFunction,
  isChildProcessStart,
  isStopRegistration,
  isUnboundedLoop,
  signalOwner,
  signalRegistration,
  tableHandlers,
  threadFunctions,
  unsafeSignalWork,
  walk,
  walkOwnBody,
  type EntryPoint,
  type FunctionLookup,
  type SignalRegistration,
} from '../../src/analysis/python/shutdown.js';
import { findLinkedModule } from '../../src/analysis/project/linked-modules.js';
import { projectIndex, type ModuleFacts, type PyModuleFacts } from '../../src/analysis/project/index.js';
import type { MessageIds, Options } from './index.js';

/** How many project functions deep an entry point's calls are followed to find its loop. */
const CALL_DEPTH = 3;

/**
 * Signals whose `signal.signal` handlers no-unbounded-shutdown-await checks for waits without a timeout
 * (`t.join()`, `event.wait()`, `lock.acquire()`): those calls are left to it (the contract's "Decided for both").
 */
const SHUTDOWN_AWAIT_SIGNALS = new Set(['SIGTERM', 'SIGINT', 'SIGQUIT']);

/** What keeps an entry point running, and the entry it was found from. */
interface LongRun {
  node: PyNode;
  entry: EntryPoint;
}

export function detectPython(context: PyRuleContext<MessageIds, Options>): PyVisitor {
  const [options] = context.options;
  const { sourceCode } = context;
  const text = (node: PyNode) => sourceCode.getText(node as never);

  return {
    module(module: PyNode) {
      const scopes = scopesOf(sourceCode.ast);
      const registrations: SignalRegistration[] = [];
      const calls: PyNode[] = [];
      // `install_handler(SIGTERM, stop)` through a function of this module that calls `signal.signal`
      const localLookup: FunctionLookup = (callee) => {
        const fn = handlerFunction(callee, scopes);
        return fn?.type === 'function_definition' ? { fn, scopes } : undefined;
      };
      walk(module, (node) => {
        if (node.type === 'call') {
          calls.push(node);
          const registration = signalRegistration(node, scopes, localLookup);
          if (registration) registrations.push(registration);
        }
        return true;
      });
      const longRun = findLongRun(module, scopes);
      // ... or through one another module of the project defines (`from .signals import install_handler`).
      const hasStopPath = registrations.some(isStopRegistration) || (longRun !== undefined && calls.some((call) => isImportedStopRegistration(call, scopes)));
      if (options.checkMissingHandler && longRun && !hasStopPath && !importedStopPath()) {
        context.report({ node: longRun.node, loc: keywordLoc(longRun.node), messageId: 'missingHandler', data: { start: describeLongRun(longRun) } });
      }
      if (options.checkUnsafeHandlerWork) checkHandlers(registrations, scopes);
      if (options.checkSignalOffMainThread) checkThreads(module, scopes);
      if (options.checkOrphanedChild && longRun) checkChildren(calls, scopes);
    },
  };

  /** The first loop or blocking serve call an entry point of the module runs, unless a runner that owns the signals takes over. */
  function findLongRun(module: PyNode, scopes: PythonScopes): LongRun | undefined {
    for (const entry of entryPoints(module, scopes)) {
      let found: PyNode | undefined;
      let owned = false;
      const seen = new Set<PyNode>();
      const visit = (root: PyNode, depth: number) => {
        walkOwnBody(root, (node) => {
          if (owned) return;
          if (node.type === 'call' && signalOwner(node, scopes)) owned = true;
          if (!found && isUnboundedLoop(node, scopes)) found = node;
          if (node.type !== 'call' || depth >= CALL_DEPTH) return;
          for (const fn of calledFunctions(node, scopes)) {
            if (seen.has(fn)) continue;
            seen.add(fn);
            visit(fn, depth + 1);
          }
        });
      };
      seen.add(entry.node);
      visit(entry.node, 0);
      if (found && !owned) return { node: found, entry };
    }
    return undefined;
  }

  /**
   * Whether a project module registers a SIGTERM/SIGINT path for this one: a module it imports (two
   * imports deep), or a module that uses what it defines (`cli.py` installing the handlers before
   * calling `worker.main()`).
   */
  function importedStopPath(): boolean {
    const { index, module } = projectIndex(context as never);
    return findLinkedModule(index, module, registersStopPath) !== undefined;
  }

  /** Whether a call registers a SIGTERM/SIGINT handler through a function another module of the project defines. */
  function isImportedStopRegistration(call: PyNode, scopes: PythonScopes): boolean {
    let root = call.fields.function;
    while (root?.type === 'attribute' && root.fields.object) root = root.fields.object;
    if (root?.type !== 'identifier' || scopes.resolve(root)?.kind !== 'import' || positionalArguments(call).length === 0) return false;
    const lookup: FunctionLookup = (callee) => {
      const { index, module } = projectIndex(context as never);
      const definition = index.definitionOf(module, callee);
      if (!definition || definition.module.language !== 'python' || (definition.node as PyNode).type !== 'function_definition') return undefined;
      return { fn: definition.node as PyNode, scopes: (definition.module as PyModuleFacts).scopes };
    };
    const registration = signalRegistration(call, scopes, lookup);
    return registration !== undefined && isStopRegistration(registration);
  }

  /** One finding per handler: the first unsafe operation of its own body, with the signals of all its registrations. */
  function checkHandlers(registrations: SignalRegistration[], scopes: PythonScopes): void {
    const bySignals = new Map<PyNode, Set<string>>();
    for (const registration of registrations) {
      if (registration.kind !== 'signal.signal' || registration.restoresDefault || !registration.handler) continue;
      // `for sig, handler in {SIGTERM: on_term}.items(): signal.signal(sig, handler)`: each handler of the table
      for (const listener of tableHandlers(registration.handler, scopes)) {
        const fn = handlerFunction(listener, scopes);
        if (!fn) continue;
        const signals = bySignals.get(fn) ?? new Set<string>();
        for (const signal of registration.signals ?? ['signal']) signals.add(signal);
        bySignals.set(fn, signals);
      }
    }
    for (const [fn, signals] of bySignals) {
      const watchedElsewhere = [...signals].some((signal) => SHUTDOWN_AWAIT_SIGNALS.has(signal));
      let reported = false;
      walkOwnBody(fn, (node) => {
        if (reported) return;
        const work = unsafeSignalWork(node, scopes, text);
        if (!work) return;
        if (watchedElsewhere && isUntimedWait(work.node)) return;
        reported = true;
        const name = fn.type === 'function_definition' ? functionLabel(fn) : '(a lambda)';
        context.report({ node: work.node, messageId: 'unsafeHandlerWork', data: { signals: [...signals].join('/'), handler: name, work: work.what } });
      });
    }
  }

  /** `signal.signal(...)` in the own body of a function that runs in a thread. */
  function checkThreads(module: PyNode, scopes: PythonScopes): void {
    for (const [fn, how] of threadFunctions(module, scopes)) {
      walkOwnBody(fn, (node) => {
        if (node.type !== 'call') return;
        const callee = node.fields.function;
        if (!callee || scopes.qualifiedName(callee) !== 'signal.signal') return;
        context.report({ node, messageId: 'signalOffMainThread', data: { fn: functionLabel(fn), how } });
      });
    }
  }

  /** Children kept in a module variable or `self.<attr>` that nothing but an atexit hook stops. */
  function checkChildren(calls: PyNode[], scopes: PythonScopes): void {
    const stopped = { names: new Set<string>(), attributes: new Set<string>() };
    const atexitFunctions = atexitHandlers(calls, scopes);
    for (const call of calls) {
      const target = stoppedChild(call, scopes);
      if (!target || insideAny(call, atexitFunctions)) continue;
      if (target.type === 'identifier') stopped.names.add(target.text ?? '');
      else if (target.type === 'attribute' && target.fields.object?.text === 'self') stopped.attributes.add(target.fields.attribute?.text ?? '');
    }
    for (const call of calls) {
      if (!isChildProcessStart(call, scopes)) continue;
      const kept = keptAs(call, scopes);
      if (!kept) continue;
      const isStopped = kept.type === 'identifier' ? stopped.names.has(kept.text ?? '') : stopped.attributes.has(kept.fields.attribute?.text ?? '');
      if (isStopped) continue;
      context.report({ node: call.fields.function ?? call, messageId: 'orphanedChild', data: { child: text(kept) } });
    }
  }
}

/** Whether a Python module registers a SIGTERM/SIGINT path anywhere. */
function registersStopPath(linked: ModuleFacts): boolean {
  if (linked.language !== 'python') return false;
  const { scopes } = linked;
  let registers = false;
  walk(linked.ast, (node) => {
    if (!registers && node.type === 'call') {
      const lookup: FunctionLookup = (callee) => {
        const fn = handlerFunction(callee, scopes);
        return fn?.type === 'function_definition' ? { fn, scopes } : undefined;
      };
      const registration = signalRegistration(node, scopes, lookup);
      if (registration && isStopRegistration(registration)) registers = true;
    }
    return !registers;
  });
  return registers;
}

/** The functions of this module a call runs: `main()`, `asyncio.run(main())`, `anyio.run(main)`, `Worker().run()`, `worker.run()`. */
function calledFunctions(call: PyNode, scopes: PythonScopes): PyNode[] {
  const callee = call.fields.function;
  if (!callee) return [];
  const found: PyNode[] = [];
  const direct = handlerFunction(callee, scopes);
  if (direct?.type === 'function_definition') found.push(direct);
  const name = scopes.qualifiedName(callee);
  // `anyio.run(main)`, `trio.run(main)`: the function is passed, not called.
  if (name === 'anyio.run' || name === 'trio.run') {
    const [first] = positionalArguments(call);
    const fn = first && handlerFunction(first, scopes);
    if (fn?.type === 'function_definition') found.push(fn);
  }
  if (callee.type === 'attribute') {
    const method = callee.fields.attribute?.text ?? '';
    const cls = classOf(callee.fields.object, scopes);
    const fn = cls && classMethod(cls, method);
    if (fn) found.push(fn);
  }
  return found;
}

/** The module class an expression is an instance of: `Worker(...)`, or a name bound once to one. */
function classOf(node: PyNode | undefined, scopes: PythonScopes): PyNode | undefined {
  let value = node;
  if (value?.type === 'identifier') {
    const binding = scopes.resolve(value);
    value = binding?.kind === 'assignment' && scopes.isSingleBinding(binding) ? binding.value : undefined;
  }
  if (value?.type !== 'call') return undefined;
  const constructor = value.fields.function;
  if (constructor?.type !== 'identifier') return undefined;
  const binding = scopes.resolve(constructor);
  return binding?.kind === 'class' ? binding.node.parent ?? undefined : undefined;
}

/** How the missingHandler message names what runs until stopped. */
function describeLongRun(run: LongRun): string {
  const { node, entry } = run;
  if (node.type === 'call') {
    const callee = node.fields.function;
    return `\`${callee?.fields.attribute?.text ?? 'run_forever'}()\` in ${entry.label}`;
  }
  return `The ${node.type === 'for_statement' ? 'consumer' : 'endless'} loop in ${entry.label}`;
}

/** The keyword a finding about a loop points at (`while`, `for`, `async for`), or the whole call. */
function keywordLoc(node: PyNode): PyNode['loc'] {
  if (node.type !== 'while_statement' && node.type !== 'for_statement') return node.loc;
  const length = node.type === 'while_statement' ? 'while'.length : node.keywords.includes('async') ? 'async for'.length : 'for'.length;
  const { start } = node.loc;
  return { start, end: { line: start.line, column: start.column + length } };
}

/** `t.join()`, `event.wait()`, `lock.acquire()` with no timeout: no-unbounded-shutdown-await's finding. */
function isUntimedWait(node: PyNode): boolean {
  if (node.type !== 'call') return false;
  const method = node.fields.function?.fields.attribute?.text;
  if (method !== 'join' && method !== 'wait' && method !== 'acquire') return false;
  return positionalArguments(node).length === 0 && !keywordArgument(node, 'timeout');
}

/** The child a call stops: `p.terminate()`, `self.proc.kill()`, `p.send_signal(SIGTERM)`, `os.kill(p.pid, SIGTERM)`. */
function stoppedChild(call: PyNode, scopes: PythonScopes): PyNode | undefined {
  const callee = call.fields.function;
  if (!callee) return undefined;
  if (callee.type === 'attribute' && CHILD_STOP_METHODS.has(callee.fields.attribute?.text ?? '')) return callee.fields.object;
  const name = scopes.qualifiedName(callee);
  if (name && CHILD_STOP_FUNCTIONS.has(name)) {
    const [first] = positionalArguments(call);
    if (first?.type === 'attribute' && first.fields.attribute?.text === 'pid') return first.fields.object;
    return first;
  }
  return undefined;
}

/** Where a started child is kept: a module-level name or `self.<attr>` (a local in a `with` block or function is not kept). */
function keptAs(call: PyNode, scopes: PythonScopes): PyNode | undefined {
  let value = call;
  if (value.parent?.type === 'await') value = value.parent;
  const assignment = value.parent;
  if (assignment?.type !== 'assignment' || assignment.fields.right !== value) return undefined;
  const left = assignment.fields.left;
  if (left?.type === 'attribute' && left.fields.object?.text === 'self') return left;
  if (left?.type !== 'identifier') return undefined;
  const scope = scopes.scopeOf(left);
  return scope.kind === 'module' || scope.globals.has(left.text ?? '') ? left : undefined;
}

/** Functions registered with `atexit.register(f)` or `@atexit.register` (the shutdown model's atexit handlers): they do not run on SIGTERM. */
function atexitHandlers(calls: PyNode[], scopes: PythonScopes): PyNode[] {
  const found: PyNode[] = [];
  for (const call of calls) {
    for (const registration of handlerRegistrations(call, scopes)) {
      const fn = registration.what === ATEXIT ? handlerFunction(registration.listener, scopes) : undefined;
      if (fn) found.push(fn);
    }
  }
  walk(scopes.module.node, (node) => {
    const definition = node.type === 'decorator' ? node.parent?.fields.definition : undefined;
    if (definition && decoratorRegistration(node, scopes) === ATEXIT) found.push(definition);
    return true;
  });
  return found;
}

function insideAny(node: PyNode, functions: PyNode[]): boolean {
  return functions.some((fn) => node.start >= fn.start && node.end <= fn.end);
}

/** `` `on_term()` ``, or `` `Poller.run()` `` for a method. */
function functionLabel(fn: PyNode): string {
  const name = fn.fields.name?.text ?? '';
  let owner = fn.parent;
  if (owner?.type === 'decorated_definition') owner = owner.parent;
  const cls = owner?.type === 'block' && owner.parent?.type === 'class_definition' ? owner.parent.fields.name?.text : undefined;
  return `\`${cls ? `${cls}.` : ''}${name}()\``;
}

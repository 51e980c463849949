/**
 * What a Python program does about stopping: signal registrations (`signal.signal`,
 * `loop.add_signal_handler`, anyio/trio signal receivers), the loops and blocking calls that keep
 * an entry point running, the servers and worker frameworks that own the signals themselves, the
 * functions that run in threads, and child-process starts. Every rule about shutdown asks here, so
 * the list of frameworks lives once.
 */
import type { PyNode } from '../../languages/python/ast.js';
import type { Binding, PythonScopes } from './scope.js';
import { isMainGuard, keywordArgument, parameterName, positionalArguments, stringValue } from './syntax.js';
import { DEFAULT_SHUTDOWN_FUNCTIONS, isLifespanName } from '../shutdown-names.js';

export { DEFAULT_SHUTDOWN_FUNCTIONS, isLifespanName };

/**
 * Signals an orchestrator sends to stop a process (Kubernetes, Docker, systemd: SIGTERM; a terminal:
 * SIGINT). SIGHUP conventionally means "reload" in Python daemons; SIGUSR1/2 are custom.
 */
export const STOP_SIGNALS = new Set(['SIGTERM', 'SIGINT']);

/**
 * Signals whose handlers run when the process is asked to stop: the code no-unbounded-shutdown-await searches
 * for waits. SIGQUIT is one too; SIGHUP is not (Python daemons reload on it).
 */
export const SHUTDOWN_SIGNALS = new Set(['SIGTERM', 'SIGINT', 'SIGQUIT']);

/**
 * The signal names an expression stands for: `signal.SIGTERM`, `SIGTERM` imported, a tuple of them, a loop
 * variable over one, or the keys of a handler table (`for sig, handler in {SIGTERM: stop}.items():`).
 */
export function signalNames(node: PyNode | undefined, scopes: PythonScopes, depth = 0): string[] | undefined {
  if (!node || depth > 5) return undefined;
  const name = scopes.qualifiedName(node);
  if (name?.startsWith('signal.')) return [name.slice(name.lastIndexOf('.') + 1)];
  if (node.type === 'tuple' || node.type === 'list' || node.type === 'set') {
    const parts = node.children.filter((child) => child.named).map((child) => signalNames(child, scopes, depth + 1));
    return parts.every((part) => part !== undefined) ? parts.flat() : undefined;
  }
  if (node.type !== 'identifier') return undefined;
  const binding = scopes.resolve(node);
  if (!binding) return undefined;
  if (binding.kind === 'assignment' && binding.value && scopes.isSingleBinding(binding)) return signalNames(binding.value, scopes, depth + 1);
  // `for sig in (signal.SIGTERM, signal.SIGINT):`
  const loop = binding.node.parent;
  if (loop?.type === 'for_statement' && loop.fields.left === binding.node) return signalNames(loop.fields.right, scopes, depth + 1);
  const entries = tableEntries(binding.node, scopes);
  if (!entries) return undefined;
  const parts = entries.map((entry) => signalNames(entry, scopes, depth + 1));
  return parts.every((part) => part !== undefined) ? parts.flat() : undefined;
}

/**
 * The values a loop variable unpacked from a table takes: `sig` and `handler` in
 * `for sig, handler in {SIGTERM: stop, SIGINT: stop}.items():` (the keys, the values) or in
 * `for sig, handler in ((SIGTERM, stop), (SIGINT, stop)):` (the tuples' members). Undefined otherwise.
 */
export function tableEntries(variable: PyNode, scopes: PythonScopes, depth = 0): PyNode[] | undefined {
  const pattern = variable.parent;
  const loop = pattern?.parent;
  if ((pattern?.type !== 'pattern_list' && pattern?.type !== 'tuple_pattern') || loop?.type !== 'for_statement' || loop.fields.left !== pattern) return undefined;
  const position = pattern.children.filter((child) => child.named).indexOf(variable);
  let table = loop.fields.right;
  // `{...}.items()`
  if (table?.type === 'call' && table.fields.function?.type === 'attribute' && table.fields.function.fields.attribute?.text === 'items' && positionalArguments(table).length === 0) {
    let dict = table.fields.function.fields.object;
    if (dict?.type === 'identifier' && depth < 3) {
      const binding = scopes.resolve(dict);
      dict = binding?.kind === 'assignment' && scopes.isSingleBinding(binding) ? binding.value : undefined;
    }
    if (dict?.type !== 'dictionary' || position > 1) return undefined;
    const pairs = dict.children.filter((child) => child.type === 'pair');
    const values = pairs.map((pair) => (position === 0 ? pair.fields.key : pair.fields.value));
    return values.every((value) => value !== undefined) ? (values as PyNode[]) : undefined;
  }
  if (table?.type === 'identifier' && depth < 3) {
    const binding = scopes.resolve(table);
    table = binding?.kind === 'assignment' && scopes.isSingleBinding(binding) ? binding.value : undefined;
  }
  if (table?.type !== 'tuple' && table?.type !== 'list') return undefined;
  const members = table.children.filter((child) => child.named).map((row) => (row.type === 'tuple' || row.type === 'list' ? row.children.filter((child) => child.named)[position] : undefined));
  return members.every((member) => member !== undefined) ? (members as PyNode[]) : undefined;
}

/** A signal registration: how, for which signals, and the handler argument as written. */
export interface SignalRegistration {
  call: PyNode;
  kind: 'signal.signal' | 'add_signal_handler' | 'signal receiver';
  /** Undefined when the signal expression is not a constant the analysis can read. */
  signals: string[] | undefined;
  handler: PyNode | undefined;
  /** `signal.signal(SIGTERM, signal.SIG_IGN)` / `SIG_DFL`: no handler is installed. */
  restoresDefault: boolean;
}

/** Receivers that deliver signals to a task: `with anyio.open_signal_receiver(SIGTERM) as signals:`. */
const SIGNAL_RECEIVERS = new Set(['anyio.open_signal_receiver', 'trio.open_signal_receiver']);

/**
 * `signal.signal(SIGTERM, handler)`, `loop.add_signal_handler(SIGTERM, handler)` (any receiver: the
 * method name is asyncio's), `anyio.open_signal_receiver(SIGTERM, SIGINT)`.
 */
export function signalRegistration(call: PyNode, scopes: PythonScopes, lookup?: FunctionLookup): SignalRegistration | undefined {
  const callee = call.fields.function;
  if (!callee) return undefined;
  // `install_handler(signal.SIGTERM, stop)` through a project function that calls `signal.signal`
  const wrapped = lookup && !scopes.qualifiedName(callee)?.startsWith('signal.') ? handlerRegistrations(call, scopes, lookup).find((registration) => registration.through && registration.signal) : undefined;
  if (wrapped) return { call, kind: 'signal.signal', signals: wrapped.signals, handler: wrapped.listener, restoresDefault: false };
  const args = positionalArguments(call);
  const name = scopes.qualifiedName(callee);
  if (name === 'signal.signal') {
    const handlerName = args[1] ? scopes.qualifiedName(args[1]) : undefined;
    const restoresDefault = handlerName === 'signal.SIG_IGN' || handlerName === 'signal.SIG_DFL';
    return { call, kind: 'signal.signal', signals: signalNames(args[0], scopes), handler: args[1], restoresDefault };
  }
  if (name && SIGNAL_RECEIVERS.has(name)) {
    const parts = args.map((arg) => signalNames(arg, scopes));
    return { call, kind: 'signal receiver', signals: parts.every((part) => part !== undefined) ? parts.flat() : undefined, handler: undefined, restoresDefault: false };
  }
  if (callee.type === 'attribute' && callee.fields.attribute?.text === 'add_signal_handler') {
    return { call, kind: 'add_signal_handler', signals: signalNames(args[0], scopes), handler: args[1], restoresDefault: false };
  }
  return undefined;
}

/** Whether a registration gives the process a SIGTERM/SIGINT path (an unreadable signal expression counts). */
export function isStopRegistration(registration: SignalRegistration): boolean {
  if (registration.restoresDefault) return false;
  return registration.signals === undefined || registration.signals.some((signal) => STOP_SIGNALS.has(signal));
}

/**
 * The function a registered handler stands for: a lambda, a function defined in the file,
 * `self.<method>` of the enclosing class, or `functools.partial(f, ...)`.
 */
export function handlerFunction(node: PyNode, scopes: PythonScopes): PyNode | undefined {
  if (node.type === 'lambda') return node;
  if (node.type === 'identifier') {
    const binding = scopes.resolve(node);
    return binding?.kind === 'function' && binding.node.parent?.type === 'function_definition' ? binding.node.parent : undefined;
  }
  if (node.type === 'attribute' && node.fields.object?.text === 'self') return enclosingClassMethod(node, node.fields.attribute?.text);
  if (node.type === 'call') {
    const callee = node.fields.function;
    const [first] = positionalArguments(node);
    if (callee && first && scopes.qualifiedName(callee) === 'functools.partial') return handlerFunction(first, scopes);
  }
  return undefined;
}

/** The method `name` of the class that encloses `from`. */
export function enclosingClassMethod(from: PyNode, name: string | undefined): PyNode | undefined {
  if (!name) return undefined;
  for (let current = from.parent; current; current = current.parent) {
    if (current.type !== 'class_definition') continue;
    return classMethod(current, name);
  }
  return undefined;
}

/** The method `name` defined in a class body. */
export function classMethod(cls: PyNode, name: string): PyNode | undefined {
  for (const statement of cls.fields.body?.children ?? []) {
    const definition = statement.type === 'decorated_definition' ? statement.fields.definition : statement;
    if (definition?.type === 'function_definition' && definition.fields.name?.text === name) return definition;
  }
  return undefined;
}

/**
 * Servers and worker frameworks whose runner installs its own SIGTERM/SIGINT handling and drains:
 * an entry point that hands the process to one of them needs no handler of its own.
 */
const SIGNAL_OWNERS = new Set([
  'uvicorn.run',
  'uvicorn.main',
  'hypercorn.run.run',
  'hypercorn.asyncio.serve',
  'hypercorn.trio.serve',
  'daphne.cli.CommandLineInterface.entrypoint',
  'gunicorn.app.wsgiapp.run',
  'aiohttp.web.run_app',
  'django.core.management.execute_from_command_line',
  'arq.run_worker',
  'arq.worker.run_worker',
  'dramatiq.cli.main',
  'werkzeug.serving.run_simple',
  'waitress.serve',
  'granian.Granian',
]);

/** Frameworks whose imports make a module an application for a runner that owns the signals. */
const SIGNAL_OWNING_FRAMEWORKS = new Set(['celery', 'rq', 'dramatiq', 'arq', 'faust', 'gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'granian']);

/** Methods that hand the process to a framework's own runner: `app.worker_main()`, `worker.work()`, Faust `app.main()`. */
const OWNER_METHODS: Record<string, ReadonlySet<string>> = {
  celery: new Set(['worker_main', 'start']),
  rq: new Set(['work']),
  faust: new Set(['main']),
  gunicorn: new Set(['run']),
  flask: new Set(['run']),
  sanic: new Set(['run']),
};

/**
 * The runner a call hands the process to when that runner owns the signals: `uvicorn.run(app)`,
 * `web.run_app(app)`, `execute_from_command_line(sys.argv)`, Celery `app.worker_main()`, RQ
 * `Worker(...).work()`, Flask's development server `app.run()`.
 */
export function signalOwner(call: PyNode, scopes: PythonScopes): string | undefined {
  const callee = call.fields.function;
  if (!callee) return undefined;
  const name = scopes.qualifiedName(callee);
  if (name && SIGNAL_OWNERS.has(name)) return name;
  if (callee.type !== 'attribute') return undefined;
  const method = callee.fields.attribute?.text ?? '';
  const framework = frameworkOf(callee.fields.object, scopes, 0);
  return framework && OWNER_METHODS[framework]?.has(method) ? `${framework} ${method}()` : undefined;
}

/** Whether an import (qualified name) belongs to a worker or server framework that owns the signals. */
export function isSignalOwningImport(qualified: string): boolean {
  return SIGNAL_OWNING_FRAMEWORKS.has(qualified.split('.')[0]);
}

/** The top-level package whose constructor made a value: `Celery(...)` → `celery`, `rq.Worker(...)` → `rq`. */
function frameworkOf(node: PyNode | undefined, scopes: PythonScopes, depth: number): string | undefined {
  if (!node || depth > 4) return undefined;
  if (node.type === 'call') {
    const callee = node.fields.function;
    const name = callee ? scopes.qualifiedName(callee) : undefined;
    return name?.split('.')[0];
  }
  if (node.type !== 'identifier') return undefined;
  const binding = scopes.resolve(node);
  if (binding?.kind === 'assignment' && binding.value && scopes.isSingleBinding(binding)) return frameworkOf(binding.value, scopes, depth + 1);
  return undefined;
}

/** Blocking calls that serve until the process is stopped: `loop.run_forever()`, `server.serve_forever()`, pika `start_consuming()`. */
const FOREVER_METHODS = new Set(['run_forever', 'serve_forever', 'start_consuming']);

/** Iterables that yield messages for as long as the process runs. */
const CONSUMER_CONSTRUCTORS = new Set(['kafka.KafkaConsumer', 'aiokafka.AIOKafkaConsumer', 'itertools.count']);

/** Methods whose result is an endless message stream: redis `pubsub.listen()`, pika `channel.consume(queue)`. */
const STREAM_METHODS = new Set(['listen', 'consume']);

/**
 * Whether a statement keeps the program running until it is stopped: `while True:` / `while 1:`,
 * a loop on a stop flag (`while not stop:`, `while not stop_event.is_set():`, `while running:` with
 * `running = True` set in the file), `for msg in consumer:` over a Kafka consumer, a redis pubsub
 * or pika stream, or a call to `run_forever()` / `serve_forever()` / `start_consuming()`.
 */
export function isUnboundedLoop(node: PyNode, scopes: PythonScopes): boolean {
  if ((node.type === 'while_statement' || node.type === 'for_statement') && canEndItself(node)) return false;
  if (node.type === 'while_statement') {
    const condition = unparen(node.fields.condition);
    if (!condition) return false;
    if (condition.type === 'true') return true;
    if (condition.type === 'integer' && condition.text !== '0') return true;
    if (condition.type === 'not_operator') {
      const operand = unparen(condition.fields.argument);
      return operand !== undefined && isFlag(operand);
    }
    if (condition.type === 'identifier' || condition.type === 'attribute') return setToTrue(condition, scopes);
    return false;
  }
  if (node.type === 'for_statement') {
    const iterable = unparen(node.fields.right);
    return iterable !== undefined && isMessageStream(iterable, scopes, 0);
  }
  if (node.type === 'call') {
    const callee = node.fields.function;
    return callee?.type === 'attribute' && FOREVER_METHODS.has(callee.fields.attribute?.text ?? '');
  }
  return false;
}

/**
 * Whether a loop can end by itself: a `break` of its own, a `return`, or an assignment to the flag
 * it tests (`while not done: done = step()`). Such a loop is a task that finishes (an interactive
 * prompt, a drain-and-exit job), not a process that runs until it is stopped.
 */
function canEndItself(loop: PyNode): boolean {
  const condition = unparen(loop.fields.condition);
  const flag = condition?.type === 'not_operator' ? unparen(condition.fields.argument) : condition;
  const flagName = flag?.type === 'identifier' ? flag.text : flag?.type === 'attribute' ? flag.fields.attribute?.text : undefined;
  let ends = false;
  const body = loop.fields.body;
  if (!body) return false;
  const stack: { node: PyNode; nested: boolean }[] = [{ node: body, nested: false }];
  while (stack.length && !ends) {
    const { node, nested } = stack.pop()!;
    if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition') continue;
    if (node.type === 'return_statement' || (node.type === 'break_statement' && !nested)) ends = true;
    if (flagName && (node.type === 'assignment' || node.type === 'augmented_assignment')) {
      const left = node.fields.left;
      const assigned = left?.type === 'identifier' ? left.text : left?.type === 'attribute' ? left.fields.attribute?.text : undefined;
      if (assigned === flagName) ends = true;
    }
    const inner = nested || node.type === 'while_statement' || node.type === 'for_statement';
    for (const child of node.children) stack.push({ node: child, nested: node === body ? false : inner });
  }
  return ends;
}

function unparen(node: PyNode | undefined): PyNode | undefined {
  let current = node;
  while (current?.type === 'parenthesized_expression' && current.children.length === 1) current = current.children[0];
  return current;
}

/** `stop`, `self._stopping`, `stop_event.is_set()`: a flag a handler sets. */
function isFlag(node: PyNode): boolean {
  if (node.type === 'identifier' || node.type === 'attribute') return true;
  if (node.type !== 'call') return false;
  const callee = node.fields.function;
  return callee?.type === 'attribute' && callee.fields.attribute?.text === 'is_set' && positionalArguments(node).length === 0;
}

/** `while running:` where the file sets `running = True` (or `self.running = True`): a run flag. */
function setToTrue(flag: PyNode, scopes: PythonScopes): boolean {
  if (flag.type === 'identifier') {
    const binding = scopes.resolve(flag);
    return binding?.kind === 'assignment' && binding.value?.type === 'true';
  }
  const attribute = flag.fields.attribute?.text;
  if (flag.fields.object?.text !== 'self' || !attribute) return false;
  for (let current = flag.parent; current; current = current.parent) {
    if (current.type !== 'class_definition') continue;
    let found = false;
    walk(current, (node) => {
      if (found) return false;
      if (node.type === 'assignment' && node.fields.right?.type === 'true') {
        const left = node.fields.left;
        if (left?.type === 'attribute' && left.fields.object?.text === 'self' && left.fields.attribute?.text === attribute) found = true;
      }
      return true;
    });
    return found;
  }
  return false;
}

function isMessageStream(node: PyNode, scopes: PythonScopes, depth: number): boolean {
  if (depth > 4) return false;
  if (node.type === 'call') {
    const callee = node.fields.function;
    if (!callee) return false;
    const name = scopes.qualifiedName(callee);
    if (name && CONSUMER_CONSTRUCTORS.has(name)) return true;
    return callee.type === 'attribute' && STREAM_METHODS.has(callee.fields.attribute?.text ?? '');
  }
  if (node.type !== 'identifier') return false;
  const binding = scopes.resolve(node);
  return binding?.kind === 'assignment' && binding.value !== undefined && scopes.isSingleBinding(binding) && isMessageStream(binding.value, scopes, depth + 1);
}

/** An entry point of a Python program: where the process starts and whose end ends it. */
export interface EntryPoint {
  /** The `if __name__ == "__main__":` block, or the function of a command or `main()`. */
  node: PyNode;
  /** `the __main__ block`, `` `main()` ``, `the click command `serve()``. */
  label: string;
}

/** Decorators that make a function a command-line entry point (click, typer and their cousins). */
const COMMAND_DECORATORS = /^(?:click|asyncclick|rich_click|cloup)\.(?:command|group)$/;

/**
 * The entry points of a module: its `__main__` block, a top-level `main()`, and click/typer
 * commands (`@click.command()`, `@cli.command()` on a click group, `@app.command()` on `typer.Typer()`).
 */
export function entryPoints(module: PyNode, scopes: PythonScopes): EntryPoint[] {
  const found: EntryPoint[] = [];
  for (const statement of module.children) {
    if (statement.type === 'if_statement' && statement.fields.condition && isMainGuard(statement.fields.condition)) {
      const body = statement.fields.consequence;
      if (body) found.push({ node: body, label: 'the __main__ block' });
      continue;
    }
    const definition = statement.type === 'decorated_definition' ? statement.fields.definition : statement;
    if (definition?.type !== 'function_definition') continue;
    const name = definition.fields.name?.text ?? '';
    if (name === 'main') {
      found.push({ node: definition, label: '`main()`' });
      continue;
    }
    if (statement.type === 'decorated_definition' && statement.children.some((decorator) => decorator.type === 'decorator' && isCommandDecorator(decorator, scopes))) {
      found.push({ node: definition, label: `the command \`${name}()\`` });
    }
  }
  return found;
}

function isCommandDecorator(decorator: PyNode, scopes: PythonScopes): boolean {
  let expression: PyNode | undefined = decorator.children[0];
  if (expression?.type === 'call') expression = expression.fields.function;
  if (!expression) return false;
  const name = scopes.qualifiedName(expression);
  if (name && COMMAND_DECORATORS.test(name)) return true;
  if (expression.type !== 'attribute' || !['command', 'group', 'callback'].includes(expression.fields.attribute?.text ?? '')) return false;
  const receiver = expression.fields.object;
  if (receiver?.type !== 'identifier') return false;
  const binding = scopes.resolve(receiver);
  // `app = typer.Typer()`
  if (binding?.kind === 'assignment' && binding.value?.type === 'call') {
    const constructor = binding.value.fields.function;
    return (constructor ? scopes.qualifiedName(constructor) : undefined) === 'typer.Typer';
  }
  // `@click.group() def cli(): ...` then `@cli.command()`
  if (binding?.kind === 'function') {
    const definition = binding.node.parent;
    const decorated = definition?.parent;
    return decorated?.type === 'decorated_definition' && decorated.children.some((child) => child.type === 'decorator' && isCommandDecorator(child, scopes));
  }
  return false;
}

/**
 * Functions of this module that run in a thread other than the main one: `threading.Thread(target=f)`,
 * `threading.Timer(s, f)`, `asyncio.to_thread(f)`, `loop.run_in_executor(None, f)`, `pool.submit(f)`
 * on a `ThreadPoolExecutor`, and `run()` of a `threading.Thread` subclass. Values: how it gets there.
 */
export function threadFunctions(module: PyNode, scopes: PythonScopes): Map<PyNode, string> {
  const found = new Map<PyNode, string>();
  const add = (target: PyNode | undefined, how: string) => {
    const fn = target && handlerFunction(target, scopes);
    if (fn?.type === 'function_definition' && !found.has(fn)) found.set(fn, how);
  };
  walk(module, (node) => {
    if (node.type === 'class_definition') {
      const bases = node.fields.superclasses?.children ?? [];
      if (bases.some((base) => scopes.qualifiedName(base) === 'threading.Thread')) {
        const run = classMethod(node, 'run');
        if (run) found.set(run, 'run in its own thread');
      }
      return true;
    }
    if (node.type !== 'call') return true;
    const callee = node.fields.function;
    if (!callee) return true;
    const name = scopes.qualifiedName(callee);
    const args = positionalArguments(node);
    if (name === 'threading.Thread') add(keywordValue(node, 'target') ?? args[1], 'started as a `Thread` target');
    else if (name === 'threading.Timer') add(keywordValue(node, 'function') ?? args[1], 'run by a `threading.Timer`');
    else if (name === 'asyncio.to_thread') add(args[0], 'run by `asyncio.to_thread()`');
    else if (callee.type === 'attribute' && callee.fields.attribute?.text === 'run_in_executor') add(args[1], 'run by `run_in_executor()`');
    else if (callee.type === 'attribute' && callee.fields.attribute?.text === 'submit' && isThreadPool(callee.fields.object, scopes)) add(args[0], 'submitted to a thread pool');
    return true;
  });
  return found;
}

function isThreadPool(node: PyNode | undefined, scopes: PythonScopes): boolean {
  if (node?.type !== 'identifier') return false;
  const binding = scopes.resolve(node);
  let value = binding?.value;
  // `with ThreadPoolExecutor() as pool:`
  if (!value && binding?.node.parent?.type === 'as_pattern') value = binding.node.parent.children[0];
  if (value?.type !== 'call') return false;
  const constructor = value.fields.function;
  return (constructor ? scopes.qualifiedName(constructor) : undefined) === 'concurrent.futures.ThreadPoolExecutor';
}

function keywordValue(call: PyNode, name: string): PyNode | undefined {
  for (const arg of call.fields.arguments?.children ?? []) {
    if (arg.type === 'keyword_argument' && arg.fields.name?.text === name) return arg.fields.value;
  }
  return undefined;
}

/** Calls that start a child process the parent keeps a handle on. */
const CHILD_STARTS = new Set(['subprocess.Popen', 'multiprocessing.Process', 'asyncio.create_subprocess_exec', 'asyncio.create_subprocess_shell', 'os.fork', 'pexpect.spawn']);

/** Whether a call starts a child process: `subprocess.Popen([...])`, `multiprocessing.Process(target=f)`, `os.fork()`. */
export function isChildProcessStart(call: PyNode, scopes: PythonScopes): boolean {
  const callee = call.fields.function;
  const name = callee ? scopes.qualifiedName(callee) : undefined;
  return name !== undefined && CHILD_STARTS.has(name);
}

/** Methods and functions that stop a child: `p.terminate()`, `p.kill()`, `p.send_signal(SIGTERM)`, `os.kill(p.pid, ...)`. */
export const CHILD_STOP_METHODS = new Set(['terminate', 'kill', 'send_signal']);
export const CHILD_STOP_FUNCTIONS = new Set(['os.kill', 'os.killpg']);

/** Pre-order walk in source order; `visit` returns false to skip a node's children. */
export function walk(root: PyNode, visit: (node: PyNode) => boolean): void {
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (!visit(node)) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}

/** Visit every node of a function's own body: nested functions, lambdas and classes are not entered. */
export function walkOwnBody(fn: PyNode, visit: (node: PyNode) => void): void {
  const body = fn.type === 'lambda' ? fn.fields.body : fn.type === 'function_definition' ? fn.fields.body : fn;
  if (!body) return;
  walk(body, (node) => {
    if (node !== body && (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition')) return false;
    visit(node);
    return true;
  });
}

/** Logger methods. */
const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log']);

/** Names a logger object is conventionally given (`self.logger`, `log`, `LOGGER`, `_log`). */
const LOGGER_NAMES = /^_*(?:log|logger)$/i;

/** Constructors of locks, whose `acquire()` or `with` blocks until the holder lets go. */
const LOCK_CONSTRUCTORS = new Set([
  'threading.Lock',
  'threading.RLock',
  'threading.Condition',
  'threading.Semaphore',
  'threading.BoundedSemaphore',
  'multiprocessing.Lock',
  'multiprocessing.RLock',
]);

/** Network and file calls by qualified name. */
const IO_CALLS: Record<string, string> = {
  open: 'opens a file',
  'io.open': 'opens a file',
  'urllib.request.urlopen': 'does network I/O',
  'socket.create_connection': 'does network I/O',
  'shutil.copy': 'does file I/O',
  'shutil.copyfile': 'does file I/O',
  'shutil.rmtree': 'does file I/O',
  'json.dump': 'does file I/O',
  'pickle.dump': 'does file I/O',
};

/** Packages whose every call does network I/O. */
const NETWORK_PACKAGES = new Set(['requests', 'httpx', 'urllib3', 'smtplib', 'redis', 'psycopg2', 'psycopg', 'pymysql', 'sqlite3']);

/** Socket and stream methods. */
const SOCKET_METHODS = new Set(['send', 'sendall', 'sendto', 'recv', 'recvfrom', 'recv_into', 'connect', 'accept', 'makefile']);

/** Work a Python signal handler must not do, found at one node: what it does, in a few words. */
export interface UnsafeWork {
  node: PyNode;
  /** `logs (`logger.info`)`, `prints`, `takes a lock`, `joins a thread or queue`, `does file I/O`. */
  what: string;
}

/**
 * Whether a node of a signal handler's body does work that is unsafe in a handler: logging, printing,
 * taking a lock (`acquire()` or `with lock:`), joining or waiting (`t.join()`, `event.wait()`), or
 * file/socket I/O. Python runs the handler between two bytecodes of the main thread, which may be
 * inside the same logger, lock or buffered stream: re-entry deadlocks or raises `RuntimeError:
 * reentrant call`. Setting a flag or an Event, `os.write` to a wake-up pipe, `loop.call_soon_threadsafe`
 * and `sys.exit()` are safe.
 */
export function unsafeSignalWork(node: PyNode, scopes: PythonScopes, text: (node: PyNode) => string): UnsafeWork | undefined {
  if (node.type === 'with_statement') {
    for (const item of node.fields.body ? node.children.filter((child) => child.type === 'with_clause').flatMap((clause) => clause.children) : []) {
      const value = item.type === 'with_item' ? unparen(item.fields.value) : undefined;
      if (value && isLock(value, scopes)) return { node: value, what: `takes a lock (\`with ${text(value)}\`)` };
    }
    return undefined;
  }
  if (node.type !== 'call') return undefined;
  const callee = node.fields.function;
  if (!callee) return undefined;
  const name = scopes.qualifiedName(callee);
  if (name === 'print' && scopes.isBuiltin('print', callee)) return { node, what: 'prints' };
  if (name === 'sys.stdout.write' || name === 'sys.stderr.write' || name === 'sys.stdout.flush' || name === 'sys.stderr.flush') return { node, what: `writes to a stream (\`${name}\`)` };
  if (name && IO_CALLS[name] && (name !== 'open' || scopes.isBuiltin('open', callee))) return { node, what: `${IO_CALLS[name]} (\`${name}\`)` };
  if (name && NETWORK_PACKAGES.has(name.split('.')[0]) && name.includes('.')) return { node, what: `does network I/O (\`${name}\`)` };
  if (name?.startsWith('logging.') && LOG_METHODS.has(name.slice('logging.'.length))) return { node, what: `logs (\`${name}\`)` };
  if (callee.type !== 'attribute') return undefined;
  const method = callee.fields.attribute?.text ?? '';
  const receiver = unparen(callee.fields.object);
  if (!receiver) return undefined;
  if (LOG_METHODS.has(method) && isLogger(receiver, scopes)) return { node, what: `logs (\`${text(callee)}\`)` };
  if (method === 'acquire') return { node, what: `takes a lock (\`${text(callee)}\`)` };
  if (method === 'join' && isThreadLikeJoin(node, receiver, scopes)) return { node, what: `joins (\`${text(callee)}\`)` };
  // `os.wait()` in a SIGCHLD handler reaps a child that has already exited.
  if (method === 'wait' && !/^(?:asyncio|os)\./.test(name ?? '')) return { node, what: `waits (\`${text(callee)}\`)` };
  if (SOCKET_METHODS.has(method) && !(name ?? '').startsWith('os.')) return { node, what: `does socket I/O (\`${text(callee)}\`)` };
  if ((method === 'write' || method === 'writelines' || method === 'flush') && !(name ?? '').startsWith('os.')) return { node, what: `does file I/O (\`${text(callee)}\`)` };
  return undefined;
}

/** `logger` bound to `logging.getLogger(...)` / `structlog.get_logger()`, loguru's `logger`, or a conventional logger name. */
function isLogger(node: PyNode, scopes: PythonScopes): boolean {
  const name = scopes.qualifiedName(node);
  if (name === 'loguru.logger' || name === 'logging' || name?.startsWith('logging.root')) return true;
  if (node.type === 'identifier') {
    const binding = scopes.resolve(node);
    if (binding?.kind === 'assignment' && binding.value?.type === 'call') {
      const constructor = binding.value.fields.function;
      const made = constructor ? scopes.qualifiedName(constructor) : undefined;
      if (made === 'logging.getLogger' || made === 'structlog.get_logger' || made === 'structlog.getLogger') return true;
    }
    return LOGGER_NAMES.test(node.text ?? '');
  }
  if (node.type === 'attribute') return LOGGER_NAMES.test(node.fields.attribute?.text ?? '');
  return false;
}

/** A lock object: bound (as a name or `self.<attr>` in the file) to a lock constructor, or named like one. */
function isLock(node: PyNode, scopes: PythonScopes): boolean {
  if (node.type === 'call') {
    const callee = node.fields.function;
    return LOCK_CONSTRUCTORS.has((callee && scopes.qualifiedName(callee)) ?? '');
  }
  if (node.type === 'identifier') {
    const binding = scopes.resolve(node);
    if (binding?.kind === 'assignment' && binding.value) return isLock(binding.value, scopes);
    return /lock$/i.test(node.text ?? '');
  }
  if (node.type === 'attribute') return /lock$/i.test(node.fields.attribute?.text ?? '');
  return false;
}

/** `t.join()` or `q.join(timeout)`, not `", ".join(parts)` or `os.path.join(a, b)`. */
function isThreadLikeJoin(call: PyNode, receiver: PyNode, scopes: PythonScopes): boolean {
  if (receiver.type === 'string' || receiver.type === 'concatenated_string') return false;
  if ((scopes.qualifiedName(receiver) ?? '').startsWith('os.')) return false;
  const args = positionalArguments(call);
  return args.length === 0 || args[0].type === 'integer' || args[0].type === 'float';
}

/** How the model names an atexit handler (`atexit.register(f)`, `@atexit.register`). */
export const ATEXIT = 'the atexit handler';

/** Celery signals sent while a worker shuts down. */
const CELERY_SHUTDOWN_SIGNALS = new Set(['celery.signals.worker_shutdown', 'celery.signals.worker_process_shutdown', 'celery.signals.worker_shutting_down']);

/** `celery.signals.worker_shutdown.connect` and its siblings. */
function isCeleryShutdownConnect(name: string): boolean {
  return name.endsWith('.connect') && CELERY_SHUTDOWN_SIGNALS.has(name.slice(0, -'.connect'.length));
}

/** A function and the scopes of the module that holds it: this file, or another module of the project. */
export interface FunctionRef {
  fn: PyNode;
  scopes: PythonScopes;
}

/** Finds the project function a callee names (in this file, or through the project index in another module). */
export type FunctionLookup = (callee: PyNode) => FunctionRef | undefined;

/** A registration of code that runs when the process is asked to stop. */
export interface HandlerRegistration {
  call: PyNode;
  /** The handler argument as written (for a handler table, one of the table's values). */
  listener: PyNode;
  /** How a message names the handler: `the SIGTERM handler`, `the atexit handler`, `the lifespan shutdown`. */
  what: string;
  /** A lifespan or cleanup context: only the code after its `yield` runs at shutdown. */
  afterYield: boolean;
  /** A signal handler (`signal.signal`, `add_signal_handler`), not an exit or framework hook. */
  signal?: boolean;
  /** For signal registrations: the stopping signals (SIGTERM/SIGINT/SIGQUIT) it is for, when they can be read. */
  signals?: string[];
  /** The project function or list the registration goes through (`install_handler`, `_cleanups.append`). */
  through?: string;
  /** The handler is run by another one (`what`) that calls everything in a private registry. */
  runner?: boolean;
}

/**
 * The shutdown handlers a call registers: `signal.signal(SIGTERM | SIGINT | SIGQUIT, h)` (handler tables
 * included), `loop.add_signal_handler(sig, h)` (an unknown signal counts), `atexit.register(h)`, Celery
 * `worker_shutdown.connect(h)`, aiohttp `app.on_shutdown.append(h)` / `on_cleanup` / `cleanup_ctx`, Starlette
 * `add_event_handler("shutdown", h)`, `lifespan=` arguments, an addition to a private registry that a shutdown
 * handler runs (`_cleanups.append(close_pool)`), and a call of a project function that does one of those with its
 * argument (`install_handler(SIGTERM, stop)`, `on_exit(close_pool)`), found through `lookup`.
 */
export function handlerRegistrations(call: PyNode, scopes: PythonScopes, lookup?: FunctionLookup): HandlerRegistration[] {
  const direct = directRegistrations(call, scopes);
  if (direct.length) return direct;
  const callee = call.fields.function;
  if (!callee) return [];
  const added = registryAddition(call, scopes);
  if (added) {
    const runBy = registryRunner(added.binding, scopes);
    return runBy ? [{ call, listener: added.argument, what: runBy, afterYield: false, through: `${added.binding.name}.${added.method}`, runner: true }] : [];
  }
  if (!lookup || (callee.type !== 'identifier' && callee.type !== 'attribute')) return [];
  const ref = lookup(callee);
  const registrar = ref && registrarOf(ref);
  if (!ref || !registrar) return [];
  const args = positionalArguments(call);
  const argument = args[registrar.listener];
  if (!argument) return [];
  const through = ref.fn.fields.name?.text ?? 'function';
  if (registrar.runBy) return [{ call, listener: argument, what: registrar.runBy, afterYield: false, through, runner: registrar.registry }];
  let signals = registrar.signals;
  if (registrar.signal !== undefined) signals = signalNames(args[registrar.signal], scopes);
  const stopping = signals?.filter((signal) => SHUTDOWN_SIGNALS.has(signal));
  if (signals !== undefined && !stopping?.length) return [];
  const what = signals === undefined ? 'the signal handler' : `the ${stopping!.join('/')} handler`;
  return [{ call, listener: argument, what, afterYield: false, signal: true, signals: stopping, through }];
}

/** The registrations `handlerRegistrations` finds without following a project function. */
function directRegistrations(call: PyNode, scopes: PythonScopes): HandlerRegistration[] {
  const callee = call.fields.function;
  if (!callee) return [];
  const args = positionalArguments(call);
  const one = (listener: PyNode | undefined, what: string, extra: Partial<HandlerRegistration> = {}): HandlerRegistration[] =>
    listener ? [{ call, listener, what, afterYield: false, ...extra }] : [];
  // `FastAPI(lifespan=lifespan)`, `Starlette(lifespan=...)`
  const lifespan = keywordArgument(call, 'lifespan');
  if (lifespan) return one(lifespan, 'the lifespan shutdown', { afterYield: true });
  const name = scopes.qualifiedName(callee);
  if (name === 'signal.signal') {
    const stopping = signalNames(args[0], scopes)?.filter((signal) => SHUTDOWN_SIGNALS.has(signal)) ?? [];
    if (!stopping.length || !args[1]) return [];
    return tableHandlers(args[1], scopes).flatMap((listener) => one(listener, `the ${stopping.join('/')} handler`, { signal: true, signals: stopping }));
  }
  if (name === 'atexit.register') return one(args[0], ATEXIT);
  if (name && isCeleryShutdownConnect(name)) return one(args[0], 'the Celery worker-shutdown handler');
  if (callee.type !== 'attribute') return [];
  const method = callee.fields.attribute?.text;
  const receiver = callee.fields.object;
  if (method === 'add_signal_handler') {
    // `loop.add_signal_handler(signal.SIGTERM, handler)`; an unknown signal counts, a known other one does not.
    const signals = signalNames(args[0], scopes);
    const stopping = signals?.filter((signal) => SHUTDOWN_SIGNALS.has(signal));
    if (signals === undefined) return one(args[1], 'the signal handler', { signal: true });
    return stopping?.length ? one(args[1], `the ${stopping.join('/')} handler`, { signal: true, signals: stopping }) : [];
  }
  // aiohttp `app.on_shutdown.append(close_db)`, `app.on_cleanup.append(...)`, `app.cleanup_ctx.append(ctx)`
  if (method === 'append' && receiver?.type === 'attribute') {
    const list = receiver.fields.attribute?.text;
    if (list === 'on_shutdown' || list === 'on_cleanup') return one(args[0], `the aiohttp ${list} handler`);
    if (list === 'cleanup_ctx') return one(args[0], 'the aiohttp cleanup context', { afterYield: true });
    return [];
  }
  // Starlette `app.add_event_handler("shutdown", close_db)`
  if (method === 'add_event_handler' && args[0] && stringValue(args[0]) === 'shutdown') return one(args[1], 'the shutdown event handler');
  return [];
}

/** A handler argument unpacked from a table (`for sig, handler in {...}.items()`): the table's handlers; else the argument. */
export function tableHandlers(listener: PyNode, scopes: PythonScopes): PyNode[] {
  if (listener.type !== 'identifier') return [listener];
  const binding = scopes.resolve(listener);
  return (binding && tableEntries(binding.node, scopes)) ?? [listener];
}

/**
 * The shutdown handler a decorator registers, as a message names it: `@atexit.register`, `@worker_shutdown.connect`,
 * `@app.on_event("shutdown")`, or a project function that registers its argument (`@on_exit` over
 * `def on_exit(fn): _callbacks.append(fn)`), found through `lookup`.
 */
export function decoratorRegistration(decorator: PyNode, scopes: PythonScopes, lookup?: FunctionLookup): string | undefined {
  const expression = decorator.children[0];
  if (!expression) return undefined;
  const name = scopes.qualifiedName(expression);
  if (name === 'atexit.register') return ATEXIT;
  if (lookup && (expression.type === 'identifier' || expression.type === 'attribute') && !name?.startsWith('atexit.')) {
    const ref = lookup(expression);
    const registrar = ref && registrarOf(ref);
    if (registrar?.runBy && registrar.listener === 0) return registrar.registry ? `run by ${registrar.runBy}` : registrar.runBy;
  }
  if (name && isCeleryShutdownConnect(name)) return 'the Celery worker-shutdown handler';
  if (expression.type !== 'call') return undefined;
  const fn = expression.fields.function;
  const called = fn ? scopes.qualifiedName(fn) : undefined;
  // `@worker_shutdown.connect(sender=...)`
  if (called && isCeleryShutdownConnect(called)) return 'the Celery worker-shutdown handler';
  // FastAPI / Starlette `@app.on_event("shutdown")`
  const [event] = positionalArguments(expression);
  if (fn?.type === 'attribute' && fn.fields.attribute?.text === 'on_event' && event && stringValue(event) === 'shutdown') return 'the shutdown event handler';
  return undefined;
}

/** How a project function hands one of its parameters on as a shutdown handler. */
export interface Registrar {
  /** The position of the parameter that becomes the handler. */
  listener: number;
  /** The position of the parameter that names the signal, when the caller passes it (`install_handler(SIGTERM, stop)`). */
  signal?: number;
  /** The signals registered with constants inside the function (undefined: none, or not readable). */
  signals?: string[];
  /** For an atexit registration or a private registry: the handler, as a message names it. */
  runBy?: string;
  /** `runBy` runs a private registry the parameter is added to (rather than registering it itself). */
  registry?: boolean;
}

const registrars = new WeakMap<PyNode, Registrar | null>();

/**
 * Whether a function registers one of its parameters as a shutdown handler: it passes it to `signal.signal`,
 * `add_signal_handler` or `atexit.register` (`def install_handler(sig, fn): signal.signal(sig, fn)`), or adds
 * it to a module-level list that a shutdown handler of its module runs (`def on_exit(fn): _callbacks.append(fn)`
 * with `atexit.register(_run_callbacks)`).
 */
export function registrarOf(ref: FunctionRef): Registrar | undefined {
  const cached = registrars.get(ref.fn);
  if (cached !== undefined) return cached ?? undefined;
  registrars.set(ref.fn, null);
  const { fn, scopes } = ref;
  let found: Registrar | undefined;
  if (fn.type === 'function_definition') {
    walkOwnBody(fn, (node) => {
      if (found || node.type !== 'call') return;
      const callee = node.fields.function;
      const name = callee ? scopes.qualifiedName(callee) : undefined;
      const args = positionalArguments(node);
      if (name === 'signal.signal' || (callee?.type === 'attribute' && callee.fields.attribute?.text === 'add_signal_handler')) {
        const listener = parameterPosition(fn, args[1], scopes);
        if (listener === undefined) return;
        const signal = parameterPosition(fn, args[0], scopes);
        found = { listener, signal, signals: signal === undefined ? signalNames(args[0], scopes) : undefined };
        return;
      }
      if (name === 'atexit.register') {
        const listener = parameterPosition(fn, args[0], scopes);
        if (listener !== undefined) found = { listener, runBy: ATEXIT };
        return;
      }
      const added = registryAddition(node, scopes);
      const listener = added && parameterPosition(fn, added.argument, scopes);
      const runBy = listener !== undefined && added ? registryRunner(added.binding, scopes) : undefined;
      if (runBy && listener !== undefined) found = { listener, runBy, registry: true };
    });
  }
  registrars.set(fn, found ?? null);
  return found;
}

/** The position of `fn`'s parameter that `node` names (`fn` in `def install_handler(sig, fn)`), if it is one. */
function parameterPosition(fn: PyNode, node: PyNode | undefined, scopes: PythonScopes): number | undefined {
  if (node?.type !== 'identifier') return undefined;
  const binding = scopes.resolve(node);
  const parameters = fn.fields.parameters;
  if (binding?.kind !== 'parameter' || !parameters || binding.node.start < parameters.start || binding.node.end > parameters.end) return undefined;
  const names = (fn.fields.parameters?.children ?? [])
    .filter((parameter) => parameter.named && parameter.type !== 'comment')
    .map(parameterName);
  const position = names.indexOf(node.text);
  return position < 0 ? undefined : position;
}

/** `_callbacks.append(fn)` / `.add(fn)` / `.insert(0, fn)` on a name: the list's binding and the added argument. */
function registryAddition(call: PyNode, scopes: PythonScopes): { binding: Binding; method: string; argument: PyNode } | undefined {
  const callee = call.fields.function;
  if (callee?.type !== 'attribute') return undefined;
  const method = callee.fields.attribute?.text ?? '';
  const list = callee.fields.object;
  const args = positionalArguments(call);
  const argument = method === 'insert' ? args[1] : method === 'append' || method === 'add' ? args[0] : undefined;
  if (!argument || list?.type !== 'identifier') return undefined;
  const binding = scopes.resolve(list);
  return binding ? { binding, method, argument } : undefined;
}

const runners = new WeakMap<PyNode, string | null>();

/**
 * The shutdown handler that runs a module-level list of callbacks (`for callback in _callbacks: callback()`):
 * a function of the list's module registered by one of `directRegistrations` or a decorator, or named like a
 * shutdown, that reads the list. Undefined when the list is not module-level or nothing at shutdown reads it.
 */
function registryRunner(binding: Binding, scopes: PythonScopes): string | undefined {
  if (binding.kind !== 'assignment' || scopes.scopeOf(binding.node) !== scopes.module) return undefined;
  const cached = runners.get(binding.node);
  if (cached !== undefined) return cached ?? undefined;
  runners.set(binding.node, null);
  const reads = (fn: PyNode): boolean => {
    let read = false;
    walkOwnBody(fn, (node) => {
      if (read || node.type !== 'identifier' || node.text !== binding.name) return;
      const parent = node.parent;
      const isAddition = parent?.type === 'attribute' && parent.fields.object === node && ['append', 'add', 'insert'].includes(parent.fields.attribute?.text ?? '');
      if (!isAddition && scopes.resolve(node)?.node === binding.node) read = true;
    });
    return read;
  };
  let runner: string | undefined;
  walk(scopes.module.node, (node) => {
    if (runner) return false;
    if (node.type === 'function_definition') {
      const name = node.fields.name?.text ?? '';
      if (DEFAULT_SHUTDOWN_FUNCTIONS.includes(name) && reads(node)) runner = `\`${name}()\``;
    } else if (node.type === 'decorator') {
      const what = decoratorRegistration(node, scopes);
      const definition = node.parent?.fields.definition;
      if (what && definition?.type === 'function_definition' && reads(definition)) runner = what;
    } else if (node.type === 'call') {
      for (const registration of directRegistrations(node, scopes)) {
        const fn = registration.afterYield ? undefined : handlerFunction(registration.listener, scopes);
        if (fn && reads(fn)) runner = registration.what;
      }
    }
    return true;
  });
  runners.set(binding.node, runner ?? null);
  return runner;
}

/** Text every module that registers a shutdown handler contains. */
const REGISTRATION_TEXT = ['signal', 'atexit', 'shutdown', 'lifespan', 'on_cleanup'];

/**
 * A cheap pre-check on a module's source before it is parsed to look for a wrapper or a registry: whether it
 * can register a shutdown handler at all. Asking the project index about every imported function a file calls
 * would parse most of the project; this is not a judgement, only a filter that lets through every module
 * `registrarOf` could find something in (`signal.signal`, `add_signal_handler`, `atexit`, `worker_shutdown`).
 */
export function mayRegisterHandlers(text: string): boolean {
  return REGISTRATION_TEXT.some((part) => text.includes(part));
}

/**
 * Python deadlines, written once for every rule: the context managers and calls that put a time
 * limit on the code they wrap (no-unbounded-retry asks whether a loop runs under one,
 * require-io-timeout whether a call does), and whether the callers of a function bound it.
 */
import type { PyNode } from '../../languages/python/ast.js';
import type { ProjectIndex, PyModuleFacts } from '../project/index.js';
import { isTaskSpawner } from '../retry-shapes.js';
import type { PythonScopes } from './scope.js';
import { keywordArgument, positionalArguments } from './syntax.js';

/**
 * Context managers that cancel their body after a deadline: asyncio's and anyio's and trio's
 * (relative and absolute), and the thread- and signal-based ones of stopit and interruptingcow.
 */
export const DEADLINE_CONTEXTS: ReadonlySet<string> = new Set([
  'asyncio.timeout',
  'asyncio.timeout_at',
  'async_timeout.timeout',
  'async_timeout.timeout_at',
  'anyio.fail_after',
  'anyio.move_on_after',
  'trio.fail_after',
  'trio.move_on_after',
  'trio.fail_at',
  'trio.move_on_at',
  'stopit.ThreadingTimeout',
  'stopit.SignalTimeout',
  'interruptingcow.timeout',
]);

/** Calls that put a deadline on the awaitable they are given. */
export const DEADLINE_CALLS: ReadonlySet<string> = new Set(['asyncio.wait_for', 'trio.wait_for']);

/**
 * A project's own deadline context manager (`async with timeout_async(seconds):`,
 * `with deadline(30):`) is recognised by its name: there is no library to resolve it to.
 */
const DEADLINE_HELPER = /timeout|deadline|fail_after|move_on_after/i;

/** Whether a call opens a deadline for its `with` body: `asyncio.timeout(5)`, `anyio.fail_after(10)`, `timeout_async(30)`. */
export function isDeadlineContext(call: PyNode, scopes: PythonScopes): boolean {
  if (call.type !== 'call' || !call.fields.function) return false;
  const callee = call.fields.function;
  const name = scopes.qualifiedName(callee);
  if (name && DEADLINE_CONTEXTS.has(name)) return true;
  const last = callee.type === 'attribute' ? callee.fields.attribute?.text : callee.type === 'identifier' ? callee.text : undefined;
  const hasArgument = (call.fields.arguments?.children ?? []).some((arg) => arg.named);
  return last !== undefined && hasArgument && DEADLINE_HELPER.test(last);
}

/** Whether a call is one of the library deadline context managers (by resolved name only). */
export function isLibraryDeadlineContext(call: PyNode, scopes: PythonScopes): boolean {
  const callee = call.type === 'call' ? call.fields.function : undefined;
  const name = callee ? scopes.qualifiedName(callee) : undefined;
  return name !== undefined && DEADLINE_CONTEXTS.has(name);
}

/** Keywords of a job decorator that limit how long the job runs (RQ `timeout`, Celery `time_limit` / `soft_time_limit`). */
const JOB_TIME_LIMITS = ['timeout', 'job_timeout', 'time_limit', 'soft_time_limit'];

/** How many callers up the analysis looks (the call's function, its callers, theirs). */
const MAX_CALLER_DEPTH = 2;

/**
 * Whether every project caller of the function around `node` bounds it: each call of it (a method
 * by its name on any receiver, since the object is often a base-class attribute such as
 * `funding_source.pay_invoice(...)`) is the awaitable of `asyncio.wait_for(...)`, runs in a deadline
 * block, is started as a task that is then awaited through `wait_for`, or sits in a function that
 * runs as a job with a time limit (`@job("queries", timeout=30)`), directly or through its own
 * callers. Tests, scripts and CLIs are not callers that count. With no caller found, nothing is
 * known: false. A blocking call (not `cancellable` by the event loop) is bounded by a job's time
 * limit only: the worker kills the job, while `wait_for` cannot stop a thread.
 */
export function boundedByCallers(index: ProjectIndex, module: PyModuleFacts, node: PyNode, options: { cancellable: boolean }, depth = 0): boolean {
  const fn = enclosingFunction(node);
  const name = fn?.fields.name?.text;
  if (!fn || !name || depth > MAX_CALLER_DEPTH) return false;
  if (hasJobTimeLimit(fn)) return true;
  const method = isMethod(fn);
  const calls: { module: PyModuleFacts; call: PyNode }[] = [];
  const uses = method ? index.memberUses(module, name) : index.uses(module, name);
  for (const use of uses) {
    if (use.module.language !== 'python' || !use.call) continue;
    calls.push({ module: use.module as PyModuleFacts, call: use.call as PyNode });
  }
  if (!method) {
    for (const call of collectCalls(module.ast as unknown as PyNode)) {
      const callee = call.fields.function;
      if (callee?.type !== 'identifier' || callee.text !== name) continue;
      const binding = module.scopes.resolve(callee);
      if (binding?.kind === 'function' && binding.node === fn.fields.name) calls.push({ module, call });
    }
  }
  const counted = calls.filter((c) => !index.isOneShotModule(c.module) && enclosingFunction(c.call) !== fn);
  if (counted.length === 0) return false;
  return counted.every((c) => (options.cancellable && boundedAt(c.call, c.module.scopes)) || boundedByCallers(index, c.module, c.call, options, depth + 1));
}

/** Whether a call is bounded where it is made: inside `wait_for(...)`, a deadline block, or a task awaited through `wait_for`. */
function boundedAt(call: PyNode, scopes: PythonScopes): boolean {
  for (let child = call, current = call.parent; current; child = current, current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda') return false;
    if (current.type === 'call' && child.field === 'arguments') {
      const callee = current.fields.function;
      const name = callee ? scopes.qualifiedName(callee) : undefined;
      if (name && DEADLINE_CALLS.has(name)) return true;
      const last = callee?.type === 'attribute' ? callee.fields.attribute?.text : callee?.type === 'identifier' ? callee.text : undefined;
      // `task = create_task(f(...))` ... `await asyncio.wait_for(task, timeout=n)`
      if (last && isTaskSpawner(last) && current.parent?.type === 'assignment' && current.parent.fields.left?.type === 'identifier') {
        const task = current.parent.fields.left.text!;
        const owner = enclosingFunction(current);
        if (owner && collectCalls(owner).some((waiter) => {
          const waiterName = waiter.fields.function ? scopes.qualifiedName(waiter.fields.function) : undefined;
          const first = positionalArguments(waiter)[0];
          return waiterName !== undefined && DEADLINE_CALLS.has(waiterName) && first?.type === 'identifier' && first.text === task;
        })) return true;
      }
    }
    if (current.type === 'with_statement' && child.field === 'body') {
      const items = current.children.find((c) => c.type === 'with_clause')?.children ?? [];
      if (items.some((item) => {
        let value = item.fields.value;
        if (value?.type === 'as_pattern') value = value.children[0];
        return value !== undefined && isLibraryDeadlineContext(value, scopes);
      })) return true;
    }
  }
  return false;
}

/** `@job("queries", timeout=30)`, `@app.task(time_limit=60)`: a job decorator with a time limit that is not None. */
function hasJobTimeLimit(fn: PyNode): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  for (const decorator of decorated?.children.filter((c) => c.type === 'decorator') ?? []) {
    const call = decorator.children[0];
    if (call?.type !== 'call' || !call.fields.function) continue;
    const callee = call.fields.function;
    const last = callee.type === 'attribute' ? callee.fields.attribute?.text : callee.type === 'identifier' ? callee.text : undefined;
    if (last !== 'job' && last !== 'task' && last !== 'shared_task' && last !== 'actor') continue;
    if (JOB_TIME_LIMITS.some((keyword) => {
      const value = keywordArgument(call, keyword);
      return value !== undefined && value.type !== 'none';
    })) return true;
  }
  return false;
}

function enclosingFunction(node: PyNode): PyNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition') return current;
  }
  return undefined;
}

function isMethod(fn: PyNode): boolean {
  const owner = fn.parent?.type === 'decorated_definition' ? fn.parent.parent : fn.parent;
  return owner?.type === 'block' && owner.parent?.type === 'class_definition';
}

function collectCalls(root: PyNode): PyNode[] {
  const found: PyNode[] = [];
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'call') found.push(node);
    stack.push(...node.children);
  }
  return found;
}

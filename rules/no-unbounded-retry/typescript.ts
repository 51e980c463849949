import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TsContext } from '../../src/rule.js';
import { findVariable, propertyName, qualifiedName, unwrap } from '../../src/analysis/ts/names.js';
import { isTypeScriptTimeoutErrorName } from '../../src/analysis/name-shapes.js';
import { projectIndex } from '../../src/analysis/project/index.js';
import { clockDependentNames, FAILURE_LOG_METHODS, MAX_QUOTED, WRITE_CONFLICT_CODES, type ClockAssignment } from '../../src/analysis/retry-shapes.js';
import type { MessageIds, Options } from './index.js';
import { retryLoopVerdict } from './verdict.js';
import {
  DEADLINE_SIGNALS,
  JOB_QUEUE_REGISTRATIONS,
  READLINE_FACTORIES,
  RETRY_LIBRARIES,
  defaultJobOptions,
  isDeadlineHelperName,
  isPromptName,
  jobOptionsFindings,
  jobQueue,
  setsBackoff,
  withoutDefault,
} from '../../src/analysis/ts/retry-libraries.js';

type Scope = TSESLint.Scope.Scope;
type Node = TSESTree.Node;
type Loop = TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement;

/** Clocks whose readings make an elapsed-time check. */
const CLOCK_CALLS = new Set(['Date.now', 'performance.now', 'perf_hooks.performance.now', 'process.hrtime', 'process.hrtime.bigint']);

/** `setTimeout` from `timers/promises` returns a promise: `await setTimeout(500)`. */
const PROMISE_TIMERS = new Set(['timers/promises.setTimeout', 'timers/promises.scheduler.wait']);

/**
 * Project helpers that wait are recognised by their own name (`await sleep(ms)`, `await delay(n)`,
 * `await this.backoff(attempt)`): there is no library to resolve them to.
 */
const WAIT_HELPER = /sleep|backoff|delay|pause|^wait$|^waitFor(?:Ms|Timeout)$/i;

/** Write conflicts that are retried at once by design (optimistic locking, unique-value races). */
const CONFLICT_ERRORS = new Set([
  'sequelize.UniqueConstraintError',
  'sequelize.OptimisticLockError',
  'typeorm.OptimisticLockVersionMismatchError',
  '@mikro-orm/core.OptimisticLockError',
]);

/** Logger methods: a call that reports an attempt rather than doing the work. */
const LOG_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'log', 'verbose']);

/** Calls that only shape a number or a message. */
const PURE_CALLS = new Set(['Math.min', 'Math.max', 'Math.pow', 'Math.round', 'Math.floor', 'Math.ceil', 'String', 'Number']);

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

interface Identity {
  variables: TSESLint.Scope.Variable[];
  method?: string;
}

type LoopHeader = { kind: 'forever' } | { kind: 'flag'; flag: string } | { kind: 'bounded' };

/** Methods that take an element out of a collection: a loop that evicts or shrinks changes its input. */
const SHRINK_METHODS = new Set(['pop', 'shift', 'splice', 'delete', 'removeItem']);

/** Calls that build a new name or list from the old one (`base.concat(suffix)`, `items.slice(0, half)`). */
const RENAME_METHODS = new Set(['slice', 'substring', 'replace', 'replaceAll', 'concat', 'join', 'padStart', 'padEnd']);

/** Timers whose extra arguments after the delay go to the callback. */
const DELAYED_TIMERS = new Set(['setTimeout', 'setInterval']);
const IMMEDIATE_TIMERS = new Set(['setImmediate', 'process.nextTick', 'queueMicrotask']);

export function detectTypeScript(context: TsContext<MessageIds, Options>): TSESLint.RuleListener {
  const [{ checkUnbounded, checkBackoff, checkExhaustion }] = context.options;
  const { sourceCode } = context;
  const visitorKeys = sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
  const lastSurfacing = new Map<Node, number>();
  const statementPositions = new Map<Node, Map<Node, number>>();

  function scopeOf(node: Node): Scope {
    return sourceCode.getScope(node) as Scope;
  }

  function children(node: Node): Node[] {
    const result: Node[] = [];
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof item === 'object' && 'type' in item) result.push(item as Node);
      } else if (value && typeof value === 'object' && 'type' in value) result.push(value as Node);
    }
    return result;
  }

  /** Nodes under `root` (itself included) that match, not entering nested functions unless `deep`. */
  function collect(root: Node, match: (node: Node) => boolean, deep = false): Node[] {
    const found: Node[] = [];
    const stack: Node[] = [root];
    while (stack.length) {
      const node = stack.pop()!;
      if (match(node)) found.push(node);
      for (const child of children(node)) if (deep || !FUNCTIONS.has(child.type)) stack.push(child);
    }
    return found;
  }

  function some(root: Node, match: (node: Node) => boolean, deep = false): boolean {
    const stack: Node[] = [root];
    while (stack.length) {
      const node = stack.pop()!;
      if (match(node)) return true;
      for (const child of children(node)) if (deep || !FUNCTIONS.has(child.type)) stack.push(child);
    }
    return false;
  }

  /** The dotted name of a callee, with `require('m')` bindings followed (`const pRetry = require('p-retry')`). */
  function calleeName(node: Node): string | undefined {
    const expr = unwrap(node);
    const scope = scopeOf(expr);
    const name = qualifiedName(expr, scope);
    if (name !== undefined) return normalizeModuleName(name);
    // Root of a `require` binding.
    let root: Node = expr;
    const path: string[] = [];
    while (root.type === 'MemberExpression') {
      const property = propertyName(root);
      if (property === undefined) return undefined;
      path.unshift(property);
      root = unwrap(root.object);
    }
    if (root.type !== 'Identifier') return undefined;
    const variable = findVariable(scope, root.name);
    const def = variable?.defs[0];
    if (def?.type !== 'Variable') return undefined;
    const init = (def.node as TSESTree.VariableDeclarator).init;
    const source = init ? requiredModule(init) : undefined;
    if (source === undefined) return undefined;
    return normalizeModuleName([source, ...path].join('.'));
  }

  /** `require('p-retry')` or `require('p-retry').default` → the module name. */
  function requiredModule(init: Node): string | undefined {
    let expr = unwrap(init);
    if (expr.type === 'MemberExpression' && propertyName(expr) === 'default') expr = unwrap(expr.object);
    if (expr.type === 'AwaitExpression') expr = unwrap(expr.argument);
    if (expr.type !== 'CallExpression' || expr.callee.type !== 'Identifier' || expr.callee.name !== 'require') return undefined;
    const [arg] = expr.arguments;
    return arg?.type === 'Literal' && typeof arg.value === 'string' ? arg.value : undefined;
  }

  function report(node: Node, messageId: MessageIds, data?: Record<string, string>, loc?: TSESTree.SourceLocation): void {
    context.report({ node, messageId, ...(data ? { data } : {}), ...(loc ? { loc } : {}) } as never);
  }

  function checkLoop(loop: Loop): void {
    const header = loopHeader(loop);
    if (!header) return;
    // Not retries: a periodic loop (sleep an interval, then work), a loop that asks a person again,
    // and a loop that changes its input every round (next free name or port, smaller batch, evicted entry).
    if (isPeriodic(loop) || some(loop, isPromptCall)) return;
    const retries = retryTries(loop, header).filter((t) => !changesInput(loop, t));
    if (retries.length === 0) return;
    const counters = countersIn(loop, children);
    const clock = clockNames(loop);
    const errors = new Set(
      (collect(loop.body, (n) => n.type === 'CatchClause') as TSESTree.CatchClause[]).flatMap((c) => (c.param?.type === 'Identifier' ? [c.param.name] : [])),
    );
    const boundChecks = collect(
      loop.body,
      (n) => (n.type === 'IfStatement' || n.type === 'ConditionalExpression') && (mentionsBound(n.test, counters, clock) || isLimitCheck(n.test, errors)),
    );
    const exitingChecks = boundChecks.filter((check) => exitsLoop(check, loop));
    const loc = sourceCode.getFirstToken(loop)!.loc;
    // A deadline around the loop bounds it, and rejects when it expires.
    const deadline = underDeadline(loop);
    const bounded = header.kind === 'bounded' || exitingChecks.length > 0 || deadline;
    // Optimistic-concurrency loops go round until the other writer is done, not against a failing
    // dependency: only a bounded one is judged (it may still drop its last conflict).
    if (!bounded && retries.every((t) => t.handler !== null && catchesConflict(t.handler))) return;

    const verdict = retryLoopVerdict(
      {
        bounded,
        failureSurfaces: () => deadline || failureSurfaces(loop, retries, boundChecks),
        waitsOrNeedsNoWait: () => some(loop.body, isWait) || retries.every(retriesWithoutHammering),
      },
      { checkUnbounded, checkExhaustion, checkBackoff },
    );
    if (!verdict) return;
    const subject = `Retry loop around \`${attemptText(retries[0])}\``;
    const reason = verdict === 'unbounded' ? 'no attempt limit or deadline' : 'no pause before the next attempt';
    report(loop, verdict, { subject, reason }, loc);
  }

  /** Source text for a message, cut to a readable length. */
  function quoted(node: Node): string {
    const text = sourceCode.getText(node).replace(/\s+/g, ' ');
    return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 1)}…` : text;
  }

  /** The operation a retry try attempts, for the message: its first call that is neither a wait nor a log call. */
  function attemptText(tryStatement: TSESTree.TryStatement): string {
    const calls = collect(tryStatement.block, (n) => n.type === 'CallExpression' && !isWait(n) && !isLogCall(n)) as TSESTree.CallExpression[];
    const first = calls.sort((a, b) => a.range[0] - b.range[0])[0];
    return first ? `${quoted(first.callee)}()` : 'try';
  }

  /** A loop that starts each round with a pause (`await sleep(interval)`) runs periodically. */
  function isPeriodic(loop: Loop): boolean {
    const first = loop.body.type === 'BlockStatement' ? loop.body.body[0] : loop.body;
    if (first?.type !== 'ExpressionStatement') return false;
    let expression = unwrap(first.expression);
    if (expression.type === 'AwaitExpression') expression = unwrap(expression.argument);
    return isWait(expression);
  }

  /** `prompt()`, `await input({ message })`, `readlineSync.question()`, `rl.question()` on a readline interface. */
  function isPromptCall(node: Node): boolean {
    if (node.type !== 'CallExpression') return false;
    const name = calleeName(node.callee);
    if (name !== undefined && isPromptName(name)) return true;
    const callee = unwrap(node.callee);
    if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'question') return false;
    const receiver = unwrap(callee.object);
    if (receiver.type !== 'Identifier') return false;
    const def = findVariable(scopeOf(receiver), receiver.name)?.defs[0];
    const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
    const factory = init ? unwrap(init) : undefined;
    return factory?.type === 'CallExpression' && READLINE_FACTORIES.has(calleeName(factory.callee) ?? '');
  }

  /**
   * Whether a loop runs under a deadline: it checks a signal made before it by `AbortSignal.timeout(ms)`
   * (`signal.throwIfAborted()`, `while (!signal.aborted)`, `fetch(url, { signal })`), or it sits in a
   * function handed to a deadline wrapper (`await withTimeout(30_000, async () => { while … })`).
   */
  function underDeadline(loop: Loop): boolean {
    const deadlineSignal = some(loop, (n) => {
      if (n.type !== 'Identifier') return false;
      const def = findVariable(scopeOf(n), n.name)?.defs[0];
      if (def?.type !== 'Variable') return false;
      const declarator = def.node as TSESTree.VariableDeclarator;
      if (!declarator.init || (declarator.range[0] >= loop.range[0] && declarator.range[1] <= loop.range[1])) return false;
      return some(declarator.init, (c) => c.type === 'CallExpression' && DEADLINE_SIGNALS.has(calleeName(c.callee) ?? ''));
    });
    if (deadlineSignal) return true;
    let fn: Node | undefined = loop.parent;
    while (fn && !FUNCTIONS.has(fn.type)) fn = fn.parent;
    const call = fn?.parent;
    if (call?.type !== 'CallExpression' || !(call.arguments as Node[]).includes(fn!)) return false;
    const callee = unwrap(call.callee);
    const last = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    return last !== undefined && isDeadlineHelperName(last);
  }

  /**
   * Whether a loop changes what it tries after a failure, so that it is a search rather than a
   * retry: the rest of the loop builds a new value for a name the attempt reads
   * (`name = \`${base} (${n})\``, `port += 1`, `batch = batch.slice(0, half)`), or takes an
   * element out of a collection the attempt uses (`cache.delete(oldest)`, `items.pop()`).
   */
  function changesInput(loop: Loop, tryStatement: TSESTree.TryStatement): boolean {
    const block = tryStatement.block;
    const inTry = (node: Node) => node.range[0] >= block.range[0] && node.range[1] <= block.range[1];
    const read = new Set<string>();
    for (const node of collect(block, (n) => n.type === 'Identifier' || n.type === 'MemberExpression')) {
      const parent = node.parent;
      if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) continue;
      if (insidePacingCall(node, block)) continue;
      const key = targetKey(node);
      if (key) read.add(key);
    }
    if (read.size === 0) return false;
    // Objects handed whole to the attempt (`create(doc)`): a new value for one of their fields
    // (`doc.name = \`${base} (${n})\``) changes the input too.
    const passed = new Set<string>();
    for (const node of collect(block, (n) => n.type === 'Identifier' && (n.parent?.type === 'CallExpression' || n.parent?.type === 'NewExpression'))) {
      const call = node.parent as TSESTree.CallExpression | TSESTree.NewExpression;
      if ((call.arguments as Node[]).includes(node) && !insidePacingCall(node, block)) passed.add((node as TSESTree.Identifier).name);
    }
    const isRead = (node: Node | undefined | null) => node !== undefined && node !== null && read.has(targetKey(node) ?? '');
    const isPassedField = (node: Node) => node.type === 'MemberExpression' && passed.has(targetKey(node.object) ?? '');
    return some(loop.body, (n) => {
      if (inTry(n)) return false;
      // A counter (`port++`, `n += 1`) changes the input when the attempt uses it for its work
      // (`listen(port)`, `items[n]`); read by the attempt only in a test (`if (attempt)`) or a wait or
      // log call, it only counts, and the loop is a retry in both loop forms.
      if (n.type === 'UpdateExpression') return isRead(n.argument) && !onlyCounts(targetKey(n.argument)!, block);
      if (n.type === 'AssignmentExpression') {
        if (!isRead(n.left) && !isPassedField(n.left)) return false;
        const key = targetKey(n.left);
        const counted = n.operator === '+=' || n.operator === '-=' || (n.operator === '=' && key !== undefined && isStepOf(n.right, key));
        if (counted) return key === undefined || !onlyCounts(key, block);
        return n.operator === '=' && isNewInput(n.right);
      }
      if (n.type === 'UnaryExpression' && n.operator === 'delete') return n.argument.type === 'MemberExpression' && isRead(n.argument.object);
      if (n.type === 'CallExpression') {
        const callee = unwrap(n.callee);
        return callee.type === 'MemberExpression' && SHRINK_METHODS.has(propertyName(callee) ?? '') && isRead(callee.object);
      }
      return false;
    });
  }

  /**
   * Whether every use of a name in `block` only tests it (an `if`/loop/`?:` test, a comparison, `!`,
   * `&&`/`||`) or paces or reports the attempt (a wait or log call argument).
   */
  function onlyCounts(name: string, block: Node): boolean {
    const isPropertyName = (n: Node) => n.parent?.type === 'MemberExpression' && n.parent.property === n && !n.parent.computed;
    const uses = collect(block, (n) => (n.type === 'Identifier' || n.type === 'MemberExpression') && !isPropertyName(n) && targetKey(n) === name);
    return uses.every((use) => {
      for (let child: Node = use, current = use.parent; current && child !== block; child = current, current = current.parent) {
        if (current.type === 'BinaryExpression' && isComparison(current)) return true;
        if (current.type === 'LogicalExpression' || (current.type === 'UnaryExpression' && current.operator === '!')) return true;
        if ((current.type === 'IfStatement' || current.type === 'ConditionalExpression' || current.type === 'WhileStatement') && current.test === child) return true;
        if ((current.type === 'CallExpression' || current.type === 'NewExpression') && (isWait(current) || isLogCall(current))) return true;
      }
      return false;
    });
  }

  /** A value built to be tried next: a template with parts, `n + 1`, a slice, a renamed string. */
  function isNewInput(value: Node): boolean {
    const expr = unwrap(value);
    if (expr.type === 'TemplateLiteral') return expr.expressions.length > 0;
    if (expr.type === 'BinaryExpression') return ['+', '-', '%'].includes(expr.operator);
    if (expr.type === 'CallExpression') {
      const callee = unwrap(expr.callee);
      if (callee.type === 'MemberExpression') return RENAME_METHODS.has(propertyName(callee) ?? '');
      return calleeName(callee) === 'String';
    }
    return false;
  }

  /** Whether a node sits in a wait or a log call, which paces or reports the attempt without changing it. */
  function insidePacingCall(node: Node, stop: Node): boolean {
    for (let current = node.parent; current && current !== stop; current = current.parent) {
      if ((current.type === 'CallExpression' || current.type === 'NewExpression') && (isWait(current) || isLogCall(current))) return true;
    }
    return false;
  }

  /**
   * Whether the catch goes round only for errors that need no pause: write conflicts retried at once
   * by design (`if (!(err instanceof UniqueConstraintError)) throw err`), or timeouts, where the
   * attempt itself already waited.
   */
  function retriesWithoutHammering(tryStatement: TSESTree.TryStatement): boolean {
    const handler = tryStatement.handler;
    if (!handler) return false;
    return catchesConflict(handler) || some(handler.body, (n) => n.type === 'BinaryExpression' && n.operator === 'instanceof' && isTypeScriptTimeoutErrorName(calleeName(n.right) ?? ''));
  }

  /** Whether a catch checks for a write conflict: a conflict code, an optimistic-lock error class, or a same-file helper that does. */
  function catchesConflict(handler: TSESTree.CatchClause): boolean {
    return mentionsConflict(handler.body);
  }

  /**
   * Whether code tests for a write conflict: a conflict code (`err.code === 'P2002'`, or a constant
   * that holds one, `PrismaError.UNIQUE_CONSTRAINT_VIOLATION` from an enum of the project), an
   * optimistic-lock error class, or a same-file helper that tests a code.
   */
  function mentionsConflict(root: Node): boolean {
    return some(root, (n) => {
      // `error.code === 'P2002'`, or a same-file helper that checks it: `if (!isUniqueConstraintError(err)) throw err`.
      if (isConflictCode(n) || isConflictConstant(n)) return true;
      if (n.type === 'CallExpression' && n.callee.type === 'Identifier') {
        const def = findVariable(scopeOf(n), n.callee.name)?.defs[0];
        const body = def?.type === 'FunctionName' ? (def.node as TSESTree.FunctionDeclaration).body : undefined;
        return body !== undefined && some(body, isConflictCode);
      }
      if (n.type !== 'BinaryExpression' || n.operator !== 'instanceof') return false;
      const name = calleeName(n.right);
      return name !== undefined && CONFLICT_ERRORS.has(name);
    });
  }

  /**
   * A member of an enum or constant object that holds a conflict code: `PrismaError.UNIQUE_CONSTRAINT_VIOLATION`
   * for `enum PrismaError { UNIQUE_CONSTRAINT_VIOLATION = 'P2002' }`, declared in this file or
   * imported from another file of the project.
   */
  function isConflictConstant(node: Node): boolean {
    if (node.type !== 'MemberExpression' || node.parent?.type !== 'BinaryExpression') return false;
    const member = propertyName(node);
    const object = unwrap(node.object);
    if (member === undefined || object.type !== 'Identifier') return false;
    const def = findVariable(scopeOf(object), object.name)?.defs[0];
    let declaration: Node | undefined;
    if (def?.type === 'TSEnumName') declaration = def.node as Node;
    else if (def?.type === 'Variable') declaration = (def.node as TSESTree.VariableDeclarator).init ?? undefined;
    else if (def?.type === 'ImportBinding') {
      const { index, module } = projectIndex(context);
      declaration = index.definitionOf(module, object)?.node as Node | undefined;
    }
    if (!declaration) return false;
    const target = unwrap(declaration);
    let value: Node | undefined | null;
    if (target.type === 'TSEnumDeclaration') {
      const members = target.body?.members ?? target.members;
      value = members.find((m) => (m.id.type === 'Identifier' ? m.id.name : m.id.type === 'Literal' ? String(m.id.value) : undefined) === member)?.initializer;
    } else if (target.type === 'ObjectExpression') {
      const property = target.properties.find((p) => p.type === 'Property' && !p.computed && (p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : undefined) === member);
      value = property?.type === 'Property' ? property.value : undefined;
    }
    return value !== undefined && value !== null && isConflictCode(unwrap(value));
  }

  /** What a loop header says about how often it runs, or undefined for loops that are not retry candidates. */
  function loopHeader(loop: Loop): LoopHeader | undefined {
    const test = loop.test;
    if (!test || isAlwaysTrue(test)) return { kind: 'forever' };
    // `for (let i = 0; i < items.length; i++)` walks a list (failover over hosts, pages): not a retry.
    if (some(test, (n) => n.type === 'MemberExpression' && propertyName(n) === 'length')) return undefined;
    if (mentionsBound(test, countersIn(loop, children), clockNames(loop))) {
      // `for (let i = 0; i < count; i++) { read(offset + size * i) }`: each round works on another item.
      return loopVariableDrivesWork(loop) ? undefined : { kind: 'bounded' };
    }
    const flag = flagOf(test);
    if (!flag) return undefined;
    // A flag that the failure path sets (`catch { retried = true; }`) ends the loop after a failed
    // attempt, so it bounds the loop like a counter.
    const successBlocks = (collect(loop.body, (n) => n.type === 'TryStatement') as TSESTree.TryStatement[]).map((t) => t.block);
    const outside = collect(loop.body, (n) => isFlagAssignment(n, flag)).some(
      (assignment) => !successBlocks.some((block) => assignment.range[0] >= block.range[0] && assignment.range[1] <= block.range[1]),
    );
    return outside ? { kind: 'bounded' } : { kind: 'flag', flag };
  }

  /**
   * Whether a for loop's own variable picks what each round works on: it is used as an index or
   * passed into a call that is neither a wait nor a log call (`sleep(2 ** attempt * 100)` and
   * `logger.warn({ attempt })` only pace and report the same attempt).
   */
  function loopVariableDrivesWork(loop: Loop): boolean {
    if (loop.type !== 'ForStatement' || loop.init?.type !== 'VariableDeclaration') return false;
    const declared = loop.init.declarations[0]?.id;
    if (declared?.type !== 'Identifier') return false;
    const variable = findVariable(scopeOf(loop.body), declared.name);
    if (!variable) return false;
    for (const reference of variable.references) {
      const use = reference.identifier as Node;
      if (use.range[0] < loop.body.range[0] || use.range[1] > loop.body.range[1]) continue;
      for (let current: Node | undefined = use.parent, child: Node = use; current && current !== loop.body; child = current, current = current.parent) {
        if (current.type === 'MemberExpression' && current.computed && current.property === child) return true;
        if (current.type !== 'CallExpression' && current.type !== 'NewExpression') continue;
        if (isWait(current) || isLogCall(current)) break;
        const name = calleeName(current.callee);
        // `setTimeout(resolve, base * 2 ** attempt)`: the counter only sets the pause.
        if (name !== undefined && (DELAYED_TIMERS.has(name) || PROMISE_TIMERS.has(name))) break;
        if (name && PURE_CALLS.has(name)) continue;
        return true;
      }
    }
    return false;
  }

  /** `logger.warn(...)`, `this.logger.info(...)`, `console.log(...)`. */
  function isLogCall(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
    const callee = unwrap(call.callee);
    return callee.type === 'MemberExpression' && LOG_METHODS.has(propertyName(callee) ?? '');
  }

  /**
   * The try statements that make a loop a retry: the try leaves the loop on success (break, return,
   * or setting the loop's flag) and its catch goes round again. A consumer loop whose try never
   * leaves is not a retry.
   */
  function retryTries(loop: Loop, header: LoopHeader): TSESTree.TryStatement[] {
    const flag = header.kind === 'flag' ? header.flag : undefined;
    const found: TSESTree.TryStatement[] = [];
    const tries = collect(loop.body, (n) => n.type === 'TryStatement') as TSESTree.TryStatement[];
    for (const tryStatement of tries) {
      // Only tries of this loop, not of a loop nested in it.
      if (innermostLoop(tryStatement) !== loop) continue;
      const handler = tryStatement.handler;
      if (!handler) continue;
      const handlerBody = handler.body.body;
      if (endsWithExit(handlerBody, loop)) continue;
      let leaves = topLevelStatements(tryStatement.block.body).some((s) => isSuccessExit(s, loop, flag));
      // `if (res.ok) return res;` then `throw new Error(...)` in the same try: the catch gets the failure.
      if (!leaves) leaves = exitsOnSuccessThenThrows(tryStatement.block.body, loop, flag, (n) => some(n, (c) => c.type === 'ThrowStatement'));
      // `catch { await sleep(); continue; }` followed by `break` after the try.
      const container = tryStatement.parent;
      if (!leaves && handlerBody.at(-1)?.type === 'ContinueStatement' && container?.type === 'BlockStatement' && container.parent === loop) {
        const after = container.body.slice(container.body.indexOf(tryStatement) + 1);
        leaves = after.some((s) => isSuccessExit(s, loop, flag));
      }
      if (!leaves) continue;
      found.push(tryStatement);
    }
    return found;
  }

  /** The loop a node belongs to (nearest enclosing loop in the same function). */
  function innermostLoop(node: Node): Node | undefined {
    for (let current = node.parent; current; current = current.parent) {
      if (FUNCTIONS.has(current.type)) return undefined;
      if (isLoopNode(current)) return current;
    }
    return undefined;
  }

  /** Whether the final failure of a bounded retry loop is thrown, logged or returned. */
  function failureSurfaces(loop: Loop, tries: TSESTree.TryStatement[], boundChecks: Node[]): boolean {
    // A catch that throws (`if (attempt === max) throw err`) or a bound check that throws, logs or returns.
    if (tries.some((t) => t.handler && some(t.handler.body, (n) => n.type === 'ThrowStatement' || isExitCall(n)))) return true;
    if (boundChecks.some((check) => some(check, surfacesFailure))) return true;
    // Whatever runs after the loop, up to the end of the function.
    let statement: Node = loop.parent?.type === 'LabeledStatement' ? loop.parent : loop;
    for (let parent = statement.parent; parent && !FUNCTIONS.has(parent.type) && parent.type !== 'Program'; statement = parent, parent = parent.parent) {
      if (parent.type !== 'BlockStatement' && parent.type !== 'SwitchCase') continue;
      if (lastSurfacingIndex(parent) > statementIndex(parent, statement)) return true;
    }
    return false;
  }

  /**
   * The index of the last statement of a block or `case` that throws, logs an error, exits or returns
   * a value (-1 for none), computed once: a function with thousands of loops in a row asks this of the
   * same block for each of them.
   */
  function lastSurfacingIndex(parent: TSESTree.BlockStatement | TSESTree.SwitchCase): number {
    let index = lastSurfacing.get(parent);
    if (index === undefined) {
      const list = parent.type === 'BlockStatement' ? parent.body : parent.consequent;
      index = -1;
      for (let i = list.length - 1; i >= 0; i--) {
        if (some(list[i], surfacesFailure)) {
          index = i;
          break;
        }
      }
      lastSurfacing.set(parent, index);
    }
    return index;
  }

  /** The position of a statement in its block or `case`, from an index built once per parent. */
  function statementIndex(parent: TSESTree.BlockStatement | TSESTree.SwitchCase, statement: Node): number {
    let positions = statementPositions.get(parent);
    if (!positions) {
      const list: Node[] = parent.type === 'BlockStatement' ? parent.body : parent.consequent;
      positions = new Map(list.map((child, i) => [child, i]));
      statementPositions.set(parent, positions);
    }
    return positions.get(statement) ?? -1;
  }

  /** throw, an error-level log, a process exit, a rejection, or a return with a value other than null/undefined. */
  function surfacesFailure(node: Node): boolean {
    if (node.type === 'ThrowStatement') return true;
    if (node.type === 'ReturnStatement') return node.argument !== null && !isNullish(node.argument);
    if (node.type === 'CallExpression') {
      if (isExitCall(node)) return true;
      const callee = unwrap(node.callee);
      if (callee.type === 'MemberExpression' && FAILURE_LOG_METHODS.has(propertyName(callee) ?? '')) return true;
      // `reject(err)` inside a promise executor.
      if (callee.type === 'Identifier' && callee.name === 'reject') return true;
    }
    return false;
  }

  function isExitCall(node: Node): boolean {
    return node.type === 'CallExpression' && calleeName(node.callee) === 'process.exit';
  }

  /** A pause before the next attempt: `await sleep(ms)`, `await new Promise((r) => setTimeout(r, ms))`, `await setTimeout(ms)`. */
  function isWait(node: Node): boolean {
    if (node.type === 'NewExpression' && node.callee.type === 'Identifier' && node.callee.name === 'Promise') {
      return some(node, (n) => n.type === 'CallExpression' && calleeName(n.callee) === 'setTimeout', true);
    }
    if (node.type !== 'CallExpression') return false;
    const name = calleeName(node.callee);
    if (name && PROMISE_TIMERS.has(name)) return true;
    const callee = unwrap(node.callee);
    const last = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    return last !== undefined && WAIT_HELPER.test(last);
  }

  /** Clock names per function (or program), computed once however many loops it has. */
  const clockNamesByOwner = new WeakMap<Node, Set<string>>();

  /**
   * Names bound to a clock reading in the loop's function (`const deadline = Date.now() + 30_000`),
   * and names computed from those (`const left = deadline - Date.now()`). A worklist over the
   * assignments: each is looked at once for a clock reading and once per name it depends on.
   */
  function clockNames(loop: Loop): Set<string> {
    let owner: Node = loop;
    while (owner.parent && !FUNCTIONS.has(owner.type)) owner = owner.parent;
    const cached = clockNamesByOwner.get(owner);
    if (cached) return cached;
    const assignments: ClockAssignment[] = [];
    for (const node of collect(owner, (n) => n.type === 'VariableDeclarator' || n.type === 'AssignmentExpression', true)) {
      const key = node.type === 'VariableDeclarator' ? targetKey(node.id) : node.type === 'AssignmentExpression' ? targetKey(node.left) : undefined;
      const value = node.type === 'VariableDeclarator' ? node.init : node.type === 'AssignmentExpression' ? node.right : null;
      if (!key || !value) continue;
      let clock = false;
      const uses: string[] = [];
      for (const n of collect(value, () => true)) {
        if (isClockReading(n)) clock = true;
        const used = n.type === 'Identifier' || n.type === 'MemberExpression' ? targetKey(n) : undefined;
        if (used !== undefined) uses.push(used);
      }
      assignments.push({ key, clock, uses });
    }
    const names = clockDependentNames(assignments);
    clockNamesByOwner.set(owner, names);
    return names;
  }

  /** `Date.now()`, `performance.now()`, `process.hrtime.bigint()`, `new Date()`. */
  function isClockReading(node: Node): boolean {
    if (node.type === 'CallExpression') {
      const name = calleeName(node.callee);
      return name !== undefined && CLOCK_CALLS.has(name);
    }
    return node.type === 'NewExpression' && node.arguments.length === 0 && calleeName(node.callee) === 'Date';
  }

  /**
   * An ordering comparison that does not look at the caught error: a limit on something that grows
   * (`this.workingTime > job.timeout`). `err.status < 500` classifies the error instead, and is no bound.
   */
  function isLimitCheck(test: Node, errors: Set<string>): boolean {
    return some(test, (n) => {
      if (n.type !== 'BinaryExpression' || !['<', '<=', '>', '>='].includes(n.operator)) return false;
      return !some(n, (id) => id.type === 'Identifier' && errors.has(id.name));
    });
  }

  function mentionsBound(test: Node, counters: Set<string>, clock: Set<string>): boolean {
    return some(test, (n) => {
      if (isClockReading(n)) return true;
      const key = targetKey(n);
      return key !== undefined && (counters.has(key) || clock.has(key));
    });
  }

  /** Whether a node contains a throw, a return, or a break that leaves `loop`. */
  function exitsLoop(node: Node, loop: Loop): boolean {
    return some(node, (n) => n.type === 'ThrowStatement' || n.type === 'ReturnStatement' || (n.type === 'BreakStatement' && breakTarget(n) === loop));
  }

  /** Recursive retry: a function that calls itself from a catch (or `.catch(...)`) with no bounded attempt argument. */
  function checkRecursion(fn: TSESTree.FunctionLike): void {
    const identity = functionIdentity(fn);
    if (!identity || !fn.body) return;
    // Cheap exits first (this runs for every function): a named function that is never referenced
    // inside its own body cannot call itself, and one without failure paths is no retry.
    const body = fn.body;
    const inBody = (node: Node) => node.range[0] >= body.range[0] && node.range[1] <= body.range[1];
    if (!identity.method && !identity.variables.some((variable) => variable.references.some((ref) => inBody(ref.identifier)))) return;
    // The failure paths: catch blocks, and callbacks given to `.catch(cb)` / `.then(ok, cb)`.
    const regions: Node[] = collect(body, (n) => n.type === 'CatchClause');
    for (const call of collect(body, (n) => n.type === 'CallExpression') as TSESTree.CallExpression[]) {
      const callee = unwrap(call.callee);
      if (callee.type !== 'MemberExpression') continue;
      const method = propertyName(callee);
      if (method === 'catch' && call.arguments[0]) regions.push(call.arguments[0]);
      if (method === 'then' && call.arguments[1]) regions.push(call.arguments[1]);
    }
    if (!regions.length) return;
    const params = new Set<string>();
    for (const param of fn.params) for (const id of collect(param, (n) => n.type === 'Identifier', true)) params.add((id as TSESTree.Identifier).name);
    const compared = new Set<string>();
    for (const node of collect(body, (n) => isComparison(n), true)) {
      for (const id of collect(node, (n) => n.type === 'Identifier', true)) {
        const name = (id as TSESTree.Identifier).name;
        if (params.has(name)) compared.add(name);
      }
    }
    for (const region of regions) {
      const references = collect(region, (n) => isReferenceTo(n, identity), true);
      for (const found of references) {
        // `setTimeout(this.start.bind(this), 1000)`: the bound function stands for the method.
        const reference = isBindCall(found.parent?.parent, found.parent) ? found.parent!.parent! : found;
        const call = reference.parent;
        if (call?.type !== 'CallExpression') continue;
        const isCallee = call.callee === reference;
        // A call of the function itself, or handing it to a timer: `setTimeout(connect, 1000)`.
        if (!isCallee && !(call.arguments as Node[]).includes(reference)) continue;
        // Bounded only by a tested parameter that the recursive call passes changed: `retry(attempt + 1)`
        // with `if (attempt > 3) throw err`, or a call guarded by a parameter test that passes a new
        // value once (`if (cache !== 'reload') await download(node, 'reload')`). Passed on unchanged,
        // or left to its default, it bounds nothing.
        const tested = new Set([...compared, ...guardParameters(call, fn)]);
        if (passesChanged(fn, call, reference, isCallee, tested)) return;
        // Called again after a write conflict (`if (err.code === 'P2002') return this.create(input)`):
        // judged like the loop that retries only conflicts, the other writer has finished.
        if (guardedByConflict(call, region)) continue;
        // A failure path that schedules the next run after a delay, of a function that its success
        // path schedules the same way (`setTimeout(safeBeat, interval)` after every beat): the
        // periodic schedule goes on after an error, it does not retry.
        if (!isCallee && isDelayedTimer(call.callee) && scheduledElsewhere(identity, regions)) continue;
        const name = identity.method ?? identity.variables[0]?.name ?? 'function';
        report(reference, 'unbounded', { subject: `Recursive retry of \`${name}\``, reason: 'no attempt argument moves towards a bound' });
        return;
      }
    }
  }

  /** `setTimeout` / `setInterval`, global or from a module that provides them (`timers`, `unlimited-timeout`). */
  function isDelayedTimer(callee: Node): boolean {
    const name = calleeName(callee) ?? '';
    const last = name.slice(name.lastIndexOf('.') + 1);
    // `const { setTimeout } = require('unlimited-timeout')` resolves to the module: the local name tells.
    const local = unwrap(callee);
    return DELAYED_TIMERS.has(name) || (name.includes('.') && DELAYED_TIMERS.has(last)) || (local.type === 'Identifier' && DELAYED_TIMERS.has(local.name));
  }

  /** Whether a function is handed to a delayed timer (`setTimeout(fn, ms)`) outside the given failure paths. */
  function scheduledElsewhere(identity: Identity, regions: Node[]): boolean {
    return identity.variables.some((variable) =>
      variable.references.some((ref) => {
        const id = ref.identifier as Node;
        if (regions.some((region) => id.range[0] >= region.range[0] && id.range[1] <= region.range[1])) return false;
        const call = id.parent;
        return call?.type === 'CallExpression' && call.arguments[0] === id && isDelayedTimer(call.callee);
      }),
    );
  }

  /** Whether an `if` or `?:` between `node` and its failure path `region` tests for a write conflict. */
  function guardedByConflict(node: Node, region: Node): boolean {
    for (let current = node.parent; current && current !== region; current = current.parent) {
      if ((current.type === 'IfStatement' || current.type === 'ConditionalExpression') && mentionsConflict(current.test)) return true;
    }
    return false;
  }

  /**
   * Parameters tested by an `if` or `?:` between `node` and the function `fn`, directly or through a
   * `const` computed from them (`const delay = nextDelay(policy, attempt); if (delay) …`).
   */
  function guardParameters(node: Node, fn: Node): string[] {
    const found: string[] = [];
    for (let current = node.parent; current && current !== fn; current = current.parent) {
      if (current.type !== 'IfStatement' && current.type !== 'ConditionalExpression') continue;
      for (const id of collect(current.test, (n) => n.type === 'Identifier', true) as TSESTree.Identifier[]) {
        const def = findVariable(scopeOf(id), id.name)?.defs[0];
        if (def?.type === 'Parameter') found.push(id.name);
        const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
        if (!init) continue;
        for (const used of collect(init, (n) => n.type === 'Identifier', true) as TSESTree.Identifier[]) {
          if (findVariable(scopeOf(used), used.name)?.defs[0]?.type === 'Parameter') found.push(used.name);
        }
      }
    }
    return found;
  }

  /**
   * Whether the recursive call passes one of the tested parameters changed: positionally
   * (`f(url, attempt + 1)`), inside an options object (`f({ ...opts, attempt: attempt + 1 })` for a
   * destructured `{ attempt = 0 }`), or as a timer's extra argument (`setTimeout(f, 1000, n + 1)`).
   */
  function passesChanged(fn: TSESTree.FunctionLike, call: TSESTree.CallExpression, reference: Node, isCallee: boolean, tested: Set<string>): boolean {
    if (tested.size === 0) return false;
    let args: Node[] = call.arguments;
    if (!isCallee) {
      const timer = calleeName(call.callee) ?? '';
      const index = args.indexOf(reference);
      args = DELAYED_TIMERS.has(timer) ? args.slice(index + 2) : IMMEDIATE_TIMERS.has(timer) ? args.slice(index + 1) : [];
    }
    const changed = (arg: Node | undefined, param: string) => arg !== undefined && !(arg.type === 'Identifier' && arg.name === param);
    return fn.params.some((param, index) => {
      const pattern = param.type === 'AssignmentPattern' ? param.left : param.type === 'TSParameterProperty' ? param.parameter : param;
      const target = pattern.type === 'AssignmentPattern' ? pattern.left : pattern;
      // A spread before this position shifts the arguments: take it as passing something new.
      if (args.slice(0, index + 1).some((arg) => arg.type === 'SpreadElement')) return true;
      const arg = args[index];
      if (target.type === 'Identifier') return tested.has(target.name) && changed(arg, target.name);
      if (target.type !== 'ObjectPattern' || arg?.type !== 'ObjectExpression') return false;
      return arg.properties.some(
        (property) =>
          property.type === 'Property' &&
          !property.computed &&
          property.key.type === 'Identifier' &&
          tested.has(property.key.name) &&
          changed(property.value, property.key.name),
      );
    });
  }

  /** Whether `call` is `fn.bind(...)` on the member `member`. */
  function isBindCall(call: Node | undefined, member: Node | undefined): boolean {
    return call?.type === 'CallExpression' && call.callee === member && member?.type === 'MemberExpression' && propertyName(member) === 'bind';
  }

  /** How a function refers to itself: its variables (declared name, own expression name), or `this.name` for a class method. */
  function functionIdentity(fn: TSESTree.FunctionLike): Identity | undefined {
    const variables: TSESLint.Scope.Variable[] = [];
    if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id) {
      // A declaration's name lives in the enclosing scope; a function expression's in its own.
      const scope = fn.type === 'FunctionDeclaration' ? scopeOf(fn).upper : scopeOf(fn);
      const variable = findVariable(scope, fn.id.name);
      if (variable) variables.push(variable);
    }
    const parent = fn.parent;
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') {
      const variable = findVariable(scopeOf(parent), parent.id.name);
      if (variable) variables.push(variable);
    }
    if ((parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') && !parent.computed && parent.key.type === 'Identifier') {
      return { variables, method: parent.key.name };
    }
    return variables.length ? { variables } : undefined;
  }

  function isReferenceTo(node: Node, identity: Identity): boolean {
    if (node.type === 'Identifier') {
      if (node.parent?.type === 'MemberExpression' && node.parent.property === node && !node.parent.computed) return false;
      return identity.variables.some((variable) => variable.references.some((ref) => ref.identifier === node));
    }
    if (identity.method && node.type === 'MemberExpression') {
      return unwrap(node.object).type === 'ThisExpression' && propertyName(node) === identity.method;
    }
    return false;
  }

  /** p-retry / async-retry / retry / axios-retry told to retry forever. */
  function checkLibraryCall(call: TSESTree.CallExpression): void {
    const name = calleeName(call.callee);
    if (!name) return;
    // `import retry from 'retry'` makes `retry.operation` the name `retry.default.operation`.
    const library = RETRY_LIBRARIES[name.replace(/\.default(?=\.|$)/, '')];
    if (!library) return;
    const options = objectLiteral(call.arguments[library.optionsIndex]);
    if (!options) return;
    for (const property of options.properties) {
      if (property.type !== 'Property' || property.computed) continue;
      const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : '';
      const value = unwrap(property.value);
      // `{ forever: true }`, `{ retries: Infinity }`
      const endless =
        (key === 'forever' && value.type === 'Literal' && value.value === true) ||
        (key === 'retries' && isInfinity(value));
      if (endless) {
        report(property, 'unbounded', { subject: library.what, reason: `${key}: ${quoted(value)}` });
        return;
      }
    }
  }

  /**
   * BullMQ/Bull job options: queue defaults (`new Queue(name, { defaultJobOptions })`, NestJS
   * `BullModule.registerQueue(...)`) and per-job options (`queue.add(name, data, opts)`, `addBulk`).
   */
  function checkJobQueue(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
    const name = calleeName(node.callee);
    const queue = jobQueue(name);
    if (queue) {
      const index = queue.optionsIndex === 'last' ? node.arguments.length - 1 : queue.optionsIndex;
      const defaults = index > 0 ? defaultOptionsOf(objectLiteral(node.arguments[index])) : undefined;
      if (defaults) reportJobOptions(defaults, false, `${queue.library} queue${literalName(node.arguments[0])}`);
      return;
    }
    const registration = name === undefined ? undefined : JOB_QUEUE_REGISTRATIONS.get(withoutDefault(name));
    if (registration) {
      for (const arg of node.arguments) {
        const defaults = defaultOptionsOf(objectLiteral(arg));
        if (defaults) reportJobOptions(defaults, false, `${registration} queue`);
      }
      return;
    }
    const callee = unwrap(node.callee);
    if (node.type !== 'CallExpression' || callee.type !== 'MemberExpression') return;
    const method = propertyName(callee);
    if (method !== 'add' && method !== 'addBulk') return;
    const target = queueOf(callee.object);
    if (!target) return;
    if (method === 'add') {
      const args = node.arguments;
      const options = objectLiteral(target.library === 'BullMQ' ? args[2] : args.length >= 2 ? args[args.length - 1] : undefined);
      const jobName = args.length >= 2 ? literalName(args[0]) : '';
      if (options) reportJobOptions(options, target.inheritedBackoff, `${target.library} job${jobName}`);
      return;
    }
    const list = node.arguments[0];
    if (list?.type !== 'ArrayExpression') return;
    for (const element of list.elements) {
      if (element?.type !== 'ObjectExpression') continue;
      const opts = element.properties.find((p) => p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'opts');
      const options = opts?.type === 'Property' ? objectLiteral(opts.value) : undefined;
      if (options) reportJobOptions(options, target.inheritedBackoff, `${target.library} job`);
    }
  }

  /** `` `mail` `` for a string literal argument, for messages. */
  function literalName(node: Node | undefined): string {
    return node?.type === 'Literal' && typeof node.value === 'string' ? ` \`${node.value.slice(0, MAX_QUOTED)}\`` : '';
  }

  function defaultOptionsOf(options: TSESTree.ObjectExpression | undefined): TSESTree.ObjectExpression | undefined {
    return options ? defaultJobOptions(options) : undefined;
  }

  function reportJobOptions(options: TSESTree.ObjectExpression, inheritedBackoff: boolean, subject: string): void {
    for (const finding of jobOptionsFindings(options, inheritedBackoff, (n) => isInfinity(unwrap(n)), quoted)) {
      if (finding.kind === 'unbounded' ? checkUnbounded : checkBackoff) report(finding.node, finding.kind, { subject, reason: finding.reason });
    }
  }

  /**
   * The job queue an expression is: a variable made by `new Queue(...)`, or `this.queue` typed as the
   * library's `Queue` (NestJS `@InjectQueue`). A queue whose defaults are not in view may set a
   * backoff there, so only its endless attempts are judged.
   */
  function queueOf(expr: Node): { library: string; inheritedBackoff: boolean } | undefined {
    const target = unwrap(expr);
    if (target.type === 'Identifier') {
      const def = findVariable(scopeOf(target), target.name)?.defs[0];
      const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
      return init ? queueFromConstruction(unwrap(init)) : undefined;
    }
    if (target.type !== 'MemberExpression' || unwrap(target.object).type !== 'ThisExpression') return undefined;
    const member = propertyName(target);
    let owner: Node | undefined = target.parent;
    while (owner && owner.type !== 'ClassBody') owner = owner.parent;
    if (!owner || owner.type !== 'ClassBody' || member === undefined) return undefined;
    for (const element of owner.body) {
      if (element.type === 'PropertyDefinition' && !element.computed && element.key.type === 'Identifier' && element.key.name === member) {
        if (element.value) return queueFromConstruction(unwrap(element.value));
        return queueFromType(element.typeAnnotation?.typeAnnotation);
      }
      if (element.type === 'MethodDefinition' && element.kind === 'constructor') {
        for (const param of element.value.params) {
          if (param.type !== 'TSParameterProperty') continue;
          const id = param.parameter.type === 'AssignmentPattern' ? param.parameter.left : param.parameter;
          if (id.type === 'Identifier' && id.name === member) return queueFromType(id.typeAnnotation?.typeAnnotation);
        }
      }
    }
    return undefined;
  }

  function queueFromConstruction(init: Node): { library: string; inheritedBackoff: boolean } | undefined {
    if (init.type !== 'NewExpression' && init.type !== 'CallExpression') return undefined;
    const queue = jobQueue(calleeName(init.callee));
    if (!queue) return undefined;
    const index = queue.optionsIndex === 'last' ? init.arguments.length - 1 : queue.optionsIndex;
    const defaults = index > 0 ? defaultOptionsOf(objectLiteral(init.arguments[index])) : undefined;
    // Options built elsewhere (a variable, a call) may carry a backoff: give them the benefit. Bull's
    // `new Queue(name, redisUrl)` has no options.
    const argument = index > 0 ? init.arguments[index] : undefined;
    const opaque = argument !== undefined && !objectLiteral(argument) && !(argument.type === 'Literal' && typeof argument.value === 'string');
    return { library: queue.library, inheritedBackoff: defaults ? setsBackoff(defaults) : opaque };
  }

  function queueFromType(type: TSESTree.TypeNode | undefined): { library: string; inheritedBackoff: boolean } | undefined {
    if (type?.type !== 'TSTypeReference' || type.typeName.type !== 'Identifier') return undefined;
    const queue = jobQueue(calleeName(type.typeName));
    return queue ? { library: queue.library, inheritedBackoff: true } : undefined;
  }

  /** The object literal an options argument is, through a never-reassigned `const`. */
  function objectLiteral(node: Node | undefined): TSESTree.ObjectExpression | undefined {
    if (!node) return undefined;
    const expr = unwrap(node);
    if (expr.type === 'ObjectExpression') return expr;
    if (expr.type === 'Identifier') {
      const variable = findVariable(scopeOf(expr), expr.name);
      const def = variable?.defs[0];
      if (variable?.defs.length === 1 && def?.type === 'Variable' && (def.parent as TSESTree.VariableDeclaration).kind === 'const') {
        const init = (def.node as TSESTree.VariableDeclarator).init;
        if (init && unwrap(init).type === 'ObjectExpression') return unwrap(init) as TSESTree.ObjectExpression;
      }
    }
    return undefined;
  }

  function isInfinity(node: Node): boolean {
    if (node.type === 'Identifier') return node.name === 'Infinity' && !findVariable(scopeOf(node), 'Infinity')?.defs.length;
    if (node.type === 'MemberExpression') return ['Number.POSITIVE_INFINITY', 'Number.MAX_SAFE_INTEGER', 'Number.MAX_VALUE'].includes(calleeName(node) ?? '');
    return false;
  }

  return {
    WhileStatement: checkLoop,
    DoWhileStatement: checkLoop,
    ForStatement: checkLoop,
    'FunctionDeclaration, FunctionExpression, ArrowFunctionExpression'(node: TSESTree.FunctionLike) {
      if (checkUnbounded) checkRecursion(node);
    },
    CallExpression(node) {
      if (checkUnbounded) checkLibraryCall(node);
      checkJobQueue(node);
    },
    NewExpression: checkJobQueue,
  };
}

function isConflictCode(node: Node): boolean {
  return node.type === 'Literal' && typeof node.value === 'string' && WRITE_CONFLICT_CODES.has(node.value);
}

function isLoopNode(node: Node): node is Loop | TSESTree.ForInStatement | TSESTree.ForOfStatement {
  return ['WhileStatement', 'DoWhileStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement'].includes(node.type);
}

/** `a.default` names the module's default export `a`: compare modules without it. */
function normalizeModuleName(name: string): string {
  return name.replace(/^node:/, '');
}

/** `while (true)`, `while (1)`, `for (;;)`, `do {} while (!0)`. */
function isAlwaysTrue(test: Node): boolean {
  if (test.type === 'Literal') return Boolean(test.value);
  if (test.type === 'UnaryExpression' && test.operator === '!' && test.argument.type === 'Literal') return !test.argument.value;
  return false;
}

/** The flag of `while (!connected)`, `while (client === null)`, `while (!this.ready)`. */
function flagOf(test: Node): string | undefined {
  if (test.type === 'UnaryExpression' && test.operator === '!') return targetKey(test.argument);
  if (test.type === 'BinaryExpression' && ['===', '=='].includes(test.operator) && isNullish(test.right)) return targetKey(test.left);
  return undefined;
}

function isNullish(node: Node): boolean {
  return (
    (node.type === 'Literal' && node.value === null) ||
    (node.type === 'Identifier' && node.name === 'undefined') ||
    (node.type === 'UnaryExpression' && node.operator === 'void')
  );
}

/** An identifier or `this.x` chain as a comparable key. */
function targetKey(node: Node): string | undefined {
  const expr = unwrap(node);
  if (expr.type === 'Identifier') return expr.name;
  if (expr.type === 'ThisExpression') return 'this';
  if (expr.type === 'MemberExpression' && !expr.computed && expr.property.type === 'Identifier') {
    const base = targetKey(expr.object);
    return base === undefined ? undefined : `${base}.${expr.property.name}`;
  }
  return undefined;
}

function isComparison(node: Node): boolean {
  if (node.type === 'BinaryExpression') return ['<', '<=', '>', '>=', '==', '===', '!=', '!=='].includes(node.operator);
  if (node.type === 'UnaryExpression') return node.operator === '!';
  return false;
}

/** Names counted up or down around a loop: `attempt++`, `retries -= 1`, `n = n + 1`, a for-loop update. */
function countersIn(loop: Loop, children: (node: Node) => Node[]): Set<string> {
  const counters = new Set<string>();
  const stack: Node[] = [loop.body];
  if (loop.type === 'ForStatement' && loop.update) stack.push(loop.update);
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'UpdateExpression') {
      const key = targetKey(node.argument);
      if (key) counters.add(key);
    } else if (node.type === 'AssignmentExpression') {
      const key = targetKey(node.left);
      if (key && (node.operator === '+=' || node.operator === '-=')) counters.add(key);
      if (key && node.operator === '=' && isStepOf(node.right, key)) counters.add(key);
    }
    stack.push(...children(node));
  }
  return counters;
}

/**
 * `n + 1` / `n - 1` for the name `n`, also as one branch of a conditional
 * (`triesLeft = err.permanent ? 0 : triesLeft - 1`): the name still moves towards its bound.
 */
function isStepOf(value: Node, key: string): boolean {
  const expr = unwrap(value);
  if (expr.type === 'ConditionalExpression') return isStepOf(expr.consequent, key) || isStepOf(expr.alternate, key);
  return expr.type === 'BinaryExpression' && ['+', '-'].includes(expr.operator) && targetKey(expr.left) === key;
}

/** Statements of a block, looking through nested plain blocks. */
function topLevelStatements(statements: TSESTree.Statement[]): TSESTree.Statement[] {
  return statements.flatMap((s) => (s.type === 'BlockStatement' ? topLevelStatements(s.body) : [s]));
}

function isSuccessExit(statement: Node, loop: Loop, flag: string | undefined): boolean {
  if (statement.type === 'ReturnStatement') return true;
  if (statement.type === 'BreakStatement') return breakTarget(statement) === loop;
  if (flag && statement.type === 'ExpressionStatement') return isFlagAssignment(statement.expression, flag);
  return false;
}

function isFlagAssignment(node: Node, flag: string): boolean {
  return node.type === 'AssignmentExpression' && node.operator === '=' && targetKey(node.left) === flag;
}

function endsWithExit(statements: TSESTree.Statement[], loop: Loop): boolean {
  const last = statements.at(-1);
  if (!last) return false;
  return last.type === 'ThrowStatement' || last.type === 'ReturnStatement' || (last.type === 'BreakStatement' && breakTarget(last) === loop);
}

/** The statement a `break` leaves: the labelled statement's loop, or the nearest loop or switch. */
function breakTarget(node: TSESTree.BreakStatement): Node | undefined {
  for (let current: Node | undefined = node.parent; current; current = current.parent) {
    if (FUNCTIONS.has(current.type)) return undefined;
    if (node.label) {
      if (current.type === 'LabeledStatement' && current.label.name === node.label.name) return current.body;
      continue;
    }
    if (isLoopNode(current) || current.type === 'SwitchStatement') return current;
  }
  return undefined;
}

/** `if (res.ok) return res;` followed in the same block by a `throw` (`throw new Error(\`HTTP ${res.status}\`)`). */
function exitsOnSuccessThenThrows(statements: TSESTree.Statement[], loop: Loop, flag: string | undefined, containsThrow: (node: Node) => boolean): boolean {
  const list = topLevelStatements(statements);
  const index = list.findIndex((s) => {
    if (s.type !== 'IfStatement') return false;
    const consequent = s.consequent.type === 'BlockStatement' ? topLevelStatements(s.consequent.body) : [s.consequent];
    return consequent.some((inner) => isSuccessExit(inner, loop, flag));
  });
  if (index < 0) return false;
  return list.slice(index + 1).some((s) => s.type === 'ThrowStatement' || (s.type === 'IfStatement' && containsThrow(s)));
}


import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TsContext } from '../../src/rule.js';
import { findVariable, propertyName, qualifiedName, unwrap } from '../../src/analysis/ts/names.js';
import type { MessageIds, Options } from './index.js';
import { retryLoopVerdict } from './verdict.js';
import { isTypeScriptTimeoutErrorName } from '../../src/analysis/name-shapes.js';

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

/**
 * Error codes of write conflicts: Prisma unique constraint and write conflict, PostgreSQL
 * unique_violation, serialization_failure and deadlock_detected, MySQL duplicate entry and deadlock.
 */
const CONFLICT_CODES = new Set(['P2002', 'P2034', '23505', '40001', '40P01', 'ER_DUP_ENTRY', 'ER_LOCK_DEADLOCK']);

/** Logger methods: a call that reports an attempt rather than doing the work. */
const LOG_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'log', 'verbose']);

/** Calls that only shape a number or a message. */
const PURE_CALLS = new Set(['Math.min', 'Math.max', 'Math.pow', 'Math.round', 'Math.floor', 'Math.ceil', 'String', 'Number']);

/** Logger methods that make a final failure visible. */
const ERROR_LOG_METHODS = new Set(['error', 'warn', 'warning', 'fatal', 'critical']);

/** Retry libraries and where their options argument sits. */
const RETRY_LIBRARIES: Record<string, { what: string; optionsIndex: number }> = {
  'p-retry': { what: 'p-retry call', optionsIndex: 1 },
  'p-retry.pRetry': { what: 'p-retry call', optionsIndex: 1 },
  'async-retry': { what: 'async-retry call', optionsIndex: 1 },
  'retry.operation': { what: 'retry operation', optionsIndex: 0 },
  'retry.timeouts': { what: 'retry operation', optionsIndex: 0 },
  'retry.wrap': { what: 'retry operation', optionsIndex: 1 },
  'axios-retry': { what: 'axios-retry configuration', optionsIndex: 1 },
  'axios-retry.axiosRetry': { what: 'axios-retry configuration', optionsIndex: 1 },
};

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

interface Identity {
  variables: TSESLint.Scope.Variable[];
  method?: string;
}

type LoopHeader = { kind: 'forever' } | { kind: 'flag'; flag: string } | { kind: 'bounded' };

const REMEDY_LOOP = '`for (let attempt = 1; attempt <= maxAttempts; attempt++)` or a `Date.now()` deadline';

export function detectTypeScript(context: TsContext<MessageIds, Options>): TSESLint.RuleListener {
  const [{ checkUnbounded, checkBackoff, checkExhaustion }] = context.options;
  const { sourceCode } = context;
  const visitorKeys = sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
  const clockNamesByOwner = new Map<Node, Set<string>>();
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
    const retries = retryTries(loop, header);
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

    const verdict = retryLoopVerdict(
      {
        bounded: header.kind === 'bounded' || exitingChecks.length > 0,
        failureSurfaces: () => failureSurfaces(loop, retries, boundChecks),
        waitsOrNeedsNoWait: () => some(loop.body, isWait) || retries.every(retriesWithoutHammering),
      },
      { checkUnbounded, checkExhaustion, checkBackoff },
    );
    if (verdict === 'unbounded') report(loop, verdict, { what: 'retry loop', remedy: REMEDY_LOOP }, loc);
    else if (verdict) report(loop, verdict, undefined, loc);
  }

  /**
   * Whether the catch goes round only for errors that need no pause: write conflicts retried at once
   * by design (`if (!(err instanceof UniqueConstraintError)) throw err`), or timeouts, where the
   * attempt itself already waited.
   */
  function retriesWithoutHammering(tryStatement: TSESTree.TryStatement): boolean {
    const handler = tryStatement.handler;
    if (!handler) return false;
    return some(handler.body, (n) => {
      // `error.code === 'P2002'`, or a same-file helper that checks it: `if (!isUniqueConstraintError(err)) throw err`.
      if (isConflictCode(n)) return true;
      if (n.type === 'CallExpression' && n.callee.type === 'Identifier') {
        const def = findVariable(scopeOf(n), n.callee.name)?.defs[0];
        const body = def?.type === 'FunctionName' ? (def.node as TSESTree.FunctionDeclaration).body : undefined;
        return body !== undefined && some(body, isConflictCode);
      }
      if (n.type !== 'BinaryExpression' || n.operator !== 'instanceof') return false;
      const name = calleeName(n.right);
      return name !== undefined && (CONFLICT_ERRORS.has(name) || isTypeScriptTimeoutErrorName(name));
    });
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
      if (callee.type === 'MemberExpression' && ERROR_LOG_METHODS.has(propertyName(callee) ?? '')) return true;
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

  /** Names bound to a clock reading in the loop's function (`const deadline = Date.now() + 30_000`); computed once per function. */
  function clockNames(loop: Loop): Set<string> {
    let owner: Node = loop;
    while (owner.parent && !FUNCTIONS.has(owner.type)) owner = owner.parent;
    let names = clockNamesByOwner.get(owner);
    if (!names) {
      names = clockNamesIn(owner);
      clockNamesByOwner.set(owner, names);
    }
    return names;
  }

  /**
   * The clock names of one function, by a worklist rather than a fixpoint that rescans every
   * assignment: `const start = Date.now()` then `const elapsed = Date.now() - start`. Each value is
   * looked at once; a name is added when its value reads the clock or a name already added.
   */
  function clockNamesIn(owner: Node): Set<string> {
    const names = new Set<string>();
    const readers = new Map<string, string[]>();
    const pending: string[] = [];
    const add = (key: string) => {
      if (names.has(key)) return;
      names.add(key);
      pending.push(key);
    };
    for (const node of collect(owner, (n) => n.type === 'VariableDeclarator' || n.type === 'AssignmentExpression', true)) {
      let key: string | undefined;
      let value: Node | undefined;
      if (node.type === 'VariableDeclarator' && node.init) {
        key = targetKey(node.id);
        value = node.init;
      } else if (node.type === 'AssignmentExpression') {
        key = targetKey(node.left);
        value = node.right;
      }
      if (!key || !value) continue;
      let readsClock = false;
      for (const n of collect(value, () => true)) {
        if (isClockReading(n)) readsClock = true;
        const read = targetKey(n);
        if (read !== undefined) {
          const list = readers.get(read);
          if (list) list.push(key);
          else readers.set(read, [key]);
        }
      }
      if (readsClock) add(key);
    }
    while (pending.length) for (const key of readers.get(pending.pop()!) ?? []) add(key);
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
        const argumentIds = call.arguments.flatMap((arg) => collect(arg, (n) => n.type === 'Identifier', true)) as TSESTree.Identifier[];
        // `retry(attempt + 1)` with `attempt` checked, or a call guarded by a parameter test:
        // `if (cache !== 'reload') await download(node, 'reload')`.
        if (argumentIds.some((id) => compared.has(id.name)) || isGuardedByParameter(call, fn, compared, params)) return;
        report(reference, 'unbounded', { what: 'recursive retry', remedy: 'an attempt argument checked against a maximum' });
        return;
      }
    }
  }

  /** Whether an `if` or `?:` between `node` and the function `fn` tests a compared parameter or a value computed from a parameter. */
  function isGuardedByParameter(node: Node, fn: Node, compared: Set<string>, params: Set<string>): boolean {
    for (let current = node.parent; current && current !== fn; current = current.parent) {
      if (current.type !== 'IfStatement' && current.type !== 'ConditionalExpression') continue;
      if (collect(current.test, (n) => n.type === 'Identifier', true).some((id) => isParameterDerived(id as TSESTree.Identifier, compared, params))) return true;
    }
    return false;
  }

  /**
   * A compared parameter, or a `const` computed from a parameter (`const delay = nextDelay(policy,
   * attempt)`): a test of it decides from the attempt whether to go again.
   */
  function isParameterDerived(id: TSESTree.Identifier, compared: Set<string>, params: Set<string>): boolean {
    const variable = findVariable(scopeOf(id), id.name);
    const def = variable?.defs[0];
    if (def?.type === 'Parameter') return compared.has(id.name);
    if (def?.type !== 'Variable') return false;
    const init = (def.node as TSESTree.VariableDeclarator).init;
    return init !== null && some(init, (n) => n.type === 'Identifier' && params.has(n.name) && findVariable(scopeOf(n), n.name)?.defs[0]?.type === 'Parameter');
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
        report(property, 'unbounded', { what: library.what, remedy: 'a finite `retries` and `maxRetryTime`' });
        return;
      }
    }
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
    if (node.type === 'MemberExpression') return calleeName(node) === 'Number.POSITIVE_INFINITY';
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
    },
  };
}

function isConflictCode(node: Node): boolean {
  return node.type === 'Literal' && typeof node.value === 'string' && CONFLICT_CODES.has(node.value);
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
      if (key && node.operator === '=' && node.right.type === 'BinaryExpression' && ['+', '-'].includes(node.right.operator)) {
        if (targetKey(node.right.left) === key) counters.add(key);
      }
    }
    stack.push(...children(node));
  }
  return counters;
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

import type { PyNode, SourceLocation } from '../../src/languages/python/ast.js';
import type { PyRuleContext, PyVisitor } from '../../src/rule.js';
import { scopesOf, type PythonScopes } from '../../src/analysis/python/scope.js';
import { hasKeywordSplat, keywordArgument, positionalArguments, stringValue } from '../../src/analysis/python/syntax.js';
import { isDeadlineContext, isPromptCall, jobRetryFindings } from '../../src/analysis/python/retry-libraries.js';
import type { MessageIds, Options } from './index.js';
import { retryLoopVerdict } from './verdict.js';
import { isPythonTimeoutErrorName, nameWords } from '../../src/analysis/name-shapes.js';
import { clockDependentNames, isChallengeStep, isFailureLogMethod, isTaskSpawner, MAX_QUOTED, WRITE_CONFLICT_CODES, type ClockAssignment } from '../../src/analysis/retry-shapes.js';
import { projectIndex, type PyModuleFacts } from '../../src/analysis/project/index.js';
import { RaisingCalls } from '../../src/analysis/python/raising.js';

/** Calls that pause the failure path before the next attempt. */
const SLEEP_CALLS = new Set([
  'time.sleep',
  'asyncio.sleep',
  'trio.sleep',
  'anyio.sleep',
  'gevent.sleep',
  'eventlet.sleep',
  'eventlet.greenthread.sleep',
]);

/**
 * Project helpers that wait are recognised by their own name (`self._backoff(attempt)`,
 * `sleep_with_jitter(n)`, `stop_event.wait(5)`): there is no library to resolve them to.
 * `asyncio.wait_for` bounds an operation, it does not pause between attempts.
 */
const WAIT_HELPER = /sleep|backoff|delay|pause|^_*wait$/i;

/** Clocks whose readings make an elapsed-time check. */
const CLOCK_CALLS = new Set([
  'time.time',
  'time.monotonic',
  'time.perf_counter',
  'time.time_ns',
  'time.monotonic_ns',
  'time.perf_counter_ns',
  'datetime.datetime.now',
  'datetime.datetime.utcnow',
  'datetime.now',
  'datetime.utcnow',
  'timeit.default_timer',
]);

/** `asyncio.get_running_loop().time()` and friends. */
const EVENT_LOOP_FACTORIES = new Set(['asyncio.get_running_loop', 'asyncio.get_event_loop']);

/**
 * Write conflicts that are retried at once by design (optimistic locking): the other writer has
 * already finished, so there is no failing dependency to spare.
 */
const CONFLICT_ERRORS = new Set([
  'redis.WatchError',
  'redis.exceptions.WatchError',
  'redis.client.WatchError',
  'sqlalchemy.orm.exc.StaleDataError',
  'psycopg2.errors.SerializationFailure',
  'psycopg2.errors.UniqueViolation',
  'psycopg2.errors.DeadlockDetected',
  'psycopg2.extensions.TransactionRollbackError',
  'psycopg.errors.SerializationFailure',
  'psycopg.errors.UniqueViolation',
  'psycopg.errors.DeadlockDetected',
]);

/**
 * Integrity errors: most often a unique key a concurrent writer took (`save()` with a freshly
 * generated code, again). The next attempt sees the other row at once, so a pause would not help;
 * but unlike a write conflict, the same write fails again, so going round forever is still endless.
 */
const INTEGRITY_ERRORS = new Set([
  'django.db.IntegrityError',
  'django.db.utils.IntegrityError',
  'sqlalchemy.exc.IntegrityError',
  'psycopg2.IntegrityError',
  'psycopg.IntegrityError',
  'sqlite3.IntegrityError',
]);

/** Errors raised when a blocking attempt ran out its time (besides any `...Timeout...` class). */
const TIMEOUT_ERRORS = new Set(['queue.Empty', 'socket.timeout', 'TimeoutError']);

/** Interruptions that a wait loop sits through; catching only these does not retry a failure. */
const INTERRUPTS = new Set(['KeyboardInterrupt', 'InterruptedError']);

/** Logger methods: a call that reports an attempt rather than doing the work. */
const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log', 'msg']);

/** Builtins that only shape a number or a message. */
const PURE_BUILTINS = new Set(['min', 'max', 'str', 'repr', 'int', 'float', 'round', 'abs', 'format', 'len']);

/** Standard input closed: what `input()` raises in a run with no person at the terminal. */
const STDIN_CLOSED = new Set(['EOFError']);

/** What Python raises when a dict or set changes size while another thread iterates over it. */
const CONCURRENT_MUTATION = new Set(['RuntimeError']);

/** Builtins and `copy` functions that compute in the process, with no dependency to fail. */
const IN_PROCESS_CALLS = new Set(['sorted', 'list', 'dict', 'set', 'tuple', 'frozenset', 'len', 'min', 'max', 'sum', 'any', 'all', 'enumerate', 'zip', 'filter', 'map', 'reversed', 'copy.copy', 'copy.deepcopy']);

/**
 * Methods that read or fill a collection (on a receiver that is not an imported module); `get` is
 * left out, since `session.get(url)` is the commonest outbound call.
 */
const COLLECTION_METHODS = new Set(['items', 'keys', 'values', 'copy', 'append', 'extend', 'add', 'setdefault']);

/** Calls that end the program, which makes the failure visible too. */
const EXIT_CALLS = new Set(['sys.exit', 'os._exit', 'exit', 'quit']);

const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda', 'decorated_definition']);
const LOOPS = new Set(['for_statement', 'while_statement']);

type LoopHeader =
  /** `while True:`, `for _ in itertools.count():` */
  | { kind: 'forever'; counter?: string }
  /** `while not connected:`, `while conn is None:` */
  | { kind: 'flag'; flag: string }
  /** `for attempt in range(5):`, `while attempt < max_attempts:` */
  | { kind: 'bounded'; counter?: string };

/** Methods that take an element out of a collection: a loop that evicts or shrinks changes its input. */
const SHRINK_METHODS = new Set(['pop', 'popitem', 'popleft', 'remove']);

/** Calls that build a new name or path from the old one (`"{}-{}".format(base, n)`, `path.with_stem(...)`). */
const RENAME_METHODS = new Set(['format', 'join', 'replace', 'with_name', 'with_stem', 'with_suffix']);

export function detectPython(context: PyRuleContext<MessageIds, Options>): PyVisitor {
  const [{ checkUnbounded, checkBackoff, checkExhaustion }] = context.options;
  let scopes: PythonScopes;
  /** Clock names per function (or module), computed once however many loops it has. */
  const clockNamesByOwner = new WeakMap<PyNode, Set<string>>();
  const sourceCode = context.sourceCode;
  const lastSurfacing = new Map<PyNode, number>();
  const statementPositions = new Map<PyNode, Map<PyNode, number>>();
  /** The project index, made on first need: only a loop's exhaustion path asks it. */
  let project: { raising: RaisingCalls; module: PyModuleFacts } | undefined;
  let spawned: Set<string> | undefined;

  return {
    module() {
      scopes = scopesOf(sourceCode.ast);
    },
    while_statement: checkLoop,
    for_statement: checkLoop,
    function_definition(node: PyNode) {
      if (checkUnbounded) checkRecursion(node);
    },
    decorator(node: PyNode) {
      // A bare `@retry` (no call): tenacity's and retrying's defaults never stop.
      const expression = node.children[0];
      if (!checkUnbounded || !expression || expression.type === 'call') return;
      const name = scopes.qualifiedName(expression);
      if (name === 'tenacity.retry') {
        report(node, 'unbounded', { subject: 'tenacity @retry', reason: 'no stop=' });
      } else if (name === 'retrying.retry') {
        report(node, 'unbounded', { subject: 'retrying @retry', reason: 'no stop_max_attempt_number or stop_max_delay' });
      }
    },
    call(node: PyNode) {
      if (checkUnbounded) checkLibraryCall(node);
      for (const finding of jobRetryFindings(node, scopes)) {
        if (finding.kind === 'unbounded' ? checkUnbounded : checkBackoff) {
          const reason = finding.value ? `${finding.reason}${quoted(finding.value)}` : finding.reason;
          report(finding.node, finding.kind, { subject: finding.subject, reason });
        }
      }
    },
  };

  function report(node: PyNode, messageId: MessageIds, data?: Record<string, string>, loc?: SourceLocation): void {
    context.report({ node, messageId, ...(data ? { data } : {}), ...(loc ? { loc } : {}) });
  }

  /** tenacity / backoff / retrying configured to retry forever. */
  function checkLibraryCall(call: PyNode): void {
    const callee = call.fields.function;
    if (!callee) return;
    const name = scopes.qualifiedName(callee);
    if (!name || hasKeywordSplat(call)) return;
    const target = call.parent?.type === 'decorator' ? call.parent : call;
    switch (name) {
      case 'tenacity.retry':
      case 'tenacity.Retrying':
      case 'tenacity.AsyncRetrying':
      case 'tenacity.asyncio.AsyncRetrying': {
        // `@retry(stop=stop_after_attempt(3))`; `@retry(stop=stop_never)` is explicitly endless.
        const stop = keywordArgument(call, 'stop');
        const stopName = stop ? scopes.qualifiedName(stop) : undefined;
        // `@retry(wait=wait_exponential(max=30))` on a listener whose body is a `while True:` loop
        // restarts a job meant to run as long as the process: supervision, paced by its `wait=`.
        if (!stop && keywordArgument(call, 'wait') !== undefined && decoratesLongLivedJob(call)) return;
        if (!stop || stopName === 'tenacity.stop_never' || stopName === 'tenacity.stop.stop_never' || isNone(stop)) {
          const subject = `tenacity ${name === 'tenacity.retry' ? '@retry' : lastSegment(name)}`;
          report(target, 'unbounded', { subject, reason: stop ? `stop=${quoted(stop)}` : 'no stop=' });
        }
        return;
      }
      case 'backoff.on_exception':
      case 'backoff.on_predicate': {
        // `@backoff.on_exception(backoff.expo, Error, max_tries=5)`; `max_tries=None` means no limit.
        const bounded = ['max_tries', 'max_time'].some((keyword) => {
          const value = keywordArgument(call, keyword);
          return value !== undefined && !isNone(value);
        });
        // backoff always waits between attempts: on a long-lived job it is a paced supervisor.
        if (!bounded && !decoratesLongLivedJob(call)) report(target, 'unbounded', { subject: `@backoff.${lastSegment(name)}`, reason: 'no max_tries or max_time' });
        return;
      }
      case 'retrying.retry':
      case 'retrying.Retrying': {
        const stops = ['stop', 'stop_max_attempt_number', 'stop_max_delay', 'stop_func'];
        if (!stops.some((keyword) => keywordArgument(call, keyword) !== undefined)) {
          report(target, 'unbounded', { subject: name === 'retrying.retry' ? 'retrying @retry' : 'retrying Retrying', reason: 'no stop_max_attempt_number or stop_max_delay' });
        }
        return;
      }
      default:
    }
  }

  /** Retry loops: unbounded, without a pause, or dropping the final failure. */
  function checkLoop(loop: PyNode): void {
    const header = loopHeader(loop);
    if (!header) return;
    const body = loop.fields.body;
    if (!body) return;
    // Not retries: a periodic loop (sleep an interval, then work), a loop that asks a person again,
    // and a loop that changes its input every round (next free name, smaller batch, evicted entry).
    if (isPeriodic(body) || some(body, (n) => isPromptCall(n, scopes))) return;
    const tries = retryTries(loop, body, header);
    // A loop that leaves when standard input closes (`except EOFError: return`) is reading from a
    // person, through whatever function asks: a non-interactive run ends at once.
    if (tries.some((t) => handlersOf(t).some((h) => catchesOnly(h, STDIN_CLOSED) && endsWithExit(blockOf(h))))) return;
    const retries = tries.filter((t) => !changesInput(body, t) && !retriesInProcessRace(t) && !answersChallenge(body, t));
    if (retries.length === 0) return;
    // Restarting a long-lived job (an accept or consumer loop) after logging its failure and pausing
    // supervises it; restarting it at once is still reported, as a missing pause.
    const supervised = retries.every((t) => runsLongLivedJob(t, enclosingScopeNode(loop)));
    if (supervised && header.kind !== 'bounded') {
      if (checkBackoff && !retries.every((t) => restartsPaced(t))) {
        report(loop, 'noBackoff', { subject: `Retry loop around \`${attemptText(retries[0])}\``, reason: 'no sleep or backoff before the next attempt' }, keywordLoc(loop));
      }
      return;
    }
    const counters = countersIn(body);
    if (header.kind !== 'flag' && header.counter) counters.add(header.counter);
    const clock = clockNames(loop);
    const errors = exceptionNames(body);
    const boundChecks = collect(
      body,
      (node) =>
        node.type === 'if_statement' && (mentionsBound(node.fields.condition, counters, clock) || isLimitCheck(node.fields.condition, errors) || isFirstFailureGuard(node)),
    );
    const exitingChecks = boundChecks.filter((check) => exitsLoop(check, loop));
    const loc = keywordLoc(loop);
    // A deadline around the loop bounds it and raises when it expires.
    const deadline = underDeadline(loop);
    const bounded = header.kind === 'bounded' || exitingChecks.length > 0 || deadline;
    // Optimistic-concurrency loops (`except redis.WatchError: continue`) go round until the other
    // writer is done, not against a failing dependency: only a bounded one is judged (it may still
    // drop its last conflict), the same whichever loop form it is written in.
    if (!bounded && retries.every(retriesOnlyConflicts)) return;

    const verdict = retryLoopVerdict(
      {
        bounded,
        failureSurfaces: () => deadline || failureSurfaces(loop, retries, boundChecks) || isReadinessWait(loop, retries),
        // Retrying once after a remedy (`reconnect()` before the one more attempt) needs no pause.
        waitsOrNeedsNoWait: () => some(body, isWait) || retries.every(retriesWithoutHammering) || exitingChecks.some(remediesOnce),
      },
      { checkUnbounded, checkExhaustion, checkBackoff },
    );
    if (!verdict) return;
    const subject = `Retry loop around \`${attemptText(retries[0])}\``;
    const reason = verdict === 'unbounded' ? 'no attempt limit or deadline' : 'no sleep or backoff before the next attempt';
    report(loop, verdict, { subject, reason }, loc);
  }

  /** The operation a retry try attempts, for the message: its first call that is neither a wait nor a log call. */
  function attemptText(tryStatement: PyNode): string {
    const block = tryStatement.fields.body;
    // `with transaction.atomic(): Model.objects.create(...)`: the operation, not its context manager.
    const call = block ? collect(block, (n) => n.type === 'call' && n.parent?.type !== 'with_item' && !isWait(n) && !isLogCall(n))[0] : undefined;
    const callee = call?.fields.function;
    return callee ? `${quoted(callee)}()` : 'try';
  }

  /** Source text for a message, cut to a readable length. */
  function quoted(node: PyNode): string {
    const text = sourceCode.getText(node as never).replace(/\s+/g, ' ');
    return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 1)}…` : text;
  }

  /** A loop that starts each round with a pause (`time.sleep(interval)`, `await asyncio.sleep(60)`) runs periodically. */
  function isPeriodic(body: PyNode): boolean {
    const first = body.children[0];
    if (first?.type !== 'expression_statement') return false;
    let expression = first.children[0];
    if (expression?.type === 'await') expression = expression.children[0];
    return expression !== undefined && isWait(expression);
  }

  /** Whether a loop runs inside a deadline: `async with asyncio.timeout(30):`, `with anyio.fail_after(10):`. */
  function underDeadline(loop: PyNode): boolean {
    for (let current = loop.parent; current && !NESTED_SCOPES.has(current.type); current = current.parent) {
      if (current.type !== 'with_statement') continue;
      const clauses = current.children.filter((child) => child !== current.fields.body);
      if (clauses.some((clause) => some(clause, (n) => isDeadlineContext(n, scopes)))) return true;
    }
    return false;
  }

  /**
   * Whether a loop changes what it tries after a failure, so that it is a search rather than a
   * retry: the handler (or the rest of the loop) builds a new value for a name the attempt reads
   * (`name = f"{base} ({n})"`, `port += 1`, `batch = batch[: len(batch) // 2]`), or takes an
   * element out of a collection the attempt uses (`cache.popitem()`, `del items[-1]`).
   */
  function changesInput(body: PyNode, tryStatement: PyNode): boolean {
    const tryBlock = tryStatement.fields.body;
    if (!tryBlock) return false;
    const inTry = (node: PyNode) => node.range[0] >= tryBlock.range[0] && node.range[1] <= tryBlock.range[1];
    const read = new Set<string>();
    for (const node of collect(tryBlock, (n) => n.type === 'identifier' || n.type === 'attribute')) {
      if (insidePacingCall(node, tryBlock)) continue;
      const key = targetKey(node);
      if (key) read.add(key);
    }
    if (read.size === 0) return false;
    // Objects handed whole to the attempt (`super().create(data)`): a new value for one of their
    // fields (`data["name"] = f"{base} ({n})"`, `document.name = ...`) changes the input too.
    const passed = new Set<string>();
    for (const node of collect(tryBlock, (n) => n.type === 'identifier' && (n.parent?.type === 'argument_list' || (n.parent?.type === 'keyword_argument' && n.field === 'value')))) {
      if (!insidePacingCall(node, tryBlock)) passed.add(node.text!);
    }
    for (const node of collect(body, (n) => n.type === 'assignment' || n.type === 'augmented_assignment' || n.type === 'delete_statement' || n.type === 'call')) {
      if (inTry(node)) continue;
      if (node.type === 'delete_statement') {
        if (some(node, (n) => n.type === 'subscript' && read.has(targetKey(n.fields.value ?? n) ?? ''))) return true;
        continue;
      }
      if (node.type === 'call') {
        const callee = node.fields.function;
        if (callee?.type === 'attribute' && SHRINK_METHODS.has(callee.fields.attribute?.text ?? '') && read.has(targetKey(callee.fields.object!) ?? '')) return true;
        continue;
      }
      const left = node.fields.left;
      let key = left ? targetKey(left) : undefined;
      if (left && (key === undefined || !read.has(key))) {
        const owner = left.type === 'subscript' ? left.fields.value : left.type === 'attribute' ? left.fields.object : undefined;
        const ownerKey = owner ? targetKey(owner) : undefined;
        if (ownerKey !== undefined && passed.has(ownerKey)) key = ownerKey;
      }
      if (!key || !read.has(key) || !node.fields.right) continue;
      // A counter (`port += 1`, `n = n + 1`) changes the input when the attempt uses it for its
      // work (`sock.bind(("", port))`, `items[n]`); read by the attempt only in a test (`if
      // attempt:`) or a wait or log call, it only counts, and the loop is a retry in both forms.
      const counted = node.type === 'augmented_assignment' ? ['+=', '-='].includes(node.fields.operator?.text ?? '') : isStepOf(node.fields.right, key);
      if (counted) {
        if (!onlyCounts(key, tryBlock)) return true;
        continue;
      }
      if (isNewInput(node.fields.right)) return true;
    }
    return false;
  }

  /** A value built to be tried next: a string built from parts, `n + 1`, a slice, a renamed path. */
  function isNewInput(value: PyNode): boolean {
    if (value.type === 'string' || value.type === 'concatenated_string') return value.type === 'concatenated_string' || value.children.some((c) => c.type === 'interpolation');
    if (value.type === 'binary_operator') return ['+', '-', '%'].includes(value.fields.operator?.text ?? '');
    if (value.type === 'subscript') return value.children.some((c) => c.type === 'slice');
    if (value.type === 'call') {
      const callee = value.fields.function;
      if (callee?.type === 'attribute') return RENAME_METHODS.has(callee.fields.attribute?.text ?? '');
      return callee?.type === 'identifier' && callee.text === 'str' && scopes.isBuiltin('str', callee);
    }
    return false;
  }

  /** Whether a name read sits in a wait or a log call, which paces or reports the attempt without changing it. */
  function insidePacingCall(node: PyNode, stop: PyNode): boolean {
    for (let current = node.parent; current && current !== stop; current = current.parent) {
      if (current.type === 'call' && (isWait(current) || isLogCall(current))) return true;
    }
    return false;
  }

  /**
   * Whether a try re-runs a pure in-process computation after another thread changed the data under
   * it (`deepcopy(store["watching"])`, `sorted(d.items())` retried on `RuntimeError: dictionary
   * changed size during iteration`): every handler that goes round catches only `RuntimeError`, and
   * every call in the try is a builtin or `copy` function or a method that reads or fills a
   * collection. No dependency is involved, so there is nothing to give up on or to spare.
   */
  function retriesInProcessRace(tryStatement: PyNode): boolean {
    const goingRound = handlersOf(tryStatement).filter((handler) => !endsWithExit(blockOf(handler)));
    if (goingRound.length === 0 || !goingRound.every((handler) => catchesOnly(handler, CONCURRENT_MUTATION))) return false;
    const block = tryStatement.fields.body;
    if (!block) return false;
    // A key function given to `sorted` runs in the process too: lambdas are not looked into.
    return collect(block, (n) => n.type === 'call').every((call) => {
      const callee = call.fields.function;
      if (!callee) return false;
      if (callee.type === 'attribute') {
        const name = scopes.qualifiedName(callee);
        if (name !== undefined && IN_PROCESS_CALLS.has(name)) return true;
        // A method on an object of the program (not on an imported module such as `requests`):
        // only collection reads and appends stay in the process.
        let root: PyNode | undefined = callee.fields.object;
        while (root && (root.type === 'attribute' || root.type === 'subscript' || root.type === 'call')) {
          root = root.type === 'call' ? root.fields.function : root.fields.object ?? root.fields.value;
        }
        if (root?.type === 'identifier' && scopes.resolve(root)?.kind === 'import') return false;
        return COLLECTION_METHODS.has(callee.fields.attribute?.text ?? '');
      }
      const name = scopes.qualifiedName(callee);
      return name !== undefined && IN_PROCESS_CALLS.has(name);
    });
  }

  /** Whether an except clause catches only the given (resolved) exception names. */
  function catchesOnly(handler: PyNode, names: Set<string>): boolean {
    let caught = handler.children[0];
    if (caught?.type === 'as_pattern') caught = caught.children[0];
    if (!caught || caught.type === 'block') return false;
    const types = caught.type === 'tuple' || caught.type === 'parenthesized_expression' ? caught.children : [caught];
    return types.every((type) => names.has(scopes.qualifiedName(type) ?? ''));
  }

  /** Whether every handler of a retry try that goes round catches a write conflict and nothing else. */
  function retriesOnlyConflicts(tryStatement: PyNode): boolean {
    const goingRound = handlersOf(tryStatement).filter((handler) => !endsWithExit(blockOf(handler)));
    return goingRound.length > 0 && goingRound.every(catchesConflict);
  }

  /** `except redis.WatchError:`, or a handler that checks a conflict code (`if exc.pgcode == "40001"`). */
  function catchesConflict(handler: PyNode): boolean {
    if (some(blockOf(handler), (n) => n.type === 'string' && WRITE_CONFLICT_CODES.has(stringValue(n) ?? ''))) return true;
    let caught = handler.children[0];
    if (caught?.type === 'as_pattern') caught = caught.children[0];
    if (!caught || caught.type === 'block') return false;
    const types = caught.type === 'tuple' || caught.type === 'parenthesized_expression' ? caught.children : [caught];
    return types.every((type) => CONFLICT_ERRORS.has(scopes.qualifiedName(type) ?? ''));
  }

  /**
   * Whether a handler of a retry try that goes round catches errors that need no pause:
   * write conflicts (`except redis.WatchError:`), or timeouts, where the attempt itself already waited
   * (`except queue.Empty:`, `except socket.timeout:`, `except JobTimeoutException:`).
   */
  function retriesWithoutHammering(tryStatement: PyNode): boolean {
    const goingRound = handlersOf(tryStatement).filter((handler) => !endsWithExit(blockOf(handler)));
    // `some`: a monitor loop that mostly times out waiting may also pass over EINTR at once.
    return goingRound.some((handler) => {
      if (some(blockOf(handler), (n) => n.type === 'string' && WRITE_CONFLICT_CODES.has(stringValue(n) ?? ''))) return true;
      const names = caughtNames(handler);
      return names !== undefined && names.every((name) => CONFLICT_ERRORS.has(name) || INTEGRITY_ERRORS.has(name) || TIMEOUT_ERRORS.has(name) || isPythonTimeoutErrorName(name));
    });
  }

  /** What a loop header says about how often it runs, or undefined for loops that are not retry candidates. */
  function loopHeader(loop: PyNode): LoopHeader | undefined {
    if (loop.type === 'while_statement') {
      const condition = loop.fields.condition;
      if (!condition) return undefined;
      if (isAlwaysTrue(condition)) return { kind: 'forever' };
      const body = loop.fields.body;
      const counters = body ? countersIn(body) : new Set<string>();
      // `while attempt < max_attempts:`, `while not ok and time.monotonic() < deadline:`
      if (mentionsBound(condition, counters, clockNames(loop))) return { kind: 'bounded' };
      const flag = flagOf(condition);
      if (!flag || !body) return undefined;
      // `while not retried: ... except E: sleep(); retried = True`: a flag that the failure path sets
      // ends the loop after a failed attempt, so it bounds the loop like a counter.
      const successBlocks = collect(body, (n) => n.type === 'try_statement').flatMap((t) => [
        t.fields.body,
        t.children.find((child) => child.type === 'else_clause')?.fields.body,
      ]);
      return flagSetOutside(body, flag, successBlocks) ? { kind: 'bounded' } : { kind: 'flag', flag };
    }
    const iterable = loop.fields.right;
    const target = loop.fields.left;
    if (!iterable || iterable.type !== 'call') return undefined;
    const callee = iterable.fields.function;
    const name = callee ? scopes.qualifiedName(callee) : undefined;
    const counter = target?.type === 'identifier' ? target.text : undefined;
    // `for attempt in itertools.count(1):`
    if (name === 'itertools.count') return { kind: 'forever', counter };
    // `for attempt in range(3):`, but not `for i in range(len(hosts)):` (a walk over a list).
    if (name === 'range') {
      const args = positionalArguments(iterable);
      if (args.some((arg) => some(arg, (n) => n.type === 'call' && n.fields.function?.text === 'len'))) return undefined;
      // `for index in range(count): f.seek(base + size * index)`: each round works on another item.
      if (target && loop.fields.body && targetDrivesWork(target, loop.fields.body)) return undefined;
      return { kind: 'bounded', counter };
    }
    return undefined;
  }

  /**
   * Whether a range loop's target picks what each round works on: it is used as an index or passed
   * into a call that is neither a wait nor a log call (`sleep(2 ** attempt)` and
   * `log.warning("attempt %d", attempt)` only pace and report the same attempt).
   */
  function targetDrivesWork(target: PyNode, body: PyNode): boolean {
    return target.text ? nameDrivesWork(target.text, body) : false;
  }

  /**
   * Whether every use of a name in `body` only tests it (an `if`/`while` condition, a comparison, a
   * boolean operator) or paces or reports the attempt (a wait or log call argument).
   */
  function onlyCounts(name: string, body: PyNode): boolean {
    return collect(body, (n) => (n.type === 'identifier' || n.type === 'attribute') && targetKey(n) === name && n.parent?.type !== 'attribute').every((use) => {
      for (let current = use.parent; current && current !== body; current = current.parent) {
        if (current.type === 'comparison_operator' || current.type === 'boolean_operator' || current.type === 'not_operator') return true;
        if (current.field === 'condition') return true;
        if (current.type === 'call' && (isWait(current) || isLogCall(current))) return true;
      }
      return use.field === 'condition';
    });
  }

  /** Whether a name (or `self.attr` key) is used as an index or passed to the work in `body`. */
  function nameDrivesWork(name: string, body: PyNode): boolean {
    for (const use of collect(body, (n) => (n.type === 'identifier' || n.type === 'attribute') && targetKey(n) === name)) {
      for (let current = use.parent; current && current !== body; current = current.parent) {
        if (current.type === 'subscript' && use.range[0] >= (current.fields.subscript?.range[0] ?? Infinity)) return true;
        if (current.type !== 'call') continue;
        if (isWait(current) || isLogCall(current)) break;
        const callee = current.fields.function;
        const calleeName = callee ? scopes.qualifiedName(callee) : undefined;
        if (calleeName && PURE_BUILTINS.has(calleeName)) continue;
        return true;
      }
    }
    return false;
  }

  /** `logger.warning(...)`, `log.info(...)`, `print(...)`. */
  function isLogCall(call: PyNode): boolean {
    const callee = call.fields.function;
    if (!callee) return false;
    if (callee.type === 'attribute') return LOG_METHODS.has(callee.fields.attribute?.text ?? '');
    return scopes.qualifiedName(callee) === 'print';
  }

  /**
   * The try statements that make a loop a retry: the try leaves the loop on success (break, return,
   * or setting the loop's flag) and one of its handlers goes round again. A consumer loop whose try
   * never leaves is not a retry.
   */
  function retryTries(loop: PyNode, body: PyNode, header: LoopHeader): PyNode[] {
    const flag = header.kind === 'flag' ? header.flag : undefined;
    const found: PyNode[] = [];
    for (const tryStatement of collect(body, (node) => node.type === 'try_statement')) {
      // Only tries of this loop: a `break` in a try of a nested loop leaves that loop.
      if (innermostLoop(tryStatement) !== loop) continue;
      const handlers = handlersOf(tryStatement);
      // `except KeyboardInterrupt: pass` waits on through an interrupt: that is not a failed attempt.
      const goesRound = handlers.some((handler) => !endsWithExit(blockOf(handler)) && !catchesOnly(handler, INTERRUPTS));
      if (!goesRound) continue;
      const tryBlock = tryStatement.fields.body;
      const elseBlock = tryStatement.children.find((child) => child.type === 'else_clause')?.fields.body;
      let leaves = [tryBlock, elseBlock].some((block) => block !== undefined && topLevelStatements(block).some((s) => isSuccessExit(s, loop, flag)));
      // `if resp.ok: return resp` then `raise ...` in the same try: the failure goes to the handler.
      if (!leaves && tryBlock) leaves = exitsOnSuccessThenRaises(tryBlock, loop, flag);
      // `except E: sleep(); continue` followed by `break` after the try.
      if (!leaves && tryStatement.parent === body && handlers.some((h) => endsWithContinue(blockOf(h)))) {
        const after = body.children.slice(body.children.indexOf(tryStatement) + 1);
        leaves = after.some((s) => isSuccessExit(s, loop, flag));
      }
      if (!leaves) continue;
      // The flag must be set on the success path only: set anywhere else (a handler, after the try),
      // it ends the loop after a failure too.
      if (flag && flagSetOutside(body, flag, [tryBlock, elseBlock])) continue;
      found.push(tryStatement);
    }
    return found;
  }

  /** Whether the final failure of a bounded retry loop is raised, logged or returned. */
  function failureSurfaces(loop: PyNode, tries: PyNode[], boundChecks: PyNode[]): boolean {
    // A handler that raises (`if attempt == last: raise`) or a bound check that raises, logs or returns.
    for (const tryStatement of tries) {
      for (const handler of tryStatement.children.filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause')) {
        if (some(blockOf(handler), (n) => n.type === 'raise_statement' || isExitCall(n))) return true;
      }
    }
    if (boundChecks.some((check) => some(check, surfacesFailure))) return true;
    // `for ... else: raise`
    const elseClause = loop.fields.alternative;
    if (elseClause && some(elseClause, surfacesFailure)) return true;
    // Whatever runs after the loop, up to the end of the function.
    for (let statement: PyNode = loop; statement.parent; statement = statement.parent) {
      const parent: PyNode = statement.parent;
      if (NESTED_SCOPES.has(parent.type) || parent.type === 'module') break;
      if (parent.type !== 'block') continue;
      if (lastSurfacingIndex(parent) > statementIndex(parent, statement)) return true;
    }
    return false;
  }

  /**
   * The index of the last statement of a block that raises, logs an error, exits or returns a value
   * (-1 for none), computed once per block: a function with thousands of loops in a row asks this of
   * the same block for each of them.
   */
  function lastSurfacingIndex(block: PyNode): number {
    let index = lastSurfacing.get(block);
    if (index === undefined) {
      index = -1;
      for (let i = block.children.length - 1; i >= 0; i--) {
        if (some(block.children[i], surfacesFailure)) {
          index = i;
          break;
        }
      }
      lastSurfacing.set(block, index);
    }
    return index;
  }

  /** The position of a statement in its block, from an index built once per block. */
  function statementIndex(block: PyNode, statement: PyNode): number {
    let positions = statementPositions.get(block);
    if (!positions) {
      positions = new Map(block.children.map((child, i) => [child, i]));
      statementPositions.set(block, positions);
    }
    return positions.get(statement) ?? -1;
  }

  /** raise, an error-level log, a program exit, or a return with a value other than None. */
  function surfacesFailure(node: PyNode): boolean {
    if (node.type === 'raise_statement' || node.type === 'assert_statement') return true;
    if (node.type === 'return_statement') {
      const value = node.children[0];
      return value !== undefined && !isNone(value);
    }
    if (node.type === 'call') {
      if (isExitCall(node)) return true;
      const callee = node.fields.function;
      if (callee?.type === 'attribute' && isFailureLogMethod(callee.fields.attribute?.text ?? '')) return true;
      // `self.fail(msg)` whose body (here, in a base class, or in what it hands over to) raises.
      if (raisingCalls().raises(project!.module, node)) return true;
    }
    return false;
  }

  /**
   * Whether a bounded loop only waits for a dependency to come up (`def _wait_for_db(): ...
   * db.execute("SELECT 1"); return`): its function is a wait (its name starts with `wait`), returns
   * nothing, and its attempts keep no result. When it gives up, the caller's next use of the
   * dependency fails loudly; there is no result to drop.
   */
  function isReadinessWait(loop: PyNode, tries: PyNode[]): boolean {
    const fn = enclosingScopeNode(loop);
    const name = fn.type === 'function_definition' ? fn.fields.name?.text : undefined;
    if (!name || nameWords(name)[0] !== 'wait') return false;
    if (collect(fn, (n) => n.type === 'return_statement').some((r) => r.children[0] !== undefined && !isNone(r.children[0]))) return false;
    const probeOnly = (statement: PyNode) => ['expression_statement', 'return_statement', 'break_statement', 'pass_statement'].includes(statement.type);
    return tries.every((t) => t.fields.body !== undefined && t.fields.body.children.every(probeOnly));
  }

  function raisingCalls(): RaisingCalls {
    if (!project) {
      const { index, module } = projectIndex(context as never);
      project = { raising: new RaisingCalls(index), module: module as PyModuleFacts };
    }
    return project.raising;
  }

  /**
   * Whether a try answers a challenge rather than repeating an attempt: it works on the reply of the
   * previous failure (`except BadHeader as exc:` and the try reads `exc.content`), or the loop runs a
   * challenge step outside the try each round (`captcha.decrypt(url)` before the login,
   * `solve_hashcash(...)` in the handler). Each round sends something new, and the step already
   * waits for its solver.
   */
  function answersChallenge(body: PyNode, tryStatement: PyNode): boolean {
    const tryBlock = tryStatement.fields.body;
    if (!tryBlock) return false;
    const aliases = new Set<string>();
    for (const handler of handlersOf(tryStatement)) {
      const pattern = handler.children.find((c) => c.type === 'as_pattern');
      const alias = pattern?.fields.alias;
      for (const id of alias ? collect(alias, (n) => n.type === 'identifier') : []) aliases.add(id.text!);
    }
    if (aliases.size && some(tryBlock, (n) => n.type === 'identifier' && aliases.has(n.text!) && !insidePacingCall(n, tryBlock))) return true;
    const inTry = (node: PyNode) => node.range[0] >= tryBlock.range[0] && node.range[1] <= tryBlock.range[1];
    // A step on a path that leaves the loop (`except RateLimited: send_captcha_alert(...); raise`)
    // does not start another round.
    const inLeavingHandler = (node: PyNode) => {
      for (let current = node.parent; current && current !== body; current = current.parent) {
        if ((current.type === 'except_clause' || current.type === 'except_group_clause') && endsWithExit(blockOf(current))) return true;
      }
      return false;
    };
    return some(body, (n) => {
      if (n.type !== 'call' || inTry(n) || inLeavingHandler(n)) return false;
      const callee = n.fields.function;
      const name = callee?.type === 'attribute' ? callee.fields.attribute?.text : callee?.type === 'identifier' ? callee.text : undefined;
      return name !== undefined && isChallengeStep(name);
    });
  }

  /**
   * Whether the attempt of a try is a long-lived job that is restarted rather than retried: the try
   * runs an endless or flag loop of its own (a server's accept loop, a consumer), or its function
   * `fn` is started as a background task (`create_task(supervise(job))`).
   */
  function runsLongLivedJob(tryStatement: PyNode, fn: PyNode): boolean {
    const tryBlock = tryStatement.fields.body;
    if (tryBlock && some(tryBlock, (n) => n.type === 'while_statement' && n.fields.condition !== undefined && (isAlwaysTrue(n.fields.condition) || flagOf(n.fields.condition) !== undefined))) return true;
    return fn.type === 'function_definition' && startedAsTask(fn);
  }

  /** Whether every handler of a try that goes round logs and waits, or catches only timeouts (the attempt already waited). */
  function restartsPaced(tryStatement: PyNode): boolean {
    return handlersOf(tryStatement)
      .filter((handler) => !endsWithExit(blockOf(handler)) || some(blockOf(handler), (n) => n.type === 'call'))
      .every((handler) => some(blockOf(handler), isWait) || timeoutsOnly(handler));
  }

  function timeoutsOnly(handler: PyNode): boolean {
    const names = caughtNames(handler);
    return names !== undefined && names.every((name) => TIMEOUT_ERRORS.has(name) || isPythonTimeoutErrorName(name));
  }

  /** The resolved names an `except` clause catches (`''` for one that does not resolve); undefined for a bare `except:`. */
  function caughtNames(handler: PyNode): string[] | undefined {
    let caught = handler.children[0];
    if (caught?.type === 'as_pattern') caught = caught.children[0];
    if (!caught || caught.type === 'block') return undefined;
    const types = caught.type === 'tuple' || caught.type === 'parenthesized_expression' ? caught.children : [caught];
    return types.map((type) => scopes.qualifiedName(type) ?? '');
  }

  /**
   * Whether a function of this module is run as a background task or thread: called or named as an
   * argument of a task spawner (`create_task(f(job))`, `ensure_future(...)`, `Thread(target=f)`), or
   * decorated to run in one (`@threaded`).
   */
  function startedAsTask(fn: PyNode): boolean {
    const name = fn.fields.name?.text;
    if (!name) return false;
    const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
    for (const decorator of decorated?.children.filter((c) => c.type === 'decorator') ?? []) {
      const expression = decorator.children[0];
      const last = expression?.type === 'identifier' ? expression.text : expression?.type === 'attribute' ? expression.fields.attribute?.text : undefined;
      if (last && nameWords(last).some((word) => word === 'threaded' || word === 'thread')) return true;
    }
    return spawnedNames().has(name);
  }

  /** The names of functions this module hands to a task spawner or thread, found in one walk. */
  function spawnedNames(): Set<string> {
    if (spawned) return spawned;
    spawned = new Set();
    const add = (node: PyNode | undefined) => {
      const key = node?.type === 'identifier' ? node.text : node?.type === 'attribute' ? node.fields.attribute?.text : undefined;
      if (key) spawned!.add(key);
    };
    for (const call of collect(sourceCode.ast as unknown as PyNode, (n) => n.type === 'call', true)) {
      const callee = call.fields.function;
      const calleeName = callee ? scopes.qualifiedName(callee) : undefined;
      if (calleeName === 'threading.Thread' || calleeName === 'multiprocessing.Process') {
        add(keywordArgument(call, 'target'));
        continue;
      }
      const last = callee?.type === 'attribute' ? callee.fields.attribute?.text : callee?.type === 'identifier' ? callee.text : undefined;
      if (!last || !isTaskSpawner(last)) continue;
      for (const arg of positionalArguments(call)) add(arg.type === 'call' ? arg.fields.function : arg);
    }
    return spawned;
  }

  function isExitCall(node: PyNode): boolean {
    if (node.type !== 'call' || !node.fields.function) return false;
    const name = scopes.qualifiedName(node.fields.function);
    return name !== undefined && EXIT_CALLS.has(name);
  }

  /** A pause before the next attempt: `time.sleep(...)`, `await asyncio.sleep(...)`, `self._backoff(n)`. */
  function isWait(node: PyNode): boolean {
    if (node.type !== 'call' || !node.fields.function) return false;
    const callee = node.fields.function;
    const name = scopes.qualifiedName(callee);
    if (name && SLEEP_CALLS.has(name)) return true;
    const last = callee.type === 'attribute' ? callee.fields.attribute?.text : callee.type === 'identifier' ? callee.text : undefined;
    return last !== undefined && WAIT_HELPER.test(last);
  }

  /**
   * Names bound to a clock reading in the loop's function (`deadline = time.monotonic() + 30`), and
   * names computed from those (`elapsed = time.monotonic() - start`). A worklist over the
   * assignments: each is looked at once for a clock reading and once per name it depends on.
   */
  function clockNames(loop: PyNode): Set<string> {
    const owner = enclosingScopeNode(loop);
    const cached = clockNamesByOwner.get(owner);
    if (cached) return cached;
    const assignments: ClockAssignment[] = [];
    for (const assignment of collect(owner, (n) => n.type === 'assignment' || n.type === 'augmented_assignment', true)) {
      const left = assignment.fields.left;
      const right = assignment.fields.right;
      const key = left ? targetKey(left) : undefined;
      if (!key || !right) continue;
      let clock = false;
      const uses: string[] = [];
      for (const n of collect(right, () => true)) {
        if (isClockCall(n)) clock = true;
        const used = n.type === 'identifier' || n.type === 'attribute' ? targetKey(n) : undefined;
        if (used !== undefined) uses.push(used);
      }
      assignments.push({ key, clock, uses });
    }
    const names = clockDependentNames(assignments);
    clockNamesByOwner.set(owner, names);
    return names;
  }

  function isClockCall(node: PyNode): boolean {
    if (node.type !== 'call' || !node.fields.function) return false;
    const callee = node.fields.function;
    const name = scopes.qualifiedName(callee);
    if (name && CLOCK_CALLS.has(name)) return true;
    // `loop.time()` on `loop = asyncio.get_running_loop()`, or `asyncio.get_running_loop().time()`.
    if (callee.type === 'attribute' && callee.fields.attribute?.text === 'time' && callee.fields.object) {
      let receiver: PyNode | undefined = callee.fields.object;
      if (receiver.type === 'identifier') {
        const binding = scopes.resolve(receiver);
        receiver = binding?.kind === 'assignment' ? binding.value : undefined;
      }
      const factory = receiver?.type === 'call' && receiver.fields.function ? scopes.qualifiedName(receiver.fields.function) : undefined;
      return factory !== undefined && EVENT_LOOP_FACTORIES.has(factory);
    }
    return false;
  }

  /** Whether a condition tests an attempt counter or the clock. */
  function mentionsBound(condition: PyNode | undefined, counters: Set<string>, clock: Set<string>): boolean {
    if (!condition) return false;
    return some(condition, (n) => {
      if (isClockCall(n)) return true;
      const key = targetKey(n);
      return key !== undefined && (counters.has(key) || clock.has(key));
    });
  }

  /** Recursive retry: a function that calls itself from an except handler with no bounded attempt argument. */
  function checkRecursion(fn: PyNode): void {
    const nameNode = fn.fields.name;
    const body = fn.fields.body;
    if (!nameNode?.text || !body) return;
    // Cheap exit first (this runs for every function): no except clause, no retry from one.
    const handlers = collect(body, (n) => n.type === 'except_clause' || n.type === 'except_group_clause');
    if (!handlers.length) return;
    const selfName = methodReceiver(fn);
    const params = parameterNames(fn);
    const compared = new Set<string>();
    for (const condition of collect(body, (n) => n.type === 'comparison_operator' || n.type === 'not_operator' || n.field === 'condition', true)) {
      for (const id of collect(condition, (n) => n.type === 'identifier', true)) if (params.has(id.text!)) compared.add(id.text!);
    }
    const isSelf = (expr: PyNode): boolean => {
      if (expr.type === 'identifier') {
        const binding = scopes.resolve(expr);
        return binding?.kind === 'function' && binding.node === nameNode;
      }
      return (
        selfName !== undefined &&
        expr.type === 'attribute' &&
        expr.fields.object?.type === 'identifier' &&
        expr.fields.object.text === selfName &&
        expr.fields.attribute?.text === nameNode.text
      );
    };
    for (const handler of handlers) {
      // A write conflict retried by calling again (`except UniqueViolation: return create(...)`) is
      // judged like the loop that retries only conflicts: the other writer has finished.
      if (handler.type === 'except_clause' && catchesConflict(handler)) continue;
      // Lambdas stay in view: `threading.Timer(5, lambda: connect())`.
      const calls = collect(handler, (n) => n.type === 'call', false, true);
      for (const call of calls) {
        const callee = call.fields.function;
        // `connect()` / `self.connect()`, or handed to a scheduler: `loop.call_later(5, self.connect)`.
        const reference =
          callee && isSelf(callee)
            ? callee
            : call.fields.arguments?.children.find((arg) => arg.type !== 'call' && isSelf(arg));
        if (!reference) continue;
        // Bounded only by a tested parameter that the recursive call passes changed:
        // `fetch(url, attempt + 1)` with `if attempt > 3: raise`, or a normalisation done once,
        // `if '"' not in value: return parse('"' + value + '"')`. Passed on unchanged (or left to
        // its default) it bounds nothing.
        const isCallee = reference === callee;
        const positional = orderedParameters(fn).slice(reference.type === 'attribute' ? 1 : 0);
        const all = positionalArguments(call);
        // Handed to a scheduler, the function gets the arguments after it: `call_later(5, f, n + 1)`.
        // `threading.Timer(5, f, args=(n - 1,))` passes them as a tuple.
        const tupleArgs = isCallee ? undefined : keywordArgument(call, 'args');
        const args = isCallee
          ? all
          : tupleArgs && (tupleArgs.type === 'tuple' || tupleArgs.type === 'list')
            ? tupleArgs.children.filter((c) => c.named)
            : all.slice(all.indexOf(reference) + 1);
        const bounded = [...compared].some((param) => {
          const index = positional.indexOf(param);
          const arg = (isCallee ? keywordArgument(call, param) : undefined) ?? (index >= 0 ? args[index] : undefined);
          return arg !== undefined && !(arg.type === 'identifier' && arg.text === param);
        });
        if (bounded) return;
        const subject = `Recursive retry of \`${nameNode.text}\``;
        // A supervisor restarts its long-lived job (a background task, an accept loop) for as long as
        // the process runs: only a restart without a pause is a mistake.
        const tryStatement = handler.parent?.type === 'try_statement' ? handler.parent : undefined;
        if (tryStatement && handler.type === 'except_clause' && runsLongLivedJob(tryStatement, fn)) {
          if (checkBackoff && !(some(blockOf(handler), isWait) || timeoutsOnly(handler))) report(reference, 'noBackoff', { subject, reason: 'no sleep or backoff before the next attempt' });
          return;
        }
        report(reference, 'unbounded', { subject, reason: 'no attempt argument moves towards a bound' });
        return;
      }
    }
  }
}

/** The names except clauses bind in a loop body (`except OSError as exc:` binds `exc`). */
function exceptionNames(body: PyNode): Set<string> {
  const names = new Set<string>();
  for (const pattern of collect(body, (n) => n.type === 'as_pattern' && n.parent?.type === 'except_clause')) {
    const alias = pattern.fields.alias;
    for (const id of alias ? collect(alias, (n) => n.type === 'identifier') : []) names.add(id.text!);
  }
  return names;
}

/**
 * An ordering comparison that does not look at the caught error: a limit on something that grows
 * (`self.working_time > job.timeout + 60`, `utcnow() - started > limit`). `exc.status < 500` classifies
 * the error instead, and is no bound.
 */
function isLimitCheck(condition: PyNode | undefined, errors: Set<string>): boolean {
  if (!condition) return false;
  return some(condition, (n) => {
    if (n.type !== 'comparison_operator') return false;
    if (!n.children.some((op) => !op.named && ['<', '<=', '>', '>='].includes(op.text ?? ''))) return false;
    return !some(n, (id) => id.type === 'identifier' && errors.has(id.text!));
  });
}

/** `while True:`, `while 1:` */
function isAlwaysTrue(condition: PyNode): boolean {
  if (condition.type === 'true') return true;
  if (condition.type === 'integer') return condition.text !== '0';
  if (condition.type === 'parenthesized_expression' && condition.children.length === 1) return isAlwaysTrue(condition.children[0]);
  return false;
}

/** The flag of `while not connected:` / `while conn is None:` / `while not self.ready:`. */
function flagOf(condition: PyNode): string | undefined {
  if (condition.type === 'not_operator' && condition.fields.argument) return targetKey(condition.fields.argument);
  if (condition.type === 'comparison_operator' && condition.children.length === 3) {
    const [left, op, right] = condition.children;
    if ((op.text === 'is' || op.text === '==') && right.type === 'none') return targetKey(left);
  }
  return undefined;
}

/**
 * `if not reconnected: reconnect(); reconnected = e` / `else: raise ...`: a flag that the branch
 * going round sets, so the next failure takes the other branch (which leaves the loop): at most
 * one more attempt (Flexget's SMTP send, reconnecting once).
 */
function isFirstFailureGuard(check: PyNode): boolean {
  const condition = check.fields.condition;
  if (!condition) return false;
  const flag = condition.type === 'identifier' ? condition.text : flagOf(condition);
  if (!flag) return false;
  const setsFlag = (branch: PyNode | undefined) =>
    branch !== undefined && some(branch, (n) => n.type === 'assignment' && n.fields.left !== undefined && targetKey(n.fields.left) === flag && n.fields.right?.type !== 'none');
  return setsFlag(goingRoundBranch(check));
}

/** The branch of a first-failure guard that sets the flag and goes round (see isFirstFailureGuard). */
function goingRoundBranch(check: PyNode): PyNode | undefined {
  const alternative = check.fields.alternative?.children.find((child) => child.type === 'block');
  return check.fields.condition?.type === 'identifier' ? alternative : check.fields.consequence;
}

/** A first-failure guard whose going-round branch does something first (reconnects) besides setting its flag. */
function remediesOnce(check: PyNode): boolean {
  if (!isFirstFailureGuard(check)) return false;
  const branch = goingRoundBranch(check);
  return branch !== undefined && some(branch, (n) => n.type === 'call');
}

/** A name or `self.attr` chain as a comparable key; undefined for anything else. */
function targetKey(node: PyNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute' && node.fields.object && node.fields.attribute) {
    const base = targetKey(node.fields.object);
    return base === undefined ? undefined : `${base}.${node.fields.attribute.text}`;
  }
  return undefined;
}

/** Names counted up or down in a loop body: `attempt += 1`, `retries -= 1`, `n = n + 1`. */
function countersIn(body: PyNode): Set<string> {
  const counters = new Set<string>();
  for (const node of collect(body, (n) => n.type === 'augmented_assignment' || n.type === 'assignment', true)) {
    const key = node.fields.left ? targetKey(node.fields.left) : undefined;
    if (!key) continue;
    if (node.type === 'augmented_assignment') {
      if (['+=', '-='].includes(node.fields.operator?.text ?? '')) counters.add(key);
      continue;
    }
    const right = node.fields.right;
    if (right && isStepOf(right, key)) counters.add(key);
  }
  return counters;
}

/**
 * `n + 1` / `n - 1` for the name `n`, also as one branch of a conditional expression
 * (`tries_left = 0 if e.permanent else tries_left - 1`): the name still moves towards its bound.
 */
function isStepOf(value: PyNode, key: string): boolean {
  if (value.type === 'parenthesized_expression') return value.children.some((c) => c.named && isStepOf(c, key));
  if (value.type === 'conditional_expression') {
    const branches = value.children.filter((c) => c.named);
    return [branches[0], branches[branches.length - 1]].some((branch) => branch !== undefined && isStepOf(branch, key));
  }
  if (value.type !== 'binary_operator' || !['+', '-'].includes(value.fields.operator?.text ?? '')) return false;
  const operand = value.fields.left;
  return operand !== undefined && targetKey(operand) === key;
}

function isNone(node: PyNode): boolean {
  return node.type === 'none';
}

function handlersOf(tryStatement: PyNode): PyNode[] {
  return tryStatement.children.filter((child) => child.type === 'except_clause' || child.type === 'except_group_clause');
}

/** The block of an except clause (its only block child). */
function blockOf(clause: PyNode): PyNode {
  return clause.children.find((child) => child.type === 'block') ?? clause;
}

/** Statements of a block, looking through `with` bodies (`with lock: return fetch()`). */
function topLevelStatements(block: PyNode): PyNode[] {
  const statements: PyNode[] = [];
  for (const statement of block.children) {
    if (statement.type === 'with_statement' && statement.fields.body) statements.push(...topLevelStatements(statement.fields.body));
    else statements.push(statement);
  }
  return statements;
}

/** A statement that leaves the loop on success: `break`, `return ...`, or setting the loop's flag. */
function isSuccessExit(statement: PyNode, loop: PyNode, flag: string | undefined): boolean {
  if (statement.type === 'return_statement') return true;
  if (statement.type === 'break_statement') return innermostLoop(statement) === loop;
  if (flag && statement.type === 'expression_statement') return statement.children.some((n) => isFlagAssignment(n, flag));
  return false;
}

/** The nearest loop around a node, within its function. */
function innermostLoop(node: PyNode): PyNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (NESTED_SCOPES.has(current.type)) return undefined;
    if (LOOPS.has(current.type)) return current;
  }
  return undefined;
}

/** Whether `flag` is assigned in `body` outside the given success blocks. */
function flagSetOutside(body: PyNode, flag: string, successBlocks: (PyNode | undefined)[]): boolean {
  return collect(body, (n) => isFlagAssignment(n, flag)).some(
    (assignment) => !successBlocks.some((block) => block && assignment.range[0] >= block.range[0] && assignment.range[1] <= block.range[1]),
  );
}

function isFlagAssignment(node: PyNode, flag: string): boolean {
  return node.type === 'assignment' && node.fields.left !== undefined && targetKey(node.fields.left) === flag;
}

function endsWithExit(block: PyNode): boolean {
  const last = block.children[block.children.length - 1];
  return last !== undefined && ['raise_statement', 'return_statement', 'break_statement'].includes(last.type);
}

function endsWithContinue(block: PyNode): boolean {
  return block.children[block.children.length - 1]?.type === 'continue_statement';
}

/** Whether a node contains a raise, a return, or a break that leaves `loop`. */
function exitsLoop(node: PyNode, loop: PyNode): boolean {
  return some(node, (n) => {
    if (n.type === 'raise_statement' || n.type === 'return_statement') return true;
    if (n.type !== 'break_statement') return false;
    for (let current = n.parent; current; current = current.parent) {
      if (LOOPS.has(current.type)) return current === loop;
    }
    return false;
  });
}

/** The function (or module) a loop runs in. */
function enclosingScopeNode(node: PyNode): PyNode {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'module') return current;
  }
  return node;
}

/** The first parameter of a method (`self` / `cls`), when `fn` is defined directly in a class. */
function methodReceiver(fn: PyNode): string | undefined {
  const owner = fn.parent?.type === 'decorated_definition' ? fn.parent.parent : fn.parent;
  if (owner?.type !== 'block' || owner.parent?.type !== 'class_definition') return undefined;
  const first = fn.fields.parameters?.children[0];
  return first?.type === 'identifier' ? first.text : undefined;
}

/** Parameter names in order (`self` included), `*args` / `**kwargs` left out. */
function orderedParameters(fn: PyNode): string[] {
  const names: string[] = [];
  for (const param of fn.fields.parameters?.children ?? []) {
    if (param.type === 'identifier' && param.text) names.push(param.text);
    else if (param.fields.name?.text) names.push(param.fields.name.text);
    else if (param.type === 'typed_parameter' && param.children[0]?.type === 'identifier') names.push(param.children[0].text!);
  }
  return names;
}

function parameterNames(fn: PyNode): Set<string> {
  return new Set(orderedParameters(fn));
}

/** Where the loop keyword (`while`, `for`, `async for`) is. */
function keywordLoc(loop: PyNode): SourceLocation {
  const keyword = loop.type === 'while_statement' ? 'while' : loop.keywords.includes('async') ? 'async for' : 'for';
  const { line, column } = loop.loc.start;
  return { start: { line, column }, end: { line, column: column + keyword.length } };
}

/**
 * Nodes under `root` (itself included) that match, not descending into nested functions, classes
 * and lambdas unless `intoLambdas`; with `deep`, nested functions are searched too.
 */
function collect(root: PyNode, match: (node: PyNode) => boolean, deep = false, intoLambdas = false): PyNode[] {
  const found: PyNode[] = [];
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (match(node)) found.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (!deep && NESTED_SCOPES.has(child.type) && !(intoLambdas && child.type === 'lambda')) continue;
      stack.push(child);
    }
  }
  return found;
}

/**
 * Whether the decorator call `@retry(...)` decorates a function whose own body runs an endless
 * loop (`while True:`, `while not self._stopped:`): a listener or worker meant to run as long as
 * the process, which the decorator restarts when it fails.
 */
function decoratesLongLivedJob(call: PyNode): boolean {
  const decorated = call.parent?.type === 'decorator' ? call.parent.parent : undefined;
  const fn = decorated?.type === 'decorated_definition' ? decorated.fields.definition : undefined;
  const body = fn?.type === 'function_definition' ? fn.fields.body : undefined;
  if (!body) return false;
  return some(body, (n) => n.type === 'while_statement' && n.fields.condition !== undefined && (isAlwaysTrue(n.fields.condition) || flagOf(n.fields.condition) !== undefined));
}

/** Whether any node under `root` (outside nested functions) matches. */
function some(root: PyNode, match: (node: PyNode) => boolean): boolean {
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (match(node)) return true;
    for (const child of node.children) if (!NESTED_SCOPES.has(child.type)) stack.push(child);
  }
  return false;
}

/** `if resp.ok: return resp` followed in the same block by a raise (`raise HTTPError(resp.status)`, `resp.raise_for_status()`). */
function exitsOnSuccessThenRaises(block: PyNode, loop: PyNode, flag: string | undefined): boolean {
  const statements = topLevelStatements(block);
  const index = statements.findIndex((s) => {
    if (s.type !== 'if_statement' || !s.fields.consequence) return false;
    return topLevelStatements(s.fields.consequence).some((inner) => isSuccessExit(inner, loop, flag));
  });
  if (index < 0) return false;
  return statements.slice(index + 1).some((s) => some(s, (n) => n.type === 'raise_statement' || (n.type === 'call' && n.fields.function?.type === 'attribute' && n.fields.function.fields.attribute?.text === 'raise_for_status')));
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * What Python retry libraries, job systems and prompts are, as far as retry checks care:
 * the one place that knows their names and their defaults, so that no rule keeps its own lists.
 *
 * Library defaults relied on (each checked in the library's documentation):
 * - Celery: `max_retries` defaults to 3 and `None` means retry for ever; a retry waits
 *   `default_retry_delay` (180 s) unless `countdown`/`eta` or `retry_backoff` say otherwise, so a
 *   missing `retry_backoff` is a fixed pause, not an immediate retry.
 * - RQ: `Retry(max=n)` without `interval` requeues the failed job immediately.
 * - Dramatiq: the Retries middleware retries 20 times by default, with exponential backoff from
 *   `min_backoff` (15 s) to `max_backoff` (7 days); `min_backoff=0` retries at once.
 * - arq: a job is tried 5 times (`max_tries`) by default; `raise Retry()` without `defer` runs it
 *   again at once.
 */
import type { PyNode } from '../../languages/python/ast.js';
import type { PythonScopes } from './scope.js';
import { keywordArgument, positionalArguments } from './syntax.js';

export { isDeadlineContext } from './deadlines.js';

/** Calls that wait for a person at a terminal: a loop around one re-asks, it does not retry. */
export const PROMPT_CALLS = new Set([
  'input',
  'getpass.getpass',
  'click.prompt',
  'click.confirm',
  'click.getchar',
  'click.pause',
  'typer.prompt',
  'typer.confirm',
  'rich.prompt.Prompt.ask',
  'rich.prompt.Confirm.ask',
  'rich.prompt.IntPrompt.ask',
  'rich.prompt.FloatPrompt.ask',
  'readchar.readkey',
  'readchar.readchar',
  'msvcrt.getch',
  'msvcrt.getwch',
  'pwinput.pwinput',
]);

/** Prompt libraries every call of which asks the user (`questionary.text(...).ask()`). */
const PROMPT_MODULES = new Set(['questionary', 'inquirer', 'InquirerPy', 'prompt_toolkit', 'pick', 'beaupy']);

/** curses window methods that read a key press. */
const KEY_READS = new Set(['getch', 'getkey', 'get_wch']);

/** Attempts at or above this many are as good as no limit. */
export const HUGE_ATTEMPTS = 1000;

export interface JobRetryFinding {
  node: PyNode;
  kind: 'unbounded' | 'noBackoff';
  /** What retries, e.g. "Celery task `sync`". */
  subject: string;
  /** The fact that makes it unbounded or immediate, e.g. "max_retries=" (followed by the source of `value`) or "no interval". */
  reason: string;
  /** The offending value, whose source text completes `reason`. */
  value?: PyNode;
}


/** Whether a call waits for a person: `input()`, `click.prompt(...)`, `questionary.text(...)`, `stdscr.getch()`. */
export function isPromptCall(call: PyNode, scopes: PythonScopes): boolean {
  if (call.type !== 'call' || !call.fields.function) return false;
  const callee = call.fields.function;
  const name = scopes.qualifiedName(callee);
  if (name && (PROMPT_CALLS.has(name) || PROMPT_MODULES.has(name.split('.')[0]))) return true;
  return callee.type === 'attribute' && KEY_READS.has(callee.fields.attribute?.text ?? '') && !(call.fields.arguments?.children ?? []).some((a) => a.named);
}

/** A number that means "no limit": `float("inf")`, `math.inf`, `sys.maxsize`, or a literal of at least {@link HUGE_ATTEMPTS}. */
export function isEndlessCount(node: PyNode, scopes: PythonScopes): boolean {
  if (node.type === 'integer' || node.type === 'float') {
    const value = Number((node.text ?? '').replace(/_/g, ''));
    return Number.isFinite(value) ? value >= HUGE_ATTEMPTS : true;
  }
  const name = scopes.qualifiedName(node);
  if (name === 'math.inf' || name === 'sys.maxsize' || name === 'numpy.inf') return true;
  if (node.type === 'call' && node.fields.function && scopes.qualifiedName(node.fields.function) === 'float') {
    const [arg] = positionalArguments(node);
    const text = arg?.type === 'string' ? arg.children.find((c) => c.type === 'string_content')?.text?.toLowerCase() : undefined;
    return text === 'inf' || text === 'infinity' || text === '+inf';
  }
  return false;
}

function isZero(node: PyNode | undefined): boolean {
  return node !== undefined && (node.type === 'integer' || node.type === 'float') && Number(node.text) === 0;
}

function isNone(node: PyNode | undefined): boolean {
  return node?.type === 'none';
}

/** Celery options that no other `.task(...)` decorator takes. */
const CELERY_TASK_OPTIONS = ['autoretry_for', 'retry_backoff', 'max_retries', 'default_retry_delay', 'retry_kwargs', 'retry_jitter', 'bind', 'acks_late'];

/**
 * Whether a decorator call makes a Celery task: `@shared_task(...)`, `@app.task(...)` on
 * `app = Celery(...)`, or any `.task(...)` given an option only Celery has (`autoretry_for=`,
 * `max_retries=`, `bind=`), since the app usually lives in another module.
 */
export function isCeleryTaskDecorator(call: PyNode, scopes: PythonScopes): boolean {
  const callee = call.fields.function;
  if (!callee) return false;
  const name = scopes.qualifiedName(callee);
  if (name === 'celery.shared_task' || name === 'celery.task') return true;
  if (callee.type !== 'attribute' || callee.fields.attribute?.text !== 'task') return false;
  const receiver = callee.fields.object;
  if (receiver?.type === 'identifier') {
    const binding = scopes.resolve(receiver);
    const value = binding?.kind === 'assignment' ? binding.value : undefined;
    if (value?.type === 'call' && value.fields.function && scopes.qualifiedName(value.fields.function) === 'celery.Celery') return true;
  }
  return CELERY_TASK_OPTIONS.some((option) => keywordArgument(call, option) !== undefined);
}

/** The function a decorator call decorates, if it is the decorator of a function definition. */
function decoratedFunction(call: PyNode): PyNode | undefined {
  const decorator = call.parent?.type === 'decorator' ? call.parent : undefined;
  const definition = decorator?.parent?.type === 'decorated_definition' ? decorator.parent.fields.definition : undefined;
  return definition?.type === 'function_definition' ? definition : undefined;
}

/** Celery task options: `max_retries=None` with retries enabled, an explicit zero countdown. */
function celeryTaskFindings(call: PyNode, scopes: PythonScopes): JobRetryFinding[] {
  const fn = decoratedFunction(call);
  const subject = `Celery task${fn?.fields.name?.text ? ` \`${fn.fields.name.text}\`` : ''}`;
  const findings: JobRetryFinding[] = [];
  const maxRetries = keywordArgument(call, 'max_retries');
  const autoretry = keywordArgument(call, 'autoretry_for');
  const retryKwargs = keywordArgument(call, 'retry_kwargs');
  const kwargsEntry = (key: string) =>
    retryKwargs?.type === 'dictionary'
      ? retryKwargs.children.find((pair) => pair.type === 'pair' && pair.fields.key?.children.find((c) => c.type === 'string_content')?.text === key)?.fields.value
      : undefined;
  // Retries are on when the task retries itself or names exceptions to retry.
  const retries = autoretry !== undefined || (fn !== undefined && callsSelfRetry(fn));
  const endless = [maxRetries, kwargsEntry('max_retries')].find((value) => value !== undefined && (isNone(value) || isEndlessCount(value, scopes)));
  if (retries && endless) findings.push({ node: endless.parent ?? endless, kind: 'unbounded', subject, reason: 'max_retries=', value: endless });
  const backoff = keywordArgument(call, 'retry_backoff');
  const immediate = [kwargsEntry('countdown'), keywordArgument(call, 'default_retry_delay')].find(isZero);
  if (autoretry !== undefined && !endless && immediate && (backoff === undefined || backoff.type === 'false')) {
    findings.push({ node: immediate.parent ?? immediate, kind: 'noBackoff', subject, reason: `${immediate.parent?.type === 'pair' ? 'countdown' : 'default_retry_delay'}=0 and no retry_backoff` });
  }
  return findings;
}

/** Whether a bound task's body calls `self.retry(...)` on its first parameter. */
function callsSelfRetry(fn: PyNode): boolean {
  const first = fn.fields.parameters?.children.find((p) => p.named);
  const self = first?.type === 'identifier' ? first.text : undefined;
  if (!self || !fn.fields.body) return false;
  const stack = [fn.fields.body];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'call' && isRetryOn(node, self)) return true;
    for (const child of node.children) if (child.type !== 'function_definition' && child.type !== 'class_definition') stack.push(child);
  }
  return false;
}

function isRetryOn(call: PyNode, self: string): boolean {
  const callee = call.fields.function;
  return callee?.type === 'attribute' && callee.fields.attribute?.text === 'retry' && callee.fields.object?.type === 'identifier' && callee.fields.object.text === self;
}

/** `self.retry(..., max_retries=None)` / `self.retry(countdown=0)` inside a bound Celery task. */
function celeryRetryCallFindings(call: PyNode, scopes: PythonScopes): JobRetryFinding[] {
  const callee = call.fields.function;
  if (callee?.type !== 'attribute' || callee.fields.attribute?.text !== 'retry' || callee.fields.object?.type !== 'identifier') return [];
  const self = callee.fields.object.text!;
  // The enclosing function must be a bound Celery task whose first parameter is `self`.
  let fn: PyNode | null = call.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  if (!fn) return [];
  const first = fn.fields.parameters?.children.find((p) => p.named);
  if (first?.type !== 'identifier' || first.text !== self) return [];
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  const taskDecorator = decorated?.children
    .map((d) => (d.type === 'decorator' && d.children[0]?.type === 'call' ? d.children[0] : undefined))
    .find((d) => d !== undefined && isCeleryTaskDecorator(d, scopes));
  if (!taskDecorator) return [];
  // One finding a retry: a task already reported for never giving up is not reported again here.
  if (celeryTaskFindings(taskDecorator, scopes).some((finding) => finding.kind === 'unbounded')) return [];
  const subject = `Celery task \`${fn.fields.name?.text ?? ''}\``;
  const maxRetries = keywordArgument(call, 'max_retries');
  if (maxRetries && (isNone(maxRetries) || isEndlessCount(maxRetries, scopes))) {
    return [{ node: maxRetries.parent ?? maxRetries, kind: 'unbounded', subject, reason: 'max_retries=', value: maxRetries }];
  }
  const countdown = keywordArgument(call, 'countdown');
  if (isZero(countdown)) return [{ node: countdown!.parent ?? countdown!, kind: 'noBackoff', subject, reason: 'countdown=0' }];
  return [];
}

/**
 * Job-system retry settings that never stop or never wait, for one call: Celery task decorators and
 * `self.retry(...)`, RQ `Retry(...)`, Dramatiq `@actor(...)` / `Retries(...)`, arq `func(...)` and
 * `Retry()`.
 */
export function jobRetryFindings(call: PyNode, scopes: PythonScopes): JobRetryFinding[] {
  const callee = call.fields.function;
  if (!callee) return [];
  if (call.parent?.type === 'decorator' && isCeleryTaskDecorator(call, scopes)) return celeryTaskFindings(call, scopes);
  if (callee.type === 'attribute' && callee.fields.attribute?.text === 'retry') return celeryRetryCallFindings(call, scopes);
  const name = scopes.qualifiedName(callee);
  switch (name) {
    case 'rq.Retry':
    case 'rq.retry.Retry':
    case 'rq.job.Retry': {
      const max = keywordArgument(call, 'max') ?? positionalArguments(call)[0];
      if (max && isEndlessCount(max, scopes)) return [{ node: max.parent?.type === 'keyword_argument' ? max.parent : max, kind: 'unbounded', subject: 'RQ Retry', reason: 'max=', value: max }];
      const interval = keywordArgument(call, 'interval') ?? positionalArguments(call)[1];
      if (max && (interval === undefined || isZero(interval))) return [{ node: call, kind: 'noBackoff', subject: 'RQ Retry', reason: 'no interval' }];
      return [];
    }
    case 'dramatiq.actor':
    case 'dramatiq.middleware.Retries':
    case 'dramatiq.middleware.retries.Retries': {
      const subject = name === 'dramatiq.actor' ? 'Dramatiq actor' : 'Dramatiq Retries middleware';
      const max = keywordArgument(call, 'max_retries');
      if (max && isEndlessCount(max, scopes)) return [{ node: max.parent ?? max, kind: 'unbounded', subject, reason: 'max_retries=', value: max }];
      const minBackoff = keywordArgument(call, 'min_backoff');
      if (isZero(minBackoff)) return [{ node: minBackoff!.parent ?? minBackoff!, kind: 'noBackoff', subject, reason: 'min_backoff=0' }];
      return [];
    }
    case 'arq.func':
    case 'arq.worker.func':
    case 'arq.Worker':
    case 'arq.worker.Worker': {
      const max = keywordArgument(call, 'max_tries');
      if (max && isEndlessCount(max, scopes)) return [{ node: max.parent ?? max, kind: 'unbounded', subject: name.endsWith('func') ? 'arq job' : 'arq worker', reason: 'max_tries=', value: max }];
      return [];
    }
    case 'arq.Retry':
    case 'arq.worker.Retry': {
      // `raise Retry()` runs the job again at once; `raise Retry(defer=ctx["job_try"] * 10)` waits.
      const defer = keywordArgument(call, 'defer') ?? positionalArguments(call)[0];
      if (call.parent?.type === 'raise_statement' && (defer === undefined || isZero(defer) || isNone(defer))) {
        return [{ node: call, kind: 'noBackoff', subject: 'arq Retry', reason: 'no defer' }];
      }
      return [];
    }
    default:
      return [];
  }
}

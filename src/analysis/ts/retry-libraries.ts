/**
 * What TS/JS job queues, deadlines and prompts are, as far as retry checks care: the one place
 * that knows their names and defaults, so that no rule keeps its own lists.
 *
 * Library defaults relied on (each checked in the library's documentation):
 * - BullMQ and Bull: a job is tried once (`attempts: 1`) unless `attempts` says more; without a
 *   `backoff` option a failed job is retried at once. Job options given to `add()` are merged
 *   over the queue's `defaultJobOptions`.
 * Names are qualified as `src/analysis/ts/names.ts` spells them, with `.default` removed
 * (`import Queue from 'bull'` is `bull`).
 */
import type { TSESTree } from '@typescript-eslint/utils';

type Node = TSESTree.Node;

/** Retry libraries (p-retry, async-retry, retry, axios-retry), what to call them in a message, and where their options argument sits. */
export const RETRY_LIBRARIES: Record<string, { what: string; optionsIndex: number }> = {
  'p-retry': { what: 'p-retry call', optionsIndex: 1 },
  'p-retry.pRetry': { what: 'p-retry call', optionsIndex: 1 },
  'async-retry': { what: 'async-retry call', optionsIndex: 1 },
  'retry.operation': { what: 'retry.operation', optionsIndex: 0 },
  'retry.timeouts': { what: 'retry.timeouts', optionsIndex: 0 },
  'retry.wrap': { what: 'retry.wrap', optionsIndex: 1 },
  'axios-retry': { what: 'axios-retry', optionsIndex: 1 },
  'axios-retry.axiosRetry': { what: 'axios-retry', optionsIndex: 1 },
};

/** Attempts at or above this many are as good as no limit. */
export const HUGE_ATTEMPTS = 1000;

/** Constructors of job queues whose options carry `defaultJobOptions`, and where the options sit. */
export const JOB_QUEUES: ReadonlyMap<string, { library: string; optionsIndex: number | 'last' }> = new Map([
  ['bullmq.Queue', { library: 'BullMQ', optionsIndex: 1 }],
  ['bullmq.QueuePro', { library: 'BullMQ', optionsIndex: 1 }],
  ['@taskforcesh/bullmq-pro.QueuePro', { library: 'BullMQ', optionsIndex: 1 }],
  // `new Queue(name, opts)` or `new Queue(name, redisUrl, opts)`.
  ['bull', { library: 'Bull', optionsIndex: 'last' }],
  ['bull.Queue', { library: 'Bull', optionsIndex: 'last' }],
]);

/** Module registrations whose options carry `defaultJobOptions` (NestJS). */
export const JOB_QUEUE_REGISTRATIONS: ReadonlyMap<string, string> = new Map([
  ['@nestjs/bullmq.BullModule.registerQueue', 'BullMQ'],
  ['@nestjs/bullmq.BullModule.forRoot', 'BullMQ'],
  ['@nestjs/bull.BullModule.registerQueue', 'Bull'],
  ['@nestjs/bull.BullModule.forRoot', 'Bull'],
]);

/** The queue library a (normalised) constructor name stands for, if it is a job queue. */
export function jobQueue(name: string | undefined): { library: string; optionsIndex: number | 'last' } | undefined {
  return name === undefined ? undefined : JOB_QUEUES.get(withoutDefault(name));
}

/** `import Queue from 'bull'` gives `bull.default`; compare names without it. */
export function withoutDefault(name: string): string {
  return name.replace(/\.default(?=\.|$)/, '');
}

/** A signal that aborts after a time: a loop that checks one made before it is bounded. */
export const DEADLINE_SIGNALS = new Set(['AbortSignal.timeout']);

/**
 * A project's own deadline wrapper (`await withTimeout(30_000, async () => { while … })`,
 * `timeoutAsync(ms, fn)`) is recognised by its name: there is no library to resolve it to.
 */
const DEADLINE_HELPER = /timeout|deadline/i;

export function isDeadlineHelperName(name: string): boolean {
  return DEADLINE_HELPER.test(name);
}

/** Calls that wait for a person at a terminal or in a browser: a loop around one re-asks, it does not retry. */
export const PROMPT_CALLS = new Set(['prompt', 'window.prompt', 'window.confirm', 'confirm', 'inquirer.prompt', 'enquirer.prompt', 'prompts']);

/** Packages every call of which asks the user (`await input({ message })`, `readlineSync.question()`). */
const PROMPT_PACKAGES = new Set(['@inquirer/prompts', '@inquirer/input', '@inquirer/confirm', '@inquirer/select', '@inquirer/password', '@inquirer/number', '@clack/prompts', 'readline-sync', 'enquirer', 'prompts', 'inquirer']);

/** Factories of line readers whose `question()` asks the user. */
export const READLINE_FACTORIES = new Set(['readline.createInterface', 'readline/promises.createInterface']);

/** Whether a resolved callee name asks a person. */
export function isPromptName(name: string): boolean {
  const plain = withoutDefault(name);
  if (PROMPT_CALLS.has(plain)) return true;
  for (const pkg of PROMPT_PACKAGES) if (plain === pkg || plain.startsWith(`${pkg}.`)) return true;
  return false;
}

export interface JobOptionsFinding {
  node: TSESTree.Property;
  kind: 'unbounded' | 'noBackoff';
  reason: string;
}

/**
 * BullMQ/Bull job options that never stop (`attempts: Infinity`, a huge count) or retry at once
 * (`attempts` above 1 with no `backoff`, here or in the queue's defaults). `isEndless` decides
 * what stands for infinity (`Infinity`, `Number.MAX_SAFE_INTEGER`), `text` gives a value's source.
 */
export function jobOptionsFindings(
  options: TSESTree.ObjectExpression,
  inheritedBackoff: boolean,
  isEndless: (node: Node) => boolean,
  text: (node: Node) => string,
): JobOptionsFinding[] {
  let attempts: TSESTree.Property | undefined;
  let backoff = inheritedBackoff;
  for (const property of options.properties) {
    // A spread may bring a `backoff` in: judge only what is written here.
    if (property.type === 'SpreadElement') backoff = true;
    else if (!property.computed && keyOf(property) === 'attempts') attempts = property;
    else if (!property.computed && keyOf(property) === 'backoff') backoff = true;
  }
  if (!attempts) return [];
  const value = attempts.value;
  const count = value.type === 'Literal' && typeof value.value === 'number' ? value.value : undefined;
  if ((count !== undefined && count >= HUGE_ATTEMPTS) || isEndless(value)) {
    return [{ node: attempts, kind: 'unbounded', reason: `attempts: ${text(value)}` }];
  }
  if (count !== undefined && count > 1 && !backoff) return [{ node: attempts, kind: 'noBackoff', reason: `attempts: ${count} and no backoff` }];
  return [];
}

/** Whether an options object sets `backoff` (or may, through a spread). */
export function setsBackoff(options: TSESTree.ObjectExpression): boolean {
  return options.properties.some((p) => p.type === 'SpreadElement' || (!p.computed && keyOf(p) === 'backoff'));
}

/** The `defaultJobOptions` object literal of queue options, if written inline. */
export function defaultJobOptions(options: TSESTree.ObjectExpression): TSESTree.ObjectExpression | undefined {
  for (const property of options.properties) {
    if (property.type === 'Property' && !property.computed && keyOf(property) === 'defaultJobOptions' && property.value.type === 'ObjectExpression') {
      return property.value;
    }
  }
  return undefined;
}

function keyOf(property: TSESTree.Property): string | undefined {
  if (property.key.type === 'Identifier') return property.key.name;
  if (property.key.type === 'Literal') return String(property.key.value);
  return undefined;
}

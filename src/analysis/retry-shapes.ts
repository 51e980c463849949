/**
 * What the retry detectors of both languages agree on, written once: which error codes are write
 * conflicts, which logger methods make a final failure visible, and how long a quoted attempt may
 * be in a message. The syntax-specific shapes (loops, counters, recursion) live in each
 * language's detector and follow the same rules, listed on the rule page.
 */
import { MAX_NAME_CHARS, nameWords } from './name-shapes.js';

/**
 * Error codes of write conflicts, retried at once by design: Prisma unique constraint and write
 * conflict (also in prisma-client-py), PostgreSQL unique_violation, serialization_failure and
 * deadlock_detected, MySQL duplicate entry and deadlock (mysql2's `err.code`).
 */
export const WRITE_CONFLICT_CODES: ReadonlySet<string> = new Set(['P2002', 'P2034', '23505', '40001', '40P01', 'ER_DUP_ENTRY', 'ER_LOCK_DEADLOCK']);

/** Logger methods that make a final failure visible (`logger.error`, `log.warning`, `logger.exception`). */
export const FAILURE_LOG_METHODS: ReadonlySet<string> = new Set(['error', 'exception', 'critical', 'fatal', 'warning', 'warn']);

/**
 * Whether a method name logs at a failure level: `error`, `warning`, ..., and the project wrappers
 * that name the level after `log` (`self.log_error(...)`, `this.logWarning(...)`, `log_critical`).
 */
export function isFailureLogMethod(name: string): boolean {
  if (FAILURE_LOG_METHODS.has(name)) return true;
  if (name.length > MAX_NAME_CHARS) return false;
  const words = nameWords(name);
  return words.length === 2 && words[0] === 'log' && FAILURE_LOG_METHODS.has(words[1]);
}

/**
 * Words of a call that works out the answer to a challenge the other side sent: `solve_hashcash`,
 * `_solve_cf_ddos_challenge`, `captcha.decrypt(url)`, `decrypt_image(img)`, `captcha.challenge(key)`.
 * A loop that runs such a step each round answers a new challenge; it does not repeat an attempt.
 */
const CHALLENGE_WORDS: ReadonlySet<string> = new Set(['solve', 'decrypt', 'captcha', 'recaptcha', 'challenge', 'hashcash']);

/** Whether a function or method name is a challenge step (see {@link CHALLENGE_WORDS}). */
export function isChallengeStep(name: string): boolean {
  return name.length <= MAX_NAME_CHARS && nameWords(name).some((word) => CHALLENGE_WORDS.has(word));
}

/**
 * Whether a call hands work to a background task or thread: `asyncio.create_task(run())`,
 * `loop.create_task(...)`, `create_unique_task(name, run())`, `asyncio.ensure_future(...)`,
 * `nursery.start_soon(run)`, `gevent.spawn(run)`. A function started this way runs for the life of
 * the process, and restarting it after a logged failure and a pause is supervision, not a retry.
 */
export function isTaskSpawner(name: string): boolean {
  if (name.length > MAX_NAME_CHARS) return false;
  const words = nameWords(name);
  const last = words[words.length - 1];
  return last === 'task' || words.includes('spawn') || (words.length === 2 && ((words[0] === 'ensure' && last === 'future') || (words[0] === 'start' && last === 'soon')));
}

/** The longest source text a message quotes (`Retry loop around \`session.get()\``). */
export const MAX_QUOTED = 40;

/** One assignment of a function, as the clock analysis sees it: its target, whether its value reads a clock, the names it uses. */
export interface ClockAssignment {
  key: string;
  clock: boolean;
  uses: readonly string[];
}

/**
 * Names bound to a clock reading (`deadline = time.monotonic() + 30`) and names computed from those
 * (`elapsed = now() - start`), from a function's assignments in either language. A worklist: each
 * assignment is looked at once, and each name once per name it depends on.
 */
export function clockDependentNames(assignments: Iterable<ClockAssignment>): Set<string> {
  const names = new Set<string>();
  const dependents = new Map<string, string[]>();
  const queue: string[] = [];
  for (const { key, clock, uses } of assignments) {
    for (const used of uses) {
      if (used === key) continue;
      const list = dependents.get(used);
      if (list) list.push(key);
      else dependents.set(used, [key]);
    }
    if (clock && !names.has(key)) {
      names.add(key);
      queue.push(key);
    }
  }
  while (queue.length) {
    for (const next of dependents.get(queue.pop()!) ?? []) {
      if (names.has(next)) continue;
      names.add(next);
      queue.push(next);
    }
  }
  return names;
}

/**
 * What the retry detectors of both languages agree on, written once: which error codes are write
 * conflicts, which logger methods make a final failure visible, and how long a quoted attempt may
 * be in a message. The syntax-specific shapes (loops, counters, recursion) live in each
 * language's detector and follow the same rules, listed on the rule page.
 */

/**
 * Error codes of write conflicts, retried at once by design: Prisma unique constraint and write
 * conflict (also in prisma-client-py), PostgreSQL unique_violation, serialization_failure and
 * deadlock_detected, MySQL duplicate entry and deadlock (mysql2's `err.code`).
 */
export const WRITE_CONFLICT_CODES: ReadonlySet<string> = new Set(['P2002', 'P2034', '23505', '40001', '40P01', 'ER_DUP_ENTRY', 'ER_LOCK_DEADLOCK']);

/** Logger methods that make a final failure visible (`logger.error`, `log.warning`, `logger.exception`). */
export const FAILURE_LOG_METHODS: ReadonlySet<string> = new Set(['error', 'exception', 'critical', 'fatal', 'warning', 'warn']);

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

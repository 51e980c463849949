/**
 * The resource limits of every thread that lints (the command's own thread and the `--concurrency`
 * pool), and what to do when one runs out of memory.
 *
 * - Stack: parsers and ESLint's traversal recurse, and a 5,000-deep generated file must be a result,
 *   not "Maximum call stack size exceeded". Worker threads get 4 MB by default; ours get 256 MB.
 * - Old generation: without a limit, V8 sizes the heap from the machine's memory and lets garbage
 *   pile up before a full collection, so identical runs peaked anywhere between 460 MB and 1.1 GB
 *   (issue 19). What a run keeps alive is small (the current file's trees, the project index's
 *   bounded caches: about 100 MB after a collection on a 150,000-line TypeScript server), so a
 *   limit of 400 MB makes V8 collect before the heap grows instead, and the peak stays flat.
 *   A file that really needs more (one near the 5 MB source limit can) ends that thread with
 *   ERR_WORKER_OUT_OF_MEMORY; the work is then done again in a thread without the limit
 *   (`UNBOUNDED_LIMITS`), so the limit can cost time but never a result.
 */
import type { ResourceLimits } from 'node:worker_threads';

/** The stack every linting thread gets, in MB. */
export const STACK_SIZE_MB = 256;

/** The old-generation heap limit of a linting thread, in MB (see above). */
export const OLD_GENERATION_LIMIT_MB = 400;

/** Limits of a linting thread: the large stack and the bounded heap. */
export const LINT_THREAD_LIMITS: ResourceLimits = { stackSizeMb: STACK_SIZE_MB, maxOldGenerationSizeMb: OLD_GENERATION_LIMIT_MB };

/** Limits of a thread that redoes work after `LINT_THREAD_LIMITS` ran out of memory: the stack only. */
export const UNBOUNDED_LIMITS: ResourceLimits = { stackSizeMb: STACK_SIZE_MB };

/** Whether a worker thread ended because it reached its heap limit. */
export function isOutOfMemory(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}

/**
 * `--concurrency`: the listed files linted by a pool of worker threads of our own.
 *
 * ESLint's own `concurrency` is not used because (1) its workers get Node's default 4 MB stack, so a
 * 5,000-deep file that the command lints in one thread would crash a worker, and (2) its `auto`
 * starts `availableParallelism() / 2` workers at most, which is none on 2 cores. Each of our
 * threads gets the limits of threads.ts, builds the same ESLint options (options.ts) and asks
 * for files in small chunks, so a slow file does not leave the other threads idle; results come
 * back as plain data and the command formats them as if one thread had linted everything.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ESLint } from 'eslint';
import type { CloneableOptions } from './options.js';
import { isOutOfMemory, LINT_THREAD_LIMITS, UNBOUNDED_LIMITS } from './threads.js';

/**
 * With `--concurrency auto`, one thread per this many files (up to one per core). A thread costs
 * about a second of start-up (ESLint, the plugin, the WebAssembly grammar) and its own caches, so
 * below a few hundred files one thread is as fast.
 */
export const AUTO_FILES_PER_THREAD = 150;

/** Files handed to a thread at a time. */
const CHUNK = 8;

/** How many threads lint `fileCount` files: 0 means "lint in this thread". */
export function poolSize(concurrency: number | 'auto' | 'off' | undefined, fileCount: number, cores = availableParallelism()): number {
  if (concurrency === undefined || concurrency === 'off') return 0;
  const threads = concurrency === 'auto' ? Math.min(cores, Math.floor(fileCount / AUTO_FILES_PER_THREAD)) : Math.min(concurrency, Math.ceil(fileCount / CHUNK));
  return threads > 1 ? threads : 0;
}

/** What a pool thread sends: the results of the chunk it was given (none on its first message). */
export interface PoolReply {
  results: ESLint.LintResult[];
}

/** What a pool thread is sent: the next chunk, or null when there is none left. */
export interface PoolTask {
  files: string[] | null;
}

/** Lint `files` with `threads` worker threads; results in no particular order. */
export function lintInThreads(files: string[], threads: number, options: CloneableOptions): Promise<ESLint.LintResult[]> {
  const results: ESLint.LintResult[] = [];
  let next = 0;
  let running = 0;
  let failed = false;
  return new Promise((resolve, reject) => {
    const take = (): string[] | null => {
      if (next >= files.length) return null;
      const chunk = files.slice(next, next + CHUNK);
      next += chunk.length;
      return chunk;
    };
    const start = (resourceLimits: typeof LINT_THREAD_LIMITS, first: string[] | null): void => {
      running++;
      // The chunk this thread is linting: given to another thread if this one runs out of memory.
      let current: string[] | null = first;
      const worker = new Worker(new URL('./pool-worker.js', import.meta.url), {
        workerData: { options: { ...options, concurrency: 'off' } satisfies CloneableOptions },
        resourceLimits,
        stdout: false,
        stderr: false,
      });
      worker.on('message', (reply: PoolReply) => {
        results.push(...reply.results);
        current = failed ? null : take();
        worker.postMessage({ files: current } satisfies PoolTask);
      });
      worker.on('error', (error) => {
        if (!failed && isOutOfMemory(error) && resourceLimits !== UNBOUNDED_LIMITS) {
          start(UNBOUNDED_LIMITS, current ?? take());
          return;
        }
        failed = true;
        reject(error);
      });
      worker.on('exit', () => {
        running--;
        if (running === 0 && !failed) resolve(results);
      });
      worker.postMessage({ files: first } satisfies PoolTask);
    };
    for (let i = 0; i < threads; i++) start(LINT_THREAD_LIMITS, take());
  });
}

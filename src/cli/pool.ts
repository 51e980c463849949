/**
 * `--concurrency`: the listed files linted by the command's own thread and worker threads of ours.
 *
 * ESLint's own `concurrency` is not used because (1) its workers get Node's default 4 MB stack, so a
 * 5,000-deep file that the command lints in one thread would crash a worker, and (2) its `auto`
 * starts `availableParallelism() / 2` workers at most, which is none on 2 cores. Each of our
 * threads gets the limits of threads.ts, builds the same ESLint options (options.ts) and asks
 * for files in small chunks, so a slow file does not leave the other threads idle; results come
 * back as plain data and the command formats them as if one thread had linted everything.
 *
 * What did not scale (issue 19: 1.16x on 2 cores): the workers started only after the command had
 * loaded ESLint, its config and the plugin and listed the files, then each spent about a second
 * loading them again while the command's thread, warm, waited. Now the command's thread is one of
 * the linting threads, and the others are started before the files are listed (`startPool`), so
 * their start-up runs alongside the listing.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ESLint } from 'eslint';
import { lintListedFiles } from './lint.js';
import type { CloneableOptions } from './options.js';
import { isOutOfMemory, LINT_THREAD_LIMITS, UNBOUNDED_LIMITS } from './threads.js';

/**
 * With `--concurrency auto`, one thread per this many files (up to one per core). A thread costs
 * about a second of start-up (ESLint, the plugin, the WebAssembly grammar) and its own caches, so
 * below a few hundred files one thread is as fast.
 */
export const AUTO_FILES_PER_THREAD = 150;

/** How many threads lint `fileCount` files, the command's own included: 0 means "lint in this thread only". */
export function poolSize(concurrency: number | 'auto' | 'off' | undefined, fileCount: number, cores = availableParallelism()): number {
  if (concurrency === undefined || concurrency === 'off') return 0;
  const threads = concurrency === 'auto' ? Math.min(cores, Math.floor(fileCount / AUTO_FILES_PER_THREAD)) : Math.min(concurrency, Math.ceil(fileCount / CHUNK_SIZE));
  return threads > 1 ? threads : 0;
}

/**
 * Worker threads worth starting before the files are listed: the threads `--concurrency` can ask
 * for besides the command's own, up to the cores. `auto` on a folder too small for threads then
 * starts one that is ended once the files are counted (its start-up is the only cost).
 */
export function earlyWorkers(concurrency: number | 'auto' | 'off' | undefined, cores = availableParallelism()): number {
  if (concurrency === undefined || concurrency === 'off') return 0;
  return Math.max(0, Math.min(concurrency === 'auto' ? cores : concurrency, cores) - 1);
}

/** What a pool thread sends: the results of one chunk it linted, or that it has finished. */
export type PoolReply = { chunk: number; results: ESLint.LintResult[] } | { done: true };

/**
 * What a pool thread is sent, once: the files, and the shared counter from which every thread takes
 * the next chunk's number (`Atomics.add`), so that no thread waits for another's event loop to be
 * given work; `redo` lists chunks to lint first (those of a thread that ran out of memory).
 */
export interface PoolTask {
  files: string[];
  next: SharedArrayBuffer;
  redo: number[];
}

/** Files handed to a thread at a time. */
export const CHUNK_SIZE = 8;

/** The files of chunk `index`. */
export function chunkFiles(files: string[], index: number): string[] {
  return files.slice(index * CHUNK_SIZE, (index + 1) * CHUNK_SIZE);
}

interface PoolWorker {
  worker: Worker;
  limits: typeof LINT_THREAD_LIMITS;
  /** Set when the thread failed, or ended, before it was given work. */
  error?: Error;
  exited?: boolean;
  /** Called with the thread's messages, error and exit once it lints. */
  onMessage?: (reply: PoolReply) => void;
  onError?: (error: Error) => void;
  onExit?: () => void;
}

export interface Pool {
  /**
   * Lint `files` with `threads` threads: this one (`local`, the command's ESLint) and `threads - 1`
   * workers. Results in no particular order. Workers not needed are ended.
   */
  lint(files: string[], threads: number, local: Pick<ESLint, 'lintFiles'>): Promise<ESLint.LintResult[]>;
  /** End the workers (a run that stopped before linting, or had too few files for them). */
  stop(): void;
}

/**
 * Start `workers` worker threads that load ESLint with `options` and wait for files. They do not keep
 * the process alive until they are given work: a run that ends early (a usage error, nothing to lint)
 * does not wait for them.
 */
export function startPool(workers: number, options: CloneableOptions): Pool {
  const started: PoolWorker[] = [];
  const spawn = (limits: typeof LINT_THREAD_LIMITS): PoolWorker => {
    const worker = new Worker(new URL('./pool-worker.js', import.meta.url), {
      workerData: { options: { ...options, concurrency: 'off' } satisfies CloneableOptions },
      resourceLimits: limits,
      stdout: false,
      stderr: false,
    });
    worker.unref();
    const entry: PoolWorker = { worker, limits };
    worker.on('message', (reply: PoolReply) => entry.onMessage?.(reply));
    worker.on('error', (error) => {
      if (entry.onError) entry.onError(error);
      else entry.error = error;
    });
    worker.on('exit', () => {
      entry.exited = true;
      entry.onExit?.();
    });
    return entry;
  };
  for (let i = 0; i < workers; i++) started.push(spawn(LINT_THREAD_LIMITS));

  return {
    stop() {
      for (const entry of started.splice(0)) void entry.worker.terminate();
    },

    lint(files, threads, local) {
      const wanted = Math.max(0, threads - 1);
      for (const extra of started.splice(wanted)) void extra.worker.terminate();
      while (started.length < wanted) started.push(spawn(LINT_THREAD_LIMITS));
      const workersNow = started.splice(0);

      const chunks = Math.ceil(files.length / CHUNK_SIZE);
      const next = new Int32Array(new SharedArrayBuffer(4));
      const received = new Map<number, ESLint.LintResult[]>();
      let failed = false;
      const take = (): number | null => {
        if (failed) return null;
        const index = Atomics.add(next, 0, 1);
        return index < chunks ? index : null;
      };
      return new Promise((resolve, reject) => {
        const running = new Set<PoolWorker>();
        let localDone = false;
        let retried = false;
        const fail = (error: unknown) => {
          if (failed) return;
          failed = true;
          for (const entry of running) void entry.worker.terminate();
          reject(error);
        };
        const finish = () => {
          if (failed || running.size > 0 || !localDone) return;
          // Chunks taken by a thread that ran out of memory, redone once in a thread without the heap limit.
          const lost = Array.from({ length: chunks }, (_, index) => index).filter((index) => !received.has(index));
          if (lost.length && !retried) {
            retried = true;
            run(spawn(UNBOUNDED_LIMITS), lost);
            return;
          }
          if (lost.length) {
            fail(new Error(`${lost.length} chunk(s) of files could not be linted`));
            return;
          }
          resolve([...received.values()].flat());
        };
        const run = (entry: PoolWorker, redo: number[]): void => {
          if (entry.exited && !entry.error) entry = spawn(entry.limits);
          running.add(entry);
          let done = false;
          entry.worker.ref();
          entry.onMessage = (reply) => {
            if ('done' in reply) {
              done = true;
              running.delete(entry);
              finish();
            } else received.set(reply.chunk, reply.results);
          };
          entry.onError = (error) => {
            running.delete(entry);
            if (!failed && isOutOfMemory(error) && entry.limits !== UNBOUNDED_LIMITS) finish();
            else fail(error);
          };
          entry.onExit = () => {
            if (!done && running.has(entry)) fail(new Error('a linting thread ended before its work was done'));
          };
          if (entry.error) {
            const error = entry.error;
            entry.error = undefined;
            entry.onError(error);
            return;
          }
          entry.worker.postMessage({ files, next: next.buffer as SharedArrayBuffer, redo } satisfies PoolTask);
        };
        for (const entry of workersNow) run(entry, []);
        // This thread lints too: it has ESLint, the config and the plugin loaded already.
        void (async () => {
          try {
            for (let index = take(); index !== null; index = take()) received.set(index, await lintListedFiles(local, chunkFiles(files, index), []));
            localDone = true;
            finish();
          } catch (error) {
            fail(error);
          }
        })();
      });
    },
  };
}

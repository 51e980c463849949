#!/usr/bin/env node
/**
 * Entry point of `runtime-ops`. The lint runs in a worker thread with a large stack and a bounded
 * heap (see threads.ts): parsers and ESLint's traversal recurse, and a 5,000-deep generated file
 * must be a result, not a crash; peak memory must not depend on when V8 chooses to collect.
 */
import { Worker, isMainThread, parentPort, workerData, type ResourceLimits } from 'node:worker_threads';
import { isOutOfMemory, LINT_THREAD_LIMITS, UNBOUNDED_LIMITS } from './threads.js';

if (isMainThread) {
  // `runtime-ops | head`: when the reader goes away, stop writing and exit quietly with the lint's
  // own exit code, as eslint does. Any other failed write (`> /dev/full`) is one line and exit 2,
  // never an unhandled stack with the findings' exit code 1.
  let outputFailed = false;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') {
        stream.destroy();
        return;
      }
      if (outputFailed || stream !== process.stdout) return;
      outputFailed = true;
      process.stderr.write(`runtime-ops: could not write to standard output: ${error.code ?? error.message}\n`);
      process.exitCode = 2;
      process.exit(2);
    });
  }
  // The worker's heap is bounded (threads.ts); a run that needs more is run again without the bound,
  // unless it has already written output (a second run would write it twice).
  const start = (resourceLimits: ResourceLimits): void => {
    let wrote = false;
    let retried = false;
    const worker = new Worker(new URL(import.meta.url), {
      argv: process.argv.slice(2),
      workerData: { argv: process.argv.slice(2), cwd: process.cwd() },
      resourceLimits,
      stdout: false,
      stderr: false,
    });
    worker.on('message', (message: { code: number } | { wrote: true }) => {
      if ('wrote' in message) wrote = true;
      else process.exitCode = message.code;
    });
    worker.on('error', (error) => {
      if (isOutOfMemory(error) && !wrote && resourceLimits !== UNBOUNDED_LIMITS) {
        retried = true;
        start(UNBOUNDED_LIMITS);
        return;
      }
      process.stderr.write(`runtime-ops: ${error.message}\n`);
      process.exitCode = 2;
    });
    worker.on('exit', (code) => {
      if (code !== 0 && !retried && process.exitCode === undefined) process.exitCode = 2;
    });
  };
  start(LINT_THREAD_LIMITS);
} else {
  const { run } = await import('./main.js');
  const { argv, cwd } = workerData as { argv: string[]; cwd: string };
  let wrote = false;
  const write = (stream: NodeJS.WriteStream, text: string) => {
    if (!wrote) {
      wrote = true;
      parentPort!.postMessage({ wrote: true });
    }
    stream.write(text);
  };
  const code = await run(argv, {
    cwd,
    stdout: (text) => write(process.stdout, text),
    stderr: (text) => write(process.stderr, text),
  });
  parentPort!.postMessage({ code });
}

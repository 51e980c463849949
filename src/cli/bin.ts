#!/usr/bin/env node
/**
 * Entry point of `runtime-ops`. The lint runs in a worker thread with a large stack: parsers and
 * ESLint's traversal recurse, and a 5,000-deep generated file must be a result, not a crash.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

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
  const worker = new Worker(new URL(import.meta.url), {
    argv: process.argv.slice(2),
    workerData: { argv: process.argv.slice(2), cwd: process.cwd() },
    resourceLimits: { stackSizeMb: 256 },
    stdout: false,
    stderr: false,
  });
  worker.on('message', (code: number) => {
    process.exitCode = code;
  });
  worker.on('error', (error) => {
    process.stderr.write(`runtime-ops: ${error.message}\n`);
    process.exitCode = 2;
  });
  worker.on('exit', (code) => {
    if (code !== 0 && process.exitCode === undefined) process.exitCode = 2;
  });
} else {
  const { run } = await import('./main.js');
  const { argv, cwd } = workerData as { argv: string[]; cwd: string };
  const code = await run(argv, {
    cwd,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
  parentPort!.postMessage(code);
}

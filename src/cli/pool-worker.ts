/**
 * One thread of the `--concurrency` pool (pool.ts): lints the chunks of files it is sent with the
 * command's ESLint options and sends each chunk's results back, until it is sent `null`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ESLint } from 'eslint';
import { lintListedFiles } from './lint.js';
import { eslintOptions, type CloneableOptions } from './options.js';
import type { PoolReply, PoolTask } from './pool.js';

const { options } = workerData as { options: CloneableOptions };
const eslint = new ESLint(eslintOptions(options));
const port = parentPort!;

port.on('message', async (task: PoolTask) => {
  if (!task.files) {
    port.close();
    return;
  }
  const results = await lintListedFiles(eslint, task.files, []);
  port.postMessage({ results } satisfies PoolReply);
});

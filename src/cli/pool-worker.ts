/**
 * One thread of the `--concurrency` pool (pool.ts): lints the chunks of files it is sent with the
 * command's ESLint options and sends each chunk's results back, until it is sent `null`.
 *
 * It is started before the command has listed the files, so it loads the config (and with it the
 * plugin and the Python grammar) while it waits: ESLint would otherwise load them on the first chunk.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { ESLint } from 'eslint';
import { lintListedFiles } from './lint.js';
import { eslintOptions, type CloneableOptions } from './options.js';
import type { PoolReply, PoolTask } from './pool.js';

const { options } = workerData as { options: CloneableOptions };
const eslint = new ESLint(eslintOptions(options));
const port = parentPort!;
// Any error here (a broken config) is the first chunk's to report, as it would be without this.
const warm = eslint.isPathIgnored(path.join(options.cwd, 'runtime_ops_warm_up.py')).catch(() => undefined);

port.on('message', async (task: PoolTask) => {
  if (!task.files) {
    port.close();
    return;
  }
  await warm;
  const results = await lintListedFiles(eslint, task.files, []);
  port.postMessage({ results } satisfies PoolReply);
});

/**
 * One thread of the `--concurrency` pool (pool.ts): sent the files once, it takes chunk numbers from
 * the shared counter, lints each chunk with the command's ESLint options and sends its results back,
 * until no chunk is left.
 *
 * It is started before the command has listed the files, so it loads the config (and with it the
 * plugin and the Python grammar) while it waits: ESLint would otherwise load them on the first chunk.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { ESLint } from 'eslint';
import { lintListedFiles } from './lint.js';
import { eslintOptions, type CloneableOptions } from './options.js';
import { chunkFiles, CHUNK_SIZE, type PoolReply, type PoolTask } from './pool.js';

const { options } = workerData as { options: CloneableOptions };
const eslint = new ESLint(eslintOptions(options));
const port = parentPort!;
// Any error here (a broken config) is the first chunk's to report, as it would be without this.
const warm = eslint.isPathIgnored(path.join(options.cwd, 'runtime_ops_warm_up.py')).catch(() => undefined);

port.once('message', async (task: PoolTask) => {
  await warm;
  const next = new Int32Array(task.next);
  const chunks = Math.ceil(task.files.length / CHUNK_SIZE);
  const lint = async (chunk: number) => {
    const results = await lintListedFiles(eslint, chunkFiles(task.files, chunk), []);
    port.postMessage({ chunk, results } satisfies PoolReply);
  };
  for (const chunk of task.redo) await lint(chunk);
  for (let chunk = Atomics.add(next, 0, 1); chunk < chunks; chunk = Atomics.add(next, 0, 1)) await lint(chunk);
  port.postMessage({ done: true } satisfies PoolReply);
  port.close();
});

/**
 * ESLint's --cache and --concurrency work with the plugin, through the runtime-ops command:
 * identical results with and without them, and a cache hit on the second run.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
const exec = promisify(execFile);

interface Result {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; message: string }[];
}

function workspace(withConfig: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-cache-'));
  for (let i = 0; i < 6; i++) {
    writeFileSync(path.join(dir, `worker_${i}.py`), `import os\n\ndef handle(job):\n    print(job)\n    return os.environ["QUEUE_${i}"]\n`);
    writeFileSync(path.join(dir, `route-${i}.ts`), `export function handler(id: string) {\n  console.log(id);\n  return process.env.SECRET_${i};\n}\n`);
  }
  if (withConfig) {
    writeFileSync(
      path.join(dir, 'eslint.config.mjs'),
      `import plugin from ${JSON.stringify(path.join(ROOT, 'dist', 'src', 'index.js'))};\nexport default [...plugin.configs.recommended];\n`,
    );
  }
  return dir;
}

async function lint(dir: string, extra: string[]): Promise<Result[]> {
  const run = await exec(process.execPath, [BIN, '.', '--format', 'json', ...extra], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error) => error as { stdout: string },
  );
  return (JSON.parse(run.stdout) as Result[]).map((r) => ({
    filePath: path.relative(dir, r.filePath),
    messages: r.messages.map(({ ruleId, line, column, message }) => ({ ruleId, line, column, message })),
  }));
}

describe.each([
  ['zero configuration', false],
  ['the project config', true],
])('with %s', (_label, withConfig) => {
  it('--cache gives identical results and hits the cache on the second run', async () => {
    const dir = workspace(withConfig);
    const plain = await lint(dir, []);
    expect(plain.flatMap((r) => r.messages).length).toBeGreaterThanOrEqual(24);
    const cacheFile = path.join(dir, '.runtime-ops-cache');
    const first = await lint(dir, ['--cache', '--cache-location', cacheFile]);
    expect(first).toEqual(plain);
    expect(existsSync(cacheFile)).toBe(true);
    // Prove the hit: mark the cached messages; a second run that reads the cache reports the mark.
    const cached = readFileSync(cacheFile, 'utf8');
    expect(cached).toContain('`print` writes unstructured output');
    writeFileSync(cacheFile, cached.replaceAll('`print` writes unstructured output', '`print` (from cache) writes unstructured output'));
    const second = await lint(dir, ['--cache', '--cache-location', cacheFile]);
    const printMessages = second.flatMap((r) => r.messages).filter((m) => m.message.includes('`print`'));
    expect(printMessages.length).toBe(6);
    expect(printMessages.every((m) => m.message.includes('(from cache)'))).toBe(true);
  });

  it('--concurrency 2 gives identical results', async () => {
    const dir = workspace(withConfig);
    const plain = await lint(dir, []);
    const parallel = await lint(dir, ['--concurrency', '2']);
    expect(parallel).toEqual(plain);
  });
});

describe('--concurrency with facts from other files', () => {
  it('gives identical results when a finding depends on a file another thread lints', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-threads-'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'svc', private: true, runtimeOps: { kind: 'service' } }));
    // Files are linted in sorted order, eight to a thread at a time: config.ts is in the first chunk,
    // the handler that makes its read lazy in the second.
    writeFileSync(path.join(dir, 'config.ts'), 'export function databaseUrl() {\n  return process.env.DATABASE_URL;\n}\n');
    for (let i = 0; i < 8; i++) writeFileSync(path.join(dir, `module-${i}.ts`), `export const value${i} = ${i};\n`);
    writeFileSync(path.join(dir, 'zz-handler.ts'), "import { databaseUrl } from './config';\nexport function handler() {\n  return databaseUrl();\n}\n");
    const plain = await lint(dir, []);
    const lazy = (results: Result[]) => results.filter((r) => r.filePath === 'config.ts').flatMap((r) => r.messages.map((m) => `${m.ruleId}:${m.line}`));
    expect(lazy(plain)).toEqual(['runtime-ops/no-lazy-env-read:2']);
    expect(await lint(dir, ['--concurrency', '2'])).toEqual(plain);
  }, 180_000);
});

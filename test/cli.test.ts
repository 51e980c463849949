import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
const PLUGIN = path.join(ROOT, 'dist', 'src', 'index.js');

const project = (files: Record<string, string>) => tempProject(files, 'cli');
const cli = runCli;

const DIRTY_PY = 'def handler(user):\n    print(user)\n';
const DIRTY_TS = 'export function handler(id: string) {\n  console.log(id);\n}\n';

describe('runtime-ops command', () => {
  it('exits 0 on a clean project', async () => {
    const dir = project({ 'app.py': 'import logging\nlog = logging.getLogger(__name__)\n', 'app.ts': 'export const x = 1;\n' });
    const result = await cli([], dir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });

  it('exits 1 with findings in both languages and prints them (stylish)', async () => {
    const dir = project({ 'svc/app.py': DIRTY_PY, 'svc/app.ts': DIRTY_TS });
    const result = await cli(['svc'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(path.join(dir, 'svc', 'app.py'));
    expect(result.stdout).toContain(path.join(dir, 'svc', 'app.ts'));
    expect(result.stdout.match(/runtime-ops\/no-unstructured-logging/g)).toHaveLength(2);
  });

  it('writes ESLint JSON with --format json to --output-file', async () => {
    const dir = project({ 'app.py': DIRTY_PY });
    const result = await cli(['--format', 'json', '--output-file', 'out/report.json'], dir);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    const report = JSON.parse(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8'));
    expect(report).toHaveLength(1);
    expect(report[0].messages[0]).toMatchObject({ ruleId: 'runtime-ops/no-unstructured-logging', line: 2, column: 5 });
  });

  it('exits 2 with one clear line for a path that does not exist', async () => {
    const dir = project({ 'app.py': DIRTY_PY });
    const result = await cli(['missing-dir'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('runtime-ops: no such file or folder: missing-dir');
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('exits 2 on usage errors', async () => {
    const dir = project({});
    expect((await cli(['--format', 'xml'], dir)).code).toBe(2);
    expect((await cli(['--no-such-flag'], dir)).code).toBe(2);
    expect((await cli(['--max-warnings', 'many'], dir)).code).toBe(2);
    expect((await cli(['--config', 'nope.mjs'], dir)).code).toBe(2);
  });

  it('prints help and version', async () => {
    const dir = project({});
    const help = await cli(['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: runtime-ops');
    const version = await cli(['--version'], dir);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it('uses the project\'s eslint.config.* when there is one, zero config otherwise', async () => {
    const config = `import plugin from ${JSON.stringify(PLUGIN)};
export default [
  ...plugin.configs.recommended,
  { files: ['**/*.py'], rules: { 'runtime-ops/no-unstructured-logging': 'off' } },
];
`;
    const withConfig = project({ 'app.py': DIRTY_PY, 'app.ts': DIRTY_TS, 'eslint.config.mjs': config });
    const result = await cli(['--format', 'json'], withConfig);
    const report = JSON.parse(result.stdout) as { filePath: string; messages: unknown[] }[];
    const byFile = Object.fromEntries(report.map((r) => [path.basename(r.filePath), r.messages.length]));
    expect(byFile).toMatchObject({ 'app.py': 0, 'app.ts': 1 });

    const zero = project({ 'app.py': DIRTY_PY, 'app.ts': DIRTY_TS });
    const zeroReport = JSON.parse((await cli(['--format', 'json'], zero)).stdout) as { messages: unknown[] }[];
    expect(zeroReport.map((r) => r.messages.length)).toEqual([1, 1]);
  });

  it('--config points at a config file explicitly', async () => {
    const dir = project({
      'app.py': DIRTY_PY,
      'configs/lint.mjs': `import plugin from ${JSON.stringify(PLUGIN)};\nexport default [...plugin.configs.recommended, { rules: { 'runtime-ops/no-unstructured-logging': 'warn' } }];\n`,
    });
    const result = await cli(['--config', 'configs/lint.mjs', '--format', 'json'], dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)[0].messages[0].severity).toBe(1);
    const strict = await cli(['--config', 'configs/lint.mjs', '--max-warnings', '0'], dir);
    expect(strict.code).toBe(1);
  });

  it('skips the default-ignored folders in zero configuration', async () => {
    const dir = project({
      'app.py': 'x = 1\n',
      'node_modules/pkg/index.js': 'console.log(1);\n',
      '.venv/lib/site.py': 'print(1)\n',
      'venv/lib/site.py': 'print(1)\n',
      'dist/app.js': 'console.log(1);\n',
      'build/app.js': 'console.log(1);\n',
      '__pycache__/x.py': 'print(1)\n',
      '.tox/py/x.py': 'print(1)\n',
      'lib/site-packages/x.py': 'print(1)\n',
    });
    const result = await cli(['--format', 'json'], dir);
    const report = JSON.parse(result.stdout) as { filePath: string }[];
    expect(report.map((r) => path.relative(dir, r.filePath))).toEqual(['app.py']);
    expect(result.code).toBe(0);
  });

  it('leaves test files alone (recommended config)', async () => {
    const dir = project({
      'tests/test_app.py': DIRTY_PY,
      'app_test.py': DIRTY_PY,
      'conftest.py': DIRTY_PY,
      'src/app.test.ts': DIRTY_TS,
      'src/__tests__/x.ts': DIRTY_TS,
    });
    const result = await cli(['--format', 'json'], dir);
    expect(result.code).toBe(0);
  });

  it('zero configuration leaves unread the files whose role by path no rule checks; a project config lints them', async () => {
    const files = {
      'pyproject.toml': '[project]\nname = "svc"\n',
      'app.py': DIRTY_PY,
      // Unparsable, so a file that was read shows up with a parse error.
      'examples/demo.py': 'def f(:\n',
      'vendor/lib.js': 'function (\n',
      'svc/static/js/app.js': 'function (\n',
      'tools/release.py': 'def f(:\n',
      // Browser code by its content only: read, parsed, and reported as a parse error.
      'svc/web/page.js': 'document.title = (\n',
    };
    const zero = project(files);
    const report = JSON.parse((await cli(['--format', 'json'], zero)).stdout) as { filePath: string; messages: { fatal?: boolean }[] }[];
    expect(report.map((r) => path.relative(zero, r.filePath)).sort()).toEqual(['app.py', path.join('svc', 'web', 'page.js')]);
    expect(report.find((r) => r.filePath.endsWith('page.js'))!.messages[0].fatal).toBe(true);

    const config = `import plugin from ${JSON.stringify(PLUGIN)};\nexport default plugin.configs.recommended;\n`;
    const configured = project({ ...files, 'eslint.config.mjs': config });
    const all = JSON.parse((await cli(['--format', 'json'], configured)).stdout) as { filePath: string; messages: { fatal?: boolean }[] }[];
    const fatal = all.filter((r) => r.messages.some((m) => m.fatal)).map((r) => path.relative(configured, r.filePath));
    expect(fatal.sort()).toEqual(
      ['examples/demo.py', 'svc/static/js/app.js', 'svc/web/page.js', 'tools/release.py', 'vendor/lib.js'].map((f) => path.join(...f.split('/'))),
    );
  });

  it('a parse error is reported for its file and the run goes on', async () => {
    const dir = project({ 'bad.py': 'def f(:\n  pass\n', 'good.py': DIRTY_PY });
    const result = await cli(['--format', 'json'], dir);
    const report = JSON.parse(result.stdout) as { filePath: string; messages: { fatal?: boolean; line: number }[] }[];
    expect(report).toHaveLength(2);
    const bad = report.find((r) => r.filePath.endsWith('bad.py'))!;
    expect(bad.messages[0]).toMatchObject({ fatal: true, line: 1 });
    const good = report.find((r) => r.filePath.endsWith('good.py'))!;
    expect(good.messages).toHaveLength(1);
  });

  it('shards: the union of --shard i/n equals the unsharded run', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`pkg${i % 3}/mod${i}.py`] = DIRTY_PY;
    const dir = project(files);
    const all = JSON.parse((await cli(['--format', 'json'], dir)).stdout) as { filePath: string }[];
    const shards = await Promise.all([1, 2, 3].map((i) => cli(['--format', 'json', '--shard', `${i}/3`], dir)));
    const union = shards.flatMap((s) => JSON.parse(s.stdout) as { filePath: string }[]).map((r) => r.filePath);
    expect(union.sort()).toEqual(all.map((r) => r.filePath).sort());
    expect(new Set(union).size).toBe(union.length);
    expect((await cli(['--shard', '4/3'], dir)).code).toBe(2);
  });

  it('runs as a program: exit codes through the bin', async () => {
    const exec = promisify(execFile);
    const dir = project({ 'app.py': DIRTY_PY });
    const failure = await exec(process.execPath, [BIN, '.'], { cwd: dir }).catch((error) => error);
    expect(failure.code).toBe(1);
    expect(failure.stdout).toContain('no-unstructured-logging');
    const missing = await exec(process.execPath, [BIN, 'nope'], { cwd: dir }).catch((error) => error);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')[0]).toBe('runtime-ops: no such file or folder: nope');
    const clean = await exec(process.execPath, [BIN, '--version'], { cwd: dir });
    expect(clean.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

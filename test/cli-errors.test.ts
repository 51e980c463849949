/**
 * The command's error cases and eslint-compatible flags: each error is one line on stderr with the
 * reason first and exit 2; nothing is ever reported "clean" that no runtime-ops rule checked; the
 * zero-configuration run ignores other tools' directive comments and honours .gitignore.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { runCli, tempProject } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
const PLUGIN = pathToFileURL(path.join(ROOT, 'dist', 'src', 'index.js')).href;

const project = (files: Record<string, string>) => tempProject(files, 'cli-errors');
const cli = runCli;

const DIRTY_PY = 'def handler(user):\n    print(user)\n';
const CLEAN_PY = 'import logging\n\nlog = logging.getLogger(__name__)\n';
const withPlugin = (extra = '') => `import runtimeOps from '${PLUGIN}';\nexport default [...runtimeOps.configs.recommended${extra}];\n`;

describe('errors: one line, the reason first, exit 2', () => {
  it('a bad rule option prints ESLint\'s whole message, naming the config', async () => {
    const dir = project({
      'app.py': CLEAN_PY,
      'eslint.config.mjs': withPlugin(", { rules: { 'runtime-ops/no-unstructured-logging': ['error', 'loud'] } }"),
    });
    const result = await cli([], dir);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(
      'runtime-ops: invalid config eslint.config.mjs: Key "rules": Key "runtime-ops/no-unstructured-logging": Value "loud" should be object.\n',
    );
  });

  it('a config that throws names the file and the line', async () => {
    const dir = project({ 'app.py': CLEAN_PY, 'eslint.config.mjs': "const settings = {};\nthrow new Error('no settings');\n" });
    expect(await cli([], dir)).toEqual({ code: 2, stdout: '', stderr: 'runtime-ops: cannot load config eslint.config.mjs (line 2): no settings\n' });
  });

  it('a config that does not parse names the file and the syntax error', async () => {
    const dir = project({ 'app.py': CLEAN_PY, 'eslint.config.mjs': 'export default [;\n' });
    expect(await cli([], dir)).toEqual({ code: 2, stdout: '', stderr: "runtime-ops: cannot load config eslint.config.mjs: SyntaxError: Unexpected token ';'\n" });
  });

  it('an unknown flag gets a clean message, with what to use instead for eslint flags', async () => {
    const dir = project({ 'app.py': CLEAN_PY });
    const unknown = await cli(['--frobnicate'], dir);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr.split('\n')[0]).toBe('runtime-ops: unknown option --frobnicate');
    expect((await cli(['--ext', '.py'], dir)).stderr.split('\n')[0]).toBe(
      'runtime-ops: unknown option --ext: name the files with a glob instead, for example "src/**/*.py"',
    );
    expect((await cli(['-x'], dir)).stderr.split('\n')[0]).toBe('runtime-ops: unknown option -x');
    expect((await cli(['--format'], dir)).stderr.split('\n')[0]).toBe('runtime-ops: option --format needs a value');
    expect((await cli(['--quiet=yes'], dir)).stderr.split('\n')[0]).toBe('runtime-ops: option --quiet takes no value');
  });

  it('a project config without runtime-ops: says nothing would be checked, even for named files', async () => {
    const dir = project({ 'app.py': DIRTY_PY, 'eslint.config.mjs': "export default [{ files: ['**/*.py'] }];\n" });
    const expected = {
      code: 2,
      stdout: '',
      stderr:
        'runtime-ops: no runtime-ops rule is enabled for the 1 file to lint by eslint.config.mjs, so nothing would be checked; add ...runtimeOps.configs.recommended to it, or pass another config with --config\n',
    };
    expect(await cli(['app.py'], dir)).toEqual(expected);
    // The folder holds eslint.config.mjs too (ESLint lints .mjs by default): two files.
    expect((await cli([], dir)).stderr).toContain('for the 2 files to lint by eslint.config.mjs');
  });

  it('an empty folder or a glob that matches nothing is not "clean"', async () => {
    const dir = project({ 'empty/README.md': '# nothing to lint\n' });
    expect(await cli(['empty'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'runtime-ops: no file to lint in empty: no .ts/.tsx/.js/.jsx/.mjs/.cjs/.mts/.cts/.py/.pyi file there that the config does not ignore\n',
    });
    expect(await cli(['src/**/*.py'], dir)).toEqual({ code: 2, stdout: '', stderr: 'runtime-ops: no file matches src/**/*.py\n' });
  });
});

describe('eslint flags', () => {
  it('--max-warnings -1 means no limit, as in eslint', async () => {
    const dir = project({ 'app.py': DIRTY_PY, 'eslint.config.mjs': withPlugin(", { rules: { 'runtime-ops/no-unstructured-logging': 'warn' } }") });
    expect((await cli(['--max-warnings', '-1'], dir)).code).toBe(0);
    expect((await cli(['--max-warnings=-1'], dir)).code).toBe(0);
    expect((await cli(['--max-warnings', '0'], dir)).code).toBe(1);
  });

  it('--quiet reports errors only', async () => {
    const dir = project({
      'warn.py': DIRTY_PY,
      'error.py': 'import os\n\n\ndef handler():\n    return os.environ["KEY"]\n',
      'eslint.config.mjs': withPlugin(", { rules: { 'runtime-ops/no-unstructured-logging': 'warn' } }"),
    });
    const report = JSON.parse((await cli(['--quiet', '--format', 'json', 'warn.py', 'error.py'], dir)).stdout) as {
      filePath: string;
      messages: { ruleId: string }[];
      warningCount: number;
    }[];
    expect(report.map((r) => [path.basename(r.filePath), r.messages.map((m) => m.ruleId), r.warningCount])).toEqual([
      ['error.py', ['runtime-ops/no-lazy-env-read'], 0],
      ['warn.py', [], 0],
    ]);
  });

  it('ignored files named on the command line are not failures (the lint-staged pattern)', async () => {
    const dir = project({ 'tests/test_app.py': DIRTY_PY, 'app_test.py': DIRTY_PY, 'app.py': CLEAN_PY });
    expect(await cli(['--max-warnings', '0', 'tests/test_app.py', 'app_test.py'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await cli(['--no-warn-ignored', '--max-warnings', '0', 'tests/test_app.py', 'app.py'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--fix-dry-run computes fixes without writing; --fix writes them', async () => {
    // ESLint's removal of a directive comment keeps the spaces before it: compare without them.
    const trimmed = (code: string | undefined) => code?.split('\n').map((line) => line.trimEnd()).join('\n');
    const text = 'import logging\n\nlog = logging.getLogger(__name__)\nlog.info("x")  # noqa: runtime-ops/no-unstructured-logging\n';
    const dir = project({ 'app.py': text });
    const dry = await cli(['--report-unused-disable-directives', '--fix-dry-run', '--format', 'json'], dir);
    const [result] = JSON.parse(dry.stdout) as { output?: string; messages: unknown[] }[];
    expect(trimmed(result.output)).toBe('import logging\n\nlog = logging.getLogger(__name__)\nlog.info("x")\n');
    expect(readFileSync(path.join(dir, 'app.py'), 'utf8')).toBe(text);
    expect(dry.code).toBe(0);
    // Without the flag, the unused directive is a warning (ESLint's default); with it, an error.
    expect((await cli([], dir)).code).toBe(0);
    expect((await cli(['--report-unused-disable-directives'], dir)).code).toBe(1);
    expect((await cli(['--fix', '--report-unused-disable-directives'], dir)).code).toBe(0);
    expect(trimmed(readFileSync(path.join(dir, 'app.py'), 'utf8'))).toBe('import logging\n\nlog = logging.getLogger(__name__)\nlog.info("x")\n');
    expect((await cli(['--fix', '--fix-dry-run'], dir)).stderr.split('\n')[0]).toBe('runtime-ops: --fix and --fix-dry-run cannot be used together');
  });

  it('piped to head, exits quietly with the lint\'s exit code', async () => {
    const dir = project(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`svc/m${i}.py`, DIRTY_PY])));
    // `head -1` closes the pipe after the first line; bash reports the command's own exit status.
    const { stdout, stderr } = await promisify(execFile)(
      'bash',
      ['-c', `node ${JSON.stringify(BIN)} svc | head -1; echo "exit=\${PIPESTATUS[0]}"`],
      { cwd: dir },
    );
    expect(stderr).toBe('');
    expect(stdout.trim().split('\n').at(-1)).toBe('exit=1');
  });
});

describe('zero configuration on a real repository', () => {
  /** Directive comments for plugins the zero-configuration run does not load, and no runtime-ops finding. */
  const FOREIGN_DIRECTIVES = {
    'src/app.ts': [
      '// eslint-disable-next-line @typescript-eslint/no-explicit-any',
      'export const load = (value: any) => value;',
      '/* eslint-disable react-hooks/exhaustive-deps */',
      "export const x = 1; // eslint-disable-line import/no-unresolved",
      '/* eslint no-console: "off", @typescript-eslint/no-unused-vars: "off" */',
      '// eslint-disable-next-line no-console',
      'export const y = 2;',
      '// eslint-disable-next-line',
      'export const z = 3;',
      '',
    ].join('\n'),
    // A vendored bundle written for ESLint 8: ESLint 10 reports its environment comments as errors.
    'static/vendor/reader.umd.js': '/* eslint-env browser */\nvar a = 1;\n/* eslint-env node, es6 */\nvar b = a;\n',
    // Two bundled modules configuring the same core rule: ESLint notes the second one.
    'static/vendor/bundle.js': '/* eslint func-names: 0 */\nvar f = function () {};\n/* eslint func-names: 0 */\nvar g = function () {};\n',
    'src/worker.py': [
      'import logging',
      '',
      'log = logging.getLogger(__name__)',
      '',
      '',
      'def run():  # eslint-disable-line pylint/broad-except',
      '    # eslint-disable-next-line flake8/E501, no-console',
      '    log.info("started")',
      '',
    ].join('\n'),
  };

  it('a repository full of other plugins\' directives exits 0 and prints nothing', async () => {
    const dir = project(FOREIGN_DIRECTIVES);
    expect(await cli([], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await cli(['--report-unused-disable-directives'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('unused directives are reported for runtime-ops rules only, and --fix removes only those', async () => {
    const dir = project({
      ...FOREIGN_DIRECTIVES,
      'src/job.py': 'import logging\n\nlog = logging.getLogger(__name__)\n# eslint-disable-next-line runtime-ops/no-unstructured-logging, no-console\nlog.info("ok")\n',
    });
    const report = JSON.parse((await cli(['--report-unused-disable-directives', '--format', 'json'], dir)).stdout) as {
      filePath: string;
      messages: { message: string; line: number }[];
    }[];
    expect(report.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.line} ${m.message}`))).toEqual([
      "job.py:4 Unused eslint-disable directive (no problems were reported from 'runtime-ops/no-unstructured-logging' or 'no-console').",
    ]);
    expect((await cli(['--fix', '--report-unused-disable-directives'], dir)).code).toBe(0);
    expect(readFileSync(path.join(dir, 'src/app.ts'), 'utf8')).toBe(FOREIGN_DIRECTIVES['src/app.ts']);
    expect(readFileSync(path.join(dir, 'src/worker.py'), 'utf8')).toBe(FOREIGN_DIRECTIVES['src/worker.py']);
    expect(readFileSync(path.join(dir, 'src/job.py'), 'utf8')).not.toContain('eslint-disable');
  });

  it('--no-config-lookup lints with the recommended config where the project\'s own config cannot load', async () => {
    const dir = project({ 'eslint.config.mjs': "import tseslint from 'typescript-eslint';\nexport default tseslint.config();\n", 'svc/app.py': DIRTY_PY });
    const withConfig = await cli([], dir);
    expect(withConfig.code).toBe(2);
    expect(withConfig.stderr).toMatch(/^runtime-ops: cannot load config eslint\.config\.mjs: .*typescript-eslint/);
    const zero = await cli(['--no-config-lookup', '--format', 'json'], dir);
    expect(zero.code).toBe(1);
    const report = JSON.parse(zero.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    expect(report.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.ruleId}`))).toEqual([
      'svc/app.py:2 runtime-ops/no-unstructured-logging',
    ]);
  });

  it('honours the project\'s .gitignore', async () => {
    const dir = project({
      // (`*.gen.py` names generated code, which zero configuration leaves unread anyway: `*.local.py` here)
      '.gitignore': '# build output\nout/\n*.local.py\n!keep.local.py\n',
      'out/client.py': DIRTY_PY,
      'api.local.py': DIRTY_PY,
      'keep.local.py': DIRTY_PY,
      'app.py': DIRTY_PY,
    });
    const report = JSON.parse((await cli(['--format', 'json'], dir)).stdout) as { filePath: string }[];
    expect(report.map((r) => path.relative(dir, r.filePath)).sort()).toEqual(['app.py', 'keep.local.py']);
  });

  it('ignores the non-source folders of Python and Node projects', async () => {
    const dir = project({
      'app.py': CLEAN_PY,
      '.mypy_cache/3.12/app.py': DIRTY_PY,
      '.ruff_cache/x.py': DIRTY_PY,
      '.venv/lib/python3.12/site-packages/dep.py': DIRTY_PY,
      'tests.py': DIRTY_PY,
    });
    expect(await cli([], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

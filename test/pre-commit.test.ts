/**
 * The pre-commit hook (.pre-commit-hooks.yaml): its definition is one pre-commit can install
 * (language node, an entry that is our bin, file types covering every extension we lint), and its
 * entry, run the way pre-commit runs it (entry, then args, then the staged file names, in the
 * project's root), fails on findings and passes on clean files.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PYTHON_FILES, TS_FILES } from '../src/index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
const FIXTURES = path.join(ROOT, 'fixtures', 'no-unstructured-logging');
const RULE = 'runtime-ops/no-unstructured-logging';

type Hook = Record<string, string | string[] | boolean>;

/**
 * Read .pre-commit-hooks.yaml: a list of flat mappings whose values are scalars or flow
 * sequences (`[a, b]`). That is all the file uses; anything else fails the parse loudly.
 */
function parseHooks(text: string): Hook[] {
  const hooks: Hook[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '');
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const match = /^(- |  )([a-z_]+): *(.*)$/.exec(line);
    if (!match) throw new Error(`unexpected line in .pre-commit-hooks.yaml: ${raw}`);
    const [, lead, key, value] = match;
    if (lead === '- ') hooks.push({});
    const hook = hooks.at(-1);
    if (!hook) throw new Error(`key outside a hook: ${raw}`);
    hook[key] = scalarOrList(value);
  }
  return hooks;
}

function scalarOrList(value: string): string | string[] | boolean {
  if (value.startsWith('[')) {
    const inner = value.replace(/^\[|\]$/g, '').trim();
    return inner ? inner.split(',').map((item) => item.trim().replace(/^(['"])(.*)\1$/, '$2')) : [];
  }
  if (value === 'true' || value === 'false') return value === 'true';
  return value.replace(/^(['"])(.*)\1$/, '$2');
}

/** The `identify` file types pre-commit assigns to each extension we lint. */
const IDENTIFY_TYPE: Record<string, string> = {
  py: 'python',
  pyi: 'pyi',
  ts: 'ts',
  mts: 'ts',
  cts: 'ts',
  tsx: 'tsx',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'jsx',
};

const hooks = parseHooks(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
const hook = hooks[0];

/** Run the hook's entry as pre-commit does: `entry args... files...` in the project root. */
async function runHook(cwd: string, files: string[]) {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  // pre-commit puts the installed package's bin on PATH; the bin is this file.
  expect(path.resolve(ROOT, pkg.bin[hook.entry as string])).toBe(BIN);
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...(hook.args as string[]), ...files], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A project folder holding copies of the given fixture files (plus extra files). */
function projectWith(fixtures: string[], extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-pre-commit-'));
  for (const name of fixtures) copyFileSync(path.join(FIXTURES, name), path.join(dir, name));
  for (const [name, text] of Object.entries(extra)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Lines a fixture expects a finding of the rule on (the line after each `ruleid:` annotation). */
function expectedLines(fixture: string): number[] {
  return readFileSync(path.join(FIXTURES, fixture), 'utf8')
    .split('\n')
    .flatMap((line, index) => (new RegExp(`^\\s*(#|//) ruleid: ${RULE}\\s*$`).test(line) ? [index + 2] : []));
}

/** The lines the stylish report lists for the rule, per file (relative to the project). */
function reportedLines(stdout: string, cwd: string): Record<string, number[]> {
  const byFile: Record<string, number[]> = {};
  let current = '';
  for (const line of stdout.split('\n')) {
    if (line.startsWith('/')) current = path.relative(cwd, line.trim());
    const finding = /^\s+(\d+):\d+\s+error\s.*\s(\S+)$/.exec(line);
    if (finding && finding[2] === RULE) (byFile[current] ??= []).push(Number(finding[1]));
  }
  return byFile;
}

describe('.pre-commit-hooks.yaml', () => {
  it('defines one node hook whose entry is the runtime-ops bin, taking file names', () => {
    expect(hooks).toHaveLength(1);
    expect(hook).toMatchObject({ id: 'runtime-ops', entry: 'runtime-ops', language: 'node', pass_filenames: true, args: ['--'] });
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    // pre-commit installs the repository with `npm install -g git+file://...`; npm then runs `prepare`
    // in a clone whose dependencies it did not install (npm/cli#8440), so `prepare` installs them
    // itself when TypeScript cannot be resolved, then builds the bin the hook runs.
    expect(pkg.scripts.prepare).toMatch(/^\(node -e "try\{require\.resolve\('typescript'\)\}catch\{process\.exit\(1\)\}" \|\| npm install --global=false --ignore-scripts [^)]*\) && npm run build$/);
  });

  it('selects every file type the plugin lints, and only those', () => {
    const extensions = [...TS_FILES, ...PYTHON_FILES].map((glob) => glob.replace('**/*.', ''));
    const types = new Set(extensions.map((extension) => IDENTIFY_TYPE[extension]));
    expect(types.has(undefined as never)).toBe(false);
    expect(new Set(hook.types_or as string[])).toEqual(types);
  });
});

describe('the hook entry, run as pre-commit runs it', () => {
  it('exits 1 and reports each staged file with findings, at the annotated lines', async () => {
    const fixtures = ['celery_tasks.py', 'orders-service.ts'];
    const dir = projectWith(fixtures);
    const result = await runHook(dir, fixtures);
    expect(result.code).toBe(1);
    expect(reportedLines(result.stdout, dir)).toEqual({
      'celery_tasks.py': expectedLines('celery_tasks.py'),
      'orders-service.ts': expectedLines('orders-service.ts'),
    });
    expect(expectedLines('celery_tasks.py')).toHaveLength(4);
  });

  it('lints exactly the file names it is given (pass_filenames), not the rest of the project', async () => {
    const dir = projectWith(['celery_tasks.py', 'flask_orders.py', 'billing-worker.ts']);
    const result = await runHook(dir, ['flask_orders.py', 'billing-worker.ts']);
    expect(result.code).toBe(1);
    expect(Object.keys(reportedLines(result.stdout, dir)).sort()).toEqual(['billing-worker.ts', 'flask_orders.py']);
    expect(result.stdout).not.toContain('celery_tasks.py');
  });

  it('exits 0 when the staged files are clean, and skips staged test files the config ignores', async () => {
    const dir = projectWith([], {
      'app/service.py': 'import logging\n\nlog = logging.getLogger(__name__)\nlog.info("started")\n',
      'web/server.ts': "export const port = 8080;\n",
      'tests/test_service.py': 'print("debugging a test")\n',
    });
    const result = await runHook(dir, ['app/service.py', 'web/server.ts', 'tests/test_service.py']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('takes many file names in one call (pre-commit batches them)', async () => {
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`pkg/mod_${i}.py`, i === 37 ? 'print("x")\n' : 'x = 1\n']));
    const dir = projectWith([], files);
    const result = await runHook(dir, Object.keys(files));
    expect(result.code).toBe(1);
    expect(reportedLines(result.stdout, dir)).toEqual({ [path.join('pkg', 'mod_37.py')]: [1] });
  });
});

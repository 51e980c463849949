/**
 * Hostile input: every file gets a result and the run goes on. Runs the real command (the bin,
 * with its big-stack worker) over one folder holding every kind of bad file at once.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { pluginConfig } from './plugin-config.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
const exec = promisify(execFile);

/** Deterministic pseudo-random bytes (xorshift), so the binary files are the same every run. */
function bytes(count: number, seed: number): Buffer {
  const out = Buffer.alloc(count);
  let x = seed;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

interface Message {
  ruleId: string | null;
  fatal?: boolean;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}
interface Result {
  filePath: string;
  messages: Message[];
}

const files: Record<string, string | Buffer> = {
  'deep_parens.py': `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\nprint(x)\n`,
  'deep-array.ts': `export const x = ${'['.repeat(5000)}1${']'.repeat(5000)};\nconsole.log(x);\n`,
  'deep-calls.ts': `export const y = ${'f('.repeat(5000)}1${')'.repeat(5000)};\n`,
  // a 5 MB module (protobuf-style descriptors; a generated header would make it generated code, which no rule reads)
  'huge_module.py':
    '# Protobuf-style descriptors, 5 MB.\nimport logging\n_log = logging.getLogger(__name__)\n' +
    Array.from({ length: 55_000 }, (_, i) => `_DESC_${i} = {"name": "field_${i}", "number": ${i}, "type": 9, "label": 1, "json": "f${i}"}\n`).join('') +
    'print("loaded")\n',
  // a 2 MB single line
  'minified.js': `export const data=[${Array.from({ length: 320_000 }, (_, i) => i).join(',')}];console.log(data.length);\n`,
  'binary.py': bytes(40_000, 7),
  'binary.ts': bytes(40_000, 11),
  'invalid_utf8.py': Buffer.concat([Buffer.from('x = "'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"\nprint(x)\n')]),
  'nul_byte.py': Buffer.from('x = 1\nab\0cd\n'),
  'bom_crlf.py': '\uFEFFimport os\r\n\r\nprint("x")\r\n',
  'bom-crlf.ts': '\uFEFFconst a = 1;\r\nconsole.log(a);\r\n',
  'tabs_emoji.py': 'def f():\n\tx = "😀漢"; print(x)\n',
  'emoji.ts': 'const s = "😀😀漢"; console.log(s);\n',
  'unterminated_string.py': 'x = 1\ny = "open\nz = 2\n',
  'unterminated_bracket.py': 'x = [1,\n  2,\n',
  'unterminated.ts': 'const x = "abc\nconst y = (1,\n',
  'empty.py': '',
  'empty.ts': '',
  'with space.py': 'print(1)\n',
  'hash#name.py': 'print(1)\n',
  'per%cent.ts': 'console.log(1);\n',
  'ünïcødé_名前.py': 'print(1)\n',
  // 10,000-term expressions: deep left-leaning trees that recursive helpers would overflow on
  'long_chain.py': `import logging\nlog = logging.getLogger()\ndef f(x):\n    log.info("a"${' + x + "b"'.repeat(5000)})\n    return ${Array(5000).fill('x').join(' or ')}\n`,
  // old Mac line endings (CR only), and an escape sequence in an environment variable name
  'cr_only.py': 'import os\rdef handler():\r    return os.environ["X\\t"]\rprint(1)\r',
  // over the 5 MB limit: one notice each, not parsed
  'oversized.py': 'x = 1\n'.repeat(900_000),
  'oversized.ts': 'x;\n'.repeat(1_800_000),
  'long-chain.ts': `import { logger } from './l';\nexport function f(x: string) {\n  logger.info('a'${" + x + 'b'".repeat(5000)});\n  return ${Array(5000).fill('x').join(' || ')};\n}\n`,
};

/** What each file must produce: a fatal parse error at a line, or findings at positions, or nothing. */
const expected: Record<string, { fatalLine?: number; findings?: [number, number][] }> = {
  'deep_parens.py': { findings: [[2, 1]] },
  'deep-array.ts': { findings: [[2, 1]] },
  'deep-calls.ts': { findings: [] },
  'huge_module.py': { findings: [[55_004, 1]] },
  'minified.js': { findings: [[1, (files['minified.js'] as string).indexOf('console.log') + 1]] },
  'binary.py': { fatalLine: undefined },
  'binary.ts': { fatalLine: undefined },
  'invalid_utf8.py': { findings: [[2, 1]] },
  'nul_byte.py': { fatalLine: 2 },
  'bom_crlf.py': { findings: [[3, 1]] },
  'bom-crlf.ts': { findings: [[2, 1]] },
  'tabs_emoji.py': { findings: [[2, 13]] },
  'emoji.ts': { findings: [[1, 20]] }, // two emoji are 4 UTF-16 units, 漢 one
  'unterminated_string.py': { fatalLine: 2 },
  'unterminated_bracket.py': { fatalLine: 1 },
  'unterminated.ts': { fatalLine: 1 },
  'empty.py': { findings: [] },
  'empty.ts': { findings: [] },
  'with space.py': { findings: [[1, 1]] },
  'hash#name.py': { findings: [[1, 1]] },
  'per%cent.ts': { findings: [[1, 1]] },
  'ünïcødé_名前.py': { findings: [[1, 1]] },
  'cr_only.py': { findings: [[3, 12], [4, 1]] },
  'oversized.py': { fatalLine: 1 },
  'oversized.ts': { fatalLine: 1 },
  'long_chain.py': { findings: [[4, 14]] },
  'long-chain.ts': { findings: [[3, 15]] },
};

describe('hostile input through the runtime-ops command', () => {
  let dir: string;
  let results: Map<string, Result>;
  let exitCode: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-hostile-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    // a symlink loop: a folder linking to its parent
    mkdirSync(path.join(dir, 'loop'));
    symlinkSync('..', path.join(dir, 'loop', 'up'));
    const run = await exec(process.execPath, [BIN, '.', '--format', 'json'], { cwd: dir, maxBuffer: 256 * 1024 * 1024 }).catch(
      (error) => error as { stdout: string; code: number },
    );
    exitCode = (run as { code?: number }).code ?? 0;
    results = new Map((JSON.parse(run.stdout) as Result[]).map((r) => [path.relative(dir, r.filePath), r]));
  }, 300_000);

  it('exits 1 (findings and parse errors), not 2: nothing crashed', () => {
    expect(exitCode).toBe(1);
  });

  it('has exactly one result for every file, the symlink loop walked once', () => {
    expect([...results.keys()].sort()).toEqual(Object.keys(files).sort());
  });

  // Our own thread pool: each thread has the large stack (the 5,000-deep files) and a heap bound
  // that the 5 MB module may exceed (its chunk is then linted again by a thread without the bound).
  it('gives the same results with --concurrency 2', async () => {
    const run = await exec(process.execPath, [BIN, '.', '--format', 'json', '--concurrency', '2'], { cwd: dir, maxBuffer: 256 * 1024 * 1024 }).catch(
      (error) => error as { stdout: string; code: number },
    );
    expect((run as { code?: number }).code).toBe(1);
    const parallel = new Map((JSON.parse(run.stdout) as Result[]).map((r) => [path.relative(dir, r.filePath), r]));
    expect([...parallel.keys()].sort()).toEqual([...results.keys()].sort());
    for (const [name, result] of results) expect(parallel.get(name)!.messages, name).toEqual(result.messages);
  }, 600_000);

  it.each(Object.keys(expected))('%s', (name) => {
    const result = results.get(name)!;
    const want = expected[name];
    const fatal = result.messages.filter((m) => m.fatal);
    if ('fatalLine' in want) {
      expect(fatal, `${name} has one parse error`).toHaveLength(1);
      expect(fatal[0].message).toMatch(/^Parsing error: /);
      if (want.fatalLine !== undefined) expect(fatal[0].line).toBe(want.fatalLine);
    } else {
      expect(fatal).toEqual([]);
      expect(result.messages.map((m) => [m.line, m.column])).toEqual(want.findings);
    }
  });

  it('keeps every position inside its file', () => {
    for (const [name, result] of results) {
      const text = Buffer.isBuffer(files[name]) ? (files[name] as Buffer).toString('utf8') : (files[name] as string);
      const lines = text.replace(/^\uFEFF/, '').split(/\r\n|[\r\n]/);
      for (const m of result.messages) {
        expect(m.line, name).toBeGreaterThanOrEqual(1);
        expect(m.line, name).toBeLessThanOrEqual(lines.length);
        expect(m.column, name).toBeGreaterThanOrEqual(1);
        expect(m.column, name).toBeLessThanOrEqual(lines[m.line - 1].length + 1);
      }
    }
  });
});

describe('an unreadable file', () => {
  // Root reads everything, so as root the command runs as `nobody` (setpriv) to make the file unreadable.
  const isRoot = process.getuid?.() === 0;
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  // ...and `nobody` must be able to reach the built command (a checkout under a private folder is not).
  const nobodyCanRun =
    !isRoot ||
    (setpriv !== undefined &&
      spawnSync(setpriv, ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(BIN)})`]).status === 0);
  const canTest = process.platform !== 'win32' && nobodyCanRun;
  const reason = canTest ? '' : ' [skipped: as root this needs setpriv and a checkout that user nobody can read]';

  it.skipIf(!canTest)(`gets a message of its own and the run goes on${reason}`, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-unreadable-'));
    chmodSync(dir, 0o755);
    writeFileSync(path.join(dir, 'secret.py'), 'print(1)\n');
    writeFileSync(path.join(dir, 'open.py'), 'print(1)\n');
    chmodSync(path.join(dir, 'secret.py'), 0o000);
    const command = isRoot ? setpriv! : process.execPath;
    const args = isRoot ? ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, BIN, '.', '--format', 'json'] : [BIN, '.', '--format', 'json'];
    const run = await exec(command, args, { cwd: dir, env: { ...process.env, HOME: dir } }).catch((error) => error as { stdout: string; code: number });
    expect((run as { code?: number }).code).toBe(1);
    const report = JSON.parse(run.stdout) as Result[];
    const byName = Object.fromEntries(report.map((r) => [path.basename(r.filePath), r.messages]));
    expect(byName['secret.py']).toEqual([expect.objectContaining({ fatal: true, line: 1, column: 1, message: 'Could not read file: EACCES' })]);
    expect(byName['open.py']).toEqual([expect.objectContaining({ ruleId: 'runtime-ops/no-unstructured-logging', line: 1 })]);
  });
});

describe('the hostile corpus itself', () => {
  it('has a 5 MB generated module and a 2 MB single line', () => {
    expect(Buffer.byteLength(files['huge_module.py'] as string)).toBeGreaterThan(5_000_000);
    expect((files['minified.js'] as string).split('\n')[0].length).toBeGreaterThan(2_000_000);
  });
});

describe('deep expressions through ESLint itself (default stack, the plugin path)', () => {
  it('lints a 10,000-term Python expression with every rule, no crash', async () => {
    const { ESLint } = await import('eslint');
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: pluginConfig('strict'),
    });
    const [result] = await eslint.lintText(files['long_chain.py'] as string, { filePath: path.join(ROOT, 'long_chain.py') });
    expect(result.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['runtime-ops/no-unstructured-logging', 4, 14]]);
  });
});

/** Run the built command in `cwd`; never rejects. */
async function runCommand(args: string[], cwd: string, stdio?: { stdoutFile?: string }) {
  if (stdio?.stdoutFile) {
    const result = spawnSync('/bin/sh', ['-c', `"$0" "$@" > ${stdio.stdoutFile}`, process.execPath, BIN, ...args], { cwd, encoding: 'utf8' });
    return { code: result.status ?? -1, stdout: '', stderr: result.stderr };
  }
  const run = await exec(process.execPath, [BIN, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }).catch((error) => error as { stdout: string; stderr: string; code: number });
  return { code: (run as { code?: number }).code ?? 0, stdout: run.stdout, stderr: run.stderr };
}

describe('an untrusted checkout: nothing outside it is read', () => {
  it('skips file and folder links that leave the working directory, says so once, and lints the rest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-links-'));
    writeFileSync(path.join(dir, 'app.py'), 'print(1)\n');
    symlinkSync('/etc/passwd', path.join(dir, 'passwd.py'));
    symlinkSync('/proc/self/environ', path.join(dir, 'env.py'));
    symlinkSync('/', path.join(dir, 'everything'));
    mkdirSync(path.join(dir, 'inside'));
    writeFileSync(path.join(dir, 'inside', 'real.py'), 'print(2)\n');
    symlinkSync('inside', path.join(dir, 'alias'));
    const run = await runCommand(['.', '--format', 'json'], dir);
    const report = JSON.parse(run.stdout) as (Result & { source?: string })[];
    expect(report.map((r) => path.relative(dir, r.filePath)).sort()).toEqual(['app.py', 'inside/real.py']);
    expect(run.stdout).not.toMatch(/root:/);
    expect(run.stderr.match(/skipped 3 symbolic links/g)).toHaveLength(1);
    expect(run.code).toBe(1);
  }, 120_000);

  it('warns about a named path outside the working directory and exits 2 when nothing named was linted', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'runtime-ops-outside-'));
    mkdirSync(path.join(parent, 'project'));
    writeFileSync(path.join(parent, 'other.py'), 'print(1)\n');
    const run = await runCommand(['../other.py'], path.join(parent, 'project'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\.\.\/other\.py is outside the working directory/);
  });

  it('a listed file that vanishes before it is read gets a result of its own and the run goes on', async () => {
    const { lintListedFiles, VANISHED_MESSAGE } = await import('../src/cli/lint.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-vanish-'));
    const kept = path.join(dir, 'kept.py');
    const gone = path.join(dir, 'gone.py');
    writeFileSync(kept, 'print(1)\n');
    // ESLint found the file, then it was removed before the read: ENOENT from lintFiles.
    let calls = 0;
    const eslint = {
      lintFiles: async (targets: string[]) => {
        calls++;
        if (targets.includes(gone)) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${gone}'`), { code: 'ENOENT' });
        return targets.map((filePath) => ({ filePath, messages: [] }) as never);
      },
    };
    const results = await lintListedFiles(eslint, [gone, kept], []);
    expect(calls).toBe(2);
    expect(results.map((r) => [path.basename(r.filePath), r.messages.map((m) => m.message)])).toEqual([
      ['kept.py', []],
      ['gone.py', [VANISHED_MESSAGE]],
    ]);
  });
});

describe('an untrusted checkout: outputs cannot be redirected or forged', () => {
  it('prints file names and messages escaped in stylish: no injected workflow command or terminal escape', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-escape-'));
    writeFileSync(path.join(dir, 'a\n::warning title=X::y.py'), 'print(1)\n');
    writeFileSync(path.join(dir, 'app.py'), 'import os\ndef handler():\n    return os.environ["A\\n::error::forged\\x1b[2J"]\n');
    const run = await runCommand(['.'], dir);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines.filter((line) => line.startsWith('::'))).toEqual([]);
    expect(run.stdout).not.toContain('\x1b[2J');
    expect(run.stdout).toContain('a\\n::warning title=X::y.py');
    expect(run.stdout).toContain('A\\n::error::forged\\x1b[2J');
  });

  it('refuses an --output-file that is a symlink, and writes nothing through it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-outlink-'));
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'runtime-ops-elsewhere-'));
    writeFileSync(path.join(dir, 'app.py'), 'print(1)\n');
    writeFileSync(path.join(elsewhere, 'target'), 'precious\n');
    symlinkSync(path.join(elsewhere, 'target'), path.join(dir, 'results.sarif'));
    const run = await runCommand(['.', '--format', 'sarif', '--output-file', 'results.sarif'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/results\.sarif is a symbolic link/);
    expect(readFileSync(path.join(elsewhere, 'target'), 'utf8')).toBe('precious\n');
  });

  it('refuses a symlinked cache and a symlinked folder on the way to the report', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-cachelink-'));
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'runtime-ops-elsewhere-'));
    writeFileSync(path.join(dir, 'app.py'), 'print(1)\n');
    symlinkSync(path.join(elsewhere, 'cache'), path.join(dir, '.eslintcache'));
    symlinkSync(elsewhere, path.join(dir, 'out'));
    expect((await runCommand(['.', '--cache'], dir)).stderr).toMatch(/the cache \.eslintcache is a symbolic link/);
    const run = await runCommand(['.', '--output-file', 'out/report.txt'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/inside a symbolically linked folder/);
    expect(existsSync(path.join(elsewhere, 'report.txt'))).toBe(false);
  });

  it('after a fatal error, a SARIF report says the run failed instead of a stale report staying behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-stale-'));
    writeFileSync(path.join(dir, 'app.py'), 'print(1)\n');
    writeFileSync(path.join(dir, 'results.sarif'), '{"forged": true}\n');
    writeFileSync(path.join(dir, 'eslint.config.mjs'), 'throw new Error("broken config");\n');
    const run = await runCommand(['.', '--format', 'sarif', '--output-file', 'results.sarif'], dir);
    expect(run.code).toBe(2);
    const log = JSON.parse(readFileSync(path.join(dir, 'results.sarif'), 'utf8'));
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(log.runs[0].results).toEqual([]);
    // Another format: the stale report is removed.
    writeFileSync(path.join(dir, 'results.json'), '[]');
    expect((await runCommand(['.', '--format', 'json', '--output-file', 'results.json'], dir)).code).toBe(2);
    expect(existsSync(path.join(dir, 'results.json'))).toBe(false);
  });

  it('writes the report through a temporary file: no temporary file is left beside it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-atomic-'));
    writeFileSync(path.join(dir, 'app.py'), 'print(1)\n');
    expect((await runCommand(['.', '--format', 'sarif', '--output-file', 'results.sarif'], dir)).code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['app.py', 'results.sarif']);
  });

  it('reads file names after -- as paths, never as options', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-dashdash-'));
    writeFileSync(path.join(dir, '--output-file=app.py'), 'print(1)\n');
    writeFileSync(path.join(dir, 'app.py'), 'x = 1\n');
    const run = await runCommand(['--format', 'json', '--', '--output-file=app.py'], dir);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as Result[]).map((r) => path.basename(r.filePath))).toEqual(['--output-file=app.py']);
    expect(readFileSync(path.join(dir, 'app.py'), 'utf8')).toBe('x = 1\n');
  });

  it('a failed write to standard output is one line and exit 2', () => {
    if (!existsSync('/dev/full')) return;
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-full-'));
    writeFileSync(path.join(dir, 'app.py'), 'print(1)\n');
    const result = spawnSync(process.execPath, [BIN, '.'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'] });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['runtime-ops: could not write to standard output: ENOSPC']);
  });

  it.each([
    ['not JSON', 'root:x:0:0', /is not valid JSON/],
    ['an array', '[]', /top level must be an object/],
    ['a bad count', '{"app.py": {"runtime-ops/no-unstructured-logging": {"count": "2"}}}', /must be \{ "count"/],
    ['a bad rule map', '{"app.py": 3}', /must be an object of rule ids/],
  ])('refuses a suppressions file that is %s with one clear line', async (_name, content, message) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-supp-'));
    writeFileSync(path.join(dir, 'app.py'), 'print(1)\n');
    writeFileSync(path.join(dir, 'eslint-suppressions.json'), content);
    const run = await runCommand(['.'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/TypeError|root:x/);
  });

  it('refuses a symlinked suppressions file without echoing its target', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-supplink-'));
    writeFileSync(path.join(dir, 'app.py'), 'print(1)\n');
    symlinkSync('/etc/passwd', path.join(dir, 'eslint-suppressions.json'));
    const run = await runCommand(['.'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is a symbolic link; refusing to read it/);
    expect(run.stderr).not.toMatch(/root/);
  });

  it('--no-inline-config ignores eslint and noqa comments in the linted files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-inline-'));
    writeFileSync(
      path.join(dir, 'app.py'),
      '# eslint runtime-ops/no-unstructured-logging: "off"\nprint(1)\nprint(2)  # noqa: runtime-ops/no-unstructured-logging\n',
    );
    expect((await runCommand(['.'], dir)).code).toBe(0);
    const run = await runCommand(['.', '--no-inline-config', '--format', 'json'], dir);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as Result[])[0].messages.map((m) => m.line)).toEqual([2, 3]);
  });
});

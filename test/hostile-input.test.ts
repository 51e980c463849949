/**
 * Hostile input: every file gets a result and the run goes on. Runs the real command (the bin,
 * with its big-stack worker) over one folder holding every kind of bad file at once.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
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

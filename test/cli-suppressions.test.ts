/**
 * Adopting runtime-ops on legacy code with ESLint's bulk suppressions (eslint-suppressions.json):
 * `eslint --suppress-all` records Python findings like TS/JS ones, and the runtime-ops command's
 * --suppress-all / --suppress-rule / --prune-suppressions / --suppressions-location write and read
 * the same file, byte for byte, so that CI fails only on new findings.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ESLINT_BIN = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const PLUGIN = path.join(ROOT, 'dist', 'src', 'index.js');
const LOGGING = 'runtime-ops/no-unstructured-logging';
const HEALTH = 'runtime-ops/no-constant-health-check';

const WORKER_PY = `import logging

log = logging.getLogger(__name__)


def handle(job):
    print("handling", job.id)
    log.info(f"job {job.id} done")
`;

const SERVER_TS = `import pino from 'pino';
const logger = pino();

export function start(port: number) {
  logger.info(\`listening on \${port}\`);
}
`;

const HEALTH_PY = `from flask import Flask

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


@app.post("/jobs")
def enqueue():
    print("enqueue")
    return {}, 202
`;

const CONFIG = `import runtimeOps from ${JSON.stringify(pathToFileURL(PLUGIN).href)};\n\nexport default [...runtimeOps.configs.recommended];\n`;

/** A temporary project with an eslint.config.mjs using the recommended config, and the given files. */
function project(files: Record<string, string>): string {
  return tempProject({ 'eslint.config.mjs': CONFIG, ...files }, 'suppressions');
}

async function eslint(argv: string[], cwd: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [ESLINT_BIN, ...argv], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const cli = runCli;

function suppressionsOf(dir: string, file = 'eslint-suppressions.json'): unknown {
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
}

/** Rule ids and lines of the findings in a stylish report. */
function findings(stdout: string): string[] {
  return [...stdout.matchAll(/^\s+(\d+):\d+\s+error\s.*\s(\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
}

describe('eslint --suppress-all with Python and TypeScript files', () => {
  it('records both languages, passes afterwards, and fails on a new violation', async () => {
    const dir = project({ 'jobs/worker.py': WORKER_PY, 'web/server.ts': SERVER_TS });

    const suppressed = await eslint(['--suppress-all', '.'], dir);
    expect(suppressed.code, suppressed.stderr).toBe(0);
    expect(suppressionsOf(dir)).toEqual({
      'jobs/worker.py': { [LOGGING]: { count: 2 } },
      'web/server.ts': { [LOGGING]: { count: 1 } },
    });

    expect(await eslint(['.'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });

    // One more finding of the rule in the Python file: the count no longer covers it, so all show.
    writeFileSync(path.join(dir, 'jobs/worker.py'), `${WORKER_PY}    print("retrying")\n`);
    const after = await eslint(['.'], dir);
    expect(after.code).toBe(1);
    expect(findings(after.stdout)).toEqual([`7 ${LOGGING}`, `8 ${LOGGING}`, `9 ${LOGGING}`]);
  });
});

describe('runtime-ops bulk suppressions', () => {
  it('--suppress-all writes the same file, byte for byte, as eslint --suppress-all', async () => {
    const files = { 'jobs/worker.py': WORKER_PY, 'web/server.ts': SERVER_TS, 'api/health.py': HEALTH_PY };
    const byEslint = project(files);
    const byRuntimeOps = project(files);
    expect((await eslint(['--suppress-all', '.'], byEslint)).code).toBe(0);
    const result = await cli(['--suppress-all'], byRuntimeOps);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const written = readFileSync(path.join(byRuntimeOps, 'eslint-suppressions.json'), 'utf8');
    expect(written).toBe(readFileSync(path.join(byEslint, 'eslint-suppressions.json'), 'utf8'));
    expect(written).toBe(
      [
        '{',
        '  "api/health.py": {',
        '    "runtime-ops/no-constant-health-check": {',
        '      "count": 1',
        '    },',
        '    "runtime-ops/no-unstructured-logging": {',
        '      "count": 1',
        '    }',
        '  },',
        '  "jobs/worker.py": {',
        '    "runtime-ops/no-unstructured-logging": {',
        '      "count": 2',
        '    }',
        '  },',
        '  "web/server.ts": {',
        '    "runtime-ops/no-unstructured-logging": {',
        '      "count": 1',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  it('applies the file on plain runs: exit 0, then exit 1 with all findings of a rule that gained one', async () => {
    const dir = project({ 'jobs/worker.py': WORKER_PY, 'web/server.ts': SERVER_TS });
    expect((await cli(['--suppress-all'], dir)).code).toBe(0);
    expect(await cli([], dir)).toEqual({ code: 0, stdout: '', stderr: '' });

    writeFileSync(path.join(dir, 'web/server.ts'), `${SERVER_TS}export const stop = () => logger.warn(\`stopping \${Date.now()}\`);\n`);
    const after = await cli([], dir);
    expect(after.code).toBe(1);
    expect(findings(after.stdout)).toEqual([`5 ${LOGGING}`, `7 ${LOGGING}`]);
    expect(after.stdout).not.toContain('worker.py');
  });

  it('reads a file written by eslint, and eslint reads one written by runtime-ops', async () => {
    const first = project({ 'jobs/worker.py': WORKER_PY });
    await eslint(['--suppress-all', '.'], first);
    expect(await cli([], first)).toEqual({ code: 0, stdout: '', stderr: '' });

    const second = project({ 'jobs/worker.py': WORKER_PY });
    await cli(['--suppress-all'], second);
    expect(await eslint(['.'], second)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--suppress-rule records only the named rules and keeps existing entries', async () => {
    const dir = project({ 'api/health.py': HEALTH_PY, 'jobs/worker.py': WORKER_PY });
    const result = await cli(['--suppress-rule', HEALTH], dir);
    expect(result.code).toBe(1);
    expect(suppressionsOf(dir)).toEqual({ 'api/health.py': { [HEALTH]: { count: 1 } } });
    expect(findings(result.stdout)).toEqual([`13 ${LOGGING}`, `7 ${LOGGING}`, `8 ${LOGGING}`]);

    // Repeatable, and adds to what is recorded.
    expect((await cli(['--suppress-rule', LOGGING, '--suppress-rule', HEALTH], dir)).code).toBe(0);
    expect(suppressionsOf(dir)).toEqual({
      'api/health.py': { [HEALTH]: { count: 1 }, [LOGGING]: { count: 1 } },
      'jobs/worker.py': { [LOGGING]: { count: 2 } },
    });
  });

  it('fails (exit 2) when recorded findings are gone, until --prune-suppressions lowers the counts', async () => {
    const dir = project({ 'jobs/worker.py': WORKER_PY, 'web/server.ts': SERVER_TS });
    await cli(['--suppress-all'], dir);
    // Fix one of the two Python findings and delete the TypeScript file.
    writeFileSync(path.join(dir, 'jobs/worker.py'), WORKER_PY.replace('    print("handling", job.id)\n', ''));
    writeFileSync(path.join(dir, 'web/server.ts'), 'export const port = 8080;\n');

    const stale = await cli([], dir);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toBe(
      'runtime-ops: 2 recorded suppressions no longer occur; run with --prune-suppressions to remove them (or --pass-on-unpruned-suppressions to ignore them)\n',
    );
    // ESLint agrees on the same file.
    expect((await eslint(['.'], dir)).code).toBe(2);
    expect((await cli(['--pass-on-unpruned-suppressions'], dir)).code).toBe(0);

    expect(await cli(['--prune-suppressions'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(suppressionsOf(dir)).toEqual({ 'jobs/worker.py': { [LOGGING]: { count: 1 } } });
    expect(await cli([], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--suppressions-location reads and writes another file, and must exist unless suppressing', async () => {
    const dir = project({ 'jobs/worker.py': WORKER_PY });
    const missing = await cli(['--suppressions-location', '.ci/suppressions.json'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe(
      'runtime-ops: no such suppressions file: .ci/suppressions.json; create it with --suppress-all or --suppress-rule',
    );

    mkdirSync(path.join(dir, '.ci'));
    expect((await cli(['--suppress-all', '--suppressions-location', '.ci/suppressions.json'], dir)).code).toBe(0);
    expect(existsSync(path.join(dir, 'eslint-suppressions.json'))).toBe(false);
    expect(suppressionsOf(dir, '.ci/suppressions.json')).toEqual({ 'jobs/worker.py': { [LOGGING]: { count: 2 } } });
    expect((await cli(['--suppressions-location', '.ci/suppressions.json'], dir)).code).toBe(0);
    // Without the option the default file is used, and there is none: the findings show.
    expect((await cli([], dir)).code).toBe(1);
  });

  it('reports suppressed findings as suppressed in JSON output', async () => {
    const dir = project({ 'jobs/worker.py': WORKER_PY });
    await cli(['--suppress-all'], dir);
    const result = await cli(['--format', 'json'], dir);
    expect(result.code).toBe(0);
    const reports = JSON.parse(result.stdout) as { filePath: string; messages: unknown[]; suppressedMessages: { line: number; suppressions: unknown }[]; errorCount: number }[];
    const report = reports.find((entry) => entry.filePath === path.join(dir, 'jobs', 'worker.py'))!;
    expect(report.messages).toEqual([]);
    expect(report.errorCount).toBe(0);
    expect(report.suppressedMessages.map((m) => [m.line, m.suppressions])).toEqual([
      [7, [{ kind: 'file', justification: '' }]],
      [8, [{ kind: 'file', justification: '' }]],
    ]);
  });

  it('rejects the combinations eslint rejects, and suppressing a shard', async () => {
    const dir = project({ 'jobs/worker.py': WORKER_PY });
    const messages = [];
    for (const argv of [
      ['--suppress-all', '--suppress-rule', LOGGING],
      ['--suppress-all', '--prune-suppressions'],
      ['--suppress-rule', LOGGING, '--prune-suppressions'],
      ['--suppress-all', '--shard', '1/2'],
    ]) {
      const result = await cli(argv, dir);
      expect(result.code).toBe(2);
      messages.push(result.stderr.split('\n')[0]);
    }
    expect(messages).toEqual([
      'runtime-ops: --suppress-all and --suppress-rule cannot be used together',
      'runtime-ops: --suppress-all and --prune-suppressions cannot be used together',
      'runtime-ops: --suppress-rule and --prune-suppressions cannot be used together',
      'runtime-ops: --suppress-all, --suppress-rule and --prune-suppressions rewrite one file: run them without --shard',
    ]);
    expect(existsSync(path.join(dir, 'eslint-suppressions.json'))).toBe(false);
  });
});

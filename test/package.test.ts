/**
 * The package tells the truth: license, repository links that match the rule docs and SARIF help
 * links, the TypeScript peer range typescript-eslint accepts, and a Python-only run that never loads
 * TypeScript (so `typescript` is an optional peer).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/index.js';
import { DOCS_BASE } from '../src/rule.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, any>;
const require = createRequire(import.meta.url);

describe('package.json and LICENSE', () => {
  it('is MIT-licensed with the license text shipped', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    expect(pkg.files).toContain('LICENSE');
  });

  it('links the repository that rule docs and SARIF helpUri point at', () => {
    const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(DOCS_BASE.startsWith(`${repo}/blob/main/docs/rules/`)).toBe(true);
    expect(pkg.homepage).toBe(`${repo}#readme`);
    expect(pkg.bugs.url).toBe(`${repo}/issues`);
    for (const [name, rule] of Object.entries(rules)) expect(rule.meta.docs.url).toBe(`${DOCS_BASE}${name}.md`);
  });

  it('asks for the TypeScript range typescript-eslint accepts, as an optional peer', () => {
    const parser = require('@typescript-eslint/parser/package.json') as { peerDependencies: Record<string, string> };
    expect(pkg.peerDependencies.typescript).toBe(parser.peerDependencies.typescript);
    expect(pkg.peerDependenciesMeta.typescript.optional).toBe(true);
    expect(pkg.dependencies.typescript).toBeUndefined();
  });

  it('lints Python without ever loading TypeScript', async () => {
    // A preload that makes `typescript` unloadable, in the command's worker thread too (it inherits execArgv).
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-no-ts-'));
    writeFileSync(path.join(dir, 'no-typescript.cjs'), [
      "const Module = require('node:module');",
      'const load = Module._load;',
      "Module._load = function (request, ...rest) { if (request === 'typescript') throw new Error('typescript loaded'); return load.call(this, request, ...rest); };",
      '',
    ].join('\n'));
    writeFileSync(path.join(dir, 'app.py'), 'import os\n\n\ndef handler():\n    return os.environ["KEY"]\n');
    const bin = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
    const run = (file: string) =>
      promisify(execFile)(process.execPath, ['-r', path.join(dir, 'no-typescript.cjs'), bin, '--format', 'json', file], { cwd: dir }).catch(
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
    const python = await run('app.py');
    expect(python.stderr).toBe('');
    expect((JSON.parse(python.stdout) as { messages: { ruleId: string }[] }[])[0].messages.map((m) => m.ruleId)).toEqual(['runtime-ops/no-lazy-env-read']);
    // The preload does work: a TypeScript file needs the parser, and so TypeScript.
    writeFileSync(path.join(dir, 'app.ts'), 'export const x = 1;\n');
    const typescript = await run('app.ts');
    expect(typescript.stdout).toContain('typescript loaded');
  });
});

/**
 * Drop-in compatibility: `...runtimeOps.configs.recommended` appended to the configs projects
 * already have, with the real packages installed, on one mixed TypeScript + Python project. Each
 * case runs the `eslint` command as a user would (`eslint -f json .` in the project) and asserts
 * the exit code and every finding: no crash, Python and TS findings both, and never a JavaScript
 * rule's finding on a Python file.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIGS, compatProject, ESLINT_BIN, findings, runEslint, RUNTIME_OPS_FINDINGS } from './compat-project.js';

describe('appending configs.recommended to an existing config', () => {
  it.each(CONFIGS)('$name: no crash, findings in both languages, none from JavaScript rules on Python', async ({ config, findings: own }) => {
    const dir = compatProject(config);
    const result = await runEslint(ESLINT_BIN, ['-f', 'json', '.'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const all = findings(result.stdout, dir);
    expect(all).toEqual([...RUNTIME_OPS_FINDINGS, ...own].sort());
    // Test files, Django's tests.py, the virtualenv and the mypy cache are not linted at all.
    const linted = (JSON.parse(result.stdout) as { filePath: string }[]).map((r) => path.relative(dir, r.filePath).split(path.sep).join('/')).sort();
    expect(linted).toEqual(['eslint.config.mjs', 'src/legacy.cjs', 'src/server.ts', 'src/types.pyi', 'src/worker.py']);
  });
});

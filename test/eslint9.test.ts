/**
 * ESLint 9.39: the key checks of the suite, run with the `eslint` 9.39 command (installed in
 * test/eslint9, so the repository's own `eslint` stays 10). ESLint 9 ignores rule `meta.languages`
 * and has the languages API since 9.7, so the plugin works there as under 10: the same findings on
 * every fixture file, Python directives, and the drop-in configs.
 */
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIGS, compatProject, ESLINT9_BIN, ESLINT_BIN, findings, PLUGIN, ROOT, runEslint, RUNTIME_OPS_FINDINGS } from './compat-project.js';

describe('ESLint 9.39', () => {
  it('is the version under test', async () => {
    expect((await runEslint(ESLINT9_BIN, ['--version'], ROOT)).stdout.trim()).toMatch(/^v9\.39\.\d+$/);
  });

  it('reports the same findings as ESLint 10 on every fixture file, both languages', async () => {
    // The fixtures' own folders have all kinds of names: lint them with the rules, no test-file ignores.
    // They also carry other tools' directives (`no-console`, `# noqa: T201`) whose rules are not enabled here.
    const config = `import runtimeOps from '${PLUGIN}';
export default runtimeOps.configs.recommended.filter((c) => c.files).map((c) => ({ ...c, ignores: [], linterOptions: { reportUnusedDisableDirectives: 'off' } }));`;
    const fixtures = path.join(ROOT, 'fixtures');
    const dir = compatProject(config, {});
    cpSync(fixtures, path.join(dir, 'fixtures'), { recursive: true });
    const args = ['-f', 'json', 'fixtures'];
    const nine = await runEslint(ESLINT9_BIN, args, dir);
    const ten = await runEslint(ESLINT_BIN, args, dir);
    expect(nine.stderr).toBe('');
    expect(nine.code).toBe(1);
    const ours = findings(nine.stdout, dir);
    expect(ours).toEqual(findings(ten.stdout, dir));
    expect(ours.filter((finding) => finding.includes('fatal'))).toEqual([]);
    // Both languages are linted: every fixture folder has TS and Python files with findings.
    const files = readdirSync(fixtures, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(?:ts|py)$/.test(file));
    const extensions = new Set(ours.map((finding) => path.extname(finding.split(':')[0])));
    expect(extensions.has('.ts') && extensions.has('.py')).toBe(true);
    expect(files.length).toBeGreaterThan(20);
  });

  // Three of the drop-in cases (the whole matrix runs under ESLint 10 in setup-compat.test.ts).
  const KEY_CONFIGS = ['@eslint/js recommended', 'typescript-eslint recommended, flat array', 'eslint-plugin-unicorn recommended'];
  it.each(CONFIGS.filter((c) => KEY_CONFIGS.includes(c.name)))(
    'appended to $name: no crash, the same findings as ESLint 10',
    async ({ config, findings: own }) => {
      const dir = compatProject(config);
      const result = await runEslint(ESLINT9_BIN, ['-f', 'json', '.'], dir);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      expect(findings(result.stdout, dir)).toEqual([...RUNTIME_OPS_FINDINGS, ...own].sort());
    },
  );
});

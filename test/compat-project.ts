/**
 * The mixed TypeScript + Python project the compatibility tests lint with the `eslint` command,
 * under ESLint 10 (test/setup-compat.test.ts) and ESLint 9.39 (test/eslint9.test.ts).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
/**
 * The built plugin, imported by absolute path (a file URL would do for Node, but TypeScript cannot
 * resolve one, and type-checked linting of eslint.config.mjs would then see `any`).
 */
export const PLUGIN = path.join(ROOT, 'dist', 'src', 'index.js');
export const ESLINT_BIN = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
/** ESLint 9.39, installed in a folder of its own (test/eslint9/package.json) so `npx eslint` stays ESLint 10. */
export const ESLINT9_BIN = path.join(ROOT, 'test', 'eslint9', 'node_modules', 'eslint', 'bin', 'eslint.js');

/** The mixed project: a service in both languages, CommonJS, a stub, a test file and a virtualenv. */
export const PROJECT: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'compat-project', private: true, type: 'module', devDependencies: Object.fromEntries(['@eslint/js', 'eslint', 'eslint-config-prettier', 'eslint-plugin-n', 'eslint-plugin-unicorn', 'globals', 'typescript-eslint'].map((name) => [name, '*'])) }),
  'tsconfig.json': '{ "compilerOptions": { "strict": true, "target": "ES2022", "module": "NodeNext", "allowJs": true, "noEmit": true }, "include": ["src", "*.mjs"] }\n',
  'src/server.ts': [
    "import { createServer } from 'node:http';",
    '',
    'export const server = createServer((_request, response) => {',
    '  response.end(process.env.GREETING ?? "hi");',
    '});',
    '',
  ].join('\n'),
  // `require` and `module` are defined in CommonJS: the recommended config must not make .cjs a module.
  'src/legacy.cjs': "const path = require('node:path');\n\nmodule.exports = { join: path.join };\n",
  'src/worker.py': [
    'import logging',
    'import os',
    '',
    'log = logging.getLogger(__name__)',
    '',
    '',
    'def handle(job):',
    '    # Not JavaScript: no-irregular-whitespace, capitalized-comments and friends stay away.',
    '    token = os.environ["API_TOKEN"]',
    '    log.info(f"job {job} done")',
    '    return token',
    '',
  ].join('\n'),
  'src/types.pyi': 'def handle(job: object) -> str: ...\n',
  'tests/test_worker.py': 'import os\n\n\ndef test_handle():\n    print(os.environ["API_TOKEN"])\n',
  'tests.py': 'def test_x():\n    print("Django tests module")\n',
  '.venv/lib/python3.12/site-packages/dep/__init__.py': 'def f():\n    print(1)\n',
  '.mypy_cache/3.12/x.py': 'print(1)\n',
};

/** The runtime-ops findings in the project, the same under every config. */
export const RUNTIME_OPS_FINDINGS = [
  'src/server.ts:4:16 runtime-ops/no-lazy-env-read',
  'src/worker.py:9:13 runtime-ops/no-lazy-env-read',
  'src/worker.py:10:14 runtime-ops/no-unstructured-logging',
];

/** Each config as a user writes it (imports resolve in the project's node_modules). */
export const CONFIGS: { name: string; config: string; findings: string[] }[] = [
  {
    name: '@eslint/js recommended',
    config: `import js from '@eslint/js';
import runtimeOps from '${PLUGIN}';
export default [js.configs.recommended, ...runtimeOps.configs.recommended];`,
    // process is not a global without `globals.node`: ESLint's own finding, on the TS file only.
    findings: ['src/server.ts:4:16 no-undef'],
  },
  {
    name: 'typescript-eslint recommended, tseslint.config(...)',
    config: `import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import runtimeOps from '${PLUGIN}';
export default tseslint.config(js.configs.recommended, tseslint.configs.recommended, runtimeOps.configs.recommended);`,
    // typescript-eslint's base config makes every file a module, .cjs included: its doing, not ours.
    findings: ['src/legacy.cjs:1:14 @typescript-eslint/no-require-imports', 'src/legacy.cjs:1:14 no-undef', 'src/legacy.cjs:3:1 no-undef'],
  },
  {
    name: 'typescript-eslint recommended, flat array',
    config: `import tseslint from 'typescript-eslint';
import runtimeOps from '${PLUGIN}';
export default [...tseslint.configs.recommended, ...runtimeOps.configs.recommended];`,
    findings: ['src/legacy.cjs:1:14 @typescript-eslint/no-require-imports'],
  },
  {
    name: 'typescript-eslint recommended, defineConfig',
    config: `import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import runtimeOps from '${PLUGIN}';
export default defineConfig(tseslint.configs.recommended, runtimeOps.configs.recommended);`,
    findings: ['src/legacy.cjs:1:14 @typescript-eslint/no-require-imports'],
  },
  {
    name: 'typescript-eslint strict, runtime-ops first',
    config: `import tseslint from 'typescript-eslint';
import runtimeOps from '${PLUGIN}';
export default [...runtimeOps.configs.recommended, ...tseslint.configs.strict];`,
    findings: ['src/legacy.cjs:1:14 @typescript-eslint/no-require-imports'],
  },
  {
    name: 'typescript-eslint strict, defineConfig, runtime-ops first',
    config: `import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import runtimeOps from '${PLUGIN}';
export default defineConfig(runtimeOps.configs.recommended, tseslint.configs.strict);`,
    findings: ['src/legacy.cjs:1:14 @typescript-eslint/no-require-imports'],
  },
  {
    name: 'typescript-eslint recommended-type-checked with projectService',
    config: `import tseslint from 'typescript-eslint';
import runtimeOps from '${PLUGIN}';
export default tseslint.config(
  tseslint.configs.recommendedTypeChecked,
  { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
  runtimeOps.configs.recommended,
);`,
    findings: ['src/legacy.cjs:1:14 @typescript-eslint/no-require-imports', 'src/legacy.cjs:3:26 @typescript-eslint/unbound-method'],
  },
  {
    name: 'eslint-plugin-unicorn recommended',
    config: `import unicorn from 'eslint-plugin-unicorn';
import runtimeOps from '${PLUGIN}';
export default [unicorn.configs.recommended, ...runtimeOps.configs.recommended];`,
    findings: [],
  },
  {
    name: 'eslint-plugin-n recommended',
    config: `import n from 'eslint-plugin-n';
import runtimeOps from '${PLUGIN}';
export default [n.configs['flat/recommended'], ...runtimeOps.configs.recommended];`,
    findings: [],
  },
  {
    name: 'eslint-config-prettier after @eslint/js',
    config: `import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import runtimeOps from '${PLUGIN}';
export default [js.configs.recommended, { languageOptions: { globals: globals.node } }, prettier, ...runtimeOps.configs.recommended];`,
    findings: [],
  },
  {
    name: 'the TypeScript config `npm init @eslint/config` writes',
    config: `import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";
import { defineConfig } from "eslint/config";
import runtimeOps from '${PLUGIN}';

export default defineConfig([
  { files: ["**/*.{js,mjs,cjs,ts,mts,cts}"], plugins: { js }, extends: ["js/recommended"], languageOptions: { globals: globals.node } },
  tseslint.configs.recommended,
  runtimeOps.configs.recommended,
]);`,
    findings: ['src/legacy.cjs:1:14 @typescript-eslint/no-require-imports'],
  },
];

/** A fresh copy of the project with this config, its node_modules the repository's. */
export function compatProject(config: string, files: Record<string, string> = PROJECT): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-compat-'));
  for (const [name, text] of Object.entries({ ...files, 'eslint.config.mjs': `${config}\n` })) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** `file:line:column ruleId` for every message of an `eslint -f json` report, sorted. */
export function findings(stdout: string, dir: string): string[] {
  const report = JSON.parse(stdout) as { filePath: string; messages: { line: number; column: number; ruleId: string | null; message: string }[] }[];
  return report
    .flatMap((result) =>
      result.messages.map((m) => `${path.relative(dir, result.filePath).split(path.sep).join('/')}:${m.line}:${m.column} ${m.ruleId ?? `fatal: ${m.message}`}`),
    )
    .sort();
}

/** Run an `eslint` bin in the project; resolves to the exit code and both streams. */
export async function runEslint(bin: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}


/**
 * eslint-plugin-runtime-ops: the plugin object (meta, languages, rules, configs).
 *
 * Rules are discovered from the rules/ folder and configs are built from their metadata, so a new
 * rule never edits a hand-kept list.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PythonLanguage } from './languages/python/language.js';
import { typescriptParser } from './languages/typescript-parser.js';
import { NAMESPACE, type RuntimeOpsRule } from './rule.js';
import { foreignRulesOff } from './foreign-rules.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

const rulesDir = fileURLToPath(new URL('../rules/', import.meta.url));
const ruleNames = readdirSync(rulesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

export const rules: Record<string, RuntimeOpsRule> = Object.fromEntries(
  await Promise.all(
    ruleNames.map(async (name) => {
      const module = (await import(new URL(`../rules/${name}/index.js`, import.meta.url).href)) as {
        default: RuntimeOpsRule;
      };
      return [name, module.default] as const;
    }),
  ),
);

/** File globs of each language. */
export const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];
/** The files ESLint's default parser cannot read: the recommended config sets a parser for these only. */
export const TYPESCRIPT_SYNTAX_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.jsx'];
export const PYTHON_FILES = ['**/*.py', '**/*.pyi'];
/** Test code is left alone by the recommended config (the contract's list). */
export const TEST_FILES = [
  '**/*.test.*',
  '**/*.spec.*',
  '**/__tests__/**',
  '**/test_*.py',
  '**/*_test.py',
  '**/tests/**',
  '**/conftest.py',
  // Django's convention: an app's tests in one `tests.py` module.
  '**/tests.py',
];
/**
 * Folders that hold no project source: virtual environments, caches and installed packages. The
 * recommended config ignores them for every tool in the config (a global ignore), since `eslint .`
 * would otherwise lint a `.venv` full of third-party Python.
 */
export const NON_SOURCE_FOLDERS = [
  '**/node_modules/',
  '**/.venv/',
  '**/venv/',
  '**/__pycache__/',
  '**/.tox/',
  '**/site-packages/',
  '**/.mypy_cache/',
  '**/.ruff_cache/',
];

const plugin = {
  meta: { name: pkg.name, version: pkg.version, namespace: NAMESPACE },
  languages: { python: new PythonLanguage() },
  rules,
  configs: {} as Record<'recommended' | 'strict', object[]>,
};

function ruleSettings(filter: (rule: RuntimeOpsRule) => boolean, level: 'error' | 'warn'): Record<string, string> {
  return Object.fromEntries(
    Object.entries(rules)
      .filter(([, rule]) => filter(rule))
      .map(([name]) => [`${NAMESPACE}/${name}`, level]),
  );
}

/**
 * A flat config array: global ignores for non-source folders, TS/JS, Python, tests ignored.
 *
 * Only what the rules need is set for TS/JS: the TypeScript parser for files ESLint's default
 * parser cannot read (`.ts`, `.tsx`, `.mts`, `.cts`, `.jsx`), and nothing else: `sourceType`,
 * `ecmaVersion`, globals and the parser of `.js`/`.mjs`/`.cjs` files stay as ESLint's defaults or
 * the user's config set them (`.cjs` is CommonJS). The Python block turns off the JavaScript rules
 * that other configs without `files` apply to Python files (see foreign-rules.ts).
 */
function buildConfig(name: string, ruleLevels: Record<string, string>): object[] {
  return [
    { name: `${NAMESPACE}/${name}/ignores`, ignores: NON_SOURCE_FOLDERS },
    {
      name: `${NAMESPACE}/${name}/typescript`,
      files: TS_FILES,
      ignores: TEST_FILES,
      plugins: { [NAMESPACE]: plugin },
      rules: ruleLevels,
    },
    {
      name: `${NAMESPACE}/${name}/typescript-parser`,
      files: TYPESCRIPT_SYNTAX_FILES,
      languageOptions: { parser: typescriptParser },
    },
    {
      name: `${NAMESPACE}/${name}/python`,
      files: PYTHON_FILES,
      ignores: TEST_FILES,
      plugins: { [NAMESPACE]: plugin },
      language: `${NAMESPACE}/python`,
      rules: { ...foreignRulesOff(), ...ruleLevels },
    },
  ];
}

plugin.configs.recommended = buildConfig('recommended', ruleSettings((rule) => rule.meta.docs.recommended, 'error'));
plugin.configs.strict = buildConfig('strict', ruleSettings(() => true, 'error'));

export default plugin;
export { PythonLanguage };
export { PythonSourceCode } from './languages/python/source-code.js';
export type { PyNode, PyModule, PyComment } from './languages/python/ast.js';

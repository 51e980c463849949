/**
 * The ESLint options the runtime-ops command lints with. With `--concurrency`, ESLint's workers
 * rebuild them from options-module.ts: plugin objects cannot be cloned into workers, a module URL can.
 */
import type { ESLint, Linter } from 'eslint';
import plugin, { NON_SOURCE_FOLDERS, TS_FILES } from '../index.js';
import { typescriptParser } from '../languages/typescript-parser.js';
import { NAMESPACE, PYTHON_LANGUAGE } from '../rule.js';
import { gitignoreConfig, isRuntimeOpsFix } from './zero-config.js';

/** Folders never worth linting when the project has no config of its own. */
export const DEFAULT_IGNORES = ['**/.git/', '**/dist/', '**/build/', ...NON_SOURCE_FOLDERS];

/** The cloneable part of the options, as the command line set them. */
export interface CloneableOptions {
  cwd: string;
  /** A path to the project's config, `true` for zero configuration. */
  configFile: string | true;
  cache: boolean;
  cacheLocation?: string;
  concurrency?: number | 'auto' | 'off';
  suppressionsLocation?: string;
  applySuppressions?: boolean;
  /** `--fix` / `--fix-dry-run`: compute fixes (the command writes them for `--fix`). */
  fix?: boolean;
  /** `--report-unused-disable-directives`: unused directives are errors. */
  reportUnusedDisableDirectives?: boolean;
  /** `false` with `--no-inline-config`: `eslint` and `noqa` comments in the linted files are ignored. */
  allowInlineConfig?: boolean;
}

/**
 * The zero-configuration config: the recommended rules for TS/JS and Python, with the default
 * ignores. With no project config to respect, the TypeScript parser reads every JS/TS file: it
 * takes everything ESLint's default parser does, and decorators too.
 */
export function zeroConfig(cwd: string): Linter.Config[] {
  return [
    { name: 'runtime-ops/default-ignores', ignores: DEFAULT_IGNORES },
    ...gitignoreConfig(cwd),
    ...(plugin.configs.recommended as Linter.Config[]).map(withoutForeignRules),
    { name: 'runtime-ops/zero-config/typescript-parser', files: TS_FILES, languageOptions: { parser: typescriptParser as Linter.Parser } },
  ];
}

/**
 * The recommended config's block without the JavaScript rules it turns off for Python files (see
 * foreign-rules.ts). With zero configuration no other config enables those rules, and listing them
 * is not free: ESLint loads the definition of every rule a config names, even one that is "off",
 * so the list cost each Python run about half a second of loading all ~290 core rules (issue 19).
 */
function withoutForeignRules(config: Linter.Config): Linter.Config {
  if (!config.rules || config.language !== PYTHON_LANGUAGE) return config;
  return { ...config, rules: Object.fromEntries(Object.entries(config.rules).filter(([id]) => id.startsWith(`${NAMESPACE}/`))) };
}

/** Full ESLint options for a command-line run. */
export function eslintOptions(options: CloneableOptions): ESLint.Options {
  const zero = options.configFile === true;
  const overrideConfig = [
    ...(zero ? zeroConfig(options.cwd) : []),
    ...(options.reportUnusedDisableDirectives ? [{ linterOptions: { reportUnusedDisableDirectives: 'error' as const } }] : []),
  ];
  return {
    cwd: options.cwd,
    overrideConfigFile: options.configFile,
    ...(overrideConfig.length ? { overrideConfig } : {}),
    // Zero configuration fixes only what it reports: never another tool's directive comments.
    ...(options.fix ? { fix: zero ? isRuntimeOpsFix : true } : {}),
    cache: options.cache,
    ...(options.cacheLocation ? { cacheLocation: options.cacheLocation } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.allowInlineConfig === false ? { allowInlineConfig: false } : {}),
    // Paths are checked before linting; a folder with nothing to lint is not an error.
    errorOnUnmatchedPattern: false,
  };
}

/** Environment variable carrying the cloneable options to the options module in ESLint's workers. */
export const OPTIONS_ENV = 'RUNTIME_OPS_ESLINT_OPTIONS';

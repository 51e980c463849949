import type { Linter } from 'eslint';
import plugin from '../src/index.js';

/**
 * One of the plugin's configs for linting any file here: its test-file ignores dropped (fixtures
 * and temporary files have all kinds of names) and, when given, its rules replaced.
 */
export function pluginConfig(name: 'recommended' | 'strict', rules?: Linter.RulesRecord): Linter.Config[] {
  return (plugin.configs[name] as Linter.Config[])
    .filter((config) => config.files) // the global ignores of non-source folders
    .map((config) => ({ ...config, ignores: [], ...(rules && config.rules ? { rules } : {}) }));
}

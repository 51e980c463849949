/**
 * The JavaScript rules the recommended config turns off for Python files.
 *
 * ESLint applies a config object without `files` to every linted file, so `@eslint/js` recommended,
 * typescript-eslint's rule sets and most shared configs enable their rules for `.py` files too. The
 * Python language answers the questions those rules ask in `create()` with empty answers, so most
 * run and find nothing (see src/languages/python/javascript-answers.ts). Two families are turned
 * off by name instead, in the Python block of our configs (`"off"` is never validated, so naming a
 * rule of a plugin the project does not load is harmless):
 *
 * - ESLint's core rules: a user's `no-restricted-syntax` selector or any rule listening to `*`
 *   would otherwise visit Python nodes.
 * - typescript-eslint's rules, when the project has the plugin: its type-checked rules throw
 *   "requires type information" in `create()` on any file the TypeScript program does not hold,
 *   which no empty answer can avoid (typescript-eslint's own advice for such files is to turn them
 *   off, its `disableTypeChecked` config).
 */
import { createRequire } from 'node:module';
import path from 'node:path';

type RuleMap = { keys(): Iterable<string> } | Record<string, unknown>;

/** Rule names of a module's rule map (a Map-like `builtinRules`, or a plain object). */
function ruleNames(rules: RuleMap | undefined): string[] {
  if (!rules) return [];
  if (typeof (rules as { keys?: unknown }).keys === 'function') return [...(rules as { keys(): Iterable<string> }).keys()];
  return Object.keys(rules);
}

/** `require` of a module from the project (the working directory) first, then from this package. */
function requireOptional(specifier: string): unknown {
  for (const base of [path.join(process.cwd(), 'package.json'), import.meta.url]) {
    try {
      return createRequire(base)(specifier);
    } catch {
      // not installed there
    }
  }
  return undefined;
}

let cached: Record<string, 'off'> | undefined;

/** `{ "<rule>": "off" }` for every core rule and every typescript-eslint rule the project has. */
export function foreignRulesOff(): Record<string, 'off'> {
  if (cached) return cached;
  const core = requireOptional('eslint/use-at-your-own-risk') as { builtinRules?: RuleMap } | undefined;
  const typescriptEslint = requireOptional('@typescript-eslint/eslint-plugin/use-at-your-own-risk/rules') as
    | { default?: RuleMap }
    | RuleMap
    | undefined;
  const tsRules = typescriptEslint && 'default' in typescriptEslint ? (typescriptEslint.default as RuleMap) : (typescriptEslint as RuleMap);
  cached = Object.fromEntries([
    ...ruleNames(core?.builtinRules).map((name) => [name, 'off'] as const),
    ...ruleNames(tsRules).map((name) => [`@typescript-eslint/${name}`, 'off'] as const),
  ]);
  return cached;
}

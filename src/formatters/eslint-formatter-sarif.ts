/**
 * The SARIF writer as an ESLint formatter, for projects that run ESLint themselves:
 *
 *   npx eslint -f ./node_modules/eslint-plugin-runtime-ops/dist/src/formatters/eslint-formatter-sarif.js \
 *     -o results.sarif .
 *
 * URIs are relative to ESLint's working directory (run it from the repository root). A formatter
 * takes no options, so the code scanning category comes from the RUNTIME_OPS_SARIF_CATEGORY
 * environment variable. ESLint does not tell a formatter which rules were enabled, so every
 * runtime-ops rule is listed in `rules[]`.
 */
import type { ESLint } from 'eslint';
import { toSarif } from './sarif.js';

export default function formatSarif(results: ESLint.LintResult[], context?: Partial<ESLint.LintResultData>): string {
  const category = process.env.RUNTIME_OPS_SARIF_CATEGORY?.trim();
  const log = toSarif(results, {
    sourceRoot: context?.cwd ?? process.cwd(),
    ...(category ? { category } : {}),
    rulesMeta: context?.rulesMeta ?? {},
    executionSuccessful: true,
  });
  return JSON.stringify(log, null, 2);
}

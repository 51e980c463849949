/**
 * What the zero-configuration run does differently from a project's own ESLint config: a real
 * repository is full of directive comments for plugins it does not load (`// eslint-disable-next-line
 * @typescript-eslint/no-explicit-any`, `react-hooks/...`, `# eslint-disable-line import/...`), and
 * ESLint would report each as an error ("Definition for rule ... was not found") and each unused one
 * as a warning. Without the project's config those rules cannot be checked, so their directives are
 * left alone: only runtime-ops rules' directives are reported, and `--fix` removes only those. The
 * same goes for ESLint 8 `/* eslint-env *\/` comments, which ESLint 10 reports as errors.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { includeIgnoreFile } from '@eslint/compat';
import type { ESLint, Linter } from 'eslint';
import { NAMESPACE } from '../rule.js';

const OURS = `${NAMESPACE}/`;
const UNUSED_DISABLE = 'Unused eslint-disable directive (no problems were reported';
const ALREADY_CONFIGURED = '" is already configured by another configuration comment in the preceding code.';
const ESLINT_ENV_COMMENT = '/* eslint-env */ comments are no longer supported.';
const UNUSED_ENABLE = 'Unused eslint-enable directive (no matching eslint-disable directives were found';

/**
 * The rule ids an unused-directive message names: ESLint lists them quoted
 * (`from 'a'`, `from 'a' or 'b'`, `from 'a', 'b', or 'c'`); none for a directive without rules.
 */
function rulesOfUnusedDirective(message: string): string[] | undefined {
  if (!message.startsWith(UNUSED_DISABLE) && !message.startsWith(UNUSED_ENABLE)) return undefined;
  return message.split("'").filter((_, index) => index % 2 === 1);
}

/** The rule of ESLint's `Rule "x" is already configured by another configuration comment ...` notice. */
function ruleConfiguredTwice(message: string): string | undefined {
  if (!message.startsWith('Rule "') || !message.includes(ALREADY_CONFIGURED)) return undefined;
  const end = message.indexOf('"', 6);
  return end > 6 ? message.slice(6, end) : undefined;
}

/** Whether a message is ESLint's report about a directive or inline config for a rule that is not runtime-ops'. */
export function isForeignDirectiveReport(message: Linter.LintMessage): boolean {
  // `// eslint-disable-line react/x` or `/* eslint react/x: off */` for a plugin that is not loaded.
  if (message.ruleId && !message.ruleId.startsWith(OURS) && message.message === `Definition for rule '${message.ruleId}' was not found.`) {
    return true;
  }
  // `/* eslint-env browser */` of an ESLint 8 setup (vendored bundles keep them): ESLint 10 reports
  // each as an error, about the project's old config, not about anything runtime-ops checks.
  if (message.ruleId === null && message.message === ESLINT_ENV_COMMENT) return true;
  // `/* eslint func-names: 0 */` twice in one file (vendored bundles concatenate modules).
  const configured = message.ruleId === null ? ruleConfiguredTwice(message.message) : undefined;
  if (configured !== undefined) return !configured.startsWith(OURS);
  const named = message.ruleId === null ? rulesOfUnusedDirective(message.message) : undefined;
  // A directive without rules (`// eslint-disable-next-line`) is about every tool's rules: not ours to judge.
  return named !== undefined && !named.some((rule) => rule.startsWith(OURS));
}

/** The results without reports about other tools' directives, with the counts recomputed. */
export function dropForeignDirectiveReports(results: ESLint.LintResult[]): ESLint.LintResult[] {
  return results.map((result) => {
    const messages = result.messages.filter((message) => !isForeignDirectiveReport(message));
    return messages.length === result.messages.length ? result : { ...result, ...countsOf(messages), messages };
  });
}

/** `--fix` in zero configuration: fix runtime-ops findings and remove runtime-ops rules' unused directives only. */
export function isRuntimeOpsFix(message: Linter.LintMessage): boolean {
  if (message.ruleId) return message.ruleId.startsWith(OURS);
  return rulesOfUnusedDirective(message.message)?.some((rule) => rule.startsWith(OURS)) ?? false;
}

/** The error/warning counts of a result's messages, as ESLint computes them. */
export function countsOf(messages: Linter.LintMessage[]): Pick<
  ESLint.LintResult,
  'errorCount' | 'fatalErrorCount' | 'warningCount' | 'fixableErrorCount' | 'fixableWarningCount'
> {
  const counts = { errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
  for (const message of messages) {
    if (message.severity === 2) {
      counts.errorCount++;
      if (message.fatal) counts.fatalErrorCount++;
      if (message.fix) counts.fixableErrorCount++;
    } else {
      counts.warningCount++;
      if (message.fix) counts.fixableWarningCount++;
    }
  }
  return counts;
}

/**
 * The project's root `.gitignore` as ignore patterns (`includeIgnoreFile` from @eslint/compat: the
 * library's translation of gitignore syntax into ESLint's, negations included), or nothing.
 */
export function gitignoreConfig(cwd: string): Linter.Config[] {
  const file = path.join(cwd, '.gitignore');
  if (!existsSync(file)) return [];
  return [{ ...includeIgnoreFile(file), name: 'runtime-ops/zero-config/gitignore' } as Linter.Config];
}

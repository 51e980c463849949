/**
 * Linting the listed files so that a file removed during the run (a build step, a checkout switching
 * branches) gets a result of its own instead of ending the whole run with ENOENT.
 */
import { existsSync } from 'node:fs';
import type { ESLint } from 'eslint';

/** The message of a listed file that was gone when ESLint came to read it. */
export const VANISHED_MESSAGE = 'Could not read file: ENOENT (it was removed during the run)';

/** A result with one fatal message, for a file that could not be linted: the run reports it and goes on. */
export function fatalResult(filePath: string, message: string): ESLint.LintResult {
  return {
    filePath,
    messages: [{ ruleId: null, fatal: true, severity: 2, message, line: 1, column: 1 }],
    suppressedMessages: [],
    errorCount: 1,
    fatalErrorCount: 1,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  };
}

/**
 * `eslint.lintFiles` over listed files and glob patterns. A listed file that vanishes before ESLint
 * finds it gets no result from ESLint, and one that vanishes between ESLint's listing and its read
 * makes ESLint throw ENOENT: both become a result of their own, and the other files are linted.
 */
export async function lintListedFiles(eslint: Pick<ESLint, 'lintFiles'>, files: string[], globs: string[]): Promise<ESLint.LintResult[]> {
  const vanished = new Set<string>();
  let remaining = files;
  let results: ESLint.LintResult[] = [];
  for (;;) {
    const targets = [...remaining, ...globs];
    if (!targets.length) break;
    try {
      results = await eslint.lintFiles(targets);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const gone = remaining.filter((file) => !existsSync(file));
      if (!gone.length) throw error;
      for (const file of gone) vanished.add(file);
      remaining = remaining.filter((file) => !vanished.has(file));
    }
  }
  const linted = new Set(results.map((result) => result.filePath));
  for (const file of files) if (!linted.has(file) && !existsSync(file)) vanished.add(file);
  return [...results, ...[...vanished].map((file) => fatalResult(file, VANISHED_MESSAGE))];
}

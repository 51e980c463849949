// Temporary interface of the formatters being written on the sarif branch; removed at merge.
import type { ESLint } from 'eslint';
export declare function toSarif(results: ESLint.LintResult[], options: { sourceRoot: string; category?: string; executionSuccessful?: boolean }): unknown;
export declare function toGithubAnnotations(results: ESLint.LintResult[], sourceRoot: string): string;

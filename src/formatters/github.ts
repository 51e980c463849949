/**
 * `--format github`: GitHub Actions workflow commands, one per finding, so a CI run without SARIF
 * upload still annotates the pull request's diff:
 *
 *   ::error file=src/app.ts,line=3,col=5,endLine=3,endColumn=16,title=runtime-ops/no-unstructured-logging::`console.log` writes …
 *
 * Suppressed findings are left out (they are not problems to fix); messages without a rule (parse
 * errors) are annotated too, titled after what they are.
 */
import path from 'node:path';
import type { ESLint, Linter } from 'eslint';

/** The annotations of a lint run, one workflow command a line (empty when there is nothing to say). */
export function toGithubAnnotations(results: ESLint.LintResult[], sourceRoot: string): string {
  const root = path.resolve(sourceRoot);
  const lines: string[] = [];
  for (const result of results) {
    const file = path.relative(root, path.resolve(root, result.filePath)).split(path.sep).join('/');
    for (const message of result.messages) lines.push(annotation(file, message));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function annotation(file: string, message: Linter.LintMessage): string {
  const command = message.severity === 2 || message.fatal ? 'error' : 'warning';
  const title = message.ruleId ?? (message.fatal ? 'Parse error' : 'ESLint');
  const properties: [string, number | string | undefined][] = [
    ['file', file],
    ['line', message.line >= 1 ? message.line : undefined],
    ['col', message.column >= 1 ? message.column : undefined],
    ['endLine', message.endLine],
    ['endColumn', message.endColumn],
    ['title', title],
  ];
  const rendered = properties
    .filter((entry): entry is [string, number | string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${command} ${rendered}::${escapeData(message.message)}`;
}

/** The command's message: `%`, CR and LF are percent-encoded (what @actions/core's `escapeData` does). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: as the message, and `:` and `,` too, which would end the value. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

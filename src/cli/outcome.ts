/**
 * How a run tells the user what happened: one-line errors that keep ESLint's whole message, config
 * errors that name the config file, and the checks that keep a run from reporting "clean" for code
 * no runtime-ops rule looked at.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ESLint, Linter } from 'eslint';
import { NAMESPACE } from '../rule.js';
import { countsOf } from './zero-config.js';

/**
 * ESLint's multi-line messages on one line: `Key "rules": Key "runtime-ops/x":\n\tValue "error"
 * should be array.` becomes `Key "rules": Key "runtime-ops/x": Value "error" should be array.`
 */
export function oneLine(message: string): string {
  return message
    .split(/\r\n|[\r\n]/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * The line of the config file an error was thrown at, from its stack (`file:///…/eslint.config.mjs?mtime=…:2:7`:
 * ESLint imports the config with a cache-busting query). Empty when the stack does not say (a
 * syntax error's stack names no file).
 */
function configLocation(error: unknown, configFile: string): string {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  const url = pathToFileURL(configFile).href;
  const at = stack.indexOf(url);
  if (at === -1) return '';
  let rest = stack.slice(at + url.length);
  if (rest.startsWith('?')) rest = rest.slice(rest.indexOf(':') === -1 ? rest.length : rest.indexOf(':'));
  if (!rest.startsWith(':')) return '';
  let digits = '';
  for (const char of rest.slice(1)) {
    if (char < '0' || char > '9') break;
    digits += char;
  }
  return digits ? ` (line ${digits})` : '';
}

/**
 * Runs `work` (which loads and applies the project's config) and turns a config problem into one
 * line that names the file: `invalid config eslint.config.mjs: Key "rules": …` for a rule whose
 * options do not validate, `cannot load config eslint.config.mjs (line 2): SyntaxError: …` for a
 * file that throws or does not parse.
 */
export async function configError<T>(configFile: string | undefined, cwd: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!configFile) throw error;
    const name = path.relative(cwd, configFile) || configFile;
    const message = error instanceof Error ? error.message : String(error);
    // ESLint's config validation errors all start with the key they are about.
    if (message.startsWith('Key "')) throw new Error(`invalid config ${name}: ${oneLine(message)}`, { cause: error });
    const kind = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
    throw new Error(`cannot load config ${name}${configLocation(error, configFile)}: ${kind}${oneLine(message)}`, { cause: error });
  }
}

/** Whether a rule's setting in a calculated config (`[2]`, `'warn'`, `['error', {...}]`) turns it on. */
export function isEnabled(setting: unknown): boolean {
  const level = Array.isArray(setting) ? setting[0] : setting;
  return level !== 0 && level !== 'off' && level !== undefined;
}

/** Whether the config enables at least one runtime-ops rule for at least one of the files. */
export async function checkedByRuntimeOps(eslint: ESLint, files: string[]): Promise<boolean> {
  for (const file of files) {
    const config = (await eslint.calculateConfigForFile(file)) as { rules?: Record<string, unknown> } | undefined;
    for (const [ruleId, setting] of Object.entries(config?.rules ?? {})) {
      if (ruleId.startsWith(`${NAMESPACE}/`) && isEnabled(setting)) return true;
    }
  }
  return false;
}

/** `--quiet`: the results without warnings, as `eslint --quiet` shows them. */
export function withoutWarnings(results: ESLint.LintResult[]): ESLint.LintResult[] {
  return results.map((result) => {
    const messages = result.messages.filter((message: Linter.LintMessage) => message.severity === 2);
    return messages.length === result.messages.length ? result : { ...result, ...countsOf(messages), messages };
  });
}

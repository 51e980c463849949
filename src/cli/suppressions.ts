/**
 * Bulk suppressions for the runtime-ops command, in ESLint's own format so that the file is
 * interchangeable with `eslint --suppress-all` / `--suppress-rule` / `--prune-suppressions`.
 *
 * ESLint 10's Node API can only apply a suppressions file (`applySuppressions`); writing and pruning
 * live in its CLI (lib/cli.js) and an internal SuppressionsService that the package does not export.
 * This module does the same with the same file format and the same semantics:
 *
 * - the file maps a file path (relative to the working directory, `/`-separated) to rule ids and
 *   the number of error-severity findings of that rule in that file: `{ "app.py": { "runtime-ops/x":
 *   { "count": 2 } } }`, keys sorted, two-space indentation, no final newline;
 * - a rule's findings in a file are suppressed when there are at most `count` of them; one more and
 *   all of them are reported (the count cannot say which one is new);
 * - a suppression with fewer findings than recorded (or none) is "unused": the run fails until the
 *   file is pruned, so the recorded debt only goes down.
 */
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ESLint, Linter } from 'eslint';
import { writeFileAtomically } from './output.js';

/** ESLint's default file name, in the working directory. */
export const DEFAULT_SUPPRESSIONS_FILE = 'eslint-suppressions.json';

/** File path → rule id → suppressed finding count. */
export type Suppressions = Record<string, Record<string, { count: number }>>;

/**
 * Read a suppressions file; a missing file is an empty set. The file may come with the checkout, so it
 * is read as untrusted data: a symlink is refused (its target's first characters would be echoed in a
 * JSON error), and anything but `{ file: { rule: { count: n } } }` with whole positive counts is
 * refused with one line saying where, instead of a TypeError later or an entry kept forever.
 */
export function loadSuppressions(file: string): Suppressions {
  const stats = lstatOrUndefined(file);
  if (!stats) return {};
  if (stats.isSymbolicLink()) throw new Error(`the suppressions file ${file} is a symbolic link; refusing to read it`);
  if (stats.isDirectory()) throw new Error(`the suppressions location is a folder, not a file: ${file}`);
  if (!stats.isFile()) throw new Error(`the suppressions file ${file} is not a regular file`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`the suppressions file ${file} is not valid JSON`);
  }
  const problem = suppressionsProblem(data);
  if (problem) throw new Error(`the suppressions file ${file} is not in ESLint's format: ${problem}`);
  return data as Suppressions;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is wrong with parsed suppressions data, or undefined when it has the expected shape. */
function suppressionsProblem(data: unknown): string | undefined {
  if (!isPlainObject(data)) return 'the top level must be an object of file paths';
  for (const [file, rules] of Object.entries(data)) {
    const where = JSON.stringify(file).slice(0, 200);
    if (!isPlainObject(rules)) return `the entry for ${where} must be an object of rule ids`;
    for (const [ruleId, entry] of Object.entries(rules)) {
      const count = isPlainObject(entry) ? entry.count : undefined;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
        return `the entry for ${where} and rule ${JSON.stringify(ruleId).slice(0, 200)} must be { "count": <a whole number above 0> }`;
      }
    }
  }
  return undefined;
}

function lstatOrUndefined(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/** Write a suppressions file exactly as ESLint does (sorted keys, two spaces, no final newline), never through a symlink. */
export function saveSuppressions(file: string, suppressions: Suppressions): void {
  if (lstatOrUndefined(file)?.isSymbolicLink()) throw new Error(`the suppressions file ${file} is a symbolic link; refusing to write through it`);
  writeFileAtomically(file, stableJson(suppressions, ''));
}

/**
 * Record the current error findings: of every rule, or of the given rules only. Entries for files
 * and rules not in this run are kept, so a run over part of the project adds to the file.
 */
export function suppress(existing: Suppressions, results: ESLint.LintResult[], cwd: string, rules?: string[]): Suppressions {
  const suppressions = structuredClone(existing);
  for (const result of results) {
    const file = relativePath(result.filePath, cwd);
    for (const [ruleId, count] of Object.entries(countByRule(result.messages))) {
      if (rules && !rules.includes(ruleId)) continue;
      (suppressions[file] ??= {})[ruleId] = { count };
    }
  }
  return suppressions;
}

/** Lower the counts to the findings that remain and drop entries whose file no longer exists. */
export function prune(existing: Suppressions, results: ESLint.LintResult[], cwd: string): Suppressions {
  const suppressions = structuredClone(existing);
  const { unused } = applySuppressions(results, suppressions, cwd);
  for (const [file, rules] of Object.entries(unused)) {
    const entry = suppressions[file];
    if (!entry) continue;
    for (const [ruleId, { count }] of Object.entries(rules)) {
      if (!entry[ruleId]) continue;
      if (entry[ruleId].count === count) delete entry[ruleId];
      else entry[ruleId].count -= count;
    }
    if (Object.keys(entry).length === 0) delete suppressions[file];
  }
  for (const file of Object.keys(suppressions)) {
    if (!existsSync(path.resolve(cwd, file))) delete suppressions[file];
  }
  return suppressions;
}

/**
 * Move suppressed findings from `messages` to `suppressedMessages` (with a `file` suppression, as
 * ESLint does) and recount; also return the suppressions that matched fewer findings than recorded.
 */
export function applySuppressions(
  results: ESLint.LintResult[],
  suppressions: Suppressions,
  cwd: string,
): { results: ESLint.LintResult[]; unused: Suppressions } {
  const unused: Suppressions = {};
  const applied = results.map((original) => {
    const file = relativePath(original.filePath, cwd);
    const recorded = suppressions[file];
    if (!recorded) return original;
    const counts = countByRule(original.messages);
    const result = structuredClone(original);
    let changed = false;
    for (const [ruleId, count] of Object.entries(counts)) {
      const allowed = recorded[ruleId]?.count;
      if (allowed === undefined) continue;
      if (count <= allowed) {
        const moved = result.messages.filter((message) => message.ruleId === ruleId);
        result.suppressedMessages = [
          ...result.suppressedMessages,
          ...moved.map((message) => ({ ...message, suppressions: [{ kind: 'file', justification: '' }] })),
        ];
        result.messages = result.messages.filter((message) => message.ruleId !== ruleId);
        changed = true;
      }
      if (count < allowed) (unused[file] ??= {})[ruleId] = { count: allowed - count };
    }
    for (const [ruleId, entry] of Object.entries(recorded)) {
      if (!counts[ruleId]) (unused[file] ??= {})[ruleId] = entry;
    }
    if (changed) Object.assign(result, recount(result.messages));
    return result;
  });
  return { results: applied, unused };
}

/** Error findings per rule id (warnings and rule-less messages, such as parse errors, are never suppressed). */
function countByRule(messages: Linter.LintMessage[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const message of messages) {
    if (message.severity === 2 && message.ruleId) counts[message.ruleId] = (counts[message.ruleId] ?? 0) + 1;
  }
  return counts;
}

/** The counters of a lint result, recomputed from its remaining messages. */
function recount(messages: Linter.LintMessage[]) {
  const stats = { errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
  for (const message of messages) {
    if (message.fatal || message.severity === 2) {
      stats.errorCount++;
      if (message.fatal) stats.fatalErrorCount++;
      if (message.fix) stats.fixableErrorCount++;
    } else {
      stats.warningCount++;
      if (message.fix) stats.fixableWarningCount++;
    }
  }
  return stats;
}

/** The file's key in the suppressions file: relative to the working directory, always with `/`. */
function relativePath(filePath: string, cwd: string): string {
  return path.relative(cwd, filePath).split(path.sep).join(path.posix.sep);
}

/** JSON with keys sorted by code unit at every level (what ESLint's json-stable-stringify writes). */
function stableJson(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + stableJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value).sort();
  if (keys.length === 0) return '{}';
  const entries = keys.map((key) => `${inner}${JSON.stringify(key)}: ${stableJson((value as Record<string, unknown>)[key], inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

/**
 * The annotated-fixture runner (Semgrep style): in fixtures/<rule-id>/*, a comment
 * `ruleid: runtime-ops/<rule-id>` marks that the next line has a finding of that rule, `ok: ...`
 * marks a tricky negative, and every unannotated line must stay clean. `todoruleid:` / `todook:`
 * record known gaps: the runner asserts the gap still exists, so fixing it forces an update.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { pluginConfig } from './plugin-config.js';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'fixtures');

export interface Expectation {
  line: number;
  kind: 'ruleid' | 'ok' | 'todoruleid' | 'todook';
  ruleId: string;
}

const ANNOTATION = /(?:\/\/|#)\s*(ruleid|ok|todoruleid|todook):\s*(runtime-ops\/[\w-]+)/;

/** The expectations a fixture states: each annotation applies to the next line that is not an annotation. */
export function readExpectations(text: string): Expectation[] {
  const lines = text.split(/\r\n|[\r\n]/);
  const expectations: Expectation[] = [];
  const pending: Omit<Expectation, 'line'>[] = [];
  lines.forEach((line, index) => {
    const match = ANNOTATION.exec(line);
    if (match && line.trim().startsWith(line.includes('//') ? '//' : '#')) {
      pending.push({ kind: match[1] as Expectation['kind'], ruleId: match[2] });
      return;
    }
    for (const expectation of pending.splice(0)) expectations.push({ ...expectation, line: index + 1 });
  });
  return expectations;
}

export function fixtureFiles(ruleName: string): string[] {
  const dir = path.join(FIXTURES, ruleName);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(?:[cm]?[jt]sx?|pyi?)$/.test(file))
    .map((file) => path.join(dir, file));
}

/** Lint one fixture with only `ruleId` enabled (at its default options), through the recommended config. */
export async function lintFixture(file: string, ruleId: string): Promise<ESLint.LintResult> {
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    // Fixtures carry other tools' directives (`no-console`, `# noqa: T201`) whose rules are not enabled here.
    overrideConfig: [...pluginConfig('recommended', { [ruleId]: 'error' }), { linterOptions: { reportUnusedDisableDirectives: 'off' } }],
  });
  const [result] = await eslint.lintFiles([file]);
  return result;
}

/** Compare a fixture's findings with its annotations; returns human-readable mismatches. */
export function compare(text: string, result: ESLint.LintResult, ruleId: string): string[] {
  const problems: string[] = [];
  const fatal = result.messages.find((message) => message.fatal);
  if (fatal) return [`fatal: ${fatal.message} at ${fatal.line}:${fatal.column}`];
  const found = new Map<number, number>();
  for (const message of result.messages) {
    if (message.ruleId !== ruleId) {
      problems.push(`unexpected message ${message.ruleId}: ${message.message} at line ${message.line}`);
      continue;
    }
    found.set(message.line, (found.get(message.line) ?? 0) + 1);
  }
  const annotated = new Set<number>();
  for (const expectation of readExpectations(text).filter((e) => e.ruleId === ruleId)) {
    annotated.add(expectation.line);
    const hit = found.has(expectation.line);
    if (expectation.kind === 'ruleid' && !hit) problems.push(`line ${expectation.line}: expected a finding, got none`);
    if (expectation.kind === 'ok' && hit) problems.push(`line ${expectation.line}: expected no finding (ok), got one`);
    if (expectation.kind === 'todoruleid' && hit) problems.push(`line ${expectation.line}: todoruleid is now found: make it ruleid`);
    if (expectation.kind === 'todook' && !hit) problems.push(`line ${expectation.line}: todook is now clean: make it ok`);
  }
  for (const line of found.keys()) {
    if (!annotated.has(line)) problems.push(`line ${line}: unannotated finding`);
  }
  return problems;
}

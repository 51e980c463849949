import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { noqaRules } from '../src/languages/python/source-code.js';

const RULE = 'runtime-ops/no-unstructured-logging';

function verify(code: string, linterOptions: Linter.LinterOptions = {}) {
  const linter = new Linter({ configType: 'flat' });
  const config: Linter.Config[] = [
    {
      files: ['**/*.py'],
      plugins: { 'runtime-ops': plugin as never },
      language: 'runtime-ops/python',
      rules: { [RULE]: 'error' },
      // Service code: this repository's own package.json looks like a published library.
      settings: { 'runtime-ops': { projectKind: 'service' } },
      linterOptions,
    },
  ];
  const messages = linter.verify(code, config, 'app.py');
  return { messages, suppressed: (linter as unknown as { getSuppressedMessages(): Linter.SuppressedLintMessage[] }).getSuppressedMessages() };
}

describe('Python directives', () => {
  it('eslint-disable-next-line silences the next line only', () => {
    const { messages, suppressed } = verify(`# eslint-disable-next-line ${RULE}\nprint("a")\nprint("b")\n`);
    expect(messages.map((m) => m.line)).toEqual([3]);
    expect(suppressed.map((m) => m.line)).toEqual([2]);
  });

  it('eslint-disable-line silences its own line and keeps the -- reason as justification', () => {
    const { messages, suppressed } = verify(`print("a")  # eslint-disable-line ${RULE} -- CLI banner\nprint("b")\n`);
    expect(messages.map((m) => m.line)).toEqual([2]);
    expect(suppressed[0].suppressions).toEqual([{ kind: 'directive', justification: 'CLI banner' }]);
  });

  it('eslint-disable / eslint-enable regions', () => {
    const { messages } = verify(`# eslint-disable ${RULE}\nprint("a")\nprint("b")\n# eslint-enable ${RULE}\nprint("c")\n`);
    expect(messages.map((m) => m.line)).toEqual([5]);
  });

  it('a disable with no rule list silences every rule', () => {
    const { messages } = verify('# eslint-disable\nprint("a")\n');
    expect(messages).toEqual([]);
  });

  it('reports unused disable directives when asked', () => {
    const { messages } = verify(`x = 1  # eslint-disable-line ${RULE}\n`, { reportUnusedDisableDirectives: 'error' });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ ruleId: null, line: 1, column: 8, severity: 2 });
    expect(messages[0].message).toContain('Unused eslint-disable directive');
  });

  it('inline config turns a rule off for the file', () => {
    const { messages } = verify(`# eslint ${RULE}: "off"\nprint("a")\n`);
    expect(messages).toEqual([]);
  });

  it('inline config with bad JSON is a problem at the comment', () => {
    const { messages } = verify(`# eslint ${RULE}: [oops\nprint("a")\n`);
    expect(messages.some((m) => m.ruleId === null && m.line === 1)).toBe(true);
  });

  it('# noqa: <rule-id> silences that rule on its line', () => {
    const { messages, suppressed } = verify(`print("a")  # noqa: ${RULE}\nprint("b")\n`);
    expect(messages.map((m) => m.line)).toEqual([2]);
    expect(suppressed.map((m) => m.line)).toEqual([1]);
  });

  it('# noqa with several codes, mixed with other tools', () => {
    const { messages } = verify(`print("a")  # noqa: E501, ${RULE}\n`);
    expect(messages).toEqual([]);
  });

  it('a bare # noqa and other tools\' codes do not silence runtime-ops (T201 is the peer of bare output: it does)', () => {
    const { messages } = verify('print("a")  # noqa\nprint("b")  # noqa: E501\nprint("c")  # noqa: T201\n');
    expect(messages.map((m) => m.line)).toEqual([1, 2]);
  });

  it('parses noqa comments as Ruff does (case, spacing)', () => {
    expect(noqaRules(' noqa')).toEqual([]);
    expect(noqaRules(' NOQA: runtime-ops/a,runtime-ops/b')).toEqual(['runtime-ops/a', 'runtime-ops/b']);
    expect(noqaRules(' noqa:runtime-ops/a')).toEqual(['runtime-ops/a']);
    expect(noqaRules(' noqa: E501')).toBeNull();
    expect(noqaRules(' type: ignore')).toBeNull();
    expect(noqaRules(' this is not noqa-related')).toBeNull();
  });
});

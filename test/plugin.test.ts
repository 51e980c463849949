/**
 * Guard rails: every rule is complete (meta, doc, fixtures in both languages, tests), configs and
 * the README table are generated from metadata, and every ❌/✅ example in the docs behaves.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin, { rules, type PyNode } from '../src/index.js';
import { withRuleTable } from '../src/docs/rule-table.js';
import { createRule, PYTHON_LANGUAGE } from '../src/rule.js';
import { Linter } from 'eslint';
import { pluginConfig } from './plugin-config.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const ruleDirs = readdirSync(path.join(ROOT, 'rules'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const DOC_HEADINGS = ['## What it does', '## Why is this bad?', '## Examples', '## Options', '## Known limitations', '## When not to use it', '## References'];

describe('plugin', () => {
  it('has meta for caching and a python language', () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'runtime-ops' });
    expect(plugin.languages.python).toBeDefined();
  });

  it('loads every rule folder, and only those', () => {
    expect(Object.keys(rules).sort()).toEqual([...ruleDirs].sort());
    expect(ruleDirs.length).toBeGreaterThan(0);
  });

  it('builds recommended and strict from rule metadata', () => {
    type Block = { name: string; rules: Record<string, string>; files: string[]; ignores: string[] };
    const byName = (configs: object[], suffix: string) => (configs as Block[]).find((config) => config.name.endsWith(suffix))!;
    const tsConfig = byName(plugin.configs.recommended, '/typescript');
    const pyConfig = byName(plugin.configs.recommended, '/python');
    const ours = (config: Block) => Object.keys(config.rules).filter((id) => id.startsWith('runtime-ops/')).sort();
    const recommended = Object.entries(rules).filter(([, r]) => r.meta.docs.recommended).map(([n]) => `runtime-ops/${n}`).sort();
    expect(Object.keys(tsConfig.rules).sort()).toEqual(recommended);
    expect(ours(pyConfig)).toEqual(recommended);
    // Everything else in the Python block turns a JavaScript rule off (foreign-rules.ts).
    expect(Object.entries(pyConfig.rules).filter(([id]) => !id.startsWith('runtime-ops/')).every(([, level]) => level === 'off')).toBe(true);
    expect(pyConfig.rules['no-irregular-whitespace']).toBe('off');
    expect(pyConfig.rules['@typescript-eslint/await-thenable']).toBe('off');
    expect(pyConfig.files).toEqual(['**/*.py', '**/*.pyi']);
    expect(pyConfig.ignores).toEqual(expect.arrayContaining(['**/test_*.py', '**/*_test.py', '**/tests/**', '**/conftest.py', '**/tests.py']));
    expect(tsConfig.ignores).toEqual(expect.arrayContaining(['**/*.test.*', '**/*.spec.*', '**/__tests__/**']));
    expect(Object.keys(byName(plugin.configs.strict, '/typescript').rules).sort()).toEqual(ruleDirs.map((n) => `runtime-ops/${n}`).sort());
  });

  it('keeps the README rule table in sync with metadata (npm run docs)', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(withRuleTable(readme)).toBe(readme);
  });
});

describe.each(ruleDirs)('rule %s', (name) => {
  const rule = rules[name];

  it('has complete metadata', () => {
    expect(rule.name).toBe(name);
    const { meta } = rule;
    expect(meta.docs.description).toMatch(/^(Disallow|Require) /);
    expect(meta.docs.rationale.length).toBeGreaterThan(40);
    expect(meta.docs.url).toMatch(new RegExp(`^https://.*/docs/rules/${name}\\.md$`));
    expect(['very-high', 'high', 'medium', 'low']).toContain(meta.docs.precision);
    expect(meta.docs.tags.length).toBeGreaterThan(0);
    expect(meta.languages).toEqual(['js/js', PYTHON_LANGUAGE]);
    expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
    for (const id of Object.keys(meta.messages)) expect(id).toMatch(/^[a-z][a-zA-Z]+$/);
    // One short sentence, as ESLint's and Ruff's are; the rule page explains and gives the remedy.
    for (const [id, text] of Object.entries(meta.messages as Record<string, string>)) expect(text.length, `${name}/${id}`).toBeLessThanOrEqual(120);
    expect(meta.defaultOptions).toHaveLength(1);
    const properties = (meta.schema[0] as { properties?: Record<string, { description?: string }> } | undefined)?.properties ?? {};
    for (const [option, schema] of Object.entries(properties)) {
      expect(schema.description, `option ${option} has a description`).toBeTruthy();
      expect(meta.defaultOptions[0] as Record<string, unknown>).toHaveProperty(option);
    }
  });

  it('has a doc page with the house headings', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'rules', `${name}.md`), 'utf8');
    expect(doc.startsWith(`# runtime-ops/${name}`)).toBe(true);
    for (const heading of DOC_HEADINGS) expect(doc).toContain(heading);
  });

  it('has fixtures in both languages and a rule test', () => {
    const files = readdirSync(path.join(ROOT, 'fixtures', name));
    expect(files.some((f) => /\.[cm]?[jt]sx?$/.test(f))).toBe(true);
    expect(files.some((f) => /\.pyi?$/.test(f))).toBe(true);
    expect(existsSync(path.join(ROOT, 'test', `${name}.test.ts`))).toBe(true);
  });

  it('reports every ❌ example of its doc and none of the ✅ examples', async () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'rules', `${name}.md`), 'utf8');
    const examples = docExamples(doc);
    expect(examples.some((e) => e.bad && e.ext === 'ts')).toBe(true);
    expect(examples.some((e) => e.bad && e.ext === 'py')).toBe(true);
    expect(examples.some((e) => !e.bad && e.ext === 'ts')).toBe(true);
    expect(examples.some((e) => !e.bad && e.ext === 'py')).toBe(true);
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: pluginConfig('recommended', { [`runtime-ops/${name}`]: 'error' }),
    });
    for (const example of examples) {
      const [result] = await eslint.lintText(example.code, { filePath: path.join(ROOT, 'fixtures', `example.${example.ext}`) });
      const fatal = result.messages.find((m) => m.fatal);
      expect(fatal, `example at doc line ${example.line} parses`).toBeUndefined();
      const found = result.messages.filter((m) => m.ruleId === `runtime-ops/${name}`).length;
      if (example.bad) expect(found, `❌ example at doc line ${example.line} reports`).toBeGreaterThan(0);
      else expect(found, `✅ example at doc line ${example.line} is clean`).toBe(0);
    }
  });
});

/** Fenced ts/js/py blocks with the ❌/✅ marker that last precedes them. */
function docExamples(doc: string): { code: string; ext: 'ts' | 'py'; bad: boolean; line: number }[] {
  const lines = doc.split('\n');
  const examples: { code: string; ext: 'ts' | 'py'; bad: boolean; line: number }[] = [];
  let marker: boolean | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^```(ts|typescript|js|javascript|py|python)\s*$/.exec(line);
    if (fence) {
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
      if (marker !== undefined) {
        examples.push({ code: `${body.join('\n')}\n`, ext: fence[1].startsWith('p') ? 'py' : 'ts', bad: marker, line: start + 1 });
      }
      continue;
    }
    if (line.startsWith('```')) {
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++);
      continue;
    }
    if (line.includes('❌')) marker = true;
    else if (line.includes('✅') && !line.includes('Configs')) marker = false;
    else if (/^#{1,3} /.test(line) && !/^#{3} /.test(line)) marker = undefined;
  }
  return examples;
}

/** Lint Python `code` with a throwaway rule whose Python detector handles each `call` node. */
function lintWithCallHandler(code: string, onCall: (node: PyNode, report: () => void) => void) {
  const rule = createRule<'found', Record<string, never>>({
    name: 'probe',
    roles: ['service', 'cli', 'script', 'test', 'browser', 'generated', 'library'],
    meta: {
      type: 'problem',
      docs: { description: 'Disallow nothing', rationale: 'test', recommended: false, precision: 'low', tags: ['test'] },
      messages: { found: 'found' },
      schema: [{ type: 'object' }],
      defaultOptions: [{}],
    },
    typescript: () => ({}),
    python: (context) => ({
      call(node) {
        onCall(node, () => context.report({ node, messageId: 'found' }));
      },
    }),
  });
  return new Linter({ configType: 'flat' }).verify(
    code,
    [{ files: ['**/*.py'], plugins: { 'runtime-ops': plugin as never, t: { rules: { probe: rule as never } } }, language: 'runtime-ops/python', rules: { 't/probe': 'error' } }],
    'x.py',
  );
}

describe('createRule', () => {
  it('skips a node whose analysis overflows the stack instead of crashing the run', () => {
    const recurse = (n: number): number => recurse(n + 1) + 1;
    const messages = lintWithCallHandler('boom()\nok()\n', (node, report) => {
      if (node.fields.function?.text === 'boom') recurse(0);
      report();
    });
    // the overflowing call is skipped; the rest of the file is still linted
    expect(messages.map((m) => [m.line, m.message])).toEqual([[2, 'found']]);
  });

  it('lets every other exception through', () => {
    expect(() =>
      lintWithCallHandler('f()\n', () => {
        throw new TypeError('a bug');
      }),
    ).toThrow(/a bug/);
  });
});

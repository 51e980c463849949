import { Linter } from 'eslint';
import dedent from 'dedent';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { conversionWalk, parsePython, parsePythonWith, treeSignature, SELF_CHECK_SAMPLE, type PyModule, type PyNode } from '../src/languages/python/ast.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const RULE = 'runtime-ops/no-unstructured-logging';

function lint(code: string, rules: Linter.RulesRecord = { [RULE]: 'error' }, extra: Partial<Linter.Config> = {}) {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    // Service code: this repository's own package.json looks like a published library.
    [{ files: ['**/*.py'], plugins: { 'runtime-ops': plugin as never }, language: 'runtime-ops/python', rules, settings: { 'runtime-ops': { projectKind: 'service' } }, ...extra }],
    'service.py',
  );
}

function parse(code: string): PyModule {
  const result = parsePython(code);
  if (!result.ok) throw new Error(result.errors[0].message);
  return result.ast;
}

describe('Python parsing', () => {
  it('converts to plain nodes with fields, parents, keywords and leaf text', () => {
    const ast = parse('async def f(a):\n    await g(a)  # trailing\n');
    const fn = ast.children[0];
    expect(fn.type).toBe('function_definition');
    expect(fn.keywords).toContain('async');
    expect(fn.fields.name?.text).toBe('f');
    expect(fn.fields.name?.parent).toBe(fn);
    const call = fn.fields.body!.children[0].children[0].children[0] as PyNode;
    expect(call.type).toBe('call');
    expect(call.fields.function?.text).toBe('g');
    expect(call.loc).toEqual({ start: { line: 2, column: 10 }, end: { line: 2, column: 14 } });
    expect(ast.comments).toHaveLength(1);
    expect(ast.comments[0].value).toBe(' trailing');
    // identity-stable objects whose own enumerable keys are plain data (no tree-sitter wrappers)
    expect(ast.children[0]).toBe(fn);
    expect(fn.loc).toEqual({ start: { line: 1, column: 0 }, end: { line: 2, column: 26 } });
    expect(fn.range).toEqual([0, 42]); // tree-sitter ends the block after the trailing comment
    for (const value of Object.values(fn)) {
      expect(value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value) || Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype || (value as PyNode).type !== undefined).toBe(true);
    }
  });

  it('keeps operators reachable through their field', () => {
    const ast = parse('x = a % b\n');
    const binary = ast.children[0].children[0].fields.right!;
    expect(binary.type).toBe('binary_operator');
    expect(binary.fields.operator?.text).toBe('%');
  });

  it('counts columns in UTF-16 units, as ESLint does (emoji, CJK)', () => {
    const messages = lint('x = "😀😀"; y = "漢字"; print(x)\n');
    expect(messages).toHaveLength(1);
    // `print` starts at UTF-16 offset 22: two emoji are 4 units, two CJK characters 2
    expect(messages[0]).toMatchObject({ line: 1, column: 23, endColumn: 28 });
  });

  it('handles a BOM and CRLF line endings', () => {
    const messages = lint('\uFEFFimport os\r\n\r\nprint("x")\r\n');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ line: 3, column: 1, endLine: 3, endColumn: 6 });
  });

  it('counts a tab as one column', () => {
    const messages = lint('def f():\n\tprint("x")\n');
    expect(messages[0]).toMatchObject({ line: 2, column: 2 });
  });

  it('reports a syntax error once, as a fatal parsing error at its line and column', () => {
    const messages = lint('import os\n\ndef broken(:\n    pass\n');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ fatal: true, severity: 2, ruleId: null, line: 3, column: 12 });
    expect(messages[0].message).toMatch(/^Parsing error: /);
  });

  it('reports an unterminated string with its line', () => {
    const messages = lint('x = 1\ny = "open\nz = 2\n');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ fatal: true, line: 2, column: 5 });
  });

  it('names the offending text of an ERROR node', () => {
    const messages = lint('class A\n  pass\n');
    expect(messages[0]).toMatchObject({ fatal: true, line: 1, column: 1, message: 'Parsing error: Invalid syntax near "class A"' });
  });

  it('reads PEP 696 type parameter defaults, which the grammar lacks, keeping every position', () => {
    const code = dedent`
      class Box[T = int, U = dict[str, "]"]]:
          def show[V: str = str](self) -> None:
              print(1)

      type Pair[K, V = K] = tuple[K, V]
      ok = [a == b for a in range(3)]
      print(2)
    `;
    const result = parsePython(code);
    expect(result.ok).toBe(true);
    const messages = lint(code);
    expect(messages.map((m) => [m.line, m.column, m.fatal ?? false])).toEqual([
      [3, 9, false],
      [7, 1, false],
    ]);
    // Texts come from the file as written: the defaults are still there.
    const cls = (result as { ast: PyModule }).ast.children[0];
    expect(cls.fields.type_parameters?.text ?? code.slice(...cls.fields.type_parameters!.range)).toBe('[T = int, U = dict[str, "]"]]');
  });

  it('still reports a real syntax error in a type parameter list at its own position', () => {
    const messages = lint('class A[T = int:\n    pass\n');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ fatal: true, line: 1 });
  });

  it('reads an f-string format spec that starts with = as a spec, not a walrus', () => {
    const code = 'title = "a"\nprint(f"{title:=^40} {title:=10} {(n := 3)}")\n';
    const result = parsePython(code);
    expect(result.ok).toBe(true);
    const found: Array<[string, string]> = [];
    const stack: PyNode[] = [(result as { ast: PyModule }).ast];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'format_specifier' || node.type === 'named_expression') found.push([node.type, code.slice(...node.range)]);
      stack.push(...node.children);
    }
    expect(found.sort()).toEqual([
      ['format_specifier', ':=10'],
      ['format_specifier', ':=^40'],
      ['named_expression', 'n := 3'],
    ]);
    // A walrus in ordinary code is untouched.
    const plain = parsePython('if (m := 2):\n    pass\n');
    expect(plain.ok).toBe(true);
    const types: string[] = [];
    const pending: PyNode[] = [(plain as { ast: PyModule }).ast];
    while (pending.length) {
      const node = pending.pop()!;
      types.push(node.type);
      pending.push(...node.children);
    }
    expect(types).toContain('named_expression');
  });

  it('reports a NUL byte as a binary file, not Python', () => {
    const messages = lint('x = 1\nab\0cd\n');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ fatal: true, line: 2, column: 3 });
    expect(messages[0].message).toContain('NUL byte');
  });

  it('lints an empty file cleanly', () => {
    expect(lint('')).toEqual([]);
    expect(lint('\n\n')).toEqual([]);
  });

  it('converts and traverses 5,000-deep nesting without overflowing the stack', () => {
    const depth = 5000;
    const code = `x = ${'('.repeat(depth)}1${')'.repeat(depth)}\nprint(x)\n`;
    const ast = parse(code);
    // deepest node, measured iteratively
    let levels = 0;
    const stack: [PyNode, number][] = [[ast, 0]];
    while (stack.length) {
      const [node, level] = stack.pop()!;
      levels = Math.max(levels, level);
      for (const child of node.children) stack.push([child, level + 1]);
    }
    expect(levels).toBeGreaterThan(depth);
    const messages = lint(code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ line: 2, column: 1 });
  });

  it('frees each tree: parsing many files does not grow WASM memory', () => {
    const code = dedent`
      import logging
      log = logging.getLogger(__name__)
      def f(x):
          log.info("x %s", x)
    `.concat('\n').repeat(200);
    parse(code);
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 200; i++) parse(code);
    const after = process.memoryUsage().arrayBuffers;
    // WASM linear memory only grows; a leak of 200 trees of this size would add megabytes.
    expect(after - before).toBeLessThan(4 * 1024 * 1024);
  });

  it('uses the direct walker with the pinned web-tree-sitter, and it converts exactly as the public cursor', () => {
    expect(conversionWalk).toBe('direct');
    const root = path.resolve(import.meta.dirname, '..', '..', 'fixtures');
    const texts = [SELF_CHECK_SAMPLE, 'x = "😀😀"; print(x)\r\n', `y = ${'('.repeat(3000)}1${')'.repeat(3000)}\n`];
    const stack = [root];
    while (stack.length) {
      const dir = stack.pop()!;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) stack.push(full);
        else if (entry.name.endsWith('.py')) texts.push(readFileSync(full, 'utf8'));
      }
    }
    expect(texts.length).toBeGreaterThan(20);
    for (const text of texts) {
      const direct = parsePythonWith(text, 'direct');
      const viaPublic = parsePythonWith(text, 'public');
      expect(direct.ok && viaPublic.ok).toBe(true);
      if (direct.ok && viaPublic.ok) expect(treeSignature(direct.ast)).toBe(treeSignature(viaPublic.ast));
    }
  });
});

/**
 * What one Python module says to the rest of the project: what each import binds (a module, or a
 * name of a module, by level and dotted path) and what the module defines at its top level, with
 * the syntax tree and scopes so that other modules' code is judged with the same tools as the
 * linted file. Other files are parsed with the plugin's own Python parser (tree-sitter), once per
 * version of their content (see ../project/index.ts).
 */
import type { PyModule, PyNode } from '../../languages/python/ast.js';
import { parsePythonFile } from '../../languages/python/ast.js';
import { scopesOf, type Binding, type PythonScopes } from './scope.js';

/** What an import binding stands for: `from ..pkg.mod import a as b` binds `b` to `{ level: 2, module: 'pkg.mod', name: 'a' }`. */
export interface PyImport {
  /** Leading dots of a relative import (0 for absolute). */
  level: number;
  /** Dotted module path after the dots ('' for `from . import x`). */
  module: string;
  /** The imported name, or undefined when the binding is the module itself (`import a.b as c`). */
  name: string | undefined;
  /** `import a.b.c` binds `a` and makes `a.b.c` available: the whole dotted path imported. */
  dotted?: string;
}

export interface PyModuleFacts {
  language: 'python';
  file: string;
  text: string;
  ast: PyModule;
  scopes: PythonScopes;
  /** What each import binding (keyed by its binding node) stands for. */
  imports: Map<PyNode, PyImport>;
  /** Every identifier use, by name (built on first use). */
  identifiersNamed(name: string): PyNode[];
}

/** Parse another module of the project; undefined on a syntax error. */
export function parsePyModule(file: string, text: string): PyModuleFacts | undefined {
  const outcome = parsePythonFile(file, text, 'index');
  return outcome.ok ? pyModuleFacts(file, text, outcome.ast) : undefined;
}

/** Gather a module's facts from its tree (the linted file's or a parsed one). */
export function pyModuleFacts(file: string, text: string, ast: PyModule): PyModuleFacts {
  const scopes = scopesOf(ast);
  const imports = new Map<PyNode, PyImport>();
  const stack: PyNode[] = [ast];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'import_statement') collectImport(node, imports);
    else if (node.type === 'import_from_statement') collectFromImport(node, imports);
    else for (const child of node.children) if (child.children.length || child.type.startsWith('import')) stack.push(child);
  }
  let identifiers: Map<string, PyNode[]> | undefined;
  return {
    language: 'python',
    file,
    text,
    ast,
    scopes,
    imports,
    identifiersNamed(name) {
      identifiers ??= indexIdentifiers(ast);
      return identifiers.get(name) ?? [];
    },
  };
}

/** `import a.b.c` (binds `a`), `import a.b as c` (binds `c` to module `a.b`). */
function collectImport(node: PyNode, imports: Map<PyNode, PyImport>): void {
  for (const clause of node.children) {
    if (clause.field !== 'name') continue;
    if (clause.type === 'dotted_name') {
      const first = clause.children[0];
      if (first) imports.set(first, { level: 0, module: first.text ?? '', name: undefined, dotted: dottedText(clause) });
    } else if (clause.type === 'aliased_import') {
      const alias = clause.fields.alias;
      const name = clause.fields.name;
      if (alias && name) imports.set(alias, { level: 0, module: dottedText(name), name: undefined });
    }
  }
}

/** `from ..pkg.mod import a as b, c`. */
function collectFromImport(node: PyNode, imports: Map<PyNode, PyImport>): void {
  const moduleNode = node.fields.module_name;
  if (!moduleNode) return;
  let level = 0;
  let module = '';
  if (moduleNode.type === 'relative_import') {
    for (const child of moduleNode.children) {
      if (child.type === 'import_prefix') level = (child.text ?? '.').length;
      else if (child.type === 'dotted_name') module = dottedText(child);
    }
  } else module = dottedText(moduleNode);
  for (const clause of node.children) {
    if (clause.field !== 'name') continue;
    if (clause.type === 'dotted_name') {
      const last = clause.children[clause.children.length - 1];
      if (last) imports.set(last, { level, module, name: dottedText(clause) });
    } else if (clause.type === 'aliased_import') {
      const alias = clause.fields.alias;
      const name = clause.fields.name;
      if (alias && name) imports.set(alias, { level, module, name: dottedText(name) });
    }
  }
}

function dottedText(node: PyNode): string {
  if (node.text !== undefined) return node.text;
  return node.children.map((child) => child.text ?? '').join('.');
}

function indexIdentifiers(ast: PyModule): Map<string, PyNode[]> {
  const index = new Map<string, PyNode[]>();
  const stack: PyNode[] = [ast];
  while (stack.length) {
    const node = stack.pop()!;
    // `obj.name` and `f(name=1)` do not use the name.
    const isUse = node.field !== 'attribute' && !(node.field === 'name' && node.parent?.type === 'keyword_argument');
    if (node.type === 'identifier' && node.text && isUse) {
      const list = index.get(node.text);
      if (list) list.push(node);
      else index.set(node.text, [node]);
    }
    for (const child of node.children) stack.push(child);
  }
  return index;
}

/** The module-level binding of `name` in force at the end of the module (the last one). */
export function moduleBinding(facts: PyModuleFacts, name: string): Binding | undefined {
  const bindings = facts.scopes.module.bindings.get(name);
  return bindings?.[bindings.length - 1];
}

/** The definition a module-level binding stands for: a `def`/`class` node, or an assigned value. */
export function bindingDefinition(binding: Binding): PyNode | undefined {
  if (binding.kind === 'function' || binding.kind === 'class') {
    const definition = binding.node.parent;
    return definition && (definition.type === 'function_definition' || definition.type === 'class_definition') ? definition : undefined;
  }
  if (binding.kind === 'assignment') return binding.value;
  return undefined;
}

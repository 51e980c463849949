/**
 * The project modules a file imports, parsed on the side so that a rule can ask what they register
 * (a signal handler installed by `import './shutdown'` or `from .signals import install`).
 *
 * This is a bounded stand-in for a project index: only imports written as paths inside the project
 * (TS/JS relative specifiers, Python relative imports and absolute imports that resolve to a file
 * under the project root or its `src/`) are followed, never a file outside the project root, at most
 * `MAX_DEPTH` imports deep and `MAX_FILES` files per entry file. Parses are cached by path and
 * modification time for the whole run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { typescriptParser } from '../../languages/typescript-parser.js';
import { parsePython } from '../../languages/python/ast.js';
import type { PyModule, PyNode } from '../../languages/python/ast.js';
import { dotted } from '../python/scope.js';
import { isInside } from './manifest.js';

export const MAX_DEPTH = 2;
export const MAX_FILES = 24;
/** How many files around a module are read when looking for the modules that import it. */
export const MAX_NEIGHBOURS = 40;
/** Files larger than this are not parsed on the side (generated bundles, vendored code). */
const MAX_BYTES = 512 * 1024;

type Scope = TSESLint.Scope.Scope;

/** A TS/JS module parsed on the side, with parent links and a way to find each node's scope. */
export interface LinkedTsModule {
  file: string;
  ast: TSESTree.Program;
  scopeOf(node: TSESTree.Node): Scope;
}

const tsCache = new Map<string, { mtimeMs: number; value: LinkedTsModule | undefined }>();
const pyCache = new Map<string, { mtimeMs: number; value: PyModule | undefined }>();

function readCached<T>(cache: Map<string, { mtimeMs: number; value: T | undefined }>, file: string, parse: (text: string) => T | undefined): T | undefined {
  try {
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > MAX_BYTES) return undefined;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === stat.mtimeMs) return hit.value;
    let value: T | undefined;
    try {
      value = parse(readFileSync(file, 'utf8'));
    } catch {
      value = undefined;
    }
    cache.set(file, { mtimeMs: stat.mtimeMs, value });
    return value;
  } catch {
    return undefined;
  }
}

/** Parse a TS/JS file with scope analysis, or undefined when it does not parse. */
export function linkedTsModule(file: string): LinkedTsModule | undefined {
  return readCached(tsCache, file, (text) => {
    const result = typescriptParser.parseForESLint(text, {
      sourceType: 'module',
      ecmaVersion: 'latest',
      range: true,
      loc: true,
      filePath: file,
      jsx: /\.[jt]sx$/.test(file),
    } as never);
    const ast = result.ast as unknown as TSESTree.Program;
    setParents(ast);
    const manager = result.scopeManager as unknown as TSESLint.Scope.ScopeManager;
    return {
      file,
      ast,
      scopeOf(node) {
        for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
          const scope = manager.acquire(current, true);
          if (scope) return scope as Scope;
        }
        return manager.globalScope as Scope;
      },
    };
  });
}

/** Parse a Python file, or undefined when it does not parse. */
export function linkedPythonModule(file: string): PyModule | undefined {
  return readCached(pyCache, file, (text) => {
    const outcome = parsePython(text);
    return outcome.ok ? outcome.ast : undefined;
  });
}

/** Give every node its `parent`, as ESLint does for the file it lints. */
function setParents(root: TSESTree.Node): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    for (const key of Object.keys(node)) {
      if (key === 'parent' || key === 'loc' || key === 'range' || key === 'tokens' || key === 'comments') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      const children = Array.isArray(value) ? value : [value];
      for (const child of children) {
        if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') {
          (child as { parent?: TSESTree.Node }).parent = node;
          stack.push(child as TSESTree.Node);
        }
      }
    }
  }
}

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** The file a relative TS/JS specifier names: `./shutdown`, `./shutdown.js` (written for `shutdown.ts`), `./lib` (its index). */
export function resolveTsImport(fromFile: string, specifier: string, projectRoot: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  if (!isInside(base, projectRoot)) return undefined;
  const stem = base.replace(/\.[cm]?[jt]sx?$/, '');
  const candidates = [base, ...TS_EXTENSIONS.map((ext) => stem + ext), ...TS_EXTENSIONS.map((ext) => path.join(base, `index${ext}`))];
  return candidates.find((candidate) => isFile(candidate) && isInside(candidate, projectRoot));
}

/** The module specifiers a TS/JS program imports: `import ... from`, `export ... from`, `import '...'`, `require('...')`, `import('...')`. */
export function tsImportSpecifiers(ast: TSESTree.Program): string[] {
  const found: string[] = [];
  const stack: unknown[] = [ast];
  while (stack.length) {
    const node = stack.pop() as Record<string, unknown> | null;
    if (!node || typeof node !== 'object') continue;
    const type = node.type;
    if ((type === 'ImportDeclaration' || type === 'ExportAllDeclaration' || type === 'ExportNamedDeclaration' || type === 'ImportExpression') && node.source) {
      const source = node.source as { type?: string; value?: unknown };
      if (source.type === 'Literal' && typeof source.value === 'string') found.push(source.value);
    }
    if (type === 'CallExpression') {
      const call = node as unknown as TSESTree.CallExpression;
      const [first] = call.arguments;
      if (call.callee.type === 'Identifier' && call.callee.name === 'require' && first?.type === 'Literal' && typeof first.value === 'string') found.push(first.value);
    }
    for (const key in node) {
      if (key === 'parent' || key === 'loc' || key === 'range' || key === 'tokens' || key === 'comments') continue;
      const value = node[key];
      if (Array.isArray(value)) for (const item of value) stack.push(item);
      else if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') stack.push(value);
    }
  }
  return found;
}

/**
 * The files a Python import may name, within the project: `from .signals import install` (beside
 * the importing file), `from app.shutdown import install` or `import app.shutdown` (under the
 * project root, its `src/`, or the importing file's folder). Each dotted name may be a module
 * (`a/b.py`) or a package (`a/b/__init__.py`); `from a import b` may also name the module `a/b.py`.
 */
export function pythonImportedFiles(ast: PyModule, fromFile: string, projectRoot: string): string[] {
  const files: string[] = [];
  const bases = [projectRoot, path.join(projectRoot, 'src'), path.dirname(fromFile)];
  const addModule = (dir: string, parts: string[]) => {
    const target = path.join(dir, ...parts);
    for (const candidate of [`${target}.py`, path.join(target, '__init__.py')]) {
      if (isInside(candidate, projectRoot) && isFile(candidate) && !files.includes(candidate)) files.push(candidate);
    }
  };
  const stack: PyNode[] = [ast];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'import_statement') {
      for (const clause of node.children) {
        if (clause.field !== 'name') continue;
        const name = clause.type === 'aliased_import' ? clause.fields.name : clause;
        if (!name) continue;
        const parts = dotted(name).split('.');
        for (const base of bases) addModule(base, parts);
      }
      continue;
    }
    if (node.type === 'import_from_statement') {
      const moduleNode = node.fields.module_name;
      if (!moduleNode) continue;
      const written = dotted(moduleNode);
      const names = node.children.filter((child) => child.field === 'name').map((clause) => dotted(clause.type === 'aliased_import' ? clause.fields.name ?? clause : clause));
      const dots = /^\.*/.exec(written)?.[0].length ?? 0;
      const parts = written.slice(dots).split('.').filter(Boolean);
      const roots = dots > 0 ? [ancestor(path.dirname(fromFile), dots - 1)] : bases;
      for (const root of roots) {
        if (parts.length) addModule(root, parts);
        for (const name of names) addModule(root, [...parts, ...name.split('.')]);
      }
      continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return files;
}

function ancestor(dir: string, levels: number): string {
  let current = dir;
  for (let i = 0; i < levels; i++) current = path.dirname(current);
  return current;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Breadth-first over the project modules a file imports, up to `MAX_DEPTH` imports deep and
 * `MAX_FILES` files: `imports(file)` lists the files one module imports; `test(file)` answers
 * whether a module has what the caller looks for. Returns the first module that has it.
 */
export function findInImportedModules(start: string, imports: (file: string) => string[], test: (file: string) => boolean): string | undefined {
  const seen = new Set([start]);
  let frontier = [start];
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const next: string[] = [];
    for (const file of frontier) {
      for (const imported of imports(file)) {
        if (seen.has(imported) || seen.size > MAX_FILES) continue;
        seen.add(imported);
        if (test(imported)) return imported;
        next.push(imported);
      }
    }
    frontier = next;
  }
  return undefined;
}

/**
 * The source files beside `file` and in its parent folder (inside the project root, nearest first,
 * at most `MAX_NEIGHBOURS`): where the module that imports an entry file usually sits
 * (`src/index.ts` beside `src/server.ts`, `cli.py` beside `worker.py`).
 */
export function neighbourFiles(file: string, projectRoot: string, extension: RegExp): string[] {
  const found: string[] = [];
  const dir = path.dirname(file);
  for (const folder of [dir, path.dirname(dir)]) {
    if (!isInside(folder, projectRoot)) break;
    let entries: string[];
    try {
      entries = readdirSync(folder).sort();
    } catch {
      continue;
    }
    for (const entry of entries) {
      const candidate = path.join(folder, entry);
      if (candidate === file || !extension.test(entry) || found.includes(candidate) || !isFile(candidate)) continue;
      found.push(candidate);
      if (found.length >= MAX_NEIGHBOURS) return found;
    }
    if (folder === projectRoot) break;
  }
  return found;
}

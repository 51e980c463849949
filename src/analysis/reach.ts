/**
 * `roleAt(context, node)`: the role of the code at one node, which may be narrower than its file's.
 * A file of a service or a library can hold code that never runs in the deployed process:
 *
 * - a TS/JS module that only test files import (a test client kept in `src/`): `test` (Python
 *   modules are also loaded by name, from entry points and plugin folders, so their importers do
 *   not tell);
 * - a module-level function that only command-line, script, tooling or test modules call (the
 *   helper of a `click` command in `manage.py`): `cli`;
 * - a module-level Python function of a service that nothing names anywhere in the project (not
 *   called, not decorated, not listed in `__all__`, not named in a manifest, not a shim that
 *   announces its deprecation or removal): `unreached`.
 *
 * A library's functions are its API and are never `unreached`, whoever calls them. Modules are
 * never `unreached`: plugin systems load modules by name (pyload's plugins, Django apps), so a
 * module that nothing imports may still run.
 *
 * Each answer costs a project-index query, so it is asked only where a rule is about to report
 * (`src/rule.ts` filters reports with it) and cached per node.
 */
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import type { PyNode } from '../languages/python/ast.js';
import { fileRole, moduleRole, type FileRole, type RoleInfo } from './role.js';
import { projectIndex, type ModuleFacts, type ProjectIndex } from './project/index.js';
import { isUnderMainGuard } from './python/syntax.js';
import { projectFiles, PY_EXTENSIONS, readSourceForScan, stampOf, TS_EXTENSIONS } from './project/files.js';
import { decideRole } from './project/roles.js';
import { projectOf } from './project/manifest.js';

export interface NodeRole {
  role: FileRole | 'unreached';
  reason: string;
}

interface AnyContext {
  filename: string;
  cwd: string;
  settings?: unknown;
  sourceCode: { ast: unknown; text: string; scopeManager?: unknown };
}

/** Roles whose calls say a function runs once, by hand or under a test runner, not in the deployed process. */
const ONE_SHOT_ROLES = new Set<FileRole>(['cli', 'script', 'tooling', 'test']);

/** At most this many exported names of a module are followed to their importers. */
const MAX_EXPORTS = 20;

const nodeCache = new WeakMap<object, { base: NodeRole; commands?: NodeRole }>();
const moduleCache = new WeakMap<object, NodeRole | null>();

/**
 * The role of the code at `node` (see the module comment). `commands`: whether the caller cares
 * that a function runs only from commands or scripts (a rule not for `cli` or `script`, or bare
 * output); without it the callers are not looked up, which is most of the cost.
 */
export function roleAt(context: AnyContext, node: unknown, commands = true): NodeRole {
  const file = fileRole(context);
  if (file.role !== 'service' && file.role !== 'library') return file;
  const fn = topLevelFunction(node);
  const key = (fn ?? context.sourceCode.ast) as object;
  let cached = nodeCache.get(key);
  if (!cached) {
    cached = { base: decide(context, file, fn) };
    nodeCache.set(key, cached);
  }
  if (!commands || cached.base !== file || !fn) return cached.base;
  cached.commands ??= callersRole(context, file, fn);
  return cached.commands;
}

interface TopLevelFunction {
  node: unknown;
  name: string;
  decorated: boolean;
}

/** A test-only module, or a dead function: what holds whoever asks. */
function decide(context: AnyContext, file: RoleInfo, fn: TopLevelFunction | undefined): NodeRole {
  const { index, module } = projectIndex(context);
  let whole = moduleCache.get(context.sourceCode.ast as object);
  if (whole === undefined) {
    whole = testOnlyModule(context, module) ?? null;
    moduleCache.set(context.sourceCode.ast as object, whole);
  }
  if (whole) return whole;
  if (fn && file.role === 'service' && module.language === 'python' && isUnnamedPythonFunction(index, module, fn)) {
    return { role: 'unreached', reason: `${fn.name}() is named nowhere else in the project` };
  }
  return file;
}

/** `cli` or `script` when every caller of the function in the project is a command or a script. */
function callersRole(context: AnyContext, file: RoleInfo, fn: TopLevelFunction): NodeRole {
  const { index, module } = projectIndex(context);
  if (ownModuleUses(module, fn) > 0) return file;
  const uses = index.uses(module, fn.name);
  if (uses.length === 0) return file;
  // A program's own entry (`python -m pkg`, `if __name__ == "__main__":`) starts the service as
  // often as a command: what it calls is not command-line code.
  if (uses.some((use) => use.module.language === 'python' && (path.basename(use.module.file) === '__main__.py' || isUnderMainGuard(use.node as PyNode)))) return file;
  const roles = new Set(uses.map((use) => moduleRole(use.module, context).role));
  // Called from commands (and perhaps scripts, tooling or tests) only: command-line code. A
  // function only tests call is left to its file's role (a registry may call it too).
  if (![...roles].every((role) => ONE_SHOT_ROLES.has(role))) return file;
  if (roles.has('cli')) return { role: 'cli', reason: `${fn.name}() is called only from command-line modules` };
  if (roles.has('script')) return { role: 'script', reason: `${fn.name}() is called only from scripts` };
  return file;
}

/** `test` when every importer of the module's exports is a test file (and there is at least one). */
function testOnlyModule(context: AnyContext, module: ModuleFacts): NodeRole | undefined {
  const { index } = projectIndex(context);
  // Python modules are also loaded by name (entry points, plugin folders): only TS/JS imports say
  // who loads a module.
  if (module.language !== 'ts') return undefined;
  const names = [...module.exports.keys()];
  if (names.length === 0 || names.length > MAX_EXPORTS) return undefined;
  // One text pass first: a file that is not a test by its path and mentions the module's name
  // probably imports it, and the importers need not be resolved.
  const ownRoot = projectOf(module.file, index.searchRoot).root;
  const base = path.basename(module.file).replace(/\.[^.]+$/, '');
  const stem = base === 'index' ? path.basename(path.dirname(module.file)) : base;
  // A package's public module (`"exports": { "./management": ... }`) is imported from outside the
  // repository; a folder whose modules a loader lists and requires by name has importers no
  // import statement shows (outline's `requireDirectory(__dirname)` of its queue tasks).
  if (isPublicModule(ownRoot, stem) || loadedByListing(module.file)) return undefined;
  for (const file of projectFiles(index.searchRoot)) {
    if (file === module.file || !TS_EXTENSIONS.includes(path.extname(file))) continue;
    const text = readSourceForScan(file);
    if (!text || !mentionsModulePath(text, stem)) continue;
    // A barrel (`export * from './client'`) passes the module on: its importers decide, below,
    // except in a named package, whose barrels other packages import by name (`@acme/providers`),
    // which the index does not follow: there a module a non-test barrel re-exports is public.
    const { role, project } = decideRole({ filename: file, cwd: context.cwd, settings: context.settings }, () => ({}));
    if (reexports(text, stem)) {
      if (project.packageName !== undefined && role !== 'test') return undefined;
      continue;
    }
    // Another package's `./admin` is most often its own module of that name: the resolved
    // importers below decide for those.
    if (role !== 'test' && project.root === ownRoot) return undefined;
  }
  let importers = 0;
  for (const name of names) {
    for (const use of index.uses(module, name)) {
      if (moduleRole(use.module, context).role !== 'test') return undefined;
      importers++;
    }
  }
  return importers > 0 ? { role: 'test', reason: `${path.basename(module.file)} is imported only by tests` } : undefined;
}

/** Whether a named package's manifest exports a subpath or entry named `stem` (`./management`, `./lib/management.js`). */
function isPublicModule(root: string, stem: string): boolean {
  const text = readSourceForScan(path.join(root, 'package.json'));
  if (!text || !text.includes('"name"')) return false;
  const exported = /"(?:exports|main|module|types|bin)"/.test(text.slice(0, 100_000));
  return exported && (text.includes(`/${stem}"`) || text.includes(`/${stem}.`));
}

/** What a loader that lists a folder and requires what it finds calls (`requireDirectory(__dirname)`, `import.meta.glob`). */
const FOLDER_LOADERS = ['requireDirectory', 'readdirSync', 'import.meta.glob', 'require.context', 'requireAll'];

/** Whether a file of the module's folder, or of the folder above, loads modules by listing a folder. */
function loadedByListing(file: string): boolean {
  for (const dir of [path.dirname(file), path.dirname(path.dirname(file))]) {
    for (const name of ['index.ts', 'index.js', 'index.mjs', 'index.cjs']) {
      const text = readSourceForScan(path.join(dir, name));
      if (text && FOLDER_LOADERS.some((loader) => text.includes(loader))) return true;
    }
  }
  return false;
}

/**
 * Whether a text names `stem` the way an import path ends (`'./admin'`, `"../lib/admin.js"`,
 * `'@/admin/index'`, `'admin'`), not as any word: `admin` is in every other file of a monorepo.
 */
function mentionsModulePath(text: string, stem: string): boolean {
  if (!text.includes(stem)) return false;
  const endings = [`/${stem}.`, `/${stem}/`];
  for (const quote of ["'", '"', '`']) endings.push(`/${stem}${quote}`, `${quote}${stem}${quote}`);
  for (const raw of text.split('\n')) {
    if (!raw.includes(stem)) continue;
    // An import, export or require line (`} from './admin'` ends a multi-line import), not a
    // route or URL string (`router.push('/admin')`). Lines are cut to 300 characters.
    const line = raw.slice(0, 300);
    if (!endings.some((ending) => line.includes(ending))) continue;
    if (line.includes('from ') || line.includes('import') || line.includes('require(') || line.trimStart().startsWith('export ')) return true;
  }
  return false;
}

/** Whether every line of `text` that names `stem` is a re-export (`export * from './stem'`). */
function reexports(text: string, stem: string): boolean {
  for (const raw of text.split('\n')) {
    if (raw.includes(stem) && !raw.trimStart().startsWith('export ')) return false;
  }
  return true;
}

/**
 * The outermost function that contains `node`, when it is defined at its module's top level, with
 * its name (methods and nested functions are not followed): Python `def f` at the top level, TS `function f` or `const f = () => ...`
 * at the top level (exported or not).
 */
function topLevelFunction(node: unknown): TopLevelFunction | undefined {
  const start = node as { type?: string; parent?: unknown } | undefined;
  if (!start) return undefined;
  // Python trees have `children` and `fields`; ESTree nodes do not.
  if ('fields' in (start as object)) {
    let outer: PyNode | undefined;
    for (let current: PyNode | null | undefined = start as PyNode; current; current = current.parent) {
      if (current.type === 'function_definition' || current.type === 'class_definition') outer = current;
    }
    if (outer?.type !== 'function_definition') return undefined;
    const parent = outer.parent;
    const atTop = parent?.type === 'module' || (parent?.type === 'decorated_definition' && parent.parent?.type === 'module');
    const name = outer.fields.name?.text;
    return atTop && name ? { node: outer, name, decorated: parent?.type === 'decorated_definition' } : undefined;
  }
  let outer: TSESTree.Node | undefined;
  for (let current = start as TSESTree.Node | undefined; current; current = current.parent) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression' || current.type === 'ClassDeclaration' || current.type === 'ClassExpression') outer = current;
  }
  if (!outer) return undefined;
  let holder: TSESTree.Node | undefined = outer.parent;
  if (outer.type === 'FunctionDeclaration' && outer.id) {
    if (holder?.type === 'ExportNamedDeclaration') holder = holder.parent;
    return holder?.type === 'Program' ? { node: outer, name: outer.id.name, decorated: false } : undefined;
  }
  if ((outer.type === 'ArrowFunctionExpression' || outer.type === 'FunctionExpression') && holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier') {
    const name = holder.id.name;
    let declaration: TSESTree.Node | undefined = holder.parent?.parent;
    if (declaration?.type === 'ExportNamedDeclaration') declaration = declaration.parent;
    return declaration?.type === 'Program' ? { node: outer, name, decorated: false } : undefined;
  }
  return undefined;
}

/** How many times the function's module itself uses it (besides defining it). */
function ownModuleUses(module: ModuleFacts, fn: { node: unknown; name: string }): number {
  return wordCount(module.text, fn.name) - 1;
}

/** Occurrences of `name` as a whole word in `text` (in code, strings or comments alike). */
function wordCount(text: string, name: string): number {
  let count = 0;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
    if (!isWordChar(text.charCodeAt(at - 1)) && !isWordChar(text.charCodeAt(at + name.length))) count++;
  }
  return count;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

/** Modules whose functions a server or tool calls by a conventional name. */
const CONVENTION_MODULES = new Set(['wsgi.py', 'asgi.py', 'manage.py', 'conftest.py', '__main__.py', 'gunicorn_config.py', 'celeryconfig.py', 'app.py', 'main.py', 'handler.py', 'handlers.py', 'lambda_function.py']);

/** Manifests that may name a function as an entry point (`console_scripts`, `[project.scripts]`). */
const ENTRY_MANIFESTS = ['pyproject.toml', 'setup.cfg', 'setup.py'];

/**
 * A Python function that nothing could call: not decorated (a decorator may register it), not a
 * dunder or a test hook, its name written once in its own module (no call, no `__all__` entry, no
 * `getattr` string) and nowhere in the project's other files or manifests.
 */
function isUnnamedPythonFunction(index: ProjectIndex, module: ModuleFacts, fn: TopLevelFunction): boolean {
  const root = index.root;
  if (fn.decorated || fn.name.startsWith('__') || fn.name.length < 3) return false;
  // Only modules of a package (a folder with `__init__.py`): a loose module may be a handler that
  // a deployment file names (`handler.handle` in serverless.yml), and configuration modules
  // (`gunicorn.conf.py`, `wsgi.py`, settings) hold hooks their server calls by name.
  const base = path.basename(module.file);
  if (CONVENTION_MODULES.has(base) || base.startsWith('settings') || base.endsWith('.conf.py')) return false;
  if (!stampOf(path.join(path.dirname(module.file), '__init__.py'))) return false;
  if (wordCount(module.text, fn.name) !== 1) return false;
  // A compatibility shim that announces its own deprecation or removal is kept for callers outside
  // the project: plugins and other packages (CTFd's `utils.security.passwords.hash_password`).
  if (announcesRemoval(module.text.slice((fn.node as PyNode).start, (fn.node as PyNode).end))) return false;
  for (const manifest of ENTRY_MANIFESTS) {
    const text = readSourceForScan(path.join(root, manifest));
    if (text?.includes(fn.name)) return false;
  }
  for (const file of projectFiles(root)) {
    if (file === module.file) continue;
    const text = readSourceForScan(file);
    if (text?.includes(fn.name)) return false;
  }
  // A project with no other Python file: nothing to go by.
  if (!projectFiles(root).some((file) => file !== module.file && PY_EXTENSIONS.includes(path.extname(file)))) return false;
  // A module imported as a namespace (`from app.core import migrations`) may have its functions
  // looked up by name (`module.__dict__`, `getattr`): only modules imported name by name, or not at
  // all, say that an unnamed function is never called.
  return !importedAsNamespace(index, module);
}

/** Words of a deprecation or removal notice, in lower case. */
const REMOVAL_NOTICES = ['deprecat', 'will be removed', 'be removed in'];

/** Whether a function's text announces that it is deprecated or will be removed (its first 4,000 characters). */
function announcesRemoval(text: string): boolean {
  const head = text.slice(0, 4000).toLowerCase();
  return REMOVAL_NOTICES.some((notice) => head.includes(notice));
}

/** Files parsed at most to find namespace imports of one module. */
const MAX_NAMESPACE_SCAN = 100;

/**
 * A text pre-filter: whether a line of `text` may import `stem` as a module (`import a.stem`,
 * `from a import stem`, or a name inside a parenthesised `from a import (...)`), not a name from it
 * (`from stem.x import y`). Lines are cut to 300 characters.
 */
function mayImportAsNamespace(text: string, stem: string): boolean {
  if (wordCount(text, stem) === 0) return false;
  const parenthesised = text.includes('import (');
  for (const raw of text.split('\n')) {
    if (!raw.includes(stem)) continue;
    const line = raw.slice(0, 300).trim();
    if (line.startsWith('import ')) {
      for (const part of line.slice('import '.length).split(',')) {
        const dotted = part.trim().split(/\s+/)[0];
        if (dotted === stem || dotted.endsWith(`.${stem}`)) return true;
      }
    } else if (line.startsWith('from ')) {
      const at = line.indexOf(' import ');
      if (at >= 0 && wordCount(line.slice(at), stem) > 0) return true;
    } else if (parenthesised && wordCount(line, stem) > 0 && !line.includes('.') && !line.includes('=')) {
      return true;
    }
  }
  return false;
}

/** Whether another module imports `module` itself (`import a.b`, `from a import b`), not names from it. */
function importedAsNamespace(index: ProjectIndex, module: ModuleFacts): boolean {
  const base = path.basename(module.file);
  const stem = base === '__init__.py' ? path.basename(path.dirname(module.file)) : base.replace(/\.pyi?$/, '');
  let parsed = 0;
  for (const file of projectFiles(index.root)) {
    if (file === module.file || !PY_EXTENSIONS.includes(path.extname(file))) continue;
    const text = readSourceForScan(file);
    if (!text || !mayImportAsNamespace(text, stem)) continue;
    if (parsed++ >= MAX_NAMESPACE_SCAN) return true;
    const other = index.moduleAt(file);
    if (other?.language !== 'python') continue;
    for (const imported of other.imports.values()) {
      const target = imported.name === undefined ? imported.module : imported.module ? `${imported.module}.${imported.name}` : imported.name;
      if (index.resolve(other, { level: imported.level, module: target }) === module.file) return true;
    }
  }
  return false;
}

/**
 * The project index: what the other modules of the linted file's project define, export and call,
 * for both languages, built on demand and cached per process.
 *
 * API (small on purpose; everything else in this folder is internal):
 *
 *   const { index, module } = projectIndex(context);   // the linted file's project and its own facts
 *   index.definitionOf(module, node)     // what a name/call target refers to: { module, name, node }
 *                                        // in this file or another (imports, re-exports, `mod.f`)
 *   index.definition(module, 'name')     // an exported / module-level name of a module, re-exports followed
 *   index.uses(module, 'name')           // where OTHER modules of the project use that export:
 *                                        // [{ module, node, call }] (`call` when the use is a call's callee)
 *   index.callees(module, fn)            // the project functions `fn` calls: [{ call, definition }]
 *   index.memberUses(module, 'name')     // every `x.name` / `x?.name` (TS) or `x.name` (Python) in the
 *                                        // module and the project's other modules of its language
 *   index.isOneShotModule(module)        // a test, script, tooling or CLI file by its path: its calls say nothing
 *                                        // about when code runs in the deployed service
 *   constantString(definition)           // the value of a string constant (`export const HEALTH = '/health'`)
 *   index.moduleAt(file) / index.resolve(module, specifier)   // facts of a file; an import's target file
 *   indexCost                            // counters: listings, files read, files parsed, queries, ms
 *
 * `module` is a `TsModule` (./../ts/module-facts.ts: ESTree AST with parents, scope manager,
 * `getScope`, `getDeclaredVariables`) or a `PyModuleFacts` (../python/module-facts.ts: the Python
 * tree and its `scopes`); `node` values are nodes of that module's tree, so the same helpers judge
 * code in any file. Whether code runs at startup across files is ../ts/startup.ts and
 * ../python/startup.ts, built on this index.
 *
 * Guarantees:
 * - The linted file is never re-read: its facts come from ESLint's AST (in an editor, the unsaved
 *   text). Other files are read and parsed with the plugin's own parsers once per version of their
 *   content (modification time and size, checked on each access, as eslint-plugin-import's export
 *   map does), so a language server sees an edited module on the next lint; parsed modules and
 *   texts are kept in caches bounded by size (MAX_CACHED_MODULE_CHARS, files.ts), so memory stays
 *   flat however large the run, and a module dropped from the cache is parsed again when asked.
 * - Only files inside the project root (the nearest package.json / pyproject.toml / setup.py /
 *   setup.cfg above the file, else the linted root) are read, or for TS/JS inside its workspace
 *   (pnpm-workspace.yaml, lerna.json or a package.json `workspaces` field, within the linted root); dependency, build and virtual
 *   environment folders are skipped; files over 1 MB are not read; a query parses at most
 *   MAX_PARSED_PER_QUERY files, chosen by a text pre-filter (a file that does not mention the name
 *   and the module cannot import it).
 * - Nothing is computed until a rule asks: a file whose rules never ask costs nothing.
 */
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { parsePythonFile, type PyModule, type PyNode } from '../../languages/python/ast.js';
import { findVariable, propertyName, unwrap } from '../ts/names.js';
import { parseTsModule, tsModuleFacts, type TsModule } from '../ts/module-facts.js';
import { bindingDefinition, moduleBinding, pyModuleFacts, type PyImport, type PyModuleFacts } from '../python/module-facts.js';
import { stringValue } from '../python/syntax.js';
import { isInside, projectOf } from './manifest.js';
import { decideRole } from './roles.js';
import { indexCost, isFolder, isSourceFile, projectFiles, PY_EXTENSIONS, readSource, readSourceForScan, sameStamp, SizedCache, stampOf, timed, TS_EXTENSIONS, type FileStamp } from './files.js';

export { indexCost, type IndexCost } from './files.js';
export type { TsModule } from '../ts/module-facts.js';
export type { PyModuleFacts } from '../python/module-facts.js';

type TsNode = TSESTree.Node;
export type ModuleFacts = TsModule | PyModuleFacts;
export type AnyNode = TsNode | PyNode;

/** A definition found in some module: a function, class, method or value, with the name it is known by. */
export interface Definition {
  module: ModuleFacts;
  name: string;
  /** TS: FunctionDeclaration / FunctionExpression / ArrowFunctionExpression / Class* / other value; Python: function_definition / class_definition / value. */
  node: AnyNode;
}

/** A use of a definition in another module: the identifier or member/attribute node that names it. */
export interface Use {
  module: ModuleFacts;
  node: AnyNode;
  /** The call or `new` expression when the use is its callee (`f()`, `mod.f()`, `new C()`). */
  call: AnyNode | undefined;
}

export interface Callee {
  call: AnyNode;
  definition: Definition;
}

/** Files parsed at most by one `uses` query. */
export const MAX_PARSED_PER_QUERY = 100;

/**
 * Parsed modules are kept up to this much source, in UTF-16 units, least recently used dropped
 * first. A parsed TypeScript module (ESTree, parents, scope manager) takes about 130 bytes of heap
 * per character of source, a Python one about 30: 1M characters is at most about 130 MB. (A count
 * of 2,000 modules, before issue 19, allowed over a gigabyte on a TypeScript repository.)
 */
export const MAX_CACHED_MODULE_CHARS = 1024 * 1024;

const parsed = new SizedCache<{ stamp: FileStamp; facts: ModuleFacts | undefined }>(MAX_CACHED_MODULE_CHARS);

/**
 * What a TS/JS module exports, without its tree: each exported name, defined here (`null`) or passed
 * on from an import or a re-export (`{ source, imported }`), and its `export *` sources. Kept after
 * the module's tree leaves `parsed`, so that following a name through barrels (a workspace
 * package's `index.ts` re-exporting 150 modules) parses only the module that defines it, not every
 * module a barrel names, once per query. A few names per module: bounded by their count.
 */
interface ExportSummary {
  named: Map<string, { source: string; imported: string } | null>;
  stars: string[];
}

/** Exported names and star sources kept, in all (about 100 bytes each). */
const MAX_SUMMARY_ENTRIES = 400_000;

const summaries = new SizedCache<{ stamp: FileStamp; summary: ExportSummary }>(MAX_SUMMARY_ENTRIES);

function summaryOf(module: TsModule): ExportSummary {
  const named = new Map<string, { source: string; imported: string } | null>();
  for (const [name, entry] of module.exports) {
    if (entry.kind === 'reexport') named.set(name, { source: entry.source, imported: entry.imported });
    else if (entry.node) named.set(name, null);
    else {
      const imported = entry.local ? module.imports.find((candidate) => candidate.local === entry.local) : undefined;
      named.set(name, imported ? { source: imported.source, imported: imported.imported } : null);
    }
  }
  return { named, stars: module.starExports };
}

/**
 * A module's facts, by its tree: made once per tree. A Python file's tree is shared by the index and
 * ESLint while its text stays the same (`parsePythonFile`), so its facts are too.
 */
const lintedFacts = new WeakMap<object, ModuleFacts>();

/** Another Python module's facts (undefined on a syntax error), through the shared trees. */
function pythonFacts(file: string, text: string): ModuleFacts | undefined {
  const outcome = parsePythonFile(file, text, 'index');
  if (!outcome.ok) return undefined;
  const known = lintedFacts.get(outcome.ast);
  if (known && known.file === file) return known;
  const facts = pyModuleFacts(file, text, outcome.ast);
  lintedFacts.set(outcome.ast, facts);
  return facts;
}

/** The most recently linted file: its in-memory facts stand for its file while it is being linted. */
let current: { file: string; facts: ModuleFacts } | undefined;

const indexes = new Map<string, ProjectIndex>();

interface AnyContext {
  filename: string;
  cwd: string;
  sourceCode: { ast: unknown; text: string; scopeManager?: unknown };
}

/** The index of the linted file's project, and the linted file's own facts (from ESLint's AST). */
export function projectIndex(context: AnyContext): { index: ProjectIndex; module: ModuleFacts } {
  const file = path.resolve(context.cwd, context.filename);
  const ast = context.sourceCode.ast as { type?: string };
  let facts = lintedFacts.get(ast);
  if (!facts || facts.file !== file) {
    facts =
      ast.type === 'module'
        ? pyModuleFacts(file, context.sourceCode.text, ast as PyModule)
        : tsModuleFacts(file, context.sourceCode.text, ast as TSESTree.Program, context.sourceCode.scopeManager as TSESLint.Scope.ScopeManager);
    lintedFacts.set(ast, facts);
  }
  current = { file, facts };
  const lintRoot = path.resolve(context.cwd);
  const root = projectOf(file, lintRoot).root;
  let index = indexes.get(root);
  if (!index) {
    index = new ProjectIndex(root, workspaceRoot(root, lintRoot), lintRoot);
    indexes.set(root, index);
  }
  return { index, module: facts };
}

/**
 * The value of a definition that is a string constant: `export const HEALTH_PATH = '/health'`,
 * `` `/ready` ``, `'/live' as const`, `HEALTH_PATH = "/health"`. Undefined for anything else.
 */
export function constantString(definition: Definition): string | undefined {
  if (definition.module.language === 'python') return stringValue(definition.node as PyNode);
  const node = unwrap(definition.node as TsNode);
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** Files that make a folder the root of a JS/TS workspace (a monorepo of packages). */
const WORKSPACE_MARKERS = ['pnpm-workspace.yaml', 'lerna.json'];

/**
 * The workspace a package belongs to: the nearest folder at or above its root, inside the linted
 * root, with a workspace marker (`pnpm-workspace.yaml`, `lerna.json`, a package.json `workspaces`
 * field); else the package root itself.
 */
function workspaceRoot(root: string, lintRoot: string): string {
  for (let dir = root; isInside(dir, lintRoot); dir = path.dirname(dir)) {
    if (WORKSPACE_MARKERS.some((marker) => stampOf(path.join(dir, marker)))) return dir;
    const manifest = stampOf(path.join(dir, 'package.json')) ? (readJson(path.join(dir, 'package.json')) as { workspaces?: unknown } | undefined) : undefined;
    // `"workspaces": ["packages/*"]` or `{ "packages": [...] }`; a package's own `{ "nohoist": [...] }` declares none.
    const workspaces = manifest?.workspaces;
    if (Array.isArray(workspaces) || Array.isArray((workspaces as { packages?: unknown } | undefined)?.packages)) return dir;
    if (dir === lintRoot || path.dirname(dir) === dir) break;
  }
  return root;
}

export class ProjectIndex {
  /** The linted file's project: the nearest manifest's folder. */
  readonly root: string;
  /**
   * Where TS/JS importers are looked for: the project's workspace when it is a package of a
   * monorepo (its sibling packages import it by name), else the project itself.
   */
  readonly searchRoot: string;
  readonly #lintRoot: string;

  constructor(root: string, searchRoot = root, lintRoot = root) {
    this.root = root;
    this.searchRoot = isInside(root, searchRoot) ? searchRoot : root;
    this.#lintRoot = lintRoot;
  }

  /** The folder whose files a query of this language looks at. */
  #filesRoot(python: boolean): string {
    return python ? this.root : this.searchRoot;
  }

  /** The facts of a project file (parsed once per version of its content), or undefined. */
  moduleAt(file: string): ModuleFacts | undefined {
    if (current?.file === file) return current.facts;
    if (!isInside(file, this.searchRoot)) return undefined;
    return timed(() => {
      const stamp = stampOf(file);
      const cached = parsed.get(file);
      if (cached && sameStamp(cached.stamp, stamp)) return cached.facts;
      const source = readSource(file);
      if (!source) {
        parsed.delete(file);
        return undefined;
      }
      const ext = path.extname(file);
      indexCost.filesParsed++;
      const facts = PY_EXTENSIONS.includes(ext) ? pythonFacts(file, source.text) : TS_EXTENSIONS.includes(ext) ? parseTsModule(file, source.text) : undefined;
      parsed.set(file, { stamp: source.stamp, facts }, source.text.length);
      if (facts?.language === 'ts') {
        const summary = summaryOf(facts);
        summaries.set(file, { stamp: source.stamp, summary }, summary.named.size + summary.stars.length + 1);
      }
      return facts;
    });
  }

  /**
   * The project file an import names, or undefined (a package outside the project, a missing file).
   * TS: a specifier (`./x`, `@app/x` through tsconfig `paths`, a package of the project by its
   * package.json `exports`/`main`). Python: `{ level, module }` as in `from ..pkg import x`.
   */
  resolve(module: ModuleFacts, specifier: string | { level: number; module: string }): string | undefined {
    return timed(() => {
      if (typeof specifier === 'string') return this.#resolveTs(module.file, specifier);
      return this.#resolvePython(module.file, specifier.level, specifier.module);
    });
  }

  /** Where an exported (TS) or module-level (Python) name of `module` is defined, re-exports followed. */
  definition(module: ModuleFacts, name: string, depth = 0): Definition | undefined {
    if (depth > 8) return undefined;
    if (module.language === 'ts') {
      const entry = module.exports.get(name);
      if (entry?.kind === 'local') {
        if (entry.node) return { module, name: entry.local ?? name, node: entry.node };
        // `export { handler }` where handler is itself imported.
        const imported = entry.local ? module.imports.find((candidate) => candidate.local === entry.local) : undefined;
        if (imported) return this.#importedDefinition(module, imported.source, imported.imported, depth + 1);
        return undefined;
      }
      if (entry?.kind === 'reexport') return this.#importedDefinition(module, entry.source, entry.imported, depth + 1);
      for (const source of module.starExports) {
        const file = this.#resolveTs(module.file, source);
        if (!file || !this.#mayProvide(file, name, undefined, depth + 1)) continue;
        const found = this.#importedDefinition(module, source, name, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    const binding = moduleBinding(module, name);
    if (!binding) return undefined;
    if (binding.kind === 'import') {
      const imported = module.imports.get(binding.node);
      return imported ? this.#pythonImportDefinition(module, imported, depth + 1) : undefined;
    }
    const node = bindingDefinition(binding);
    return node ? { module, name, node } : undefined;
  }

  /**
   * What an expression refers to, in its own module or another: a local function or class, an
   * imported one (`import { f } from './x'`, `from .x import f`), a namespace member (`ns.f`,
   * `mod.f`), or a method of the enclosing class (`this.stop`, `self.stop`).
   */
  definitionOf(module: ModuleFacts, node: AnyNode): Definition | undefined {
    return timed(() => (module.language === 'ts' ? this.#tsDefinitionOf(module, node as TsNode) : this.#pyDefinitionOf(module, node as PyNode)));
  }

  /**
   * Where the other modules of the project use what `module` exports as `name` (TS) or defines at
   * its top level (Python): imports by name, namespace members, barrels that re-export it. The
   * module's own uses are not included (ask its scope analysis).
   */
  uses(module: ModuleFacts, name: string): Use[] {
    // A file that is not on disk (a new editor buffer, a test's virtual file) has no importers.
    if (!stampOf(module.file)) return [];
    indexCost.queries++;
    return timed(() => {
      const target = this.definition(module, name);
      const found: Use[] = [];
      this.#collectUses(module, name, target?.node, found, new Set([module.file]), 0);
      // A module reached both directly and through a barrel reports its uses once.
      const seen = new Set<AnyNode>();
      return found.filter((use) => !seen.has(use.node) && seen.add(use.node) !== undefined);
    });
  }

  /**
   * Every member access named `name` (`x.name`, `x?.name`, `this.name`; Python `x.name`) in `module`
   * and in the project's other modules of the same language that mention the name, whatever the
   * receiver: the caller decides which receivers stand for its class. Each module's accesses are
   * gathered in one walk, once per version of the module.
   */
  memberUses(module: ModuleFacts, name: string): Use[] {
    indexCost.queries++;
    return timed(() => {
      const found: Use[] = [];
      const seen = new Set<string>();
      const add = (facts: ModuleFacts) => {
        if (seen.has(facts.file)) return;
        seen.add(facts.file);
        for (const node of memberIndex(facts).get(name) ?? []) found.push(facts.language === 'ts' ? tsUse(facts, node as TsNode) : pyUse(facts, node as PyNode));
      };
      add(module);
      if (!stampOf(module.file)) return found;
      const python = module.language === 'python';
      // Another package of a workspace reaches the module only by importing its package by name.
      const ownPackage = python ? this.root : projectOf(module.file, this.searchRoot).root;
      const packageName = python ? undefined : (readJson(path.join(ownPackage, 'package.json')) as { name?: unknown } | undefined)?.name;
      let parsedCount = 0;
      for (const file of projectFiles(this.#filesRoot(python))) {
        if (seen.has(file)) continue;
        const ext = path.extname(file);
        if (python ? !PY_EXTENSIONS.includes(ext) : !TS_EXTENSIONS.includes(ext)) continue;
        const text = current?.file === file ? current.facts.text : readSourceForScan(file);
        if (!text || !text.includes(`.${name}`)) continue;
        if (!isInside(file, ownPackage) && !(typeof packageName === 'string' && text.includes(packageName))) continue;
        if (parsedCount++ >= MAX_PARSED_PER_QUERY) break;
        const other = this.moduleAt(file);
        if (other) add(other);
      }
      return found;
    });
  }

  /**
   * Whether a module is test code, a script or a command-line program by its path below the project
   * root (the project model's own path rules): such a module runs once or only under a test runner,
   * so its calls do not make a function of the service run late.
   */
  isOneShotModule(module: ModuleFacts): boolean {
    if (!isInside(module.file, this.searchRoot)) return false;
    // The project model's decision without the module's content facts (and without the linted
    // file's settings): path rules below the module's own package root, and manifest entry points.
    const role = decideRole({ filename: module.file, cwd: this.#lintRoot }, () => ({})).role;
    return role === 'test' || role === 'script' || role === 'tooling' || role === 'cli';
  }

  /** The project functions, methods and classes that the body of `fn` calls, a call at a time. */
  callees(module: ModuleFacts, fn: AnyNode): Callee[] {
    return timed(() => {
      const found: Callee[] = [];
      if (module.language === 'ts') {
        const stack: TsNode[] = [fn as TsNode];
        while (stack.length) {
          const node = stack.pop()!;
          if ((node.type === 'CallExpression' || node.type === 'NewExpression') && node !== fn) {
            const definition = this.#tsDefinitionOf(module, node.callee);
            if (definition) found.push({ call: node, definition });
          }
          for (const key in node) {
            if (key === 'parent') continue;
            const value = (node as unknown as Record<string, unknown>)[key];
            if (Array.isArray(value)) for (const item of value) if (item && typeof item === 'object' && 'type' in item) stack.push(item as TsNode);
            if (value && typeof value === 'object' && 'type' in value && !Array.isArray(value)) stack.push(value as TsNode);
          }
        }
      } else {
        const stack: PyNode[] = [fn as PyNode];
        while (stack.length) {
          const node = stack.pop()!;
          if (node.type === 'call' && node.fields.function) {
            const definition = this.#pyDefinitionOf(module, node.fields.function);
            if (definition) found.push({ call: node, definition });
          }
          stack.push(...node.children);
        }
      }
      return found;
    });
  }

  // ---------------------------------------------------------------- uses

  #collectUses(module: ModuleFacts, name: string, targetNode: AnyNode | undefined, found: Use[], visited: Set<string>, depth: number): void {
    if (depth > 3) return;
    const stem = moduleStem(module.file);
    const python = module.language === 'python';
    // The entry module of a workspace package (`main`, `exports["."]`) is imported by the package's
    // name (`from "@acme/server"`), which need not mention its file or folder name.
    const entryOf = python ? undefined : this.#packageEntryName(module.file);
    let parsedCount = 0;
    for (const file of projectFiles(this.#filesRoot(python))) {
      if (visited.has(file)) continue;
      const ext = path.extname(file);
      if (python ? !PY_EXTENSIONS.includes(ext) : !TS_EXTENSIONS.includes(ext)) continue;
      // A module that imports the name mentions both it and the module's file or folder name; a
      // barrel (`export * from './strings'`) mentions the module only.
      const text = current?.file === file ? current.facts.text : readSourceForScan(file);
      // A default import names only the module (`import Deprecated from './deprecated'`).
      const mentionsName = text?.includes(name) || (!python && name === 'default');
      if (!text || !(text.includes(stem) || (entryOf !== undefined && text.includes(entryOf))) || !(mentionsName || (!python && text.includes('export *')))) continue;
      if (parsedCount++ >= MAX_PARSED_PER_QUERY) break;
      const other = this.moduleAt(file);
      if (!other) continue;
      // `visited` is the chain of modules that led here (the module, then barrels): a nested query
      // for a barrel's name must not hide the direct uses that this query still has to collect.
      if (other.language === 'ts' && module.language === 'ts') this.#tsUses(other, module, name, targetNode, found, visited, depth);
      else if (other.language === 'python' && module.language === 'python') this.#pyUses(other, module, name, found, visited, depth);
    }
  }

  #tsUses(other: TsModule, module: TsModule, name: string, targetNode: AnyNode | undefined, found: Use[], visited: Set<string>, depth: number): void {
    const same = (source: string, imported: string) => {
      const file = this.#resolveTs(other.file, source);
      if (!file) return false;
      if (file === module.file) return imported === name;
      // A barrel in between (`export * from './config'`): compare definitions, once the summaries
      // say the barrel may pass the name on from the module.
      if (!targetNode || !this.#mayProvide(file, imported, module.file, 0)) return false;
      const targetModule = this.moduleAt(file);
      return targetModule !== undefined && this.definition(targetModule, imported)?.node === targetNode;
    };
    for (const imported of other.imports) {
      if (!imported.variable) continue;
      const namespace = imported.imported === '*' || (imported.imported === 'default' && !module.exports.has('default'));
      if (namespace) {
        const file = this.#resolveTs(other.file, imported.source);
        if (file !== module.file) continue;
        for (const reference of imported.variable.references) {
          const use = reference.identifier as TsNode;
          const member = use.parent;
          if (member?.type === 'MemberExpression' && member.object === use && propertyName(member) === name) found.push(tsUse(other, member));
        }
        continue;
      }
      if (!same(imported.source, imported.imported)) continue;
      for (const reference of imported.variable.references) {
        if (reference.init) continue;
        const use = reference.identifier as TsNode;
        // `export { loadConfig }` passes the name on: its uses are the barrel's importers'.
        if (use.parent?.type === 'ExportSpecifier') continue;
        found.push(tsUse(other, use));
      }
    }
    // A barrel that re-exports the name: its importers use it too.
    for (const [exported, entry] of other.exports) {
      const passesOn =
        (entry.kind === 'reexport' && same(entry.source, entry.imported)) ||
        (entry.kind === 'local' && !entry.node && entry.local !== undefined && other.imports.some((i) => i.local === entry.local && same(i.source, i.imported)));
      if (passesOn) this.#collectUses(other, exported, targetNode, found, new Set([...visited, other.file]), depth + 1);
    }
    for (const source of other.starExports) {
      if (same(source, name)) this.#collectUses(other, name, targetNode, found, new Set([...visited, other.file]), depth + 1);
    }
  }

  #pyUses(other: PyModuleFacts, module: PyModuleFacts, name: string, found: Use[], visited: Set<string>, depth: number): void {
    for (const [bindingNode, imported] of other.imports) {
      const local = bindingNode.text ?? '';
      const moduleFile = this.#resolvePython(other.file, imported.level, imported.module);
      // `from app.config import load_settings` (or `... as load`)
      if (imported.name !== undefined && moduleFile === module.file && imported.name === name) {
        for (const use of other.identifiersNamed(local)) {
          if (use !== bindingNode && other.scopes.resolve(use)?.node === bindingNode) found.push(pyUse(other, use));
        }
        // A package's `__init__.py` that imports the name re-exports it: `from shop import load`.
        if (path.basename(other.file) === '__init__.py' && other.scopes.scopeOf(bindingNode) === other.scopes.module) {
          this.#collectUses(other, local, undefined, found, new Set([...visited, other.file]), depth + 1);
        }
        continue;
      }
      // `from app import config` / `import app.config as config`, then `config.load_settings()`
      const boundModule = imported.name === undefined ? moduleFile : this.#resolvePython(other.file, imported.level, joinDotted(imported.module, imported.name));
      const dotted = imported.dotted;
      if (boundModule !== module.file && !(dotted && this.#resolvePython(other.file, 0, dotted) === module.file)) continue;
      for (const use of other.identifiersNamed(local)) {
        if (other.scopes.resolve(use)?.node !== bindingNode) continue;
        // `import app.config` binds `app`: the use is `app.config.name`.
        let object: PyNode = use;
        if (dotted && boundModule !== module.file) {
          for (const part of dotted.split('.').slice(1)) {
            const parent = object.parent;
            if (parent?.type !== 'attribute' || parent.fields.attribute?.text !== part) break;
            object = parent;
          }
        }
        const attribute = object.parent;
        if (attribute?.type === 'attribute' && object.field === 'object' && attribute.fields.attribute?.text === name) found.push(pyUse(other, attribute));
      }
    }
  }

  // ---------------------------------------------------------------- definitions

  #importedDefinition(module: ModuleFacts, source: string, imported: string, depth: number): Definition | undefined {
    const file = this.#resolveTs(module.file, source);
    const target = file ? this.moduleAt(file) : undefined;
    return target ? this.definition(target, imported, depth) : undefined;
  }

  #tsDefinitionOf(module: TsModule, node: TsNode): Definition | undefined {
    const expression = unwrap(node);
    if (expression.type === 'Identifier') {
      const variable = findVariable(module.getScope(expression), expression.name);
      const def = variable?.defs[0];
      if (!variable || !def) return undefined;
      if (def.type === 'ImportBinding') {
        const imported = module.imports.find((candidate) => candidate.variable === variable);
        return imported && imported.imported !== '*' ? this.#importedDefinition(module, imported.source, imported.imported, 0) : undefined;
      }
      if (def.type === 'FunctionName' || def.type === 'ClassName') return { module, name: expression.name, node: def.node as TsNode };
      if (def.type === 'Variable' && variable.defs.length === 1) {
        const declarator = def.node as TSESTree.VariableDeclarator;
        // `const { SetupDatabase } = require('./setup-database')`: the module's export of that name;
        // `const Database = require('./database')` after `module.exports = Database`: its default
        // export (a `module.exports = { a, b }` object has none, so nothing is found).
        const required = declarator.init ? requireCall(declarator.init) : undefined;
        if (required !== undefined) {
          const imported = module.imports.find((candidate) => candidate.variable === variable);
          if (!imported) return undefined;
          return this.#importedDefinition(module, imported.source, imported.imported === '*' ? 'default' : imported.imported, 0);
        }
        if (declarator.id.type !== 'Identifier' || !declarator.init) return undefined;
        return { module, name: expression.name, node: unwrap(declarator.init) };
      }
      return undefined;
    }
    if (expression.type === 'MemberExpression') {
      const member = propertyName(expression);
      if (member === undefined) return undefined;
      const object = unwrap(expression.object);
      // `this.stop()` inside a class: its method.
      if (object.type === 'ThisExpression') {
        for (let current: TsNode | undefined = expression.parent; current; current = current.parent) {
          if (current.type === 'ClassBody') {
            const method = current.body.find(
              (element) => (element.type === 'MethodDefinition' || element.type === 'PropertyDefinition') && !element.computed && element.key.type === 'Identifier' && element.key.name === member,
            );
            if (method?.type === 'MethodDefinition') return { module, name: member, node: method.value };
            if (method?.type === 'PropertyDefinition' && method.value) return { module, name: member, node: unwrap(method.value) };
            return undefined;
          }
        }
        return undefined;
      }
      // `ns.f()` after `import * as ns from './x'` or `const ns = require('./x')`.
      if (object.type === 'Identifier') {
        const variable = findVariable(module.getScope(object), object.name);
        const imported = variable && module.imports.find((candidate) => candidate.variable === variable);
        if (imported && (imported.imported === '*' || imported.imported === 'default')) {
          return this.#importedDefinition(module, imported.source, member, 0);
        }
      }
    }
    return undefined;
  }

  #pythonImportDefinition(module: PyModuleFacts, imported: PyImport, depth: number): Definition | undefined {
    if (imported.name === undefined) return undefined;
    const file = this.#resolvePython(module.file, imported.level, imported.module);
    const target = file ? this.moduleAt(file) : undefined;
    return target ? this.definition(target, imported.name, depth) : undefined;
  }

  /** The module a Python expression names (`config` after `from app import config`), as a file. */
  #pyModuleNamed(module: PyModuleFacts, node: PyNode): string | undefined {
    if (node.type !== 'identifier') return undefined;
    const binding = module.scopes.resolve(node);
    if (binding?.kind !== 'import') return undefined;
    const imported = module.imports.get(binding.node);
    if (!imported) return undefined;
    if (imported.name === undefined) return imported.dotted ? undefined : this.#resolvePython(module.file, imported.level, imported.module);
    return this.#resolvePython(module.file, imported.level, joinDotted(imported.module, imported.name));
  }

  #pyDefinitionOf(module: PyModuleFacts, node: PyNode): Definition | undefined {
    if (node.type === 'identifier') {
      const binding = module.scopes.resolve(node);
      if (!binding) return undefined;
      if (binding.kind === 'import') {
        const imported = module.imports.get(binding.node);
        return imported ? this.#pythonImportDefinition(module, imported, 0) : undefined;
      }
      if (binding.kind === 'function' || binding.kind === 'class') {
        const definition = bindingDefinition(binding);
        return definition ? { module, name: binding.name, node: definition } : undefined;
      }
      return undefined;
    }
    if (node.type === 'attribute') {
      const object = node.fields.object;
      const attribute = node.fields.attribute?.text;
      if (!object || !attribute) return undefined;
      // `self.stop()` inside a method: the class's own method.
      if (object.type === 'identifier' && object.text === 'self') {
        for (let current = node.parent; current; current = current.parent) {
          if (current.type !== 'class_definition') continue;
          for (const statement of current.fields.body?.children ?? []) {
            const definition = statement.type === 'decorated_definition' ? statement.fields.definition : statement;
            if (definition?.type === 'function_definition' && definition.fields.name?.text === attribute) return { module, name: attribute, node: definition };
          }
          return undefined;
        }
        return undefined;
      }
      const file = this.#pyModuleNamed(module, object);
      const target = file ? this.moduleAt(file) : undefined;
      return target ? this.definition(target, attribute) : undefined;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- resolution

  #resolveTs(from: string, specifier: string): string | undefined {
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      return this.#tsFileOrFolder(path.resolve(path.dirname(from), specifier));
    }
    const config = this.#tsconfig(from);
    if (config) {
      for (const [pattern, targets] of config.paths) {
        const star = pattern.indexOf('*');
        let rest: string | undefined;
        if (star < 0) rest = pattern === specifier ? '' : undefined;
        else if (specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1)) && specifier.length >= pattern.length - 1) {
          rest = specifier.slice(star, specifier.length - (pattern.length - star - 1));
        }
        if (rest === undefined) continue;
        for (const target of targets) {
          const found = this.#tsFileOrFolder(path.resolve(config.baseUrl, target.replace('*', rest)));
          if (found) return found;
        }
      }
      if (config.hasBaseUrl) {
        const found = this.#tsFileOrFolder(path.resolve(config.baseUrl, specifier));
        if (found) return found;
      }
    }
    // A package of the project itself (a workspace package, or the project's own name).
    for (const [name, dir] of this.#packages()) {
      if (specifier === name || specifier.startsWith(`${name}/`)) {
        const found = this.#packageEntry(dir, specifier === name ? '.' : `.${specifier.slice(name.length)}`);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** `./x` as a file with any TS/JS extension (`./x.js` written for `./x.ts` included), or a folder's package entry or index. */
  #tsFileOrFolder(base: string): string | undefined {
    if (!isInside(base, this.searchRoot)) return undefined;
    const ext = path.extname(base);
    if (TS_EXTENSIONS.includes(ext)) {
      if (isSourceFile(base, this.searchRoot)) return base;
      const stem = base.slice(0, -ext.length);
      const swaps = ext === '.js' || ext === '.jsx' ? ['.ts', '.tsx'] : ext === '.mjs' ? ['.mts'] : ext === '.cjs' ? ['.cts'] : [];
      for (const swap of swaps) if (isSourceFile(stem + swap, this.searchRoot)) return stem + swap;
    }
    for (const candidate of TS_EXTENSIONS) if (isSourceFile(base + candidate, this.searchRoot)) return base + candidate;
    if (isFolder(base, this.searchRoot)) {
      if (isSourceFile(path.join(base, 'package.json'), this.searchRoot)) {
        const found = this.#packageEntry(base, '.');
        if (found) return found;
      }
      for (const candidate of TS_EXTENSIONS) {
        const index = path.join(base, `index${candidate}`);
        if (isSourceFile(index, this.searchRoot)) return index;
      }
    }
    return undefined;
  }

  /** A package's entry for a subpath (`.` or `./sub`), by `exports`, then `main`/`module`, then the path itself. */
  #packageEntry(dir: string, subpath: string): string | undefined {
    const manifest = readJson(path.join(dir, 'package.json')) as { exports?: unknown; main?: unknown; module?: unknown } | undefined;
    const targets: string[] = [];
    if (manifest?.exports !== undefined) {
      const target = exportsTarget(manifest.exports, subpath);
      if (target) targets.push(target);
    } else if (subpath === '.') {
      for (const field of [manifest?.main, manifest?.module]) if (typeof field === 'string') targets.push(field);
      targets.push('./index');
    } else targets.push(subpath);
    for (const target of targets) {
      const resolved = path.resolve(dir, target);
      const found = this.#tsFileOrFolder(resolved);
      if (found) return found;
      // Built output named in the manifest: look for its source (`dist/index.js` → `src/index.ts`).
      const relative = path.relative(dir, resolved).split(path.sep);
      if (relative[0] === 'dist' || relative[0] === 'build' || relative[0] === 'lib') {
        const source = this.#tsFileOrFolder(path.join(dir, 'src', ...relative.slice(1)).replace(/\.d\.ts$/, ''));
        if (source) return source;
        // A build folder per module format (`build/main/index.js`, `dist/cjs/index.js`) over one `src/`.
        if (relative.length > 2 && BUILD_FORMAT_FOLDERS.has(relative[1])) {
          const flat = this.#tsFileOrFolder(path.join(dir, 'src', ...relative.slice(2)).replace(/\.d\.ts$/, ''));
          if (flat) return flat;
        }
      }
    }
    return undefined;
  }

  #packageNames: { stamp: readonly string[]; names: Map<string, string> } | undefined;

  /** Package name → folder, for every package.json in the project. */
  /** The export summary of a TS/JS project file, from the cache or by parsing it once. */
  #summary(file: string): ExportSummary | undefined {
    const stamp = stampOf(file);
    const cached = summaries.get(file);
    if (cached && sameStamp(cached.stamp, stamp)) return cached.summary;
    const module = this.moduleAt(file);
    if (module?.language !== 'ts') return undefined;
    const summary = summaryOf(module);
    // The linted file's facts come from ESLint's tree, which may be a buffer not yet on disk.
    if (stamp && current?.file !== file) summaries.set(file, { stamp, summary }, summary.named.size + summary.stars.length + 1);
    return summary;
  }

  /**
   * Whether `file` may export `name` (followed through re-exports and `export *`), from the
   * summaries: false only when it certainly does not. With `target`, whether the name may be
   * defined in that file. The exact answer is the definition's node (`definition`).
   */
  #mayProvide(file: string, name: string, target: string | undefined, depth: number): boolean {
    if (depth > 8) return false;
    if (target !== undefined && file === target) return true;
    const summary = this.#summary(file);
    if (!summary) return false;
    const entry = summary.named.get(name);
    if (entry === null) return target === undefined;
    if (entry !== undefined) {
      const next = this.#resolveTs(file, entry.source);
      return next !== undefined && this.#mayProvide(next, entry.imported, target, depth + 1);
    }
    if (name === 'default') return false;
    for (const source of summary.stars) {
      const next = this.#resolveTs(file, source);
      if (next && this.#mayProvide(next, name, target, depth + 1)) return true;
    }
    return false;
  }

  /** The name of the project package whose entry (`main`, `exports["."]`) is `file`, if any. */
  #packageEntryName(file: string): string | undefined {
    for (const [name, dir] of this.#packages()) {
      if (isInside(file, dir) && this.#packageEntry(dir, '.') === file) return name;
    }
    return undefined;
  }

  #packages(): Map<string, string> {
    const files = projectFiles(this.searchRoot);
    if (this.#packageNames?.stamp === files) return this.#packageNames.names;
    const names = new Map<string, string>();
    for (const file of files) {
      if (path.basename(file) !== 'package.json') continue;
      const manifest = readJson(file) as { name?: unknown } | undefined;
      if (typeof manifest?.name === 'string') names.set(manifest.name, path.dirname(file));
    }
    this.#packageNames = { stamp: files, names };
    return names;
  }

  readonly #tsconfigCache = new Map<string, { stamp: FileStamp | undefined; value: TsPaths | undefined }>();

  /**
   * `compilerOptions.paths` and `baseUrl` of the tsconfig.json that governs an importing file (its
   * `extends` is not followed): the project's own for its files, a sibling package's for that
   * package's files.
   */
  #tsconfig(from: string): TsPaths | undefined {
    const packageRoot = isInside(from, this.root) ? this.root : projectOf(from, this.searchRoot).root;
    const file = path.join(packageRoot, 'tsconfig.json');
    const stamp = stampOf(file);
    const cached = this.#tsconfigCache.get(file);
    if (cached && (stamp === undefined ? cached.stamp === undefined : sameStamp(stamp, cached.stamp))) return cached.value;
    let value: TsPaths | undefined;
    const source = stamp ? readSource(file) : undefined;
    if (source) {
      const config = parseJsonc(source.text) as { compilerOptions?: { paths?: unknown; baseUrl?: unknown } } | undefined;
      const options = config?.compilerOptions;
      const baseUrl = typeof options?.baseUrl === 'string' ? path.resolve(packageRoot, options.baseUrl) : packageRoot;
      const paths = new Map<string, string[]>();
      if (options?.paths && typeof options.paths === 'object') {
        for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
          if (Array.isArray(targets)) paths.set(pattern, targets.filter((t): t is string => typeof t === 'string'));
        }
      }
      value = { baseUrl, hasBaseUrl: typeof options?.baseUrl === 'string', paths };
    }
    this.#tsconfigCache.set(file, { stamp, value });
    return value;
  }

  /**
   * A Python module as a file: relative to the importing file's package for `from .x import y`;
   * else under the project root, its `src/` folder, or a folder between the file and the root (a
   * flat layout run from its own folder). `pkg/mod.py`, `pkg/mod/__init__.py` and `.pyi` stubs.
   */
  #resolvePython(from: string, level: number, dotted: string): string | undefined {
    const parts = dotted ? dotted.split('.') : [];
    const bases: string[] = [];
    if (level > 0) {
      let base = path.dirname(from);
      for (let i = 1; i < level; i++) base = path.dirname(base);
      bases.push(base);
    } else {
      bases.push(this.root, path.join(this.root, 'src'));
      for (let dir = path.dirname(from); isInside(dir, this.root) && dir !== this.root; dir = path.dirname(dir)) bases.push(dir);
    }
    for (const base of bases) {
      if (!isInside(base, this.root)) continue;
      const target = path.join(base, ...parts);
      for (const candidate of parts.length ? [`${target}.py`, path.join(target, '__init__.py'), `${target}.pyi`] : [path.join(target, '__init__.py')]) {
        if (isSourceFile(candidate, this.root)) return candidate;
      }
    }
    return undefined;
  }
}

/** Folders a build writes one module format to, below `dist/` or `build/`: `build/main/index.js` is built from `src/index.ts`. */
const BUILD_FORMAT_FOLDERS = new Set(['main', 'module', 'cjs', 'esm', 'commonjs', 'es', 'umd']);

interface TsPaths {
  baseUrl: string;
  hasBaseUrl: boolean;
  paths: Map<string, string[]>;
}

function tsUse(module: TsModule, node: TsNode): Use {
  const parent = node.parent;
  const call = (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.callee === node ? parent : undefined;
  return { module, node, call };
}

function pyUse(module: PyModuleFacts, node: PyNode): Use {
  const parent = node.parent;
  return { module, node, call: parent?.type === 'call' && node.field === 'function' ? parent : undefined };
}

/** Not AST children: positions, tokens and comments. */
const NON_CHILD_KEYS = new Set(['parent', 'loc', 'range', 'tokens', 'comments']);

const memberIndexes = new WeakMap<ModuleFacts, Map<string, AnyNode[]>>();

/** A module's member accesses by property name (TS `MemberExpression`, Python `attribute`), built once per module facts. */
function memberIndex(module: ModuleFacts): Map<string, AnyNode[]> {
  let byName = memberIndexes.get(module);
  if (byName) return byName;
  const index = new Map<string, AnyNode[]>();
  const add = (name: string | undefined, node: AnyNode) => {
    if (name === undefined) return;
    const list = index.get(name);
    if (list) list.push(node);
    else index.set(name, [node]);
  };
  if (module.language === 'ts') {
    const stack: TsNode[] = [module.ast];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'MemberExpression' && !node.computed) add(propertyName(node), node);
      for (const key in node) {
        if (NON_CHILD_KEYS.has(key)) continue;
        const value = (node as unknown as Record<string, unknown>)[key];
        if (Array.isArray(value)) {
          for (const item of value) if (item && typeof item === 'object' && 'type' in item) stack.push(item as TsNode);
        } else if (value && typeof value === 'object' && 'type' in value) stack.push(value as TsNode);
      }
    }
  } else {
    const stack: PyNode[] = [module.ast];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'attribute') add(node.fields.attribute?.text, node);
      stack.push(...node.children);
    }
  }
  byName = index;
  memberIndexes.set(module, byName);
  return byName;
}

function requireCall(init: TSESTree.Expression): string | undefined {
  const expression = unwrap(init);
  if (expression.type !== 'CallExpression' || expression.callee.type !== 'Identifier' || expression.callee.name !== 'require') return undefined;
  const [first] = expression.arguments;
  return first?.type === 'Literal' && typeof first.value === 'string' ? first.value : undefined;
}

function joinDotted(module: string, name: string): string {
  return module ? `${module}.${name}` : name;
}

/** The name an importer must write to import a file: its stem, or its folder's name for an index / `__init__`. */
function moduleStem(file: string): string {
  const base = path.basename(file).replace(/\.[^.]+$/, '');
  return base === 'index' || base === '__init__' ? path.basename(path.dirname(file)) : base;
}

/** The target of package.json `exports` for a subpath, with the usual conditions (types skipped). */
function exportsTarget(exports: unknown, subpath: string): string | undefined {
  if (typeof exports === 'string' || Array.isArray(exports)) return subpath === '.' ? pickTarget(exports) : undefined;
  if (!exports || typeof exports !== 'object') return undefined;
  const entries = exports as Record<string, unknown>;
  const keys = Object.keys(entries);
  if (!keys.some((key) => key.startsWith('.'))) return subpath === '.' ? pickTarget(exports) : undefined;
  if (subpath in entries) return pickTarget(entries[subpath]);
  for (const key of keys) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
      const target = pickTarget(entries[key]);
      return target?.replace('*', subpath.slice(prefix.length, subpath.length - suffix.length));
    }
  }
  return undefined;
}

const CONDITIONS = ['source', 'development', 'import', 'node', 'require', 'module', 'default'];

function pickTarget(value: unknown, depth = 0): string | undefined {
  if (depth > 5) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const target = pickTarget(item, depth + 1);
      if (target) return target;
    }
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const conditions = value as Record<string, unknown>;
  for (const condition of CONDITIONS) {
    if (condition in conditions) {
      const target = pickTarget(conditions[condition], depth + 1);
      if (target) return target;
    }
  }
  return undefined;
}

function readJson(file: string): unknown {
  const source = readSource(file);
  if (!source) return undefined;
  try {
    return JSON.parse(source.text);
  } catch {
    return undefined;
  }
}

/**
 * tsconfig.json is JSON with comments and trailing commas: strip them (outside strings) with one
 * linear scan, then JSON.parse. Hand-written because the only library that reads it faithfully is
 * TypeScript itself, which a Python-only run never loads.
 */
function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += char;
      i++;
    }
  }
  // Trailing commas: `,` followed by whitespace and a closing bracket.
  let cleaned = '';
  for (let k = 0; k < out.length; k++) {
    if (out[k] === ',') {
      let m = k + 1;
      while (m < out.length && /\s/.test(out[m])) m++;
      if (out[m] === '}' || out[m] === ']') continue;
    }
    cleaned += out[k];
  }
  try {
    return JSON.parse(cleaned);
  } catch {
    return undefined;
  }
}

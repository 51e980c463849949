/**
 * The project's environment schema as seen from one module: the variables that startup
 * validators (see ../ts/env-validators.ts and ../python/env-validators.ts) name in the module and
 * in the modules it imports, a few imports deep; and the module's own validator functions, so a
 * rule can tell a validator nobody calls.
 */
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import type { PyNode } from '../../languages/python/ast.js';
import { pyEnvValidators, isValidatorCall } from '../python/env-validators.js';
import { tsEnvValidators } from '../ts/env-validators.js';
import type { ModuleFacts, ProjectIndex } from './index.js';

/** Imports followed from the linted module, and modules looked at, at most. */
const MAX_IMPORT_DEPTH = 3;
const MAX_MODULES = 30;

export interface SchemaSource {
  /** The validating library (`zod`, `envalid`, `pydantic-settings`, ...). */
  library: string;
  /** The file that holds the schema, relative to the project root. */
  file: string;
}

const keysCache = new WeakMap<ModuleFacts, Map<string, SchemaSource>>();

/** Variables validated by a schema in this module or a module it imports (upper-cased for Python, whose libraries match case-insensitively). */
export function validatedEnvKeys(index: ProjectIndex, module: ModuleFacts): Map<string, SchemaSource> {
  let keys = keysCache.get(module);
  if (keys) return keys;
  keys = new Map();
  const seen = new Set<string>([module.file]);
  let frontier: ModuleFacts[] = [module];
  for (let depth = 0; depth <= MAX_IMPORT_DEPTH && frontier.length; depth++) {
    const next: ModuleFacts[] = [];
    for (const current of frontier) {
      const validators = current.language === 'ts' ? tsEnvValidators(current) : pyEnvValidators(current);
      for (const validator of validators) {
        const source = { library: validator.library, file: path.relative(index.root, current.file) || path.basename(current.file) };
        for (const key of validator.keys) if (!keys.has(key)) keys.set(key, source);
      }
      if (depth === MAX_IMPORT_DEPTH) continue;
      for (const file of importedFiles(index, current)) {
        if (seen.has(file) || seen.size >= MAX_MODULES) continue;
        seen.add(file);
        const imported = index.moduleAt(file);
        if (imported) next.push(imported);
      }
    }
    frontier = next;
  }
  keysCache.set(module, keys);
  return keys;
}

/** The project files a module imports (TS: imports, re-exports; Python: modules and `from pkg import module`). */
function importedFiles(index: ProjectIndex, module: ModuleFacts): string[] {
  const files = new Set<string>();
  if (module.language === 'ts') {
    const sources = new Set([...module.imports.map((imported) => imported.source), ...module.starExports]);
    for (const entry of module.exports.values()) if (entry.kind === 'reexport') sources.add(entry.source);
    for (const source of sources) {
      const file = index.resolve(module, source);
      if (file) files.add(file);
    }
  } else {
    for (const imported of module.imports.values()) {
      const file = index.resolve(module, { level: imported.level, module: imported.module });
      if (file) files.add(file);
      if (imported.name !== undefined) {
        const submodule = index.resolve(module, { level: imported.level, module: imported.module ? `${imported.module}.${imported.name}` : imported.name });
        if (submodule) files.add(submodule);
      }
    }
  }
  return [...files];
}

/** A module-level function that validates the environment when called. */
export interface ValidatorFunction {
  /** TS: the FunctionDeclaration or VariableDeclarator; Python: the function_definition. */
  declaration: TSESTree.Node | PyNode;
  /** The node to report: the function's name. */
  name: TSESTree.Node | PyNode;
  text: string;
  library: string;
}

/**
 * The module-level functions of a module whose body runs a validator: `export function
 * validateEnv() { return schema.parse(process.env) }`, `def get_settings(): return Settings()`.
 */
export function validatorFunctions(index: ProjectIndex, module: ModuleFacts): ValidatorFunction[] {
  const found = new Map<unknown, ValidatorFunction>();
  if (module.language === 'ts') {
    for (const validator of tsEnvValidators(module)) {
      const declaration = topLevelFunction(validator.call);
      if (!declaration || found.has(declaration)) continue;
      const id = declaration.type === 'FunctionDeclaration' ? declaration.id : declaration.id.type === 'Identifier' ? declaration.id : null;
      if (id) found.set(declaration, { declaration, name: id, text: id.name, library: validator.library });
    }
    return [...found.values()];
  }
  for (const statement of module.ast.children) {
    const definition = statement.type === 'decorated_definition' ? statement.fields.definition : statement;
    if (definition?.type !== 'function_definition' || !definition.fields.name?.text) continue;
    // `@router.get("/settings/default")`: the framework calls the handler, per request; a settings
    // object it builds (to read a default back) is not a startup validator left uncalled.
    if (statement.type === 'decorated_definition' && isRegisteredByDecorator(statement)) continue;
    const library = validatorIn(index, module, definition);
    if (library) found.set(definition, { declaration: definition, name: definition.fields.name, text: definition.fields.name.text, library });
  }
  return [...found.values()];
}

/** Decorators that only cache a function's result: the function is still called by name. */
const CACHING_DECORATORS = new Set(['lru_cache', 'cache', 'cached', 'cached_property']);

/**
 * Whether a decorator hands the function to a framework that calls it (`@router.get(...)`,
 * `@app.route(...)`, `@celery.task`, `@app.on_event("startup")`): a method of some registry object,
 * not a caching wrapper.
 */
function isRegisteredByDecorator(decorated: PyNode): boolean {
  return decorated.children.some((decorator) => {
    if (decorator.type !== 'decorator') return false;
    let expression = decorator.children.find((child) => child.type === 'call' || child.type === 'attribute' || child.type === 'identifier');
    if (expression?.type === 'call') expression = expression.fields.function;
    return expression?.type === 'attribute' && !CACHING_DECORATORS.has(expression.fields.attribute?.text ?? '');
  });
}

/** The library of the first validator a Python function's body runs (a local or imported settings class included). */
function validatorIn(index: ProjectIndex, module: ModuleFacts & { language: 'python' }, definition: PyNode): string | undefined {
  const stack = [...(definition.fields.body?.children ?? [])];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'function_definition' || node.type === 'class_definition') continue;
    if (node.type === 'call') {
      if (isValidatorCall(module, node)) return pyEnvValidators(module).find((v) => v.node === node)?.library ?? 'pydantic-settings';
      // An imported settings class (`Settings()`, CapWords by convention): only then is its module read.
      const callee = node.fields.function;
      const calleeName = callee?.type === 'attribute' ? callee.fields.attribute?.text : callee?.text;
      const capitalized = calleeName !== undefined && calleeName[0] >= 'A' && calleeName[0] <= 'Z';
      const target = callee && capitalized ? index.definitionOf(module, callee) : undefined;
      if (target?.module.language === 'python' && (target.node as PyNode).type === 'class_definition') {
        const settings = pyEnvValidators(target.module).find((validator) => validator.settingsClass === target.node);
        if (settings) return settings.library;
      }
    }
    stack.push(...node.children);
  }
  return undefined;
}

/** The module-level function declaration (or `const f = () => ...` declarator) a TS node sits in. */
function topLevelFunction(node: TSESTree.Node): TSESTree.FunctionDeclaration | TSESTree.VariableDeclarator | undefined {
  let outer: TSESTree.Node | undefined;
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') outer = current;
  }
  if (!outer) return undefined;
  const holder = outer.type === 'FunctionDeclaration' ? outer : outer.parent?.type === 'VariableDeclarator' ? outer.parent : undefined;
  if (!holder) return undefined;
  const statement = holder.type === 'VariableDeclarator' ? holder.parent?.parent : holder.parent;
  const atTop = statement?.type === 'Program' || (statement?.type === 'ExportNamedDeclaration' && statement.parent?.type === 'Program');
  return atTop ? holder : undefined;
}

/**
 * The project modules linked to a file by imports, in both directions, through the project index:
 * the modules it imports (two imports deep) and the modules that use what it exports or defines.
 * A rule asks whether any of them has a fact ("registers a SIGTERM handler") that also holds for
 * the file itself (a handler installed by `import './lifecycle'`, or by the `index.ts` that imports
 * `./server` before starting it).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { PyNode } from '../../languages/python/ast.js';
import type { ModuleFacts, ProjectIndex } from './index.js';
import { allNodes, requiredModule } from '../ts/walk.js';

/** How many imports deep the imported modules are followed. */
export const IMPORT_DEPTH = 2;
/** Modules looked at per question, at most. */
export const MAX_LINKED_MODULES = 24;
/** Names whose importers are looked up, at most (each is one index query). */
const MAX_EXPORTED_NAMES = 12;

/** The project files a module imports: every import, side-effect imports (`import './lifecycle'`) included. */
export function importedFiles(index: ProjectIndex, module: ModuleFacts): string[] {
  const files = new Set<string>();
  if (module.language === 'ts') {
    for (const source of tsImportSources(module.ast)) {
      const file = index.resolve(module, source);
      if (file) files.add(file);
    }
  } else {
    for (const imported of module.imports.values()) {
      const target = index.resolve(module, { level: imported.level, module: imported.module });
      if (target) files.add(target);
      // `from . import lifecycle`, `from app import lifecycle`: the name may be a submodule.
      if (imported.name !== undefined) {
        const submodule = index.resolve(module, { level: imported.level, module: imported.module ? `${imported.module}.${imported.name}` : imported.name });
        if (submodule) files.add(submodule);
      }
    }
  }
  files.delete(module.file);
  return [...files];
}

/** The modules that use what `module` exports (TS) or defines at its top level (Python). */
export function importingModules(index: ProjectIndex, module: ModuleFacts): ModuleFacts[] {
  const names = module.language === 'ts' ? [...module.exports.keys()] : topLevelNames(module.ast);
  const found = new Map<string, ModuleFacts>();
  for (const name of names.slice(0, MAX_EXPORTED_NAMES)) {
    for (const use of index.uses(module, name)) found.set(use.module.file, use.module);
  }
  return [...found.values()];
}

/**
 * The first module linked to `module` for which `test` holds: its imports breadth-first up to
 * `IMPORT_DEPTH` deep, then the modules that import it. At most `MAX_LINKED_MODULES` are tested.
 */
export function findLinkedModule(index: ProjectIndex, module: ModuleFacts, test: (linked: ModuleFacts) => boolean): ModuleFacts | undefined {
  const seen = new Set([module.file]);
  let frontier: ModuleFacts[] = [module];
  for (let depth = 0; depth < IMPORT_DEPTH && frontier.length; depth++) {
    const next: ModuleFacts[] = [];
    for (const from of frontier) {
      for (const file of importedFiles(index, from)) {
        if (seen.has(file) || seen.size > MAX_LINKED_MODULES) continue;
        seen.add(file);
        const linked = index.moduleAt(file);
        if (!linked || linked.language !== module.language) continue;
        if (test(linked)) return linked;
        next.push(linked);
      }
    }
    frontier = next;
  }
  for (const importer of importingModules(index, module)) {
    if (seen.has(importer.file) || seen.size > MAX_LINKED_MODULES) continue;
    seen.add(importer.file);
    if (test(importer)) return importer;
  }
  return undefined;
}

/** `import ... from 's'`, `export ... from 's'`, `import 's'`, `require('s')`, `import('s')` anywhere in a program. */
function tsImportSources(ast: TSESTree.Program): string[] {
  const found: string[] = [];
  for (const node of allNodes(ast)) {
    const type = node.type;
    if ((type === 'ImportDeclaration' || type === 'ExportAllDeclaration' || type === 'ExportNamedDeclaration' || type === 'ImportExpression') && node.source) {
      const source = node.source as { type?: string; value?: unknown };
      if (source.type === 'Literal' && typeof source.value === 'string') found.push(source.value);
    }
    const required = requiredModule(node);
    if (required !== undefined) found.push(required);
  }
  return found;
}

/** The functions, classes and plain assignments at a Python module's top level. */
function topLevelNames(ast: PyNode): string[] {
  const names: string[] = [];
  for (const statement of ast.children) {
    const definition = statement.type === 'decorated_definition' ? statement.fields.definition : statement;
    if ((definition?.type === 'function_definition' || definition?.type === 'class_definition') && definition.fields.name?.text) names.push(definition.fields.name.text);
    if (statement.type === 'expression_statement') {
      const assignment = statement.children[0];
      const left = assignment?.type === 'assignment' ? assignment.fields.left : undefined;
      if (left?.type === 'identifier' && left.text) names.push(left.text);
    }
  }
  return names;
}

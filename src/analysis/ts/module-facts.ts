/**
 * What one TS/JS module says to the rest of the project: its imports, its exports and where each
 * exported name is defined, with the module's syntax tree and scope analysis so that other files'
 * code can be judged with the same tools as the linted file.
 *
 * The linted file's facts come from ESLint's own AST and scope manager; other files are parsed
 * with the parser the plugin configures (`@typescript-eslint/parser`), once per version of their
 * content (see ../project/index.ts).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyName, unwrap } from './names.js';

type Node = TSESTree.Node;
type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;
type ScopeManager = TSESLint.Scope.ScopeManager;

/** One imported binding: `import { a as b } from './x'` is `{ source: './x', imported: 'a', local: 'b' }`. */
export interface TsImport {
  source: string;
  /** The exported name, `default`, or `*` for a namespace (`import * as x`, `const x = require('./x')`). */
  imported: string;
  local: string;
  /** The local variable, whose references are the module's uses of the import. */
  variable: Variable | undefined;
}

/** One exported name: defined here (`node` is its function, class or value), or re-exported from `source`. */
export type TsExport = { kind: 'local'; local: string | undefined; node: Node | undefined } | { kind: 'reexport'; source: string; imported: string };

export interface TsModule {
  language: 'ts';
  file: string;
  text: string;
  ast: TSESTree.Program;
  scopeManager: ScopeManager;
  imports: TsImport[];
  exports: Map<string, TsExport>;
  /** `export * from './x'`. */
  starExports: string[];
  /** The innermost scope of a node, as ESLint's `sourceCode.getScope` answers. */
  getScope(node: Node): Scope;
  getDeclaredVariables(node: Node): readonly Variable[];
}

interface ParserModule {
  parseForESLint(code: string, options: Record<string, unknown>): { ast: TSESTree.Program; scopeManager: ScopeManager | null; visitorKeys: Record<string, readonly string[] | undefined> };
}

const require = createRequire(import.meta.url);
let parser: ParserModule | undefined;

/**
 * Parse another file of the project with the plugin's own TS parser (no type information), set the
 * parent pointers ESLint would set, and gather its facts. Undefined on a syntax error.
 */
export function parseTsModule(file: string, text: string): TsModule | undefined {
  parser ??= require('@typescript-eslint/parser') as ParserModule;
  const ext = path.extname(file);
  let result;
  try {
    result = parser.parseForESLint(text, {
      filePath: file,
      sourceType: ext === '.cjs' || ext === '.cts' ? 'script' : 'module',
      ecmaVersion: 'latest',
      range: true,
      loc: true,
      comment: false,
      tokens: false,
      jsDocParsingMode: 'none',
      ecmaFeatures: { jsx: ext === '.tsx' || ext === '.jsx' || ext === '.js' },
    });
  } catch {
    return undefined;
  }
  if (!result.scopeManager) return undefined;
  setParents(result.ast, result.visitorKeys);
  return tsModuleFacts(file, text, result.ast, result.scopeManager);
}

/** Parent pointers, set by an iterative walk over the parser's visitor keys. */
function setParents(ast: TSESTree.Program, keys: Record<string, readonly string[] | undefined>): void {
  const stack: Node[] = [ast];
  while (stack.length) {
    const node = stack.pop()!;
    for (const key of keys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const child of value) {
          if (child && typeof child === 'object' && 'type' in child) {
            (child as unknown as { parent: Node }).parent = node;
            stack.push(child as Node);
          }
        }
      } else if (value && typeof value === 'object' && 'type' in value) {
        (value as unknown as { parent: Node }).parent = node;
        stack.push(value as Node);
      }
    }
  }
}

/** Gather a module's imports and exports from its AST and scope manager (the linted file's or a parsed one). */
export function tsModuleFacts(file: string, text: string, ast: TSESTree.Program, scopeManager: ScopeManager): TsModule {
  const moduleScope = (scopeManager.scopes.find((scope) => scope.type === 'module') ?? scopeManager.globalScope) as Scope | null;
  const variableNamed = (name: string): Variable | undefined => moduleScope?.set.get(name) ?? scopeManager.globalScope?.set.get(name);
  const imports: TsImport[] = [];
  const exports = new Map<string, TsExport>();
  const starExports: string[] = [];

  const localExport = (exported: string, local: string | undefined, node?: Node) => {
    exports.set(exported, { kind: 'local', local, node: node ?? (local ? definitionNode(variableNamed(local)) : undefined) });
  };

  for (const statement of ast.body) {
    switch (statement.type) {
      case 'ImportDeclaration': {
        if (statement.importKind === 'type') break;
        for (const specifier of statement.specifiers) {
          if (specifier.type === 'ImportSpecifier' && specifier.importKind === 'type') continue;
          const imported =
            specifier.type === 'ImportDefaultSpecifier'
              ? 'default'
              : specifier.type === 'ImportNamespaceSpecifier'
                ? '*'
                : specifier.imported.type === 'Identifier'
                  ? specifier.imported.name
                  : String(specifier.imported.value);
          imports.push({ source: statement.source.value, imported, local: specifier.local.name, variable: variableNamed(specifier.local.name) });
        }
        break;
      }
      case 'ExportNamedDeclaration': {
        if (statement.exportKind === 'type') break;
        if (statement.source) {
          for (const specifier of statement.specifiers) {
            const exported = moduleExportName(specifier.exported);
            const imported = moduleExportName(specifier.local);
            exports.set(exported, { kind: 'reexport', source: statement.source.value, imported });
          }
          break;
        }
        const declaration = statement.declaration;
        if (declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration' || declaration?.type === 'TSEnumDeclaration') {
          if (declaration.id) localExport(declaration.id.name, declaration.id.name, declarationValue(declaration));
        } else if (declaration?.type === 'VariableDeclaration') {
          for (const declarator of declaration.declarations) {
            if (declarator.id.type === 'Identifier') localExport(declarator.id.name, declarator.id.name, declarationValue(declarator));
          }
        }
        for (const specifier of statement.specifiers) localExport(moduleExportName(specifier.exported), moduleExportName(specifier.local));
        break;
      }
      case 'ExportDefaultDeclaration': {
        const declaration = statement.declaration;
        if (declaration.type === 'Identifier') localExport('default', declaration.name);
        else if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) localExport('default', declaration.id.name, declaration);
        else localExport('default', undefined, declaration as Node);
        break;
      }
      case 'ExportAllDeclaration':
        if (!statement.exported && statement.exportKind !== 'type') starExports.push(statement.source.value);
        break;
      case 'VariableDeclaration':
        // `const { a, b: c } = require('./x')`, `const x = require('./x')`
        for (const declarator of statement.declarations) {
          const source = requireSource(declarator.init);
          if (source === undefined) continue;
          if (declarator.id.type === 'Identifier') imports.push({ source, imported: '*', local: declarator.id.name, variable: variableNamed(declarator.id.name) });
          else if (declarator.id.type === 'ObjectPattern') {
            for (const property of declarator.id.properties) {
              if (property.type !== 'Property' || property.computed || property.key.type !== 'Identifier') continue;
              const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
              if (value.type === 'Identifier') imports.push({ source, imported: property.key.name, local: value.name, variable: variableNamed(value.name) });
            }
          }
        }
        break;
      case 'ExpressionStatement':
        commonJsExport(statement.expression, localExport);
        break;
      default:
    }
  }

  return {
    language: 'ts',
    file,
    text,
    ast,
    scopeManager,
    imports,
    exports,
    starExports,
    getScope(node) {
      // As ESLint's SourceCode#getScope: the innermost scope whose block is the node or an ancestor.
      const inner = node.type !== 'Program';
      for (let current: Node | undefined = node; current; current = current.parent) {
        const scope = scopeManager.acquire(current, inner) as Scope | null;
        if (scope) return (scope.type === 'function-expression-name' ? scope.childScopes[0] : scope) as Scope;
      }
      return scopeManager.scopes[0] as Scope;
    },
    getDeclaredVariables(node) {
      return scopeManager.getDeclaredVariables(node) as readonly Variable[];
    },
  };
}

/** `module.exports = { a, b: c }`, `module.exports = fn`, `exports.a = ...`, `module.exports.a = ...`. */
function commonJsExport(expression: TSESTree.Expression, localExport: (exported: string, local: string | undefined, node?: Node) => void): void {
  if (expression.type !== 'AssignmentExpression' || expression.operator !== '=' || expression.left.type !== 'MemberExpression') return;
  const target = expression.left;
  const isModuleExports = (node: Node) =>
    node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === 'module' && propertyName(node) === 'exports';
  const right = unwrap(expression.right);
  if (isModuleExports(target)) {
    if (right.type === 'ObjectExpression') {
      for (const property of right.properties) {
        if (property.type !== 'Property' || property.computed) continue;
        const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
        if (key === undefined) continue;
        const value = unwrap(property.value as Node);
        if (value.type === 'Identifier') localExport(key, value.name);
        else localExport(key, undefined, value);
      }
    } else if (right.type === 'Identifier') localExport('default', right.name);
    else localExport('default', undefined, right);
    return;
  }
  const base = target.object;
  const isExportsObject = (base.type === 'Identifier' && base.name === 'exports') || isModuleExports(base);
  const name = propertyName(target);
  if (!isExportsObject || name === undefined) return;
  if (right.type === 'Identifier') localExport(name, right.name);
  else localExport(name, undefined, right);
}

/** The module named by `require('./x')`, or undefined. */
function requireSource(init: TSESTree.Expression | null): string | undefined {
  const expression = init && unwrap(init);
  if (expression?.type !== 'CallExpression' || expression.callee.type !== 'Identifier' || expression.callee.name !== 'require') return undefined;
  const [first] = expression.arguments;
  return first?.type === 'Literal' && typeof first.value === 'string' ? first.value : undefined;
}

function moduleExportName(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === 'Identifier' ? node.name : node.value;
}

/** The node that defines a variable's value: a function or class declaration, or a declarator's initializer. */
function definitionNode(variable: Variable | undefined): Node | undefined {
  const def = variable?.defs[0];
  if (!def) return undefined;
  const node = def.node as Node;
  if (node.type === 'VariableDeclarator') return declarationValue(node);
  if (node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration') return node;
  return undefined;
}

/** A declarator's initializer without wrappers, or the declaration itself. */
function declarationValue(node: Node): Node {
  if (node.type === 'VariableDeclarator') return node.init ? unwrap(node.init) : node;
  return node;
}

/** The name a declared function or class is known by in its module. */
export function declaredName(node: Node): string | undefined {
  if ((node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration') && node.id) return node.id.name;
  const parent = node.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  return undefined;
}

/**
 * `fileRole(context)`: the role of the file a rule is looking at (service, cli, script, test,
 * browser, generated, library), decided once per file whichever rule asks first. The decision
 * itself is in `project/roles.ts`; this module gathers what each language knows from the file's
 * own content (imports, a shebang, a generated header, browser globals).
 */
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { PyModule, PyNode } from '../languages/python/ast.js';
import { decideRole, hasGeneratedHeader, upstreamCopyOf, type ContentFacts, type FileRole, type RoleInfo } from './project/roles.js';
import { scopesOf } from './python/scope.js';
import { isMainGuard } from './python/syntax.js';
import { isCliModule, isManagementCommandBase } from './python/frameworks.js';
import { isCliPackage, isUiPackage } from './ts/frameworks.js';
import { allNodes, requiredModule } from './ts/walk.js';
import type { ModuleFacts } from './project/index.js';

export type { FileRole, RoleInfo } from './project/roles.js';

interface AnyRuleContext {
  filename: string;
  cwd: string;
  settings?: unknown;
  sourceCode: { ast: unknown; text: string };
}

const cache = new WeakMap<object, RoleInfo>();

/** The role of the file being linted. */
export function fileRole(context: AnyRuleContext): RoleInfo {
  const { sourceCode } = context;
  const key = sourceCode.ast as object;
  let info = cache.get(key);
  if (!info) {
    const isPython = (sourceCode.ast as { type?: string }).type === 'module';
    info = decideRole(context, () =>
      isPython ? pythonFacts(sourceCode.ast as PyModule, sourceCode.text, context) : typescriptFacts(sourceCode as unknown as TSESLint.SourceCode, context),
    );
    cache.set(key, info);
  }
  return info;
}

const moduleRoles = new WeakMap<object, RoleInfo>();

/**
 * The role of another module of the project, parsed by the project index (its content facts
 * included), as `fileRole` would decide it with the linted file's settings.
 */
export function moduleRole(module: ModuleFacts, context: { cwd: string; settings?: unknown }): RoleInfo {
  let info = moduleRoles.get(module);
  if (!info) {
    const roleContext = { filename: module.file, cwd: context.cwd, settings: context.settings };
    info = decideRole(roleContext, () =>
      module.language === 'python'
        ? pythonFacts(module.ast, module.text, roleContext)
        : typescriptFacts({ text: module.text, ast: module.ast, scopeManager: module.scopeManager } as unknown as TSESLint.SourceCode, roleContext),
    );
    moduleRoles.set(module, info);
  }
  return info;
}

/** Whether a rule or message applies to a file of this role, given the roles it is for. */
export function appliesTo(context: AnyRuleContext, roles: readonly FileRole[]): boolean {
  return roles.includes(fileRole(context).role);
}

/**
 * Node modules no browser bundle provides (bundlers polyfill `path`, `events`, `buffer`, `url`,
 * `crypto`, so those say nothing), and the headless browsers a server drives.
 */
const NODE_ONLY_MODULES = new Set(['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'http2', 'os', 'worker_threads', 'cluster', 'dgram', 'tls', 'puppeteer', 'puppeteer-core', 'playwright', 'playwright-core']);

/** Whether a module imports or requires a module only a server can load. */
function importsNodeOnlyModule(ast: TSESTree.Program, text: string): boolean {
  const nodeOnly = (source: string) => source.startsWith('node:') || NODE_ONLY_MODULES.has(source);
  for (const statement of ast.body) {
    const source = importSource(statement);
    if (source !== undefined && nodeOnly(source)) return true;
  }
  return text.includes('require(') && requiredModules(ast).some(nodeOnly);
}

/** Browser globals whose unresolved use marks browser code. */
const BROWSER_GLOBALS = new Set(['window', 'document', 'localStorage', 'sessionStorage']);

function typescriptFacts(sourceCode: TSESLint.SourceCode, context: { filename: string }): ContentFacts {
  const facts: ContentFacts = {};
  const { text, ast } = sourceCode;
  if (hasGeneratedHeader(text)) facts.generated = true;
  facts.vendored = upstreamCopyOf(text, path.basename(context.filename));
  if (text.startsWith('#!')) facts.cli = 'shebang';
  for (const statement of ast.body) {
    // `'use client'`: a React client component.
    if (statement.type === 'ExpressionStatement' && statement.directive === 'use client') facts.browser = "'use client' directive";
    // `'use server'`: server actions of a Next.js app, whatever the file's folder or extension.
    if (statement.type === 'ExpressionStatement' && statement.directive === 'use server') facts.server = true;
    const source = importSource(statement);
    if (source === undefined) continue;
    if (!facts.browser && isUiPackage(source)) facts.browser = `imports ${source}`;
    if (!facts.cli && isCliPackage(source)) facts.cli = `imports ${source}`;
  }
  // `const { program } = require('commander')` at any depth (CommonJS CLIs require inside main()).
  if (!facts.cli && text.includes('require(')) {
    for (const source of requiredModules(ast)) {
      if (isCliPackage(source)) {
        facts.cli = `requires ${source}`;
        break;
      }
      if (!facts.browser && isUiPackage(source)) facts.browser = `requires ${source}`;
    }
  }
  // `import.meta.env.VITE_API_URL`: a constant Vite inlines into a browser bundle.
  if (!facts.browser && text.includes('import.meta')) {
    const name = viteClientEnv(ast);
    if (name) facts.browser = `reads import.meta.env.${name}`;
  }
  // `window` / `document` in a module that also imports Node's own modules is code a headless
  // browser runs for it (`page.evaluate(() => document.title)` beside `execFile`): a server module.
  if (!facts.browser && !importsNodeOnlyModule(ast, text)) {
    const globalScope = sourceCode.scopeManager?.globalScope;
    const used = globalScope?.through.find((reference) => BROWSER_GLOBALS.has(reference.identifier.name));
    if (used) facts.browser = `uses ${used.identifier.name}`;
  }
  return facts;
}

/** The module a top-level statement imports: `import x from 'm'`, `export * from 'm'`, `import x = require('m')`. */
function importSource(statement: TSESTree.ProgramStatement): string | undefined {
  if (statement.type === 'ImportDeclaration' || statement.type === 'ExportAllDeclaration') return statement.source.value;
  if (statement.type === 'ExportNamedDeclaration') return statement.source?.value;
  if (statement.type === 'TSImportEqualsDeclaration' && statement.moduleReference.type === 'TSExternalModuleReference') {
    const expression = statement.moduleReference.expression;
    return expression.type === 'Literal' && typeof expression.value === 'string' ? expression.value : undefined;
  }
  return undefined;
}

/** The first `import.meta.env.VITE_*` member read in the module (only Vite's client bundles expose those), by an iterative walk. */
function viteClientEnv(ast: TSESTree.Program): string | undefined {
  for (const node of allNodes(ast)) {
    if (node.type === 'MemberExpression') {
      const member = node;
      const env = member.object;
      if (
        !member.computed &&
        member.property.type === 'Identifier' &&
        member.property.name.startsWith('VITE_') &&
        env.type === 'MemberExpression' &&
        !env.computed &&
        env.property.type === 'Identifier' &&
        env.property.name === 'env' &&
        env.object.type === 'MetaProperty' &&
        env.object.meta.name === 'import'
      ) {
        return member.property.name;
      }
    }
  }
  return undefined;
}

/** Every `require('m')` with a literal argument, found by an iterative walk. */
function requiredModules(ast: TSESTree.Program): string[] {
  const found: string[] = [];
  for (const node of allNodes(ast)) {
    const required = requiredModule(node);
    if (required !== undefined) found.push(required);
  }
  return found;
}

function pythonFacts(ast: PyModule, text: string, context: { filename: string; cwd: string }): ContentFacts {
  const facts: ContentFacts = {};
  if (hasGeneratedHeader(text)) facts.generated = true;
  facts.vendored = upstreamCopyOf(text, path.basename(context.filename));
  const scopes = scopesOf(ast);
  const cli = scopes.importedNames().find(isCliModule);
  if (cli) facts.cli = `imports ${cli.split('.')[0]}`;
  // `#!/usr/bin/env python` and an `if __name__ == "__main__":` entry: a program run as a command
  // (a helper another process spawns, a tool run by hand). A shebang alone is not enough: some
  // services put one on every module.
  if (!facts.cli && text.startsWith('#!') && ast.children.some((statement) => statement.type === 'if_statement' && statement.fields.condition !== undefined && isMainGuard(statement.fields.condition))) facts.cli = 'shebang and __main__ entry';
  if (!facts.cli) {
    for (const statement of ast.children) {
      if (statement.type !== 'class_definition') continue;
      const bases: PyNode[] = statement.fields.superclasses?.children ?? [];
      if (bases.some((base) => isManagementCommandBase(scopes.qualifiedName(base) ?? ''))) facts.cli = 'Django management command';
    }
  }
  facts.moduleNames = dottedNames(path.resolve(context.cwd, context.filename));
  return facts;
}

/** The dotted module names a Python file may be imported as: every suffix of its path (`src/app/cli.py` → `app.cli`, `cli`). */
function dottedNames(file: string): string[] {
  const parts = file.split(path.sep).filter(Boolean);
  const last = parts.pop() ?? '';
  const stem = last.replace(/\.pyi?$/, '');
  if (stem !== '__init__') parts.push(stem);
  const names: string[] = [];
  for (let i = Math.max(0, parts.length - 6); i < parts.length; i++) names.push(parts.slice(i).join('.'));
  return names;
}

/**
 * TS/JS name resolution on ESLint's scope analysis: what an expression stands for through imports,
 * aliases and destructuring, with shadowing by parameters and locals respected.
 *
 * `qualifiedName` turns `env.PORT` after `const env = process.env` into `process.env.PORT`,
 * `log.info` after `import { logger as log } from './logger'` into `./logger.logger.info`, and
 * returns undefined when the root is a parameter or a local value (`function f(console) {}`).
 */
import { isBuiltin } from 'node:module';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;
type Node = TSESTree.Node;

/** Strip wrappers that do not change what an expression refers to: `(x)!`, `x as T`, `x?.y`. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSNonNullExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
        current = current.expression;
        break;
      case 'ChainExpression':
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** The variable a name refers to from `scope`, walking outwards. */
export function findVariable(scope: Scope | null, name: string): Variable | undefined {
  for (let current = scope; current; current = current.upper) {
    const variable = current.set.get(name);
    if (variable) return variable;
  }
  return undefined;
}

/** Whether `name` at `scope` is the global of that name: no import, parameter or local shadows it. */
export function isGlobal(scope: Scope, name: string): boolean {
  const variable = findVariable(scope, name);
  return !variable || variable.defs.length === 0;
}

/** The property name of a member access: `a.b` and `a['b']` give `b`; `a[k]` gives undefined. */
export function propertyName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (!node.computed && node.property.type === 'PrivateIdentifier') return `#${node.property.name}`;
  if (node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
  if (node.property.type === 'TemplateLiteral' && node.property.expressions.length === 0) {
    return node.property.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** `node:process` and `process` are one module. */
function normalizeModule(source: string): string {
  return source.startsWith('node:') ? source.slice('node:'.length) : source;
}

/** The qualified name an import binding stands for. */
function importedName(def: TSESLint.Scope.Definition): string | undefined {
  const specifier = def.node as TSESTree.ImportClause;
  const declaration = specifier.parent as TSESTree.ImportDeclaration;
  const source = normalizeModule(String(declaration.source.value));
  const whole = source;
  switch (specifier.type) {
    case 'ImportNamespaceSpecifier':
      return whole;
    case 'ImportDefaultSpecifier':
      // Node's built-in modules default-export their namespace: `import util from 'node:util'`.
      return isBuiltin(source) ? source : `${source}.default`;
    case 'ImportSpecifier': {
      const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value);
      return `${whole}.${imported}`;
    }
    default:
      return undefined;
  }
}

/** Whether a variable is assigned only by its declaration (so an alias of it stays an alias). */
function isNeverReassigned(variable: Variable): boolean {
  return variable.defs.length === 1 && variable.references.every((ref) => !ref.isWrite() || ref.init === true);
}

/**
 * For an identifier bound inside a destructuring pattern, the property path from the initializer:
 * `const { env: { PORT: p } } = process` gives `['env', 'PORT']` for `p`. Undefined for computed or
 * rest elements.
 */
function destructuredPath(id: TSESTree.Identifier, declarator: TSESTree.VariableDeclarator): string[] | undefined {
  const path: string[] = [];
  let current: Node = id;
  while (current !== declarator.id) {
    const parent: Node | undefined = current.parent;
    if (!parent) return undefined;
    if (parent.type === 'Property') {
      if (parent.value === current) {
        if (parent.computed && parent.key.type !== 'Literal') return undefined;
        const key = parent.key.type === 'Identifier' ? parent.key.name : parent.key.type === 'Literal' ? String(parent.key.value) : undefined;
        if (key === undefined) return undefined;
        path.unshift(key);
      }
    } else if (parent.type === 'AssignmentPattern') {
      if (parent.left !== current) return undefined;
    } else if (parent.type !== 'ObjectPattern') {
      return undefined;
    }
    current = parent;
  }
  return path;
}

/**
 * The dotted name an expression stands for, following imports and never-reassigned aliases, or
 * undefined when it is rooted in a parameter, a computed value or a reassigned variable.
 * Globals come back bare (`console.log`, `process.env.PORT`); `globalThis.` is dropped.
 */
export function qualifiedName(node: Node, scope: Scope, depth = 0): string | undefined {
  if (depth > 20) return undefined;
  const expr = unwrap(node);
  if (expr.type === 'Identifier') {
    const variable = findVariable(scope, expr.name);
    if (!variable || variable.defs.length === 0) return expr.name === 'globalThis' ? '' : expr.name;
    const def = variable.defs[0];
    if (def.type === 'ImportBinding') return importedName(def);
    if (def.type === 'Variable' && isNeverReassigned(variable)) {
      const declarator = def.node as TSESTree.VariableDeclarator;
      if (!declarator.init) return undefined;
      const init = unwrap(declarator.init);
      if (init.type !== 'Identifier' && init.type !== 'MemberExpression') return undefined;
      // Resolve the initializer where it was written, not where the alias is used.
      const base = qualifiedName(init, variable.scope, depth + 1);
      if (base === undefined) return undefined;
      if (declarator.id.type === 'Identifier') return base;
      const path = destructuredPath(def.name as TSESTree.Identifier, declarator);
      return path ? joinName(base, path.join('.')) : undefined;
    }
    return undefined;
  }
  if (expr.type === 'MemberExpression') {
    const property = propertyName(expr);
    if (property === undefined) return undefined;
    const base = qualifiedName(expr.object, scope, depth + 1);
    return base === undefined ? undefined : joinName(base, property);
  }
  if (expr.type === 'ThisExpression') return 'this';
  return undefined;
}

function joinName(base: string, rest: string): string {
  return base === '' ? rest : `${base}.${rest}`;
}

/** The last segment of a dotted name. */
export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

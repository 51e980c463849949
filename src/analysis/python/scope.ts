/**
 * Python name resolution: what a name refers to through imports, aliases and shadowing.
 *
 * Built once per file (cached by module node) and shared by every rule, as Ruff's semantic model is:
 * `qualifiedName(o.environ.get)` is `os.environ.get` after `import os as o`, and `None` when `o` is a
 * parameter. Scoping follows Python's LEGB rule: a name bound anywhere in a function is local to the
 * whole function unless declared `global`/`nonlocal`; class bodies do not enclose nested functions.
 */
import type { PyModule, PyNode } from '../../languages/python/ast.js';

export type BindingKind = 'import' | 'parameter' | 'assignment' | 'function' | 'class' | 'other';

export interface Binding {
  kind: BindingKind;
  name: string;
  /** The identifier (or import clause) that binds the name. */
  node: PyNode;
  /** `import`: the qualified name the binding stands for (`os`, `os.environ`, `logging.getLogger`). */
  qualified?: string;
  /** `assignment`: the assigned value when the target is the plain name (`env = os.environ`). */
  value?: PyNode;
}

export type ScopeKind = 'module' | 'function' | 'class' | 'lambda' | 'comprehension';

export interface Scope {
  kind: ScopeKind;
  node: PyNode;
  parent: Scope | null;
  bindings: Map<string, Binding[]>;
  globals: Set<string>;
  nonlocals: Set<string>;
}

const SCOPE_TYPES: Record<string, ScopeKind | undefined> = {
  module: 'module',
  function_definition: 'function',
  class_definition: 'class',
  lambda: 'lambda',
  list_comprehension: 'comprehension',
  set_comprehension: 'comprehension',
  dictionary_comprehension: 'comprehension',
  generator_expression: 'comprehension',
};

/** Python's builtins that rules care about: a name that resolves to no binding and is one of these. */
const BUILTINS = new Set(['print', 'open', 'input', 'range', 'len', 'dict', 'str', 'repr', 'format', 'id', 'iter', 'next']);

export class PythonScopes {
  readonly module: Scope;
  readonly #scopes = new Map<PyNode, Scope>();

  constructor(root: PyModule) {
    this.module = this.#build(root);
  }

  /** The scope a node belongs to: the nearest enclosing function, lambda, comprehension, class or module. */
  scopeOf(node: PyNode): Scope {
    for (let current = node.parent; current; current = current.parent) {
      const scope = this.#scopes.get(current);
      if (!scope) continue;
      // A function's name, decorators, defaults and annotations belong to the enclosing scope.
      if ((scope.kind === 'function' || scope.kind === 'class') && !isInsideBody(node, current)) continue;
      return scope;
    }
    return this.module;
  }

  /** The binding a name refers to at `node`, or undefined for a builtin or an unbound global. */
  lookup(name: string, at: PyNode): Binding | undefined {
    const start = this.scopeOf(at);
    let scope: Scope | null = start;
    if (start.globals.has(name)) scope = this.module;
    while (scope) {
      // A class body's names are not visible from functions nested in it.
      if (scope.kind !== 'class' || scope === start) {
        const found = scope.bindings.get(name);
        if (found?.length && !(scope.nonlocals.has(name) && scope !== this.module)) return pickBinding(found, at);
      }
      scope = scope.parent;
    }
    return undefined;
  }

  /** The binding the identifier `node` refers to. */
  resolve(node: PyNode): Binding | undefined {
    return node.type === 'identifier' && node.text ? this.lookup(node.text, node) : undefined;
  }

  /**
   * The dotted name an expression stands for, with imports and module-level aliases followed:
   * `o.getenv` → `os.getenv`, `E.get` → `os.environ.get`, `print` → `print` (unshadowed builtin).
   * Undefined when the root is a parameter, a local value, or anything that is not a name chain.
   */
  qualifiedName(node: PyNode, depth = 0): string | undefined {
    if (depth > 20) return undefined;
    if (node.type === 'identifier') {
      const name = node.text!;
      const binding = this.lookup(name, node);
      if (!binding) return name;
      if (binding.kind === 'import') return binding.qualified;
      if (binding.kind === 'assignment' && binding.value && this.isSingleBinding(binding)) {
        const value = binding.value;
        if (value.type === 'identifier' || value.type === 'attribute') return this.qualifiedName(value, depth + 1);
      }
      return undefined;
    }
    if (node.type === 'attribute') {
      const object = node.fields.object;
      const attribute = node.fields.attribute;
      if (!object || !attribute) return undefined;
      const base = this.qualifiedName(object, depth + 1);
      return base === undefined ? undefined : `${base}.${attribute.text}`;
    }
    if (node.type === 'parenthesized_expression' && node.children.length === 1) {
      return this.qualifiedName(node.children[0], depth + 1);
    }
    return undefined;
  }

  /** Whether `name` is the unshadowed builtin at `node` (a local `print = log.info` is not). */
  isBuiltin(name: string, at: PyNode): boolean {
    return BUILTINS.has(name) && this.lookup(name, at) === undefined;
  }

  /** The qualified names of every import in the file, in any scope (`click`, `typer.Typer`, `os.environ`). */
  importedNames(): string[] {
    const names: string[] = [];
    for (const scope of this.#scopes.values()) {
      for (const bindings of scope.bindings.values()) {
        for (const binding of bindings) if (binding.kind === 'import' && binding.qualified) names.push(binding.qualified);
      }
    }
    return names;
  }

  /** Whether a binding is the only one of its name in its scope (an alias that is never rebound). */
  isSingleBinding(binding: Binding): boolean {
    const scope = this.scopeOf(binding.node);
    return (scope.bindings.get(binding.name)?.length ?? 0) === 1;
  }

  #build(root: PyModule): Scope {
    const moduleScope = newScope('module', root, null);
    this.#scopes.set(root, moduleScope);
    // Iterative walk; `scopeStack[i]` is the scope of the node at `nodeStack[i]`.
    const nodeStack: PyNode[] = [root];
    const scopeStack: Scope[] = [moduleScope];
    while (nodeStack.length) {
      const node = nodeStack.pop()!;
      const scope = scopeStack.pop()!;
      const kind = SCOPE_TYPES[node.type];
      if (kind && node !== root) {
        const name = node.fields.name;
        if (name?.type === 'identifier') addBinding(scope, name, kind === 'class' ? 'class' : 'function');
        const inner = newScope(kind, node, scope);
        this.#scopes.set(node, inner);
        // Parameters bind in the new scope; the name, defaults, annotations and base classes are
        // evaluated in the enclosing one. Lambdas and comprehensions are wholly inner.
        for (const child of node.children) {
          if (child.field === 'parameters') bindParameters(inner, child);
          nodeStack.push(child);
          scopeStack.push(child.field === 'body' || kind === 'comprehension' || kind === 'lambda' ? inner : scope);
        }
        continue;
      }
      collectBindings(node, scope);
      for (let i = node.children.length - 1; i >= 0; i--) {
        nodeStack.push(node.children[i]);
        scopeStack.push(scope);
      }
    }
    sortBindings(this.#scopes.values());
    return moduleScope;
  }
}

const cache = new WeakMap<PyModule, PythonScopes>();

/** The (cached) scopes of a module: computed once per file, whichever rule asks first. */
export function scopesOf(root: PyModule): PythonScopes {
  let scopes = cache.get(root);
  if (!scopes) {
    scopes = new PythonScopes(root);
    cache.set(root, scopes);
  }
  return scopes;
}

function newScope(kind: ScopeKind, node: PyNode, parent: Scope | null): Scope {
  return { kind, node, parent, bindings: new Map(), globals: new Set(), nonlocals: new Set() };
}

function addBinding(scope: Scope, node: PyNode, kind: BindingKind, extra: Partial<Binding> = {}): void {
  const name = node.text ?? '';
  if (!name) return;
  const binding: Binding = { kind, name, node, ...extra };
  const list = scope.bindings.get(name);
  if (list) list.push(binding);
  else scope.bindings.set(name, [binding]);
}

/**
 * The binding in force at `at`: the last one before it in the file, else the first (a later def).
 * Binary search over the bindings, which `#build` sorts by position: a name rebound 20,000 times
 * must not cost 20,000 steps per lookup.
 */
function pickBinding(bindings: Binding[], at: PyNode): Binding {
  let low = 0;
  let high = bindings.length - 1;
  let chosen = 0;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (bindings[middle].node.start <= at.start) {
      chosen = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return bindings[chosen];
}

/** Sort every scope's bindings of a name by position (a stable sort: ties keep the order found). */
function sortBindings(scopes: Iterable<Scope>): void {
  for (const scope of scopes) {
    for (const list of scope.bindings.values()) {
      if (list.length > 1) list.sort((a, b) => a.node.start - b.node.start);
    }
  }
}

/** Whether `node` lies in the body (not the name, decorators or signature) of `owner`. */
function isInsideBody(node: PyNode, owner: PyNode): boolean {
  const body = owner.fields.body;
  return body !== undefined && node.start >= body.start && node.end <= body.end;
}

/** Bind every parameter name of a `parameters` / `lambda_parameters` node. */
function bindParameters(scope: Scope, parameters: PyNode): void {
  for (const param of parameters.children) {
    if (param.type === 'identifier') addBinding(scope, param, 'parameter');
    else if (param.fields.name?.type === 'identifier') addBinding(scope, param.fields.name, 'parameter');
    else {
      const id = param.children.find((child) => child.type === 'identifier');
      if (id) addBinding(scope, id, 'parameter');
    }
  }
}

/** Record the names that a statement or expression binds in `scope`. */
function collectBindings(node: PyNode, scope: Scope): void {
  switch (node.type) {
    case 'assignment':
    case 'augmented_assignment': {
      const left = node.fields.left;
      const right = node.fields.right;
      if (!left) return;
      if (left.type === 'identifier') {
        addBinding(scope, left, 'assignment', node.type === 'assignment' && right ? { value: right } : {});
      } else bindTargets(scope, left);
      return;
    }
    case 'for_statement':
    case 'for_in_clause':
      if (node.fields.left) bindTargets(scope, node.fields.left);
      return;
    case 'as_pattern': {
      const alias = node.fields.alias;
      if (alias) bindTargets(scope, alias);
      return;
    }
    case 'named_expression':
      if (node.fields.name) addBinding(scope, node.fields.name, 'assignment', { value: node.fields.value });
      return;
    case 'global_statement':
    case 'nonlocal_statement':
      for (const id of node.children) {
        if (id.type === 'identifier' && id.text) (node.type === 'global_statement' ? scope.globals : scope.nonlocals).add(id.text);
      }
      return;
    case 'import_statement':
      for (const clause of node.children) {
        if (clause.field !== 'name') continue;
        if (clause.type === 'dotted_name') {
          // `import a.b.c` binds `a` to the package `a`.
          const first = clause.children[0];
          if (first) addBinding(scope, first, 'import', { qualified: first.text });
        } else if (clause.type === 'aliased_import') {
          const alias = clause.fields.alias;
          const name = clause.fields.name;
          if (alias && name) addBinding(scope, alias, 'import', { qualified: dotted(name) });
        }
      }
      return;
    case 'import_from_statement': {
      const moduleNode = node.fields.module_name;
      const moduleName = moduleNode ? dotted(moduleNode) : '';
      for (const clause of node.children) {
        if (clause.field !== 'name') continue;
        if (clause.type === 'dotted_name') {
          const last = clause.children[clause.children.length - 1];
          if (last) addBinding(scope, last, 'import', { qualified: `${moduleName}.${dotted(clause)}` });
        } else if (clause.type === 'aliased_import') {
          const alias = clause.fields.alias;
          const name = clause.fields.name;
          if (alias && name) addBinding(scope, alias, 'import', { qualified: `${moduleName}.${dotted(name)}` });
        }
      }
      return;
    }
    default:
  }
}

/** Bind every plain name inside an assignment target (`a, (b, *c) = ...`); attributes and subscripts bind nothing. */
function bindTargets(scope: Scope, target: PyNode): void {
  const stack = [target];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'identifier') addBinding(scope, node, 'other');
    else if (node.type === 'attribute' || node.type === 'subscript') continue;
    else stack.push(...node.children);
  }
}

/** `a.b.c` for a dotted_name or relative_import node. */
export function dotted(node: PyNode): string {
  if (node.type === 'relative_import') {
    return node.children.map((child) => (child.type === 'import_prefix' ? child.text ?? '.' : dotted(child))).join('');
  }
  if (node.text !== undefined) return node.text;
  return node.children.map((child) => child.text ?? '').join('.');
}

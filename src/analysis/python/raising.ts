/**
 * Which Python calls always raise: `self.fail(msg)` whose method body ends in `raise Fail(msg)`,
 * also when the method is inherited from a base class in another module of the project, or when it
 * only hands over to another such call (`def fail_login(self, msg): return self.fail(msg)`).
 *
 * A retry loop whose exhaustion path calls one of these surfaces its last failure as surely as a
 * `raise` written in the loop. The project index resolves the names; nothing is guessed from them.
 */
import type { PyNode } from '../../languages/python/ast.js';
import type { ProjectIndex, PyModuleFacts } from '../project/index.js';
import { enclosingClass } from './syntax.js';

/** How many hand-overs (`return self.fail(msg)` → `raise ...`) and base classes are followed. */
const MAX_DEPTH = 4;

export class RaisingCalls {
  readonly #index: ProjectIndex;
  readonly #cache = new Map<PyNode, boolean>();

  constructor(index: ProjectIndex) {
    this.#index = index;
  }

  /** Whether calling `call` (a node of `module`) always ends in a raise. */
  raises(module: PyModuleFacts, call: PyNode, depth = 0): boolean {
    if (call.type !== 'call' || depth > MAX_DEPTH) return false;
    const callee = call.fields.function;
    if (!callee) return false;
    const fn = this.#functionOf(module, callee);
    if (!fn) return false;
    const cached = this.#cache.get(fn.node);
    if (cached !== undefined) return cached;
    // A recursive hand-over must not loop: assume it does not raise while it is being decided.
    this.#cache.set(fn.node, false);
    const result = this.#bodyRaises(fn.module, fn.node, depth);
    this.#cache.set(fn.node, result);
    return result;
  }

  /** A function whose last statement raises, or returns or makes a call that always raises. */
  #bodyRaises(module: PyModuleFacts, fn: PyNode, depth: number): boolean {
    const statements = fn.fields.body?.children.filter((child) => child.type !== 'comment') ?? [];
    const last = statements[statements.length - 1];
    if (!last) return false;
    if (last.type === 'raise_statement') return true;
    if (last.type === 'return_statement' || last.type === 'expression_statement') {
      const value = last.children[0];
      return value?.type === 'call' && this.raises(module, value, depth + 1);
    }
    return false;
  }

  /** The function a callee names: a module function (`fail(...)`, `errors.fail(...)`) or a method on `self`, base classes included. */
  #functionOf(module: PyModuleFacts, callee: PyNode): { module: PyModuleFacts; node: PyNode } | undefined {
    if (callee.type === 'attribute' && callee.fields.object?.type === 'identifier' && callee.fields.object.text === 'self') {
      const name = callee.fields.attribute?.text;
      const owner = enclosingClass(callee);
      return name && owner ? this.#method(module, owner, name, 0) : undefined;
    }
    const definition = this.#index.definitionOf(module, callee);
    if (definition?.module.language !== 'python' || (definition.node as PyNode).type !== 'function_definition') return undefined;
    return { module: definition.module, node: definition.node as PyNode };
  }

  /** A method of a class or of its bases (left to right, depth first, as far as the project defines them). */
  #method(module: PyModuleFacts, owner: PyNode, name: string, depth: number): { module: PyModuleFacts; node: PyNode } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    for (const statement of owner.fields.body?.children ?? []) {
      const definition = statement.type === 'decorated_definition' ? statement.fields.definition : statement;
      if (definition?.type === 'function_definition' && definition.fields.name?.text === name) return { module, node: definition };
    }
    for (const base of owner.fields.superclasses?.children ?? []) {
      if (base.type !== 'identifier' && base.type !== 'attribute') continue;
      const definition = this.#index.definitionOf(module, base);
      if (definition?.module.language !== 'python' || (definition.node as PyNode).type !== 'class_definition') continue;
      const found = this.#method(definition.module as PyModuleFacts, definition.node as PyNode, name, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
}

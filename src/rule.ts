/**
 * The shape of a runtime-ops rule: one id, one `meta`, one detector per language. `create` hands
 * the context to the detector for the file's language, so users configure one concept once.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { PyNode } from './languages/python/ast.js';
import type { PythonSourceCode } from './languages/python/source-code.js';
import { fileRole, type FileRole } from './analysis/role.js';
import { roleAt } from './analysis/reach.js';

export const PLUGIN_NAME = 'eslint-plugin-runtime-ops';
export const NAMESPACE = 'runtime-ops';
export const PYTHON_LANGUAGE = `${NAMESPACE}/python`;
export const DOCS_BASE = 'https://github.com/runtime-ops/eslint-plugin-runtime-ops/blob/main/docs/rules/';

export interface RuleDocs {
  /** `Disallow …` / `Require …`: one line, used by the README table and SARIF shortDescription. */
  description: string;
  /** Why the pattern hurts in production: SARIF fullDescription and the doc's first paragraph. */
  rationale: string;
  recommended: boolean;
  url: string;
  /** SARIF `properties.precision`. */
  precision: 'very-high' | 'high' | 'medium' | 'low';
  tags: string[];
}

export interface RuleMeta<MessageIds extends string, Options> {
  type: 'problem' | 'suggestion';
  docs: RuleDocs;
  messages: Record<MessageIds, string>;
  schema: unknown[];
  defaultOptions: [Options];
  languages: string[];
  hasSuggestions?: boolean;
  fixable?: 'code' | 'whitespace';
}

/** What a Python detector may report: ESLint's report descriptor with our node type. */
export interface PyReport<MessageIds extends string> {
  node: PyNode;
  messageId: MessageIds;
  data?: Record<string, string | number>;
  loc?: PyNode['loc'];
  /** Suggestions (the rule's meta needs `hasSuggestions: true`). */
  suggest?: PySuggestion<MessageIds>[];
}

/** One text edit, as ESLint's fixer returns it. */
export interface PyFix {
  range: [number, number];
  text: string;
}

/** The part of ESLint's rule fixer a Python suggestion uses (ranges come from `sourceCode.getRange`). */
export interface PyFixer {
  replaceText(node: PyNode, text: string): PyFix;
  replaceTextRange(range: [number, number], text: string): PyFix;
  insertTextAfter(node: PyNode, text: string): PyFix;
  insertTextBefore(node: PyNode, text: string): PyFix;
  remove(node: PyNode): PyFix;
}

export interface PySuggestion<MessageIds extends string> {
  messageId: MessageIds;
  data?: Record<string, string | number>;
  fix(fixer: PyFixer): PyFix | PyFix[] | null;
}

/** The part of ESLint's rule context a Python detector uses. */
export interface PyRuleContext<MessageIds extends string, Options> {
  sourceCode: PythonSourceCode;
  options: [Options];
  filename: string;
  cwd: string;
  settings?: Record<string, unknown>;
  report(descriptor: PyReport<MessageIds>): void;
}

export type PyVisitor = Record<string, ((node: PyNode) => void) | undefined>;
export type TsContext<MessageIds extends string, Options> = Readonly<TSESLint.RuleContext<MessageIds, [Options]>>;

export interface RuleDefinition<MessageIds extends string, Options> {
  name: string;
  meta: Omit<RuleMeta<MessageIds, Options>, 'languages' | 'docs'> & { docs: Omit<RuleDocs, 'url'> };
  /**
   * The file roles (see src/analysis/project/roles.ts) the rule checks; files of other roles are
   * not looked at. A detector may ask `fileRole(context)` for finer, per-message decisions.
   */
  roles: readonly FileRole[];
  /**
   * Message ids whose finding is about code nothing runs (an env validator nothing calls): the
   * "named nowhere" role of a function (src/analysis/reach.ts) does not drop them.
   */
  aboutUncalledCode?: readonly MessageIds[];
  typescript(context: TsContext<MessageIds, Options>): TSESLint.RuleListener;
  python(context: PyRuleContext<MessageIds, Options>): PyVisitor;
}

export interface RuntimeOpsRule<MessageIds extends string = string, Options = unknown> {
  name: string;
  meta: RuleMeta<MessageIds, Options>;
  /** The file roles the rule checks (see RuleDefinition); the command skips files of no checked role. */
  roles: readonly FileRole[];
  create(context: unknown): Record<string, unknown>;
}

/** Build a rule from its metadata and its two detectors. */
export function createRule<MessageIds extends string, Options>(
  definition: RuleDefinition<MessageIds, Options>,
): RuntimeOpsRule<MessageIds, Options> {
  const { name, meta, typescript, python, roles, aboutUncalledCode = [] } = definition;
  return {
    name,
    roles,
    meta: {
      ...meta,
      docs: { ...meta.docs, url: `${DOCS_BASE}${name}.md` },
      languages: ['js/js', PYTHON_LANGUAGE],
    },
    create(context: unknown) {
      // Duck-typed rather than `instanceof`: two copies of the plugin may be loaded in one run.
      const { sourceCode } = context as { sourceCode: { ast?: { type?: string } } };
      const role = fileRole(context as Parameters<typeof fileRole>[0]).role;
      if (!roles.includes(role)) return {};
      // In a service or a library, a finding in code that runs only from commands or tests, or
      // never, is dropped when the rule is not for that role (src/analysis/reach.ts).
      const checked = role === 'service' || role === 'library' ? reachFiltered(context, roles, aboutUncalledCode) : context;
      const visitor =
        sourceCode.ast?.type === 'module'
          ? (python(checked as PyRuleContext<MessageIds, Options>) as Record<string, unknown>)
          : (typescript(checked as TsContext<MessageIds, Options>) as Record<string, unknown>);
      return survivingStackOverflow(visitor);
    },
  };
}

/**
 * The rule context with a `report` that asks where the reported node's code runs (`roleAt`) and
 * drops the finding when the rule is not for that role. Everything else is the context itself.
 */
function reachFiltered(context: unknown, roles: readonly FileRole[], aboutUncalledCode: readonly string[]): unknown {
  const original = context as { report(descriptor: { node?: unknown; messageId?: string }): void } & Parameters<typeof roleAt>[0];
  return Object.create(original as object, {
    report: {
      value(descriptor: { node?: unknown; messageId?: string }) {
        if (descriptor.node) {
          const at = roleAt(original, descriptor.node, !roles.includes('cli') || !roles.includes('script')).role;
          const uncalledFinding = at === 'unreached' && descriptor.messageId !== undefined && aboutUncalledCode.includes(descriptor.messageId);
          if (!uncalledFinding && (at === 'unreached' || !roles.includes(at))) return;
        }
        original.report(descriptor);
      },
    },
  });
}

/**
 * A visitor whose handlers skip a node when analysing it overflows the stack, instead of throwing.
 * ESLint turns an exception in a rule into a crash of the whole run; a generated file with a
 * 10,000-term expression must cost at most the findings inside that expression. Detectors keep
 * their own walks iterative; this is the net under the helpers that are not.
 */
function survivingStackOverflow(visitor: Record<string, unknown>): Record<string, unknown> {
  const guarded: Record<string, unknown> = {};
  for (const [selector, handler] of Object.entries(visitor)) {
    if (typeof handler !== 'function') {
      guarded[selector] = handler;
      continue;
    }
    guarded[selector] = function guardedHandler(this: unknown, ...args: unknown[]) {
      try {
        return (handler as (...a: unknown[]) => unknown).apply(this, args);
      } catch (error) {
        if (error instanceof RangeError && /call stack/i.test(error.message)) return undefined;
        throw error;
      }
    };
  }
  return guarded;
}

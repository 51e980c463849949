/**
 * SourceCode for Python files: text, lines and locations from plugin-kit's base, plus what ESLint
 * asks a language for itself: the traversal, `# eslint-...` directives, inline config and `# noqa`.
 */
import {
  ConfigCommentParser,
  Directive,
  TextSourceCodeBase,
  VisitNodeStep,
} from '@eslint/plugin-kit';
import type { FileProblem, RulesConfig, DirectiveType } from '@eslint/core';
import type { PyComment, PyModule, PyNode } from './ast.js';
import { JAVASCRIPT_RULE_ANSWERS, JAVASCRIPT_RULE_PROPERTIES } from './javascript-answers.js';
import { MAX_DIRECTIVE_CHARS } from '../limits.js';

const commentParser = new ConfigCommentParser();

/** `eslint`, `eslint-disable`, `eslint-enable`, `eslint-disable-line`, `eslint-disable-next-line`. */
const INLINE_CONFIG = /^\s*eslint(?:-enable|-disable(?:(?:-next)?-line)?)?(?:\s|$)/u;

/** Only `# noqa` codes shaped like an ESLint plugin rule id (`runtime-ops/no-lazy-env-read`) act as directives. */
const ESLINT_RULE_ID = /^(?:@[\w.-]+\/)?[\w.-]+\/[\w.-]+$/u;

type InlineConfigProblem = FileProblem;

export class PythonSourceCode extends TextSourceCodeBase<{
  LangOptions: Record<string, unknown>;
  RootNode: PyModule;
  SyntaxElementWithLoc: PyNode | PyComment;
  ConfigNode: PyComment;
}> {
  override ast: PyModule;
  readonly comments: PyComment[];
  #inlineConfigComments: PyComment[] | undefined;

  constructor({ text, ast }: { text: string; ast: PyModule }) {
    super({ text, ast, lineEndingPattern: /\r\n|[\r\n]/u });
    this.ast = ast;
    this.comments = ast.comments;
  }

  override getParent(node: PyNode | PyComment): PyNode | PyComment | undefined {
    return 'parent' in node ? (node.parent ?? undefined) : undefined;
  }

  /**
   * Enter and exit steps for every node, produced lazily. ESLint consumes each step as soon as it is
   * produced (one pass, `for … of`), so one mutable step object serves the whole walk: a million-node
   * file no longer holds two million step objects at once. The walk is iterative (a 5,000-deep file
   * must not overflow the stack), with parallel stacks rather than a frame object per node.
   */
  override traverse(): Iterable<VisitNodeStep> {
    const root = this.ast;
    return {
      [Symbol.iterator]() {
        // Steps carry no `args`: ESLint then calls each visitor with the node alone.
        const step = new VisitNodeStep({ target: root, phase: 1, args: undefined as never });
        const result: IteratorResult<VisitNodeStep> = { value: step, done: false };
        const done: IteratorResult<VisitNodeStep> = { value: undefined, done: true };
        const nodes: PyNode[] = [];
        const next: number[] = [];
        let started = false;
        return {
          next(): IteratorResult<VisitNodeStep> {
            if (!started) {
              started = true;
              nodes.push(root);
              next.push(0);
              step.target = root;
              step.phase = 1;
              return result;
            }
            const top = nodes.length - 1;
            if (top < 0) return done;
            const node = nodes[top];
            const index = next[top];
            if (index < node.children.length) {
              next[top] = index + 1;
              const child = node.children[index];
              nodes.push(child);
              next.push(0);
              step.target = child;
              step.phase = 1;
            } else {
              nodes.pop();
              next.pop();
              step.target = node;
              step.phase = 2;
            }
            return result;
          },
        };
      },
    };
  }

  /** Comments that configure ESLint: `# eslint...` directives and `# noqa` naming a runtime-ops rule. */
  getInlineConfigNodes(): PyComment[] {
    this.#inlineConfigComments ??= this.comments.filter(
      (comment) =>
        comment.value.length <= MAX_DIRECTIVE_CHARS && (INLINE_CONFIG.test(comment.value) || Boolean(noqaRules(comment.value)?.length)),
    );
    return this.#inlineConfigComments;
  }

  getDisableDirectives(): { problems: InlineConfigProblem[]; directives: Directive[] } {
    const problems: InlineConfigProblem[] = [];
    const directives: Directive[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      if (INLINE_CONFIG.test(comment.value)) {
        const parsed = commentParser.parseDirective(comment.value);
        if (!parsed) continue;
        const { label, value, justification } = parsed;
        switch (label) {
          case 'eslint-disable':
          case 'eslint-enable':
          case 'eslint-disable-next-line':
          case 'eslint-disable-line':
            directives.push(
              new Directive({
                type: label.slice('eslint-'.length) as DirectiveType,
                node: comment,
                value,
                justification,
              }),
            );
        }
        continue;
      }
      // `x = f()  # noqa: runtime-ops/no-lazy-env-read` disables that rule on this line, like
      // `# eslint-disable-line`. The text after the codes, if any, is kept as the justification.
      const rules = noqaRules(comment.value);
      if (rules && rules.length) {
        directives.push(
          new Directive({ type: 'disable-line', node: comment, value: rules.join(', '), justification: '' }),
        );
      }
    }
    return { problems, directives };
  }

  applyInlineConfig(): {
    configs: { config: { rules: RulesConfig }; loc: PyComment['loc'] }[];
    problems: InlineConfigProblem[];
  } {
    const configs: { config: { rules: RulesConfig }; loc: PyComment['loc'] }[] = [];
    const problems: InlineConfigProblem[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      if (!INLINE_CONFIG.test(comment.value)) continue;
      const parsed = commentParser.parseDirective(comment.value);
      if (parsed?.label !== 'eslint') continue;
      const result = commentParser.parseJSONLikeConfig(parsed.value);
      if (result.ok) configs.push({ config: { rules: result.config }, loc: comment.loc });
      else problems.push({ ruleId: null, message: result.error.message, loc: comment.loc } as InlineConfigProblem);
    }
    return { configs, problems };
  }
}

/**
 * The ESLint rule ids (`runtime-ops/...`) a `# noqa` comment names, `[]` for a bare `# noqa`, or null when the
 * comment is no noqa at all or names only other tools' codes (`# noqa: E501`).
 *
 * A bare `# noqa` is Ruff's and flake8's "silence every code on this line". We deliberately do not
 * let it silence runtime-ops: those comments are already scattered through Python code for other
 * tools' sake, and honouring them would hide findings the author never saw. Name the rule instead.
 */
export function noqaRules(commentValue: string): string[] | null {
  const codes = noqaCodes(commentValue);
  if (codes === null) return null;
  if (!codes) return [];
  const ours = codes
    .split(/[\s,]+/)
    .filter((code) => code.length <= 256 && ESLINT_RULE_ID.test(code));
  return ours.length ? ours : null;
}

// JavaScript rules that a config without `files` applies to Python files get empty answers
// (see javascript-answers.ts). On the prototype, so Python rules never see these names as data.
Object.assign(PythonSourceCode.prototype, JAVASCRIPT_RULE_ANSWERS);
Object.defineProperties(PythonSourceCode.prototype, JAVASCRIPT_RULE_PROPERTIES);
/** `\s` as regular expressions read it (Unicode white space and line terminators), for one character. */
const WHITE_SPACE = /^\s$/u;

function isSpace(text: string, i: number): boolean {
  return i < text.length && WHITE_SPACE.test(text[i]);
}

/**
 * The codes of the first `noqa` in a comment as Ruff reads it (case-insensitive, anywhere, after
 * the start, white space or `#`): `''` for a bare `noqa` (or `noqa:` with no codes), the text after
 * `noqa:` up to the next `#` otherwise, and null when there is none. A left-to-right scan: the regular
 * expression it replaces (`noqa(?::\s*([^\s,#][^#]*?)?)?\s*(?:#|$)`) backtracked quadratically.
 */
function noqaCodes(comment: string): string | null {
  const occurrences = /noqa/giu; // a literal: one pass
  for (let found = occurrences.exec(comment); found; found = occurrences.exec(comment)) {
    const at = found.index;
    if (at > 0 && comment[at - 1] !== '#' && !isSpace(comment, at - 1)) continue;
    let i = at + 4;
    if (comment[i] === ':') {
      i++;
      while (isSpace(comment, i)) i++;
      if (i >= comment.length || comment[i] === '#') return '';
      if (comment[i] === ',') continue;
      const hash = comment.indexOf('#', i);
      let end = hash < 0 ? comment.length : hash;
      while (end > i && isSpace(comment, end - 1)) end--;
      return comment.slice(i, end);
    }
    while (isSpace(comment, i)) i++;
    if (i >= comment.length || comment[i] === '#') return '';
  }
  return null;
}

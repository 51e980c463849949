/**
 * What a Python file answers when a JavaScript rule asks.
 *
 * ESLint applies a config object without `files` to every linted file, Python included, and most
 * shared configs have such objects (`@eslint/js` recommended, eslint-plugin-unicorn and
 * eslint-plugin-n recommended, typescript-eslint's rule sets). The recommended config turns the
 * rules it can name off for Python files (see src/configs/foreign-rules.ts); for any other
 * plugin's rule, this is the second line of defence. A JavaScript rule then runs on a Python file
 * and must neither crash nor report:
 *
 * - its visitors name ESTree node types (`Program`, `CallExpression`); Python nodes have
 *   tree-sitter's snake_case types (`module`, `call`), so no visitor is ever called;
 * - code path events (`onCodePathStart`) come only from the JavaScript language;
 * - what a rule calls in `create()` itself (`no-irregular-whitespace` calls
 *   `sourceCode.getAllComments()`, others ask for tokens or the scope) gets an empty answer here:
 *   no comments, no tokens, an empty global scope. A Python comment is never handed to a
 *   JavaScript rule as a JavaScript comment: `capitalized-comments` and friends would report it.
 */

import { pythonNodeTypes } from './ast.js';

/** An empty global scope, shaped like eslint-scope's, for rules that ask for one in `create()`. */
function emptyScope(block: unknown): object {
  const scope: Record<string, unknown> = {
    type: 'global',
    block,
    upper: null,
    childScopes: [],
    variables: [],
    references: [],
    through: [],
    set: new Map(),
    isStrict: false,
    functionExpressionScope: false,
    implicit: { variables: [], set: new Map(), left: [] },
  };
  scope.variableScope = scope;
  return scope;
}

const none = (): null => null;
const empty = (): never[] => [];
const no = (): false => false;

/** The methods of ESLint's JavaScript `SourceCode` that rules call, with empty answers. */
export const JAVASCRIPT_RULE_ANSWERS = {
  getAllComments: empty,
  getCommentsBefore: empty,
  getCommentsAfter: empty,
  getCommentsInside: empty,
  commentsExistBetween: no,
  getJSDocComment: none,
  getTokens: empty,
  getFirstToken: none,
  getFirstTokens: empty,
  getLastToken: none,
  getLastTokens: empty,
  getTokenBefore: none,
  getTokensBefore: empty,
  getTokenAfter: none,
  getTokensAfter: empty,
  getFirstTokenBetween: none,
  getFirstTokensBetween: empty,
  getLastTokenBetween: none,
  getLastTokensBetween: empty,
  getTokensBetween: empty,
  getTokenByRangeStart: none,
  getNodeByRangeIndex: none,
  isSpaceBetween: no,
  isSpaceBetweenTokens: no,
  getDeclaredVariables: empty,
  markVariableAsUsed: no,
  getScope(this: { ast: unknown }, node?: unknown): object {
    return emptyScope(node ?? this.ast);
  },
};

let visitorKeys: Record<string, string[]> | undefined;
let scopeManager: object | undefined;

/** Properties JavaScript rules read from `sourceCode`. */
export const JAVASCRIPT_RULE_PROPERTIES: PropertyDescriptorMap = {
  tokensAndComments: { value: [] },
  /** typescript-eslint's `getParserServices` then says "requires type information", never a TypeError. */
  parserServices: { value: {} },
  /** The Python tree's own keys: `unicorn/template-indent` walks the whole tree in `create()`. */
  visitorKeys: {
    get: () => (visitorKeys ??= Object.fromEntries(pythonNodeTypes().map((type) => [type, ['children']]))),
  },
  /** `n/no-unsupported-features/*` read `scopeManager.globalScope` in `create()`. */
  scopeManager: {
    get: () => {
      const globalScope = emptyScope(null);
      return (scopeManager ??= { globalScope, scopes: [globalScope], acquire: none, getDeclaredVariables: empty });
    },
  },
};

/**
 * `@typescript-eslint/parser`, loaded on first use. The recommended config names it for TS/JS
 * files; loading it pulls in TypeScript itself (about 9 MB of JavaScript), which a Python-only run
 * never needs. Delegates every call to the real parser, within the size limits of limits.ts: a file
 * over `MAX_SOURCE_CHARS` is a parsing error that says why, and huge directive comments are dropped
 * from the comment list before ESLint reads directives from it.
 */
import { createRequire } from 'node:module';
import type { parseForESLint as ParseForESLint } from '@typescript-eslint/parser';
import { MAX_DIRECTIVE_CHARS, MAX_SOURCE_CHARS, TOO_LARGE_MESSAGE } from './limits.js';

type RealParser = { parseForESLint: typeof ParseForESLint; meta: { name: string; version: string } };

const require = createRequire(import.meta.url);
const { version } = require('@typescript-eslint/parser/package.json') as { version: string };
let real: RealParser | undefined;

function load(): RealParser {
  return (real ??= require('@typescript-eslint/parser') as RealParser);
}

/** The start of an ESLint directive comment (`eslint`, `eslint-disable…`, `global`, `globals`, `exported`). */
const DIRECTIVE_START = /^\s*(?:eslint|globals?|exported)(?:[\s-]|$)/u;

/** ESLint reports a thrown error with `lineNumber` and `column` as `Parsing error: <message>` at that place. */
class FileTooLargeError extends Error {
  readonly lineNumber = 1;
  readonly column = 1;
  readonly index = 0;
}

export const typescriptParser = {
  // Same identity as the real parser, so ESLint's cache keys and config comparisons agree.
  meta: { name: 'typescript-eslint/parser', version },
  parseForESLint(code: string, options?: Parameters<typeof ParseForESLint>[1]): ReturnType<typeof ParseForESLint> {
    if (code.length > MAX_SOURCE_CHARS) throw new FileTooLargeError(TOO_LARGE_MESSAGE);
    const result = load().parseForESLint(code, options);
    const comments = result.ast.comments;
    if (comments?.some((comment) => comment.value.length > MAX_DIRECTIVE_CHARS)) {
      result.ast.comments = comments.filter((comment) => comment.value.length <= MAX_DIRECTIVE_CHARS || !DIRECTIVE_START.test(comment.value));
    }
    return result;
  },
};

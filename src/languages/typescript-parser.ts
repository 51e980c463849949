/**
 * `@typescript-eslint/parser`, loaded on first use. The recommended config names it for TS/JS
 * files; loading it pulls in TypeScript itself (about 9 MB of JavaScript), which a Python-only run
 * never needs. Delegates every call to the real parser.
 */
import { createRequire } from 'node:module';
import type { parseForESLint as ParseForESLint } from '@typescript-eslint/parser';

type RealParser = { parseForESLint: typeof ParseForESLint; meta: { name: string; version: string } };

const require = createRequire(import.meta.url);
const { version } = require('@typescript-eslint/parser/package.json') as { version: string };
let real: RealParser | undefined;

function load(): RealParser {
  return (real ??= require('@typescript-eslint/parser') as RealParser);
}

export const typescriptParser = {
  // Same identity as the real parser, so ESLint's cache keys and config comparisons agree.
  meta: { name: 'typescript-eslint/parser', version },
  parseForESLint(code: string, options?: Parameters<typeof ParseForESLint>[1]): ReturnType<typeof ParseForESLint> {
    return load().parseForESLint(code, options);
  },
};

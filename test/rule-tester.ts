/**
 * RuleTester set-ups for both languages. Python code in tables is written with `dedent` so that
 * indentation is real; inside test code, directives name the rule `rule-to-test/<name>`.
 */
import { RuleTester } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { afterAll, describe, it } from 'vitest';
import plugin from '../src/index.js';

// RuleTester finds the test framework's hooks on globals.
Object.assign(RuleTester, { afterAll, describe, it, itOnly: it.only });

/**
 * Table code is service code: this repository's package.json describes a published library, so
 * without the setting every case would get the library role. Cases about roles set their own.
 */
export const SERVICE_SETTINGS = { 'runtime-ops': { projectKind: 'service' } };

export const tsTester = new RuleTester({
  languageOptions: { parser: tsParser, sourceType: 'module', ecmaVersion: 'latest' },
  settings: SERVICE_SETTINGS,
});

export const pyTester = new RuleTester({
  plugins: { 'runtime-ops': plugin as never },
  language: 'runtime-ops/python',
  settings: SERVICE_SETTINGS,
});

export { plugin };

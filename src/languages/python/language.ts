/**
 * The Python language for ESLint (`languages.python`): parse with tree-sitter, hand rules plain nodes.
 */
import type { File, OkParseResult, NotOkParseResult } from '@eslint/core';
import { parsePythonFile, pythonNodeTypes, type PyModule } from './ast.js';
import { PythonSourceCode } from './source-code.js';
import { MAX_SOURCE_CHARS, TOO_LARGE_MESSAGE } from '../limits.js';

/** Files above this size are not parsed: generated blobs, vendored bundles, data misnamed .py (see limits.ts). */
export const MAX_PYTHON_FILE_CHARS = MAX_SOURCE_CHARS;

/** ESLint's JavaScript language options (`languageOptions` of the `js/js` language). */
export const JAVASCRIPT_LANGUAGE_OPTIONS: ReadonlySet<string> = new Set(['ecmaVersion', 'sourceType', 'globals', 'parser', 'parserOptions']);

export class PythonLanguage {
  readonly fileType = 'text' as const;
  readonly lineStart = 1 as const;
  /** Columns are 0-based in the tree, as in ESTree: ESLint adds 1 when it reports. */
  readonly columnStart = 0 as const;
  readonly nodeTypeKey = 'type';
  readonly defaultLanguageOptions = {};
  /** Every node keeps its named children (and fielded operator tokens) in `children`. */
  readonly visitorKeys: Record<string, string[]> = Object.fromEntries(
    pythonNodeTypes().map((type) => [type, ['children']]),
  );

  /**
   * A config object without `files` applies to Python files too: typescript-eslint's base config
   * sets `parser` and `sourceType`, eslint-plugin-n and unicorn set `globals`, type-checked setups
   * set `parserOptions.projectService`. Those JavaScript options mean nothing for Python and are
   * ignored (see normalizeLanguageOptions); any other option is a mistake and is reported.
   */
  validateLanguageOptions(options: Record<string, unknown>): void {
    const unknown = Object.keys(options ?? {}).filter((key) => !JAVASCRIPT_LANGUAGE_OPTIONS.has(key));
    if (unknown.length) throw new Error(`Unknown language options for runtime-ops/python: ${unknown.join(', ')}.`);
  }

  /** Drops the JavaScript options, so rules and `--print-config` see only Python's (none today). */
  normalizeLanguageOptions(options: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(options ?? {}).filter(([key]) => !JAVASCRIPT_LANGUAGE_OPTIONS.has(key)));
  }

  parse(file: File): OkParseResult<PyModule> | NotOkParseResult {
    // ESLint has already removed a BOM from the body.
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    if (text.length > MAX_PYTHON_FILE_CHARS) {
      return {
        ok: false,
        errors: [{ message: TOO_LARGE_MESSAGE, line: 1, column: 1 }],
      };
    }
    if (text.includes('\0')) {
      const at = text.indexOf('\0');
      const before = text.slice(0, at);
      const line = before.split(/\r\n|[\r\n]/).length;
      const column = at - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
      return { ok: false, errors: [{ message: 'NUL byte: binary file, not Python source', line, column }] };
    }
    // tree-sitter-python reads a lone CR (old Mac line endings) as no line break at all, so a valid
    // file was a parsing error: CRs become LFs of the same length, and every offset stays the same.
    return parsePythonFile(file.path, text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text, 'lint');
  }

  createSourceCode(file: File, parseResult: OkParseResult<PyModule>): PythonSourceCode {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    return new PythonSourceCode({ text, ast: parseResult.ast });
  }
}

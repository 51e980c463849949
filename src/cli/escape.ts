/**
 * Text from the linted files (file names, string literals in messages, parser snippets) printed in a
 * human format must not act on the reader: a file named `"a\n::error::x.py"` would start a GitHub
 * workflow command line, and an escape character (`\x1b[2J`) drives the terminal. Line breaks, tabs
 * and every other C0 or C1 control character (and DEL) are printed as visible escapes instead.
 */

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** `a\nb` → `a\\nb`, `\x1b[2J` → `\\x1b[2J`; text without control characters is returned as it is. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (ch) => NAMED[ch] ?? `\\${ch.charCodeAt(0) > 0xff ? 'u' : 'x'}${ch.charCodeAt(0).toString(16).padStart(ch.charCodeAt(0) > 0xff ? 4 : 2, '0')}`);
}

/** Lint results with every file path and message escaped, for a human format (stylish). */
export function escapeResults<T extends { filePath: string; messages: { message: string }[] }>(results: T[]): T[] {
  return results.map((result) => ({
    ...result,
    filePath: escapeControl(result.filePath),
    messages: result.messages.map((message) => ({ ...message, message: escapeControl(message.message) })),
  }));
}

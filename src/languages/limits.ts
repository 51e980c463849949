/**
 * Size limits shared by both languages. The linted code may come from a pull request: past these
 * sizes the parsers' and ESLint's own costs grow faster than the file (typescript-estree on a 19 MB
 * module ran for over ten minutes; a 19 MB Python file took 2.4 GB of memory, per worker), and no
 * hand-written source file is that large. A file over the limit gets one notice of its own (a
 * parsing error that says why) and the run goes on.
 */

/** Files longer than this (in UTF-16 code units, about 5 MB of ASCII) are not parsed. */
export const MAX_SOURCE_CHARS = 5 * 1024 * 1024;

/** The per-file notice for a file over `MAX_SOURCE_CHARS`. */
export const TOO_LARGE_MESSAGE = `File is larger than ${MAX_SOURCE_CHARS / 1024 / 1024} MB; not parsed (generated or bundled code is not linted)`;

/**
 * Comments longer than this are never read as directives (`eslint`, `eslint-disable`, `global`):
 * ESLint's option parser is superlinear on huge values, and no real directive is this long.
 */
export const MAX_DIRECTIVE_CHARS = 4096;

/**
 * Suppressions written for the peer rules of a runtime-ops concept: a project that already
 * silenced ESLint's `no-console` or Ruff's `T201` on a line decided that this output is meant, and
 * a second finding for the same line is noise.
 *
 * - bare output: `// eslint-disable-next-line no-console`, `// eslint-disable-line no-console`,
 *   `/* eslint-disable no-console *\/` … `/* eslint-enable no-console *\/`; Python `# noqa: T201`
 *   (print), `T203` (pprint), `T20`, and a file-level `# ruff: noqa: T201`.
 * - interpolated log messages: Python `# noqa: G001`…`G004` (flake8-logging-format, Ruff's G),
 *   `G`, and pylint's `# pylint: disable=logging-fstring-interpolation` (and the `%`/`.format` and
 *   not-lazy twins, W1201-W1203) on the line, or on a line of its own at the top level (then for the
 *   rest of the file, as pylint applies it to the rest of the module block).
 *
 * Comments are read with plain string operations on at most 500 characters each: no pattern runs
 * over unbounded text from the linted file.
 */

export type PeerConcept = 'bareOutput' | 'interpolatedMessage';

/**
 * Whether a project's Ruff configuration ignores a peer rule everywhere: a selector is a prefix of
 * the codes it covers (`G` covers `G004`, `T20` covers `T201`), and `ALL` covers every code. A
 * project that selects Ruff's logging rules and ignores `G004` writes f-string log messages on
 * purpose: runtime-ops does not report that shape there either.
 */
export function projectIgnoresPeerCode(ignores: ReadonlySet<string>, code: string): boolean {
  for (const selector of ignores) if (selector === 'ALL' || code.startsWith(selector)) return true;
  return false;
}

/** The Ruff code of each interpolation shape of a log message (flake8-logging-format's G00x). */
export const RUFF_INTERPOLATION_CODES: Record<string, string> = {
  'str.format()': 'G001',
  '%-formatting': 'G002',
  'string concatenation': 'G003',
  'an f-string': 'G004',
};

const PYTHON_CODES: Record<PeerConcept, string[]> = {
  bareOutput: ['T201', 'T203', 'T20', 'T2'],
  interpolatedMessage: ['G001', 'G002', 'G003', 'G004', 'G00', 'G0', 'G'],
};
const PYLINT_NAMES: Record<PeerConcept, string[]> = {
  bareOutput: [],
  interpolatedMessage: ['logging-fstring-interpolation', 'logging-format-interpolation', 'logging-not-lazy', 'W1201', 'W1202', 'W1203'],
};
const ESLINT_RULES: Record<PeerConcept, string[]> = {
  bareOutput: ['no-console'],
  interpolatedMessage: [],
};

const MAX_COMMENT = 500;

interface Comment {
  /** The text without the comment markers. */
  value: string;
  /** 1-based line of the comment's start and end. */
  line: number;
  endLine: number;
  /** Whether nothing but white space precedes the comment on its line. */
  ownLine: boolean;
  /** Column of the comment's start (0-based). */
  column: number;
}

/** Lines (1-based) on which a concept is suppressed, and from which line on it is for the rest of the file. */
export interface PeerSuppressions {
  lines: Set<number>;
  /** Ranges [from, to] of lines (inclusive); `to` is Infinity for "the rest of the file". */
  regions: [number, number][];
}

function empty(): PeerSuppressions {
  return { lines: new Set(), regions: [] };
}

/** Whether `line` (1-based) is suppressed. */
export function isSuppressedLine(suppressions: PeerSuppressions, line: number, endLine = line): boolean {
  if (suppressions.lines.has(line) || suppressions.lines.has(endLine)) return true;
  return suppressions.regions.some(([from, to]) => line >= from && line <= to);
}

/** The codes of a comma/space separated list, upper-cased, up to a `#` or ` -- `. */
function codeList(text: string): string[] {
  const end = [text.indexOf('#'), text.indexOf(' -- ')].filter((index) => index >= 0);
  const list = end.length ? text.slice(0, Math.min(...end)) : text;
  return list
    .split(/[\s,]+/)
    .map((code) => code.trim())
    .filter(Boolean);
}

/** ESLint directive comments (TS/JS) naming one of `rules`. */
export function eslintPeerSuppressions(comments: readonly Comment[], concept: PeerConcept): PeerSuppressions {
  const rules = ESLINT_RULES[concept];
  const result = empty();
  if (!rules.length) return result;
  const open = new Map<string, number>();
  for (const comment of comments) {
    const value = comment.value.slice(0, MAX_COMMENT).trim();
    const space = value.search(/\s/);
    const keyword = space < 0 ? value : value.slice(0, space);
    const named = space < 0 ? [] : codeList(value.slice(space + 1));
    if (!named.some((rule) => rules.includes(rule))) continue;
    if (keyword === 'eslint-disable-next-line') result.lines.add(comment.endLine + 1);
    else if (keyword === 'eslint-disable-line') result.lines.add(comment.line);
    else if (keyword === 'eslint-disable') open.set('region', open.get('region') ?? comment.line);
    else if (keyword === 'eslint-enable' && open.has('region')) {
      result.regions.push([open.get('region')!, comment.line]);
      open.delete('region');
    }
  }
  if (open.has('region')) result.regions.push([open.get('region')!, Infinity]);
  return result;
}

/** `# noqa: T201`, `# ruff: noqa: T201` and `# pylint: disable=...` comments (Python) for a concept. */
export function pythonPeerSuppressions(comments: readonly Comment[], concept: PeerConcept): PeerSuppressions {
  const codes = PYTHON_CODES[concept];
  const pylint = PYLINT_NAMES[concept];
  const result = empty();
  for (const comment of comments) {
    const value = comment.value.slice(0, MAX_COMMENT);
    const lower = value.toLowerCase();
    const noqa = lower.indexOf('noqa');
    if (noqa >= 0) {
      const after = value.slice(noqa + 4).trimStart();
      if (after.startsWith(':')) {
        const named = codeList(after.slice(1)).map((code) => code.toUpperCase());
        if (named.some((code) => codes.includes(code))) {
          // `# ruff: noqa: T201` on a line of its own silences the code in the whole file.
          const fileLevel = lower.slice(0, noqa).trim().replace(/^#/, '').trim() === 'ruff:';
          if (fileLevel) result.regions.push([1, Infinity]);
          else result.lines.add(comment.line);
        }
      }
    }
    const disable = lower.indexOf('pylint:');
    if (disable >= 0 && pylint.length) {
      const rest = lower.slice(disable + 'pylint:'.length).trimStart();
      if (rest.startsWith('disable=') || rest.startsWith('disable =')) {
        const named = codeList(rest.slice(rest.indexOf('=') + 1)).map((name) => name.replace(/,$/, ''));
        if (named.some((name) => pylint.includes(name) || pylint.includes(name.toUpperCase()))) {
          if (comment.ownLine && comment.column === 0) result.regions.push([comment.line, Infinity]);
          else result.lines.add(comment.line);
        }
      }
    }
  }
  return result;
}

/** The comment shape both languages' comments are turned into. */
export function toPeerComment(
  value: string,
  loc: { start: { line: number; column: number }; end: { line: number } },
  lineText: string | undefined,
): Comment {
  const before = lineText === undefined ? '' : lineText.slice(0, loc.start.column);
  return { value, line: loc.start.line, endLine: loc.end.line, column: loc.start.column, ownLine: before.trim() === '' };
}

/**
 * Shapes of names and short texts, checked by hand-written scanners that run in linear time.
 *
 * Rules run on code from pull requests and in every editor, so a name, comment or string literal can
 * be as long and as repetitive as an attacker likes. A regular expression with overlapping
 * quantifiers (`_*(?:[a-z0-9_]*_)?log`, `[-#0 +]*\d*`) backtracks quadratically on such text: a
 * 160 KB comment took minutes. Each check here is one left-to-right pass, and the ones that only make
 * sense for identifiers give up on names longer than `MAX_NAME_CHARS`.
 */

/** Longer identifiers are generated or hostile: no naming convention is read into them. */
export const MAX_NAME_CHARS = 256;

const enum CharKind {
  Lower,
  Upper,
  Digit,
  Separator,
  Other,
}

function kindOf(code: number): CharKind {
  if (code >= 97 && code <= 122) return CharKind.Lower;
  if (code >= 65 && code <= 90) return CharKind.Upper;
  if (code >= 48 && code <= 57) return CharKind.Digit;
  if (code === 95 /* _ */ || code === 36 /* $ */) return CharKind.Separator;
  return CharKind.Other;
}

/**
 * The lower-case words of a name in any naming style: `loadAppConfig`, `load_app_config`,
 * `_LoadAppConfig`, `LOAD_APP_CONFIG` → `load app config`; `HTTPServer` → `http server`.
 * A word starts at `_`/`$`, at an upper-case letter after a lower-case letter or digit, and at the
 * last capital of a run of capitals followed by a lower-case letter.
 */
export function nameWords(name: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const kind = kindOf(name.charCodeAt(i));
    if (kind === CharKind.Separator) {
      if (current) out.push(current.toLowerCase());
      current = '';
      continue;
    }
    if (kind === CharKind.Upper && current) {
      const previous = kindOf(name.charCodeAt(i - 1));
      const nextIsLower = i + 1 < name.length && kindOf(name.charCodeAt(i + 1)) === CharKind.Lower;
      if (previous === CharKind.Lower || previous === CharKind.Digit || (previous === CharKind.Upper && nextIsLower)) {
        out.push(current.toLowerCase());
        current = '';
      }
    }
    current += name[i];
  }
  if (current) out.push(current.toLowerCase());
  return out;
}

/**
 * A word glob: the words of `pattern`, where `*` stands for any number of whole words
 * (`load*Config` matches `load config`, `load app config`, `load database pool config`).
 * Segments are matched greedily, leftmost first, which is exact for globs whose only wildcard is `*`,
 * in time proportional to the two word counts multiplied, never exponential.
 */
export interface WordGlob {
  /** Words between the stars: `load*Config` → `[['load'], ['config']]`. */
  segments: string[][];
}

/** Compile a glob; names and patterns are limited to `MAX_NAME_CHARS` (longer patterns match nothing). */
export function compileWordGlob(pattern: string): WordGlob | undefined {
  if (pattern.length > MAX_NAME_CHARS) return undefined;
  return { segments: pattern.split('*').map(nameWords) };
}

/** Whether the words of a name match a compiled glob. */
export function matchesWordGlob(glob: WordGlob, words: readonly string[]): boolean {
  const { segments } = glob;
  const first = segments[0];
  if (segments.length === 1) return sameWords(words, 0, first) && words.length === first.length;
  const last = segments[segments.length - 1];
  if (first.length + last.length > words.length) return false;
  if (!sameWords(words, 0, first) || !sameWords(words, words.length - last.length, last)) return false;
  let at = first.length;
  const end = words.length - last.length;
  for (let s = 1; s < segments.length - 1; s++) {
    const segment = segments[s];
    if (!segment.length) continue;
    let found = -1;
    for (let i = at; i + segment.length <= end; i++) {
      if (sameWords(words, i, segment)) {
        found = i;
        break;
      }
    }
    if (found < 0) return false;
    at = found + segment.length;
  }
  return true;
}

function sameWords(words: readonly string[], from: number, segment: readonly string[]): boolean {
  if (from < 0 || from + segment.length > words.length) return false;
  for (let i = 0; i < segment.length; i++) if (words[from + i] !== segment[i]) return false;
  return true;
}

/** Index where the trailing run of ASCII letters of `text` starts. */
function trailingLettersStart(text: string): number {
  let i = text.length;
  while (i > 0) {
    const kind = kindOf(text.charCodeAt(i - 1));
    if (kind !== CharKind.Lower && kind !== CharKind.Upper) break;
    i--;
  }
  return i;
}

/**
 * A Python exception name that says the attempt timed out: `Timeout` in its last run of letters
 * (`requests.exceptions.ConnectTimeout`, `JobTimeoutException`). Once `/Timeout[A-Za-z]*$/`.
 */
export function isPythonTimeoutErrorName(name: string): boolean {
  if (name.length > MAX_NAME_CHARS * 4) return false;
  return name.slice(trailingLettersStart(name)).includes('Timeout');
}

/**
 * A TypeScript error class that says the attempt timed out or was aborted: its last dotted segment is
 * letters only and contains `Timeout`, or is `AbortError`. Once
 * `/(?:^|\.)(?:[A-Za-z]*Timeout[A-Za-z]*|AbortError)$/`.
 */
export function isTypeScriptTimeoutErrorName(name: string): boolean {
  if (name.length > MAX_NAME_CHARS * 4) return false;
  const segment = name.slice(name.lastIndexOf('.') + 1);
  if (trailingLettersStart(segment) !== 0) return false;
  return segment === 'AbortError' || segment.includes('Timeout');
}

const PERCENT_FLAGS = new Set(['-', '#', '0', ' ', '+']);
const PERCENT_CONVERSIONS = new Set(['s', 'd', 'i', 'f', 'r', 'x', 'X', 'e', 'E', 'g', 'G', 'c']);

function isDigit(text: string, i: number): boolean {
  return i < text.length && kindOf(text.charCodeAt(i)) === CharKind.Digit;
}

/**
 * Whether a string holds a `%` placeholder (`%s`, `%-10d`, `%.2f`, `%05x`): flags, width, precision
 * and a conversion. Once `/%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]/`; the flags and the width both take
 * `0`, but taking all flags first and then all digits reaches the same end, so one pass decides.
 */
export function hasPercentPlaceholder(text: string): boolean {
  for (let at = text.indexOf('%'); at >= 0; at = text.indexOf('%', at + 1)) {
    let i = at + 1;
    while (i < text.length && PERCENT_FLAGS.has(text[i])) i++;
    while (isDigit(text, i)) i++;
    if (text[i] === '.' && isDigit(text, i + 1)) {
      i++;
      while (isDigit(text, i)) i++;
    }
    if (i < text.length && PERCENT_CONVERSIONS.has(text[i])) return true;
  }
  return false;
}

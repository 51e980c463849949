/**
 * Two gaps of the tree-sitter-python grammar we ship (0.25), worked around without forking it.
 *
 * 1. PEP 696 (Python 3.13) lets a type parameter have a default: `class Box[T = int]:`,
 * `def f[T = str](x: T) -> T:`, `type Pair[K, V = K] = ...`. The tree-sitter-python grammar we ship
 * (0.25) does not know the `= default` part and turns the whole statement into an ERROR, so the file
 * would be a parse error for every rule.
 *
 * No rule looks at type parameter defaults, so when a parse fails we blank each default out (the
 * characters from `=` to the end of the default become spaces, newlines are kept) and parse again:
 * offsets, lines and columns of everything else stay exactly where they were, and node texts are
 * still sliced from the original source. If the second parse fails too, the first error is reported.
 *
 * The scan is linear: every candidate list starts at the beginning of a line, is read at most
 * MAX_LIST characters, and a line is looked at once.
 *
 * 2. A format spec that starts with `=` (`f"{title:=^40}"`, `f"{x:=10}"`): the grammar reads `:=` as
 * a walrus, which Python does not allow unparenthesized in a replacement field. The tree then has a
 * `named_expression` as an interpolation's expression (and an ERROR when the spec is not an
 * expression). Those `=` become a space and the file is parsed again: the spec is read as a spec.
 */

/** Longest type parameter list (from `[` to `]`) this looks into. */
const MAX_LIST = 2000;

const SPACE = 0x20;
const TAB = 0x09;

function isIdentStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code > 0x7f;
}

function isIdentPart(code: number): boolean {
  return isIdentStart(code) || (code >= 0x30 && code <= 0x39);
}

function skipBlanks(text: string, i: number, end: number): number {
  while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
  return i;
}

/** `keyword` followed by at least one blank at `i`: the offset after the blanks, or -1. */
function keywordAt(text: string, i: number, end: number, keyword: string): number {
  if (!text.startsWith(keyword, i)) return -1;
  const after = i + keyword.length;
  if (after >= end) return -1;
  const code = text.charCodeAt(after);
  if (code !== SPACE && code !== TAB) return -1;
  return skipBlanks(text, after, end);
}

/**
 * Offset of the `[` that opens a type parameter list of a `class`, `def`, `async def` or `type`
 * statement starting on the line [start, end), or -1.
 */
function typeParamListOpen(text: string, start: number, end: number): number {
  let i = skipBlanks(text, start, end);
  const afterAsync = keywordAt(text, i, end, 'async');
  if (afterAsync >= 0) {
    const afterDef = keywordAt(text, afterAsync, end, 'def');
    if (afterDef < 0) return -1;
    i = afterDef;
  } else {
    const after = keywordAt(text, i, end, 'class');
    const afterDef = after >= 0 ? after : keywordAt(text, i, end, 'def');
    const afterType = afterDef >= 0 ? afterDef : keywordAt(text, i, end, 'type');
    if (afterType < 0) return -1;
    i = afterType;
  }
  if (i >= end || !isIdentStart(text.charCodeAt(i))) return -1;
  while (i < end && isIdentPart(text.charCodeAt(i))) i++;
  i = skipBlanks(text, i, end);
  return i < end && text.charCodeAt(i) === 0x5b /* [ */ ? i : -1;
}

/** Ranges [from, to) of the defaults in the list opened at `open`; null when the list does not close in time. */
function defaultRanges(text: string, open: number): Array<[number, number]> | null {
  const ranges: Array<[number, number]> = [];
  const limit = Math.min(text.length, open + MAX_LIST);
  let depth = 0;
  let quote = 0;
  let defaultStart = -1;
  for (let i = open; i < limit; i++) {
    const code = text.charCodeAt(i);
    if (quote) {
      if (code === 0x5c /* \ */) i++;
      else if (code === quote) quote = 0;
      continue;
    }
    if (code === 0x22 || code === 0x27) {
      quote = code;
      continue;
    }
    if (code === 0x5b || code === 0x28 || code === 0x7b) {
      depth++;
      continue;
    }
    if (code === 0x5d || code === 0x29 || code === 0x7d) {
      depth--;
      if (depth === 0) {
        if (defaultStart >= 0) ranges.push([defaultStart, i]);
        return ranges;
      }
      continue;
    }
    if (depth !== 1) continue;
    if (code === 0x2c /* , */) {
      if (defaultStart >= 0) ranges.push([defaultStart, i]);
      defaultStart = -1;
    } else if (code === 0x3d /* = */ && defaultStart < 0) {
      const before = text.charCodeAt(i - 1);
      const after = text.charCodeAt(i + 1);
      // `==`, `<=`, `>=`, `!=` are comparisons, not a default.
      if (after !== 0x3d && before !== 0x3d && before !== 0x3c && before !== 0x3e && before !== 0x21) defaultStart = i;
    }
  }
  return null;
}

/**
 * The source with every type parameter default blanked out, or null when it has none. Same length
 * as `text`, same line breaks.
 */
export function blankTypeParamDefaults(text: string): string | null {
  let out: string[] | null = null;
  let last = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const open = typeParamListOpen(text, lineStart, lineEnd);
    if (open >= 0) {
      const ranges = defaultRanges(text, open);
      for (const [from, to] of ranges ?? []) {
        out ??= [];
        out.push(text.slice(last, from));
        let blank = '';
        for (let i = from; i < to; i++) {
          const code = text.charCodeAt(i);
          blank += code === 0x0a || code === 0x0d ? text[i] : ' ';
        }
        out.push(blank);
        last = to;
      }
    }
    lineStart = lineEnd + 1;
  }
  if (!out) return null;
  out.push(text.slice(last));
  return out.join('');
}

/** The source with the characters at `offsets` replaced by a space (same length, same lines). */
export function blankOffsets(text: string, offsets: readonly number[]): string {
  const sorted = [...offsets].sort((a, b) => a - b);
  const parts: string[] = [];
  let last = 0;
  for (const offset of sorted) {
    if (offset < last || offset >= text.length) continue;
    parts.push(text.slice(last, offset), ' ');
    last = offset + 1;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

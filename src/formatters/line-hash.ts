/**
 * `partialFingerprints.primaryLocationLineHash` as code scanning's uploader (github/codeql-action,
 * `upload-sarif`) computes it, so a result we fingerprint matches the alert an earlier upload made.
 *
 * The uploader hashes, for every line, the first 100 characters (UTF-16 code units) that are not
 * spaces or tabs, counted from the start of that line and running on into the following lines; CR
 * and CRLF count as one LF; after the end of the file come one 0xFFFF and then zeros. The hash is a
 * base-37 polynomial over those 100 units in wrapping 64-bit arithmetic, printed as unsigned hex,
 * and a hash seen n times in one file gets the suffix `:n`.
 *
 * Rather than recompute the polynomial for each line, a window of the last 100 units rolls along:
 * multiply by 37, add the unit entering, subtract 37^100 times the unit leaving. A line's hash is
 * ready once 100 more units have entered after its first one, which is when the window comes back
 * to the slot that holds the line's first unit.
 */

const WINDOW = 100;
const BASE = 37;
const TWO_32 = 2 ** 32;
/** 37^100 in wrapping 64-bit arithmetic (the weight of the unit leaving the window), as two 32-bit halves. */
const [LEAVING_HIGH, LEAVING_LOW] = (() => {
  let weight = 1n;
  for (let i = 0; i < WINDOW; i++) weight = BigInt.asUintN(64, weight * BigInt(BASE));
  return [Number(weight >> 32n), Number(weight & 0xffffffffn)];
})();

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
/** What the uploader feeds in after the last character (`-1` read as a UTF-16 unit). */
const END_OF_FILE = 0xffff;

/**
 * The line hashes of a file's text (as read with UTF-8 decoding, BOM kept), keyed by 1-based line.
 * With `wanted`, hashing stops once all of those lines have theirs (only they are returned).
 */
export function lineHashes(text: string, wanted?: ReadonlySet<number>): Map<number, string> {
  const hashes = new Map<number, string>();
  const window = new Uint16Array(WINDOW);
  /** The line that starts at each window slot, or 0 when the unit there starts no line. */
  const lineAt = new Int32Array(WINDOW);
  const occurrences = new Map<string, number>();
  // The 64-bit hash as two unsigned 32-bit halves: every product below stays under 2^53, so plain
  // numbers are exact and about twice as fast as BigInt.
  let high = 0;
  let low = 0;
  let slot = 0;
  let line = 0;
  let atLineStart = true;
  let afterCR = false;
  let remaining = wanted ? wanted.size : Infinity;

  const emit = (): void => {
    const hex = high === 0 ? low.toString(16) : high.toString(16) + low.toString(16).padStart(8, '0');
    const count = (occurrences.get(hex) ?? 0) + 1;
    occurrences.set(hex, count);
    const completed = lineAt[slot];
    if (!wanted || wanted.has(completed)) {
      hashes.set(completed, `${hex}:${count}`);
      remaining--;
    }
    lineAt[slot] = 0;
  };
  const push = (unit: number): void => {
    const leaving = window[slot];
    window[slot] = unit;
    // hash = 37 * hash + unit - 37^100 * leaving (mod 2^64); `>>> 0` keeps the low 32 bits of an exact integer.
    const scaled = low * BASE + unit;
    const removed = LEAVING_LOW * leaving;
    const scaledLow = scaled >>> 0;
    const removedLow = removed >>> 0;
    const borrow = scaledLow < removedLow ? 1 : 0;
    high = (high * BASE + (scaled - scaledLow) / TWO_32 - LEAVING_HIGH * leaving - (removed - removedLow) / TWO_32 - borrow) >>> 0;
    low = (scaledLow - removedLow + borrow * TWO_32) >>> 0;
    slot = (slot + 1) % WINDOW;
  };
  const feed = (unit: number): void => {
    if (unit === SPACE || unit === TAB || (afterCR && unit === LF)) {
      afterCR = false;
      return;
    }
    afterCR = unit === CR;
    if (afterCR) unit = LF;
    if (lineAt[slot] !== 0) emit();
    if (atLineStart) {
      atLineStart = false;
      lineAt[slot] = ++line;
    }
    if (unit === LF) atLineStart = true;
    push(unit);
  };

  for (let i = 0; i < text.length && remaining > 0; i++) feed(text.charCodeAt(i));
  if (remaining <= 0) return hashes;
  feed(END_OF_FILE);
  for (let i = 0; i < WINDOW; i++) {
    if (lineAt[slot] !== 0) emit();
    push(0);
  }
  return hashes;
}

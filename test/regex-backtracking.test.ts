/**
 * Every regular expression literal in src/ and rules/ is fed adversarial strings of growing length
 * (seeded, so each run tries the same ones) and must take about linear time. The literals are read
 * with TypeScript's own parser from the sources, so a new regex is checked without being listed here.
 *
 * Hand-rolled rather than a static checker from npm (safe-regex, recheck): safe-regex only counts
 * star height and misses the overlapping-alternation cases that bit us, and recheck ships a large
 * native/JVM engine; timing the real engine on the real patterns checks what actually runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SEED = 20261202;

const random = seededRandom;

/** The regular expression literals of every .ts file under src/ and rules/. */
function regexLiterals(): { where: string; regex: RegExp }[] {
  const found: { where: string; regex: RegExp }[] = [];
  const stack = [path.join(ROOT, 'src'), path.join(ROOT, 'rules')];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const source = ts.createSourceFile(full, readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, true);
        const visit = (node: ts.Node) => {
          if (ts.isRegularExpressionLiteral(node)) {
            const text = node.text;
            const end = text.lastIndexOf('/');
            const { line } = source.getLineAndCharacterOfPosition(node.getStart());
            found.push({ where: `${path.relative(ROOT, full)}:${line + 1} ${text}`, regex: new RegExp(text.slice(1, end), text.slice(end + 1).replace('g', '')) });
          }
          ts.forEachChild(node, visit);
        };
        visit(source);
      }
    }
  }
  return found;
}

/** Characters that hostile text is made of: every class of character a pattern might repeat. */
const ALPHABET = ['a', 'A', 'z', '0', '9', '_', '-', '.', ' ', '\t', '\n', '\r', '/', ':', ',', '#', '%', '*', '$', '(', ')', '[', '"', "'", '\\', '@', '=', '😀'];

/** The literal words of a pattern (`noqa`, `Timeout`, `log`): hostile strings start with them to get past anchors. */
function literalWords(source: string): string[] {
  return [...new Set(source.replace(/\\./g, ' ').split(/[^A-Za-z0-9_-]+/).filter((w) => w.length >= 2))];
}

/** Seeded hostile inputs: a literal prefix, a short chunk repeated `n` times, and a suffix that makes the match fail late. */
function hostileShapes(regex: RegExp, count: number, rand: () => number): ((n: number) => string)[] {
  const words = ['', ...literalWords(regex.source)];
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const shapes: ((n: number) => string)[] = [];
  for (let i = 0; i < count; i++) {
    const prefix = pick(words) + (rand() < 0.5 ? pick(ALPHABET) : '');
    const chunk = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(rand() < 0.3 && words.length > 1 ? words.slice(1) : ALPHABET)).join('');
    const suffix = pick(ALPHABET) + pick(['!', '', '\u0000', '#']);
    shapes.push((n) => prefix + chunk.repeat(Math.max(1, Math.floor(n / chunk.length))) + suffix);
  }
  // The classic shapes: one repeated character of each kind, ending in a character nothing expects.
  for (const ch of ALPHABET) shapes.push((n) => ch.repeat(n) + '!');
  // ...and after the pattern's leading literal character (`%` of a format pattern), if it has one.
  const lead = /^[^\\^$.*+?()[\]{}|]/.test(regex.source) ? regex.source[0] : '';
  if (lead) for (const ch of ALPHABET) shapes.push((n) => lead + ch.repeat(n) + '!');
  for (const word of words) if (word) shapes.push((n) => `${word}:${' '.repeat(n)}!`, (n) => word.repeat(Math.floor(n / word.length)) + '1');
  return shapes;
}

function timeOf(regex: RegExp, text: string): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    regex.test(text);
    regex.lastIndex = 0;
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** The first hostile input on which matching grows faster than linearly, or undefined. */
function superlinearInput(regex: RegExp, rand: () => number): string | undefined {
  for (const shape of hostileShapes(regex, 40, rand)) {
    const small = shape(4_000);
    const large = shape(16_000);
    const tLarge = timeOf(regex, large);
    if (tLarge < 2) continue; // 16,000 characters in under 2 ms: linear by any measure
    const tSmall = Math.max(timeOf(regex, small), 0.05);
    // Linear: about 4x; quadratic: about 16x.
    if (tLarge / tSmall > 9) return `${JSON.stringify(large.slice(0, 40))}… (${tSmall.toFixed(2)} ms → ${tLarge.toFixed(2)} ms)`;
  }
  return undefined;
}

describe('every regular expression in src/ and rules/ runs in linear time', () => {
  const literals = regexLiterals();

  it('finds the literals (the scan itself works)', () => {
    expect(literals.length).toBeGreaterThan(30);
  });

  it('the check catches the backtracking patterns this project once had', () => {
    for (const source of ['^_*(?:[a-z0-9_]*_)?(?:log|logger)$', '%[-#0 +]*\\d*(?:\\.\\d+)?[sdifrxXeEgGc]', 'Timeout[A-Za-z]*$']) {
      // Timings are noisy on a shared machine: a pattern counts as caught when any of three seeded
      // rounds shows it (a linear pattern never does; the next test asserts that for every literal).
      let caught: string | undefined;
      for (let round = 0; round < 3 && caught === undefined; round++) caught = superlinearInput(new RegExp(source, 'i'), random(SEED + round));
      expect(caught, source).toBeDefined();
    }
  }, 240_000);

  it('no literal backtracks superlinearly on seeded hostile input', () => {
    const rand = random(SEED);
    const slow = literals.flatMap(({ where, regex }) => {
      const input = superlinearInput(regex, rand);
      return input ? [`${where}: ${input}`] : [];
    });
    expect(slow).toEqual([]);
  }, 240_000);
});

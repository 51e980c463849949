/**
 * Bounded fuzzing (fixed seed): mutate the fixtures by byte flips, truncation and splicing the
 * two languages together, and assert that linting never throws, every file gets a result, and
 * every reported position lies inside its file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { pluginConfig } from './plugin-config.js';
import { seededRandom } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SEED = 20261127;
const CASES = 240;

const random = seededRandom;

function fixtureTexts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const stack = [path.join(ROOT, 'fixtures')];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (/\.(?:[cm]?[jt]sx?|pyi?)$/.test(entry.name)) out.push({ name: path.relative(ROOT, full), text: readFileSync(full, 'utf8') });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function mutate(text: string, other: string, rand: () => number): string {
  const bytes = Buffer.from(text, 'utf8');
  switch (Math.floor(rand() * 5)) {
    case 0: {
      // flip a few bytes (may produce invalid UTF-8)
      for (let i = 0; i < 1 + Math.floor(rand() * 8); i++) bytes[Math.floor(rand() * bytes.length)] ^= 1 << Math.floor(rand() * 8);
      return bytes.toString('utf8');
    }
    case 1:
      return text.slice(0, Math.floor(rand() * text.length)); // truncate mid-token
    case 2: {
      // splice the other language into the middle
      const at = Math.floor(rand() * text.length);
      const from = Math.floor(rand() * other.length);
      return text.slice(0, at) + other.slice(from, from + Math.floor(rand() * 400)) + text.slice(at);
    }
    case 3: {
      // duplicate a random slice (unbalanced brackets, repeated blocks)
      const a = Math.floor(rand() * text.length);
      const b = Math.min(text.length, a + Math.floor(rand() * 300));
      return text.slice(0, b) + text.slice(a, b) + text.slice(b);
    }
    default: {
      // insert hostile characters: NUL, lone surrogate, emoji, CR, BOM
      const pieces = ['\0', '\uD800', '😀', '\r', '\uFEFF', '\t', '"""', '`${'];
      const at = Math.floor(rand() * text.length);
      return text.slice(0, at) + pieces[Math.floor(rand() * pieces.length)] + text.slice(at);
    }
  }
}

describe('fuzzing the fixtures', () => {
  it(`lints ${CASES} mutated files without a crash, every position inside its file`, async () => {
    const rand = random(SEED);
    const texts = fixtureTexts();
    const python = texts.filter((t) => t.name.endsWith('.py'));
    const typescript = texts.filter((t) => !t.name.endsWith('.py'));
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: pluginConfig('strict'),
    });
    let fatal = 0;
    for (let i = 0; i < CASES; i++) {
      const source = texts[Math.floor(rand() * texts.length)];
      const pool = source.name.endsWith('.py') ? typescript : python;
      const other = pool[Math.floor(rand() * pool.length)].text;
      const text = mutate(source.text, other, rand);
      const ext = path.extname(source.name);
      const results = await eslint.lintText(text, { filePath: path.join(ROOT, `fuzz-${i}${ext}`) });
      expect(results, `case ${i} (${source.name}) has one result`).toHaveLength(1);
      const lines = text.replace(/^\uFEFF/, '').split(/\r\n|[\r\n\u2028\u2029]/);
      for (const m of results[0].messages) {
        if (m.fatal) fatal++;
        expect(m.line, `case ${i}: ${m.message}`).toBeGreaterThanOrEqual(1);
        expect(m.line, `case ${i}: ${m.message}`).toBeLessThanOrEqual(lines.length);
        expect(m.column, `case ${i}: ${m.message}`).toBeGreaterThanOrEqual(m.fatal ? 0 : 1);
        expect(m.column, `case ${i}: ${m.message}`).toBeLessThanOrEqual(lines[m.line - 1].length + 1);
        if (m.endLine !== undefined && m.endColumn !== undefined) {
          expect(m.endLine).toBeLessThanOrEqual(lines.length);
          expect(m.endColumn).toBeLessThanOrEqual(lines[m.endLine - 1].length + 1);
        }
      }
    }
    // the mutations really produce broken files, and most files still lint normally
    expect(fatal).toBeGreaterThan(CASES / 10);
    expect(fatal).toBeLessThan(CASES);
  }, 120_000);
});

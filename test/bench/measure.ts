/**
 * One benchmark measurement, run in a fresh process by bench.ts so that peak memory (max RSS)
 * belongs to that measurement alone. Prints one JSON line.
 *
 *   node measure.js <mode> <dir>
 *   modes: py-parse (tree-sitter only), py-convert (parse + conversion), py-eslint (ESLint with the
 *          Python language and one empty rule: parse, conversion and traversal), py-lint (ESLint,
 *          recommended), py-ruff (Ruff's WebAssembly build, rules T20 and G, same files, one process),
 *          ts-baseline (ESLint, TS parser, only no-console), ts-lint (ESLint, recommended);
 *          py-floor-compare, py-compare, ts-compare (two sides in one process, alternated);
 *          editor, editor-ts (a 3,000-line file re-linted with lintText, as the language server does)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ESLint, type Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../../src/index.js';
import { parsePython } from '../../src/languages/python/ast.js';
import { pluginConfig } from '../plugin-config.js';

const [mode, dir] = process.argv.slice(2);
const python = mode.startsWith('py') || mode === 'editor';
const ext = python ? /\.pyi?$/ : /\.[cm]?[jt]sx?$/;

function listFiles(root: string): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length) {
    const current = stack.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile() && ext.test(entry.name)) out.push(full);
    }
  }
  return out.sort();
}

const files = listFiles(path.resolve(dir));
const texts = files.map((file) => readFileSync(file, 'utf8'));
const lines = texts.reduce((sum, text) => sum + text.split('\n').length - 1, 0);

/** The TypeScript baseline: ESLint with the same parser and only no-console. */
function noConsoleBaseline(): Linter.Config[] {
  return [{ files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'], languageOptions: { parser: tsParser }, rules: { 'no-console': 'error' } }];
}

/** The Python peer: a Ruff WebAssembly workspace with the print (T20) and logging-format (G) rules. */
async function ruffWorkspace(): Promise<{ check(source: string): unknown[] }> {
  const ruff = (await import('@astral-sh/ruff-wasm-nodejs')) as unknown as {
    Workspace: new (options: object, encoding: number) => { check(source: string): unknown[] };
    PositionEncoding: { Utf16: number };
  };
  return new ruff.Workspace({ lint: { select: ['T20', 'G'] } }, ruff.PositionEncoding.Utf16);
}

async function measure(): Promise<number> {
  if (mode === 'py-parse' || mode === 'py-convert') {
    const { Parser, Language } = await import('web-tree-sitter');
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const parser = new Parser();
    parser.setLanguage(await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm')));
    const run = (text: string) => {
      if (mode === 'py-parse') parser.parse(text)?.delete();
      else parsePython(text);
    };
    texts.slice(0, 10).forEach(run); // warm-up
    const start = performance.now();
    texts.forEach(run);
    return performance.now() - start;
  }
  if (mode === 'py-ruff') {
    // The Python peer users would pick instead: Ruff's own WebAssembly build, print and logging rules.
    const workspace = await ruffWorkspace();
    texts.slice(0, 10).forEach((text) => workspace.check(text));
    const start = performance.now();
    for (const text of texts) workspace.check(text);
    return performance.now() - start;
  }
  const emptyRule = {
    meta: { type: 'problem', languages: ['runtime-ops/python'], schema: [] },
    create: () => ({ module() {} }),
  };
  const config =
    mode === 'py-eslint'
      ? [{ files: ['**/*.py'], plugins: { 'runtime-ops': plugin as never, bench: { rules: { empty: emptyRule } } as never }, language: 'runtime-ops/python', rules: { 'bench/empty': 'error' } } as Linter.Config]
      : mode === 'ts-baseline'
      ? noConsoleBaseline()
      : pluginConfig('recommended');
  const eslint = new ESLint({ cwd: path.resolve(dir), overrideConfigFile: true, overrideConfig: config, concurrency: 'off' });
  await eslint.lintFiles(files.slice(0, 10)); // warm-up
  const start = performance.now();
  await eslint.lintFiles(files);
  return performance.now() - start;
}

/**
 * `ts-compare` / `py-compare`: the recommended config and its baseline (ESLint with only
 * no-console; Ruff-wasm) in ONE process, alternated five times, median of each: the ratio the
 * targets are stated in, with the machine's noise (other processes, CPU frequency) shared by both.
 */
async function compare(): Promise<void> {
  const python = mode === 'py-compare';
  const lint = new ESLint({ cwd: path.resolve(dir), overrideConfigFile: true, overrideConfig: pluginConfig('recommended'), concurrency: 'off' });
  let baseline: () => Promise<void>;
  if (python) {
    await ruffWorkspace(); // loads the module once, outside the timed runs
    // Ruff is given the texts already read; the ESLint run reads its files. That favours Ruff.
    // A new Workspace each run: a workspace remembers what it checked, and a repeat is nearly free.
    baseline = async () => {
      const workspace = await ruffWorkspace();
      for (const text of texts) workspace.check(text);
    };
  } else {
    const base = new ESLint({
      cwd: path.resolve(dir),
      overrideConfigFile: true,
      overrideConfig: noConsoleBaseline(),
      concurrency: 'off',
    });
    baseline = async () => {
      await base.lintFiles(files);
    };
  }
  const ours = async () => {
    await lint.lintFiles(files);
  };
  await ours();
  await baseline();
  const oursMs: number[] = [];
  const baselineMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    let start = performance.now();
    await baseline();
    baselineMs.push(performance.now() - start);
    start = performance.now();
    await ours();
    oursMs.push(performance.now() - start);
  }
  const best = median(oursMs);
  const bestBaseline = median(baselineMs);
  process.stdout.write(
    `${JSON.stringify({ mode, files: files.length, lines, ms: best, baselineMs: bestBaseline, ratio: best / bestBaseline, linesPerSecond: Math.round((lines / best) * 1000), baselineLinesPerSecond: Math.round((lines / bestBaseline) * 1000), maxRssKb: process.resourceUsage().maxRSS })}\n`,
  );
}

/**
 * `py-floor-compare`: the recommended lint and tree-sitter's parse alone in one process, alternated
 * five times, medians: the Python ratio without process start-up.
 */
async function floorCompare(): Promise<void> {
  const { Parser, Language } = await import('web-tree-sitter');
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const parser = new Parser();
  parser.setLanguage(await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm')));
  const lint = new ESLint({ cwd: path.resolve(dir), overrideConfigFile: true, overrideConfig: pluginConfig('recommended'), concurrency: 'off' });
  // The floor reads its files too, as the lint does.
  const parseAll = () => {
    for (const file of files) parser.parse(readFileSync(file, 'utf8'))?.delete();
  };
  parseAll();
  await lint.lintFiles(files);
  const ours: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < 5; i++) {
    let start = performance.now();
    parseAll();
    floor.push(performance.now() - start);
    start = performance.now();
    await lint.lintFiles(files);
    ours.push(performance.now() - start);
  }
  const ms = median(ours);
  const baselineMs = median(floor);
  process.stdout.write(
    `${JSON.stringify({ mode, files: files.length, lines, ms, baselineMs, ratio: ms / baselineMs, linesPerSecond: Math.round((lines / ms) * 1000), baselineLinesPerSecond: Math.round((lines / baselineMs) * 1000), maxRssKb: process.resourceUsage().maxRSS })}\n`,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * `editor` / `editor-ts`: what the language server does on each change, `ESLint.lintText` of one
 * open file in a process that has linted it before: a 3,000-line file built from the generated
 * corpus, linted once, then re-linted after five edits (median).
 */
async function editor(): Promise<void> {
  const { mkdtempSync, readdirSync: list, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { writeCorpus } = await import('./corpus.js');
  const work = mkdtempSync(path.join(tmpdir(), 'runtime-ops-editor-bench-'));
  try {
    writeCorpus(work, 8);
    const ts = mode === 'editor-ts';
    const folder = path.join(work, ts ? 'ts' : 'py');
    const lineList: string[] = [];
    for (const name of list(folder).sort()) {
      lineList.push(...readFileSync(path.join(folder, name), 'utf8').split('\n'));
      if (lineList.length >= 3000) break;
    }
    const text = lineList.slice(0, 3000).join('\n');
    const filePath = path.join(folder, ts ? 'open-file.ts' : 'open_file.py');
    const eslint = new ESLint({ cwd: work, overrideConfigFile: true, overrideConfig: pluginConfig('recommended') });
    let start = performance.now();
    await eslint.lintText(text, { filePath });
    const firstMs = performance.now() - start;
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const edited = `${text}\n${ts ? '//' : '#'} edit ${i}\n`;
      start = performance.now();
      await eslint.lintText(edited, { filePath });
      times.push(performance.now() - start);
    }
    const medianMs = median(times);
    process.stdout.write(`${JSON.stringify({ mode, files: 1, lines: 3000, ms: medianMs, firstMs, medianMs, linesPerSecond: Math.round((3000 / medianMs) * 1000), maxRssKb: process.resourceUsage().maxRSS })}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (mode === 'py-floor-compare') {
  await floorCompare();
  process.exit(0);
}
if (mode === 'editor' || mode === 'editor-ts') {
  await editor();
  process.exit(0);
}
if (mode === 'ts-compare' || mode === 'py-compare') {
  await compare();
  process.exit(0);
}

const ms = await measure();
process.stdout.write(
  `${JSON.stringify({ mode, files: files.length, lines, ms, linesPerSecond: Math.round((lines / ms) * 1000), maxRssKb: process.resourceUsage().maxRSS })}\n`,
);

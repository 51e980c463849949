/**
 * `npm run bench -- [python-dir] [ts-dir] [--runs N] [--readme]`: the performance targets of
 * README's Performance section, each next to its floor or peer measured in the same run.
 *
 * Cold whole processes (what a CI run costs), alternated ours / theirs N times (default 5), median
 * of each side and median of the per-pair ratios; peak memory (max RSS) of every run under
 * /usr/bin/time -v when present:
 *   - Python: the runtime-ops command vs tree-sitter's parse alone (floor.js) over the same files;
 *   - TypeScript: `eslint` with the recommended config vs `eslint` with the same parser and only
 *     no-console (the project index and every rule included);
 *   - threads: `runtime-ops --concurrency auto` vs one thread, on the larger folder, same results;
 *   - memory: the runtime-ops command's peak over every run above.
 * In-process figures (measure.ts, one process each, warm): where the Python time goes, rule times,
 * the ratios again without process start-up, Ruff's WebAssembly build, and an editor re-lint of a
 * 3,000-line file. `--readme` rewrites README's table (between the bench markers) from this run.
 *
 * Without folders, a generated corpus of about 118,000 lines per language is used.
 * `npm run bench -- --scale [lines]` lints a generated mixed repository and half of it (memory).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TS_FILES, TYPESCRIPT_SYNTAX_FILES } from '../../src/index.js';
import { writeCorpus } from './corpus.js';

interface Measurement {
  baselineMs?: number;
  ratio?: number;
  baselineLinesPerSecond?: number;
  ruleTimes: Record<string, number>;
  mode: string;
  files: number;
  lines: number;
  ms: number;
  linesPerSecond: number;
  maxRssKb: number;
  firstMs?: number;
  medianMs?: number;
}

const require = createRequire(import.meta.url);
const measureScript = fileURLToPath(new URL('./measure.js', import.meta.url));
const floorScript = fileURLToPath(new URL('./floor.js', import.meta.url));
const binScript = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const pluginEntry = fileURLToPath(new URL('../../src/index.js', import.meta.url));
const readmeFile = fileURLToPath(new URL('../../../README.md', import.meta.url));
const eslintBin = path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
const useTime = existsSync('/usr/bin/time');

const argv = process.argv.slice(2);
if (argv[0] === '--scale') {
  await scale(Number(argv[1] ?? 500_000));
  process.exit(0);
}
const runsAt = argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
const writeReadme = argv.includes('--readme');
const [pyArg, tsArg] = argv.filter((arg, i) => !arg.startsWith('--') && argv[i - 1] !== '--runs');
let tempDir: string | undefined;
let pyDir = pyArg ? path.resolve(pyArg) : '';
let tsDir = tsArg ? path.resolve(tsArg) : pyDir;
if (!pyDir) {
  tempDir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-bench-'));
  // ~530 lines per generated module: 200 modules give > 100,000 lines per language.
  const counts = writeCorpus(tempDir, 200);
  pyDir = path.join(tempDir, 'py');
  tsDir = path.join(tempDir, 'ts');
  console.log(`generated corpus: ${counts.python} Python lines, ${counts.typescript} TypeScript lines in ${tempDir}`);
}
const work = mkdtempSync(path.join(tmpdir(), 'runtime-ops-bench-work-'));

/** One cold process: wall time, peak memory, exit status. */
interface Run {
  ms: number;
  /** User + system CPU time: less sensitive than wall time to other processes on a shared machine. */
  cpuMs: number;
  rssMb: number;
  status: number | null;
}

function cold(args: string[], cwd: string): Run {
  const command = useTime ? '/usr/bin/time' : process.execPath;
  const started = performance.now();
  const child = spawnSync(command, useTime ? ['-v', process.execPath, ...args] : args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr ?? '');
  if (child.status !== 0 && child.status !== 1) throw new Error(`${args.join(' ')} failed (${child.status}): ${child.stderr?.slice(-2000)}`);
  const user = /User time \(seconds\): ([\d.]+)/.exec(child.stderr ?? '');
  const system = /System time \(seconds\): ([\d.]+)/.exec(child.stderr ?? '');
  const cpuMs = user && system ? (Number(user[1]) + Number(system[1])) * 1000 : NaN;
  return { ms, cpuMs, rssMb: rss ? Number(rss[1]) / 1024 : NaN, status: child.status };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

interface Pair {
  ours: Run[];
  theirs: Run[];
  /** Median of ours / median of theirs. */
  ratio: number;
  /** Median of the per-pair ratios (each pair ran back to back, so it shares the machine's load). */
  pairRatio: number;
  /** Median of ours' CPU time over median of theirs'. */
  cpuRatio: number;
}

/** `runs` alternated runs of both sides, theirs first in odd rounds and ours first in even ones. */
function alternate(label: string, ours: () => Run, theirs: () => Run): Pair {
  const pair: Pair = { ours: [], theirs: [], ratio: 0, pairRatio: 0, cpuRatio: 0 };
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      pair.theirs.push(theirs());
      pair.ours.push(ours());
    } else {
      pair.ours.push(ours());
      pair.theirs.push(theirs());
    }
    process.stderr.write(`  ${label} ${i + 1}/${runs}: ${(pair.ours[i].ms / 1000).toFixed(1)} s vs ${(pair.theirs[i].ms / 1000).toFixed(1)} s\n`);
  }
  pair.ratio = median(pair.ours.map((r) => r.ms)) / median(pair.theirs.map((r) => r.ms));
  pair.pairRatio = median(pair.ours.map((r, i) => r.ms / pair.theirs[i].ms));
  pair.cpuRatio = median(pair.ours.map((r) => r.cpuMs)) / median(pair.theirs.map((r) => r.cpuMs));
  return pair;
}

function describePair(p: Pair, ours: string, theirs: string): string {
  const s = (list: Run[]) => `${(median(list.map((r) => r.ms)) / 1000).toFixed(2)} s`;
  return `${ours} ${s(p.ours)} vs ${theirs} ${s(p.theirs)} (medians of ${runs}): ${p.ratio.toFixed(2)}x; median of per-pair ratios ${p.pairRatio.toFixed(2)}x; CPU time ${p.cpuRatio.toFixed(2)}x`;
}

function countFiles(dir: string, pattern: RegExp): number {
  let count = 0;
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) stack.push(path.join(current, entry.name));
      else if (pattern.test(entry.name)) count++;
    }
  }
  return count;
}

/** The command's findings without paths' prefix: equal for equal results. */
function findings(file: string, root: string): string {
  const results = JSON.parse(readFileSync(file, 'utf8')) as { filePath: string; messages: { ruleId: string; line: number; column: number; message: string }[] }[];
  return JSON.stringify(results.map((r) => [path.relative(root, r.filePath), r.messages.map((m) => [m.ruleId, m.line, m.column, m.message])]));
}

function measure(mode: string, dir: string): Measurement {
  const command = useTime ? '/usr/bin/time' : process.execPath;
  const args = useTime ? ['-v', process.execPath, measureScript, mode, dir] : [measureScript, mode, dir];
  // TIMING=all makes ESLint print each rule's time at exit: where the lint time goes.
  const env = { ...process.env, TIMING: 'all' };
  const child = spawnSync(command, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const { stdout, stderr } = child;
  if (child.status !== 0) throw new Error(`measurement ${mode} failed: ${stderr}`);
  const result = JSON.parse(stdout.split('\n').find((line) => line.startsWith('{'))!) as Measurement;
  result.ruleTimes = ruleTimes(stdout);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (rss) result.maxRssKb = Number(rss[1]);
  return result;
}

/** ESLint's TIMING table: `rule | ms | %` rows. */
function ruleTimes(stdout: string): Record<string, number> {
  const times: Record<string, number> = {};
  for (const line of stdout.split('\n')) {
    const match = /^(\S+)\s*\|\s*([\d.]+)\s*\|/.exec(line);
    if (match) times[match[1]] = Number(match[2]);
  }
  return times;
}

function share(part: number, whole: number): string {
  return `${((part / whole) * 100).toFixed(0).padStart(3)}%`;
}

function row(m: Measurement, baseline?: Measurement): string {
  const ratio = baseline ? `  ${(m.ms / baseline.ms).toFixed(2)}x the time of ${baseline.mode}` : '';
  return `${m.mode.padEnd(12)} ${String(m.files).padStart(5)} files ${String(m.lines).padStart(8)} lines ${String(m.linesPerSecond).padStart(8)} lines/s  peak ${(m.maxRssKb / 1024).toFixed(0).padStart(5)} MB${ratio}`;
}

/** ESLint config files for the TypeScript comparison: the recommended config, and its peer. */
function writeConfigs(): { ours: string; peer: string } {
  const parser = pathToFileURL(require.resolve('@typescript-eslint/parser')).href;
  const peer = path.join(work, 'peer.config.mjs');
  writeFileSync(
    peer,
    `import tsParser from ${JSON.stringify(parser)};\nexport default [\n  { files: ${JSON.stringify(TS_FILES)}, rules: { 'no-console': 'error' } },\n  { files: ${JSON.stringify(TYPESCRIPT_SYNTAX_FILES)}, languageOptions: { parser: tsParser } },\n];\n`,
  );
  const ours = path.join(work, 'recommended.config.mjs');
  // The plugin's recommended config without its test-file ignores, so both lint the same files.
  writeFileSync(
    ours,
    `import plugin from ${JSON.stringify(pathToFileURL(pluginEntry).href)};\nexport default plugin.configs.recommended.filter((c) => c.files).map((c) => ({ ...c, ignores: [] }));\n`,
  );
  return { ours, peer };
}

try {
  const pyFiles = countFiles(pyDir, /\.pyi?$/);
  const tsFiles = countFiles(tsDir, /\.[cm]?[jt]sx?$/);
  console.log(`Python: ${pyDir} (${pyFiles} files); TypeScript: ${tsDir} (${tsFiles} files); ${runs} alternated runs per ratio; ${availableParallelism()} cores`);
  const out = path.join(work, 'out.json');
  const command = (dir: string, extra: string[] = [], file = out) => () => cold([binScript, '.', '--format', 'json', '--output-file', file, ...extra], dir);

  console.error('cold whole processes (progress):');
  const py = alternate('python', command(pyDir), () => cold([floorScript, pyDir], pyDir));
  const configs = writeConfigs();
  const eslintRun = (config: string) => () => cold([eslintBin, '--config', config, '--format', 'json', '--output-file', out, '.'], tsDir);
  const ts = alternate('typescript', eslintRun(configs.ours), eslintRun(configs.peer));
  const tsCommand = [command(tsDir)(), command(tsDir)()];
  const [bigDir, bigFiles] = pyFiles >= tsFiles ? [pyDir, pyFiles] : [tsDir, tsFiles];
  const offFile = path.join(work, 'off.json');
  const autoFile = path.join(work, 'auto.json');
  const threads = alternate('threads', command(bigDir, ['--concurrency', 'auto'], autoFile), command(bigDir, ['--concurrency', 'off'], offFile));
  const sameResults = findings(offFile, bigDir) === findings(autoFile, bigDir);
  const commandRuns = [...py.ours, ...tsCommand, ...threads.ours, ...threads.theirs];
  const peaks = (list: Run[]) => `${Math.min(...list.map((r) => r.rssMb)).toFixed(0)}-${Math.max(...list.map((r) => r.rssMb)).toFixed(0)} MB`;

  console.log('\ncold whole processes (the machine is shared: compare the ratios, not the seconds)');
  console.log(`  python      ${describePair(py, 'runtime-ops', 'tree-sitter parse alone')}  [target <= 2.0x, aim 1.5x]`);
  console.log(`  typescript  ${describePair(ts, 'eslint + recommended', 'eslint + same parser, only no-console')}  [target <= 1.05x]`);
  console.log(`  threads     ${describePair(threads, '--concurrency auto', 'one thread')} on ${bigFiles} files; speed-up ${(1 / threads.ratio).toFixed(2)}x [target >= 1.7x on 2 cores]; identical results: ${sameResults ? 'yes' : 'NO'}`);
  console.log(`  memory      runtime-ops peak RSS: python ${peaks(py.ours)}, typescript ${peaks(tsCommand)}, ${path.basename(bigDir)} one thread ${peaks(threads.theirs)}, auto ${peaks(threads.ours)}; highest ${Math.max(...commandRuns.map((r) => r.rssMb)).toFixed(0)} MB [target < 600 MB]`);

  console.error('in-process measurements (progress): py-parse, py-convert, py-eslint, py-lint, py-ruff, ts-baseline, ts-lint, compare, editor');
  const pyParse = measure('py-parse', pyDir);
  const pyConvert = measure('py-convert', pyDir);
  const pyEslint = measure('py-eslint', pyDir);
  const pyLint = measure('py-lint', pyDir);
  const pyRuff = measure('py-ruff', pyDir);
  const tsBaseline = measure('ts-baseline', tsDir);
  const tsLint = measure('ts-lint', tsDir);
  console.log('\nPython, in one warm process each (ratios are times relative to the named baseline)');
  console.log(row(pyParse));
  console.log(row(pyConvert, pyParse));
  console.log(row(pyEslint, pyParse));
  console.log(row(pyLint, pyParse));
  console.log(row(pyRuff));
  const pyRules = Object.values(pyLint.ruleTimes).reduce((a, b) => a + b, 0);
  console.log('\nwhere the Python time goes (share of the whole lint):');
  console.log(`  tree-sitter parse      ${share(pyParse.ms, pyLint.ms)}`);
  console.log(`  tree conversion        ${share(pyConvert.ms - pyParse.ms, pyLint.ms)}`);
  console.log(`  ESLint (read, config, traversal, directives) ${share(pyEslint.ms - pyConvert.ms, pyLint.ms)}`);
  console.log(`  rules                  ${share(pyLint.ms - pyEslint.ms, pyLint.ms)}  (ESLint's TIMING=all: ${pyRules.toFixed(0)} ms in all, below)`);
  for (const [rule, ms] of Object.entries(pyLint.ruleTimes)) console.log(`    ${rule.padEnd(42)} ${ms.toFixed(0).padStart(6)} ms`);
  console.log('\nTypeScript, in one warm process each');
  console.log(row(tsBaseline));
  console.log(row(tsLint, tsBaseline));
  for (const [rule, ms] of Object.entries(tsLint.ruleTimes)) console.log(`    ${rule.padEnd(42)} ${ms.toFixed(0).padStart(6)} ms`);
  // The same ratios in one process each, alternated five times, medians: no process start-up.
  const pyFloor = measure('py-floor-compare', pyDir);
  const pyCompare = measure('py-compare', pyDir);
  const tsCompare = measure('ts-compare', tsDir);
  const editor = measure('editor', pyDir);
  const editorTs = measure('editor-ts', pyDir);
  console.log(
    `\nin-process (same process, 5 alternated runs, medians)\n` +
      `  python: runtime-ops (ESLint, recommended) ${pyFloor.ratio!.toFixed(2)}x the time of tree-sitter's parse alone\n` +
      `  python: Ruff-wasm (T20 + G, fully tiered up) ${pyCompare.baselineLinesPerSecond} lines/s, runtime-ops ${pyCompare.linesPerSecond} lines/s: ${(1 / pyCompare.ratio!).toFixed(2)}x Ruff's speed; cold, one pass: ${(pyRuff.ms / pyLint.ms).toFixed(2)}x\n` +
      `  typescript: the recommended config ${tsCompare.ratio!.toFixed(2)}x ESLint with the same parser and only no-console\n` +
      `  editor: a ${editor.lines}-line Python file re-linted in ${editor.medianMs!.toFixed(0)} ms (first lint ${editor.firstMs!.toFixed(0)} ms); TypeScript ${editorTs.lines} lines: ${editorTs.medianMs!.toFixed(0)} ms (first ${editorTs.firstMs!.toFixed(0)} ms) [target < 150 ms]`,
  );

  const table = [
    '| target | measured (this run) | floor or peer, same run |',
    '| --- | --- | --- |',
    `| Python, whole command, cold process: <= 2.0x tree-sitter's parse alone (aim 1.5x) | **${py.pairRatio.toFixed(2)}x** wall (${(median(py.ours.map((r) => r.ms)) / 1000).toFixed(1)} s, ${pyFiles} files), ${py.cpuRatio.toFixed(2)}x CPU; warm, in one process: ${pyFloor.ratio!.toFixed(2)}x | parse alone ${(median(py.theirs.map((r) => r.ms)) / 1000).toFixed(1)} s |`,
    `| TypeScript, recommended vs only \`no-console\`, same parser, cold \`eslint\` processes: <= 1.05x | **${ts.pairRatio.toFixed(2)}x** wall (${(median(ts.ours.map((r) => r.ms)) / 1000).toFixed(1)} s, ${tsFiles} files), ${ts.cpuRatio.toFixed(2)}x CPU; warm, in one process: ${tsCompare.ratio!.toFixed(2)}x | only no-console ${(median(ts.theirs.map((r) => r.ms)) / 1000).toFixed(1)} s |`,
    `| Peak memory of the command, every run: < 600 MB, flat per file | **${Math.max(...commandRuns.map((r) => r.rssMb)).toFixed(0)} MB** highest of ${commandRuns.length} runs (Python ${peaks(py.ours)}, TypeScript ${peaks(tsCommand)}) | |`,
    `| \`--concurrency auto\` on ${availableParallelism()} cores, ${bigFiles} files: >= 1.7x one thread | **${(1 / threads.pairRatio).toFixed(2)}x** faster, identical results: ${sameResults ? 'yes' : 'no'} | one thread ${(median(threads.theirs.map((r) => r.ms)) / 1000).toFixed(1)} s |`,
    `| Editor: a 3,000-line file re-linted after the first lint: < 150 ms | **${editor.medianMs!.toFixed(0)} ms** Python, ${editorTs.medianMs!.toFixed(0)} ms TypeScript | first lint ${editor.firstMs!.toFixed(0)} / ${editorTs.firstMs!.toFixed(0)} ms |`,
    `| Python vs Ruff's WebAssembly build (T20 + G), for reference | ${(pyRuff.ms / pyLint.ms).toFixed(2)}x Ruff's speed cold, ${(1 / pyCompare.ratio!).toFixed(2)}x warm | Ruff ${pyRuff.linesPerSecond} lines/s cold, ${pyCompare.baselineLinesPerSecond} warm |`,
  ].join('\n');
  console.log(`\nREADME table\n${table}`);
  if (writeReadme) {
    const readme = readFileSync(readmeFile, 'utf8');
    const start = readme.indexOf('<!-- bench:start');
    const end = readme.indexOf('<!-- bench:end -->');
    if (start < 0 || end < 0) throw new Error('README has no bench markers');
    const header = readme.slice(start, readme.indexOf('-->', start) + 3);
    const inputs = `Inputs: ${path.basename(pyDir)} (${pyFiles} Python files), ${path.basename(tsDir)} (${tsFiles} TS/JS files); ${runs} alternated runs; ${new Date().toISOString().slice(0, 10)}.`;
    writeFileSync(readmeFile, `${readme.slice(0, start)}${header}\n${inputs}\n\n${table}\n${readme.slice(end)}`);
    console.log('README table rewritten');
  }
} finally {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}

/**
 * `npm run bench -- --scale [lines]`: the whole runtime-ops command over a generated mixed
 * repository (default 500,000 lines, half Python, half TypeScript), under /usr/bin/time -v for
 * peak memory; then over half of it. Peak memory that does not grow with the number of files
 * shows that per-file memory (WASM trees, converted nodes, the project index) is released.
 */
async function scale(totalLines: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-scale-'));
  try {
    const perModule = 590; // lines of one generated module, per language
    const modules = Math.ceil(totalLines / 2 / perModule);
    const counts = writeCorpus(dir, modules);
    const half = mkdtempSync(path.join(tmpdir(), 'runtime-ops-scale-half-'));
    writeCorpus(half, Math.ceil(modules / 2));
    const run = (target: string) => cold([binScript, '.', '--format', 'json', '--output-file', path.join(tmpdir(), 'runtime-ops-scale.json')], target);
    const full = run(dir);
    const halfRun = run(half);
    rmSync(half, { recursive: true, force: true });
    const lines = counts.python + counts.typescript;
    console.log(`scale: ${lines} lines (${counts.python} Python, ${counts.typescript} TypeScript) in ${modules * 2} files`);
    console.log(`  whole repository: ${(full.ms / 1000).toFixed(1)} s, peak ${full.rssMb.toFixed(0)} MB, exit ${full.status}`);
    console.log(`  half of it:       ${(halfRun.ms / 1000).toFixed(1)} s, peak ${halfRun.rssMb.toFixed(0)} MB, exit ${halfRun.status}`);
    console.log(`  peak memory growth for twice the files: ${(full.rssMb / halfRun.rssMb).toFixed(2)}x (1.00x = no growth per file); under 600 MB: ${full.rssMb < 600 ? 'yes' : 'NO'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench [python-dir] [ts-dir]`: lines per second and peak memory of the whole run per
 * language, next to baselines measured by the same command (tree-sitter parse alone for Python;
 * ESLint with the same parser and only no-console for TypeScript). Figures are ratios against
 * those baselines; absolute numbers depend on the machine.
 *
 * Each measurement runs in its own process under /usr/bin/time -v (when present) for peak memory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
}

const measureScript = fileURLToPath(new URL('./measure.js', import.meta.url));
const binScript = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const argv = process.argv.slice(2);
if (argv[0] === '--scale') {
  await scale(Number(argv[1] ?? 500_000));
  process.exit(0);
}
const [pyArg, tsArg] = argv;
let tempDir: string | undefined;
let pyDir = pyArg;
let tsDir = tsArg ?? pyArg;
if (!pyDir) {
  tempDir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-bench-'));
  // ~530 lines per generated module: 200 modules give > 100,000 lines per language.
  const counts = writeCorpus(tempDir, 200);
  pyDir = path.join(tempDir, 'py');
  tsDir = path.join(tempDir, 'ts');
  console.log(`generated corpus: ${counts.python} Python lines, ${counts.typescript} TypeScript lines in ${tempDir}`);
}

function measure(mode: string, dir: string): Measurement {
  const useTime = existsSync('/usr/bin/time');
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

try {
  const pyParse = measure('py-parse', pyDir);
  const pyConvert = measure('py-convert', pyDir);
  const pyEslint = measure('py-eslint', pyDir);
  const pyLint = measure('py-lint', pyDir);
  const pyRuff = measure('py-ruff', pyDir);
  const tsBaseline = measure('ts-baseline', tsDir!);
  const tsLint = measure('ts-lint', tsDir!);
  console.log('\nPython (one thread; ratios are times relative to the named baseline)');
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
  console.log('\nTypeScript (one thread)');
  console.log(row(tsBaseline));
  console.log(row(tsLint, tsBaseline));
  for (const [rule, ms] of Object.entries(tsLint.ruleTimes)) console.log(`    ${rule.padEnd(42)} ${ms.toFixed(0).padStart(6)} ms`);
  // The stated targets, measured in one process each, best of five alternated runs.
  const pyCompare = measure('py-compare', pyDir);
  const tsCompare = measure('ts-compare', tsDir!);
  console.log(
    `\nsummary\n` +
      `  python, one cold pass per process (a CI run): runtime-ops ${pyLint.linesPerSecond} lines/s, Ruff-wasm ${pyRuff.linesPerSecond} lines/s: ${(pyRuff.ms / pyLint.ms).toFixed(2)}x Ruff's speed\n` +
      `  python, warm (same process, best of 5 alternated runs; WebAssembly fully tiered up): runtime-ops ${pyCompare.linesPerSecond} lines/s, Ruff-wasm ${pyCompare.baselineLinesPerSecond} lines/s: ${(1 / pyCompare.ratio!).toFixed(2)}x\n` +
      `  typescript (same process, best of 5 alternated runs): the recommended config costs ${tsCompare.ratio!.toFixed(2)}x ESLint with the same parser and only no-console`,
  );
} finally {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}

/**
 * `npm run bench -- --scale [lines]`: the whole runtime-ops command over a generated mixed
 * repository (default 500,000 lines, half Python, half TypeScript), under /usr/bin/time -v for
 * peak memory; then over half of it. Peak memory that does not grow with the number of files
 * shows that per-file memory (WASM trees, converted nodes) is released.
 */
async function scale(totalLines: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-scale-'));
  try {
    const perModule = 590; // lines of one generated module, per language
    const modules = Math.ceil(totalLines / 2 / perModule);
    const counts = writeCorpus(dir, modules);
    const half = mkdtempSync(path.join(tmpdir(), 'runtime-ops-scale-half-'));
    writeCorpus(half, Math.ceil(modules / 2));
    const run = (target: string) => {
      const started = Date.now();
      const child = spawnSync('/usr/bin/time', ['-v', process.execPath, binScript, '.', '--format', 'json', '--output-file', path.join(tmpdir(), 'runtime-ops-scale.json')], {
        cwd: target,
        encoding: 'utf8',
      });
      const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr)?.[1] ?? 0);
      return { seconds: (Date.now() - started) / 1000, peakMb: rss / 1024, status: child.status };
    };
    const full = run(dir);
    const halfRun = run(half);
    rmSync(half, { recursive: true, force: true });
    const lines = counts.python + counts.typescript;
    console.log(`scale: ${lines} lines (${counts.python} Python, ${counts.typescript} TypeScript) in ${modules * 2} files`);
    console.log(`  whole repository: ${full.seconds.toFixed(1)} s, peak ${full.peakMb.toFixed(0)} MB, exit ${full.status}`);
    console.log(`  half of it:       ${halfRun.seconds.toFixed(1)} s, peak ${halfRun.peakMb.toFixed(0)} MB, exit ${halfRun.status}`);
    console.log(`  peak memory growth for twice the files: ${(full.peakMb / halfRun.peakMb).toFixed(2)}x (1.00x = no growth per file); under 1 GB: ${full.peakMb < 1024 ? 'yes' : 'NO'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

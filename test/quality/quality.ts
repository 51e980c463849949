/**
 * The real-world evaluation: lint pinned public repositories with the zero-config `runtime-ops`
 * command, as a new user would, and score the findings against the judged ones.
 *
 *   npm run quality -- --repos-dir DIR [--clone] [--out DIR] [--reuse] [--set tuning|evaluation]
 *                      [--repo owner/name] [--write] [--worklist FILE] [--sample N]
 *
 * DIR holds one checkout per repository, named owner+name, at the commit pinned in repos.json
 * (--clone fetches missing ones from GitHub). See docs/quality.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import {
  END_MARKER,
  parseJsonl,
  renderRunTable,
  renderScoreTable,
  renderWorklist,
  replaceBetweenMarkers,
  sampleUnjudged,
  score,
  START_MARKER,
  summariseRun,
  validateJudgment,
  type EslintJsonResult,
  type Finding,
  type Judgment,
  type Miss,
  type Repo,
  type RepoRun,
} from './scoring.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const qualityDir = path.join(projectRoot, 'test/quality');
const bin = path.join(projectRoot, 'dist/src/cli/bin.js');
const LINT_TIMEOUT_MS = 30 * 60 * 1000;

function checkoutName(repo: Repo): string {
  return repo.repo.replace('/', '+');
}

function git(args: string[], cwd: string): void {
  const result = spawnSync('git', args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}`);
}

/** Fetches only the pinned commit (GitHub serves a commit by its hash) into a fresh checkout. */
function clone(repo: Repo, dir: string): void {
  mkdirSync(dir, { recursive: true });
  git(['init', '--quiet'], dir);
  git(['remote', 'add', 'origin', `https://github.com/${repo.repo}.git`], dir);
  git(['fetch', '--quiet', '--depth', '1', 'origin', repo.commit], dir);
  git(['checkout', '--quiet', '--detach', 'FETCH_HEAD'], dir);
}

/** The checkout's commit when it is a git work tree; a plain export cannot be checked. */
function checkoutCommit(dir: string): string | undefined {
  if (!existsSync(path.join(dir, '.git'))) return undefined;
  const result = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

interface RawRun {
  exitCode: number | null;
  seconds: number;
  stderr: string;
}

/** Runs the built command in zero-config mode with the checkout as working directory. */
function lint(dir: string, jsonFile: string): RawRun {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [bin, '.', '--no-config-lookup', '--format', 'json', '--output-file', jsonFile], {
    cwd: dir,
    encoding: 'utf8',
    timeout: LINT_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { exitCode: result.status, seconds, stderr: (result.stderr ?? '').slice(-4000) };
}

function readJsonl<T>(file: string): T[] {
  return existsSync(file) ? parseJsonl<T>(readFileSync(file, 'utf8'), path.basename(file)) : [];
}

/** The commit the linter was built from; only changes to the linter's own code make it "uncommitted". */
function gitDescribe(): string {
  const head = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no', '--', 'src', 'rules', 'package.json', 'package-lock.json'], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  const commit = head.status === 0 ? head.stdout.trim() : 'unknown';
  return dirty.status === 0 && dirty.stdout.trim() !== '' ? `${commit} (with uncommitted changes)` : commit;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      'repos-dir': { type: 'string' },
      clone: { type: 'boolean', default: false },
      out: { type: 'string' },
      reuse: { type: 'boolean', default: false },
      set: { type: 'string' },
      repo: { type: 'string', multiple: true },
      write: { type: 'boolean', default: false },
      worklist: { type: 'string' },
      sample: { type: 'string', default: '15' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || !values['repos-dir']) {
    process.stdout.write(
      'Usage: npm run quality -- --repos-dir DIR [--clone] [--out DIR] [--reuse] [--set tuning|evaluation]\n' +
        '                          [--repo owner/name]... [--write] [--worklist FILE] [--sample N]\n',
    );
    return values.help ? 0 : 2;
  }
  const reposDir = path.resolve(values['repos-dir']);
  const outDir = path.resolve(values.out ?? mkdtempSync(path.join(os.tmpdir(), 'runtime-ops-quality-')));
  mkdirSync(outDir, { recursive: true });
  const sample = Number(values.sample);
  if (!Number.isInteger(sample) || sample < 1) throw new Error('--sample takes a positive whole number');

  const allRepos = JSON.parse(readFileSync(path.join(qualityDir, 'repos.json'), 'utf8')) as Repo[];
  const judgments = readJsonl<Judgment>(path.join(qualityDir, 'judgments.jsonl'));
  judgments.forEach((judgment, index) => {
    const problems = validateJudgment(judgment);
    if (problems.length > 0) throw new Error(`judgments.jsonl:${index + 1}: ${problems.join(', ')}`);
  });
  const misses = readJsonl<Miss>(path.join(qualityDir, 'misses.jsonl'));
  const repos = allRepos.filter((repo) => (!values.set || repo.set === values.set) && (!values.repo || values.repo.includes(repo.repo)));

  const runs: RepoRun[] = [];
  const findings: Finding[] = [];
  for (const repo of repos) {
    const dir = path.join(reposDir, checkoutName(repo));
    const jsonFile = path.join(outDir, `${checkoutName(repo)}.json`);
    const runFile = path.join(outDir, `${checkoutName(repo)}.run.json`);
    try {
      if (!existsSync(dir)) {
        if (!values.clone) throw new Error(`no checkout at ${dir} (use --clone)`);
        clone(repo, dir);
      }
      const commit = checkoutCommit(dir);
      if (commit && commit !== repo.commit) throw new Error(`checkout is at ${commit.slice(0, 12)}, pinned ${repo.commit.slice(0, 12)}`);
      let raw: RawRun;
      if (values.reuse && existsSync(jsonFile) && existsSync(runFile)) raw = JSON.parse(readFileSync(runFile, 'utf8')) as RawRun;
      else {
        raw = lint(dir, jsonFile);
        writeFileSync(runFile, `${JSON.stringify(raw)}\n`);
      }
      if (raw.exitCode !== 0 && raw.exitCode !== 1) throw new Error(`exit ${raw.exitCode}: ${raw.stderr.trim().split('\n').pop() ?? ''}`);
      const results = JSON.parse(readFileSync(jsonFile, 'utf8')) as EslintJsonResult[];
      const summary = summariseRun(repo.repo, dir, results);
      findings.push(...summary.findings);
      runs.push({ repo, summary, exitCode: raw.exitCode, seconds: raw.seconds });
      process.stderr.write(
        `${repo.repo}: ${summary.findings.length} findings, ${summary.files} files, ${summary.parsingErrors} parsing errors, ${summary.otherMessages} other messages, ${raw.seconds.toFixed(1)} s\n`,
      );
    } catch (error) {
      runs.push({ repo, exitCode: null, seconds: 0, error: (error as Error).message });
      process.stderr.write(`${repo.repo}: ${(error as Error).message}\n`);
    }
  }

  const rows = score(repos, findings, judgments, misses);
  const generated = [
    `Run on ${new Date().toISOString().slice(0, 10)} at runtime-ops commit \`${gitDescribe()}\`.`,
    '',
    renderRunTable(runs),
    '',
    renderScoreTable(rows),
  ].join('\n');
  process.stdout.write(`${generated}\n`);
  process.stderr.write(`raw results in ${outDir}\n`);

  if (values.write) {
    if (values.set || values.repo) throw new Error('--write needs the whole list of repositories (no --set or --repo)');
    const docFile = path.join(projectRoot, 'docs/quality.md');
    writeFileSync(docFile, replaceBetweenMarkers(readFileSync(docFile, 'utf8'), generated));
    process.stderr.write(`updated docs/quality.md between ${START_MARKER} and ${END_MARKER}\n`);
  }
  if (values.worklist) {
    const items = sampleUnjudged(repos, findings, judgments, sample);
    const readLines = (repo: string, file: string): string[] | undefined => {
      try {
        return readFileSync(path.join(reposDir, repo.replace('/', '+'), file), 'utf8').split(/\r?\n/);
      } catch {
        return undefined;
      }
    };
    writeFileSync(values.worklist, renderWorklist(items, readLines));
    process.stderr.write(`worklist of ${items.length} findings in ${values.worklist}\n`);
  }
  return runs.some((run) => run.error) ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`quality: ${(error as Error).message}\n`);
  process.exitCode = 2;
}

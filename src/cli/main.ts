/**
 * The `runtime-ops` command: lint paths with ESLint's Node API, with zero configuration when the
 * project has no eslint.config.*, and write stylish, json, sarif or github output.
 *
 * Exit codes: 0 clean, 1 errors (or more warnings than --max-warnings), 2 usage or fatal error.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import { eslintOptions, OPTIONS_ENV, type CloneableOptions } from './options.js';
import { isInside, listLintableFiles, shardOf } from './files.js';
import { MergeError, mergeSarifFiles } from './merge-sarif.js';
import { enabledRuleIds, toSarif } from '../formatters/sarif.js';
import { applySuppressions, DEFAULT_SUPPRESSIONS_FILE, loadSuppressions, prune, saveSuppressions, suppress } from './suppressions.js';
import { toGithubAnnotations } from '../formatters/github.js';
import { ArgvError, normalizeArgv, type OptionSpec } from './argv.js';
import { checkedByRuntimeOps, configError, oneLine, withoutWarnings } from './outcome.js';
import { dropForeignDirectiveReports } from './zero-config.js';
import { escapeControl, escapeResults } from './escape.js';
import { assertPlainOutput, OutputError, removeStaleOutput, writeFileAtomically } from './output.js';
import { fatalResult, lintListedFiles } from './lint.js';
import { earlyWorkers, poolSize, startPool } from './pool.js';
import { withoutUncheckedFiles } from './unchecked.js';

export const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

const HELP = `Usage: runtime-ops [paths...] [options]
       runtime-ops merge-sarif [-o merged.sarif] shard-1.sarif shard-2.sarif ...

Lint TypeScript/JavaScript and Python for runtime mistakes. Paths default to the current folder.
Uses the project's eslint.config.* when there is one, else the recommended config.

Options:
  -f, --format <name>        stylish (default), json, sarif or github
  -o, --output-file <file>   write the report to a file instead of standard output
      --max-warnings <n>     exit 1 when there are more than n warnings (-1: no limit)
      --quiet                report errors only
      --fix                  apply automatic fixes to the files
      --fix-dry-run          compute fixes without writing them (see --format json)
      --report-unused-disable-directives
                             report unused eslint-disable comments as errors
      --no-warn-ignored      accepted for eslint compatibility: ignored files named on the
                             command line are always skipped quietly
  -c, --config <file>        use this ESLint config file
      --sarif-category <id>  SARIF automationDetails.id, for several runs in one repository
      --cache                only lint changed files (ESLint's cache)
      --cache-location <p>   where the cache lives (default .eslintcache)
      --concurrency <n>      threads: a number, auto (one per 150 files, up to the cores) or off
      --shard <i>/<n>        lint only shard i of n of the files (a stable split for CI matrices)
      --no-inline-config     ignore eslint and noqa comments in the linted files (for untrusted code)
      --no-config-lookup     ignore the project's eslint.config.* and use the recommended config
      --                     everything after is a path, even if it starts with -

Bulk suppressions (ESLint's eslint-suppressions.json, interchangeable with eslint --suppress-all):
      --suppress-all                   record every current error in the suppressions file
      --suppress-rule <id>             record the current errors of this rule (repeatable)
      --prune-suppressions             remove suppressions whose findings are gone
      --suppressions-location <file>   the suppressions file (default eslint-suppressions.json)
      --pass-on-unpruned-suppressions  do not fail when recorded findings are gone
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no errors, 1 errors or too many warnings, 2 usage or fatal error.`;

export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** A problem with how the command was called: one clear line and exit 2. */
class UsageError extends Error {}

/** Nothing would be checked (no file, or no runtime-ops rule enabled): one clear line and exit 2. */
class NothingToLint extends Error {}

function notEnabledMessage(configFile: string, cwd: string, files: number): string {
  return `no runtime-ops rule is enabled for the ${files} file${files === 1 ? '' : 's'} to lint by ${path.relative(cwd, configFile) || configFile}, so nothing would be checked; add ...runtimeOps.configs.recommended to it, or pass another config with --config`;
}

interface ParsedArgs {
  paths: string[];
  format: Format;
  outputFile?: string;
  maxWarnings?: number;
  config?: string;
  sarifCategory?: string;
  cache: boolean;
  cacheLocation?: string;
  concurrency?: number | 'auto' | 'off';
  shard?: { index: number; count: number };
  suppressAll: boolean;
  suppressRules?: string[];
  pruneSuppressions: boolean;
  suppressionsLocation?: string;
  passOnUnprunedSuppressions: boolean;
  quiet: boolean;
  fix: boolean;
  fixDryRun: boolean;
  reportUnusedDisableDirectives: boolean;
  inlineConfig: boolean;
  /** `false` with `--no-config-lookup`: the project's eslint.config.* is not used (zero configuration). */
  configLookup: boolean;
  help: boolean;
  version: boolean;
}

/** The command's options, as `parseArgs` declares them. */
const OPTIONS = {
        format: { type: 'string', short: 'f' },
        'output-file': { type: 'string', short: 'o' },
        'max-warnings': { type: 'string' },
        config: { type: 'string', short: 'c' },
        'sarif-category': { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        concurrency: { type: 'string' },
        shard: { type: 'string' },
        'suppress-all': { type: 'boolean' },
        'suppress-rule': { type: 'string', multiple: true },
        'prune-suppressions': { type: 'boolean' },
        'suppressions-location': { type: 'string' },
        'pass-on-unpruned-suppressions': { type: 'boolean' },
        quiet: { type: 'boolean' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        'report-unused-disable-directives': { type: 'boolean' },
        'no-warn-ignored': { type: 'boolean' },
        'no-inline-config': { type: 'boolean' },
        'no-config-lookup': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
} satisfies OptionSpec;

export function parseCommandLine(argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: normalizeArgv(argv, OPTIONS), allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError(error instanceof ArgvError ? error.message : oneLine((error as Error).message));
  }
  const { values, positionals } = parsed;
  const format = (values.format ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}"; use one of ${FORMATS.join(', ')}`);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError('--max-warnings takes a whole number');
  }
  let concurrency: ParsedArgs['concurrency'];
  if (values.concurrency !== undefined) {
    const value = values.concurrency;
    if (value === 'auto' || value === 'off') concurrency = value;
    else if (/^[1-9]\d*$/.test(value)) concurrency = Number(value);
    else throw new UsageError('--concurrency takes a positive number, auto or off');
  }
  let shard: ParsedArgs['shard'];
  if (values.shard !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(values.shard);
    const index = Number(match?.[1]);
    const count = Number(match?.[2]);
    if (!match || count < 1 || index < 1 || index > count) throw new UsageError('--shard takes i/n with 1 <= i <= n, for example 2/4');
    shard = { index, count };
  }
  const suppressAll = values['suppress-all'] ?? false;
  const suppressRules = values['suppress-rule'];
  const pruneSuppressions = values['prune-suppressions'] ?? false;
  // The same exclusions as `eslint`: each of these rewrites the file in its own way.
  if (suppressAll && suppressRules) throw new UsageError('--suppress-all and --suppress-rule cannot be used together');
  if (suppressAll && pruneSuppressions) throw new UsageError('--suppress-all and --prune-suppressions cannot be used together');
  if (suppressRules && pruneSuppressions) throw new UsageError('--suppress-rule and --prune-suppressions cannot be used together');
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be used together');
  if (shard && (suppressAll || suppressRules || pruneSuppressions)) {
    throw new UsageError('--suppress-all, --suppress-rule and --prune-suppressions rewrite one file: run them without --shard');
  }
  return {
    paths: positionals.length ? positionals : ['.'],
    format,
    outputFile: values['output-file'],
    maxWarnings,
    config: values.config,
    sarifCategory: values['sarif-category'],
    cache: values.cache ?? false,
    cacheLocation: values['cache-location'],
    concurrency,
    shard,
    suppressAll,
    suppressRules,
    pruneSuppressions,
    suppressionsLocation: values['suppressions-location'],
    passOnUnprunedSuppressions: values['pass-on-unpruned-suppressions'] ?? false,
    quiet: values.quiet ?? false,
    fix: values.fix ?? false,
    fixDryRun: values['fix-dry-run'] ?? false,
    reportUnusedDisableDirectives: values['report-unused-disable-directives'] ?? false,
    inlineConfig: !(values['no-inline-config'] ?? false),
    configLookup: !(values['no-config-lookup'] ?? false),
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Run the command; resolves to the exit code. Never throws. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  const report: ReportTarget = {};
  try {
    return await runOrThrow(argv, io, report);
  } catch (error) {
    // Messages may carry paths and text from the linted files: printed escaped, on one line.
    if (error instanceof UsageError || error instanceof OutputError) {
      io.stderr(`runtime-ops: ${escapeControl(error.message)}\nRun runtime-ops --help for usage.\n`);
    } else {
      // A fatal error still gets one clear line (ESLint's whole message, joined); the stack only on request.
      const message = error instanceof Error ? error.message : String(error);
      io.stderr(`runtime-ops: ${escapeControl(oneLine(message))}\n`);
      if (process.env.DEBUG) io.stderr(`${(error as Error).stack}\n`);
      writeFailedReport(report, message.split('\n')[0], io);
    }
    return 2;
  }
}

/** The report file of a run, once it is known to be safe to write: a failed run leaves no stale report there. */
interface ReportTarget {
  file?: string;
  args?: ParsedArgs;
  cwd?: string;
}

/** After a fatal error: a SARIF report becomes a log with `executionSuccessful: false`; any other report stays removed. */
function writeFailedReport(report: ReportTarget, message: string, io: CliIO): void {
  if (!report.file || report.args?.format !== 'sarif') return;
  try {
    const log = toSarif([], { sourceRoot: report.cwd!, category: report.args.sarifCategory, executionSuccessful: false });
    log.runs[0].invocations![0].toolExecutionNotifications!.push({ level: 'error', message: { text: `runtime-ops failed: ${message}` } });
    writeFileAtomically(report.file, `${JSON.stringify(log, null, 2)}\n`);
  } catch (error) {
    io.stderr(`runtime-ops: could not write the failed-run report: ${escapeControl((error as Error).message)}\n`);
  }
}

async function runOrThrow(argv: string[], io: CliIO, report: ReportTarget): Promise<number> {
  if (argv[0] === 'merge-sarif') return runMergeSarif(argv.slice(1), io);
  const args = parseCommandLine(argv);
  if (args.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  if (args.version) {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  // A path with glob characters that names no file is a pattern: it goes to ESLint as it is, while
  // files and folders are listed here (see files.ts).
  const isGlob = (target: string) => /[*?{}[\]]/.test(target) && !existsSync(path.resolve(io.cwd, target));
  for (const target of args.paths) {
    if (!isGlob(target) && !existsSync(path.resolve(io.cwd, target))) throw new UsageError(`no such file or folder: ${target}`);
  }
  // The report, and the cache ESLint writes, are never written through a symlink; an earlier report
  // is removed now, so that a run that fails or is killed cannot leave it looking current.
  if (args.outputFile) {
    assertPlainOutput(args.outputFile, io.cwd, '--output-file');
    report.file = path.resolve(io.cwd, args.outputFile);
    report.args = args;
    report.cwd = io.cwd;
    removeStaleOutput(report.file);
  }
  if (args.cache) assertPlainOutput(args.cacheLocation ?? '.eslintcache', io.cwd, 'the cache');
  // Like ESLint ("File ignored because outside of base path"), paths outside the working directory
  // are not linted; unlike it, they are not skipped silently, and a run that lints none of the named
  // paths fails.
  const named = args.paths.filter((target) => {
    if (isGlob(target) || isInside(path.resolve(io.cwd, target), io.cwd)) return true;
    io.stderr(`runtime-ops: warning: ${escapeControl(target)} is outside the working directory; not linted\n`);
    return false;
  });
  if (!named.length) throw new UsageError('none of the named paths is inside the working directory; run runtime-ops from the project root');
  if (args.config && !existsSync(path.resolve(io.cwd, args.config))) throw new UsageError(`no such config file: ${args.config}`);
  if (args.suppressionsLocation && !existsSync(path.resolve(io.cwd, args.suppressionsLocation)) && !args.suppressAll && !args.suppressRules) {
    throw new UsageError(`no such suppressions file: ${args.suppressionsLocation}; create it with --suppress-all or --suppress-rule`);
  }

  const cloneable: CloneableOptions = {
    cwd: io.cwd,
    configFile: args.config
      ? path.resolve(io.cwd, args.config)
      : args.configLookup
        ? ((await new ESLint({ cwd: io.cwd }).findConfigFile()) ?? true)
        : true,
    cache: args.cache,
    cacheLocation: args.cacheLocation,
    concurrency: args.concurrency,
    fix: args.fix || args.fixDryRun,
    reportUnusedDisableDirectives: args.reportUnusedDisableDirectives,
    ...(args.inlineConfig ? {} : { allowInlineConfig: false }),
  };
  const configFile = cloneable.configFile === true ? undefined : cloneable.configFile;
  let eslint: ESLint;
  // `--concurrency` is our own thread pool (pool.ts), except with `--cache`: ESLint's cache file is
  // written by the instance that linted, so then ESLint's own workers lint (with their default stack).
  const eslintConcurrency = args.cache && args.concurrency !== undefined && args.concurrency !== 'off';
  if (eslintConcurrency) {
    // Workers rebuild the options from this module; the cloneable settings travel in the environment.
    process.env[OPTIONS_ENV] = JSON.stringify(cloneable);
    eslint = await ESLint.fromOptionsModule(new URL('./options-module.js', import.meta.url));
  } else {
    eslint = new ESLint(eslintOptions({ ...cloneable, concurrency: 'off' }));
  }

  const globs = named.filter(isGlob);
  if (globs.length && args.shard) throw new UsageError('--shard takes files and folders, not glob patterns');
  // `--concurrency`: the other threads start now, so that their start-up runs alongside the listing
  // (pool.ts). They do not keep the process alive: a run that ends before linting leaves them.
  const early = eslintConcurrency || globs.length ? 0 : earlyWorkers(args.concurrency);
  const pool = early ? startPool(early, cloneable) : undefined;
  const listed = await configError(configFile, io.cwd, () => listLintableFiles(eslint, named.filter((p) => !isGlob(p)), io.cwd));
  if (listed.outside.length) {
    const first = path.relative(io.cwd, listed.outside[0]);
    io.stderr(
      `runtime-ops: warning: skipped ${listed.outside.length} symbolic link${listed.outside.length === 1 ? '' : 's'} leading outside the working directory or into /proc, /sys or /dev (first: ${escapeControl(first)})\n`,
    );
  }
  const inShard = (file: string) => !args.shard || shardOf(path.relative(io.cwd, file), args.shard.count) === args.shard.index - 1;
  // Never "clean" for code that was not checked: no file at all, or a config without our rules.
  const namedFilesOnly = named.every((p) => !isGlob(p) && statSync(path.resolve(io.cwd, p)).isFile());
  if (!listed.files.length && !listed.unreadable.length && !globs.length) {
    // Files named on the command line that the config ignores (test files, say) are not failures,
    // as with `eslint --no-warn-ignored`: pre-commit and lint-staged name every staged file.
    if (namedFilesOnly) return 0;
    throw new NothingToLint(
      `no file to lint in ${named.join(', ')}: no .ts/.tsx/.js/.jsx/.mjs/.cjs/.mts/.cts/.py/.pyi file there that the config does not ignore`,
    );
  }
  if (configFile && listed.files.length && !(await checkedByRuntimeOps(eslint, listed.files))) {
    throw new NothingToLint(notEnabledMessage(configFile, io.cwd, listed.files.length));
  }
  // A file that vanishes during the run gets a result of its own (lintListedFiles) and the run goes on.
  // Zero configuration leaves out, unread, the files whose role no enabled rule checks (unchecked.ts).
  const inShardFiles = listed.files.filter(inShard);
  const targets = configFile ? inShardFiles : (await withoutUncheckedFiles(eslint, inShardFiles, io.cwd)).files;
  const threads = eslintConcurrency || globs.length ? 0 : poolSize(args.concurrency, targets.length);
  if (!threads) pool?.stop();
  let linted = threads ? await (pool ?? startPool(0, cloneable)).lint(targets, threads, eslint) : await lintListedFiles(eslint, targets, globs);
  if (globs.length && !listed.files.length && !linted.length && !listed.unreadable.length) {
    throw new NothingToLint(`no file matches ${globs.join(', ')}`);
  }
  if (configFile && !listed.files.length && linted.length && !(await checkedByRuntimeOps(eslint, linted.map((r) => r.filePath)))) {
    throw new NothingToLint(notEnabledMessage(configFile, io.cwd, linted.length));
  }
  if (!configFile) linted = dropForeignDirectiveReports(linted);
  if (args.quiet) linted = withoutWarnings(linted);
  if (args.fix) await ESLint.outputFixes(linted);
  linted.push(...listed.unreadable.filter((entry) => inShard(entry.filePath)).map((entry) => fatalResult(entry.filePath, entry.message)));
  linted.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  // typescript-estree reports some parse errors of binary input at column 0; columns are 1-based.
  for (const result of linted) for (const message of result.messages) if (message.column < 1) message.column = 1;
  const { results, unusedSuppressions } = bulkSuppressions(linted, args, io.cwd);

  const output = await format(eslint, results, args, io.cwd);
  if (report.file) {
    mkdirSync(path.dirname(report.file), { recursive: true });
    writeFileAtomically(report.file, output);
  } else if (output) {
    io.stdout(output.endsWith('\n') ? output : `${output}\n`);
  }

  if (unusedSuppressions > 0 && !args.passOnUnprunedSuppressions) {
    io.stderr(
      `runtime-ops: ${unusedSuppressions} recorded suppressions no longer occur; run with --prune-suppressions to remove them (or --pass-on-unpruned-suppressions to ignore them)\n`,
    );
    return 2;
  }
  const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
  const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
  if (errors > 0) return 1;
  if (args.maxWarnings !== undefined && args.maxWarnings >= 0 && warnings > args.maxWarnings) {
    io.stderr(`runtime-ops: ${warnings} warnings, more than --max-warnings ${args.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

async function format(eslint: ESLint, results: ESLint.LintResult[], args: ParsedArgs, cwd: string): Promise<string> {
  switch (args.format) {
    case 'sarif': {
      const log = toSarif(results, {
        sourceRoot: cwd,
        category: args.sarifCategory,
        enabledRules: await enabledRuleIds(eslint, results.map((result) => result.filePath)),
        rulesMeta: eslint.getRulesMetaForResults(results),
        executionSuccessful: true,
      });
      return `${JSON.stringify(log, null, 2)}\n`;
    }
    case 'github': {
      return toGithubAnnotations(results, cwd);
    }
    default: {
      // A human format: paths and messages escaped, so linted text cannot start lines or drive the terminal.
      const formatter = await eslint.loadFormatter(args.format);
      return formatter.format(escapeResults(results), { cwd, rulesMeta: eslint.getRulesMetaForResults(results) } as never) as string;
    }
  }
}

/**
 * ESLint's bulk suppressions, as `eslint` does them (see suppressions.ts): record (--suppress-all,
 * --suppress-rule) or prune first when asked, then apply the file when there is one. Returns the
 * results with suppressed findings moved aside and the number of recorded suppressions left unused.
 */
function bulkSuppressions(
  linted: ESLint.LintResult[],
  args: ParsedArgs,
  cwd: string,
): { results: ESLint.LintResult[]; unusedSuppressions: number } {
  const file = path.resolve(cwd, args.suppressionsLocation ?? DEFAULT_SUPPRESSIONS_FILE);
  const rewrites = args.suppressAll || args.suppressRules !== undefined || args.pruneSuppressions;
  if (!rewrites && !existsSync(file)) return { results: linted, unusedSuppressions: 0 };
  let suppressions = loadSuppressions(file);
  if (args.suppressAll || args.suppressRules) suppressions = suppress(suppressions, linted, cwd, args.suppressRules);
  if (args.pruneSuppressions) suppressions = prune(suppressions, linted, cwd);
  if (rewrites) saveSuppressions(file, suppressions);
  const { results, unused } = applySuppressions(linted, suppressions, cwd);
  return { results, unusedSuppressions: Object.values(unused).reduce((sum, rules) => sum + Object.keys(rules).length, 0) };
}

/** `runtime-ops merge-sarif [-o FILE] a.sarif b.sarif …`: one run from the shards' runs. */
function runMergeSarif(argv: string[], io: CliIO): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { 'output-file': { type: 'string', short: 'o' } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const files = parsed.positionals.map((file) => path.resolve(io.cwd, file));
  if (!files.length) throw new UsageError('merge-sarif takes the SARIF files to merge');
  for (const file of files) if (!existsSync(file)) throw new UsageError(`no such file: ${path.relative(io.cwd, file)}`);
  let merged;
  try {
    merged = mergeSarifFiles(files);
  } catch (error) {
    if (error instanceof MergeError) throw new UsageError(error.message);
    throw error;
  }
  const text = `${JSON.stringify(merged, null, 2)}\n`;
  if (parsed.values['output-file']) writeFileSync(path.resolve(io.cwd, parsed.values['output-file']), text);
  else io.stdout(text);
  return 0;
}

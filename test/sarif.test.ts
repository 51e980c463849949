/**
 * SARIF 2.1.0 (issue 7): every point of the Content list, on a generated workspace with
 * suppressions in both languages, parse errors and awkward file names, and on fixtures/; the shared
 * validator (CI only) recomputes fingerprints and cross-checks against ESLint's JSON; the ESLint
 * formatter runs as users run it; GitHub annotations.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import type * as Sarif from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { escapeData, escapeProperty, toGithubAnnotations } from '../src/formatters/github.js';
import { lineHashes } from '../src/formatters/line-hash.js';
import { artifactLocationOf, enabledRuleIds, markdownToText, ruleHelp, toSarif } from '../src/formatters/sarif.js';
import { FIXTURES, ROOT, readExpectations } from './fixture-runner.js';
import { pluginConfig } from './plugin-config.js';

const VALIDATOR = path.resolve(ROOT, '..', 'shared', 'sarif', 'validate-sarif.mjs');
const HAS_VALIDATOR = existsSync(VALIDATOR);
/** Shown as the test name when the validator test skips, so the reason is in the report. */
const VALIDATOR_MISSING = HAS_VALIDATOR ? '' : ` [skipped: ${VALIDATOR} is absent; ../shared exists in CI, not in a user's clone]`;
const ESLINT_BIN = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const FORMATTER = path.join(ROOT, 'dist', 'src', 'formatters', 'eslint-formatter-sarif.js');
const DOCS = path.join(ROOT, 'docs', 'rules');
const LOGGING = 'runtime-ops/no-unstructured-logging';

/** Realistic service code: findings, suppressions of every kind, parse errors, hard file names. */
const SOURCES: Record<string, string> = {
  'services/order service/handler #2.ts': [
    "import pino from 'pino';",
    '',
    'const logger = pino();',
    '',
    'export function handle(orderId: string): void {',
    "  const banner = 'café ☕ 😀'; console.log(banner, orderId);",
    '  // eslint-disable-next-line runtime-ops/no-unstructured-logging -- startup banner goes to stdout by design',
    "  console.log('order service ready');",
    '  logger.info(`order ${orderId} accepted`); // eslint-disable-line runtime-ops/no-unstructured-logging',
    '  debugger;',
    '}',
    '',
  ].join('\n'),
  'workers/50% off.py': [
    'import logging',
    '',
    'logger = logging.getLogger(__name__)',
    '',
    '',
    'def apply_discount(order_id):',
    '    print("applying discount", order_id)',
    '    print("discount applied")  # noqa: runtime-ops/no-unstructured-logging',
    '    logger.info(f"order {order_id} discounted")  # eslint-disable-line runtime-ops/no-unstructured-logging -- reviewed with SRE',
    '    # eslint-disable-next-line runtime-ops/no-unstructured-logging -- local debugging aid',
    '    print("debug", order_id)',
    '',
  ].join('\n'),
  // BOM and CRLF: the uploader hashes the file as it is on disk, BOM included.
  'workers/résumé.py': [
    '\uFEFFimport logging',
    '',
    '',
    'def upload(cv_id):',
    '    print("uploading", cv_id)',
    '',
    '',
    '# eslint-disable runtime-ops/no-unstructured-logging -- progress output of the import script',
    'def progress(count):',
    '    print("imported", count)',
    '# eslint-enable runtime-ops/no-unstructured-logging',
    '',
  ].join('\r\n'),
  'services/a,b:c.ts': [
    'export function report(): void {',
    "  console.info('50% done');",
    '}',
    '',
    '/* eslint-disable runtime-ops/no-unstructured-logging -- the CLI prints its usage */',
    'export function usage(): void {',
    "  console.log('usage: report [--json]');",
    '}',
    '/* eslint-enable runtime-ops/no-unstructured-logging */',
    '',
  ].join('\n'),
  'services/broken.ts': 'export const = ;\n',
  'workers/broken.py': 'def broken(:\n    pass\n',
  // An unused directive: ESLint reports it without a rule id.
  'services/config.ts': '// eslint-disable-next-line runtime-ops/no-unstructured-logging\nexport const port = 8080;\n',
};

const CONFIG = [...(plugin.configs.recommended as object[]), { files: ['**/*.ts'], rules: { 'no-debugger': 'warn' } }];

let scratch: string;
/** The linted project and SARIF source root. */
let work: string;
let out: string;
let eslint: ESLint;
let results: ESLint.LintResult[];
let log: Sarif.Log;
let run: Sarif.Run;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'runtime-ops-sarif-'));
  work = path.join(scratch, 'project');
  out = path.join(scratch, 'out');
  mkdirSync(out, { recursive: true });
  for (const [file, text] of Object.entries(SOURCES)) {
    mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    writeFileSync(path.join(work, file), text);
  }
  eslint = new ESLint({ cwd: work, overrideConfigFile: true, overrideConfig: CONFIG as never });
  results = await eslint.lintFiles(['.']);
  log = toSarif(results, {
    sourceRoot: work,
    category: 'services/api',
    enabledRules: await enabledRuleIds(eslint, results.map((result) => result.filePath)),
    rulesMeta: eslint.getRulesMetaForResults(results),
  });
  run = log.runs[0];
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const physical = (result: Sarif.Result): Sarif.PhysicalLocation => result.locations![0].physicalLocation!;
const uriOf = (file: string): string => file.split('/').map(encodeURIComponent).join('/');
function resultsAt(file: string, line: number): Sarif.Result[] {
  return run.results!.filter((r) => physical(r).artifactLocation!.uri === uriOf(file) && physical(r).region!.startLine === line);
}
function onlyResultAt(file: string, line: number): Sarif.Result {
  const found = resultsAt(file, line);
  expect(found, `${file}:${line}`).toHaveLength(1);
  return found[0];
}
const messagesOf = (file: string): ESLint.LintResult => results.find((r) => r.filePath === path.join(work, file))!;

describe('SARIF log', () => {
  it('is final SARIF 2.1.0 with one run', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
  });

  it('names the tool with version, semanticVersion and informationUri', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const { driver } = run.tool;
    expect(driver.name).toBe('runtime-ops');
    expect(driver.version).toBe(pkg.version);
    expect(driver.semanticVersion).toBe(pkg.version);
    expect(driver.informationUri).toBe('https://github.com/runtime-ops/eslint-plugin-runtime-ops');
  });

  it('lists every enabled runtime-ops rule, fired or not, from its meta and doc', () => {
    const rules = run.tool.driver.rules!;
    const recommended = Object.entries(plugin.rules).filter(([, rule]) => rule.meta.docs.recommended);
    expect(recommended.length).toBeGreaterThan(0);
    for (const [name, rule] of recommended) {
      const entry = rules.find((r) => r.id === `runtime-ops/${name}`);
      expect(entry, name).toBeDefined();
      expect(entry!.name).toBe(name.replace(/(^|-)(\w)/g, (_m, _dash, c: string) => c.toUpperCase()));
      expect(entry!.shortDescription).toEqual({ text: rule.meta.docs.description });
      expect(entry!.fullDescription).toEqual({ text: rule.meta.docs.rationale });
      expect(entry!.helpUri).toBe(rule.meta.docs.url);
      expect(new URL(entry!.helpUri!).protocol).toBe('https:');
      expect(entry!.defaultConfiguration).toEqual({ level: 'error' });
      expect(entry!.properties!.tags).toEqual(rule.meta.docs.tags);
      expect(entry!.properties!.precision).toBe(rule.meta.docs.precision);
      const doc = path.join(DOCS, `${name}.md`);
      if (existsSync(doc)) {
        // The doc page itself, relative links made absolute.
        expect(entry!.help!.markdown!.split('\n')[0]).toBe(readFileSync(doc, 'utf8').replace(/^\uFEFF/, '').trim().split('\n')[0]);
        expect(entry!.help!.text).not.toMatch(/^#/m);
      } else {
        expect(entry!.help).toEqual({
          text: `${rule.meta.docs.rationale}\n\nDocumentation: ${rule.meta.docs.url}`,
          markdown: `${rule.meta.docs.rationale}\n\n[Rule documentation](${rule.meta.docs.url})`,
        });
      }
    }
  });

  it('gives a rule of another plugin or ESLint core its own entry from its meta, or a minimal one', () => {
    const entry = run.tool.driver.rules!.find((r) => r.id === 'no-debugger')!;
    expect(entry.shortDescription).toEqual({ text: 'Disallow the use of `debugger`' });
    expect(entry.helpUri).toBe('https://eslint.org/docs/latest/rules/no-debugger');
    expect(entry.name).toBe('NoDebugger');

    const withoutMeta = toSarif(results, { sourceRoot: work }).runs[0].tool.driver.rules!.find((r) => r.id === 'no-debugger')!;
    expect(withoutMeta).toMatchObject({
      shortDescription: { text: 'ESLint rule no-debugger' },
      fullDescription: { text: 'ESLint rule no-debugger' },
      helpUri: 'https://eslint.org/docs/latest/rules/no-debugger',
      defaultConfiguration: { level: 'warning' },
    });
    expect(withoutMeta.help!.text).toBe('ESLint rule no-debugger\n\nDocumentation: https://eslint.org/docs/latest/rules/no-debugger');
  });

  it('keeps every ESLint message with a rule as a result, and nothing else', () => {
    const expected = results.flatMap((r) => [...r.messages, ...r.suppressedMessages].filter((m) => m.ruleId));
    expect(run.results).toHaveLength(expected.length);
    // handler #2.ts: 1 active, 2 suppressed, 1 no-debugger; 50% off.py: 1 active, 3 suppressed;
    // résumé.py: 1 active, 1 suppressed; a,b:c.ts: 1 active, 1 suppressed
    expect(expected).toHaveLength(12);
  });

  it('gives each result its ruleId, a matching ruleIndex, level and message text', () => {
    const rules = run.tool.driver.rules!;
    for (const result of run.results!) expect(rules[result.ruleIndex!].id).toBe(result.ruleId);

    const active = onlyResultAt('services/order service/handler #2.ts', 6);
    expect(active.ruleId).toBe(LOGGING);
    expect(active.level).toBe('error');
    expect(active.message.text).toBe(messagesOf('services/order service/handler #2.ts').messages[0].message);
    const warning = onlyResultAt('services/order service/handler #2.ts', 10);
    expect(warning).toMatchObject({ ruleId: 'no-debugger', level: 'warning', message: { text: "Unexpected 'debugger' statement." } });
  });

  it('locates results relative to the project root under %SRCROOT%, with UTF-16 columns', () => {
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `${pathToFileURL(work).href}/` } });
    expect(run.columnKind).toBe('utf16CodeUnits');
    const line = SOURCES['services/order service/handler #2.ts'].split('\n')[5];
    // `☕` is one UTF-16 unit and `😀` two: `console` starts at UTF-16 index 30, column 31.
    expect(line.indexOf('console.log')).toBe(30);
    expect(physical(onlyResultAt('services/order service/handler #2.ts', 6))).toEqual({
      artifactLocation: { uri: 'services/order%20service/handler%20%232.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 6, startColumn: 31, endLine: 6, endColumn: 31 + 'console.log'.length },
    });
    expect(physical(onlyResultAt('workers/50% off.py', 7)).region).toEqual({ startLine: 7, startColumn: 5, endLine: 7, endColumn: 10 });
  });

  it('percent-encodes spaces, #, % and non-ASCII in file names', () => {
    const uris = new Set(run.results!.map((r) => physical(r).artifactLocation!.uri));
    expect([...uris].sort()).toEqual([
      'services/a%2Cb%3Ac.ts',
      'services/order%20service/handler%20%232.ts',
      'workers/50%25%20off.py',
      'workers/r%C3%A9sum%C3%A9.py',
    ]);
    for (const uri of uris) expect(existsSync(path.join(work, decodeURIComponent(uri!)))).toBe(true);
    expect(artifactLocationOf('/elsewhere/app.ts', work)).toEqual({ uri: 'file:///elsewhere/app.ts' });
  });

  it("fingerprints each result's line as code scanning's uploader does", () => {
    for (const result of run.results!) {
      const file = path.join(work, decodeURIComponent(physical(result).artifactLocation!.uri!));
      const hashes = lineHashes(readFileSync(file, 'utf8'));
      expect(result.partialFingerprints).toEqual({ primaryLocationLineHash: hashes.get(physical(result).region!.startLine!) });
    }
    expect(onlyResultAt('workers/résumé.py', 5).partialFingerprints!.primaryLocationLineHash).toMatch(/^[0-9a-f]{1,16}:1$/);
  });

  it('keeps suppressed findings with suppressions[] (justification from `-- reason`) and gives the rest []', () => {
    const handler = 'services/order service/handler #2.ts';
    expect(onlyResultAt(handler, 8).suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'startup banner goes to stdout by design' },
    ]);
    expect(onlyResultAt(handler, 9).suppressions).toEqual([{ kind: 'inSource', status: 'accepted' }]);
    expect(onlyResultAt('workers/50% off.py', 8).suppressions).toEqual([{ kind: 'inSource', status: 'accepted' }]);
    expect(onlyResultAt('workers/50% off.py', 9).suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'reviewed with SRE' },
    ]);
    expect(onlyResultAt('workers/50% off.py', 11).suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'local debugging aid' },
    ]);
    // Block directives, in both languages.
    expect(onlyResultAt('services/a,b:c.ts', 7).suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'the CLI prints its usage' },
    ]);
    expect(onlyResultAt('workers/résumé.py', 10).suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'progress output of the import script' },
    ]);
    const active = [[handler, 6], [handler, 10], ['workers/50% off.py', 7], ['workers/résumé.py', 5], ['services/a,b:c.ts', 2]] as const;
    for (const [file, line] of active) expect(onlyResultAt(file, line).suppressions).toEqual([]);
    expect(run.results!.filter((r) => r.suppressions!.length > 0)).toHaveLength(7);
  });

  it('maps ESLint bulk suppressions (the suppressions file) to kind external', () => {
    const [first] = messagesOf('workers/résumé.py').messages;
    const bulk: ESLint.LintResult = {
      ...messagesOf('workers/résumé.py'),
      messages: [],
      suppressedMessages: [{ ...first, suppressions: [{ kind: 'file', justification: '' }] }],
    };
    expect(toSarif([bulk], { sourceRoot: work }).runs[0].results![0].suppressions).toEqual([{ kind: 'external', status: 'accepted' }]);
  });

  it('reports parse errors and rule-less messages as tool execution notifications', () => {
    const invocation = run.invocations![0];
    expect(invocation.executionSuccessful).toBe(true);
    const notifications = invocation.toolExecutionNotifications!;
    const fatal = (file: string) => messagesOf(file).messages.find((m) => m.fatal)!;
    expect(notifications).toEqual([
      {
        level: 'error',
        message: { text: fatal('services/broken.ts').message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'services/broken.ts', uriBaseId: '%SRCROOT%' },
              region: { startLine: 1, startColumn: fatal('services/broken.ts').column },
            },
          },
        ],
        properties: { fatal: true },
      },
      {
        level: 'warning',
        message: { text: messagesOf('services/config.ts').messages[0].message },
        locations: [
          { physicalLocation: { artifactLocation: { uri: 'services/config.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 1 } } },
        ],
      },
      {
        level: 'error',
        message: { text: fatal('workers/broken.py').message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'workers/broken.py', uriBaseId: '%SRCROOT%' },
              region: { startLine: 1, startColumn: fatal('workers/broken.py').column },
            },
          },
        ],
        properties: { fatal: true },
      },
    ]);
    expect(fatal('workers/broken.py').message).toMatch(/^Parsing error/);
    expect(toSarif(results, { sourceRoot: work, executionSuccessful: false }).runs[0].invocations![0].executionSuccessful).toBe(false);
  });

  it('sets automationDetails.id from the category, as a category code scanning tells apart', () => {
    expect(run.automationDetails).toEqual({ id: 'services/api/' });
    expect(toSarif(results, { sourceRoot: work, category: 'worker/' }).runs[0].automationDetails).toEqual({ id: 'worker/' });
    expect(toSarif(results, { sourceRoot: work }).runs[0].automationDetails).toBeUndefined();
  });

  it('lists only the runtime-ops rules enabled in the run when told which', () => {
    const ids = toSarif([], { sourceRoot: work, enabledRules: [LOGGING, 'no-console'] }).runs[0].tool.driver.rules!.map((r) => r.id);
    expect(ids).toEqual([LOGGING]);
    expect(toSarif([], { sourceRoot: work }).runs[0].tool.driver.rules!.map((r) => r.id)).toEqual(
      Object.keys(plugin.rules).map((name) => `runtime-ops/${name}`).sort(),
    );
  });

  it.skipIf(!HAS_VALIDATOR)(`passes the shared validator, fingerprints and the ESLint cross-check included${VALIDATOR_MISSING}`, () => {
    writeFileSync(path.join(out, 'out.sarif'), JSON.stringify(log, null, 2));
    writeFileSync(path.join(out, 'out.json'), JSON.stringify(results));
    expect(validate(path.join(out, 'out.sarif'), work, path.join(out, 'out.json'))).toBe('sarif-check: 0 problems');
  });
});

/** Run the shared validator as CI does; its only line is the summary when all is well. */
function validate(sarif: string, sourceRoot: string, eslintJson: string): string {
  const child = spawnSync(
    process.execPath,
    // The real path: the script runs its main only when started under its own path (not a symlink).
    [realpathSync(VALIDATOR), sarif, '--source-root', sourceRoot, '--eslint-json', eslintJson, '--column-kind', 'utf16CodeUnits'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const lines = child.stdout.trim().split('\n');
  // On failure, show every problem line (or why the validator did not run).
  return lines.length === 1 && lines[0] ? lines[0] : `${child.stdout}${child.stderr}(exit ${child.status})`;
}

describe('primaryLocationLineHash', () => {
  // Reference values computed with github/codeql-action's algorithm (its rolling hash over the
  // first 100 non-blank UTF-16 units of each line, CR/CRLF read as LF).
  it.each([
    ['', [[1, 'c129715d7a2bc9a3:1']]],
    ['x = 1\n', [[1, '8e00d41f0ebba6bf:1'], [2, 'c129715d7a2bc9a3:1']]],
    ['a\r\nb\r\n', [[1, '81b8d8db678b2bbe:1'], [2, 'ade70578248be16f:1'], [3, 'c129715d7a2bc9a3:1']]],
    ['\uFEFFconst a = 1;\n', [[1, 'd9b82105ae287395:1'], [2, 'c129715d7a2bc9a3:1']]],
  ])('hashes %j', (text, expected) => {
    expect([...lineHashes(text)]).toEqual(expected);
  });

  it('ignores spaces and tabs and reads CR, LF and CRLF alike', () => {
    expect([...lineHashes('a\r\nb\r\n')]).toEqual([...lineHashes('a\nb\n')]);
    expect([...lineHashes('a\rb\r')]).toEqual([...lineHashes('a\nb\n')]);
    expect([...lineHashes('  a  =\t1\n')]).toEqual([...lineHashes('a=1\n')]);
  });

  it('numbers identical hashes in one file (:1, :2, ...)', () => {
    // Lines of 100+ identical units hash alike, since only the first 100 count.
    const row = `log(${'x'.repeat(120)})\n`;
    const hashes = [...lineHashes(row.repeat(3)).values()].slice(0, 3);
    const hex = hashes[0].split(':')[0];
    expect(hashes).toEqual([`${hex}:1`, `${hex}:2`, `${hex}:3`]);
  });

  it('computes the wanted lines only, with the same values', () => {
    const text = Object.values(SOURCES).join('\n');
    const all = lineHashes(text);
    expect([...lineHashes(text, new Set([2, 7]))]).toEqual([[2, all.get(2)], [7, all.get(7)]]);
  });

  it.skipIf(!HAS_VALIDATOR)(`agrees with the shared validator's port on random text${VALIDATOR_MISSING}`, async () => {
    const reference = (await import(pathToFileURL(VALIDATOR).href)) as { lineHashes(text: string): Map<number, string> };
    const pieces = ['a', ' ', '\t', '\n', '\r', '\r\n', 'é', '😀', '\uFEFF', 'x'.repeat(60)];
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let round = 0; round < 300; round++) {
      let text = '';
      for (let i = random(300); i > 0; i--) text += pieces[random(pieces.length)];
      expect([...lineHashes(text)]).toEqual([...reference.lineHashes(text)]);
    }
  });
});

describe('rule help', () => {
  const docsDir = pathToFileURL(`${path.join(ROOT, 'test', 'sarif-fixture-docs')}/`);
  const url = 'https://github.com/runtime-ops/eslint-plugin-runtime-ops/blob/main/docs/rules/no-unstructured-logging.md';

  it('is the doc page, with relative links made absolute, and its plain-text rendering', () => {
    const help = ruleHelp('no-unstructured-logging', 'Rationale.', url, docsDir);
    expect(help.markdown).toContain('[the CI guide](https://github.com/runtime-ops/eslint-plugin-runtime-ops/blob/main/docs/ci.md)');
    expect(help.markdown).toContain('[ESLint](https://eslint.org/)');
    expect(help.text).toBe(
      [
        'runtime-ops/no-unstructured-logging',
        '',
        'Placeholder doc page used only by test/sarif.test.ts to check how a doc becomes SARIF `help`.',
        '',
        'What it does',
        '',
        'Reports bare output such as `console.log`. See the CI guide (https://github.com/runtime-ops/eslint-plugin-runtime-ops/blob/main/docs/ci.md) and ESLint (https://eslint.org/).',
        '',
        'Examples',
        '',
        "    console.log('ready');",
      ].join('\n'),
    );
  });

  it('falls back to the rationale when the rule has no doc', () => {
    expect(ruleHelp('no-such-rule', 'Why it hurts.', url, docsDir)).toEqual({
      text: `Why it hurts.\n\nDocumentation: ${url}`,
      markdown: `Why it hurts.\n\n[Rule documentation](${url})`,
    });
  });

  it('renders markdown markup as text', () => {
    expect(markdownToText('## Why\n\n**Bold** and [x](https://x.test) <!-- note -->\n\n\n\nend')).toBe('Why\n\nBold and x (https://x.test) \n\nend');
  });
});

describe('fixtures/ as SARIF', () => {
  const files = existsSync(FIXTURES)
    ? readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(?:[cm]?[jt]sx?|pyi?)$/.test(file))
    : [];
  const NO_FIXTURES = files.length ? '' : ' [skipped: fixtures/ has no source files in this checkout]';

  it.skipIf(files.length === 0)(`reports every ruleid annotation of fixtures/ and passes the validator${NO_FIXTURES}`, async () => {
    const linter = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: pluginConfig('recommended'),
    });
    const fixtureResults = await linter.lintFiles(['fixtures']);
    const fixtureLog = toSarif(fixtureResults, { sourceRoot: ROOT, enabledRules: await enabledRuleIds(linter, fixtureResults.map((r) => r.filePath)) });
    const found = new Set(
      fixtureLog.runs[0].results!.map((r) => `${decodeURIComponent(physical(r).artifactLocation!.uri!)}:${physical(r).region!.startLine}:${r.ruleId}`),
    );
    for (const file of files) {
      const relative = path.posix.join('fixtures', file.split(path.sep).join('/'));
      for (const expectation of readExpectations(readFileSync(path.join(FIXTURES, file), 'utf8'))) {
        if (expectation.kind === 'ruleid') expect(found, relative).toContain(`${relative}:${expectation.line}:${expectation.ruleId}`);
      }
    }
    if (HAS_VALIDATOR) {
      writeFileSync(path.join(out, 'fixtures.sarif'), JSON.stringify(fixtureLog));
      writeFileSync(path.join(out, 'fixtures.json'), JSON.stringify(fixtureResults));
      expect(validate(path.join(out, 'fixtures.sarif'), ROOT, path.join(out, 'fixtures.json'))).toBe('sarif-check: 0 problems');
    }
  });
});

describe('ESLint formatter (eslint -f .../eslint-formatter-sarif.js)', () => {
  /** Run the ESLint CLI as a user does, with a config that spreads the plugin's recommended config. */
  function runEslint(cwd: string, target: string, format: string, output: string): void {
    const config = path.join(scratch, 'eslint.config.mjs');
    writeFileSync(
      config,
      `import plugin from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', 'src', 'index.js')).href)};\n` +
        "export default [...plugin.configs.recommended, { files: ['**/*.ts'], rules: { 'no-debugger': 'warn' } }];\n",
    );
    const child = spawnSync(process.execPath, [ESLINT_BIN, '--config', config, '-f', format, '-o', output, target], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, RUNTIME_OPS_SARIF_CATEGORY: 'cli' },
    });
    // 1: lint errors found (expected); 2 would be a crash.
    expect(child.status, child.stderr).toBe(1);
  }

  it('is exported as eslint-plugin-runtime-ops/formatter-sarif', async () => {
    // A variable specifier: the package resolves itself through package.json `exports` at run time.
    const specifier = 'eslint-plugin-runtime-ops/formatter-sarif';
    const exported = (await import(specifier)) as { default: unknown };
    const direct = (await import(pathToFileURL(FORMATTER).href)) as { default: unknown };
    expect(exported.default).toBe(direct.default);
  });

  it('writes the same log as toSarif for the same run', () => {
    runEslint(work, '.', FORMATTER, path.join(out, 'cli.sarif'));
    const written = JSON.parse(readFileSync(path.join(out, 'cli.sarif'), 'utf8')) as Sarif.Log;
    // The formatter cannot know the enabled rules, so it lists all of runtime-ops (all recommended today).
    const expected = toSarif(results, { sourceRoot: work, category: 'cli', rulesMeta: eslint.getRulesMetaForResults(results) });
    expect(written).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it.skipIf(!HAS_VALIDATOR)(`lints fixtures/ into a log the shared validator accepts${VALIDATOR_MISSING}`, () => {
    const hasFixtures = existsSync(FIXTURES) && readdirSync(FIXTURES, { recursive: true }).some((f) => /\.(?:ts|py)$/.test(String(f)));
    const [cwd, target] = hasFixtures ? [ROOT, 'fixtures'] : [work, '.'];
    runEslint(cwd, target, './' + path.relative(cwd, FORMATTER).split(path.sep).join('/'), path.join(out, 'cli-fixtures.sarif'));
    runEslint(cwd, target, 'json', path.join(out, 'cli-fixtures.json'));
    expect(validate(path.join(out, 'cli-fixtures.sarif'), cwd, path.join(out, 'cli-fixtures.json'))).toBe('sarif-check: 0 problems');
  });
});

describe('GitHub annotations', () => {
  it('writes one workflow command per unsuppressed message, with file, line, col, end and title', () => {
    const text = toGithubAnnotations(results, work);
    const handlerMessage = messagesOf('services/order service/handler #2.ts').messages[0].message;
    const pythonMessage = messagesOf('workers/50% off.py').messages[0].message;
    const brokenPy = messagesOf('workers/broken.py').messages[0];
    expect(text.split('\n')).toEqual([
      `::error file=services/a%2Cb%3Ac.ts,line=2,col=3,endLine=2,endColumn=15,title=runtime-ops/no-unstructured-logging::${escapeData(messagesOf('services/a,b:c.ts').messages[0].message)}`,
      `::error file=services/broken.ts,line=1,col=${messagesOf('services/broken.ts').messages[0].column},title=Parse error::${escapeData(messagesOf('services/broken.ts').messages[0].message)}`,
      `::warning file=services/config.ts,line=1,col=1,title=ESLint::${escapeData(messagesOf('services/config.ts').messages[0].message)}`,
      `::error file=services/order service/handler #2.ts,line=6,col=31,endLine=6,endColumn=42,title=runtime-ops/no-unstructured-logging::${escapeData(handlerMessage)}`,
      "::warning file=services/order service/handler #2.ts,line=10,col=3,endLine=10,endColumn=12,title=no-debugger::Unexpected 'debugger' statement.",
      `::error file=workers/50%25 off.py,line=7,col=5,endLine=7,endColumn=10,title=runtime-ops/no-unstructured-logging::${escapeData(pythonMessage)}`,
      `::error file=workers/broken.py,line=1,col=${brokenPy.column},title=Parse error::${escapeData(brokenPy.message)}`,
      `::error file=workers/résumé.py,line=5,col=5,endLine=5,endColumn=10,title=runtime-ops/no-unstructured-logging::${escapeData(pythonMessage)}`,
      '',
    ]);
  });

  it("escapes %, CR and LF in messages and also : and , in properties (@actions/core's rules)", () => {
    expect(escapeData('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext: a, b');
    expect(escapeProperty('dir/a,b:c 100%.ts')).toBe('dir/a%2Cb%3Ac 100%25.ts');
  });

  it('is empty for a clean run', () => {
    expect(toGithubAnnotations([], work)).toBe('');
  });
});

/**
 * The real-world evaluation's scoring, on synthetic input: no network and no real repository here
 * (the evaluation itself runs with `npm run quality`, see docs/quality.md).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  codeContext,
  END_MARKER,
  languageOf,
  parseJsonl,
  precision,
  renderScoreTable,
  renderWorklist,
  replaceBetweenMarkers,
  sampleUnjudged,
  score,
  START_MARKER,
  summariseRun,
  validateJudgment,
  type Finding,
  type Judgment,
  type Repo,
} from './quality/scoring.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

const repos: Repo[] = [
  { repo: 'a/svc', commit: 'a'.repeat(40), language: ['Python', 'TS/JS'], set: 'tuning' },
  { repo: 'b/api', commit: 'b'.repeat(40), language: ['TS/JS'], set: 'evaluation' },
];

function finding(repo: string, file: string, line: number, ruleId = 'runtime-ops/no-lazy-env-read', messageId = 'lazyRead'): Finding {
  return { repo, file, line, column: 1, ruleId, messageId, message: `message of ${file}:${line}` };
}

function judgment(item: Finding, verdict: 'tp' | 'fp'): Judgment {
  const { repo, file, line, ruleId, messageId } = item;
  return { repo, file, line, ruleId, messageId, verdict, reason: 'synthetic', date: '2026-12-02' };
}

describe('quality: findings from ESLint JSON', () => {
  it('keeps runtime-ops findings with relative paths and counts parsing errors and other messages apart', () => {
    const summary = summariseRun('a/svc', '/checkouts/a+svc/', [
      {
        filePath: '/checkouts/a+svc/app/main.py',
        messages: [
          { ruleId: 'runtime-ops/no-lazy-env-read', messageId: 'lazyRead', message: 'm', line: 3, column: 5 },
          { ruleId: null, message: 'Parsing error: x', line: 1, column: 1, fatal: true },
        ],
      },
      { filePath: '/checkouts/a+svc/web/x.ts', messages: [{ ruleId: 'react-hooks/exhaustive-deps', message: 'Definition for rule was not found', line: 9 }] },
    ]);
    expect(summary.files).toBe(2);
    expect(summary.findings).toEqual([
      { repo: 'a/svc', file: 'app/main.py', line: 3, column: 5, ruleId: 'runtime-ops/no-lazy-env-read', messageId: 'lazyRead', message: 'm' },
    ]);
    expect(summary.parsingErrors).toBe(1);
    expect(summary.otherMessages).toBe(1);
    expect(summary.otherExamples).toEqual(['web/x.ts:9 Definition for rule was not found']);
  });

  it('tells the language by extension', () => {
    expect(languageOf('a/b.py')).toBe('Python');
    expect(languageOf('a/b.pyi')).toBe('Python');
    expect(languageOf('a/b.mts')).toBe('TS/JS');
    expect(languageOf('a/py.js')).toBe('TS/JS');
  });
});

describe('quality: scoring', () => {
  const tp = finding('a/svc', 'app/jobs.py', 10);
  const fp = finding('a/svc', 'scripts/seed.py', 4);
  const open = finding('a/svc', 'app/views.py', 7);
  const ts = finding('a/svc', 'server/index.ts', 2);
  const evaluation = finding('b/api', 'src/app.ts', 5, 'runtime-ops/no-unstructured-logging', 'bareOutput');

  it('counts findings, verdicts and unjudged findings per rule, message, language and set', () => {
    const rows = score(repos, [tp, fp, open, ts, evaluation], [judgment(tp, 'tp'), judgment(fp, 'fp'), judgment(evaluation, 'fp')], []);
    const python = rows.find((row) => row.set === 'tuning' && row.language === 'Python')!;
    expect(python).toMatchObject({ findings: 3, judged: 2, tp: 1, fp: 1, unjudged: 1, goneTp: 0, goneFp: 0 });
    expect(precision(python)).toBe(0.5);
    expect(rows.find((row) => row.set === 'tuning' && row.language === 'TS/JS')).toMatchObject({ findings: 1, judged: 0, unjudged: 1 });
    expect(rows.find((row) => row.set === 'evaluation')).toMatchObject({ ruleId: 'runtime-ops/no-unstructured-logging', messageId: 'bareOutput', fp: 1 });
    expect(rows.map((row) => row.set)).toEqual(['tuning', 'tuning', 'evaluation']);
  });

  it('needs the same message id and line for a verdict to apply', () => {
    const otherMessage = { ...tp, messageId: 'otherMessage' };
    const otherLine = { ...tp, line: 11 };
    const rows = score(repos, [otherMessage, otherLine], [judgment(tp, 'tp')], []);
    expect(rows.reduce((sum, row) => sum + row.judged, 0)).toBe(0);
    expect(rows.find((row) => row.messageId === 'lazyRead')).toMatchObject({ unjudged: 1, goneTp: 1 });
  });

  it('counts judged findings that are gone, and known misses with those now reported', () => {
    const rows = score(
      repos,
      [tp],
      [judgment(fp, 'fp')],
      [
        { repo: 'a/svc', file: 'app/jobs.py', line: 10, rule: 'no-lazy-env-read', reason: 'now found' },
        { repo: 'a/svc', file: 'app/jobs.py', line: 30, rule: 'runtime-ops/no-lazy-env-read', reason: 'still missed' },
        { repo: 'a/svc', file: 'app/jobs.py', line: 10, rule: 'no-lazy-env-read', messageId: 'lazyComputedRead', reason: 'other message' },
      ],
    );
    expect(rows.find((row) => row.messageId === 'lazyRead')).toMatchObject({ findings: 1, goneFp: 1, goneTp: 0 });
    expect(rows.find((row) => row.messageId === '(any)')).toMatchObject({ knownMisses: 2, missesFound: 1 });
    expect(rows.find((row) => row.messageId === 'lazyComputedRead')).toMatchObject({ findings: 0, knownMisses: 1, missesFound: 0 });
  });

  it('ignores repositories that are not in the list', () => {
    expect(score(repos, [finding('c/other', 'x.py', 1)], [], [])).toEqual([]);
  });

  it('renders precision as a percentage and a dash without verdicts', () => {
    const table = renderScoreTable(score(repos, [tp, fp, ts], [judgment(tp, 'tp'), judgment(fp, 'fp')], []));
    expect(table).toContain('| tuning | no-lazy-env-read | lazyRead | Python | 2 | 2 | 1 | 1 | 50% | 0 | 0 / 0 | 0 (0) |');
    expect(table).toContain('| tuning | no-lazy-env-read | lazyRead | TS/JS | 1 | 0 | 0 | 0 | – | 1 | 0 / 0 | 0 (0) |');
  });
});

describe('quality: sampling the worklist', () => {
  const many = Array.from({ length: 30 }, (_, index) => finding('a/svc', `app/m${index}.py`, index + 1));

  it('takes at most N unjudged findings per group, the same ones whatever the order', () => {
    const first = sampleUnjudged(repos, many, [], 5);
    const reversed = sampleUnjudged(repos, [...many].reverse(), [], 5);
    expect(first).toHaveLength(5);
    expect(reversed).toEqual(first);
    expect(new Set(first.map((item) => item.file)).size).toBe(5);
  });

  it('leaves out judged findings and keeps a group sample stable when another group grows', () => {
    const judged = many.slice(0, 10).map((item) => judgment(item, 'fp'));
    const sample = sampleUnjudged(repos, many, judged, 40);
    expect(sample).toHaveLength(20);
    expect(sample.every((item) => !judged.some((j) => j.file === item.file))).toBe(true);
    const extra = Array.from({ length: 10 }, (_, index) => finding('b/api', `src/f${index}.ts`, 1));
    const withExtra = sampleUnjudged(repos, [...many, ...extra], [], 5);
    expect(withExtra.filter((item) => item.repo === 'a/svc')).toEqual(sampleUnjudged(repos, many, [], 5));
    expect(withExtra.filter((item) => item.repo === 'b/api')).toHaveLength(5);
  });

  it('lists a finding reported twice on one line once', () => {
    expect(sampleUnjudged(repos, [many[0]!, { ...many[0]!, column: 9 }], [], 5)).toHaveLength(1);
  });

  it('writes the code around a finding with its line marked and a judgment line to fill in', () => {
    const lines = Array.from({ length: 50 }, (_, index) => `line ${index + 1}`);
    expect(codeContext(lines, 2, 2)).toBe('  1 | line 1\n> 2 | line 2\n  3 | line 3\n  4 | line 4');
    const text = renderWorklist([{ ...many[0]!, set: 'tuning' }], () => ['x = "```"'], 20);
    expect(text).toContain('a/svc: `app/m0.py:1:1`');
    expect(text).toContain('````\n> 1 | x = "```"\n````');
    expect(text).toContain('"verdict":""');
    expect(renderWorklist([{ ...many[0]!, set: 'tuning' }], () => undefined)).toContain('(file not readable)');
  });
});

describe('quality: files', () => {
  it('parses JSON Lines and names the bad line', () => {
    expect(parseJsonl('{"a":1}\n\n{"a":2}\n', 'x.jsonl')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(() => parseJsonl('{"a":1}\n{oops\n', 'x.jsonl')).toThrow(/^x\.jsonl:2: /);
  });

  it('rejects a judgment without a verdict or a line', () => {
    const good = judgment(finding('a/svc', 'x.py', 1), 'tp');
    expect(validateJudgment(good)).toEqual([]);
    expect(validateJudgment({ ...good, verdict: 'maybe' as 'tp', line: 0 })).toEqual(['line must be a positive integer', 'verdict must be "tp" or "fp"']);
  });

  it('replaces only the generated block of the document', () => {
    const doc = `intro\n${START_MARKER}\nold\n${END_MARKER}\noutro\n`;
    expect(replaceBetweenMarkers(doc, 'new')).toBe(`intro\n${START_MARKER}\nnew\n${END_MARKER}\noutro\n`);
    expect(() => replaceBetweenMarkers('no markers', 'new')).toThrow(/no/);
  });

  it('the checked-in lists are well formed: pinned commits, known sets, judgments of listed repositories', () => {
    const listed = JSON.parse(readFileSync(path.join(ROOT, 'test/quality/repos.json'), 'utf8')) as Repo[];
    for (const repo of listed) {
      expect(repo.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(['tuning', 'evaluation']).toContain(repo.set);
    }
    const names = new Set(listed.map((repo) => repo.repo));
    const judgments = parseJsonl<Judgment>(readFileSync(path.join(ROOT, 'test/quality/judgments.jsonl'), 'utf8'), 'judgments.jsonl');
    for (const item of judgments) {
      expect(validateJudgment(item)).toEqual([]);
      expect(names.has(item.repo)).toBe(true);
    }
  });
});

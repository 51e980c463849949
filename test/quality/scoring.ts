/**
 * The pure part of the real-world evaluation: turning ESLint JSON results into findings, matching
 * them with judged findings, scoring precision per rule, message, language and set, sampling the
 * unjudged findings for a reviewer, and rendering the tables. No file system, no processes: the
 * command in quality.ts does the I/O, and test/quality.test.ts tests this module on synthetic input.
 */
import { createHash } from 'node:crypto';

export type RepoSet = 'tuning' | 'evaluation';
export type Language = 'Python' | 'TS/JS';

/** One pinned repository of repos.json. */
export interface Repo {
  repo: string;
  commit: string;
  language: string[];
  set: RepoSet;
  kind?: string;
}

/** One runtime-ops finding in a repository, with its file path relative to the checkout. */
export interface Finding {
  repo: string;
  file: string;
  line: number;
  column: number;
  ruleId: string;
  messageId: string;
  message: string;
}

/** A reviewer's verdict on one finding (a line of judgments.jsonl). */
export interface Judgment {
  repo: string;
  file: string;
  line: number;
  ruleId: string;
  messageId: string;
  verdict: 'tp' | 'fp';
  reason: string;
  judge?: string;
  date: string;
}

/** A finding a reviewer expected and did not get (a line of misses.jsonl); with a message id, only that message finds it. */
export interface Miss {
  repo: string;
  file: string;
  line: number;
  rule: string;
  messageId?: string;
  reason: string;
}

/** What the command reported besides findings, per repository. */
export interface RunSummary {
  files: number;
  findings: Finding[];
  parsingErrors: number;
  otherMessages: number;
  otherExamples: string[];
}

/** The slice of ESLint's JSON format the evaluation reads. */
export interface EslintJsonResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; messageId?: string; message: string; line?: number; column?: number; fatal?: boolean }>;
}

const PYTHON_EXTENSIONS = ['.py', '.pyi'];

/** The language of a file, from its extension (a mixed repository counts for both languages). */
export function languageOf(file: string): Language {
  return PYTHON_EXTENSIONS.some((ext) => file.endsWith(ext)) ? 'Python' : 'TS/JS';
}

/** A checkout-relative path with forward slashes. */
export function relativePath(root: string, filePath: string): string {
  const normalRoot = root.replace(/\\/g, '/').replace(/\/+$/, '');
  const normalFile = filePath.replace(/\\/g, '/');
  return normalFile.startsWith(`${normalRoot}/`) ? normalFile.slice(normalRoot.length + 1) : normalFile;
}

/** Splits one repository's ESLint JSON output into runtime-ops findings and everything else. */
export function summariseRun(repo: string, root: string, results: EslintJsonResult[]): RunSummary {
  const summary: RunSummary = { files: results.length, findings: [], parsingErrors: 0, otherMessages: 0, otherExamples: [] };
  for (const result of results) {
    const file = relativePath(root, result.filePath);
    for (const message of result.messages) {
      if (message.ruleId?.startsWith('runtime-ops/') && message.messageId) {
        summary.findings.push({
          repo,
          file,
          line: message.line ?? 0,
          column: message.column ?? 0,
          ruleId: message.ruleId,
          messageId: message.messageId,
          message: message.message,
        });
      } else if (message.fatal) {
        summary.parsingErrors++;
      } else {
        summary.otherMessages++;
        if (summary.otherExamples.length < 3) summary.otherExamples.push(`${file}:${message.line ?? 0} ${message.message}`);
      }
    }
  }
  return summary;
}

/** The identity of a finding for matching with judgments: repository, file, line, rule, message id. */
export function findingKey(item: { repo: string; file: string; line: number; ruleId: string; messageId: string }): string {
  return [item.repo, item.file, item.line, item.ruleId, item.messageId].join('\u0000');
}

/** Parses a JSON Lines file's text; blank lines are skipped and a bad line names its number. */
export function parseJsonl<T>(text: string, name: string): T[] {
  const items: T[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      items.push(JSON.parse(line) as T);
    } catch (error) {
      throw new Error(`${name}:${index + 1}: ${(error as Error).message}`);
    }
  });
  return items;
}

/** Checks a judgment's fields; returns the problems found (empty when it is well formed). */
export function validateJudgment(judgment: Judgment): string[] {
  const problems: string[] = [];
  for (const field of ['repo', 'file', 'ruleId', 'messageId', 'reason', 'date'] as const) {
    if (typeof judgment[field] !== 'string' || judgment[field] === '') problems.push(`missing ${field}`);
  }
  if (!Number.isInteger(judgment.line) || judgment.line < 1) problems.push('line must be a positive integer');
  if (judgment.verdict !== 'tp' && judgment.verdict !== 'fp') problems.push('verdict must be "tp" or "fp"');
  return problems;
}

/** The row key of the results table. */
export interface GroupKey {
  ruleId: string;
  messageId: string;
  language: Language;
  set: RepoSet;
}

/** One row of the results table. */
export interface ScoreRow extends GroupKey {
  findings: number;
  judged: number;
  tp: number;
  fp: number;
  unjudged: number;
  /** Judged findings the linter no longer reports: true positives lost, false positives fixed. */
  goneTp: number;
  goneFp: number;
  knownMisses: number;
  /** Known misses the linter now reports (a finding of that rule on that line). */
  missesFound: number;
}

/** Precision as a share, or undefined without any judged finding. */
export function precision(row: Pick<ScoreRow, 'tp' | 'fp'>): number | undefined {
  const judged = row.tp + row.fp;
  return judged === 0 ? undefined : row.tp / judged;
}

function groupId(key: GroupKey): string {
  return [key.ruleId, key.messageId, key.language, key.set].join('\u0000');
}

function shortRule(ruleId: string): string {
  return ruleId.replace(/^runtime-ops\//, '');
}

/**
 * Scores findings against judgments. A judgment matches every finding with its repository, file,
 * line, rule and message id (two findings of one rule on one line share a verdict). Judgments of
 * repositories not in the list are ignored; judgments that match no finding count as gone.
 */
export function score(repos: Repo[], findings: Finding[], judgments: Judgment[], misses: Miss[]): ScoreRow[] {
  const setOf = new Map(repos.map((repo) => [repo.repo, repo.set]));
  const rows = new Map<string, ScoreRow>();
  const row = (key: GroupKey): ScoreRow => {
    const id = groupId(key);
    let found = rows.get(id);
    if (!found) {
      found = { ...key, findings: 0, judged: 0, tp: 0, fp: 0, unjudged: 0, goneTp: 0, goneFp: 0, knownMisses: 0, missesFound: 0 };
      rows.set(id, found);
    }
    return found;
  };
  const verdicts = new Map<string, Judgment>();
  for (const judgment of judgments) verdicts.set(findingKey(judgment), judgment);
  const reported = new Set<string>();
  const reportedLines = new Set<string>();
  for (const finding of findings) {
    const set = setOf.get(finding.repo);
    if (!set) continue;
    const key = findingKey(finding);
    reported.add(key);
    reportedLines.add([finding.repo, finding.file, finding.line, finding.ruleId].join('\u0000'));
    reportedLines.add([finding.repo, finding.file, finding.line, finding.ruleId, finding.messageId].join('\u0000'));
    const target = row({ ruleId: finding.ruleId, messageId: finding.messageId, language: languageOf(finding.file), set });
    target.findings++;
    const judgment = verdicts.get(key);
    if (!judgment) target.unjudged++;
    else {
      target.judged++;
      if (judgment.verdict === 'tp') target.tp++;
      else target.fp++;
    }
  }
  for (const [key, judgment] of verdicts) {
    const set = setOf.get(judgment.repo);
    if (!set || reported.has(key)) continue;
    const target = row({ ruleId: judgment.ruleId, messageId: judgment.messageId, language: languageOf(judgment.file), set });
    if (judgment.verdict === 'tp') target.goneTp++;
    else target.goneFp++;
  }
  for (const miss of misses) {
    const set = setOf.get(miss.repo);
    if (!set) continue;
    const ruleId = miss.rule.startsWith('runtime-ops/') ? miss.rule : `runtime-ops/${miss.rule}`;
    const target = row({ ruleId, messageId: miss.messageId ?? '(any)', language: languageOf(miss.file), set });
    target.knownMisses++;
    const where = [miss.repo, miss.file, miss.line, ruleId, ...(miss.messageId ? [miss.messageId] : [])];
    if (reportedLines.has(where.join('\u0000'))) target.missesFound++;
  }
  const order = (a: ScoreRow, b: ScoreRow) =>
    a.set.localeCompare(b.set) * -1 || a.ruleId.localeCompare(b.ruleId) || a.messageId.localeCompare(b.messageId) || a.language.localeCompare(b.language);
  return [...rows.values()].sort(order);
}

/** A stable hash of a finding's identity: the sample does not depend on the order of the run. */
export function stableHash(finding: Finding): string {
  return createHash('sha256').update(findingKey(finding)).digest('hex');
}

/**
 * The unjudged findings a reviewer should read next: at most `perGroup` per rule, message id,
 * language and set, chosen by the stable hash (adding findings elsewhere does not reshuffle a group).
 */
export function sampleUnjudged(repos: Repo[], findings: Finding[], judgments: Judgment[], perGroup: number): Array<Finding & { set: RepoSet }> {
  const setOf = new Map(repos.map((repo) => [repo.repo, repo.set]));
  const judged = new Set(judgments.map(findingKey));
  const groups = new Map<string, Array<{ finding: Finding & { set: RepoSet }; hash: string }>>();
  const seen = new Set<string>();
  for (const finding of findings) {
    const set = setOf.get(finding.repo);
    const key = findingKey(finding);
    if (!set || judged.has(key) || seen.has(key)) continue;
    seen.add(key);
    const id = groupId({ ruleId: finding.ruleId, messageId: finding.messageId, language: languageOf(finding.file), set });
    const list = groups.get(id) ?? [];
    list.push({ finding: { ...finding, set }, hash: stableHash(finding) });
    groups.set(id, list);
  }
  const picked: Array<Finding & { set: RepoSet }> = [];
  for (const id of [...groups.keys()].sort()) {
    const list = groups.get(id)!.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
    picked.push(...list.slice(0, perGroup).map((entry) => entry.finding));
  }
  return picked;
}

/** Source lines around a finding, numbered, with the finding's line marked. */
export function codeContext(lines: string[], line: number, radius: number): string {
  const first = Math.max(1, line - radius);
  const last = Math.min(lines.length, line + radius);
  const width = String(last).length;
  const out: string[] = [];
  for (let number = first; number <= last; number++) {
    out.push(`${number === line ? '>' : ' '} ${String(number).padStart(width)} | ${lines[number - 1]}`);
  }
  return out.join('\n');
}

/** The worklist a reviewer reads: each finding with its message, code context and a judgment line to fill in. */
export function renderWorklist(items: Array<Finding & { set: RepoSet }>, readLines: (repo: string, file: string) => string[] | undefined, radius = 20): string {
  const parts = [
    '# Findings to judge',
    '',
    'For each finding: read the rule page (docs/rules/<rule>.md) and the code, not the rule source; decide',
    'whether a reviewer of this repository would want the finding (tp) or not (fp), and append the JSON line',
    'below, with verdict and a one-line reason, to test/quality/judgments.jsonl.',
    '',
  ];
  items.forEach((item, index) => {
    const lines = readLines(item.repo, item.file);
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(lines ?? []) + 1));
    const template: Omit<Judgment, 'verdict' | 'reason' | 'date'> & { verdict: string; reason: string; date: string } = {
      repo: item.repo,
      file: item.file,
      line: item.line,
      ruleId: item.ruleId,
      messageId: item.messageId,
      verdict: '',
      reason: '',
      date: '',
    };
    parts.push(
      `## ${index + 1}. ${shortRule(item.ruleId)} / ${item.messageId} (${languageOf(item.file)}, ${item.set})`,
      '',
      `${item.repo}: \`${item.file}:${item.line}:${item.column}\``,
      '',
      `> ${item.message}`,
      '',
      fence,
      lines ? codeContext(lines, item.line, radius) : '(file not readable)',
      fence,
      '',
      '```json',
      JSON.stringify(template),
      '```',
      '',
    );
  });
  return parts.join('\n');
}

function longestBacktickRun(lines: string[]): number {
  let longest = 0;
  for (const line of lines) {
    let run = 0;
    for (const char of line) {
      run = char === '`' ? run + 1 : 0;
      if (run > longest) longest = run;
    }
  }
  return longest;
}

function percent(value: number | undefined): string {
  return value === undefined ? '–' : `${Math.round(value * 100)}%`;
}

/** The results table in Markdown, one row per rule, message id, language and set. */
export function renderScoreTable(rows: ScoreRow[]): string {
  const lines = [
    '| set | rule | message | language | findings | judged | TP | FP | precision | unjudged | judged, gone (TP / FP) | known misses (now found) |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.set} | ${shortRule(row.ruleId)} | ${row.messageId} | ${row.language} | ${row.findings} | ${row.judged} | ${row.tp} | ${row.fp} | ${percent(precision(row))} | ${row.unjudged} | ${row.goneTp} / ${row.goneFp} | ${row.knownMisses} (${row.missesFound}) |`,
    );
  }
  return lines.join('\n');
}

/** Per repository: what the run did. */
export interface RepoRun {
  repo: Repo;
  summary?: RunSummary;
  exitCode: number | null;
  seconds: number;
  error?: string;
}

/** The per-repository table: pinned commit, findings, parse errors, other messages and time. */
export function renderRunTable(runs: RepoRun[]): string {
  const lines = [
    '| set | repository | commit | languages | files linted | findings | parsing errors | other messages | exit | seconds |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const run of runs) {
    const summary = run.summary;
    lines.push(
      `| ${run.repo.set} | [${run.repo.repo}](https://github.com/${run.repo.repo}/tree/${run.repo.commit}) | \`${run.repo.commit.slice(0, 12)}\` | ${run.repo.language.join(', ')} | ${summary?.files ?? '–'} | ${summary?.findings.length ?? '–'} | ${summary?.parsingErrors ?? '–'} | ${summary?.otherMessages ?? '–'} | ${run.error ? `error: ${run.error}` : (run.exitCode ?? '–')} | ${run.seconds.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

export const START_MARKER = '<!-- quality:start (generated by npm run quality -- --write) -->';
export const END_MARKER = '<!-- quality:end -->';

/** Replaces the text between the markers; throws when the document lacks them. */
export function replaceBetweenMarkers(document: string, generated: string): string {
  const start = document.indexOf(START_MARKER);
  const end = document.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`the document has no ${START_MARKER} ... ${END_MARKER} block`);
  return `${document.slice(0, start + START_MARKER.length)}\n${generated}\n${document.slice(end)}`;
}

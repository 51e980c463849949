/**
 * SARIF 2.1.0 for GitHub code scanning, from ESLint's lint results (issue 7).
 *
 * What code scanning needs and the usual ESLint route gets wrong: URIs relative to the project root
 * under `%SRCROOT%` (so alerts follow the repository, not the CI machine's checkout path),
 * `primaryLocationLineHash` computed exactly as the uploader does (so re-uploads match existing
 * alerts), UTF-16 columns, rule entries carrying the rule's own docs, suppressed findings kept as
 * suppressed results, and parse errors kept as tool notifications instead of being dropped.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ESLint, Linter, Rule } from 'eslint';
import type * as Sarif from 'sarif';
import plugin from '../index.js';
import { DOCS_BASE, NAMESPACE, type RuntimeOpsRule } from '../rule.js';
import { lineHashes } from './line-hash.js';

export interface SarifOptions {
  /** Absolute project root: URIs are made relative to it under uriBaseId %SRCROOT%. */
  sourceRoot: string;
  /** automationDetails.id (from --sarif-category), optional. */
  category?: string;
  /** Rule ids enabled in this run (e.g. from ESLint's calculateConfigForFile over the linted files);
   *  when omitted, every runtime-ops rule in the plugin is listed. */
  enabledRules?: string[];
  /** Whether the run ended normally (invocations[0].executionSuccessful). */
  executionSuccessful?: boolean;
  /** Metadata of other plugins' and core rules that fired (ESLint's `getRulesMetaForResults`, or a
   *  formatter's `context.rulesMeta`), for their rule entries; runtime-ops rules use the plugin's own. */
  rulesMeta?: Record<string, Rule.RuleMetaData | undefined>;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
export const TOOL_NAME = NAMESPACE;
/** The repository the docs live in: `https://github.com/<owner>/<repo>`. */
export const INFORMATION_URI = DOCS_BASE.replace(/\/blob\/.*$/, '');
/** docs/rules/ of the installed package (this file is dist/src/formatters/sarif.js). */
export const DOCS_DIR = new URL('../../../docs/rules/', import.meta.url);

/** GitHub truncates longer descriptions; keep within its limit. */
const MAX_DESCRIPTION = 1024;
const PLUGIN_PREFIX = `${NAMESPACE}/`;

type Message = Linter.LintMessage | Linter.SuppressedLintMessage;

/**
 * The SARIF log of one lint run: one run, tool `runtime-ops`. `rules[]` starts with the enabled
 * runtime-ops rules (sorted; other ids in `enabledRules` are left out unless they fire), then every
 * other rule that has a result, in order of first use. Messages with a rule, active or suppressed,
 * become results; messages without one (parse errors, unused directives) become notifications.
 */
export function toSarif(results: ESLint.LintResult[], options: SarifOptions): Sarif.Log {
  const sourceRoot = path.resolve(options.sourceRoot);
  const rules = new RuleTable(options.rulesMeta ?? {});
  const pluginRules = options.enabledRules
    ? options.enabledRules.filter((id) => id.startsWith(PLUGIN_PREFIX) && pluginRule(id))
    : Object.keys(plugin.rules).map((name) => PLUGIN_PREFIX + name);
  for (const id of [...new Set(pluginRules)].sort()) rules.indexOf(id);

  const sarifResults: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  for (const result of [...results].sort((a, b) => compareStrings(a.filePath, b.filePath))) {
    const messages: Message[] = [...result.messages, ...(result.suppressedMessages ?? [])].sort(
      (a, b) => a.line - b.line || a.column - b.column,
    );
    const artifactLocation = artifactLocationOf(result.filePath, sourceRoot);
    const fingerprints = new FileFingerprints(result);
    for (const message of messages) {
      if (!message.ruleId) {
        notifications.push(notificationOf(message, artifactLocation));
        continue;
      }
      const region = regionOf(message, fingerprints.lines);
      const fingerprint = fingerprints.of(message.line);
      sarifResults.push({
        ruleId: message.ruleId,
        ruleIndex: rules.indexOf(message.ruleId),
        level: message.severity === 2 ? 'error' : 'warning',
        message: { text: message.message },
        locations: [{ physicalLocation: { artifactLocation, region } }],
        ...(fingerprint ? { partialFingerprints: { primaryLocationLineHash: fingerprint } } : {}),
        suppressions: suppressionsOf(message),
      });
    }
  }

  const run: Sarif.Run = {
    tool: {
      driver: {
        name: TOOL_NAME,
        fullName: `${TOOL_NAME} (${plugin.meta.name})`,
        version: plugin.meta.version,
        semanticVersion: plugin.meta.version,
        informationUri: INFORMATION_URI,
        rules: rules.descriptors,
      },
    },
    ...(options.category ? { automationDetails: { id: automationId(options.category) } } : {}),
    invocations: [
      {
        executionSuccessful: options.executionSuccessful ?? true,
        toolExecutionNotifications: notifications,
      },
    ],
    originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(sourceRoot) } },
    columnKind: 'utf16CodeUnits',
    results: sarifResults,
  };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

/**
 * The rule ids switched on for any of the linted files, for `SarifOptions.enabledRules`: ESLint's
 * resolved config of each file (ignored files have none).
 */
export async function enabledRuleIds(eslint: ESLint, filePaths: Iterable<string>): Promise<string[]> {
  const enabled = new Set<string>();
  for (const filePath of new Set(filePaths)) {
    const config = (await eslint.calculateConfigForFile(filePath)) as { rules?: Record<string, unknown> } | undefined;
    for (const [ruleId, setting] of Object.entries(config?.rules ?? {})) {
      const severity = Array.isArray(setting) ? setting[0] : setting;
      if (severity !== 0 && severity !== 'off') enabled.add(ruleId);
    }
  }
  return [...enabled].sort();
}

/**
 * A category `api` becomes the id `api/`: code scanning reads the part before the last `/` as the
 * category (the rest names the run), which is also what upload-sarif's `category` input writes.
 */
export function automationId(category: string): string {
  return category.endsWith('/') ? category : `${category}/`;
}

/** `%SRCROOT%`-relative location of a file, percent-encoded per path segment; absolute outside the root. */
export function artifactLocationOf(filePath: string, sourceRoot: string): Sarif.ArtifactLocation {
  const relative = path.relative(sourceRoot, path.resolve(sourceRoot, filePath));
  if (relative === '' || relative.startsWith(`..${path.sep}`) || relative === '..' || path.isAbsolute(relative)) {
    return { uri: pathToFileURL(filePath).href };
  }
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** A directory's file URI with the trailing slash SARIF requires of a base URI. */
function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** ESLint's 1-based line/column with an exclusive end are SARIF's region; no end means "to the end of the line". */
function regionOf(message: Message, lines: string[] | undefined): Sarif.Region {
  const startLine = Math.max(1, message.line);
  const startColumn = Math.max(1, message.column);
  if (message.endLine !== undefined && message.endColumn !== undefined) {
    const endLine = Math.max(startLine, message.endLine);
    const endColumn = endLine === startLine ? Math.max(startColumn, message.endColumn) : Math.max(1, message.endColumn);
    return { startLine, startColumn, endLine, endColumn };
  }
  const lineLength = lines?.[startLine - 1]?.length;
  const endColumn = lineLength === undefined ? startColumn : Math.max(startColumn, lineLength + 1);
  return { startLine, startColumn, endLine: startLine, endColumn };
}

/** ESLint's `directive` (eslint-disable, noqa) is SARIF's `inSource`; its bulk-suppressions file is `external`. */
function suppressionsOf(message: Message): Sarif.Suppression[] {
  if (!('suppressions' in message) || !message.suppressions) return [];
  return message.suppressions.map((suppression) => ({
    kind: suppression.kind === 'directive' ? 'inSource' : 'external',
    status: 'accepted',
    ...(suppression.justification?.trim() ? { justification: suppression.justification.trim() } : {}),
  }));
}

/** A message without a rule (a parse error, an unused-directive report, an ignored file) as a tool notification. */
function notificationOf(message: Message, artifactLocation: Sarif.ArtifactLocation): Sarif.Notification {
  const located = message.line >= 1;
  return {
    level: message.fatal || message.severity === 2 ? 'error' : 'warning',
    message: { text: message.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation,
          ...(located ? { region: { startLine: message.line, startColumn: Math.max(1, message.column) } } : {}),
        },
      },
    ],
    ...(message.fatal ? { properties: { fatal: true } } : {}),
  };
}

/** The line hashes of one linted file, read from disk as the uploader reads it (ESLint's copy lacks the BOM). */
class FileFingerprints {
  private readonly text: string | undefined;
  private hashes: Map<number, string> | undefined;
  readonly lines: string[] | undefined;

  constructor(private readonly result: ESLint.LintResult) {
    this.text = readText(result.filePath) ?? result.source;
    this.lines = this.text?.split(/\r\n|\r|\n/);
  }

  of(line: number): string | undefined {
    if (this.text === undefined) return undefined;
    if (!this.hashes) {
      const wanted = new Set<number>();
      for (const message of [...this.result.messages, ...(this.result.suppressedMessages ?? [])]) {
        if (message.ruleId) wanted.add(Math.max(1, message.line));
      }
      this.hashes = lineHashes(this.text, wanted);
    }
    return this.hashes.get(Math.max(1, line));
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** `rules[]` in first-use order, so a result's `ruleIndex` is known as soon as its rule is. */
class RuleTable {
  readonly descriptors: Sarif.ReportingDescriptor[] = [];
  private readonly indexes = new Map<string, number>();

  constructor(private readonly rulesMeta: Record<string, Rule.RuleMetaData | undefined>) {}

  indexOf(ruleId: string): number {
    let index = this.indexes.get(ruleId);
    if (index === undefined) {
      index = this.descriptors.length;
      this.indexes.set(ruleId, index);
      const own = ruleId.startsWith(PLUGIN_PREFIX) ? pluginRule(ruleId) : undefined;
      this.descriptors.push(own ? pluginDescriptor(ruleId, own) : foreignDescriptor(ruleId, this.rulesMeta[ruleId]));
    }
    return index;
  }
}

function pluginRule(ruleId: string): RuntimeOpsRule | undefined {
  return plugin.rules[ruleId.slice(PLUGIN_PREFIX.length)];
}

/** A runtime-ops rule's entry, from its `meta` and its doc page. */
function pluginDescriptor(ruleId: string, rule: RuntimeOpsRule): Sarif.ReportingDescriptor {
  const { docs, type } = rule.meta;
  const help = ruleHelp(rule.name, docs.rationale, docs.url);
  return {
    id: ruleId,
    name: pascalCase(rule.name),
    shortDescription: { text: clip(docs.description) },
    fullDescription: { text: clip(docs.rationale) },
    help,
    helpUri: docs.url,
    defaultConfiguration: { level: configuredLevel(ruleId) },
    properties: {
      tags: docs.tags,
      precision: docs.precision,
      'problem.severity': type === 'problem' ? 'error' : 'warning',
    },
  };
}

/** Another plugin's or a core rule's entry: its ESLint meta when known, else the least code scanning accepts. */
function foreignDescriptor(ruleId: string, meta: Rule.RuleMetaData | undefined): Sarif.ReportingDescriptor {
  const description = meta?.docs?.description?.trim() || `ESLint rule ${ruleId}`;
  const helpUri = meta?.docs?.url ?? (ruleId.includes('/') ? undefined : `https://eslint.org/docs/latest/rules/${ruleId}`);
  return {
    id: ruleId,
    name: pascalCase(ruleId),
    shortDescription: { text: clip(description) },
    fullDescription: { text: clip(description) },
    help: {
      text: `${description}${helpUri ? `\n\nDocumentation: ${helpUri}` : ''}`,
      markdown: `${description}${helpUri ? `\n\n[Rule documentation](${helpUri})` : ''}`,
    },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: 'warning' },
    properties: {
      tags: ['eslint'],
      precision: 'medium',
      'problem.severity': meta?.type === 'problem' ? 'error' : meta?.type === 'layout' ? 'recommendation' : 'warning',
    },
  };
}

/** The level a runtime-ops rule has in the plugin's own configs: `error` for all of them today. */
function configuredLevel(ruleId: string): 'error' | 'warning' {
  for (const config of [...plugin.configs.recommended, ...plugin.configs.strict] as { rules?: Record<string, unknown> }[]) {
    const level = config.rules?.[ruleId];
    if (level !== undefined) return level === 'error' || level === 2 ? 'error' : 'warning';
  }
  return 'warning';
}

/**
 * `help.markdown` is the rule's doc page (relative links made absolute so they work inside code
 * scanning); `help.text` is the same page as plain text. A rule without a doc falls back to its rationale.
 */
export function ruleHelp(
  name: string,
  rationale: string,
  url: string,
  docsDir: URL = DOCS_DIR,
): Sarif.MultiformatMessageString {
  const doc = readText(fileURLToPath(new URL(`${name}.md`, docsDir)));
  if (doc === undefined || doc.trim() === '') {
    return { text: `${rationale}\n\nDocumentation: ${url}`, markdown: `${rationale}\n\n[Rule documentation](${url})` };
  }
  const markdown = absoluteLinks(doc.replace(/^\uFEFF/, '').trim(), url);
  return { text: markdownToText(markdown), markdown };
}

/** `[text](../ci.md)` → `[text](https://…/docs/ci.md)`; anchors and absolute links stay. */
function absoluteLinks(markdown: string, base: string): string {
  return markdown.replace(/(\]\()([^)\s]+)(\))/g, (whole, open: string, target: string, close: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return whole;
    try {
      return `${open}${new URL(target, base).href}${close}`;
    } catch {
      return whole;
    }
  });
}

/** A readable plain-text rendering of a doc page: no markup, code indented, links spelled out. */
export function markdownToText(markdown: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of markdown.split(/\r\n|\r|\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(`    ${line}`);
      continue;
    }
    out.push(
      line
        .replace(/<!--.*?-->/g, '')
        .replace(/^#{1,6}\s+/, '')
        // `[` is excluded inside the brackets: a run of `[[[[` must not make each one scan to the end.
        .replace(/!\[([^\][]*)\]\(([^)\s]+)\)/g, '$1')
        .replace(/\[([^\][]+)\]\(([^)\s]+)\)/g, (_whole, text: string, target: string) => (text === target ? text : `${text} (${target})`))
        .replace(/(\*\*|__)(.+?)\1/g, '$2'),
    );
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** `no-lazy-env-read` → `NoLazyEnvRead`: SARIF's friendly name, which must differ from the id. */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

function clip(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

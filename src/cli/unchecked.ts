/**
 * Zero configuration only: the listed files that no enabled rule would check, left out before they
 * are read or parsed. A file's role decides which rules look at it (README, "Roles"); when its path,
 * the manifests or the settings already decide a role that none of the file's enabled rules checks
 * (tooling, test, browser, generated code in the recommended config), linting it would parse it for
 * nothing: in a Python service with a bundled web UI, or a folder of vendored scripts, that parse
 * was most of the run. A project's own config may enable other plugins' rules on those files, so
 * with a config file every listed file is linted.
 */
import type { ESLint } from 'eslint';
import { rules } from '../index.js';
import { roleBeforeContent, type FileRole } from '../analysis/project/roles.js';
import { NAMESPACE } from '../rule.js';
import { isEnabled } from './outcome.js';

export interface UncheckedSplit {
  /** The files to lint. */
  files: string[];
  /** How many files were left out, per role. */
  skipped: Map<FileRole, number>;
}

/** Answers per calculated config: ESLint hands out one object per combination of matching blocks. */
const rolesOfConfig = new WeakMap<object, Set<FileRole>>();

/** The roles the enabled runtime-ops rules of a file's config check. */
function checkedRoles(config: { rules?: Record<string, unknown> }): Set<FileRole> {
  const known = rolesOfConfig.get(config);
  if (known) return known;
  const roles = new Set<FileRole>();
  for (const [ruleId, setting] of Object.entries(config?.rules ?? {})) {
    if (!ruleId.startsWith(`${NAMESPACE}/`) || !isEnabled(setting)) continue;
    for (const role of rules[ruleId.slice(NAMESPACE.length + 1)]?.roles ?? []) roles.add(role);
  }
  rolesOfConfig.set(config, roles);
  return roles;
}

/** The files whose role, decided before reading them, some enabled rule checks; the others counted. */
export async function withoutUncheckedFiles(eslint: ESLint, files: string[], cwd: string): Promise<UncheckedSplit> {
  const kept: string[] = [];
  const skipped = new Map<FileRole, number>();
  for (const file of files) {
    const config = (await eslint.calculateConfigForFile(file)) as { rules?: Record<string, unknown>; settings?: unknown } | undefined;
    const info = config ? roleBeforeContent({ filename: file, cwd, settings: config.settings }) : undefined;
    if (config && info && !checkedRoles(config).has(info.role)) skipped.set(info.role, (skipped.get(info.role) ?? 0) + 1);
    else kept.push(file);
  }
  return { files: kept, skipped };
}

/**
 * Sharded CI: each `--shard i/n` job writes its own SARIF; `runtime-ops merge-sarif` makes one run
 * whose results equal the unsharded run's, and which passes the shared validator.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const VALIDATOR = path.resolve(ROOT, '..', 'shared', 'sarif', 'validate-sarif.mjs');
const HAS_VALIDATOR = existsSync(VALIDATOR);
const SKIP_REASON = HAS_VALIDATOR ? '' : ` [skipped: ${VALIDATOR} is absent; ../shared exists in CI, not in a user's clone]`;

async function cli(argv: string[], cwd: string): Promise<number> {
  return run(argv, { cwd, stdout: () => {}, stderr: () => {} });
}

function readLog(file: string): Sarif.Log {
  return JSON.parse(readFileSync(file, 'utf8')) as Sarif.Log;
}

/** A result's identity: what code scanning matches alerts on. */
function key(result: Sarif.Result, rules: Sarif.ReportingDescriptor[]): string {
  const location = result.locations?.[0]?.physicalLocation;
  expect(rules[result.ruleIndex!].id).toBe(result.ruleId);
  return [result.ruleId, location?.artifactLocation?.uri, location?.region?.startLine, location?.region?.startColumn, result.partialFingerprints?.primaryLocationLineHash, result.suppressions?.length].join(' ');
}

describe('sharded SARIF', () => {
  let dir: string;
  beforeAll(async () => {
    // The fixtures are a realistic mixed repository with findings in every rule and both languages.
    dir = mkdtempSync(path.join(tmpdir(), 'runtime-ops-shards-'));
    cpSync(path.join(ROOT, 'fixtures'), path.join(dir, 'fixtures'), { recursive: true });
    expect(await cli(['fixtures', '--format', 'sarif', '--output-file', 'all.sarif', '--sarif-category', 'services'], dir)).toBe(1);
    for (const i of [1, 2, 3]) {
      await cli(['fixtures', '--format', 'sarif', '--output-file', `shard-${i}.sarif`, '--sarif-category', 'services', '--shard', `${i}/3`], dir);
    }
    expect(await cli(['merge-sarif', '-o', 'merged.sarif', 'shard-1.sarif', 'shard-2.sarif', 'shard-3.sarif'], dir)).toBe(0);
  }, 120_000);

  it('splits the files: every shard has results, none twice', () => {
    const perShard = [1, 2, 3].map((i) => readLog(path.join(dir, `shard-${i}.sarif`)).runs[0].results!.length);
    expect(perShard.every((n) => n > 0)).toBe(true);
    expect(perShard.reduce((a, b) => a + b, 0)).toBe(readLog(path.join(dir, 'all.sarif')).runs[0].results!.length);
  });

  it('merges into one run equal to the unsharded run', () => {
    const all = readLog(path.join(dir, 'all.sarif')).runs[0];
    const merged = readLog(path.join(dir, 'merged.sarif'));
    expect(merged.runs).toHaveLength(1);
    const run = merged.runs[0];
    expect(run.automationDetails?.id).toBe(all.automationDetails?.id);
    expect(run.tool.driver.rules!.map((r) => r.id).sort()).toEqual(all.tool.driver.rules!.map((r) => r.id).sort());
    const keys = (r: Sarif.Run) => r.results!.map((result) => key(result, r.tool.driver.rules!));
    // The same results in the same order (by file, then as each file reported them).
    expect(keys(run)).toEqual(keys(all));
  });

  it('refuses to merge runs of different categories', async () => {
    await cli(['fixtures', '--format', 'sarif', '--output-file', 'other.sarif', '--sarif-category', 'web'], dir);
    expect(await cli(['merge-sarif', 'shard-1.sarif', 'other.sarif'], dir)).toBe(2);
    expect(await cli(['merge-sarif'], dir)).toBe(2);
    expect(await cli(['merge-sarif', 'missing.sarif'], dir)).toBe(2);
  });

  it.skipIf(!HAS_VALIDATOR)(`the merged log passes the shared validator${SKIP_REASON}`, () => {
    const output = execFileSync(process.execPath, [realpathSync(VALIDATOR), path.join(dir, 'merged.sarif'), '--source-root', dir, '--column-kind', 'utf16CodeUnits'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(output.trim().split('\n').pop()).toBe('sarif-check: 0 problems');
  });
});

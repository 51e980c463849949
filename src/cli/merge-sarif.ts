/**
 * `runtime-ops merge-sarif -o merged.sarif shard-1.sarif shard-2.sarif …`: one SARIF run from the
 * runs that `--shard i/n` jobs wrote, so a sharded CI uploads one analysis (one category) exactly
 * as an unsharded run would. Rules are united by id and `ruleIndex` renumbered; results,
 * notifications and fingerprints are kept as they are. Results are ordered by file, as in an
 * unsharded run (each file is in one shard, with its results in their own order).
 */
import { readFileSync } from 'node:fs';
import type * as Sarif from 'sarif';

export class MergeError extends Error {}

export function mergeSarif(logs: Sarif.Log[]): Sarif.Log {
  const runs = logs.flatMap((log, i) => {
    if (log.version !== '2.1.0' || !Array.isArray(log.runs)) throw new MergeError(`input ${i + 1} is not a SARIF 2.1.0 log`);
    return log.runs;
  });
  if (!runs.length) throw new MergeError('no runs to merge');
  const first = runs[0];
  const tool = first.tool.driver.name;
  const category = first.automationDetails?.id;
  for (const run of runs) {
    if (run.tool.driver.name !== tool) throw new MergeError(`runs of different tools (${tool}, ${run.tool.driver.name}) cannot be merged`);
    if (run.automationDetails?.id !== category) {
      throw new MergeError(`runs of different categories (${category ?? 'none'}, ${run.automationDetails?.id ?? 'none'}): upload them separately`);
    }
  }

  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const indexOf = (rule: Sarif.ReportingDescriptor) => {
    let index = ruleIndex.get(rule.id);
    if (index === undefined) {
      index = rules.length;
      rules.push(rule);
      ruleIndex.set(rule.id, index);
    }
    return index;
  };
  // Rules every shard lists (the enabled ones) first, in the first shard's order.
  for (const run of runs) for (const rule of run.tool.driver.rules ?? []) indexOf(rule);

  const results: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  let successful = true;
  for (const run of runs) {
    const runRules = run.tool.driver.rules ?? [];
    for (const result of run.results ?? []) {
      const rule = result.ruleIndex !== undefined ? runRules[result.ruleIndex] : runRules.find((r) => r.id === result.ruleId);
      results.push(rule ? { ...result, ruleIndex: indexOf(rule) } : result);
    }
    for (const invocation of run.invocations ?? []) {
      notifications.push(...(invocation.toolExecutionNotifications ?? []));
      successful &&= invocation.executionSuccessful;
    }
  }

  // A stable sort: each file's results keep the order its shard wrote them in.
  const uriOf = (result: Sarif.Result) => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
  results.sort((a, b) => (uriOf(a) < uriOf(b) ? -1 : uriOf(a) > uriOf(b) ? 1 : 0));

  const merged: Sarif.Run = {
    ...first,
    tool: { ...first.tool, driver: { ...first.tool.driver, rules } },
    invocations: [{ executionSuccessful: successful, toolExecutionNotifications: notifications }],
    results,
  };
  return { ...logs[0], runs: [merged] };
}

/** Read and merge SARIF files. */
export function mergeSarifFiles(files: string[]): Sarif.Log {
  return mergeSarif(
    files.map((file) => {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as Sarif.Log;
      } catch (error) {
        throw new MergeError(`cannot read ${file}: ${(error as Error).message.split('\n')[0]}`);
      }
    }),
  );
}

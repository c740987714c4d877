/**
 * `rta-lint merge a.sarif b.sarif …`: one log from the logs of several shards, as if one run had
 * analysed every file. Rules are united by id, results re-indexed, ordered as the reporter orders
 * them and deduplicated (a log given twice adds nothing), notifications concatenated likewise.
 *
 * `filesAnalysed`: every shard discovers the same files and runs the project-wide analyzers over
 * all of them (only the per-file lint and the reported findings are split), so each shard's log
 * already counts every file; the merged log takes the largest count, not the sum.
 *
 * Logs of different categories (`automationDetails.id`) are different analyses, which code
 * scanning keeps apart; merging them would file one category's results under the other's, so
 * that is refused.
 */
import { compareStrings } from './finding.js';
import type { SarifLog, SarifResult, SarifRun } from './reporters/sarif.js';
import { TOOL_NAME } from '../meta.js';

export class SarifMergeError extends Error {}

export function mergeSarifLogs(logs: readonly { name: string; text: string }[]): SarifLog {
  const runs: SarifRun[] = [];
  for (const { name, text } of logs) {
    let log: Partial<SarifLog>;
    try {
      log = JSON.parse(text) as Partial<SarifLog>;
    } catch {
      throw new SarifMergeError(`${name}: not valid JSON`);
    }
    const run = log.runs?.[0];
    if (log.version !== '2.1.0' || !run || log.runs?.length !== 1) throw new SarifMergeError(`${name}: not a single-run SARIF 2.1.0 log`);
    if (run.tool.driver.name !== TOOL_NAME) throw new SarifMergeError(`${name}: written by ${run.tool.driver.name}, not ${TOOL_NAME}`);
    runs.push(run);
  }
  const first = runs[0];
  if (!first) throw new SarifMergeError('nothing to merge: give at least one SARIF file');
  const category = (run: SarifRun) => run.automationDetails?.id;
  runs.forEach((run, i) => {
    if (run.tool.driver.version !== first.tool.driver.version) {
      throw new SarifMergeError(`logs come from different rta-lint versions (${first.tool.driver.version}, ${run.tool.driver.version})`);
    }
    if (category(run) !== category(first)) {
      const shown = (id: string | undefined) => (id === undefined ? 'no category' : `category "${id}"`);
      throw new SarifMergeError(
        `${logs[i]?.name ?? ''} has ${shown(category(run))} but ${logs[0]?.name ?? ''} has ${shown(category(first))}; merge only the shards of one analysis (same --category)`,
      );
    }
  });

  const rulesById = new Map(runs.flatMap((run) => run.tool.driver.rules).map((rule) => [rule.id, rule]));
  const rules = [...rulesById.values()].sort((a, b) => compareStrings(a.id, b.id));
  const indexOf = new Map(rules.map((rule, i) => [rule.id, i]));
  const results: SarifResult[] = dedupe(
    runs.flatMap((run) => run.results).map((result) => ({ ...result, ruleIndex: indexOf.get(result.ruleId) ?? 0 })),
  ).sort(compareResults);
  const notifications = runs.flatMap((run) => run.invocations[0]?.toolExecutionNotifications ?? []);
  const starts = runs.map((run) => run.invocations[0]?.startTimeUtc).filter((t): t is string => t !== undefined).sort();
  const ends = runs.map((run) => run.invocations[0]?.endTimeUtc).filter((t): t is string => t !== undefined).sort();
  const filesAnalysed = Math.max(0, ...runs.map((run) => (typeof run.properties.filesAnalysed === 'number' ? run.properties.filesAnalysed : 0)));
  const distinctLogs = new Set(logs.map((log) => log.text)).size;

  const merged: SarifRun = {
    ...first,
    tool: { driver: { ...first.tool.driver, rules } },
    invocations: [
      {
        executionSuccessful: runs.every((run) => run.invocations[0]?.executionSuccessful !== false),
        toolExecutionNotifications: dedupe(notifications),
        ...(starts[0] !== undefined ? { startTimeUtc: starts[0] } : {}),
        ...(ends.at(-1) !== undefined ? { endTimeUtc: ends.at(-1) } : {}),
      },
    ],
    results,
    properties: { ...first.properties, filesAnalysed, mergedFrom: distinctLogs },
  };
  return { $schema: (JSON.parse(logs[0]?.text ?? '{}') as SarifLog).$schema, version: '2.1.0', runs: [merged] };
}

function compareResults(a: SarifResult, b: SarifResult): number {
  const la = a.locations[0]?.physicalLocation;
  const lb = b.locations[0]?.physicalLocation;
  return (
    compareStrings(la?.artifactLocation.uri ?? '', lb?.artifactLocation.uri ?? '') ||
    (la?.region?.startLine ?? 0) - (lb?.region?.startLine ?? 0) ||
    (la?.region?.startColumn ?? 0) - (lb?.region?.startColumn ?? 0) ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message.text, b.message.text)
  );
}

function dedupe<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

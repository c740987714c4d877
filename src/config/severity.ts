import { RULE_SEVERITIES, type RuleEntry, type RuleSeverity } from './types.js';

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export type NormalizedSeverity = 'off' | 'warn' | 'error';

export interface NormalizedRuleEntry {
  severity: NormalizedSeverity;
  /** The options after the severity in the array form; empty otherwise. */
  options: unknown[];
}

const BY_NUMBER: readonly NormalizedSeverity[] = ['off', 'warn', 'error'];

export function isRuleSeverity(value: unknown): value is RuleSeverity {
  return (RULE_SEVERITIES as readonly unknown[]).includes(value);
}

/** `off|warn|error|0|1|2` -> `off|warn|error`; throws a TypeError on anything else. */
export function normalizeSeverity(value: unknown): NormalizedSeverity {
  if (!isRuleSeverity(value)) {
    throw new TypeError(`invalid severity ${show(value)}: expected off, warn, error, 0, 1 or 2`);
  }
  if (typeof value === 'number') {
    const named = BY_NUMBER[value];
    if (named === undefined) throw new TypeError(`invalid severity ${String(value)}`);
    return named;
  }
  return value;
}

/**
 * A rule entry in ESLint form (`severity` or `[severity, ...options]`) -> severity and options.
 * Throws a TypeError when the entry is neither.
 */
export function normalizeRuleEntry(entry: unknown): NormalizedRuleEntry {
  if (Array.isArray(entry)) {
    const [severity, ...options] = entry as unknown[];
    if (severity === undefined) throw new TypeError('invalid rule entry []: expected [severity, ...options]');
    return { severity: normalizeSeverity(severity), options };
  }
  return { severity: normalizeSeverity(entry), options: [] };
}

/** Every entry of a config's `rules` map, normalised. */
export function normalizeRules(rules: Readonly<Record<string, RuleEntry>> | undefined): Map<string, NormalizedRuleEntry> {
  const out = new Map<string, NormalizedRuleEntry>();
  if (rules === undefined) return out;
  for (const [id, entry] of Object.entries(rules)) out.set(id, normalizeRuleEntry(entry));
  return out;
}

/** ESLint's numeric form: off 0, warn 1, error 2. */
export function severityToNumber(severity: NormalizedSeverity): 0 | 1 | 2 {
  return severity === 'off' ? 0 : severity === 'warn' ? 1 : 2;
}

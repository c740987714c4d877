/** Reading SLA thresholds: durations (`250ms`, `1.5s`, `5m`) and plain numbers. */

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;
const NUMBER = /^\d+(?:\.\d+)?$/;

/** `250ms` -> 0.25, `1.5s` -> 1.5, `5m` -> 300 (seconds); undefined for anything else. */
export function durationToSeconds(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (match === null) return undefined;
  const value = Number(match[1]);
  const unit = match[2];
  return unit === 'ms' ? value / 1000 : unit === 'm' ? value * 60 : value;
}

/**
 * A threshold as a number: a duration in seconds, or the count/rate itself for lag and
 * throughput (numbers and numeric strings). Undefined when it is neither.
 */
export function thresholdValue(threshold: string | number): number | undefined {
  if (typeof threshold === 'number') return Number.isFinite(threshold) ? threshold : undefined;
  if (NUMBER.test(threshold)) return Number(threshold);
  return durationToSeconds(threshold);
}

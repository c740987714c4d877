/**
 * Field names compared across naming conventions: `customerId`, `customer_id`, `CustomerID` and
 * `customer-id` are one name.
 */

/** Lower case without separators: the key two names must share to be the same field. */
export function normalizeName(name: string): string {
  return name.replace(/[_\-\s.]/g, '').toLowerCase();
}

/** `customerId` → `customer_id` (for messages that propose a column name). */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase();
}

/** Levenshtein distance, capped: anything over `limit` returns `limit + 1`. */
export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      row.push(value);
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
    previous = row;
  }
  return Math.min(previous[b.length] ?? 0, limit + 1);
}

/**
 * rta.config.yaml as the rules see it. rta-lint passes the loaded config to ESLint as
 * `settings.rta`; in an editor, `settings` holds whatever the user's ESLint config puts there, so
 * every read checks the shape and ignores what does not fit.
 */

type Settings = Readonly<Record<string, unknown>>;

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const child = (value as Record<string, unknown>)[key];
  return typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as Record<string, unknown>) : undefined;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** `settings.rta.<section>.<key>` when it is a list (its strings), else undefined. */
export function configStrings(settings: Settings, section: string, key: string): string[] | undefined {
  return strings(objectAt(objectAt(settings, 'rta'), section)?.[key]);
}

/** `settings.rta.<section>.<key>` as a list, empty when absent. */
export function configList(settings: Settings, section: string, key: string): string[] {
  return configStrings(settings, section, key) ?? [];
}

/** `settings.rta.<section>.<key>` when it maps names to lists (`window.partitionKeys`), else undefined. */
export function configListMap(settings: Settings, section: string, key: string): Record<string, string[]> | undefined {
  const map = objectAt(objectAt(objectAt(settings, 'rta'), section), key);
  if (!map) return undefined;
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(map)) {
    const list = strings(value);
    if (list) out[name] = list;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

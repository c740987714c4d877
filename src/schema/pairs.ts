/**
 * Which stream/batch pairs to compare: the `schemas:` entries of rta.config.yaml, completed or
 * added to by `@rtaSchema <pair> stream|batch` JSDoc tags on TS declarations.
 */
import path from 'node:path';
import type { RtaConfig } from '../config/types.js';
import type { CompareOptions } from './compare.js';
import { parseRef, type SchemaRef } from './refs.js';
import { tableNames } from './sql-tables.js';

export interface PairSpec {
  name: string;
  /** Index in `schemas:` when the pair comes from config. */
  index?: number;
  stream?: SchemaRef;
  batch?: SchemaRef;
  topic?: string;
  options: Omit<CompareOptions, 'display'>;
  /** Sides that came from a JSDoc tag rather than config. */
  tagged: { stream?: boolean; batch?: boolean };
}

export interface TaggedDeclaration {
  /** Absolute path. */
  file: string;
  /** The declaration's name. */
  name: string;
  pair: string;
  role: 'stream' | 'batch';
  /** 1-based line of the declaration, for notifications. */
  line?: number;
}

export function configPairs(config: RtaConfig, configDir: string | undefined): PairSpec[] {
  const base = configDir ?? process.cwd();
  return (config.schemas ?? []).map((entry, index) => {
    const options: PairSpec['options'] = {};
    if (entry.rename) options.rename = entry.rename;
    if (entry.ignore) options.ignore = entry.ignore;
    if (entry.onMissing) options.onMissing = entry.onMissing;
    if (entry.direction) options.direction = entry.direction;
    if (entry.logicalTypes) options.logicalTypes = entry.logicalTypes;
    const spec: PairSpec = { name: entry.name ?? `schemas[${String(index)}]`, index, options, tagged: {} };
    if (entry.stream !== undefined) spec.stream = parseRef(entry.stream, base);
    if (entry.batch !== undefined) spec.batch = parseRef(entry.batch, base);
    if (entry.topic !== undefined) spec.topic = entry.topic;
    return spec;
  });
}

/**
 * Adds the tagged declarations: a tag naming a configured pair fills the side the entry leaves
 * out; tags of the same name on a stream and a batch declaration make a pair; a stream tag alone
 * pairs with the one table of that name `findTable` knows. A tag that makes no pair is handed to
 * `unpaired` (when given), so the user hears why nothing was compared.
 */
export function withTags(
  pairs: readonly PairSpec[],
  tags: readonly TaggedDeclaration[],
  findTable?: (name: string) => SchemaRef | undefined,
  unpaired?: (tag: TaggedDeclaration, missing: 'stream' | 'batch') => void,
): PairSpec[] {
  const out = pairs.map((p) => ({ ...p, tagged: { ...p.tagged } }));
  const groups = new Map<string, TaggedDeclaration[]>();
  for (const tag of tags) groups.set(tag.pair, [...(groups.get(tag.pair) ?? []), tag]);
  for (const [name, group] of groups) {
    const ref = (tag: TaggedDeclaration | undefined): SchemaRef | undefined =>
      tag ? { raw: `${path.basename(tag.file)}#${tag.name}`, file: tag.file, symbol: tag.name, folder: false } : undefined;
    const stream = ref(group.find((t) => t.role === 'stream'));
    const batch = ref(group.find((t) => t.role === 'batch'));
    const configured = out.find((p) => p.name === name);
    if (configured) {
      if (!configured.stream && configured.topic === undefined && stream) {
        configured.stream = stream;
        configured.tagged.stream = true;
      }
      if (!configured.batch && batch) {
        configured.batch = batch;
        configured.tagged.batch = true;
      }
      continue;
    }
    const otherSide = batch ?? (stream ? findTable?.(name) : undefined);
    if (!stream || !otherSide) {
      const first = group[0];
      if (first) unpaired?.(first, stream ? 'batch' : 'stream');
      continue;
    }
    out.push({ name, stream, batch: otherSide, options: {}, tagged: { stream: true, batch: batch !== undefined } });
  }
  return out;
}

/**
 * The table a stream tag with no partner pairs with: the one .sql file that creates `name`, or,
 * when other .sql files sit beside it, its folder (a migrations folder: the CREATE, then every
 * later ALTER in file-name order). Undefined when no file, or files in several folders, create it.
 */
export function tagTable(sqlFiles: readonly { path: string; text: string }[], name: string, display: (file: string) => string): SchemaRef | undefined {
  const pattern = new RegExp(`\\bTABLE\\b[^(;]*\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
  const creates = (f: { path: string; text: string }) => tableNames([{ file: f.path, text: f.text }]).some((t) => t.split('.').pop()?.toLowerCase() === name.toLowerCase());
  const matches = sqlFiles.filter((f) => pattern.test(f.text) && creates(f));
  const first = matches[0];
  if (!first) return undefined;
  const folder = path.dirname(first.path);
  if (matches.some((m) => path.dirname(m.path) !== folder)) return undefined;
  if (!sqlFiles.some((f) => f.path !== first.path && path.dirname(f.path) === folder)) {
    return { raw: `${display(first.path)}#${name}`, file: first.path, symbol: name, folder: false };
  }
  return { raw: `${display(folder)}/#${name}`, file: folder, symbol: name, folder: true };
}

/** Does a pair name this file on either side? */
export function pairTouches(pair: PairSpec, file: string): boolean {
  const abs = path.resolve(file);
  return pair.stream?.file === abs || pair.batch?.file === abs;
}

export { parseRef };

/**
 * Finding, reading and validating `rta.config.yaml`. Every problem carries the file, line and
 * column of the offending key or value, so the CLI can print it and exit with status 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, isAlias, isMap, isNode, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import { globFiles } from './glob.js';
import type { ConfigProblem, LoadedConfig, RtaConfig } from './types.js';

export const CONFIG_FILE_NAMES = ['rta.config.yaml', 'rta.config.yml'] as const;
/** Config files larger than this are refused before parsing. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** YAML alias expansions allowed when building the config value (an alias bomb stops here). */
export const MAX_ALIAS_COUNT = 100;
/** Flow collections (`[ ]`, `{ }`) nested deeper than this are refused before parsing. */
export const MAX_FLOW_DEPTH = 64;
/** The JSON Schema that ships with the package. */
export const CONFIG_SCHEMA_URL = new URL('../../schema/rta.config.schema.json', import.meta.url);

const RULE_ID = /^rta\/[a-z0-9]+(-[a-z0-9]+)*$/;
const FILE_REF = /^[^#\s][^#]*(#[^#\s]+)?$/;

export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(problems.map((p) => formatConfigProblem(p)).join('\n') || 'invalid configuration');
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface LoadConfigOptions {
  /** Rule ids (`rta/name` or `name`) that `rules:` may configure; others are errors. */
  knownRuleIds?: readonly string[];
  /** Project root: schema files and alert globs must stay inside it unless `allowOutsideRoot`. */
  root?: string;
  allowOutsideRoot?: boolean;
  /**
   * The options schema of each id in `knownRuleIds`, as ESLint's `meta.schema` gives it (a list of
   * schemas for the positional options, one schema for the whole option list, or `false` for
   * unchecked). A known id without an entry takes no options. The caller supplies these because
   * the rules sit above this layer. Without this map, options are not checked.
   */
  ruleOptionSchemas?: Readonly<Record<string, RuleOptionsSchema | undefined>>;
}

/** ESLint's `meta.schema`. */
export type RuleOptionsSchema = false | readonly AnySchemaObject[] | AnySchemaObject;

/** `rta.config.yaml` (or `.yml`) in `startDir` or the nearest ancestor that has one. */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (isFile(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `path:line:column: message`, with the path relative to `cwd` when given. */
export function formatConfigProblem(problem: ConfigProblem, cwd?: string): string {
  const file = cwd === undefined ? problem.file : path.relative(cwd, problem.file) || problem.file;
  let where = file;
  if (problem.line !== undefined) {
    where += `:${problem.line}`;
    if (problem.column !== undefined) where += `:${problem.column}`;
  }
  return `${where}: ${problem.message}`;
}

/**
 * Reads, parses and validates a config file. Throws `ConfigError` listing every error found;
 * returns the config with any warnings (alert globs that match nothing, incomplete entries).
 */
export function loadConfig(file: string, options: LoadConfigOptions = {}): LoadedConfig {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const text = readConfigText(abs);

  const deep = tooDeepFlowOffset(text);
  if (deep !== undefined) {
    throw new ConfigError([
      { file: abs, ...offsetPosition(text, deep), message: `YAML nests [ ] or { } more than ${MAX_FLOW_DEPTH} levels deep; refusing to parse` },
    ]);
  }

  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (error) {
    throw new ConfigError([{ file: abs, message: `cannot parse YAML: ${errorText(error)}` }]);
  }
  const at = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => ({
        file: abs,
        ...at(e.pos[0]),
        message: `invalid YAML: ${/call stack/i.test(e.message) ? 'the document nests too deeply to read' : e.message}`,
      })),
    );
  }
  const warnings: ConfigProblem[] = doc.warnings.map((w) => ({ file: abs, ...at(w.pos[0]), message: `YAML: ${w.message}` }));

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const reason = errorText(error);
    const unresolved = /^Unresolved alias.*: (.+)$/.exec(reason)?.[1];
    const alias = findAlias(doc, unresolved);
    const where = alias?.range ? at(alias.range[0]) : {};
    const message = /excessive alias count/i.test(reason)
      ? `too many YAML alias expansions (limit ${MAX_ALIAS_COUNT}): the file expands like an alias bomb; write the values out instead of nesting aliases`
      : unresolved !== undefined
        ? `invalid YAML: alias *${unresolved} refers to no anchor &${unresolved} before it`
        : `cannot read YAML: ${reason}`;
    throw new ConfigError([{ file: abs, ...where, message }]);
  }
  if (data === null || data === undefined) return { file: abs, dir, config: {}, warnings };

  const config = data as RtaConfig; // checked below: any schema violation throws
  const ctx: Ctx = { file: abs, dir, doc, at, data, options };
  const errors: ConfigProblem[] = [];
  const validate = getValidator();
  if (!validate(data)) errors.push(...schemaProblems(validate.errors ?? [], ctx));
  if (isRecord(data)) {
    errors.push(...ruleIdProblems(data, ctx));
    errors.push(...ruleOptionProblems(data, ctx));
    errors.push(...fileRefProblems(data, ctx));
    const alerts = alertProblems(data, ctx);
    errors.push(...alerts.errors);
    warnings.push(...alerts.warnings);
    warnings.push(...entryWarnings(data, ctx));
  }
  if (errors.length > 0) throw new ConfigError(sortProblems(dedupe(errors)));
  return { file: abs, dir, config, warnings: sortProblems(warnings) };
}

// ---------------------------------------------------------------------------------------------
// Reading

function readConfigText(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new ConfigError([{ file, message: `cannot read the config file: ${errorText(error)}` }]);
  }
  if (stat.isDirectory()) throw new ConfigError([{ file, message: 'cannot read the config file: it is a folder' }]);
  if (stat.size > MAX_CONFIG_BYTES) throw new ConfigError([{ file, message: tooLarge(stat.size) }]);
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch (error) {
    throw new ConfigError([{ file, message: `cannot read the config file: ${errorText(error)}` }]);
  }
  if (buffer.length > MAX_CONFIG_BYTES) throw new ConfigError([{ file, message: tooLarge(buffer.length) }]);
  const text = buffer.toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function tooLarge(bytes: number): string {
  return `the config file is ${bytes} bytes; the limit is ${MAX_CONFIG_BYTES} bytes (1 MiB)`;
}

/**
 * The offset of the first `[` or `{` nested deeper than MAX_FLOW_DEPTH, or undefined. A cheap
 * scan (quoted strings and comments skipped) that keeps pathological nesting away from the
 * recursive YAML composer; it can only under-count, never reject reasonable YAML.
 */
function tooDeepFlowOffset(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quote !== undefined) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') {
      const end = text.indexOf('\n', i);
      if (end === -1) return undefined;
      i = end;
    } else if (ch === '[' || ch === '{') {
      depth++;
      if (depth > MAX_FLOW_DEPTH) return i;
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return undefined;
}

function offsetPosition(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastNewline = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastNewline };
}

/** The first alias in the document (named `source`, when given). */
function findAlias(doc: Document.Parsed, source?: string): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (source !== undefined && node.source !== source) return undefined;
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

// ---------------------------------------------------------------------------------------------
// Schema validation

let validator: ValidateFunction | undefined;

/** The package's JSON Schema, parsed. */
export function readConfigSchema(): AnySchemaObject {
  const schema: unknown = JSON.parse(fs.readFileSync(CONFIG_SCHEMA_URL, 'utf8'));
  return asRecord(schema);
}

function getValidator(): ValidateFunction {
  if (validator === undefined) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTuples: false });
    // Editor annotations (VS Code, yaml-language-server) that also supply our messages.
    ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
    ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    validator = ajv.compile(readConfigSchema());
  }
  return validator;
}

interface Ctx {
  file: string;
  dir: string;
  doc: Document.Parsed;
  at: (offset: number) => { line: number; column: number };
  data: unknown;
  options: LoadConfigOptions;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function schemaProblems(errors: readonly ErrorObject[], ctx: Ctx): ConfigProblem[] {
  const relevant = errors.filter((e) => e.keyword !== 'if' && e.propertyName === undefined);
  const combinators = new Set(relevant.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  const kept = new Map<string, ErrorObject>();
  for (const e of relevant) {
    const isCombinator = e.keyword === 'anyOf' || e.keyword === 'oneOf';
    const covered = [...combinators].some(
      (c) => e.instancePath.startsWith(`${c}/`) || (e.instancePath === c && !isCombinator),
    );
    if (covered) continue;
    const property = stringParam(e, 'additionalProperty') ?? stringParam(e, 'propertyName');
    const effective = property === undefined ? e.instancePath : `${e.instancePath}/${property}\u0000${e.keyword}`;
    kept.delete(effective); // the last error at a place is the most specific one (then-branches, outer anyOf)
    kept.set(effective, e);
  }
  return [...kept.values()].map((e) => schemaProblem(e, ctx));
}

function schemaProblem(e: ErrorObject, ctx: Ctx): ConfigProblem {
  const segments = pointerSegments(e.instancePath);
  const where = keyLabel(segments, ctx.data);

  if (e.keyword === 'additionalProperties' || e.keyword === 'propertyNames') {
    const name = stringParam(e, 'additionalProperty') ?? stringParam(e, 'propertyName') ?? '';
    const childSegments = [...segments, name];
    const located = locate(ctx.doc, childSegments);
    const pos = positionOf(located.key ?? located.deepest, ctx);
    const inWhere = where === '' ? '' : ` in ${where}`;
    let message: string;
    if (e.keyword === 'additionalProperties') {
      const known = Object.keys(asRecord(asRecord(e.parentSchema).properties));
      message = `unknown key "${name}"${inWhere}${suggestion(name, known)}`;
      if (known.length > 0 && suggestion(name, known) === '') message += ` (allowed: ${known.join(', ')})`;
    } else {
      const sub = asRecord(e.schema);
      const hint = stringProp(sub, 'patternErrorMessage') ?? stringProp(sub, 'errorMessage') ?? (name === '' ? 'a key must not be empty' : 'not a valid key');
      message = where === 'rules' ? `invalid rule id "${name}": ${hint}` : `invalid key "${name}"${inWhere}: ${hint}`;
    }
    return { file: ctx.file, ...pos, key: keyLabel(childSegments, ctx.data), message };
  }

  const located = locate(ctx.doc, segments);
  const valueNode = located.value !== undefined && hasText(located.value) ? located.value : undefined;
  const pos = positionOf(valueNode ?? located.key ?? located.deepest, ctx);
  const detail = describeFailure(e, where === '');
  const got = NO_GOT.has(e.keyword) ? '' : `, got ${describeValue(e.data)}`;
  const problem: ConfigProblem = { file: ctx.file, ...pos, message: `${where === '' ? '' : `${where}: `}${detail}${got}` };
  if (where !== '') problem.key = where;
  return problem;
}

function describeFailure(e: ErrorObject, atRoot: boolean): string {
  const parent = asRecord(e.parentSchema);
  const custom = stringProp(parent, 'errorMessage');
  if (custom !== undefined) return custom;
  const params = asRecord(e.params);
  switch (e.keyword) {
    case 'type': {
      const types = Array.isArray(params.type) ? (params.type as unknown[]).map(String) : [String(params.type)];
      if (atRoot && types.includes('object')) return 'the file must be a mapping of keys (such as schemas:, slas:, rules:)';
      return `expected ${types.map(typeName).join(' or ')}`;
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? (params.allowedValues as unknown[]) : [];
      return `expected one of ${allowed.map((v) => String(v)).join(', ')}`;
    }
    case 'pattern':
      return stringProp(parent, 'patternErrorMessage') ?? `expected a string matching ${String(params.pattern)}`;
    case 'minimum':
      return `expected a number >= ${String(params.limit)}`;
    case 'maximum':
      return `expected a number <= ${String(params.limit)}`;
    case 'exclusiveMinimum':
      return `expected a number > ${String(params.limit)}`;
    case 'exclusiveMaximum':
      return `expected a number < ${String(params.limit)}`;
    case 'minLength':
      return params.limit === 1 ? 'expected a non-empty string' : `expected at least ${String(params.limit)} characters`;
    case 'minItems':
      return `expected at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
    case 'uniqueItems':
      return `expected no duplicates (items ${String(params.j)} and ${String(params.i)} are equal)`;
    case 'not':
      return 'not allowed here';
    default:
      return e.message ?? `failed ${e.keyword}`;
  }
}

function typeName(type: string): string {
  switch (type) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'integer':
      return 'an integer';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'an empty value';
    default:
      return `a ${type}`;
  }
}

/** Keywords whose message already says what is wrong with the value as a whole. */
const NO_GOT = new Set(['not', 'minItems', 'uniqueItems']);

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const json = JSON.stringify(value);
    if (json.length <= 60) return json;
    return Array.isArray(value) ? 'a list' : 'a mapping';
  }
  return typeof value;
}

// ---------------------------------------------------------------------------------------------
// Checks beyond the schema

function ruleIdProblems(data: Record<string, unknown>, ctx: Ctx): ConfigProblem[] {
  const { knownRuleIds } = ctx.options;
  if (knownRuleIds === undefined || !isRecord(data.rules)) return [];
  const known = knownRuleIds.map((id) => (id.startsWith('rta/') ? id : `rta/${id}`));
  const knownSet = new Set(known);
  const problems: ConfigProblem[] = [];
  for (const id of Object.keys(data.rules)) {
    if (!RULE_ID.test(id) || knownSet.has(id)) continue;
    const segments = ['rules', id];
    const located = locate(ctx.doc, segments);
    problems.push({
      file: ctx.file,
      ...positionOf(located.key ?? located.deepest, ctx),
      key: keyLabel(segments, ctx.data),
      message: `unknown rule "${id}"${suggestion(id, known)}`,
    });
  }
  return problems;
}

/**
 * Options after the severity that the rule's schema rejects, checked here (as ESLint would check
 * them) so that a typo fails the run with the config file's line instead of failing every file.
 */
function ruleOptionProblems(data: Record<string, unknown>, ctx: Ctx): ConfigProblem[] {
  const { knownRuleIds, ruleOptionSchemas } = ctx.options;
  if (knownRuleIds === undefined || ruleOptionSchemas === undefined || !isRecord(data.rules)) return [];
  const known = new Set(knownRuleIds.map((id) => (id.startsWith('rta/') ? id : `rta/${id}`)));
  const problems: ConfigProblem[] = [];
  for (const [id, entry] of Object.entries(data.rules)) {
    // Unknown ids and malformed entries already have their own problem.
    if (!known.has(id) || !Array.isArray(entry) || entry.length === 0) continue;
    const schema = ruleOptionSchemas[id] ?? ruleOptionSchemas[id.slice('rta/'.length)] ?? [];
    if (schema === false) continue;
    const options = (entry as unknown[]).slice(1);
    const base = `/rules/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const maxOptions = Array.isArray(schema) ? schema.length : undefined;
    if (maxOptions !== undefined && options.length > maxOptions) {
      const segments = ['rules', id, String(maxOptions + 1)];
      const located = locate(ctx.doc, segments);
      const takes = maxOptions === 0 ? 'takes no options; write only a severity' : `takes at most ${maxOptions} option${maxOptions === 1 ? '' : 's'}`;
      problems.push({
        file: ctx.file,
        ...positionOf(located.value ?? located.deepest, ctx),
        key: keyLabel(segments, ctx.data),
        message: `${keyLabel(['rules', id], ctx.data)}: "${id}" ${takes}, got ${options.length}`,
      });
      continue;
    }
    const validate = ruleOptionsValidator(schema);
    if (validate(options)) continue;
    // Point the errors at the config: option i is item i + 1 of the rule's entry.
    const shifted = (validate.errors ?? []).map((e) => ({
      ...e,
      instancePath: base + e.instancePath.replace(/^\/(\d+)/, (_m, index: string) => `/${Number(index) + 1}`),
    }));
    problems.push(...schemaProblems(shifted, ctx));
  }
  return problems;
}

const ruleValidators = new WeakMap<object, ValidateFunction>();

/** The validator for a rule's option list, built as ESLint builds it from `meta.schema`. */
function ruleOptionsValidator(schema: readonly AnySchemaObject[] | AnySchemaObject): ValidateFunction {
  let validate = ruleValidators.get(schema);
  if (validate === undefined) {
    const whole: AnySchemaObject = Array.isArray(schema)
      ? schema.length === 0
        ? { type: 'array', maxItems: 0 }
        : { type: 'array', items: schema, minItems: 0, maxItems: schema.length }
      : schema;
    // Rule schemas are written for ESLint's lenient Ajv (unknown keywords such as `default` docs).
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    validate = ajv.compile(whole);
    ruleValidators.set(schema, validate);
  }
  return validate;
}

function fileRefProblems(data: Record<string, unknown>, ctx: Ctx): ConfigProblem[] {
  if (!Array.isArray(data.schemas)) return [];
  const problems: ConfigProblem[] = [];
  (data.schemas as unknown[]).forEach((entry, index) => {
    if (!isRecord(entry)) return;
    for (const field of ['stream', 'batch'] as const) {
      const ref = entry[field];
      if (typeof ref !== 'string' || !FILE_REF.test(ref)) continue;
      const message = checkFileRef(ref, ctx);
      if (message === undefined) continue;
      const segments = ['schemas', String(index), field];
      const located = locate(ctx.doc, segments);
      const label = keyLabel(segments, ctx.data);
      problems.push({ file: ctx.file, ...positionOf(located.value ?? located.key ?? located.deepest, ctx), key: label, message: `${label}: ${message}` });
    }
  });
  return problems;
}

/** Why a `path(#symbol)?` reference is unusable, or undefined when it is fine. */
function checkFileRef(ref: string, ctx: Ctx): string | undefined {
  const hash = ref.indexOf('#');
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const resolved = path.resolve(ctx.dir, filePart);
  const outside = outsideRoot(resolved, ctx);
  if (outside !== undefined) return `"${filePart}" ${outside}`;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    const kind = filePart.endsWith('/') ? 'folder' : 'file';
    return `${kind} "${filePart}" not found (looked for ${resolved})`;
  }
  if (filePart.endsWith('/') && !stat.isDirectory()) return `"${filePart}" is not a folder (a path ending in "/" names a folder)`;
  if (!filePart.endsWith('/') && !stat.isFile()) {
    return stat.isDirectory()
      ? `"${filePart}" is a folder; write "${filePart}/${hash === -1 ? '' : ref.slice(hash)}" to read every migration in it`
      : `"${filePart}" is not a regular file`;
  }
  return undefined;
}

/** A phrase saying why `resolved` is outside the root, or undefined when it is inside (or unchecked). */
function outsideRoot(resolved: string, ctx: Ctx): string | undefined {
  const { root, allowOutsideRoot } = ctx.options;
  if (root === undefined || allowOutsideRoot === true) return undefined;
  const absRoot = path.resolve(root);
  if (!isInside(absRoot, resolved)) return `resolves outside the project root ${absRoot}`;
  // A symbolic link inside the root may still lead out of it.
  const realTarget = realpath(resolved);
  const realRoot = realpath(absRoot);
  if (realTarget !== undefined && realRoot !== undefined && !isInside(realRoot, realTarget)) {
    return `leads outside the project root ${absRoot} (through a symbolic link to ${realTarget})`;
  }
  return undefined;
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

function alertProblems(data: Record<string, unknown>, ctx: Ctx): { errors: ConfigProblem[]; warnings: ConfigProblem[] } {
  const errors: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  if (!Array.isArray(data.alerts)) return { errors, warnings };
  (data.alerts as unknown[]).forEach((glob, index) => {
    if (typeof glob !== 'string' || glob === '') return;
    const segments = ['alerts', String(index)];
    const located = locate(ctx.doc, segments);
    const label = keyLabel(segments, ctx.data);
    const base = { file: ctx.file, ...positionOf(located.value ?? located.deepest, ctx), key: label };
    const { files, truncated, bases } = globFiles(glob, ctx.dir);
    const outside = bases.map((b) => outsideRoot(b, ctx)).find((m) => m !== undefined);
    if (outside !== undefined) {
      errors.push({ ...base, message: `${label}: "${glob}" ${outside}` });
      return;
    }
    if (truncated) warnings.push({ ...base, message: `${label}: "${glob}" visits too many files; stopped early` });
    else if (files.length === 0) warnings.push({ ...base, message: `${label}: "${glob}" matches no file` });
  });
  return { errors, warnings };
}

/** Entries that validate but cannot be checked, and duplicate names. */
function entryWarnings(data: Record<string, unknown>, ctx: Ctx): ConfigProblem[] {
  const warnings: ConfigProblem[] = [];
  const warnAt = (segments: string[], message: string): void => {
    const located = locate(ctx.doc, segments);
    const label = keyLabel(segments, ctx.data);
    warnings.push({ file: ctx.file, ...positionOf(located.key ?? located.value ?? located.deepest, ctx), key: label, message: `${label}: ${message}` });
  };
  for (const list of ['schemas', 'slas'] as const) {
    const entries = data[list];
    if (!Array.isArray(entries)) continue;
    const seen = new Map<string, number>();
    (entries as unknown[]).forEach((entry, index) => {
      if (!isRecord(entry)) return;
      if (list === 'schemas' && (entry.batch === undefined || (entry.stream === undefined && entry.topic === undefined))) {
        warnAt([list, String(index)], 'nothing to compare: a pair needs `batch` and either `stream` or `topic`');
      }
      if (list === 'slas' && entry.metric === undefined) warnAt([list, String(index)], 'no `metric`, so this SLA is not checked');
      if (typeof entry.name === 'string') {
        const first = seen.get(entry.name);
        if (first === undefined) seen.set(entry.name, index);
        else warnAt([list, String(index), 'name'], `duplicate name "${entry.name}" (also ${list}[${first}])`);
      }
    });
  }
  return warnings;
}

// ---------------------------------------------------------------------------------------------
// Locating values in the YAML source

/**
 * Where a key of an already loaded config file is: `['slas', 2]` gives the line and column of
 * the third SLA entry, `['slas', 2, 'metric']` those of its `metric` value (its key when the value
 * is empty). Undefined when the file cannot be read again or has no such key. For findings that
 * belong to the config file rather than to code.
 */
export function locateConfigKey(file: string, segments: readonly (string | number)[]): { line: number; column: number } | undefined {
  let text: string;
  try {
    text = readConfigText(path.resolve(file));
  } catch {
    return undefined;
  }
  if (tooDeepFlowOffset(text) !== undefined) return undefined;
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch {
    return undefined;
  }
  const located = locate(doc, segments.map(String));
  const node = located.value !== undefined && hasText(located.value) ? located.value : (located.key ?? located.value);
  if (node?.range == null) return undefined;
  const { line, col } = lineCounter.linePos(node.range[0]);
  return { line, column: col };
}

interface Located {
  /** The key node of the last mapping step, when the path ends in a mapping key. */
  key: Node | undefined;
  /** The node at the full path, when it exists. */
  value: Node | undefined;
  /** The deepest node reached on the way (for paths that do not exist). */
  deepest: Node | undefined;
}

function locate(doc: Document.Parsed, segments: readonly string[]): Located {
  let current: unknown = doc.contents;
  let deepest: Node | undefined = isNode(current) ? current : undefined;
  let key: Node | undefined;
  for (const segment of segments) {
    const node = isAlias(current) ? current.resolve(doc) : current;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === segment);
      if (pair === undefined) return { key: undefined, value: undefined, deepest };
      key = isNode(pair.key) ? pair.key : undefined;
      current = pair.value;
    } else if (isSeq(node)) {
      key = undefined;
      current = node.items[Number(segment)];
    } else {
      return { key: undefined, value: undefined, deepest };
    }
    if (isNode(current)) deepest = current;
    else if (key !== undefined) deepest = key;
    else return { key: undefined, value: undefined, deepest };
  }
  return { key, value: isNode(current) ? current : undefined, deepest };
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

/** Does the node occupy any source text (an empty `key:` value does not)? */
function hasText(node: Node): boolean {
  return node.range != null && node.range[1] > node.range[0];
}

function positionOf(node: Node | undefined, ctx: Ctx): { line: number; column: number } {
  if (node?.range == null) return { line: 1, column: 1 };
  return ctx.at(node.range[0]);
}

/** `slas[0].quantile`, `rules["rta/foo"]`, `window.partitionKeys["orders.v1"]`. */
function keyLabel(segments: readonly string[], data: unknown): string {
  let out = '';
  let current: unknown = data;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      out += `[${segment}]`;
      current = (current as unknown[])[Number(segment)];
    } else {
      out += /^[A-Za-z_$][\w$-]*$/.test(segment) ? (out === '' ? segment : `.${segment}`) : `[${JSON.stringify(segment)}]`;
      current = isRecord(current) ? current[segment] : undefined;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** ` (did you mean "x"?)` when a known name is close to `name`, else ''. */
function suggestion(name: string, known: readonly string[]): string {
  const squash = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const score = squash(candidate) === squash(name) ? 0 : editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  const limit = Math.max(1, Math.floor(name.length / 3));
  return best !== undefined && bestScore <= limit ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function stringProp(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

function stringParam(e: ErrorObject, key: string): string | undefined {
  return stringProp(asRecord(e.params), key);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function realpath(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${String(p.line)}:${String(p.column)}:${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

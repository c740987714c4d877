/**
 * The drift comparison (RULES.md 4b S1–S6, S8): two records in the neutral model in, a list of
 * drifts out, each located at a field on one side with the other side as related locations.
 * Names compare across camelCase/snake_case, then `rename`, then `ignore`; columns the database
 * or connector fills are never "missing".
 */
import {
  CONNECTOR_METADATA_COLUMNS,
  SCALAR_COMPATIBILITY,
  runCheck,
  type DriftSeverity,
} from '../knowledge/schema-types.js';
import { describeType, type Field, type FieldType, type RecordSchema, type SchemaLocation } from './model.js';
import { editDistance, normalizeName } from './names.js';

export type DriftKind =
  /** S1: a stream field with no column/field on the batch side. */
  | 'missing-in-batch'
  /** S2: a required batch column with no stream field. */
  | 'missing-in-stream'
  /** S3 */
  | 'type'
  /** S4: nullable or optional stream value into a required batch column. */
  | 'nullability'
  /** S4 reverse: the batch column accepts null the stream never sends (a warning). */
  | 'looser-nullability'
  /** S5: a stream value the closed batch enum rejects. */
  | 'enum'
  /** S5 reverse: a batch enum value the stream never sends. */
  | 'unused-enum-value'
  /** S6 */
  | 'near-miss';

export interface RelatedSchemaLocation {
  location: SchemaLocation;
  message: string;
}

export interface Drift {
  kind: DriftKind;
  severity: DriftSeverity;
  message: string;
  /** Dotted path of the field the drift is about (stream spelling when there is one). */
  path: string;
  primary: SchemaLocation;
  related: RelatedSchemaLocation[];
  /** Which side the primary location is on. */
  side: 'stream' | 'batch';
  /** For type drift: why the two types do not fit, as a phrase. */
  why?: string;
  /** For enum drift: the values one side has and the other lacks. */
  values?: string[];
  /** The fields involved, when there is one on that side. */
  streamField?: Field;
  batchField?: Field;
}

export interface CompareOptions {
  /** Stream field (dotted path for nested fields) → batch field. */
  rename?: Readonly<Record<string, string>>;
  /** Field names or dotted paths left out, on either side. */
  ignore?: readonly string[];
  /** Severity of S1; `off` skips it. Default `warn`. */
  onMissing?: 'off' | 'note' | 'warn' | 'error';
  direction?: 'stream-to-batch' | 'batch-to-stream' | 'both';
  /** Avro logical type → the TS type names the pair's TS side may use for it. */
  logicalTypes?: Readonly<Record<string, string | readonly string[]>>;
  /** How an absolute path is shown in messages (relative to the project root). */
  display?: (file: string) => string;
}

const MAX_DEPTH = 8;
/** Names shorter than this (after normalising) are too short to call a near miss. */
const NEAR_MISS_MIN_LENGTH = 4;
const NEAR_MISS_DISTANCE = 2;

export function compareRecords(stream: RecordSchema, batch: RecordSchema, options: CompareOptions = {}): Drift[] {
  const ctx = new Context(stream, batch, options);
  const direction = options.direction ?? 'stream-to-batch';
  ctx.compareFields(stream.fields, batch.fields, '', '', 0, direction);
  return ctx.drifts;
}

class Context {
  readonly drifts: Drift[] = [];
  readonly #ignore: Set<string>;
  readonly #rename = new Map<string, string>();
  readonly #display: (file: string) => string;

  constructor(
    readonly stream: RecordSchema,
    readonly batch: RecordSchema,
    readonly options: CompareOptions,
  ) {
    this.#ignore = new Set((options.ignore ?? []).map(normalizePath));
    for (const [from, to] of Object.entries(options.rename ?? {})) this.#rename.set(normalizePath(from), to);
    this.#display = options.display ?? ((file) => file);
  }

  compareFields(
    streamFields: readonly Field[],
    batchFields: readonly Field[],
    streamPrefix: string,
    batchPrefix: string,
    depth: number,
    direction: NonNullable<CompareOptions['direction']>,
  ): void {
    if (depth > MAX_DEPTH) return;
    const batchLeft = batchFields.filter((f) => !this.#ignored(f, batchPrefix));
    const streamLeft = streamFields.filter((f) => !this.#ignored(f, streamPrefix));
    const byName = new Map<string, Field>();
    for (const field of batchLeft) {
      for (const name of [field.name, ...(field.aliases ?? [])]) {
        const key = normalizeName(name);
        if (!byName.has(key)) byName.set(key, field);
      }
    }

    const matched = new Set<Field>();
    const unmatchedStream: Field[] = [];
    for (const field of streamLeft) {
      const path = streamPrefix + field.name;
      const renamed = this.#rename.get(normalizePath(path));
      const candidates = renamed !== undefined ? [lastSegment(renamed)] : [field.name, ...(field.aliases ?? [])];
      const target = candidates.map((n) => byName.get(normalizeName(n))).find((f) => f !== undefined && !matched.has(f));
      if (!target) {
        unmatchedStream.push(field);
        continue;
      }
      matched.add(target);
      this.#compareField(field, target, path, batchPrefix + target.name, depth);
    }
    const unmatchedBatch = batchLeft.filter((f) => !matched.has(f));

    // S6 before S1/S2: a likely misspelling is one finding, not a missing field on each side.
    for (const s of [...unmatchedStream]) {
      const sKey = normalizeName(s.name);
      if (sKey.length < NEAR_MISS_MIN_LENGTH) continue;
      let best: Field | undefined;
      let bestDistance = NEAR_MISS_DISTANCE + 1;
      for (const b of unmatchedBatch) {
        const bKey = normalizeName(b.name);
        if (bKey.length < NEAR_MISS_MIN_LENGTH || b.filled !== undefined) continue;
        const d = editDistance(sKey, bKey, NEAR_MISS_DISTANCE);
        if (d < bestDistance) {
          best = b;
          bestDistance = d;
        }
      }
      if (!best) continue;
      unmatchedStream.splice(unmatchedStream.indexOf(s), 1);
      unmatchedBatch.splice(unmatchedBatch.indexOf(best), 1);
      this.#nearMiss(s, best, streamPrefix + s.name, batchPrefix + best.name);
    }

    // stream-to-batch: stream fields the batch lacks (S1) and required batch columns the stream
    // cannot fill (S2). batch-to-stream: the mirror image. both: all of them.
    for (const s of unmatchedStream) {
      if (direction === 'batch-to-stream') {
        if (!s.optional && !s.nullable) this.#requiredWithoutSource(s, streamPrefix + s.name);
      } else this.#missingInBatch(s, streamPrefix + s.name);
    }
    for (const b of unmatchedBatch) {
      if (isFilled(b)) continue;
      if (!b.optional && !b.nullable && direction !== 'batch-to-stream') this.#missingInStream(b, batchPrefix + b.name);
      else if (direction !== 'stream-to-batch') this.#batchOnly(b, batchPrefix + b.name);
    }
  }

  #ignored(field: Field, prefix: string): boolean {
    if (this.#ignore.size === 0) return false;
    return [field.name, ...(field.aliases ?? [])].some(
      (name) => this.#ignore.has(normalizeName(name)) || this.#ignore.has(normalizePath(prefix + name)),
    );
  }

  // --- one matched pair ------------------------------------------------------------------

  #compareField(s: Field, b: Field, sPath: string, bPath: string, depth: number): void {
    this.#compareNullability(s, b, sPath, bPath);
    this.#compareLogicalType(s, b, sPath, bPath);
    this.#compareType(s, b, s.type, b.type, sPath, bPath, depth);
  }

  #compareNullability(s: Field, b: Field, sPath: string, bPath: string): void {
    if (b.filled !== undefined && b.filled !== 'default') return;
    // A TS read model's optional field takes an absent or null-decoded value alike (RULES 4c.7).
    if (s.nullable && !b.nullable && !(this.batch.kind === 'type' && b.optional)) {
      this.#push({
        kind: 'nullability',
        severity: 'error',
        path: sPath,
        side: 'stream',
        primary: s.location ?? this.stream.location,
        related: [this.#rel(b, bPath, 'the non-null side')],
        message: `${this.#label('stream', sPath)} may be null (\`${s.typeText}\`, ${this.#where(s.location ?? this.stream.location)}) but ${this.#label('batch', bPath)} does not accept null (\`${b.typeText}\`, ${this.#where(b.location ?? this.batch.location)}): ${this.#nullConsequence()}.`,
      }, s, b);
      return;
    }
    if (s.optional && !s.nullable && !b.nullable && !b.optional) {
      this.#push({
        kind: 'nullability',
        severity: 'error',
        path: sPath,
        side: 'stream',
        primary: s.location ?? this.stream.location,
        related: [this.#rel(b, bPath, 'the required side')],
        message: `${this.#label('stream', sPath)} is optional (${this.#where(s.location ?? this.stream.location)}) but ${this.#label('batch', bPath)} is required with no default (${this.#where(b.location ?? this.batch.location)}): a message without it ${this.batch.kind === 'table' ? 'cannot be inserted' : 'leaves the field undefined where the code expects a value'}.`,
      }, s, b);
      return;
    }
    if (!s.nullable && !s.optional && b.nullable && this.batch.kind === 'table') {
      this.#push({
        kind: 'looser-nullability',
        // A warning, not a note: the nullable column hides a broken producer, and the issue
        // that set the severities asks for it (the opposite direction stays an error).
        severity: 'warning',
        path: bPath,
        side: 'batch',
        primary: b.location ?? this.batch.location,
        related: [this.#rel(s, sPath, 'the stream field, never null', 'stream')],
        message: `${this.#label('batch', bPath)} accepts NULL (${this.#where(b.location ?? this.batch.location)}) but ${this.#label('stream', sPath)} is never null (${this.#where(s.location ?? this.stream.location)}): readers handle a null that never comes, and a NOT NULL constraint would catch a broken producer.`,
      }, s, b);
    }
  }

  #compareLogicalType(s: Field, b: Field, sPath: string, bPath: string): void {
    const logical = s.logicalType ?? b.logicalType;
    const mapping = logical === undefined ? undefined : this.options.logicalTypes?.[logical];
    if (mapping === undefined || logical === undefined) return;
    const allowed = new Set(typeof mapping === 'string' ? [mapping] : mapping);
    const tsSide = s.logicalType !== undefined ? b : s;
    const names = tsNames(tsSide.type);
    const bad = names.filter((n) => !allowed.has(n));
    if (names.length === 0 || bad.length === 0) return;
    const onStream = tsSide === s;
    this.#push({
      kind: 'type',
      severity: 'error',
      path: sPath,
      side: onStream ? 'stream' : 'batch',
      primary: (onStream ? s.location : b.location) ?? (onStream ? this.stream : this.batch).location,
      related: [onStream ? this.#rel(b, bPath, 'the Avro field') : this.#rel(s, sPath, 'the Avro field', 'stream')],
      message: `${this.#label(onStream ? 'stream' : 'batch', onStream ? sPath : bPath)} is \`${tsSide.typeText}\` but the Avro field is \`${logical}\`, which this pair's \`logicalTypes\` maps to ${[...allowed].map((a) => `\`${a}\``).join(' or ')}: the decoded value is not what the code expects.`,
    }, s, b);
  }

  #compareType(s: Field, b: Field, sType: FieldType, bType: FieldType, sPath: string, bPath: string, depth: number): void {
    if (sType.kind === 'unknown' || bType.kind === 'unknown') return;
    if (sType.kind === 'union') {
      // Every alternative the stream may send must fit; report the first that does not.
      for (const member of sType.types) {
        if (this.#typeProblem(member, bType) !== undefined) {
          this.#compareType(s, b, member, bType, sPath, bPath, depth);
          return;
        }
      }
      for (const member of sType.types) this.#compareType(s, b, member, bType, sPath, bPath, depth);
      return;
    }
    if (bType.kind === 'union') {
      // The batch side (a TS read model) accepts any of its alternatives.
      const fitting = bType.types.find((member) => this.#typeProblem(sType, member) === undefined);
      this.#compareType(s, b, sType, fitting ?? bType.types[0] ?? { kind: 'unknown' }, sPath, bPath, depth);
      return;
    }
    if (sType.kind === 'record' && bType.kind === 'record') {
      this.compareFields(sType.fields, bType.fields, `${sPath}.`, `${bPath}.`, depth + 1, this.options.direction ?? 'stream-to-batch');
      return;
    }
    if (sType.kind === 'array' && bType.kind === 'array') {
      if (sType.elementNullable === true && bType.elementNullable === false) {
        this.#push({
          kind: 'nullability',
          severity: 'error',
          path: sPath,
          side: 'stream',
          primary: s.location ?? this.stream.location,
          related: [this.#rel(b, bPath, 'the array of non-null elements')],
          message: `${this.#label('stream', sPath)} may hold null elements (${this.#where(s.location ?? this.stream.location)}) but ${this.#label('batch', bPath)} does not (\`${b.typeText}\`, ${this.#where(b.location ?? this.batch.location)}): ${this.#nullConsequence()}.`,
        }, s, b);
      }
      this.#compareType(s, b, sType.element, bType.element, sPath, bPath, depth + 1);
      return;
    }
    if (sType.kind === 'map' && bType.kind === 'map') {
      this.#compareType(s, b, sType.value, bType.value, sPath, bPath, depth + 1);
      return;
    }
    if (sType.kind === 'enum' && bType.kind === 'enum') {
      this.#compareEnums(s, b, sType, bType, sPath, bPath);
      return;
    }
    const problem = this.#typeProblem(sType, bType);
    if (!problem) return;
    const sLoc = s.location ?? this.stream.location;
    const bLoc = b.location ?? this.batch.location;
    this.#push({
      kind: 'type',
      severity: problem.severity,
      why: problem.why,
      path: sPath,
      side: 'stream',
      primary: sLoc,
      related: [this.#rel(b, bPath, `declared \`${b.typeText}\``)],
      message: `${this.#label('stream', sPath)} is \`${s.typeText}\` (${this.#where(sLoc)}) but ${this.#label('batch', bPath)} is \`${b.typeText}\` (${this.#where(bLoc)}): ${problem.why}.`,
    }, s, b);
  }

  /** Why a value of `from` does not fit `to` (scalars and a composite meeting a scalar), or undefined. */
  #typeProblem(from: FieldType, to: FieldType): { severity: DriftSeverity; why: string } | undefined {
    if (from.kind === 'unknown' || to.kind === 'unknown') return undefined;
    if (from.kind === 'union') {
      for (const member of from.types) {
        const p = this.#typeProblem(member, to);
        if (p) return p;
      }
      return undefined;
    }
    if (to.kind === 'union') {
      const problems = to.types.map((member) => this.#typeProblem(from, member));
      return problems.some((p) => p === undefined) ? undefined : problems[0];
    }
    if (from.kind === to.kind && (from.kind === 'record' || from.kind === 'array' || from.kind === 'map' || from.kind === 'enum')) return undefined;
    const row = SCALAR_COMPATIBILITY[to.kind];
    const verdict = row[from.kind];
    if (verdict === undefined) {
      return { severity: 'error', why: `${describeType(from)} and ${describeType(to)} are incompatible: the write fails or the value is read back as something else` };
    }
    if (verdict === 'ok') return undefined;
    if ('check' in verdict) {
      const result = runCheck(verdict.check, from, to);
      return result === 'ok' ? undefined : result;
    }
    return verdict;
  }

  #compareEnums(s: Field, b: Field, sType: Extract<FieldType, { kind: 'enum' }>, bType: Extract<FieldType, { kind: 'enum' }>, sPath: string, bPath: string): void {
    const sLoc = s.location ?? this.stream.location;
    const bLoc = b.location ?? this.batch.location;
    if (bType.closed) {
      const missing = sType.values.filter((v) => !bType.values.includes(v));
      if (missing.length > 0) {
        this.#push({
          kind: 'enum',
          severity: 'error',
          values: missing,
          path: sPath,
          side: 'stream',
          primary: sLoc,
          related: [this.#rel(b, bPath, `allows ${quoteList(bType.values)}`)],
          message: `${this.#label('stream', sPath)} can be ${quoteList(missing)} (${this.#where(sLoc)}) but ${this.#label('batch', bPath)} only allows ${quoteList(bType.values)} (${this.#where(bLoc)}): ${this.batch.kind === 'table' ? 'the row is rejected' : 'the value is outside the type the code switches on'}.`,
        }, s, b);
      }
    }
    if (sType.closed) {
      const unused = bType.values.filter((v) => !sType.values.includes(v));
      if (unused.length > 0) {
        this.#push({
          kind: 'unused-enum-value',
          severity: 'note',
          values: unused,
          path: bPath,
          side: 'batch',
          primary: bLoc,
          related: [this.#rel(s, sPath, `sends ${quoteList(sType.values)}`, 'stream')],
          message: `${this.#label('batch', bPath)} allows ${quoteList(unused)} (${this.#where(bLoc)}), which ${this.#label('stream', sPath)} never sends (${this.#where(sLoc)}): a value removed from the stream, or one not added to it yet.`,
        }, s, b);
      }
    }
  }

  // --- unmatched fields --------------------------------------------------------------------

  #missingInBatch(s: Field, path: string): void {
    const level = this.options.onMissing ?? 'warn';
    if (level === 'off') return;
    const sLoc = s.location ?? this.stream.location;
    const noun = this.batch.kind === 'table' ? 'column' : 'field';
    const consequence =
      this.batch.kind !== 'table'
        ? 'the value is dropped when the record is read into the batch type'
        : this.#clickhouse()
          ? 'the value is lost in the batch copy (ClickHouse drops JSON fields the table does not declare)'
          : 'the value is lost in the batch copy, or the sink rejects the row (JDBC sinks without auto-evolution)';
    this.#push({
      kind: 'missing-in-batch',
      severity: level === 'warn' ? 'warning' : level,
      path,
      side: 'stream',
      primary: sLoc,
      related: [{ location: this.batch.location, message: `${this.batch.name}: no ${noun} for \`${path}\`` }],
      message: `${this.#label('stream', path)} (${this.#where(sLoc)}) has no ${noun} in \`${this.batch.name}\` (${this.#display(this.batch.location.file)}): ${consequence}.`,
    }, s);
  }

  /** S2: a required batch field/column the stream does not have. */
  #missingInStream(b: Field, path: string): void {
    const bLoc = b.location ?? this.batch.location;
    const noun = this.batch.kind === 'table' ? 'column' : 'field';
    this.#push({
      kind: 'missing-in-stream',
      severity: 'error',
      path,
      side: 'batch',
      primary: bLoc,
      related: [{ location: this.stream.location, message: `${this.stream.name}: no field for \`${path}\`` }],
      message: `${this.#label('batch', path)} (${this.#where(bLoc)}) is required (${this.batch.kind !== 'table' ? 'not optional' : this.#clickhouse() ? 'not Nullable, no DEFAULT' : 'NOT NULL, no default'}) but ${this.#streamName()} (${this.#display(this.stream.location.file)}) has no such field: ${this.batch.kind !== 'table' ? 'the field is undefined at run time' : this.#clickhouse() ? "ClickHouse fills in the type's default ('' or 0), so every row stores a made-up value" : 'every insert fails'}. Add it to the ${this.stream.kind === 'payload' ? 'value sent' : 'stream type'} or give the ${noun} a default.`,
    }, undefined, b);
  }

  /** batch-to-stream or both: a batch field the stream side has no place for (S1 mirrored). */
  #batchOnly(b: Field, path: string): void {
    const level = this.options.onMissing ?? 'warn';
    if (level === 'off') return;
    const bLoc = b.location ?? this.batch.location;
    this.#push({
      kind: 'missing-in-batch',
      severity: level === 'warn' ? 'warning' : level,
      path,
      side: 'batch',
      primary: bLoc,
      related: [{ location: this.stream.location, message: `${this.stream.name}: no field for \`${path}\`` }],
      message: `${this.#label('batch', path)} (${this.#where(bLoc)}) has no field in ${this.#streamName()} (${this.#display(this.stream.location.file)}): the value is lost on the way between the two.`,
    }, undefined, b);
  }

  /** batch-to-stream: a required stream field the batch side cannot fill. */
  #requiredWithoutSource(s: Field, path: string): void {
    const sLoc = s.location ?? this.stream.location;
    this.#push({
      kind: 'missing-in-stream',
      severity: 'error',
      path,
      side: 'stream',
      primary: sLoc,
      related: [{ location: this.batch.location, message: `${this.batch.name}: no source for \`${path}\`` }],
      message: `${this.#label('stream', path)} (${this.#where(sLoc)}) is required but \`${this.batch.name}\` (${this.#display(this.batch.location.file)}) has nothing to fill it: records built from the batch side leave it undefined.`,
    }, s);
  }

  #nearMiss(s: Field, b: Field, sPath: string, bPath: string): void {
    const sLoc = s.location ?? this.stream.location;
    const bLoc = b.location ?? this.batch.location;
    this.#push({
      kind: 'near-miss',
      severity: 'warning',
      path: sPath,
      side: 'stream',
      primary: sLoc,
      related: [this.#rel(b, bPath, 'the similar name')],
      message: `${this.#label('stream', sPath)} (${this.#where(sLoc)}) has no exact match in \`${this.batch.name}\`, but \`${bPath}\` (${this.#where(bLoc)}) is one or two letters away: probably the same field misspelled, so the value is lost. If the names are meant to differ, add \`rename: { ${sPath}: ${bPath} }\` to the pair in rta.config.yaml.`,
    }, s, b);
  }

  // --- helpers -------------------------------------------------------------------------------

  #push(drift: Drift, streamField?: Field, batchField?: Field): void {
    if (streamField) drift.streamField = streamField;
    if (batchField) drift.batchField = batchField;
    this.drifts.push(drift);
  }

  #rel(field: Field, path: string, what: string, side: 'stream' | 'batch' = 'batch'): RelatedSchemaLocation {
    const record = side === 'stream' ? this.stream : this.batch;
    return { location: field.location ?? record.location, message: `${record.kind === 'payload' ? record.name : `${record.name}.${path}`}: ${what}` };
  }

  #label(side: 'stream' | 'batch', path: string): string {
    const record = side === 'stream' ? this.stream : this.batch;
    if (record.kind === 'payload') return `\`${path}\` in ${record.name}`;
    return `\`${record.name}.${path}\``;
  }

  #streamName(): string {
    return this.stream.kind === 'payload' ? this.stream.name : `\`${this.stream.name}\``;
  }

  #where(location: SchemaLocation): string {
    return `${this.#display(location.file)}:${String(location.region.startLine)}`;
  }

  #clickhouse(): boolean {
    return this.batch.system === 'clickhouse' || this.batch.system === 'tinybird';
  }

  #nullConsequence(): string {
    if (this.batch.kind !== 'table') return 'code reading the value does not expect null';
    if (this.#clickhouse()) {
      return 'ClickHouse stores the type default (`\'\'` or `0`) in place of null, silently';
    }
    return 'the insert fails and the sink stops';
  }
}

function isFilled(field: Field): boolean {
  return field.filled !== undefined || CONNECTOR_METADATA_COLUMNS.has(field.name.toLowerCase());
}

function normalizePath(path: string): string {
  return path.split('.').map(normalizeName).join('.');
}

function lastSegment(path: string): string {
  const parts = path.split('.');
  return parts[parts.length - 1] ?? path;
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

/** The TS type names a field's type uses (for `logicalTypes`): `number`, `Date`, `string`, `bigint`. */
function tsNames(type: FieldType): string[] {
  switch (type.kind) {
    case 'number':
      return ['number'];
    case 'bigint':
      return ['bigint'];
    case 'string':
      return ['string'];
    case 'date-object':
      return ['Date'];
    case 'union':
      return type.types.flatMap(tsNames);
    default:
      return [];
  }
}

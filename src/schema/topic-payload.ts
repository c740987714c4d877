/**
 * How `rta/consistent-topic-payload` words a difference between a value sent to a topic and the
 * schema mapped to it. The ESLint rule (editors) and the schema-drift analyzer (typed audits,
 * which add the schema's location) both report it: one wording keeps the two interchangeable,
 * so the audit can replace the rule's finding with its own.
 */
import type { Drift } from './compare.js';
import { describeType, type Field, type RecordSchema, type SchemaLocation } from './model.js';
import type { TsChecker, TsNamed, TsNode, TsRuntime, TsType } from './ts/api.js';

export const TOPIC_PAYLOAD_MESSAGES = {
  missingField:
    'The value sent to `{{topic}}` has no `{{field}}`, which `{{schema}}` requires ({{where}}): consumers read undefined, and a sink with a NOT NULL column rejects the record.',
  extraField:
    '`{{field}}` is not a field of `{{schema}}`, the schema of `{{topic}}` ({{where}}): consumers and sinks that follow the schema drop it.',
  nearMiss:
    '`{{field}}` is not a field of `{{schema}}` ({{where}}), but `{{other}}` is: probably a misspelling, so consumers see `{{other}}` missing and drop `{{field}}`.',
  wrongType: '`{{field}}` is `{{actual}}` here but `{{expected}}` in `{{schema}}` ({{where}}): {{why}}.',
  mayBeNull:
    '`{{field}}` may be null or missing here but `{{schema}}` requires it ({{where}}): consumers that trust the schema fail on the record.',
  enumValue: '`{{field}}` can be {{values}} here, which `{{schema}}` does not allow ({{where}}): consumers that switch on it miss the case.',
} as const;

export type TopicPayloadMessageId = keyof typeof TOPIC_PAYLOAD_MESSAGES;

export interface TopicPayloadReport {
  messageId: TopicPayloadMessageId;
  data: Record<string, string>;
  /** The schema's field (or the schema itself) the message points to. */
  schemaAt: SchemaLocation;
}

/** The report for one drift, or undefined for notes and kinds the check does not report. */
export function topicPayloadReport(drift: Drift, topic: string, schema: RecordSchema, display: (file: string) => string): TopicPayloadReport | undefined {
  if (drift.severity === 'note') return undefined;
  const schemaName = schema.name;
  const field = drift.streamField;
  const expected = drift.batchField;
  const schemaAt = expected?.location ?? schema.location;
  const where = `${display(schemaAt.file)}:${String(schemaAt.region.startLine)}`;
  const at = (messageId: TopicPayloadMessageId, data: Record<string, string>): TopicPayloadReport => ({ messageId, data, schemaAt });
  switch (drift.kind) {
    case 'missing-in-stream':
      return at('missingField', { topic, field: drift.path, schema: schemaName, where });
    case 'missing-in-batch':
      return at('extraField', { topic, field: drift.path, schema: schemaName, where });
    case 'near-miss':
      return at('nearMiss', { field: drift.path, schema: schemaName, where, other: expected?.name ?? '' });
    case 'type':
      return at('wrongType', {
        field: drift.path,
        actual: field ? shortType(field) : 'unknown',
        expected: expected?.typeText ?? '',
        schema: schemaName,
        where,
        why: drift.why ?? 'the types do not match',
      });
    case 'nullability':
      return at('mayBeNull', { field: drift.path, schema: schemaName, where });
    case 'enum':
      return at('enumValue', { field: drift.path, values: (drift.values ?? []).map((v) => `'${v}'`).join(', '), schema: schemaName, where });
    default:
      return undefined;
  }
}

/** The message text, filled in as ESLint fills a rule's message (unknown placeholders stay). */
export function topicPayloadText(report: TopicPayloadReport): string {
  return TOPIC_PAYLOAD_MESSAGES[report.messageId].replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, key: string) => (Object.hasOwn(report.data, key) ? (report.data[key] ?? '') : whole));
}

function shortType(field: Field): string {
  return field.typeText.length <= 40 ? field.typeText : describeType(field.type);
}

/**
 * The value's type is the schema's own declaration (told by the position of its name), so
 * TypeScript checks the value already and nothing is reported.
 */
export function isSchemaType(type: TsType, schema: RecordSchema): boolean {
  return [type.aliasSymbol, type.symbol].some((symbol) =>
    (symbol?.declarations ?? []).some((d) => {
      const nameNode = (d as TsNamed).name;
      if (!nameNode) return false;
      const sf = d.getSourceFile();
      const pos = sf.getLineAndCharacterOfPosition(nameNode.getStart(sf));
      return pos.line + 1 === schema.location.region.startLine && pos.character + 1 === schema.location.region.startColumn;
    }),
  );
}

/**
 * A spread in the sent object whose type lists its properties (not `object`, `any` or an index
 * signature); any other spread leaves the value's fields unknown, and the value is not checked.
 */
export function spreadHasKnownShape(ts: Pick<TsRuntime, 'TypeFlags'>, checker: TsChecker, node: TsNode): boolean {
  const type = checker.getTypeAtLocation(node);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive)) return false;
  return checker.getIndexInfosOfType(type).length === 0 && checker.getPropertiesOfType(type).length > 0;
}

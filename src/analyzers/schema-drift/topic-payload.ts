/**
 * `rta/consistent-topic-payload` in a typed audit. The ESLint rule checks a value written at a
 * producer call against its topic's schema, but a rule finding has one location, and the schema
 * is usually declared in another file. Here the same check runs on the same program, worded and
 * placed as the rule does it, with the schema's field as a related location; each place reported
 * is claimed, so the engine drops the rule's finding there and the problem is reported once.
 * What this check cannot vouch to see as the rule does (another config for that file, a topic
 * tagged twice, a value checked with `satisfies`) is neither reported nor claimed: the rule's
 * findings stand.
 */
import path from 'node:path';
import { Node, ts as morphTs, type Project } from 'ts-morph';
import { findConfigFile } from '../../config/load.js';
import type { Finding, Location } from '../../findings/finding.js';
import { compareRecords } from '../../schema/compare.js';
import type { RecordSchema, SchemaLocation } from '../../schema/model.js';
import { isSchemaType, spreadHasKnownShape, topicPayloadReport, topicPayloadText } from '../../schema/topic-payload.js';
import { CheckerReader } from '../../schema/ts/checker-types.js';
import { nodeLocation, schemaTags } from '../../schema/ts/declarations.js';
import { readDeclaration } from '../../schema/ts/read.js';
import type { AnalyzerContext, FindingClaim } from '../analyzer.js';
import type { SendSiteFinder } from './send-sites.js';
import { unwrap } from './tracker.js';

export const TOPIC_PAYLOAD_ID = 'rta/consistent-topic-payload';

/**
 * Topic → schema as the rule maps it: the first readable `stream` of a `schemas:` entry with that
 * `topic`, then `@rtaTopic` tags. The rule takes the linted file's own tag first, so a topic
 * tagged on more than one declaration is left to it.
 */
export function topicSchemas(project: Project, configured: Iterable<{ topic: string; read: () => RecordSchema | undefined }>): Map<string, RecordSchema> {
  const schemas = new Map<string, RecordSchema>();
  for (const entry of configured) {
    if (schemas.has(entry.topic)) continue;
    const record = entry.read();
    if (record) schemas.set(entry.topic, record);
  }
  const program = project.getProgram().compilerObject;
  const tagged = new Map<string, { sf: morphTs.SourceFile; declaration: ReturnType<typeof schemaTags>[number]['declaration'] }[]>();
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/') || !sf.text.includes('@rtaTopic')) continue;
    for (const tag of schemaTags(morphTs, sf)) {
      if (tag.topic === undefined || schemas.has(tag.topic)) continue;
      const list = tagged.get(tag.topic) ?? [];
      list.push({ sf, declaration: tag.declaration });
      tagged.set(tag.topic, list);
    }
  }
  const checker = program.getTypeChecker();
  for (const [topic, tags] of tagged) {
    const only = tags.length === 1 ? tags[0] : undefined;
    const record = only && readDeclaration(morphTs, only.sf, only.declaration, checker);
    if (record) schemas.set(topic, record);
  }
  return schemas;
}

export function topicPayloadFindings(
  context: AnalyzerContext,
  project: Project,
  finder: SendSiteFinder,
  schemas: ReadonlyMap<string, RecordSchema>,
  severity: 'error' | 'warning',
): { findings: Finding[]; claims: FindingClaim[] } {
  const findings: Finding[] = [];
  const claims: FindingClaim[] = [];
  if (schemas.size === 0) return { findings, claims };
  const relative = (file: string) => path.relative(context.root, file).split(path.sep).join('/');
  const location = (at: SchemaLocation, message?: string): Location => ({ file: relative(at.file), region: at.region, ...(message !== undefined ? { message } : {}) });
  // The rule reads rta.config.yaml from the linted file's folder up (or its `configFile` option,
  // from the ESLint working directory, the audit root) and shows paths relative to its folder.
  const option = ruleConfigOption(context.config);
  const sameConfig = new Map<string, boolean>();
  const sharesConfig = (file: string): boolean => {
    const dir = path.dirname(file);
    let same = sameConfig.get(dir);
    if (same === undefined) {
      const ruleConfig = option !== undefined ? path.resolve(context.root, option) : findConfigFile(dir);
      same = (ruleConfig && path.resolve(ruleConfig)) === (context.configFile && path.resolve(context.configFile));
      sameConfig.set(dir, same);
    }
    return same;
  };
  const base = context.configDir ?? context.root;
  const display = (f: string) => path.relative(base, f).split(path.sep).join('/') || path.basename(f);
  const checker = project.getTypeChecker().compilerObject;
  const seen = new Set<string>();

  for (const site of finder.sites()) {
    const schema = schemas.get(site.topic);
    const value = site.value;
    const file = path.resolve(value.getSourceFile().getFilePath());
    // Values reaching the producer through a wrapper's parameter are the `rta/schema-drift` check's.
    if (!schema || !isInside(value, site.send) || !sharesConfig(file) || checkedWithSatisfies(value) || isSchemaType(checker.getTypeAtLocation(value.compilerNode), schema)) continue;
    const payload = payloadRecord(checker, value, site.topic, file);
    if (!payload) continue;
    const valueRegion = payload.location.region;
    for (const drift of compareRecords(payload, schema, { onMissing: 'warn', display })) {
      const report = topicPayloadReport(drift, site.topic, schema, display);
      if (!report) continue;
      const region = path.resolve(drift.primary.file) === file && drift.side === 'stream' ? drift.primary.region : valueRegion;
      const finding: Finding = {
        ruleId: TOPIC_PAYLOAD_ID,
        category: 'schema-drift',
        severity,
        message: topicPayloadText(report),
        location: location({ file, region }),
        related: [location(report.schemaAt, drift.batchField ? `${schema.name}.${drift.batchField.name}` : `${schema.name}, the schema of ${site.topic}`)],
        fixes: [],
        source: 'analyzer',
      };
      const key = JSON.stringify([finding.location.file, region.startLine, region.startColumn, finding.message]);
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
      claims.push({ ruleId: TOPIC_PAYLOAD_ID, file: finding.location.file, line: region.startLine, column: region.startColumn });
    }
  }
  return { findings, claims };
}

/** The rule's `configFile` option, when rta.config.yaml's `rules:` sets one. */
function ruleConfigOption(config: AnalyzerContext['config']): string | undefined {
  const entry = config.rules?.[TOPIC_PAYLOAD_ID];
  const options: unknown = Array.isArray(entry) ? entry[1] : undefined;
  const value: unknown = typeof options === 'object' && options !== null ? (options as Record<string, unknown>).configFile : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** `JSON.stringify(value satisfies OrderEvent)`: TypeScript checks it already (the rule skips it). */
function checkedWithSatisfies(value: Node): boolean {
  for (let node = value.getParent(); node; node = node.getParent()) {
    if (Node.isSatisfiesExpression(node)) return true;
    if (!(Node.isParenthesizedExpression(node) || Node.isAsExpression(node) || Node.isNonNullExpression(node) || Node.isTypeAssertion(node) || Node.isAwaitExpression(node))) return false;
  }
  return false;
}

/**
 * The sent value's record as the rule reads it: the checker's type, with each string literal
 * written at the top level of an object literal taken as the one value sent there.
 */
function payloadRecord(checker: morphTs.TypeChecker, value: Node, topic: string, file: string): RecordSchema | undefined {
  if (Node.isObjectLiteralExpression(value) && value.getProperties().some((p) => Node.isSpreadAssignment(p) && !spreadHasKnownShape(morphTs, checker, p.getExpression().compilerNode))) {
    return undefined;
  }
  const fields = new CheckerReader(morphTs, checker).fields(checker.getTypeAtLocation(value.compilerNode), value.compilerNode);
  if (!fields || fields.length === 0) return undefined;
  if (Node.isObjectLiteralExpression(value)) {
    for (const prop of value.getProperties()) {
      if (!Node.isPropertyAssignment(prop)) continue;
      const nameNode = prop.getNameNode();
      const key = Node.isIdentifier(nameNode) ? nameNode.getText() : Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : undefined;
      const init = prop.getInitializer();
      const literal = init && unwrap(init);
      const field = fields.find((f) => f.name === key);
      if (field && literal && Node.isStringLiteral(literal)) field.type = { kind: 'enum', values: [literal.getLiteralValue()], closed: true };
    }
  }
  return { name: `the value sent to \`${topic}\``, system: 'typescript', kind: 'payload', fields, location: { file, region: nodeLocation(value.compilerNode).region } };
}


/** Is `node` written inside `outer` (the value is an argument of the producer call itself)? */
export function isInside(node: Node, outer: Node): boolean {
  return node.getSourceFile() === outer.getSourceFile() && node.getPos() >= outer.getPos() && node.getEnd() <= outer.getEnd();
}

/**
 * Batch/stream schema drift across files (RULES.md section 4): every pair of `schemas:` in
 * rta.config.yaml and every `@rtaSchema`-tagged declaration, each side read into the neutral
 * model (TS types and zod schemas through ts-morph, Avro, JSON Schema, SQL DDL and migrations,
 * Prisma, Tinybird) and compared. Reports as `rta/schema-drift`, in place of the ESLint rule of
 * that id, which serves editors (see `supersedes`). In typed audits it also reports
 * `rta/consistent-topic-payload` at producer calls, with the schema's location (topic-payload.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ts as morphTs } from 'ts-morph';
import type { ConfigProblem } from '../../config/types.js';
import type { Finding, Location, Notification } from '../../findings/finding.js';
import { lineHashes } from '../../findings/line-hash.js';
import { ruleDocsUrl } from '../../meta.js';
import { compareRecords, type Drift } from '../../schema/compare.js';
import { configPositions } from '../../schema/config-positions.js';
import { configuredDdlDialect } from '../../schema/dialects.js';
import { SchemaReadError, type RecordSchema, type SchemaLocation } from '../../schema/model.js';
import { configPairs, tagTable, withTags, type PairSpec, type TaggedDeclaration } from '../../schema/pairs.js';
import { isTsFile, readSchemaRef, type ReadOptions, type SchemaRef, type TsAccess } from '../../schema/refs.js';
import { schemaTags } from '../../schema/ts/declarations.js';
import { parseSource } from '../../schema/ts/migration-strings.js';
import type { TsSourceFile } from '../../schema/ts/api.js';
import type { Analyzer, AnalyzerContext, AnalyzerOutput, FindingClaim } from '../analyzer.js';
import { SendSiteFinder } from './send-sites.js';
import { isInside, TOPIC_PAYLOAD_ID, topicPayloadFindings, topicSchemas } from './topic-payload.js';

export const SCHEMA_DRIFT_ID = 'rta/schema-drift';

export const schemaDriftAnalyzer: Analyzer = {
  id: 'schema-drift',
  checks: [
    {
      id: SCHEMA_DRIFT_ID,
      category: 'schema-drift',
      description:
        'A stream schema (TS type, zod, Avro, JSON Schema, or what the code sends to a topic) and its batch table or model disagree: missing fields, types, nullability, enums, nested records, near-miss names',
      defaultSeverity: 'error',
      docsUrl: ruleDocsUrl('schema-drift'),
      fixable: false,
      hasSuggestions: false,
    },
    {
      id: TOPIC_PAYLOAD_ID,
      category: 'schema-drift',
      description: 'A value sent to a topic that rta.config.yaml (or an `@rtaTopic` tag) maps to a schema does not match that schema',
      defaultSeverity: 'error',
      docsUrl: ruleDocsUrl('consistent-topic-payload'),
      fixable: false,
      hasSuggestions: false,
    },
  ],
  // Non-TS pairs (Avro ↔ SQL) need no program; TS sides are read from syntax when there is none.
  needsTypes: false,
  supersedes: [SCHEMA_DRIFT_ID],
  checkConfig: (context) => session(context).configProblems(),
  run: (context) => session(context).run(),
};

const sessions = new WeakMap<AnalyzerContext, Session>();

function session(context: AnalyzerContext): Session {
  let s = sessions.get(context);
  if (!s) {
    s = new Session(context);
    sessions.set(context, s);
  }
  return s;
}

type ReadResult = { record: RecordSchema } | { error: SchemaReadError };

class Session {
  readonly #reads = new Map<string, ReadResult>();
  readonly #readOptions: ReadOptions;
  #pairs: PairSpec[] | undefined;

  constructor(readonly context: AnalyzerContext) {
    const project = context.project;
    const access: TsAccess = {
      ts: morphTs,
      programFile: (file) => project?.getSourceFile(file)?.compilerNode,
      checker: project?.getTypeChecker().compilerObject,
    };
    this.#readOptions = { ts: access, dialectFor: (file) => configuredDdlDialect(context.config, context.configDir, file) };
  }

  configProblems(): ConfigProblem[] {
    const configFile = this.context.configFile;
    if (configFile === undefined) return [];
    const position = configPositions(configFile);
    const problems: ConfigProblem[] = [];
    for (const pair of this.#configuredPairs()) {
      for (const side of ['stream', 'batch'] as const) {
        const ref = pair[side];
        if (!ref || pair.tagged[side] === true || pair.index === undefined) continue;
        const result = this.#read(ref);
        if (!('error' in result)) continue;
        const key = `schemas[${String(pair.index)}].${side}`;
        // Config paths are relative to the config file, so the file is shown the same way.
        const where = result.error.file !== undefined ? ` (${relativeTo(path.dirname(configFile), result.error.file)}${result.error.line !== undefined ? `:${String(result.error.line)}` : ''})` : '';
        problems.push({
          file: configFile,
          ...(position(['schemas', pair.index, side]) ?? {}),
          key,
          message: `${key}: ${result.error.message}${where}`,
        });
      }
    }
    return problems;
  }

  run(): AnalyzerOutput {
    const findings: Finding[] = [];
    const notifications: Notification[] = [];
    const claims: FindingClaim[] = [];
    const project = this.context.project;
    const finder = project ? new SendSiteFinder(project, this.#sourceFiles()) : undefined;
    const payloadSeverity = this.context.severityOf(TOPIC_PAYLOAD_ID);
    // Untyped, the rule's own findings stand: it reads literals, which a program is not needed for.
    if (project && finder && payloadSeverity !== 'off' && payloadSeverity !== 'note') {
      const configured = this.#configuredPairs().flatMap((pair) => {
        const stream = pair.stream;
        if (pair.topic === undefined || !stream) return [];
        return [{ topic: pair.topic, read: () => {
          const result = this.#read(stream);
          return 'error' in result ? undefined : result.record;
        } }];
      });
      const payload = topicPayloadFindings(this.context, project, finder, topicSchemas(project, configured), payloadSeverity);
      findings.push(...payload.findings);
      claims.push(...payload.claims);
    }
    if (this.context.severityOf(SCHEMA_DRIFT_ID) === 'off') return { findings, notifications, claims };
    const seen = new Set<string>();
    const pairs = this.#pairs ?? this.#allPairs(notifications);
    if (finder) this.#wrapperSends(pairs, finder, findings, seen);
    for (const pair of pairs) {
      if (!pair.batch) continue;
      const batch = this.#read(pair.batch);
      if ('error' in batch) {
        notifications.push(this.#unreadable(pair, 'batch', batch.error));
        continue;
      }
      const streams: RecordSchema[] = [];
      if (pair.stream) {
        const stream = this.#read(pair.stream);
        if ('error' in stream) {
          notifications.push(this.#unreadable(pair, 'stream', stream.error));
          continue;
        }
        streams.push(stream.record);
      } else if (pair.topic !== undefined) {
        if (!finder) {
          notifications.push({
            level: 'note',
            kind: 'schema-pair-skipped',
            message: `Schema pair "${pair.name}": the stream side is what the code sends to ${pair.topic}, which needs types; add a tsconfig.json.`,
          });
          continue;
        }
        const sites = finder.sites().filter((s) => s.topic === pair.topic);
        for (const site of sites) {
          const record = finder.record(site);
          if (record) streams.push(record);
        }
        if (sites.length === 0) {
          notifications.push({ level: 'note', kind: 'schema-pair-no-sends', message: `Schema pair "${pair.name}": no producer in the audited files sends to ${pair.topic}.` });
        }
      }
      for (const stream of streams) {
        for (const drift of compareRecords(stream, batch.record, { ...pair.options, display: (f) => this.#display(f) })) {
          const finding = this.#finding(drift);
          const key = `${finding.location.file}:${String(finding.location.region.startLine)}:${String(finding.location.region.startColumn)}:${finding.message}`;
          if (seen.has(key)) continue;
          seen.add(key);
          findings.push(finding);
        }
      }
    }
    this.#hashLines(findings);
    return { findings, notifications, claims };
  }

  /**
   * A pair with both `topic` and `stream` says what every value sent to the topic must look like.
   * `rta/consistent-topic-payload` checks the values written at a producer call; values handed to
   * the project's own wrappers (`send('orders.v1', { … })`) reach the producer as a parameter it
   * cannot follow, so they are checked here, at the wrapper's call site, against the stream
   * declaration. Direct producer calls are the topic-payload check's (`topicPayloadFindings`).
   */
  #wrapperSends(pairs: readonly PairSpec[], finder: SendSiteFinder, findings: Finding[], seen: Set<string>): void {
    const checked = new Set<string>();
    for (const pair of pairs) {
      if (pair.topic === undefined || !pair.stream || checked.has(pair.topic)) continue;
      checked.add(pair.topic);
      const stream = this.#read(pair.stream);
      // An unreadable stream is a config problem (exit 2) or the pair's own notification.
      if ('error' in stream) continue;
      for (const site of finder.sites()) {
        if (site.topic !== pair.topic || isInside(site.value, site.send)) continue;
        const payload = finder.record(site);
        if (!payload) continue;
        for (const drift of compareRecords(payload, stream.record, { onMissing: 'warn', display: (f) => this.#display(f) })) {
          if (drift.severity === 'note') continue;
          const finding = this.#finding(drift);
          if (drift.side === 'batch') {
            // A field the declaration requires and the value lacks: shown where the value is sent.
            finding.related = [{ ...this.#location(drift.primary), message: `${stream.record.name}.${drift.path}: required` }];
            finding.location = this.#location(payload.location);
          }
          const key = `${finding.location.file}:${String(finding.location.region.startLine)}:${String(finding.location.region.startColumn)}:${finding.message}`;
          if (seen.has(key)) continue;
          seen.add(key);
          findings.push(finding);
        }
      }
    }
  }

  /**
   * GitHub's line fingerprint for findings in schema files the audit does not list (.avsc,
   * .prisma, .datasource, .json); the engine hashes the lines of the files it read.
   */
  #hashLines(findings: Finding[]): void {
    const listed = new Set(this.context.files.map((f) => f.relative));
    const cache = new Map<string, string[] | undefined>();
    for (const finding of findings) {
      const file = finding.location.file;
      if (listed.has(file)) continue;
      if (!cache.has(file)) {
        try {
          cache.set(file, lineHashes(fs.readFileSync(path.resolve(this.context.root, file), 'utf8')));
        } catch {
          cache.set(file, undefined);
        }
      }
      const hash = cache.get(file)?.[finding.location.region.startLine - 1];
      if (hash !== undefined) finding.primaryLocationLineHash = hash;
    }
  }

  #configuredPairs(): PairSpec[] {
    return configPairs(this.context.config, this.context.configDir);
  }

  #allPairs(notifications: Notification[]): PairSpec[] {
    this.#pairs = withTags(
      this.#configuredPairs(),
      this.#tags(),
      (name) => this.#findTable(name),
      (tag, missing) => {
        notifications.push({
          level: 'warning',
          kind: 'schema-tag-unpaired',
          file: this.#display(tag.file),
          ...(tag.line !== undefined ? { line: tag.line } : {}),
          message:
            missing === 'batch'
              ? `\`@rtaSchema ${tag.pair} stream\` on ${tag.name} has no partner: no \`@rtaSchema ${tag.pair} batch\` declaration, no \`schemas:\` entry named ${tag.pair}, and no audited .sql file creates a table ${tag.pair} (or files in several folders do); nothing was compared.`
              : `\`@rtaSchema ${tag.pair} batch\` on ${tag.name} has no partner: no \`@rtaSchema ${tag.pair} stream\` declaration and no \`schemas:\` entry named ${tag.pair}; nothing was compared.`,
        });
      },
    );
    return this.#pairs;
  }

  /** `@rtaSchema` tags in the audited TS/JS files. */
  #tags(): TaggedDeclaration[] {
    const tags: TaggedDeclaration[] = [];
    for (const file of this.context.files) {
      if (file.kind !== 'source' || !file.text.includes('@rtaSchema')) continue;
      const sourceFile: TsSourceFile = this.context.project?.getSourceFile(file.path)?.compilerNode ?? parseSource(morphTs, file.path, file.text);
      for (const tag of schemaTags(morphTs, sourceFile)) {
        const line = sourceFile.getLineAndCharacterOfPosition(tag.declaration.statement.getStart(sourceFile)).line + 1;
        if (tag.pair) tags.push({ file: file.path, name: tag.declaration.name, pair: tag.pair.name, role: tag.pair.role, line });
      }
    }
    return tags;
  }

  /** The table of a stream tag with no partner, among the audited .sql files. */
  #findTable(name: string): SchemaRef | undefined {
    return tagTable(
      this.context.files.filter((f) => f.kind === 'sql'),
      name,
      (f) => this.#display(f),
    );
  }

  #sourceFiles(): Set<string> {
    return new Set(this.context.files.filter((f) => f.kind === 'source' && isTsFile(f.path)).map((f) => f.path));
  }

  #read(ref: SchemaRef): ReadResult {
    const key = `${ref.file}#${ref.symbol ?? ''}${ref.folder ? '/' : ''}`;
    const cached = this.#reads.get(key);
    if (cached) return cached;
    let result: ReadResult;
    try {
      result = { record: readSchemaRef(ref, this.#readOptions) };
    } catch (error) {
      if (error instanceof SchemaReadError) result = { error };
      // The system error's own text repeats the absolute path; its code says enough.
      else if (error instanceof Error && 'code' in error) result = { error: new SchemaReadError(`cannot read ${path.basename(ref.file)} (${String(error.code)})`, ref.file) };
      else throw error;
    }
    this.#reads.set(key, result);
    return result;
  }

  #unreadable(pair: PairSpec, side: 'stream' | 'batch', error: SchemaReadError): Notification {
    const notification: Notification = {
      level: 'warning',
      kind: 'schema-unreadable',
      message: `Schema pair "${pair.name}" (${side}): ${error.message}; the pair was not compared.`,
    };
    if (error.file !== undefined) notification.file = this.#display(error.file);
    if (error.line !== undefined) notification.line = error.line;
    return notification;
  }

  #finding(drift: Drift): Finding {
    return {
      ruleId: SCHEMA_DRIFT_ID,
      category: 'schema-drift',
      severity: drift.severity,
      message: drift.message,
      location: this.#location(drift.primary),
      related: drift.related.map((r) => ({ ...this.#location(r.location), message: r.message })),
      fixes: [],
      source: 'analyzer',
    };
  }

  #location(location: SchemaLocation): Location {
    return { file: this.#display(location.file), region: location.region };
  }

  #display(file: string): string {
    return relativeTo(this.context.root, file);
  }
}

function relativeTo(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}

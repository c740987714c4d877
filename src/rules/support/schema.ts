/**
 * What the schema rules need from their surroundings: the linted file's TypeScript source file
 * and checker (through parserServices, never ts-morph), `rta.config.yaml` found from the file's
 * folder upward, and how to read the other side of a pair from disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { ParserServices, TSESLint } from '@typescript-eslint/utils';
import { findConfigFile, loadConfig } from '../../config/load.js';
import type { LoadedConfig } from '../../config/types.js';
import { configuredDdlDialect } from '../../schema/dialects.js';
import { SchemaReadError, type RecordSchema } from '../../schema/model.js';
import { configPairs, tagTable, withTags, type PairSpec, type TaggedDeclaration } from '../../schema/pairs.js';
import { filesUnder, isDownMigration, readSchemaRef, type ReadOptions, type SchemaRef, type TsAccess } from '../../schema/refs.js';
import type { TsChecker, TsSourceFile } from '../../schema/ts/api.js';
import { schemaTags } from '../../schema/ts/declarations.js';

export interface SchemaEnvironment {
  /** Absolute path of the linted file. */
  file: string;
  sourceFile: TsSourceFile;
  checker: TsChecker | undefined;
  config: LoadedConfig | undefined;
  readOptions: ReadOptions;
  /** A path as messages show it (relative to the config's folder, or the working directory). */
  display(file: string): string;
  /** Reads one side of a pair; undefined when it cannot be read (the CLI reports that). */
  read(ref: SchemaRef): RecordSchema | undefined;
  /** Config pairs plus `@rtaSchema` tags in this file (and, with a program, in the program's files). */
  pairs(): PairSpec[];
}

type RuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const configCache = new Map<string, { mtimeMs: number; loaded: LoadedConfig | undefined }>();
const tagCache = new WeakMap<object, TaggedDeclaration[]>();

export function schemaEnvironment(context: RuleContext, configOption?: string): SchemaEnvironment | undefined {
  const services: Partial<ParserServices> | undefined = context.sourceCode.parserServices;
  const map = services?.esTreeNodeToTSNodeMap;
  const sourceFile = map?.get(context.sourceCode.ast) as TsSourceFile | undefined;
  if (!sourceFile) return undefined;
  const file = path.resolve(context.cwd, context.filename);
  const program = services?.program ?? undefined;
  const checker = program ? program.getTypeChecker() : undefined;
  const config = findConfig(file, configOption === undefined ? undefined : path.resolve(context.cwd, configOption));
  const access: TsAccess = {
    ts,
    programFile: (f) => (path.resolve(f) === file ? sourceFile : program?.getSourceFile(f)),
    checker,
  };
  const readOptions: ReadOptions = { ts: access, dialectFor: (f) => (config ? configuredDdlDialect(config.config, config.dir, f) : undefined) };
  const base = config?.dir ?? context.cwd;
  const reads = new Map<string, RecordSchema | undefined>();
  return {
    file,
    sourceFile,
    checker,
    config,
    readOptions,
    display: (f) => path.relative(base, f).split(path.sep).join('/') || path.basename(f),
    read(ref) {
      const key = `${ref.file}#${ref.symbol ?? ''}`;
      if (reads.has(key)) return reads.get(key);
      let record: RecordSchema | undefined;
      try {
        record = readSchemaRef(ref, readOptions);
      } catch (error) {
        if (!(error instanceof SchemaReadError) && !(error instanceof Error && 'code' in error)) throw error;
      }
      reads.set(key, record);
      return record;
    },
    pairs() {
      const pairs = config ? configPairs(config.config, config.dir) : [];
      const tags = [...fileTags(sourceFile, file)];
      if (program) {
        let programTags = tagCache.get(program);
        if (!programTags) {
          programTags = program
            .getSourceFiles()
            .filter((sf) => !sf.isDeclarationFile && !sf.fileName.includes('/node_modules/') && sf.text.includes('@rtaSchema'))
            .flatMap((sf) => fileTags(sf, path.resolve(sf.fileName)));
          tagCache.set(program, programTags);
        }
        tags.push(...programTags.filter((t) => t.file !== file));
      }
      // A stream tag with no partner pairs with its table's .sql file (or migrations folder), as in rta-lint.
      return withTags(pairs, tags, (name) => tagTable(sqlFilesUnder(base), name, (f) => path.relative(base, f).split(path.sep).join('/')));
    },
  };
}

const MAX_SQL_FILES = 2000;
const MAX_SQL_DEPTH = 8;
/** How long one walk's result serves later lookups (one lint run; an editor sees new files soon). */
const SQL_WALK_TTL_MS = 5000;
const sqlWalks = new Map<string, { at: number; files: { path: string; text: string }[] }>();

/**
 * The .sql files under the project's folder (the config's, or the working directory): what the
 * audit would list, minus its ignore settings. Only read when a stream tag has no partner.
 */
function sqlFilesUnder(root: string): { path: string; text: string }[] {
  const cached = sqlWalks.get(root);
  if (cached && Date.now() - cached.at < SQL_WALK_TTL_MS) return cached.files;
  const files: { path: string; text: string }[] = [];
  const isMigration = (name: string) => name.toLowerCase().endsWith('.sql') && !isDownMigration(name);
  for (const full of filesUnder(root, { maxDepth: MAX_SQL_DEPTH, maxFiles: MAX_SQL_FILES }, isMigration)) {
    try {
      files.push({ path: full, text: fs.readFileSync(full, 'utf8') });
    } catch {
      // Unreadable: as if absent.
    }
  }
  sqlWalks.set(root, { at: Date.now(), files });
  return files;
}

function fileTags(sourceFile: TsSourceFile, file: string): TaggedDeclaration[] {
  return schemaTags(ts, sourceFile).flatMap((tag) =>
    tag.pair ? [{ file, name: tag.declaration.name, pair: tag.pair.name, role: tag.pair.role }] : [],
  );
}

/** rta.config.yaml from the file's folder upward (or the one the rule options name), cached by mtime. */
function findConfig(file: string, explicit: string | undefined): LoadedConfig | undefined {
  const configFile = explicit ?? findConfigFile(path.dirname(file));
  if (configFile === undefined) return undefined;
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(configFile).mtimeMs;
  } catch {
    return undefined;
  }
  const cached = configCache.get(configFile);
  if (cached?.mtimeMs === mtimeMs) return cached.loaded;
  let loaded: LoadedConfig | undefined;
  try {
    loaded = loadConfig(configFile);
  } catch {
    // An invalid config is the CLI's to report (exit 2 with the line); the editor stays quiet.
    loaded = undefined;
  }
  configCache.set(configFile, { mtimeMs, loaded });
  return loaded;
}

/** ESLint `loc` of a 1-based region (ESLint columns are 0-based). */
export function eslintLoc(region: { startLine: number; startColumn: number; endLine: number; endColumn: number }): {
  start: { line: number; column: number };
  end: { line: number; column: number };
} {
  return {
    start: { line: region.startLine, column: region.startColumn - 1 },
    end: { line: region.endLine, column: region.endColumn - 1 },
  };
}

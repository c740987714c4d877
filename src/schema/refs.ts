/**
 * Schema references of `rta.config.yaml` (CONTRACTS.md, "Schema references") read into the
 * neutral model: `file.ts#Name`, `file.avsc`, `file.json`, `file.sql#table`, `folder/#table`,
 * `file.ts#table` (SQL in a TS/JS migration), `schema.prisma#Model`, `file.datasource`.
 * TypeScript is read through whichever compiler the caller has (see `ts/api.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DdlDialect } from '../sql/ddl.js';
import { readAvroRecord } from './avro.js';
import { readJsonSchema } from './json-schema.js';
import { SchemaReadError, type RecordSchema } from './model.js';
import { readPrismaModel } from './prisma.js';
import { readSqlTable, type SqlSource } from './sql-tables.js';
import { readTinybirdDatasource } from './tinybird.js';
import type { TsChecker, TsRuntime, TsSourceFile } from './ts/api.js';
import { migrationSources, parseSource } from './ts/migration-strings.js';
import { readTsSchema } from './ts/read.js';

export interface SchemaRef {
  /** As written in the config. */
  raw: string;
  /** Absolute path of the file or folder. */
  file: string;
  symbol?: string;
  folder: boolean;
}

export const TS_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const MAX_FOLDER_FILES = 2000;

export function parseRef(raw: string, baseDir: string): SchemaRef {
  const hash = raw.indexOf('#');
  const filePart = hash === -1 ? raw : raw.slice(0, hash);
  const symbol = hash === -1 ? undefined : raw.slice(hash + 1);
  const ref: SchemaRef = { raw, file: path.resolve(baseDir, filePart), folder: filePart.endsWith('/') };
  if (symbol !== undefined && symbol !== '') ref.symbol = symbol;
  return ref;
}

/** How the caller reaches TypeScript: its runtime, the program's files and checker (when typed). */
export interface TsAccess {
  ts: TsRuntime;
  /** The program's source file, or undefined when the file is not in the program. */
  programFile(file: string): TsSourceFile | undefined;
  /** The checker of the program, when the caller has one. */
  checker: TsChecker | undefined;
}

export interface ReadOptions {
  ts?: TsAccess;
  /** The dialect configured for a SQL file (`sql.dialects`), when there is one. */
  dialectFor?: (file: string) => DdlDialect | undefined;
  readFile?: (file: string) => string;
}

export function isTsFile(file: string): boolean {
  return TS_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** Reads the schema a reference names. Throws `SchemaReadError` when it names nothing usable. */
export function readSchemaRef(ref: SchemaRef, options: ReadOptions = {}): RecordSchema {
  // A byte-order mark is not text: editors hide it, and keeping it would shift line 1's columns.
  const read = options.readFile ?? ((f: string) => fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, ''));
  if (ref.folder) {
    if (ref.symbol === undefined) throw new SchemaReadError(`a migrations folder needs the table: write "${ref.raw}#table"`);
    return readSqlTable(folderSources(ref.file, options, read), ref.symbol);
  }
  const ext = path.extname(ref.file).toLowerCase();
  if (isTsFile(ref.file)) {
    if (ref.symbol === undefined) throw new SchemaReadError(`a TypeScript file needs the declaration: write "${ref.raw}#Name"`, ref.file);
    return readTsRef(ref.file, ref.symbol, read, options);
  }
  const text = read(ref.file);
  switch (ext) {
    case '.avsc':
      return readAvroRecord(ref.file, text, ref.symbol);
    case '.json':
      return readJsonSchema(ref.file, text, ref.symbol);
    case '.prisma':
      if (ref.symbol === undefined) throw new SchemaReadError(`a Prisma schema needs the model: write "${ref.raw}#Model"`, ref.file);
      return readPrismaModel(ref.file, text, ref.symbol);
    case '.datasource':
      return readTinybirdDatasource(ref.file, text);
    case '.sql': {
      if (ref.symbol === undefined) throw new SchemaReadError(`a SQL file needs the table: write "${ref.raw}#table"`, ref.file);
      const dialect = options.dialectFor?.(ref.file);
      return readSqlTable([dialect ? { file: ref.file, text, dialect } : { file: ref.file, text }], ref.symbol);
    }
  }
  throw new SchemaReadError(`"${path.basename(ref.file)}" is not a schema rta-lint reads (.ts, .avsc, .json, .sql, .prisma, .datasource, or a migrations folder)`, ref.file);
}

function readTsRef(file: string, symbol: string, read: (file: string) => string, options: ReadOptions): RecordSchema {
  const access = options.ts;
  if (!access) throw new SchemaReadError(`cannot read ${path.basename(file)} without a TypeScript runtime`, file);
  // The program's copy first: in an editor it holds the unsaved text.
  const programFile = access.programFile(file);
  const sourceFile = programFile ?? parseSource(access.ts, file, read(file));
  const checker = programFile ? access.checker : undefined;
  const record = readTsSchema(access.ts, sourceFile, symbol, checker);
  if (record) return record;
  // `file.ts#orders`: a table created by SQL inside the migration's strings.
  const sources = migrationSources(access.ts, sourceFile);
  if (sources.length > 0) {
    try {
      return readSqlTable(withDialect(sources, options), symbol);
    } catch (error) {
      if (!(error instanceof SchemaReadError)) throw error;
    }
  }
  throw new SchemaReadError(`no interface, type alias, class, zod object schema or migration table named "${symbol}" in ${path.basename(file)}`, file);
}

function withDialect(sources: SqlSource[], options: ReadOptions): SqlSource[] {
  return sources.map((s) => {
    const dialect = options.dialectFor?.(s.file);
    return dialect ? { ...s, dialect } : s;
  });
}

/** Down migrations: `*.down.sql`, `down.sql`, `*_down.sql`, files in a `down/` folder. */
export function isDownMigration(relative: string): boolean {
  const name = path.basename(relative).toLowerCase();
  return /(^|[._-])down\.[a-z]+$/.test(name) || /(^|\/)down\//.test(relative.toLowerCase());
}

/**
 * The files under `root` that `accept` takes, skipping dependencies and hidden folders, at most
 * `maxDepth` folders down and about `maxFiles` files (a schema search must not crawl a monorepo).
 */
export function filesUnder(root: string, limits: { maxDepth: number; maxFiles: number }, accept: (name: string) => boolean = () => true): string[] {
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > limits.maxDepth || files.length >= limits.maxFiles) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (entry.isFile() && accept(entry.name)) files.push(full);
    }
  };
  walk(root, 0);
  return files;
}

/** Every migration of a folder (subfolders included), in file-name order, as SQL sources. */
export function folderSources(folder: string, options: ReadOptions, read: (file: string) => string): SqlSource[] {
  const files = filesUnder(folder, { maxDepth: 4, maxFiles: MAX_FOLDER_FILES + 1 });
  const rel = (f: string) => path.relative(folder, f).split(path.sep).join('/');
  const ordered = files
    .filter((f) => !isDownMigration(rel(f)))
    .filter((f) => f.toLowerCase().endsWith('.sql') || (isTsFile(f) && !f.endsWith('.d.ts')))
    .sort((a, b) => naturalCompare(rel(a), rel(b)));
  const sources: SqlSource[] = [];
  for (const file of ordered) {
    let text: string;
    try {
      text = read(file);
    } catch {
      continue;
    }
    if (file.toLowerCase().endsWith('.sql')) {
      const dialect = options.dialectFor?.(file);
      sources.push(dialect ? { file, text, dialect } : { file, text });
    } else if (options.ts) {
      const programFile = options.ts.programFile(file);
      sources.push(...withDialect(migrationSources(options.ts.ts, programFile ?? parseSource(options.ts.ts, file, text)), options));
    }
  }
  return sources;
}

/** `2_x` before `10_x`: numbers compare by value, everything else by code point. */
export function naturalCompare(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) {
      const diff = Number(x) - Number(y);
      if (diff !== 0) return diff;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

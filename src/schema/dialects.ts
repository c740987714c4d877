/**
 * The DDL dialect `sql.dialects` in rta.config.yaml assigns to a SQL file (first matching glob),
 * in the three dialects the DDL reader distinguishes. Unlisted files are guessed from their text.
 */
import path from 'node:path';
import { matchGlob } from '../config/glob.js';
import type { RtaConfig, SqlDialect } from '../config/types.js';
import type { DdlDialect } from '../sql/ddl.js';

export function configuredDdlDialect(config: RtaConfig, configDir: string | undefined, file: string): DdlDialect | undefined {
  const dialects = config.sql?.dialects;
  if (!dialects || configDir === undefined) return undefined;
  const relative = path.relative(configDir, file).split(path.sep).join('/');
  for (const [glob, dialect] of Object.entries(dialects)) {
    if (matchGlob(glob, relative)) return ddlDialect(dialect);
  }
  return undefined;
}

function ddlDialect(dialect: SqlDialect): DdlDialect | undefined {
  switch (dialect) {
    case 'clickhouse':
    case 'flink':
      return dialect;
    case 'postgres':
    case 'timescale':
    case 'risingwave':
    case 'materialize':
      return 'postgres';
    default:
      // ksqlDB and MySQL DDL: read with the clues in the text.
      return undefined;
  }
}

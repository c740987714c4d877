import { Pool } from 'pg';
import { config } from '../config.js';

// pg hands back bigint and numeric columns as strings; the row types in this folder say so.
export const pool = new Pool({
  connectionString: config.databaseUrl,
  max: 10,
  idleTimeoutMillis: 30_000,
  statement_timeout: 5_000,
});

import { z } from 'zod';

// Read once at start-up so a missing variable fails the deploy, not the first request that needs it.
const envSchema = z.object({
  KAFKA_BROKERS: z.string().default('localhost:9092'),
  DATABASE_URL: z.string().default('postgres://dashboard@localhost:5432/shop'),
  REDIS_URL: z.string().default('redis://localhost:6379/0'),
  HTTP_PORT: z.coerce.number().int().positive().default(8080),
  AUDIT_LOG_PATH: z.string().default('var/audit/orders.ndjson'),
  WAREHOUSE_HOST: z.string().default('localhost'),
  WAREHOUSE_PORT: z.coerce.number().int().positive().default(9009),
  EXPORT_INTERVAL_MS: z.coerce.number().int().positive().default(300_000),
});

const env = envSchema.parse(process.env);

export const config = {
  kafkaBrokers: env.KAFKA_BROKERS.split(',').map((b) => b.trim()),
  databaseUrl: env.DATABASE_URL,
  redisUrl: env.REDIS_URL,
  httpPort: env.HTTP_PORT,
  auditLogPath: env.AUDIT_LOG_PATH,
  warehouseHost: env.WAREHOUSE_HOST,
  warehousePort: env.WAREHOUSE_PORT,
  exportIntervalMs: env.EXPORT_INTERVAL_MS,
} as const;

export const ORDERS_TOPIC = 'orders.v1';

import { Redis } from 'ioredis';
import { config } from '../config.js';

// Fail a cache call fast rather than hold a dashboard request behind a Redis that is down.
export const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });

/**
 * Cache-aside for dashboard read models. Every viewer of a panel asks for the same key, so the
 * database sees one query per key per TTL instead of one per viewer per refresh. TTLs are chosen
 * shorter than the dashboard refresh so a panel is never more than one refresh behind.
 */
export async function cacheAside<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
  const hit = await redis.get(key);
  if (hit !== null) return JSON.parse(hit) as T;
  const value = await load();
  await redis.set(key, JSON.stringify(value), 'EX', ttlSeconds);
  return value;
}

import { Router } from 'express';
import { cacheAside } from '../cache/redis-cache.js';
import { orderById, revenueByMinute, statusCounts, topCustomers } from '../db/stats-queries.js';

export const dashboardRouter = Router();

// The dashboard refreshes every 30 s; cached panels are at most one refresh old.
const PANEL_TTL_SECONDS = 15;
const ALLOWED_WINDOWS = new Set([15, 60, 240]);

dashboardRouter.get('/dashboard/revenue', async (req, res) => {
  const minutes = Number(req.query['minutes'] ?? 60);
  // Only a few windows are offered, which keeps the number of cache keys (and queries) small.
  if (!ALLOWED_WINDOWS.has(minutes)) {
    res.status(400).json({ error: `minutes must be one of ${[...ALLOWED_WINDOWS].join(', ')}` });
    return;
  }
  res.json(await cacheAside(`dash:revenue:${minutes}`, PANEL_TTL_SECONDS, () => revenueByMinute(minutes)));
});

dashboardRouter.get('/dashboard/status', async (_req, res) => {
  res.json(await cacheAside('dash:status', PANEL_TTL_SECONDS, statusCounts));
});

dashboardRouter.get('/dashboard/top-customers', async (_req, res) => {
  const customers = await topCustomers(24, 10);
  res.json(customers);
});

// A point lookup by primary key for the order drawer: cheap and per-order, not a panel.
dashboardRouter.get('/orders/:orderId', async (req, res) => {
  const order = await orderById(req.params.orderId);
  if (order === undefined) {
    res.status(404).json({ error: 'order not found' });
    return;
  }
  res.json(order);
});

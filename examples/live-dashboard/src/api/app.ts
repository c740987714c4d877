import express, { type NextFunction, type Request, type Response } from 'express';
import { pool } from '../db/pool.js';
import { httpRequestDuration, registry } from '../metrics.js';
import { dashboardRouter } from './dashboard-routes.js';

// Registered before every route so each one is measured; the label is the route template
// (known once the router has matched), never the raw URL with its ids.
function recordRequestDuration(req: Request, res: Response, next: NextFunction): void {
  const stopTimer = httpRequestDuration.startTimer({ method: req.method });
  res.on('finish', () => {
    const route = typeof req.route?.path === 'string' ? `${req.baseUrl}${req.route.path}` : 'unmatched';
    stopTimer({ route, status: String(res.statusCode) });
  });
  next();
}

export function createApp(): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(recordRequestDuration);

  app.get('/healthz', async (_req, res) => {
    await pool.query('SELECT 1');
    res.type('text').send('ok');
  });

  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });

  app.use('/api', dashboardRouter);
  return app;
}

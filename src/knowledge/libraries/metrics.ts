import type { LibraryTable } from '../model.js';

export const metricsLibrary: LibraryTable = {
  name: 'metrics',
  types: {
    'prom-client': {
      classes: {
        Counter: 'prom-client.Counter',
        Gauge: 'prom-client.Gauge',
        Histogram: 'prom-client.Histogram',
        Summary: 'prom-client.Summary',
        Registry: 'prom-client.Registry',
      },
      properties: { register: 'prom-client.Registry' },
    },
    'prom-client.Metric': { roles: ['metric'], methods: { labels: 'prom-client.Metric' } },
    'prom-client.Counter': { extends: ['prom-client.Metric'] },
    'prom-client.Gauge': { extends: ['prom-client.Metric'] },
    'prom-client.Histogram': { extends: ['prom-client.Metric'], methods: { labels: 'prom-client.Histogram' } },
    'prom-client.Summary': { extends: ['prom-client.Metric'], methods: { labels: 'prom-client.Summary' } },
    'prom-client.Registry': { roles: ['metric-registry'] },
  },
  modules: [{ specifiers: ['prom-client'], namespace: 'prom-client' }],
};

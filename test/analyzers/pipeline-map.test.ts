import path from 'node:path';
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import type { AnalyzerContext } from '../../src/analyzers/analyzer.js';
import { buildPipelineMap, pipelineMapAnalyzer } from '../../src/analyzers/pipeline-map/index.js';
import { discoverFiles } from '../../src/audit/files.js';
import type { PipelineGraph } from '../../src/findings/pipeline.js';

const projectRoot = path.resolve(import.meta.dirname, '../..');

/** The analyzer on one folder, typed (its tsconfig) or not. */
function mapOf(folder: string, typed = true): PipelineGraph | undefined {
  const root = path.join(projectRoot, folder);
  const discovery = discoverFiles([root], { root });
  const context: AnalyzerContext = {
    root,
    files: discovery.files,
    project: typed ? new Project({ tsConfigFilePath: path.join(root, 'tsconfig.json') }) : undefined,
    config: {},
    configDir: undefined,
    severityOf: () => 'warning',
  };
  const output = buildPipelineMap(context);
  expect(output.findings).toEqual([]);
  expect(output.notifications).toEqual([]);
  return output.pipeline;
}

function edges(graph: PipelineGraph | undefined): string[] {
  const name = new Map((graph?.nodes ?? []).map((n) => [n.id, `${n.kind} ${n.label}`]));
  return (graph?.edges ?? []).map((e) => `${name.get(e.from) ?? e.from} -> ${name.get(e.to) ?? e.to}`).sort();
}

function node(graph: PipelineGraph | undefined, kind: string, label: string) {
  const found = graph?.nodes.find((n) => n.kind === kind && n.label === label);
  if (!found) throw new Error(`no ${kind} ${label} in ${JSON.stringify(graph?.nodes.map((n) => `${n.kind} ${n.label}`))}`);
  return found;
}

describe('pipeline-map analyzer', () => {
  it('is a picture, not a check: no findings of its own, and nothing to say in untyped runs', () => {
    expect(pipelineMapAnalyzer.checks).toEqual([]);
    expect(pipelineMapAnalyzer.needsTypes).toBe(false);
  });

  describe('fixtures/report/pipeline-map', () => {
    const graph = mapOf('fixtures/report/pipeline-map');

    it('connects producers to topics through constants, batch sends and the callers of a wrapper', () => {
      expect(edges(graph)).toEqual(
        expect.arrayContaining([
          'producer producer -> topic audit.v1',
          'producer producer -> topic audit.v2',
          'producer producer -> topic clicks.enriched',
          // `publish(topic, …)` is called with CLICKS_TOPIC.
          'producer producer -> topic clicks.v1',
        ]),
      );
      expect(graph?.nodes.some((n) => n.label.startsWith('‹'))).toBe(false);
    });

    it('follows a consumer group from its topics into its handler, and a route into the helpers it calls', () => {
      expect(edges(graph)).toEqual(
        expect.arrayContaining([
          'topic clicks.v1 -> consumer click-enricher',
          'consumer click-enricher -> database db',
          'consumer click-enricher -> producer producer',
          'route GET /stats -> cache cache',
          'route GET /stats -> database db',
          'route POST /clicks -> producer producer',
        ]),
      );
      const consumer = node(graph, 'consumer', 'click-enricher');
      expect(consumer.detail).toBe('kafkajs group');
      expect(consumer.scopes).toContainEqual({ file: 'src/enrich-consumer.ts', startLine: 12, endLine: 18, direct: true });
      // The helper that sends lives in another file: an indirect scope.
      expect(consumer.scopes).toContainEqual({ file: 'src/kafka.ts', startLine: 13, endLine: 15, direct: false });
    });

    it('puts a timer that broadcasts through a socket server on that server', () => {
      expect(edges(graph)).toEqual(expect.arrayContaining(['socket WebSocket /live -> cache cache', 'socket WebSocket /live -> metric live_viewers']));
      expect(node(graph, 'socket', 'WebSocket /live').detail).toBe('socket.io');
      expect(graph?.nodes.some((n) => n.label.startsWith('timer'))).toBe(false);
    });

    it('chains stream stages of a pipeline() and follows the last one to its sink', () => {
      expect(edges(graph)).toEqual(expect.arrayContaining(['stage Parse -> stage Enricher', 'stage Enricher -> stage ClickSink', 'stage ClickSink -> database db']));
      // The chain's code belongs to its first stage.
      expect(node(graph, 'stage', 'Parse').scopes).toContainEqual({ file: 'src/replay.ts', startLine: 18, endLine: 18, direct: true });
    });

    it('reads streaming SQL jobs: a Kafka-backed table in, a JDBC table out', () => {
      expect(edges(graph)).toEqual(expect.arrayContaining(['topic clicks.enriched -> stage clicks_per_minute', 'stage clicks_per_minute -> database analytics']));
      expect(node(graph, 'database', 'analytics').detail).toBe('Postgres · JDBC');
      expect(node(graph, 'stage', 'clicks_per_minute')).toMatchObject({ file: 'sql/clicks_per_minute.sql', line: 23, detail: 'SQL job' });
    });

    it('names clients after their declarations, in paths relative to the root', () => {
      expect(node(graph, 'database', 'db')).toMatchObject({ file: 'src/db.ts', line: 4, detail: 'Postgres' });
      expect(node(graph, 'cache', 'cache')).toMatchObject({ file: 'src/db.ts', line: 5, detail: 'redis' });
      expect(node(graph, 'metric', 'live_viewers').detail).toBe('gauge');
      expect(JSON.stringify(graph)).not.toContain(projectRoot);
    });

    it('is the same graph on every run', () => {
      expect(mapOf('fixtures/report/pipeline-map')).toEqual(graph);
    });

    it('maps only the SQL jobs without a program', () => {
      expect(edges(mapOf('fixtures/report/pipeline-map', false))).toEqual(['stage clicks_per_minute -> database analytics', 'topic clicks.enriched -> stage clicks_per_minute']);
    });
  });

  it('draws the example app: topic, consumer, routes under their mount path, socket, stages, jobs and sinks', () => {
    const graph = mapOf('examples/live-dashboard');
    expect(edges(graph)).toEqual(
      expect.arrayContaining([
        'topic orders.v1 -> consumer order-ingest',
        'topic orders.v1 -> stage orders_per_minute',
        'consumer order-ingest -> database pool',
        'consumer order-ingest -> metric order_ingest_offset_lag',
        'route GET /api/dashboard/revenue -> cache redis',
        'route GET /api/dashboard/revenue -> database pool',
        'route GET /api/dashboard/top-customers -> database pool',
        'socket WebSocket /ws/dashboard -> cache redis',
        'stage NdjsonOrderParser -> stage RevenueRollup',
        'stage RevenueRollup -> database pool',
        'stage timer: exportChangedOrders() -> socket TCP config.warehouseHost',
        'stage orders_per_minute -> database shop',
      ]),
    );
    // The top-customers route is the one without a cache.
    expect(edges(graph)).not.toContain('route GET /api/dashboard/top-customers -> cache redis');
  });
});

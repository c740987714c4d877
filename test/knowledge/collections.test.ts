import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { ImportTracker, isFunctionNode } from '../../src/knowledge/tracking/estree.js';
import { knowledge } from '../../src/knowledge/registry.js';

/**
 * Runs the tracker over `code`: `probe(x)` records the type id `x` resolves to; `handler()` inside
 * a function records how that function is called (`kind`, or `-` when it is no handler).
 */
function probe(code: string): (string | undefined)[] {
  const seen: (string | undefined)[] = [];
  const rule: TSESLint.RuleModule<'x'> = {
    meta: { type: 'problem', messages: { x: 'x' }, schema: [], defaultOptions: [] },
    create(context) {
      const tracker = new ImportTracker(context.sourceCode);
      return {
        CallExpression(node: TSESTree.CallExpression) {
          if (node.callee.type !== 'Identifier') return;
          if (node.callee.name === 'probe' && node.arguments[0]) {
            const value = tracker.resolve(node.arguments[0]);
            seen.push(value?.kind === 'instance' ? value.type : value?.kind === 'member' ? `${value.owner}#${value.name}` : undefined);
          }
          if (node.callee.name === 'handler') {
            let fn: TSESTree.Node | undefined = node.parent;
            while (fn && !isFunctionNode(fn)) fn = fn.parent;
            seen.push(fn && isFunctionNode(fn) ? (tracker.handlerOf(fn)?.kind ?? '-') : '-');
          }
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tsParser, sourceType: 'module' }, plugins: { t: { rules: { probe: rule as never } } }, rules: { 't/probe': 'error' } }],
    'probe.ts',
  );
  expect(messages.filter((m) => m.fatal === true)).toEqual([]);
  return seen;
}

describe('ImportTracker: language containers and promises', () => {
  it('knows array literals, new Set/Map, annotations, and variables reset to the same kind', () => {
    expect(
      probe(`
        probe([]);
        probe(new Set<string>());
        probe(new Map());
        function f(xs: string[], ys: Array<number>, m: Map<string, number>) { probe(xs); probe(ys); probe(m); }
        let buf = [];
        buf = [];
        probe(buf);
        let mixed = [];
        mixed = new Set();
        probe(mixed);
        probe(Array.from('ab'));
        probe(Promise.all([]));
        const Set2 = Set;
        function shadow(Set: new () => object) { probe(new Set()); }
      `),
    ).toEqual(['es.Array', 'es.Set', 'es.Map', 'es.Array', 'es.Array', 'es.Map', 'es.Array', undefined, 'es.Array', 'es.Promise', undefined]);
  });
});

describe('ImportTracker: elements of collections', () => {
  it('gives loop variables and iteration parameters the element type', () => {
    expect(
      probe(`
        import { WebSocketServer, WebSocket } from 'ws';
        import { Server } from 'socket.io';
        const wss = new WebSocketServer({ port: 1 });
        for (const c of wss.clients) probe(c);
        wss.clients.forEach((c) => probe(c));
        [...wss.clients].filter((c) => c.readyState === 1).forEach((c) => probe(c));
        for (const c of Array.from(wss.clients)) probe(c);
        const declared = new Set<WebSocket>();
        for (const c of declared) probe(c);
        const annotated: WebSocket[] = [];
        annotated.forEach((c) => probe(c));
        const filled = new Map();
        wss.on('connection', (ws) => { filled.set('k', ws); });
        for (const [, c] of filled) probe(c);
        for (const c of filled.values()) probe(c);
        const io = new Server(3000);
        for (const [, s] of io.sockets.sockets) probe(s);
        io.sockets.sockets.forEach((s) => probe(s));
      `),
    ).toEqual([
      'ws.WebSocket', 'ws.WebSocket', 'ws.WebSocket', 'ws.WebSocket', 'ws.WebSocket', 'ws.WebSocket',
      'ws.WebSocket', 'ws.WebSocket', 'socketio.Socket', 'socketio.Socket',
    ]);
  });

  it('knows nothing about elements the code does not declare or fill', () => {
    expect(
      probe(`
        import { WebSocketServer } from 'ws';
        declare const unknown: Set<unknown>;
        for (const c of unknown) probe(c);
        const mixed = new Set();
        const wss = new WebSocketServer({ port: 1 });
        wss.on('connection', (ws) => { mixed.add(ws); mixed.add('x'); });
        mixed.add(wss);
        for (const c of mixed) probe(c);
        for (const [k] of new Map<string, number>()) probe(k);
      `),
    ).toEqual([undefined, undefined, undefined]);
  });
});

describe('ImportTracker: queues and limiters', () => {
  it('follows p-limit, p-queue, fastq and durable queues', () => {
    expect(
      probe(`
        import pLimit from 'p-limit';
        import PQueue from 'p-queue';
        import fastq from 'fastq';
        import { Queue } from 'bullmq';
        const Denque = require('denque');
        probe(pLimit(2));
        probe(new PQueue({ concurrency: 2 }));
        probe(fastq((t: unknown, cb: () => void) => cb(), 1));
        probe(fastq.promise(async (t: unknown) => t, 1));
        probe(new Queue('jobs'));
        probe(new Denque());
      `),
    ).toEqual(['p-limit.Limit', 'p-queue.PQueue', 'fastq.Queue', 'fastq.Queue', 'bullmq.Queue', 'denque.Denque']);
    expect(knowledge.buffer('p-limit.Limit')?.callAppends).toBe(true);
    expect(knowledge.buffer('bullmq.Queue')).toBeUndefined();
    expect(knowledge.hasRole('bullmq.Queue', 'durable-queue')).toBe(true);
  });
});

describe('ImportTracker: handlers', () => {
  it('finds class members passed as this.handle or this.handle.bind(this), and socket.io custom events', () => {
    expect(
      probe(`
        import { Kafka } from 'kafkajs';
        import { Server } from 'socket.io';
        class Worker {
          consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
          async start() {
            await this.consumer.run({ eachMessage: this.onMessage.bind(this) });
            await this.consumer.run({ eachBatch: this.onBatch });
          }
          async onMessage() { handler(); }
          onBatch = async () => { handler(); };
          unused() { handler(); }
        }
        new Server(1).on('connection', (socket) => {
          socket.on('chat', () => { handler(); });
          socket.on('disconnect', () => { handler(); });
        });
      `),
    ).toEqual(['consumer-message', 'consumer-batch', '-', 'socket-message', '-']);
  });

  it('has no dangling references after the new rows', () => {
    expect(knowledge.danglingReferences()).toEqual([]);
    expect(knowledge.handler('socketio.Socket', 'events', 'price')?.kind).toBe('socket-message');
    expect(knowledge.handler('socketio.Socket', 'events', 'disconnect')?.kind).toBeUndefined();
    expect(knowledge.handler('kafkajs.Consumer', 'events', 'anything')).toBeUndefined();
  });
});

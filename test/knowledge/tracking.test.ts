import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { ImportTracker } from '../../src/knowledge/tracking/estree.js';

/** Resolves the argument of every `probe(x)` call and returns the type ids, in order. */
function probe(code: string): (string | undefined)[] {
  const seen: (string | undefined)[] = [];
  const rule: TSESLint.RuleModule<'x'> = {
    meta: { type: 'problem', messages: { x: 'x' }, schema: [], defaultOptions: [] },
    create(context) {
      const tracker = new ImportTracker(context.sourceCode);
      return {
        CallExpression(node: TSESTree.CallExpression) {
          if (node.callee.type === 'Identifier' && node.callee.name === 'probe' && node.arguments[0]) {
            const value = tracker.resolve(node.arguments[0]);
            seen.push(value?.kind === 'instance' ? value.type : value?.kind === 'member' ? `${value.owner}#${value.name}` : undefined);
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


describe('ImportTracker', () => {
  it('follows named, default, namespace imports and require', () => {
    expect(
      probe(`
        import { createWriteStream } from 'node:fs';
        import fs from 'fs';
        import * as net from 'net';
        const zlib = require('zlib');
        const { createReadStream: open } = require('node:fs');
        probe(createWriteStream('a'));
        probe(fs.createWriteStream('a'));
        probe(net.createConnection(1));
        probe(zlib.createGzip());
        probe(open('x'));
      `),
    ).toEqual(['node:fs.WriteStream', 'node:fs.WriteStream', 'node:net.Socket', 'node:zlib.Transform', 'node:fs.ReadStream']);
  });

  it("follows TypeScript's import x = require('y'), not an import of a namespace", () => {
    expect(
      probe(`
        import fs = require('fs');
        import net = require('node:net');
        namespace local { export const createWriteStream = (_: string) => ({}); }
        import alias = local;
        probe(fs.createWriteStream('a'));
        probe(net.createConnection(1));
        probe(alias.createWriteStream('a'));
      `),
    ).toEqual(['node:fs.WriteStream', 'node:net.Socket', undefined]);
  });

  it('follows new, factories chained through instances, and aliases', () => {
    expect(
      probe(`
        import { Kafka } from 'kafkajs';
        import { WebSocketServer } from 'ws';
        import WebSocket from 'ws';
        const kafka = new Kafka({ brokers: [] });
        const consumer = kafka.consumer({ groupId: 'g' });
        const alias = consumer;
        probe(alias);
        probe(new Kafka({ brokers: [] }).producer());
        probe(new WebSocketServer({ port: 1 }));
        probe(new WebSocket.Server({ port: 1 }));
        probe(new WebSocketServer({ port: 1 }).clients);
      `),
    ).toEqual(['kafkajs.Consumer', 'kafkajs.Producer', 'ws.WebSocketServer', 'ws.WebSocketServer', 'ws.ClientSet']);
  });

  it('gives callback parameters the types the library passes', () => {
    expect(
      probe(`
        import http from 'node:http';
        import express from 'express';
        import { WebSocketServer } from 'ws';
        http.createServer((req, res) => { probe(res); probe(req); });
        const app = express();
        app.get('/x', (req, res) => { probe(res); });
        new WebSocketServer({ port: 1 }).on('connection', (socket) => { probe(socket); });
      `),
    ).toEqual(['node:http.ServerResponse', 'node:http.IncomingMessage', 'express.Response', 'ws.WebSocket']);
  });

  it('reads type annotations, class fields and same-file factories', () => {
    expect(
      probe(`
        import type { Writable } from 'node:stream';
        import * as stream from 'node:stream';
        import { createWriteStream } from 'node:fs';
        function f(a: Writable, b: stream.Readable | null, c: NodeJS.WritableStream) { probe(a); probe(b); probe(c); }
        function open() { return createWriteStream('x'); }
        probe(open());
        class Sink extends stream.Writable {}
        probe(new Sink());
        class Holder {
          out = createWriteStream('y');
          run() { probe(this.out); }
        }
      `),
    ).toEqual([
      'node:stream.Writable',
      'node:stream.Readable',
      'node:stream.Writable',
      'node:fs.WriteStream',
      'node:stream.Writable',
      'node:fs.WriteStream',
    ]);
  });

  it('knows nothing when the code does not say: shadowing, reassignment, unknown modules, names alone', () => {
    expect(
      probe(`
        import { createWriteStream } from './my-streams';
        let s = require('fs').createWriteStream('a');
        s = somethingElse();
        const consumer = makeConsumer();
        function g(createConnection: () => unknown) { probe(createConnection()); }
        probe(createWriteStream('a'));
        probe(s);
        probe(consumer);
        const process = { stdout: 1 };
        probe(process.stdout);
      `),
    ).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('survives cycles and odd shapes', () => {
    expect(
      probe(`
        var a = b; var b = a;
        probe(a);
        probe(this);
        probe((0, eval)('x'));
        probe([...[]]);
      `),
      // An array literal is an Array whatever it holds.
    ).toEqual([undefined, undefined, undefined, 'es.Array']);
  });
  it('keeps an emitter through chained listener calls, and knows Readable.from / Duplex.from', () => {
    expect(
      probe(`
        import { createReadStream } from 'node:fs';
        import { Readable, Duplex } from 'node:stream';
        import { createInterface } from 'node:readline';
        probe(createReadStream('a').on('error', () => {}).once('end', () => {}));
        probe(Readable.from(['a', 'b']));
        probe(Duplex.from(async function* () {}));
        probe(createInterface({ input: process.stdin }).on('line', () => {}));
        const plain = { on() { return 1; } };
        probe(plain.on('x', () => {}));
      `),
    ).toEqual(['node:fs.ReadStream', 'node:stream.Readable', 'node:stream.Duplex', 'node:readline.Interface', undefined]);
  });
});

import type { LibraryTable, TypeDef } from '../model.js';

const zlibFactories = [
  'createGzip', 'createGunzip', 'createDeflate', 'createInflate', 'createDeflateRaw', 'createInflateRaw',
  'createUnzip', 'createBrotliCompress', 'createBrotliDecompress',
] as const;

const streamClasses = {
  Stream: 'node:stream.Stream',
  Readable: 'node:stream.Readable',
  Writable: 'node:stream.Writable',
  Duplex: 'node:stream.Duplex',
  Transform: 'node:stream.Transform',
  PassThrough: 'node:stream.PassThrough',
} as const;

/** Where `pipeline` is imported from, per form; a fix that adds an import uses the first. */
export const STREAM_PROMISES_SPECIFIERS = ['node:stream/promises', 'stream/promises'] as const;
export const STREAM_SPECIFIERS = ['node:stream', 'stream', 'readable-stream'] as const;

/** Flow control of a flowing Readable; Kafka consumers (kafkajs, node-rdkafka) use the same names. */
export const FLOW_PAUSE_METHOD = 'pause';
export const FLOW_RESUME_METHOD = 'resume';

const types: Record<string, TypeDef> = {
  'node:events.EventEmitter': { roles: ['event-emitter'], statics: 'node:events' },
  'node:stream.Stream': { extends: ['node:events.EventEmitter'] },
  'node:stream.Readable': {
    roles: ['readable'],
    extends: ['node:stream.Stream'],
    methods: { pipe: 'node:stream.Writable', [FLOW_PAUSE_METHOD]: 'node:stream.Readable', [FLOW_RESUME_METHOD]: 'node:stream.Readable' },
    events: { data: { params: [null], kind: 'stream-data', pushes: true } },
    statics: 'node:stream.Readable.static',
  },
  // `Readable.from(iterable)`; the class keeps EventEmitter's statics (`Readable.once`).
  'node:stream.Readable.static': {
    extends: ['node:events'],
    methods: { from: 'node:stream.Readable', fromWeb: 'node:stream.Readable' },
  },
  'node:stream.Duplex.static': {
    extends: ['node:stream.Readable.static'],
    methods: { from: 'node:stream.Duplex', fromWeb: 'node:stream.Duplex' },
  },
  'node:stream.Writable': { roles: ['writable'], extends: ['node:stream.Stream'] },
  'node:stream.Duplex': { extends: ['node:stream.Readable', 'node:stream.Writable'], statics: 'node:stream.Duplex.static' },
  'node:stream.Transform': { extends: ['node:stream.Duplex'] },
  'node:stream.PassThrough': { extends: ['node:stream.Transform'] },
  'node:stream': {
    classes: streamClasses,
    properties: { promises: 'node:stream/promises' },
    statics: 'node:stream',
  },
  'node:stream/promises': {},

  'node:fs.WriteStream': { extends: ['node:stream.Writable'] },
  'node:fs.ReadStream': { extends: ['node:stream.Readable'] },
  'node:fs': {
    methods: { createWriteStream: 'node:fs.WriteStream', createReadStream: 'node:fs.ReadStream' },
    classes: { WriteStream: 'node:fs.WriteStream', ReadStream: 'node:fs.ReadStream' },
  },

  'node:net.Socket': { extends: ['node:stream.Duplex'] },
  'node:net.Server': {
    extends: ['node:events.EventEmitter'],
    events: { connection: { params: ['node:net.Socket'], kind: 'connection' } },
  },
  'node:net': {
    methods: { connect: 'node:net.Socket', createConnection: 'node:net.Socket', createServer: 'node:net.Server' },
    classes: { Socket: 'node:net.Socket', Server: 'node:net.Server' },
    callbacks: { createServer: { params: ['node:net.Socket'], kind: 'connection' } },
  },
  'node:tls': {
    methods: { connect: 'node:net.Socket' },
    classes: { TLSSocket: 'node:net.Socket' },
  },

  'node:http.IncomingMessage': { roles: ['http-request'], extends: ['node:stream.Readable'] },
  'node:http.ServerResponse': { roles: ['http-response'], extends: ['node:stream.Writable'] },
  'node:http.ClientRequest': { extends: ['node:stream.Writable'] },
  'node:http.Server': {
    roles: ['http-server'],
    extends: ['node:net.Server'],
    events: { request: { params: ['node:http.IncomingMessage', 'node:http.ServerResponse'], kind: 'request' } },
  },
  'node:http': {
    methods: { createServer: 'node:http.Server', request: 'node:http.ClientRequest', get: 'node:http.ClientRequest' },
    classes: {
      Server: 'node:http.Server',
      ServerResponse: 'node:http.ServerResponse',
      IncomingMessage: 'node:http.IncomingMessage',
      ClientRequest: 'node:http.ClientRequest',
    },
    callbacks: {
      createServer: { params: ['node:http.IncomingMessage', 'node:http.ServerResponse'], kind: 'request' },
      request: { params: ['node:http.IncomingMessage'] },
      get: { params: ['node:http.IncomingMessage'] },
    },
  },
  'node:http2': {},

  'node:zlib.Transform': { extends: ['node:stream.Transform'] },
  'node:zlib': { methods: Object.fromEntries(zlibFactories.map((f) => [f, 'node:zlib.Transform'])) },

  'node:crypto.Transform': { extends: ['node:stream.Transform'] },
  'node:crypto': {
    methods: {
      createHash: 'node:crypto.Transform',
      createHmac: 'node:crypto.Transform',
      createCipheriv: 'node:crypto.Transform',
      createDecipheriv: 'node:crypto.Transform',
    },
  },

  'node:child_process.ChildProcess': {
    extends: ['node:events.EventEmitter'],
    properties: { stdin: 'node:stream.Writable', stdout: 'node:stream.Readable', stderr: 'node:stream.Readable' },
  },
  'node:child_process': {
    methods: { spawn: 'node:child_process.ChildProcess', fork: 'node:child_process.ChildProcess', exec: 'node:child_process.ChildProcess' },
  },

  'node:readline.Interface': {
    roles: ['readline-interface'],
    extends: ['node:events.EventEmitter'],
    // 'line' fires for every line read, whatever the listener's promise is doing.
    events: { line: { params: [null], kind: 'stream-data', pushes: true } },
  },
  'node:readline': { methods: { createInterface: 'node:readline.Interface' }, classes: { Interface: 'node:readline.Interface' } },

  'node:events': { classes: { EventEmitter: 'node:events.EventEmitter' }, statics: 'node:events' },

  // stdout/stderr are writables, but writes to them are nearly always logging.
  'node:process.Stdio': { roles: ['stdio'], extends: ['node:stream.Writable'] },
  'node:process': { properties: { stdout: 'node:process.Stdio', stderr: 'node:process.Stdio', stdin: 'node:stream.Readable' } },

  // The `NodeJS` global type namespace: `NodeJS.WritableStream` in annotations.
  'node:NodeJS': {
    classes: {
      WritableStream: 'node:stream.Writable',
      ReadableStream: 'node:stream.Readable',
      ReadWriteStream: 'node:stream.Duplex',
    },
  },

  'node:timers': {
    callbacks: { setInterval: { params: [], kind: 'timer' } },
  },
  // Functions available without an import; the tracker looks unbound identifiers up here.
  global: {
    // The language's own classes (Array, Set, Map, Promise) come from the builtins table.
    extends: ['es.global'],
    callbacks: { setInterval: { params: [], kind: 'timer' } },
  },
};

export const nodeLibrary: LibraryTable = {
  name: 'node',
  types,
  modules: [
    { specifiers: [...STREAM_SPECIFIERS], namespace: 'node:stream' },
    { specifiers: [...STREAM_PROMISES_SPECIFIERS], namespace: 'node:stream/promises' },
    { specifiers: ['node:fs', 'fs', 'graceful-fs', 'fs-extra'], namespace: 'node:fs' },
    { specifiers: ['node:net', 'net'], namespace: 'node:net' },
    { specifiers: ['node:tls', 'tls'], namespace: 'node:tls' },
    { specifiers: ['node:http', 'http', 'node:https', 'https'], namespace: 'node:http' },
    { specifiers: ['node:zlib', 'zlib'], namespace: 'node:zlib' },
    { specifiers: ['node:crypto', 'crypto'], namespace: 'node:crypto' },
    { specifiers: ['node:child_process', 'child_process'], namespace: 'node:child_process' },
    { specifiers: ['node:readline', 'readline', 'node:readline/promises', 'readline/promises'], namespace: 'node:readline' },
    { specifiers: ['node:events', 'events'], namespace: 'node:events', defaultExport: { member: 'EventEmitter' } },
    { specifiers: ['node:process', 'process'], namespace: 'node:process' },
    { specifiers: ['node:timers', 'timers'], namespace: 'node:timers' },
  ],
  globals: { process: 'node:process', NodeJS: 'node:NodeJS' },
};

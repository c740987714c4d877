// rta/no-async-data-handler: a loader inserts every line of an NDJSON file into a database.
// flagged: `lines.on('line', async (line) => { await db.insert(JSON.parse(line)); })` (RULES.md B3 BAD)
// fixed:   `for await (const line of lines) await db.insert(JSON.parse(line));` (RULES.md B3 GOOD)
// The database is a loopback TCP server that accepts 5,000 inserts a second (a token bucket); the
// file is read at disk speed. The listener's promise is ignored by readline, so in the flagged
// form every line is in flight at once.
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runBench } from './harness.mjs';

const LINES = 10_000;
const PAYLOAD_CHARS = 2_000;
const INSERTS_PER_MS = 5;
const BACKLOG = 256;

async function makeFile() {
  const dir = await mkdtemp(join(tmpdir(), 'rta-bench-'));
  const path = join(dir, 'events.ndjson');
  const filler = 'x'.repeat(PAYLOAD_CHARS);
  const lines = [];
  for (let i = 0; i < LINES; i++) lines.push(`${JSON.stringify({ id: i, sensor: `s-${String(i % 50)}`, payload: filler })}\n`);
  await writeFile(path, lines.join(''));
  return { dir, path };
}

/**
 * A database that acknowledges at most INSERTS_PER_MS inserts per millisecond, in order, and
 * like a real server stops reading its socket while it has a backlog of statements.
 */
async function rateLimitedDatabase() {
  const server = createServer((sock) => {
    let tokens = INSERTS_PER_MS;
    let queued = 0;
    let tail = '';
    const refill = setInterval(() => {
      tokens = INSERTS_PER_MS;
      let acks = '';
      while (queued > 0 && tokens > 0) {
        queued--;
        tokens--;
        acks += 'ok\n';
      }
      if (acks) sock.write(acks);
      if (queued < BACKLOG / 4 && sock.isPaused()) sock.resume();
    }, 1);
    sock.on('data', (chunk) => {
      const text = tail + chunk.toString('latin1');
      const parts = text.split('\n');
      tail = parts.pop() ?? '';
      let acks = '';
      for (let i = 0; i < parts.length; i++) {
        if (tokens > 0 && queued === 0) {
          tokens--;
          acks += 'ok\n';
        } else {
          queued++;
        }
      }
      if (acks) sock.write(acks);
      if (queued >= BACKLOG) sock.pause();
    });
    sock.on('close', () => clearInterval(refill));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

/** A pipelined client, like most database drivers: requests are queued and answered in order. */
class Db {
  pending = [];
  constructor(sock) {
    this.sock = sock;
    let tail = '';
    sock.on('data', (chunk) => {
      const parts = (tail + chunk.toString('latin1')).split('\n');
      tail = parts.pop() ?? '';
      for (let i = 0; i < parts.length; i++) this.pending.shift()?.();
    });
  }

  insert(row) {
    return new Promise((resolve) => {
      this.pending.push(resolve);
      this.sock.write(`${JSON.stringify(row)}\n`);
    });
  }
}

let db;

async function load(form, meter, file) {
  const server = await rateLimitedDatabase();
  const sock = createConnection({ host: '127.0.0.1', port: server.address().port });
  await once(sock, 'connect');
  db = new Db(sock);
  const lines = createInterface({ input: createReadStream(file.path), crlfDelay: Infinity });
  let inserted = 0;

  if (form === 'flagged') {
    let allInserted;
    const done = new Promise((resolve) => (allInserted = resolve));
    lines.on('line', async (line) => {
      await db.insert(JSON.parse(line));
      if (++inserted % 256 === 0) meter.sample();
      if (inserted === LINES) allInserted();
    });
    await done;
  } else {
    for await (const line of lines) {
      await db.insert(JSON.parse(line));
      if (++inserted % 256 === 0) meter.sample();
    }
  }
  sock.destroy();
  server.close();
  return { lines: LINES, lineBytes: PAYLOAD_CHARS + 40, insertsPerSecond: INSERTS_PER_MS * 1000, inserted };
}

await runBench('no-async-data-handler', {
  probes: {
    pendingInserts: () => db?.pending.length ?? 0,
    writableLength: () => db?.sock.writableLength ?? 0,
  },
  setup: makeFile,
  teardown: (file) => rm(file.dir, { recursive: true, force: true }),
  scenarios: {
    flagged: (meter, file) => load('flagged', meter, file),
    fixed: (meter, file) => load('fixed', meter, file),
  },
});

// rta/no-ignored-write: an export loop writes rows to a TCP socket whose peer reads slowly.
// flagged: `sock.write(row)` with the result ignored (RULES.md B1 BAD)
// fixed:   `if (!sock.write(row)) await once(sock, 'drain')` (RULES.md B1 GOOD)
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import { KiB, MiB, nextTurn, runBench, sleep } from './harness.mjs';

const ROW_BYTES = 16 * KiB;
const TOTAL_BYTES = 96 * MiB;
const ROWS = TOTAL_BYTES / ROW_BYTES;
// The peer takes a 2 ms break after each chunk it reads: a warehouse ingest that is slower than us.
const READ_PAUSE_MS = 2;

/** A fast source: a cursor that hands out rows in batches of 16 and does I/O between batches. */
async function* rows() {
  for (let i = 0; i < ROWS; i++) {
    if (i % 16 === 0) await nextTurn();
    yield Buffer.alloc(ROW_BYTES, i % 251);
  }
}

/** A loopback peer that reads slowly; resolves with the byte count once the sender ends. */
async function slowPeer() {
  let received = 0;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  const server = createServer((sock) => {
    sock.on('data', (chunk) => {
      received += chunk.length;
      sock.pause();
      setTimeout(() => sock.resume(), READ_PAUSE_MS);
    });
    sock.on('end', () => done(received));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: server.address().port, finished };
}

let sock;

async function exportRows(form, meter) {
  const peer = await slowPeer();
  sock = createConnection({ host: '127.0.0.1', port: peer.port });
  await once(sock, 'connect');
  let i = 0;
  for await (const row of rows()) {
    if (form === 'flagged') {
      sock.write(row);
    } else if (!sock.write(row)) {
      await once(sock, 'drain');
    }
    if (++i % 64 === 0) meter.sample();
  }
  sock.end();
  const received = await peer.finished;
  peer.server.close();
  await sleep(0);
  return { rows: ROWS, rowBytes: ROW_BYTES, received };
}

await runBench('no-ignored-write', {
  probes: { writableLength: () => sock?.writableLength ?? 0 },
  scenarios: {
    flagged: (meter) => exportRows('flagged', meter),
    fixed: (meter) => exportRows('fixed', meter),
  },
});

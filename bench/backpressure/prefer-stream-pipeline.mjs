// rta/prefer-stream-pipeline: an HTTP handler streams a gzipped file; clients hang up mid-download.
// flagged: `createReadStream(path).pipe(createGzip()).pipe(res)` (RULES.md B2 BAD, with `res` as the sink)
// fixed:   `await pipeline(createReadStream(path), createGzip(), res)` (RULES.md B2 GOOD)
// When the client goes away, `.pipe()` only unpipes: the file stream and the gzip stage stay open,
// holding a file descriptor, a zlib context and their buffers. pipeline() destroys all three.
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { MiB, openFds, runBench, sleep } from './harness.mjs';

const FILE_BYTES = 4 * MiB;
const REQUESTS = 400;
const CONCURRENT_CLIENTS = 8;

let openSources = 0;

function openSource(path) {
  const src = createReadStream(path);
  openSources++;
  src.once('close', () => openSources--);
  return src;
}

/** A report file: log-like lines, so gzip has real work to do. */
async function makeReport() {
  const dir = await mkdtemp(join(tmpdir(), 'rta-bench-'));
  const path = join(dir, 'report.csv');
  const lines = [];
  for (let i = 0; lines.length * 48 < FILE_BYTES; i++) lines.push(`${String(i).padStart(8, '0')},sensor-${String(i % 97)},${(i * 7919) % 100003}\n`);
  await writeFile(path, lines.join(''));
  return { dir, path };
}

/** One client: reads the first chunk of the response, then hangs up. */
function abortedDownload(port) {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/report.csv.gz', agent: false }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', (err) => {
      if (err.code === 'ECONNRESET') resolve();
      else reject(err);
    });
  });
}

async function serveAndAbort(form, meter, report) {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv', 'content-encoding': 'gzip' });
    if (form === 'flagged') {
      openSource(report.path).pipe(createGzip()).pipe(res);
    } else {
      void (async () => {
        try {
          await pipeline(openSource(report.path), createGzip(), res);
        } catch {
          // ERR_STREAM_PREMATURE_CLOSE: the client hung up; every stage is destroyed already.
        }
      })();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();

  let next = 0;
  const client = async () => {
    while (next < REQUESTS) {
      next++;
      await abortedDownload(port);
      meter.sample();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_CLIENTS }, client));
  // Let the server see every hang-up: what is still open then has leaked.
  await sleep(300);
  meter.sample();
  const leftOpen = openSources;
  server.closeAllConnections();
  server.close();
  return { requests: REQUESTS, sourcesStillOpenAfterAllClientsLeft: leftOpen, fdsAtEnd: openFds() };
}

await runBench('prefer-stream-pipeline', {
  probes: { openFds: () => openFds() ?? 0, openSources: () => openSources },
  setup: makeReport,
  teardown: (report) => rm(report.dir, { recursive: true, force: true }),
  scenarios: {
    flagged: (meter, report) => serveAndAbort('flagged', meter, report),
    fixed: (meter, report) => serveAndAbort('fixed', meter, report),
  },
});

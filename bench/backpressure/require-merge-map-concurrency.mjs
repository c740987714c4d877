// rta/require-merge-map-concurrency: a quote relay asks a pricing API for every ticker message.
// flagged: `fromEvent(socket, 'message').pipe(mergeMap((msg) => fetchQuote(...)))` (RULES.md B6 BAD)
// fixed:   the same with `mergeMap(..., QUOTE_CONCURRENCY)`, 8 (RULES.md B6 GOOD)
// The exchange feed is a loopback WebSocket server pushing 600 messages in a burst; the pricing
// API is a loopback HTTP server that answers each request after 20 ms.
import { once } from 'node:events';
import { Agent, createServer, get } from 'node:http';
import { fromEvent, mergeMap } from 'rxjs';
import WebSocket, { WebSocketServer } from 'ws';
import { openFds, runBench } from './harness.mjs';

const MESSAGES = 600;
const API_LATENCY_MS = 20;
const QUOTE_CONCURRENCY = 8;

let inFlight = 0;

async function pricingApi() {
  const server = createServer((req, res) => {
    setTimeout(() => {
      const symbol = new URL(req.url ?? '/', 'http://api').searchParams.get('symbol');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ symbol, bid: 99.5, ask: 100.5, book: 'x'.repeat(2_048) }));
    }, API_LATENCY_MS);
  });
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
  await once(server, 'listening');
  return server;
}

async function exchangeFeed() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await once(wss, 'listening');
  wss.on('connection', (ws) => {
    // A burst of ticks, as on a market open: 100 messages per millisecond.
    let seq = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < 100 && seq < MESSAGES; i++, seq++) ws.send(JSON.stringify({ seq, symbol: `SYM${String(seq % 500)}` }));
      if (seq >= MESSAGES) clearInterval(timer);
    }, 1);
  });
  return wss;
}

async function relay(form, meter) {
  const api = await pricingApi();
  const feed = await exchangeFeed();
  // Node's default agent: keep-alive, no socket limit, as most HTTP clients are configured.
  const agent = new Agent({ keepAlive: true });
  const apiPort = api.address().port;

  // A failed request (a reset under a connection storm) is counted, not retried.
  let failed = 0;
  const fetchQuote = (symbol) =>
    new Promise((resolve) => {
      inFlight++;
      get({ host: '127.0.0.1', port: apiPort, path: `/quote?symbol=${symbol}`, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          inFlight--;
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        });
      }).on('error', () => {
        inFlight--;
        failed++;
        resolve(null);
      });
    });

  const socket = new WebSocket(`ws://127.0.0.1:${String(feed.address().port)}`);
  let quoted = 0;
  let allQuoted;
  const done = new Promise((resolve, reject) => {
    allQuoted = resolve;
    socket.on('error', reject);
  });
  // ws is an EventTarget too, so fromEvent hands over MessageEvents, as in a browser.
  const project = (ev) => fetchQuote(JSON.parse(String(ev.data)).symbol);
  const quotes$ = fromEvent(socket, 'message');
  const subscription = (form === 'flagged' ? quotes$.pipe(mergeMap(project)) : quotes$.pipe(mergeMap(project, QUOTE_CONCURRENCY))).subscribe({
    next: () => {
      meter.sample();
      if (++quoted === MESSAGES) allQuoted();
    },
    error: (err) => {
      throw err;
    },
  });
  await done;
  subscription.unsubscribe();
  socket.terminate();
  agent.destroy();
  feed.close();
  api.closeAllConnections();
  api.close();
  return { messages: MESSAGES, apiLatencyMs: API_LATENCY_MS, concurrency: form === 'flagged' ? 'Infinity' : QUOTE_CONCURRENCY, quoted, failedRequests: failed };
}

await runBench('require-merge-map-concurrency', {
  probes: { inFlightRequests: () => inFlight, openFds: () => openFds() ?? 0 },
  scenarios: {
    flagged: (meter) => relay('flagged', meter),
    fixed: (meter) => relay('fixed', meter),
  },
});

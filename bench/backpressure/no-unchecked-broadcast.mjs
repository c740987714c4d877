// rta/no-unchecked-broadcast: a dashboard server broadcasts a snapshot to every client on a timer;
// some clients stop reading (a backgrounded tab, a phone on a bad network).
// flagged: `for (const c of wss.clients) if (c.readyState === OPEN) c.send(frame)` (RULES.md B5 BAD)
// fixed:   skip clients whose `bufferedAmount` exceeds 1 MiB (RULES.md B5 GOOD)
import { once } from 'node:events';
import WebSocket, { WebSocketServer } from 'ws';
import { KiB, MiB, runBench, sleep } from './harness.mjs';

const FRAME_BYTES = 64 * KiB;
const TICK_MS = 5;
const DURATION_MS = 4_000;
const READING_CLIENTS = 2;
const STALLED_CLIENTS = 4;
const MAX_BUFFERED_BYTES = 1 * MiB;

let wss;

function bufferedTotal() {
  let total = 0;
  if (wss) for (const client of wss.clients) total += client.bufferedAmount;
  return total;
}

/** A snapshot as the dashboard would serialise it: a fresh string every tick. */
function snapshot(tick) {
  const filler = String(tick % 10).repeat(FRAME_BYTES - 64);
  return JSON.stringify({ tick, at: Date.now(), filler });
}

async function connect(port, stalled) {
  const ws = new WebSocket(`ws://127.0.0.1:${String(port)}`);
  let received = 0;
  ws.on('message', (data) => {
    received += data.length;
  });
  await once(ws, 'open');
  // A client that stops reading: its socket is paused, so the server's frames have nowhere to go.
  if (stalled) ws.pause();
  return { ws, received: () => received };
}

async function broadcast(form, meter) {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await once(wss, 'listening');
  const { port } = wss.address();
  const clients = [];
  for (let i = 0; i < READING_CLIENTS; i++) clients.push(await connect(port, false));
  for (let i = 0; i < STALLED_CLIENTS; i++) clients.push(await connect(port, true));

  let tick = 0;
  let skipped = 0;
  const timer = setInterval(() => {
    const frame = snapshot(tick++);
    for (const client of wss.clients) {
      if (client.readyState !== WebSocket.OPEN) continue;
      if (form === 'fixed' && client.bufferedAmount > MAX_BUFFERED_BYTES) {
        skipped++;
        continue;
      }
      client.send(frame);
    }
    meter.sample();
  }, TICK_MS);
  await sleep(DURATION_MS);
  clearInterval(timer);
  meter.sample();
  const readBytes = clients.slice(0, READING_CLIENTS).reduce((sum, c) => sum + c.received(), 0);
  for (const client of wss.clients) client.terminate();
  for (const c of clients) c.ws.terminate();
  wss.close();
  return { ticks: tick, frameBytes: FRAME_BYTES, stalledClients: STALLED_CLIENTS, framesSkipped: skipped, bytesReadByReadingClients: readBytes };
}

await runBench('no-unchecked-broadcast', {
  probes: { bufferedAmount: bufferedTotal },
  scenarios: {
    flagged: (meter) => broadcast('flagged', meter),
    fixed: (meter) => broadcast('fixed', meter),
  },
});

#!/usr/bin/env node
// chat-fanout.mjs — WebSocket chat fan-out benchmark.
//
// Connects N clients to one chat room and waits until every one has joined and the room has gone
// quiet. Then K of those clients (the senders, default 1) send M messages in total at R msgs/s.
// Every message text carries a unique token and its send time; every client records when each
// token reached it. Reports join time, delivered/expected, lost, duplicates, messages the server
// refused, fan-out latency (send -> receive, over every client x message) and throughput.
//
// Needs the `ws` package. ESM `import` ignores NODE_PATH, so `ws` is loaded through
// createRequire, which does honour it:
//   NODE_PATH=/path/to/node_modules node chat-fanout.mjs --url 'ws://127.0.0.1:8801/api/room/{room}/websocket'
// --help lists every option. The last line of output is always
//   fanout: clients=N messages=M delivered=X lost=Y p50_ms=.. p99_ms=.. max_ms=..

import { createRequire } from 'node:module';
import { performance, monitorEventLoopDelay } from 'node:perf_hooks';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

// ---------------------------------------------------------------------------------------------
// Protocol adapters: how a socket joins, how a message is sent, which frames mean "joined" or
// "refused". The core finds tokens in the raw text of every frame (JSON or HTML alike), so an
// adapter never parses deliveries. Add a protocol by adding an entry here.
//   hello(ws, ctx)       on open: send whatever joins the room (omit: nothing to send)
//   ready(text)          true when this frame means "joined" (omit: joined as soon as it opens)
//   send(ws, text, ctx)  send one chat message whose text is `text`
//   rejected(text)       true when the frame is the server refusing a message (rate limit, etc.)
//   echo                 false if the server does not send a message back to its own sender
let portalSent = 0;
const ADAPTERS = {
  // The portal's ChatRoom (protocol: src/objects/ChatRoom.ts): authenticated by the session cookie
  // and Origin at the upgrade, nothing to send on open; {"type":"joined"} ends the catch-up; a
  // message is {"type":"send","text","clientId"} (the clientId makes a resend idempotent);
  // refusals are {"type":"error"}; every socket gets every message, the sender's included.
  portal: {
    ready: (text) => text.startsWith('{"type":"joined"'),
    // The clientId must not repeat the token: the tool counts every token it finds in a frame.
    send: (ws, text) => ws.send(JSON.stringify({ type: 'send', text, clientId: `b${++portalSent}` })),
    rejected: (text) => text.startsWith('{"type":"error"'),
    echo: true,
  },
  // cloudflare/workers-chat-demo: first frame {"name"}; the server replies with the roster and the
  // last 100 stored messages, then {"ready":true}; then {"message"}; it broadcasts
  // {"name","message","timestamp"} to every named client, sender included; a refused message
  // gets {"error": "..."} to the sender only.
  'cf-demo': {
    hello: (ws, ctx) => ws.send(JSON.stringify({ name: ctx.name })),
    ready: (text) => text.includes('"ready":true'),
    send: (ws, text) => ws.send(JSON.stringify({ message: text })),
    rejected: (text) => text.startsWith('{"error"'),
    echo: true,
  },
  // HTML over WebSocket, the htmx ws-extension way: joined once open (auth by --cookie); the
  // client sends the form's values as JSON plus HEADERS; the server pushes HTML fragments such
  // as <li id="msg-123" hx-swap-oob="beforeend:#messages">TOKEN</li>. Change the field name to
  // the form input's name; add ready() if the server sends a frame on join.
  htmx: {
    send: (ws, text) => ws.send(JSON.stringify({ message: text, HEADERS: { 'HX-Request': 'true' } })),
    rejected: (text) => /role="alert"|class="[^"]*\berror\b/.test(text),
    echo: true,
  },
};

// ---------------------------------------------------------------------------------------------
const HELP = `usage: node chat-fanout.mjs --url WS_URL [options]
  --url URL              WebSocket URL of the room; "{room}" in it is replaced by --room
  --room NAME            room name for {room} (default: a fresh random name per run)
  --clients N            clients in the room, senders included (default 200)
  --messages M           messages to send in total (default 200)
  --rate R               send rate in msgs/s over all senders (default 50)
  --protocol NAME        adapter: ${Object.keys(ADAPTERS).join(', ')} (default cf-demo)
  --senders K            clients 0..K-1 send; message i goes to sender i%K (default 1)
  --sender-addrs LIST    local source addresses for the senders, round-robin, e.g. 127.0.3.1-50
                         or 127.0.0.2,127.0.0.3 (a distinct address = a distinct client IP)
  --client-addr ADDR     local source address for the other clients
  --cookie VALUE         Cookie header for every socket (authenticated sockets)
  --cookie-file PATH     one Cookie header per line, handed out round-robin by client index
  --origin ORIGIN        Origin header (default: the http(s) origin of --url)
  --header "K: V"        extra request header (repeatable)
  --pad BYTES            add this many characters to every message text (default 0)
  --connect-concurrency C  sockets opening at once while joining (default 50)
  --join-timeout MS      give up unless all joined by then (default 60000)
  --settle MS            after joining, wait until no frame for 300 ms, at most MS (default 5000)
  --pause MS             then wait MS more before the first send (default 0; lets server-side
                         work that sends no frames finish, e.g. cf-demo's rate-limiter calls)
  --idle MS              after the last send, stop once nothing new for MS (default 3000)
  --drain-timeout MS     after the last send, stop after MS at most (default 30000)
  --json-out PATH        also write every figure as JSON to PATH
  --debug                print the first frames of client 0 and the last client
exit status: 0 measured, 1 join failed, 2 usage error`;

function parseArgs(argv) {
  const o = {
    url: null, room: null, clients: 200, messages: 200, rate: 50, protocol: 'cf-demo', senders: 1,
    senderAddrs: [], clientAddr: null, cookie: null, cookieFile: null, origin: null, headers: {},
    pad: 0, connectConcurrency: 50, joinTimeout: 60000, settle: 5000, pause: 0, idle: 3000, drainTimeout: 30000,
    jsonOut: null, debug: false,
  };
  const num = (k, v) => { const n = Number(v); if (!Number.isFinite(n) || n < 0) die(`--${k} needs a number`); return n; };
  for (let i = 2; i < argv.length; i++) {
    let a = argv[i], v;
    if (a === '--help' || a === '-h') { console.log(HELP); process.exit(0); }
    if (a === '--debug') { o.debug = true; continue; }
    const eq = a.indexOf('=');
    if (eq > 0) { v = a.slice(eq + 1); a = a.slice(0, eq); } else v = argv[++i];
    if (v === undefined) die(`${a} needs a value`);
    switch (a) {
      case '--url': o.url = v; break;
      case '--room': o.room = v; break;
      case '--clients': o.clients = Math.floor(num('clients', v)); break;
      case '--messages': o.messages = Math.floor(num('messages', v)); break;
      case '--rate': o.rate = num('rate', v); break;
      case '--protocol': o.protocol = v; break;
      case '--senders': o.senders = Math.max(1, Math.floor(num('senders', v))); break;
      case '--sender-addrs': o.senderAddrs = expandAddrs(v); break;
      case '--client-addr': o.clientAddr = v; break;
      case '--cookie': o.cookie = v; break;
      case '--cookie-file': o.cookieFile = v; break;
      case '--origin': o.origin = v; break;
      case '--header': { const c = v.indexOf(':'); if (c < 1) die('--header needs "Name: value"'); o.headers[v.slice(0, c).trim()] = v.slice(c + 1).trim(); break; }
      case '--pad': o.pad = Math.floor(num('pad', v)); break;
      case '--connect-concurrency': o.connectConcurrency = Math.max(1, num('connect-concurrency', v)); break;
      case '--join-timeout': o.joinTimeout = num('join-timeout', v); break;
      case '--settle': o.settle = num('settle', v); break;
      case '--pause': o.pause = num('pause', v); break;
      case '--idle': o.idle = num('idle', v); break;
      case '--drain-timeout': o.drainTimeout = num('drain-timeout', v); break;
      case '--json-out': o.jsonOut = v; break;
      default: die(`unknown option ${a}\n${HELP}`);
    }
  }
  if (!o.url) die(`--url is required\n${HELP}`);
  if (!ADAPTERS[o.protocol]) die(`unknown --protocol ${o.protocol}; known: ${Object.keys(ADAPTERS).join(', ')}`);
  if (o.rate <= 0 || o.clients < 1 || o.messages < 1) die('--rate, --clients and --messages must be > 0');
  if (o.senders > o.clients) die('--senders cannot exceed --clients (senders are clients)');
  return o;
}

// "127.0.3.1-50" -> 127.0.3.1 … 127.0.3.50; "a,b" -> [a, b]
function expandAddrs(spec) {
  const out = [];
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = part.match(/^(\d+\.\d+\.\d+\.)(\d+)-(\d+)$/);
    if (m) for (let i = +m[2]; i <= +m[3]; i++) out.push(m[1] + i);
    else out.push(part);
  }
  return out;
}

function die(msg) { console.error(`chat-fanout: ${msg}`); process.exit(2); }

let WebSocket;
try { WebSocket = createRequire(import.meta.url)('ws'); } catch {
  die('the `ws` package was not found: run with NODE_PATH=/path/to/node_modules (one that has ws)');
}

const nowMs = () => performance.now();
const epochUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(d));
function pct(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const o = parseArgs(process.argv);
  const A = ADAPTERS[o.protocol];
  const echo = A.echo !== false;
  const N = o.clients, M = o.messages, K = o.senders;
  const runId = Math.random().toString(36).slice(2, 8).padEnd(6, '0');
  const room = o.room ?? `fanout-${runId}`;
  const url = o.url.replaceAll('{room}', encodeURIComponent(room));
  const origin = o.origin ?? new URL(url).origin.replace(/^ws/, 'http');
  const cookies = o.cookieFile ? readFileSync(o.cookieFile, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean) : null;
  // Token: FO<runId>_<seq>_<send time in epoch µs>. Letters, digits and "_" survive JSON and HTML escaping.
  const tokenRe = new RegExp(`FO${runId}_(\\d+)_(\\d+)`, 'g');
  const anyTokenRe = /FO[0-9a-z]{6}_\d+_\d+/;
  const padding = 'x'.repeat(o.pad);
  const perMsg = echo ? N : N - 1; // receivers of one message
  const expected = perMsg * M;

  console.log(`chat-fanout: url=${url} protocol=${o.protocol} clients=${N} senders=${K} messages=${M} rate=${o.rate}/s` +
    (o.senderAddrs.length ? ` sender-addrs=${o.senderAddrs.length}` : '') + ` node=${process.version}`);

  // Latency per (client, message); NaN = not received.
  const lat = new Float64Array(N * M).fill(NaN);
  let delivered = 0, duplicates = 0, foreign = 0, rejected = 0, lastDeliveryAt = 0;
  let lastFrameAt = nowMs(), unexpectedCloses = 0, errors = 0, debugShown = 0, firstRefusal = null, t0 = null;

  function onFrame(sock, data) {
    const t = nowMs();
    lastFrameAt = t;
    const text = typeof data === 'string' ? data : data.toString();
    if (o.debug && (sock.idx === 0 || sock.idx === N - 1) && debugShown++ < 16) console.log(`[debug client ${sock.idx}] ${text.slice(0, 300)}`);
    if (!sock.ready) {
      if (!A.ready || A.ready(text)) markReady(sock, t);
      return; // anything before "ready" is roster/backlog
    }
    if (A.rejected?.(text)) {
      if (sock.sender) { rejected++; firstRefusal ??= `client ${sock.idx} at +${fmt(t - (t0 ?? t), 0)} ms: ${text.slice(0, 160)}`; }
      return;
    }
    if (!text.includes(`FO${runId}_`)) { if (anyTokenRe.test(text)) foreign++; return; }
    const recvUs = (performance.timeOrigin + t) * 1000;
    tokenRe.lastIndex = 0;
    for (let m; (m = tokenRe.exec(text)); ) {
      const seq = +m[1];
      if (seq >= M) { foreign++; continue; }
      if (!echo && sock.sender && seq % K === sock.idx) continue;
      const k = sock.idx * M + seq;
      if (!Number.isNaN(lat[k])) { duplicates++; continue; }
      lat[k] = (recvUs - +m[2]) / 1000;
      delivered++;
      lastDeliveryAt = t;
    }
  }

  // ---- join -----------------------------------------------------------------------------------
  const socks = [];
  for (let i = 0; i < N; i++) {
    const sender = i < K;
    socks.push({
      idx: i, sender,
      addr: sender && o.senderAddrs.length ? o.senderAddrs[i % o.senderAddrs.length] : o.clientAddr,
      cookie: cookies ? cookies[i % cookies.length] : o.cookie,
    });
  }

  let readyCount = 0, failedCount = 0, joinDone;
  const allSettled = new Promise((r) => { joinDone = r; });
  const settleOne = (sock) => { if (readyCount + failedCount === N) joinDone(); sock.onDone?.(); };
  function markReady(sock, t) {
    if (sock.ready || sock.failed) return;
    sock.ready = true; sock.readyAt = t; readyCount++;
    settleOne(sock);
  }
  function markFailed(sock) {
    if (sock.ready || sock.failed) return;
    sock.failed = true; failedCount++;
    settleOne(sock);
  }

  function open(sock) {
    return new Promise((resolve) => {
      const headers = { Origin: origin, ...o.headers };
      if (sock.cookie) headers.Cookie = sock.cookie;
      sock.startAt = nowMs();
      sock.onDone = resolve;
      const ws = new WebSocket(url, { headers, perMessageDeflate: false, localAddress: sock.addr ?? undefined, handshakeTimeout: o.joinTimeout });
      sock.ws = ws;
      const ctx = { name: `c${sock.idx}-${runId}`, index: sock.idx, sender: sock.sender };
      ws.on('open', () => { if (A.hello) A.hello(ws, ctx); if (!A.ready) markReady(sock, nowMs()); });
      ws.on('message', (d) => onFrame(sock, d));
      ws.on('error', (e) => {
        if (sock.closing) return;
        if (++errors <= 5) console.error(`client ${sock.idx} socket error: ${e.message}`);
        markFailed(sock);
      });
      ws.on('close', (code, reason) => {
        if (sock.closing) return;
        if (++unexpectedCloses <= 5) console.error(`client ${sock.idx} closed by server: ${code} ${reason}`);
        markFailed(sock);
      });
    });
  }

  const loadStart = os.loadavg()[0];
  const joinStart = nowMs();
  let next = 0;
  const worker = async () => { while (next < N) await open(socks[next++]); };
  const joined = await Promise.race([
    Promise.all(Array.from({ length: Math.min(o.connectConcurrency, N) }, worker)).then(() => allSettled).then(() => true),
    sleep(o.joinTimeout).then(() => false),
  ]);
  const joinMs = nowMs() - joinStart;
  const joinTimes = Float64Array.from(socks.filter((s) => s.ready).map((s) => s.readyAt - s.startAt)).sort();
  console.log(`join: ${readyCount}/${N} clients ready in ${fmt(joinMs, 0)} ms ` +
    `(per client p50=${fmt(pct(joinTimes, 50))} p99=${fmt(pct(joinTimes, 99))} max=${fmt(joinTimes.at(-1))} ms; errors=${errors} closed=${unexpectedCloses})`);
  if (!joined || readyCount < N) {
    console.log('join failed: not every client joined');
    return finish({ ok: false, joinMs, joinTimes });
  }

  // Let the join storm (roster / "joined" broadcasts) die down before measuring.
  const settleStart = nowMs();
  while (nowMs() - settleStart < o.settle && nowMs() - lastFrameAt < 300) await sleep(50);
  const settleMs = nowMs() - settleStart;
  if (o.pause) await sleep(o.pause);

  // ---- send -----------------------------------------------------------------------------------
  const eld = monitorEventLoopDelay({ resolution: 1 }); // samples include the 1 ms timer itself
  eld.enable();
  const cpu0 = process.cpuUsage();
  const interval = 1000 / o.rate;
  let maxLag = 0, unsent = 0;
  t0 = nowMs();
  for (let i = 0; i < M; i++) {
    const due = t0 + i * interval;
    const wait = due - nowMs();
    if (wait > 0) await sleep(wait); // no busy-wait: it would delay receive timestamps
    maxLag = Math.max(maxLag, nowMs() - due);
    const s = socks[i % K];
    if (s.ws.readyState !== WebSocket.OPEN) { unsent++; continue; }
    A.send(s.ws, `FO${runId}_${i}_${epochUs()}${padding}`, { index: i });
  }
  const sendMs = nowMs() - t0;
  const sentRate = M > 1 ? (M - 1) / (sendMs / 1000 || 1e-9) : null; // M sends span M-1 intervals

  // ---- drain ----------------------------------------------------------------------------------
  const lastSendAt = nowMs();
  while (true) {
    await sleep(20);
    const t = nowMs();
    if (delivered + (rejected + unsent) * perMsg >= expected) break;
    if (t - lastSendAt > o.drainTimeout) break;
    if (t - Math.max(lastDeliveryAt, lastSendAt, lastFrameAt) > o.idle) break;
  }
  eld.disable();
  const cpu = process.cpuUsage(cpu0);
  const cpuPct = ((cpu.user + cpu.system) / 1000) / (nowMs() - t0) * 100;
  return finish({ ok: true, joinMs, joinTimes, settleMs, sendMs, sentRate, maxLag, eld, cpuPct, t0 });

  function finish(r) {
    const sorted = Float64Array.from(lat.filter((x) => !Number.isNaN(x))).sort();
    const lost = expected - delivered;
    const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null;
    const p = (q) => pct(sorted, q);
    const deliverSpan = r.ok && delivered ? (lastDeliveryAt - r.t0) / 1000 : null;
    const eldP99 = r.eld ? r.eld.percentile(99) / 1e6 : null;
    if (r.ok) {
      console.log(`settle: ${fmt(r.settleMs, 0)} ms + pause ${o.pause} ms; send: ${M} msgs from ${K} sender(s) in ${fmt(r.sendMs, 0)} ms = ${fmt(r.sentRate)} msg/s ` +
        `(max schedule lag ${fmt(r.maxLag)} ms); refused by server: ${rejected}; not sent (socket gone): ${unsent}`);
      console.log(`delivery: ${delivered}/${expected} delivered, lost=${lost} (${(rejected + unsent) * perMsg} of them from refused/unsent msgs), ` +
        `duplicates=${duplicates}, foreign=${foreign}, socket errors=${errors}, server closes=${unexpectedCloses}`);
      if (firstRefusal) console.log(`first refusal: ${firstRefusal}`);
      console.log(`latency ms (send->receive, every client x message): p50=${fmt(p(50))} p90=${fmt(p(90))} p99=${fmt(p(99))} ` +
        `max=${fmt(sorted.at(-1))} mean=${fmt(mean)} min=${fmt(sorted[0])}`);
      console.log(`throughput: ${fmt(r.sentRate)} msg/s sent, ${fmt(delivered / (deliverSpan || 1e-9), 0)} deliveries/s ` +
        `(first send -> last delivery ${fmt(deliverSpan, 2)} s)`);
      console.log(`bench process: cpu ${fmt(r.cpuPct, 0)}% of one core while sending/draining; event-loop delay ` +
        `p99=${fmt(eldP99)} max=${fmt(r.eld.max / 1e6)} ms (1 ms = idle); loadavg(1m) ${fmt(loadStart, 2)} -> ${fmt(os.loadavg()[0], 2)} on ${os.cpus().length} cpus`);
    }
    // Where the tail lies: each message's median and worst latency over the clients.
    const perMessage = Array.from({ length: M }, (_, seq) => {
      const xs = Float64Array.from({ length: N }, (_, c) => lat[c * M + seq]).filter((x) => !Number.isNaN(x)).sort();
      return { seq, p50: pct(xs, 50), max: xs.at(-1) ?? null };
    });
    if (r.ok) {
      const worst = [...perMessage].filter((m) => m.p50 !== null).sort((a, b) => b.p50 - a.p50).slice(0, 5);
      console.log(`slowest messages (median over clients): ${worst.map((m) => `#${m.seq} ${fmt(m.p50)} ms`).join(', ')}`);
    }
    if (o.jsonOut) {
      writeFileSync(o.jsonOut, JSON.stringify({
        per_message_p50_ms: perMessage.map((m) => m.p50), per_message_max_ms: perMessage.map((m) => m.max),
        url, protocol: o.protocol, clients: N, senders: K, messages: M, rate: o.rate, pad: o.pad, ok: r.ok,
        join_ms: r.joinMs, join_p50_ms: pct(r.joinTimes, 50), join_p99_ms: pct(r.joinTimes, 99),
        send_ms: r.sendMs ?? null, sent_per_s: r.sentRate ?? null, expected, delivered, lost, rejected, unsent, duplicates, foreign,
        errors, server_closes: unexpectedCloses, first_refusal: firstRefusal, p50_ms: p(50), p90_ms: p(90), p99_ms: p(99), max_ms: sorted.at(-1) ?? null, mean_ms: mean,
        deliveries_per_s: deliverSpan ? delivered / deliverSpan : null, bench_cpu_pct: r.cpuPct ?? null, bench_eld_p99_ms: eldP99,
        loadavg_start: loadStart, loadavg_end: os.loadavg()[0], node: process.version, at: new Date().toISOString(),
      }, null, 2));
    }
    console.log(`fanout: clients=${N} messages=${M} delivered=${delivered} lost=${lost} ` +
      `p50_ms=${fmt(p(50))} p99_ms=${fmt(p(99))} max_ms=${fmt(sorted.at(-1))}`);
    process.exitCode = r.ok ? 0 : 1;
    for (const s of socks) { s.closing = true; try { s.ws?.close(1000); } catch {} }
    setTimeout(() => { for (const s of socks) { try { s.ws?.terminate(); } catch {} } process.exit(); }, 500).unref();
  }
}

main().catch((e) => { console.error(e); process.exit(2); });

// npm run bench -- chat: fan-out of one ChatRoom under `wrangler dev`, every message persisted.
// 200 members with live sessions in one GROUP conversation each open a socket (session cookie +
// Origin, as a browser would); 200 of them send one message each at 50/s in total (our limit is
// 10 messages per 10 s per member, so many senders, as in the reference runs). The load generator
// is test/bench/chat-fanout.mjs (the shared tool with a `portal` adapter for our protocol). We
// report p50/p99 from send to every receiver, lost messages, the server's CPU seconds (the
// wrangler process group: ProxyWorker + workerd + node), and check Postgres got every message once.
//
// Side by side: these figures move with the machine's load, so the fair comparison with the
// reference (cloudflare/workers-chat-demo under its own `wrangler dev`) is on the same machine
// at the same time. With CHAT_REFERENCE_URL set (e.g.
// ws://127.0.0.1:8801/api/room/{room}/websocket) each round drives ours, then the reference
// with the same load (its own protocol, each sender on its own loopback address, as its per-IP
// limiter needs), and the last line carries both medians. CHAT_ROUNDS (default 1, or 3 with a
// reference) rounds, each in a fresh conversation.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import pg from "pg";
import type { Bench } from "../../scripts/bench.ts";
import { root } from "../../scripts/lib/stack.ts";
import { newId } from "../../src/db/ids.ts";

const SOCKETS = Number(process.env.CHAT_SOCKETS ?? 200);
const MESSAGES = Number(process.env.CHAT_MESSAGES ?? 200);
const RATE = Number(process.env.CHAT_RATE ?? 50);
const REFERENCE_URL = process.env.CHAT_REFERENCE_URL;
const ROUNDS = Number(process.env.CHAT_ROUNDS ?? (REFERENCE_URL ? 3 : 1));
const SESSION_COOKIE = "__Host-portal_session";

const prepared = { conversationIds: [] as string[], cookies: [] as string[] };

interface Figures {
  p50: number;
  p99: number;
  lost: number;
  cpu: number | null;
}

/** One run of the load generator; its JSON summary's figures and the server's CPU seconds. */
async function fanout(args: string[], serverPort: number): Promise<Figures> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "portal-chat-bench-"));
  const out = path.join(tmp, "run.json");
  const cpuBefore = groupCpuSeconds(serverPort);
  const common = ["--clients", String(SOCKETS), "--messages", String(MESSAGES), "--rate", String(RATE), "--senders", String(Math.min(SOCKETS, MESSAGES)), "--pause", "2000", "--json-out", out];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "test/bench/chat-fanout.mjs"), ...args, ...common], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NODE_PATH: path.join(root, "node_modules") },
    });
    child.on("exit", (c) => resolve(c ?? 1));
  });
  const cpuAfter = groupCpuSeconds(serverPort);
  if (code !== 0) throw new Error(`chat-fanout exited with ${code}`);
  const run = JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
  const figure = (...keys: string[]): number => {
    for (const k of keys) {
      const v = k.split(".").reduce<unknown>((o, part) => (o as Record<string, unknown> | undefined)?.[part], run);
      if (typeof v === "number") return v;
    }
    return Number.NaN;
  };
  return {
    p50: figure("latency.p50_ms", "latency.p50", "p50_ms", "p50"),
    p99: figure("latency.p99_ms", "latency.p99", "p99_ms", "p99"),
    lost: figure("lost", "delivery.lost", "counts.lost"),
    cpu: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const range = (xs: number[]) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;
const cpuText = (f: Figures) => (f.cpu === null ? "n/a" : f.cpu.toFixed(1));

/** CPU seconds (user + system) used so far by every process in the group of the process listening on `port`. */
function groupCpuSeconds(port: number): number | null {
  try {
    const ss = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
    const pid = Number(/pid=(\d+)/.exec(ss)?.[1]);
    if (!pid) return null;
    const pgid = Number(execFileSync("ps", ["-o", "pgid=", "-p", String(pid)], { encoding: "utf8" }).trim());
    const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    let total = 0;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // fields[2] = pgrp; [11] utime; [12] stime (0-based after the command name).
        if (Number(fields[2]) === pgid) total += Number(fields[11]) + Number(fields[12]);
      } catch {
        // process gone
      }
    }
    return total / ticks;
  } catch {
    return null;
  }
}

export default {
  needs: { database: true, worker: true },
  async prepare(databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const members = Array.from({ length: SOCKETS }, () => newId());
      await client.query(
        `INSERT INTO users (id, email, password, first_name, last_name, is_verified)
         SELECT id, 'bench-chat-' || id || '@bench.example.org', 'not-a-real-hash', 'Bench', 'Chatter', true FROM unnest($1::text[]) AS id`,
        [members],
      );
      const sessions = members.map((userId) => {
        const id = encodeBase32LowerCaseNoPadding(randomBytes(15));
        const secret = encodeBase32LowerCaseNoPadding(randomBytes(20));
        return { id, userId, hash: createHash("sha256").update(secret).digest("hex"), cookie: `${SESSION_COOKIE}=${id}.${secret}` };
      });
      await client.query(
        `INSERT INTO sessions (id, user_id, secret_hash, expires_at, two_factor_verified)
         SELECT id, user_id, hash, now() + interval '1 day', true FROM unnest($1::text[], $2::text[], $3::text[]) AS s(id, user_id, hash)`,
        [sessions.map((x) => x.id), sessions.map((x) => x.userId), sessions.map((x) => x.hash)],
      );
      prepared.conversationIds = Array.from({ length: ROUNDS }, () => newId());
      for (const conversationId of prepared.conversationIds) {
        await client.query(`INSERT INTO conversations (id, kind, title, created_by_id) VALUES ($1, 'GROUP', 'Bench room', $2)`, [conversationId, members[0]]);
        await client.query(`INSERT INTO conversation_members (conversation_id, user_id) SELECT $1, id FROM unnest($2::text[]) AS id`, [conversationId, members]);
      }
      prepared.cookies = sessions.map((s) => s.cookie);
    } finally {
      await client.end();
    }
  },
  async run({ url, databaseUrl }) {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "portal-chat-bench-"));
    const cookieFile = path.join(tmp, "cookies.txt");
    writeFileSync(cookieFile, prepared.cookies.map((c) => `${c}\n`).join(""));
    const ours: Figures[] = [];
    const reference: Figures[] = [];
    for (const [round, conversationId] of prepared.conversationIds.entries()) {
      const wsUrl = `${url.replace(/^http/, "ws")}/messages/${conversationId}/socket`;
      const mine = await fanout(["--url", wsUrl, "--protocol", "portal", "--cookie-file", cookieFile, "--origin", url], Number(new URL(url).port));
      ours.push(mine);
      console.log(`round ${round + 1} portal: p50_ms=${Math.round(mine.p50)} p99_ms=${Math.round(mine.p99)} lost=${mine.lost} server CPU-s=${cpuText(mine)}`);
      if (REFERENCE_URL) {
        const senders = Math.min(SOCKETS, MESSAGES);
        const theirs = await fanout(["--url", REFERENCE_URL, "--protocol", "cf-demo", "--sender-addrs", `127.0.21.1-${senders}`], Number(new URL(REFERENCE_URL.replace(/^ws/, "http")).port));
        reference.push(theirs);
        console.log(`round ${round + 1} reference: p50_ms=${Math.round(theirs.p50)} p99_ms=${Math.round(theirs.p99)} lost=${theirs.lost} server CPU-s=${cpuText(theirs)}`);
      }
    }
    // Persistence: every message once in Postgres (the write-through may trail the last delivery).
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    let stored = 0;
    let distinctSeq = 0;
    const expected = MESSAGES * prepared.conversationIds.length;
    try {
      for (let i = 0; i < 50; i++) {
        const { rows } = await client.query<{ n: number; s: number }>(
          "SELECT count(*)::int AS n, count(DISTINCT (conversation_id, seq))::int AS s FROM messages WHERE conversation_id = ANY($1)",
          [prepared.conversationIds],
        );
        stored = rows[0]!.n;
        distinctSeq = rows[0]!.s;
        if (stored >= expected) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await client.end();
    }
    console.log(`persisted in Postgres: ${stored} rows, ${distinctSeq} distinct sequences (sent ${expected})`);
    console.log(`server CPU-s per round (wrangler process group, join included): ${ours.map(cpuText).join(", ")}`);
    const lost = ours.reduce((sum, f) => sum + f.lost, 0);
    let line = `chat: sockets=${SOCKETS} p50_ms=${Math.round(median(ours.map((f) => f.p50)))} p99_ms=${Math.round(median(ours.map((f) => f.p99)))} lost=${lost}`;
    if (reference.length) {
      console.log(`portal p50 ${range(ours.map((f) => f.p50))} ms, p99 ${range(ours.map((f) => f.p99))} ms; reference p50 ${range(reference.map((f) => f.p50))} ms, p99 ${range(reference.map((f) => f.p99))} ms (${ROUNDS} rounds)`);
      line += ` reference_p50_ms=${Math.round(median(reference.map((f) => f.p50)))} reference_p99_ms=${Math.round(median(reference.map((f) => f.p99)))}`;
    }
    console.log(line);
  },
} satisfies Bench;

// npm run bench -- chat: fan-out of one ChatRoom under `wrangler dev`, every message persisted.
// 200 members with live sessions in one GROUP conversation each open a socket (session cookie +
// Origin, as a browser would); 200 of them send one message each at 50/s in total (our limit is
// 10 messages per 10 s per member, so many senders, as in the reference runs). The load generator
// is test/bench/chat-fanout.mjs (the shared tool with a `portal` adapter for our protocol). We
// report p50/p99 from send to every receiver, lost messages, the server's CPU seconds (the
// wrangler process group: ProxyWorker + workerd + node), and check Postgres got every message once.
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
const SESSION_COOKIE = "__Host-portal_session";

const prepared = { conversationId: "", cookies: [] as string[] };

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
      prepared.conversationId = newId();
      await client.query(`INSERT INTO conversations (id, kind, title, created_by_id) VALUES ($1, 'GROUP', 'Bench room', $2)`, [prepared.conversationId, members[0]]);
      await client.query(
        `INSERT INTO conversation_members (conversation_id, user_id) SELECT $1, id FROM unnest($2::text[]) AS id`,
        [prepared.conversationId, members],
      );
      prepared.cookies = sessions.map((s) => s.cookie);
    } finally {
      await client.end();
    }
  },
  async run({ url, databaseUrl }) {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "portal-chat-bench-"));
    const cookieFile = path.join(tmp, "cookies.txt");
    writeFileSync(cookieFile, prepared.cookies.map((c) => `${c}\n`).join(""));
    const port = Number(new URL(url).port);
    const wsUrl = `${url.replace(/^http/, "ws")}/messages/${prepared.conversationId}/socket`;
    const cpuBefore = groupCpuSeconds(port);
    const args = [
      path.join(root, "test/bench/chat-fanout.mjs"),
      "--url", wsUrl,
      "--protocol", "portal",
      "--clients", String(SOCKETS),
      "--messages", String(MESSAGES),
      "--rate", String(RATE),
      "--senders", String(Math.min(SOCKETS, MESSAGES)),
      "--cookie-file", cookieFile,
      "--origin", url,
      "--pause", "2000",
      "--json-out", path.join(tmp, "run.json"),
    ];
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NODE_PATH: path.join(root, "node_modules") } });
      child.on("exit", (c) => resolve(c ?? 1));
    });
    const cpuAfter = groupCpuSeconds(port);
    if (code !== 0) throw new Error(`chat-fanout exited with ${code}`);
    const run = JSON.parse(readFileSync(path.join(tmp, "run.json"), "utf8")) as Record<string, unknown>;
    const figure = (...keys: string[]): number => {
      for (const k of keys) {
        const v = k.split(".").reduce<unknown>((o, part) => (o as Record<string, unknown> | undefined)?.[part], run);
        if (typeof v === "number") return v;
      }
      return Number.NaN;
    };
    // Persistence: every message once in Postgres (the write-through may trail the last delivery).
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    let stored = 0;
    let distinctSeq = 0;
    try {
      for (let i = 0; i < 50; i++) {
        const { rows } = await client.query<{ n: number; s: number }>(
          "SELECT count(*)::int AS n, count(DISTINCT seq)::int AS s FROM messages WHERE conversation_id = $1",
          [prepared.conversationId],
        );
        stored = rows[0]!.n;
        distinctSeq = rows[0]!.s;
        if (stored >= MESSAGES) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await client.end();
    }
    const cpu = cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore).toFixed(1) : "n/a";
    const p50 = figure("latency.p50_ms", "latency.p50", "p50_ms", "p50");
    const p99 = figure("latency.p99_ms", "latency.p99", "p99_ms", "p99");
    const lost = figure("lost", "delivery.lost", "counts.lost");
    console.log(`persisted in Postgres: ${stored} rows, ${distinctSeq} distinct sequences (sent ${MESSAGES})`);
    console.log(`server CPU-s (wrangler process group, join included): ${cpu}`);
    console.log(`chat: sockets=${SOCKETS} p50_ms=${Math.round(p50)} p99_ms=${Math.round(p99)} lost=${lost}`);
  },
} satisfies Bench;

// The local stand-in for Neon's front door, on one loopback port:
//  - POST /sql speaks Neon's HTTP query protocol (what `neon()` and drizzle's neon-http
//    send): one statement, or a batch run in one transaction, on a small pool of warm
//    Postgres connections, as Neon's pooler keeps them;
//  - /v1 is the WebSocket-to-Postgres bridge the driver's Pool/Client uses for interactive
//    transactions, with session pooling (ws-session-pool.ts) so a connection does not
//    start a Postgres backend.
// It counts what crosses the wire, so benchmarks can report round trips per request.
// Loopback only: it is a development tool.
import http from "node:http";
import { createRequire } from "node:module";
import pg from "pg";
import type { WebSocketServer as WsServer, WebSocket } from "ws";
import { SessionPool } from "./ws-session-pool.ts";

// The ESM entry of ws resolves to its browser build under some loaders; require the Node build.
const { WebSocketServer } = createRequire(import.meta.url)("ws") as typeof import("ws");

/** What crossed the wire since start (or the last reset). */
export interface WireStats {
  /** HTTP requests to /sql: each is one round trip, with no connection to set up. */
  httpRequests: number;
  /** Statements run, over both paths (a batch counts each of its statements). */
  statements: number;
  /** WebSocket connections opened by the Worker. */
  wsConnections: number;
  /** WebSocket round trips, the upgrade and the startup handshake included. */
  wsRoundTrips: number;
  /** Postgres connections (backends) this proxy had to start. */
  backendsStarted: number;
}

export interface DbProxy {
  port: number;
  stats(): WireStats;
  resetStats(): void;
  close(): Promise<void>;
}

/** Warm connections per database, like a small Neon pooler in transaction mode. */
const HTTP_POOL_SIZE = 6;

const ISOLATION: Record<string, string> = {
  ReadUncommitted: "READ UNCOMMITTED",
  ReadCommitted: "READ COMMITTED",
  RepeatableRead: "REPEATABLE READ",
  Serializable: "SERIALIZABLE",
};

/** Neon answers raw Postgres text and lets the driver parse by dataTypeID. */
const rawText = { getTypeParser: () => (value: string) => value };

const ERROR_FIELDS = [
  "severity", "code", "detail", "hint", "position", "internalPosition", "internalQuery", "where",
  "schema", "table", "column", "dataType", "constraint", "file", "line", "routine",
] as const;

interface NeonQuery {
  query: string;
  params?: unknown[];
}

export async function startDbProxy(port: number): Promise<DbProxy> {
  const stats: WireStats = { httpRequests: 0, statements: 0, wsConnections: 0, wsRoundTrips: 0, backendsStarted: 0 };
  const pools = new Map<string, pg.Pool>();
  const onBackendStarted = () => void stats.backendsStarted++;
  const poolFor = (connectionString: string): pg.Pool => {
    let pool = pools.get(connectionString);
    if (!pool) {
      pool = new pg.Pool({ connectionString, max: HTTP_POOL_SIZE, idleTimeoutMillis: 300_000 });
      pool.on("connect", onBackendStarted);
      // A backend that dies while idle (Postgres restarted) is dropped; the next query makes a new one.
      pool.on("error", () => {});
      pools.set(connectionString, pool);
    }
    return pool;
  };
  const sessions = new SessionPool({ onBackendStarted, onStatement: () => void stats.statements++ });

  const run = (client: pg.PoolClient, q: NeonQuery) =>
    client.query({ text: q.query, values: q.params ?? [], rowMode: "array", types: rawText }).then((result) => {
      // A parameterless text with several statements answers several results; Neon returns the last.
      const r = Array.isArray(result) ? (result.at(-1) as pg.QueryResult) : result;
      return { fields: r.fields, rows: r.rows, rowCount: r.rowCount, command: r.command, rowAsArray: true };
    });

  const answerSql = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    stats.httpRequests++;
    const body = JSON.parse(await readBody(req)) as NeonQuery | { queries: NeonQuery[] };
    const connectionString = String(req.headers["neon-connection-string"] ?? "");
    const queries = "queries" in body ? body.queries : [body];
    stats.statements += queries.length;
    let client: pg.PoolClient;
    try {
      client = await poolFor(connectionString).connect();
    } catch (err) {
      // What Neon's proxy does when the compute is down: no SQLSTATE, a server error.
      return send(res, 503, { message: `could not connect to Postgres: ${(err as Error).message}` });
    }
    let inTransaction = false;
    let broken = false;
    try {
      if (!("queries" in body)) return send(res, 200, await run(client, body));
      const level = ISOLATION[String(req.headers["neon-batch-isolation-level"] ?? "")];
      const readOnly = req.headers["neon-batch-read-only"] === "true";
      const deferrable = req.headers["neon-batch-deferrable"] === "true";
      await client.query(`BEGIN${level ? ` ISOLATION LEVEL ${level}` : ""}${readOnly ? " READ ONLY" : ""}${deferrable ? " DEFERRABLE" : ""}`);
      inTransaction = true;
      const results = [];
      for (const q of body.queries) results.push(await run(client, q));
      await client.query("COMMIT");
      inTransaction = false;
      send(res, 200, { results });
    } catch (err) {
      const e = err as Record<string, unknown> & Error;
      if (inTransaction) await client.query("ROLLBACK").catch(() => void (broken = true));
      if (typeof e.code !== "string" || !/^[0-9A-Z]{5}$/.test(e.code)) {
        broken = true;
        return send(res, 503, { message: `Postgres connection failed: ${e.message}` });
      }
      // Neon answers a Postgres error with 400 and its fields; any other status loses the SQLSTATE.
      send(res, 400, { message: e.message, ...Object.fromEntries(ERROR_FIELDS.map((f) => [f, e[f]])) });
    } finally {
      client.release(broken);
    }
  };

  const server = http.createServer((req, res) => {
    if (req.method === "POST" && req.url?.startsWith("/sql")) {
      answerSql(req, res).catch((err: Error) => send(res, 500, { message: err.message }));
    } else {
      send(res, 404, { message: "not found" });
    }
  });

  const wss: WsServer = new WebSocketServer({ server, path: "/v1" });
  wss.on("connection", (ws: WebSocket, req) => {
    stats.wsConnections++;
    stats.wsRoundTrips++; // the upgrade
    const address = new URL(req.url ?? "", "http://x").searchParams.get("address") ?? "";
    sessions.serve(ws, address, () => void stats.wsRoundTrips++);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
    server.listen(port, "127.0.0.1");
  });
  return {
    port,
    stats: () => ({ ...stats }),
    resetStats: () => {
      for (const k of Object.keys(stats) as Array<keyof WireStats>) stats[k] = 0;
    },
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sessions.close();
      await Promise.all([...pools.values()].map((p) => p.end().catch(() => {})));
    },
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

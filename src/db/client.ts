import { neon, neonConfig, Pool, type NeonQueryFunction } from "@neondatabase/serverless";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzleHttp, type NeonHttpDatabase } from "drizzle-orm/neon-http";
import { drizzle as drizzleWs, type NeonDatabase } from "drizzle-orm/neon-serverless";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Config } from "../config.ts";
import * as schema from "./schema/index.ts";

type Schema = typeof schema;
type HttpDb = NeonHttpDatabase<Schema>;
type WsDb = NeonDatabase<Schema>;

/**
 * The request's database client. Statements go over Neon's HTTP path: one request each,
 * no connection to set up, and `db.batch([...])` sends several in one request (one
 * transaction). `db.transaction(async (tx) => ...)` is the one way to run an interactive
 * transaction: it opens the request's single WebSocket connection on first use.
 */
export type Db = Omit<DbOrTx, "execute" | "transaction"> & Pick<HttpDb, "execute" | "batch"> & Pick<WsDb, "transaction">;
/** The handle inside db.transaction(async (tx) => ...). */
export type Tx = Parameters<Parameters<WsDb["transaction"]>[0]>[0];
/**
 * Functions that write as part of a caller's transaction, or on their own, take either:
 * what the HTTP client and a WebSocket transaction have in common (drizzle's Postgres API).
 */
export type DbOrTx = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface RequestDb {
  db: Db;
  /** Ends the WebSocket connection if a transaction opened one; nothing to do otherwise. */
  pool: { end(): Promise<void> };
}

/** fetch() option naming the local proxy's HTTP endpoint, read by the fetch function below. */
const LOCAL_ENDPOINT = "portalLocalEndpoint";

/**
 * Dev/test only (refused in production by config.ts): the local proxy in front of Postgres.
 * The driver's endpoint setting is global, yet one isolate may hold clients for different
 * proxies (a test points one object at a dead one), so each client carries its endpoint in
 * its fetch options and one global fetch function sends each request there.
 */
function localProxy(config: Config): { fetchOptions?: Record<string, string> } {
  if (!config.DB_WS_PROXY) return {};
  const proxy = config.DB_WS_PROXY;
  neonConfig.fetchFunction = (url: string, init: RequestInit & { [LOCAL_ENDPOINT]?: string }) => fetch(init[LOCAL_ENDPOINT] ?? url, init);
  neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
  return { fetchOptions: { [LOCAL_ENDPOINT]: `http://${proxy}/sql` } };
}

/**
 * One client per request (Workers cannot share sockets between requests). The HTTP path
 * needs nothing closed; the transaction connection, if one was opened, is ended by the
 * caller through `pool.end()` (ctx.waitUntil after the response).
 */
export function createDb(config: Config): RequestDb {
  const http = drizzleHttp({ client: coalescingReads(neon(config.DATABASE_URL, localProxy(config))), schema });
  let ws: { pool: Pool; db: WsDb } | undefined;
  const wsDb = (): WsDb => {
    if (!ws) {
      // max 1: a request holds at most one Postgres connection, whatever it does.
      const pool = new Pool({ connectionString: config.DATABASE_URL, max: 1, connectionTimeoutMillis: 5000 });
      // The driver reports a dropped socket after the work is done; the request has already answered.
      pool.on("error", (err: unknown) => console.error(JSON.stringify({ level: "warn", msg: "db pool error", error: String(err) })));
      ws = { pool, db: drizzleWs({ client: pool, schema }) };
    }
    return ws.db;
  };
  const transaction: WsDb["transaction"] = (run, txConfig) => wsDb().transaction(run, txConfig);
  const db = Object.assign(http, { transaction }) as unknown as Db;
  return { db, pool: { end: async () => void (await ws?.pool.end()) } };
}

type Sql = NeonQueryFunction<false, false>;
// The driver's query promise; its generic result types do not matter here.
type Query = Parameters<Extract<Parameters<Sql["transaction"]>[0], unknown[]>["push"]>[0];

const RAW = Symbol("raw query");
const READ = /^\s*\(?\s*select\b/i;

/**
 * Reads issued together go to Postgres together: SELECTs started in the same turn of the
 * event loop (a page's Promise.all of independent queries) are sent as one HTTP request
 * (one batch), so a page pays one round trip for them instead of one each. Writes are
 * never held back or grouped: each keeps its own statement, so it cannot fail with a neighbour.
 */
function coalescingReads(sql: Sql): Sql {
  let waiting: Array<{ query: Query; resolve(v: unknown): void; reject(e: unknown): void }> = [];
  const flush = () => {
    const group = waiting;
    waiting = [];
    if (group.length === 1) {
      const [only] = group;
      return void only!.query.then(only!.resolve, only!.reject);
    }
    sql.transaction(group.map((g) => g.query)).then(
      (results) => {
        for (const [i, g] of group.entries()) g.resolve(results[i]);
      },
      (err) => {
        for (const g of group) g.reject(err);
      },
    );
  };
  const query = ((text: string, params?: unknown[], opts?: object) => {
    const raw = sql.query(text, params, opts as never) as unknown as Query;
    if (!READ.test(text)) return raw;
    // Lazy like the driver's own query promise: nothing is sent until someone awaits it.
    let sent: Promise<unknown> | undefined;
    const send = () =>
      (sent ??= new Promise((resolve, reject) => {
        waiting.push({ query: raw, resolve, reject });
        if (waiting.length === 1) setTimeout(flush, 0);
      }));
    return {
      [RAW]: raw,
      // biome-ignore lint/suspicious/noThenProperty: a lazy query is awaited like the driver's own, so it must be a thenable.
      then: (ok?: (v: unknown) => unknown, fail?: (e: unknown) => unknown) => send().then(ok, fail),
      catch: (fail?: (e: unknown) => unknown) => send().catch(fail),
      finally: (done?: () => void) => send().finally(done),
    };
  }) as unknown as Sql["query"];
  // db.batch builds its statements with query() and hands them to transaction(): unwrap them.
  const transaction = ((queries: Array<Query | { [RAW]: Query }>, opts?: object) =>
    sql.transaction(
      queries.map((q) => (RAW in q ? q[RAW] : q)),
      opts as never,
    )) as Sql["transaction"];
  return Object.assign(((...args: Parameters<Sql>) => sql(...args)) as Sql, { query, transaction, unsafe: sql.unsafe });
}

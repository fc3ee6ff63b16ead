import { neon, neonConfig, Pool } from "@neondatabase/serverless";
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

/** Dev/test only (refused in production by config.ts): the local proxy in front of Postgres. */
function useLocalEndpoints(config: Config): void {
  if (config.DB_WS_PROXY) {
    const proxy = config.DB_WS_PROXY;
    // Global in the driver; an isolate serves one configuration, so setting it per request is harmless.
    neonConfig.fetchEndpoint = `http://${proxy}/sql`;
    neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
}

/**
 * One client per request (Workers cannot share sockets between requests). The HTTP path
 * needs nothing closed; the transaction connection, if one was opened, is ended by the
 * caller through `pool.end()` (ctx.waitUntil after the response).
 */
export function createDb(config: Config): RequestDb {
  useLocalEndpoints(config);
  const http = drizzleHttp({ client: neon(config.DATABASE_URL), schema });
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

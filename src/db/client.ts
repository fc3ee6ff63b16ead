import { Pool, neonConfig } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import type { Config } from "../config.ts";
import * as schema from "./schema/index.ts";

export type Db = ReturnType<typeof drizzle<typeof schema>>;
/** The handle inside db.transaction(async (tx) => ...). */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Functions that write as part of a caller's transaction, or on their own, take either. */
export type DbOrTx = Db | Tx;

/**
 * One Pool per request: Workers cannot share sockets between requests, so the
 * pool is made here and ended by the caller through ctx.waitUntil.
 */
export function createDb(config: Config): { db: Db; pool: Pool } {
  if (config.DB_WS_PROXY) {
    // Local development and tests: a plain WebSocket proxy in front of a local Postgres.
    const proxy = config.DB_WS_PROXY;
    neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: 5000 });
  // The driver reports a dropped socket after the work is done; the request has already answered.
  pool.on("error", (err: unknown) => console.error(JSON.stringify({ level: "warn", msg: "db pool error", error: String(err) })));
  return { db: drizzle({ client: pool, schema }), pool };
}

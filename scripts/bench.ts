// npm run bench -- NAME: starts what test/bench/NAME.ts needs (a migrated,
// seeded embedded Postgres and `wrangler dev` on free ports), runs it, stops all.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { applyMigrations } from "./lib/migrate.ts";
import { freePort, StartupError } from "./lib/ports.ts";
import { ensureDatabase, startEmbeddedPostgres, type LocalPostgres } from "./lib/postgres.ts";
import type { DbProxy } from "./lib/db-proxy.ts";
import { requireNode, root, startWorker, type Worker } from "./lib/stack.ts";
import { seedIfEmpty } from "./seed.ts";

export interface BenchContext {
  /** Base URL of a running portal (when the benchmark needs one). */
  url: string;
  databaseUrl: string;
  /** The local database proxy the Worker talks to, with its wire counts (when a worker was started). */
  proxy?: DbProxy;
}

export interface Bench {
  needs: { database: boolean; worker: boolean };
  /** Called after the demo data is loaded, to add what the benchmark measures against. */
  prepare?(databaseUrl: string): Promise<void>;
  run(ctx: BenchContext): Promise<void>;
}

const name = process.argv[2];
const file = name && path.join(root, "test/bench", `${name}.ts`);
let postgres: LocalPostgres | undefined;
let worker: Worker | undefined;
let tmp: string | undefined;

let cleaning: Promise<void> | undefined;
/** Stops what was started, once: a second signal waits for the first cleanup. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await worker?.stop().catch(() => {});
    await postgres?.stop().catch(() => {});
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  })();
  return cleaning;
}
process.on("SIGINT", () => void cleanup().finally(() => process.exit(130)));

let code = 0;
try {
  requireNode();
  if (!file || !existsSync(file)) throw new StartupError(`Usage: npm run bench -- NAME, where test/bench/NAME.ts exists.`);
  const bench: Bench = (await import(pathToFileURL(file).href)).default;
  let databaseUrl = "";
  if (bench.needs.database || bench.needs.worker) {
    tmp = mkdtempSync(path.join(os.tmpdir(), "portal-bench-"));
    postgres = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), port: await freePort(), persistent: false });
    await ensureDatabase(postgres.adminUrl, "portal_bench");
    databaseUrl = postgres.urlFor("portal_bench");
    await applyMigrations(databaseUrl);
    await seedIfEmpty(databaseUrl);
    await bench.prepare?.(databaseUrl);
  }
  if (bench.needs.worker) {
    worker = await startWorker({
      port: await freePort(),
      proxyPort: await freePort(),
      databaseUrl,
      appEnv: "development",
      persistTo: path.join(tmp!, "state"),
    });
  }
  await bench.run({ url: worker?.url ?? "", databaseUrl, proxy: worker?.proxy });
} catch (err) {
  console.error(`✗ ${err instanceof StartupError ? err.message : (err as Error).stack}`);
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);

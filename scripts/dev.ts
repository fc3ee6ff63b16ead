// npm run dev: Postgres (embedded unless DATABASE_URL is set) → migrations →
// demo data when empty → DB proxy → wrangler dev. Ctrl-C stops all of it.
import path from "node:path";
import { applyMigrations } from "./lib/migrate.ts";
import { requireFreePort, StartupError } from "./lib/ports.ts";
import { checkConnection, ensureDatabase, startEmbeddedPostgres, type LocalPostgres } from "./lib/postgres.ts";
import { requireNode, root, startWorker, type Worker } from "./lib/stack.ts";
import { DEMO_LOGINS, seedIfEmpty } from "./seed.ts";
import { putDemoFiles } from "./seed/files.ts";

const APP_PORT = Number(process.env.PORT ?? 8787);
const PROXY_PORT = Number(process.env.DB_PROXY_PORT ?? 8789);
const PG_PORT = Number(process.env.PG_PORT ?? 5433);
const STRIPE_PORT = Number(process.env.STRIPE_STANDIN_PORT ?? 8790);
const PG_DATA = process.env.PG_DATA_DIR ?? path.join(root, ".data/postgres");

const started = Date.now();
let postgres: LocalPostgres | undefined;
let worker: Worker | undefined;
let stopping: Promise<never> | undefined;

/** Stops what was started, once: a second signal (npm forwards one) waits for the first shutdown. */
function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    await worker?.stop().catch(() => {});
    await postgres?.stop().catch(() => {});
    process.exit(code);
  })();
  return stopping;
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  requireNode();
  await requireFreePort(APP_PORT, "the portal", "PORT");
  await requireFreePort(PROXY_PORT, "the local database proxy", "DB_PROXY_PORT");
  await requireFreePort(STRIPE_PORT, "the local Stripe stand-in", "STRIPE_STANDIN_PORT");

  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    await checkConnection(databaseUrl).catch((err: Error) => {
      throw new StartupError(
        `DATABASE_URL could not be used (${err.message}): check the host, port, user, password and database name, or unset it to use the embedded Postgres.`,
      );
    });
    console.log("• Using the Postgres at DATABASE_URL");
  } else {
    await requireFreePort(PG_PORT, "the embedded Postgres", "PG_PORT");
    postgres = await startEmbeddedPostgres({ dataDir: PG_DATA, port: PG_PORT, persistent: true });
    await ensureDatabase(postgres.adminUrl, "portal");
    databaseUrl = postgres.urlFor("portal");
    const where = postgres.dataDir === PG_DATA ? path.relative(root, PG_DATA) || PG_DATA : `${postgres.dataDir}, since the user postgres cannot reach ${PG_DATA}`;
    console.log(`• Embedded PostgreSQL on port ${PG_PORT} (data in ${where})`);
  }

  await applyMigrations(databaseUrl);
  console.log("• Migrations applied");
  if (await seedIfEmpty(databaseUrl)) console.log("• Demo data loaded");
  const files = await putDemoFiles(databaseUrl);
  if (files) console.log(`• ${files} demo event files put into local R2`);

  worker = await startWorker({
    port: APP_PORT,
    proxyPort: PROXY_PORT,
    databaseUrl,
    appEnv: "development",
    inherit: true,
    stripePort: STRIPE_PORT,
  });

  console.log(`
  Member portal ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${worker.url}

  Demo logins (password ${DEMO_LOGINS.password}):
    admin   ${DEMO_LOGINS.admin}
    member  ${DEMO_LOGINS.member}

  Card payments go through a local Stripe stand-in on ${worker.stripe.url} (no account, no network).

  Ctrl-C stops the portal, the database proxy, the Stripe stand-in and Postgres.
`);
} catch (err) {
  const message = err instanceof StartupError ? err.message : `Could not start: ${(err as Error).message}`;
  console.error(`✗ ${message}`);
  await shutdown(1);
}

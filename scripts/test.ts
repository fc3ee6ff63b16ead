// npm test: the guardrails (lint, generated types, both typechecks) in the
// background; the pure tests in plain Node; then a fresh database (embedded Postgres, or a new
// database on TEST_DATABASE_URL's server), migrations, the workerd suite and the
// Node suite (browser walk, tooling checks). Extra arguments filter the vitest
// suites (the guardrails run only in a whole run). One closing line counts all.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDbProxy, type DbProxy } from "./lib/db-proxy.ts";
import { applyMigrations } from "./lib/migrate.ts";
import { freePort, StartupError } from "./lib/ports.ts";
import { dropDatabase, ensureDatabase, startEmbeddedPostgres, type LocalPostgres } from "./lib/postgres.ts";
import { isLocalDatabase, requireNode, root } from "./lib/stack.ts";
import { startStripeStandin, type StripeStandin } from "./lib/stripe-standin.ts";

const args = process.argv.slice(2);
const suites = (process.env.PORTAL_TEST_SUITES ?? "checks,unit,workers,node").split(",");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);

/** The guardrails: each is one pass or fail in the closing line. */
const CHECKS: Array<[name: string, command: string, args: string[]]> = [
  ["lint (biome: import cycles, unused imports, …)", bin("biome"), ["lint", "--error-on-warnings", "--reporter=summary"]],
  ["worker-configuration.d.ts matches wrangler.toml", bin("wrangler"), ["types", "--strict-vars=false", "--env-interface", "Env", "worker-configuration.d.ts", "--check"]],
  ["typecheck: the Worker, without Node's globals", bin("tsc"), ["-p", "tsconfig.json", ...incremental("worker")]],
  ["typecheck: tests and scripts", bin("tsc"), ["-p", "tsconfig.node.json", ...incremental("node")]],
];

/** A second run on the same checkout rechecks only what changed. */
function incremental(name: string): string[] {
  return ["--incremental", "--tsBuildInfoFile", path.join(root, "node_modules/.cache/tsc", `${name}.tsbuildinfo`)];
}

type Counts = { passed: number; failed: number; skipped: number };

/** Starts the checks side by side; awaiting report() prints each one's verdict (and its output when it failed). */
function runChecks(): { report(): Promise<Counts> } {
  const started = Date.now();
  const running = CHECKS.map(
    ([name, command, checkArgs]) =>
      new Promise<{ name: string; ok: boolean; output: string; seconds: number }>((resolve) => {
        const child = spawn(command, checkArgs, { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" } });
        let output = "";
        const done = (ok: boolean) => resolve({ name, ok, output, seconds: (Date.now() - started) / 1000 });
        child.stdout.on("data", (d) => (output += d));
        child.stderr.on("data", (d) => (output += d));
        child.on("error", (err) => {
          output += err.message;
          done(false);
        });
        child.on("exit", (code) => done(code === 0));
      }),
  );
  return {
    async report() {
      const results = await Promise.all(running);
      console.log("\nGuardrails:");
      for (const r of results) {
        console.log(`  ${r.ok ? "✓" : "✗"} ${r.name} (${r.seconds.toFixed(1)} s)`);
        if (!r.ok) console.log(r.output.trim().replace(/^/gm, "    "));
      }
      const failed = results.filter((r) => !r.ok).length;
      return { passed: results.length - failed, failed, skipped: 0 };
    },
  };
}

let postgres: LocalPostgres | undefined;
let proxy: DbProxy | undefined;
let stripe: StripeStandin | undefined;
let tmpDir: string | undefined;
let cleanupDb: (() => Promise<void>) | undefined;

let cleaning: Promise<void> | undefined;
/** Stops what was started, once: a second signal waits for the first cleanup. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await proxy?.close().catch(() => {});
    await stripe?.close().catch(() => {});
    await cleanupDb?.().catch(() => {});
    await postgres?.stop().catch(() => {});
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  })();
  return cleaning;
}

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => void cleanup().finally(() => process.exit(130)));
}

function runVitest(config: string, report: string): Promise<number> {
  rmSync(report, { force: true });
  const vitestArgs = ["run", "-c", config, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`];
  if (args.length) vitestArgs.push("--passWithNoTests", ...args);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), ...vitestArgs], {
      cwd: root,
      stdio: "inherit",
      env: process.env,
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

/** Counts from vitest's JSON report; a run that exited non-zero counts at least one failure. */
function countResults(report: string, exitCode: number): Counts {
  const json = existsSync(report) ? JSON.parse(readFileSync(report, "utf8")) : {};
  const failed = json.numFailedTests ?? 0;
  return {
    passed: json.numPassedTests ?? 0,
    failed: exitCode !== 0 && failed === 0 ? 1 : failed,
    skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
  };
}

/** The signing secret the workerd suite's Worker and stand-in share (vitest.config.ts reads it too). */
const TEST_STRIPE_WEBHOOK_SECRET = "whsec_portal_test_0123456789abcdef";

let exitCode = 1;
try {
  requireNode();
  const results: Counts[] = [];
  // On a whole run the guardrails run in the background, beside the suites; their verdicts print at the end.
  const checks = suites.includes("checks") && !args.length ? runChecks() : undefined;
  if (suites.includes("unit")) {
    const report = path.join(root, "test-results/unit.json");
    results.push(countResults(report, await runVitest("vitest.unit.config.ts", report)));
  }
  if (suites.includes("workers") || suites.includes("node")) await runDatabaseSuites(results);
  if (checks) results.push(await checks.report());
  const total = results.reduce(
    (a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  exitCode = total.failed > 0 ? 1 : 0;
  console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
} catch (err) {
  console.error(`✗ ${err instanceof StartupError ? err.message : (err as Error).stack}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);

/** Postgres (embedded, or a new database on TEST_DATABASE_URL's server), migrations, then the workerd and Node suites. */
async function runDatabaseSuites(results: Counts[]): Promise<void> {
  const dbName = `portal_test_${Date.now()}_${process.pid}`;
  let databaseUrl: string;
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    const admin = new URL(external);
    admin.pathname = "/postgres";
    await ensureDatabase(admin.toString(), dbName);
    cleanupDb = () => dropDatabase(admin.toString(), dbName);
    const url = new URL(external);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  } else {
    tmpDir = mkdtempSync(path.join(os.tmpdir(), "portal-test-pg-"));
    postgres = await startEmbeddedPostgres({ dataDir: path.join(tmpDir, "data"), port: await freePort(), persistent: false });
    await ensureDatabase(postgres.adminUrl, dbName);
    databaseUrl = postgres.urlFor(dbName);
  }
  await applyMigrations(databaseUrl);
  process.env.PORTAL_TEST_DATABASE_URL = databaseUrl;
  if (isLocalDatabase(databaseUrl)) {
    proxy = await startDbProxy(await freePort());
    process.env.PORTAL_TEST_DB_PROXY = `127.0.0.1:${proxy.port}`;
  }

  // The workerd suite pays through a Stripe stand-in; its tests deliver the signed webhooks themselves.
  if (suites.includes("workers")) {
    stripe = await startStripeStandin({ webhookSecret: TEST_STRIPE_WEBHOOK_SECRET });
    process.env.PORTAL_TEST_STRIPE_API_URL = stripe.url;
  }

  for (const [suite, config] of [["workers", "vitest.config.ts"], ["node", "vitest.node.config.ts"]] as const) {
    if (!suites.includes(suite)) continue;
    const report = path.join(root, `test-results/${suite}.json`);
    results.push(countResults(report, await runVitest(config, report)));
  }
}

import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startDbProxy, type DbProxy } from "./db-proxy.ts";
import { DEV_CERTIFICATE_SIGNING_KEY_JSON } from "./dev-certificate-key.ts";
import { startStripeStandin, type StripeStandin } from "./stripe-standin.ts";
import { StartupError } from "./ports.ts";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Node 22.12 is what wrangler and the Workers vitest plugin accept. */
export function requireNode(): void {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  if (major < 22 || (major === 22 && minor < 12)) {
    throw new StartupError(`Node ${process.versions.node} is too old: install Node 22.12 or newer, then run the command again.`);
  }
}

export function isLocalDatabase(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]" || host === "::1";
}

/**
 * Local secrets made once per checkout and kept in .data/, so sessions survive
 * restarts. PASSWORD_PEPPER / TOTP_ENCRYPTION_KEY in the environment win, so the
 * seed and the Worker always hash with the same pepper.
 */
export function localSecrets(): { PASSWORD_PEPPER: string; TOTP_ENCRYPTION_KEY: string; STRIPE_WEBHOOK_SECRET: string } {
  const fromEnv = withoutUndefined({
    PASSWORD_PEPPER: process.env.PASSWORD_PEPPER,
    TOTP_ENCRYPTION_KEY: process.env.TOTP_ENCRYPTION_KEY,
    STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET,
  });
  const file = path.join(root, ".data", "local-secrets.json");
  const stored = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const generated = {
    PASSWORD_PEPPER: randomBytes(32).toString("base64url"),
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    // The local Stripe stand-in signs its webhooks with it (added to older files on first use).
    STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString("hex")}`,
  };
  const missing = Object.keys(generated).filter((k) => !(k in stored) && !(k in fromEnv));
  if (missing.length) {
    mkdirSync(path.dirname(file), { recursive: true });
    const next = { ...stored, ...Object.fromEntries(missing.map((k) => [k, generated[k as keyof typeof generated]])) };
    writeFileSync(file, JSON.stringify(next, null, 2), { mode: 0o600 });
    return { ...next, ...fromEnv };
  }
  return { ...stored, ...fromEnv };
}

/** The secret key the Worker presents to the local Stripe stand-in (which accepts any). */
export const LOCAL_STRIPE_SECRET_KEY = "sk_test_local_standin";

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface Worker {
  url: string;
  proxy: DbProxy | undefined;
  /** The local Stripe stand-in the Worker pays through (its webhooks go to this Worker). */
  stripe: StripeStandin;
  stop(): Promise<void>;
}

/**
 * Starts `wrangler dev` (workerd with local R2 and Durable Objects) in its own
 * process group, so stopping it takes its node and workerd children too.
 * When the database is local, a WebSocket proxy is started for the neon driver.
 */
export async function startWorker(opts: {
  port: number;
  databaseUrl: string;
  proxyPort: number;
  appEnv: "development" | "test";
  persistTo?: string;
  inherit?: boolean;
  extraVars?: Record<string, string>;
  /** Port of the local Stripe stand-in (0 or absent: any free port). */
  stripePort?: number;
}): Promise<Worker> {
  const proxy = isLocalDatabase(opts.databaseUrl) ? await startDbProxy(opts.proxyPort) : undefined;
  const url = `http://localhost:${opts.port}`;
  const secrets = localSecrets();
  const stripe = await startStripeStandin({
    port: opts.stripePort ?? 0,
    webhookSecret: secrets.STRIPE_WEBHOOK_SECRET,
    webhookUrl: `http://127.0.0.1:${opts.port}/stripe/webhook`,
    log: (msg) => console.error(`stripe stand-in: ${msg}`),
  });
  const vars: Record<string, string> = {
    APP_ENV: opts.appEnv,
    PUBLIC_URL: url,
    DATABASE_URL: opts.databaseUrl,
    ...secrets,
    STRIPE_SECRET_KEY: LOCAL_STRIPE_SECRET_KEY,
    STRIPE_API_URL: stripe.url,
    // The published development key (never production); the seed signs with the same one.
    CERTIFICATE_SIGNING_KEY: DEV_CERTIFICATE_SIGNING_KEY_JSON,
    ...(proxy ? { DB_WS_PROXY: `127.0.0.1:${proxy.port}` } : {}),
    ...opts.extraVars,
  };
  const args = [
    path.join(root, "node_modules/wrangler/bin/wrangler.js"),
    "dev",
    "--port", String(opts.port),
    "--ip", "127.0.0.1",
    "--show-interactive-dev-session=false",
    "--log-level", opts.inherit ? "info" : "warn",
    ...(opts.persistTo ? ["--persist-to", opts.persistTo] : []),
    ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    detached: true,
    stdio: opts.inherit ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", NO_COLOR: "1" },
  });
  let output = "";
  child.stdout?.on("data", (d) => (output = (output + d).slice(-20000)));
  child.stderr?.on("data", (d) => (output = (output + d).slice(-20000)));

  const stop = async () => {
    await killGroup(child);
    await proxy?.close();
    await stripe.close();
  };
  try {
    await waitForHttp(`${url}/healthz`, child, 60_000);
  } catch (err) {
    await stop();
    throw new StartupError(`${(err as Error).message}\n${output.trim().split("\n").slice(-15).join("\n")}`);
  }
  return { url, proxy, stripe, stop };
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer ${url} within ${timeoutMs / 1000} s`);
}

/** SIGTERM to the whole process group, SIGKILL if it lingers. */
export async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
  // workerd may outlive the wrangler parent for a moment; make sure the group is empty.
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // group already empty
  }
}

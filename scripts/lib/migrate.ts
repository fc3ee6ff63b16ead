import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { syncSystemRoles } from "../../src/auth/system-roles.ts";
import * as schema from "../../src/db/schema/index.ts";
import { loadZipCodes } from "./zip-codes.ts";
import { carryOverCertifications } from "./carry-certifications.ts";

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../migrations");

/**
 * Applies every migration in migrations/ the database has not seen yet
 * (forward only), then makes sure the permission catalogue and system roles exist and
 * the US ZIP centroids are loaded (scripts/lib/zip-codes.ts).
 */
export async function applyMigrations(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Quiet the NOTICEs Postgres prints for "if not exists" on a re-run.
    await client.query("set client_min_messages = warning");
    // Migrations may rewrite big tables: the database's request-sized timeouts (0007) do not apply here.
    await client.query("set statement_timeout = 0; set lock_timeout = 0");
    const db = drizzle({ client, schema });
    await migrate(db, { migrationsFolder });
    await syncSystemRoles(db);
    await loadZipCodes(client);
    await carryOverCertifications(db, new Date().toLocaleDateString("en-CA", { timeZone: "America/Los_Angeles" }));
  } finally {
    await client.end();
  }
}

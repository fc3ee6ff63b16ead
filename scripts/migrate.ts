// npm run migrate: applies migrations/ to DATABASE_URL (Neon in production).
import { applyMigrations } from "./lib/migrate.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("✗ DATABASE_URL is not set: export the Postgres connection string, then run npm run migrate again.");
  process.exit(1);
}
try {
  await applyMigrations(url);
  console.log("✓ Migrations applied; permission catalogue and system roles in place.");
} catch (err) {
  console.error(`✗ Migration failed, nothing after the failing migration was applied: ${(err as Error).message}`);
  process.exit(1);
}

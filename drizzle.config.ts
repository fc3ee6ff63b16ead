import { defineConfig } from "drizzle-kit";

// generate needs no database; migrate/studio read DATABASE_URL (the app applies
// migrations through scripts/lib/migrate.ts, not drizzle-kit migrate).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema/index.ts",
  out: "./migrations",
  dbCredentials: { url: process.env.DATABASE_URL ?? "" },
  strict: true,
  verbose: true,
});

// Writing seed rows: multi-row INSERTs in chunks (one round trip per ~1000 rows),
// truncating the portal's tables, and counting what is there.
import { getTableColumns, getTableName, is, sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { PgTable } from "drizzle-orm/pg-core";
import * as schema from "../../src/db/schema/index.ts";

export type SeedDb = NodePgDatabase<typeof schema>;
/** A drizzle handle or a transaction on one. */
export type SeedTx = Parameters<Parameters<SeedDb["transaction"]>[0]>[0] | SeedDb;

/** Postgres allows 65,535 bind parameters per statement; stay well under it. */
const MAX_PARAMS = 60_000;

export async function insertRows(tx: SeedTx, table: PgTable, rows: readonly Record<string, unknown>[], chunk = 1000): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.min(chunk, Math.floor(MAX_PARAMS / columns)));
  for (let i = 0; i < rows.length; i += size) {
    await tx.insert(table).values(rows.slice(i, i + size) as never);
  }
}

/** Every table the schema defines, by SQL name. */
export function portalTableNames(): string[] {
  return (Object.values(schema) as unknown[])
    .filter((v): v is PgTable => is(v, PgTable))
    .map((t) => getTableName(t));
}

/** Empties every portal table that exists in the database (not drizzle's migration journal). */
export async function truncatePortalTables(tx: SeedTx): Promise<string[]> {
  const existing = await tx.execute<{ name: string }>(sql`select tablename as name from pg_tables where schemaname = current_schema()`);
  const present = new Set(existing.rows.map((r) => r.name));
  // zip_codes is reference data loaded by the migration step (scripts/lib/zip-codes.ts), not portal data.
  const names = portalTableNames().filter((n) => present.has(n) && n !== "zip_codes");
  if (names.length) await tx.execute(sql.raw(`TRUNCATE ${names.map((n) => `"${n}"`).join(", ")} RESTART IDENTITY CASCADE`));
  return names;
}

export async function countUsers(tx: SeedTx): Promise<number> {
  const r = await tx.execute<{ n: number }>(sql`select count(*)::int as n from users`);
  return r.rows[0]!.n;
}

/** Row counts of every portal table that exists, by SQL name. */
export async function tableCounts(tx: SeedTx): Promise<Record<string, number>> {
  const existing = await tx.execute<{ name: string }>(sql`select tablename as name from pg_tables where schemaname = current_schema()`);
  const present = new Set(existing.rows.map((r) => r.name));
  // zip_codes is reference data loaded by the migration step (scripts/lib/zip-codes.ts), not portal data.
  const names = portalTableNames().filter((n) => present.has(n) && n !== "zip_codes");
  if (!names.length) return {};
  const r = await tx.execute<{ name: string; n: number }>(
    sql.raw(names.map((n) => `select '${n}' as name, count(*)::int as n from "${n}"`).join(" union all ")),
  );
  return Object.fromEntries(r.rows.map((row) => [row.name, row.n]).sort(([a], [b]) => (a! < b! ? -1 : 1)));
}

/** One lock for every seeding path, so two `npm run dev` starts cannot both seed. */
export const SEED_LOCK = sql`select pg_advisory_xact_lock(hashtext('chapter-portal-seed'))`;

type Row = Record<string, unknown>;

/**
 * Writes the demo batches. The permission catalogue and system roles may already be
 * there (applyMigrations runs syncSystemRoles), with ids of their own: those rows are
 * kept, the seed's rows are merged in by name, and every reference is pointed at the
 * id the database actually has.
 */
export async function writeBatches(tx: SeedTx, batches: ReadonlyArray<{ table: PgTable; rows: Row[] }>): Promise<void> {
  const merged = new Set<PgTable>([schema.permissions, schema.roles, schema.rolePermissions]);
  const remap = new Map<string, string>();

  for (const b of batches) {
    if (b.table === schema.permissions) {
      await tx.insert(schema.permissions).values(b.rows as never).onConflictDoNothing({ target: schema.permissions.name });
      const actual = await tx.select({ id: schema.permissions.id, name: schema.permissions.name }).from(schema.permissions);
      const byName = new Map(actual.map((r) => [r.name, r.id]));
      for (const r of b.rows) remap.set(r.id as string, byName.get(r.name as string)!);
    } else if (b.table === schema.roles) {
      await tx.insert(schema.roles).values(b.rows as never).onConflictDoNothing({ target: schema.roles.name });
      const actual = await tx.select({ id: schema.roles.id, name: schema.roles.name }).from(schema.roles);
      const byName = new Map(actual.map((r) => [r.name, r.id]));
      for (const r of b.rows) remap.set(r.id as string, byName.get(r.name as string)!);
    } else if (b.table === schema.rolePermissions) {
      const rows = b.rows.map((r) => ({ ...r, roleId: remap.get(r.roleId as string), permissionId: remap.get(r.permissionId as string) }));
      await tx.insert(schema.rolePermissions).values(rows as never).onConflictDoNothing({ target: [schema.rolePermissions.roleId, schema.rolePermissions.permissionId] });
    } else if (!merged.has(b.table)) {
      if (b.table === schema.userRoles) for (const r of b.rows) r.roleId = remap.get(r.roleId as string) ?? r.roleId;
      if (b.table === schema.announcements) {
        for (const r of b.rows) if (Array.isArray(r.targetGroups)) r.targetGroups = r.targetGroups.map((g: string) => remap.get(g) ?? g);
      }
      await insertRows(tx, b.table, b.rows);
    }
  }
}

// The one-time copy of old-style certifications (users.certifications jsonb) into the
// credentials vault, for a database that had members before the vault existed. Run by
// applyMigrations after the migrations (a data copy, not a schema change, so not a migration:
// it needs the same mapping as the seed, scripts/seed/credentials.ts).
//
// One-time: it copies only while the credentials table is empty — the state migration 0008
// leaves — so once members have any credential it never runs again, and a member who later
// deletes a carried-over credential does not get it back. Idempotent and race-safe: one
// transaction under an advisory lock, and ids derived from (member, certification) inserted
// ON CONFLICT DO NOTHING, so a run interrupted or repeated writes each row once.
// Status: PENDING (EXPIRED when the date has passed). Nothing in the old list was ever
// reviewed as a document, and only a review makes a badge, so admins verify them from the queue.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import * as schema from "../../src/db/schema/index.ts";
import { credentialsFromCertifications } from "../seed/credentials.ts";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** A row id (newId's shape) derived from a stable key. */
export function derivedId(key: string): string {
  const digest = createHash("sha256").update(key).digest();
  let out = "c";
  for (let i = 0; out.length < 25; i++) out += ALPHABET[digest[i]! & 31];
  return out;
}

/** Copies every member's old-style certifications when the vault is still empty. Returns the rows written. */
export async function carryOverCertifications(db: NodePgDatabase<typeof schema>, today: string): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('carry-over-certifications'))`);
    const existing = await tx.execute<{ any: boolean }>(sql`select exists (select 1 from credentials) as any`);
    if (existing.rows[0]?.any) return 0;
    const members = await tx.execute<{ id: string; certifications: unknown }>(
      sql`select id, certifications from users where jsonb_typeof(certifications) = 'array' and jsonb_array_length(certifications) > 0`,
    );
    const rows = members.rows.flatMap((m) =>
      credentialsFromCertifications(m.id, m.certifications, { today, status: () => "PENDING", id: (key) => derivedId(`${m.id}:${key}`) }),
    );
    let written = 0;
    for (let i = 0; i < rows.length; i += 1000) {
      const done = await tx.insert(schema.credentials).values(rows.slice(i, i + 1000)).onConflictDoNothing().returning({ id: schema.credentials.id });
      written += done.length;
    }
    return written;
  });
}

// Reads of the credentials vault. `activeCredentialCondition` / `activeCredentialsOf` are THE
// definition of a badge (verified and not expired today) that the directory, the public
// listing and bid matching reuse; every read here treats a passed expiry day as expired,
// whether or not the cron has written EXPIRED yet.
import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, lt, lte, ne, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { credentials, type Credential, type CredentialType } from "../../db/schema/directory.ts";
import { escapeLike } from "../../db/search.ts";
import type { QueueFilters } from "./forms.ts";
import { addDays, EXPIRES_SOON_DAYS, EXPIRING_TAB_DAYS } from "./rules.ts";

type Reader = Pick<DbOrTx, "select">;

/**
 * SQL true for a credential that counts as a badge on `today` ('YYYY-MM-DD', the chapter's day):
 * VERIFIED, and no expiry day or one not yet passed. Use it in any query over `credentials`.
 */
export function activeCredentialCondition(today: string): SQL {
  return sql`(${credentials.status} = 'VERIFIED' AND (${credentials.expiresOn} IS NULL OR ${credentials.expiresOn} >= ${today}))`;
}

/** SQL true for a credential expired on `today`: marked so, or pending/verified with its day passed. */
export function expiredCredentialCondition(today: string): SQL {
  return sql`(${credentials.status} = 'EXPIRED' OR (${credentials.status} IN ('PENDING', 'VERIFIED') AND ${credentials.expiresOn} < ${today}))`;
}

export interface ActiveCredential {
  id: string;
  userId: string;
  type: CredentialType;
  issuer: string | null;
  number: string | null;
  classification: string | null;
  expiresOn: string | null;
}

/** The badges of these members (verified, unexpired on `today`), grouped by member; members with none are absent. */
export async function activeCredentialsOf(db: Reader, userIds: readonly string[], today: string): Promise<Map<string, ActiveCredential[]>> {
  const byUser = new Map<string, ActiveCredential[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .select({
      id: credentials.id,
      userId: credentials.userId,
      type: credentials.type,
      issuer: credentials.issuer,
      number: credentials.number,
      classification: credentials.classification,
      expiresOn: credentials.expiresOn,
    })
    .from(credentials)
    .where(and(inArray(credentials.userId, [...new Set(userIds)]), activeCredentialCondition(today)))
    .orderBy(asc(credentials.userId), asc(credentials.type), asc(credentials.id));
  for (const row of rows) {
    const list = byUser.get(row.userId) ?? [];
    list.push(row);
    byUser.set(row.userId, list);
  }
  return byUser;
}

/** A member's whole vault, soonest expiry first (no expiry last). */
export function listOwnCredentials(db: Reader, userId: string): Promise<Credential[]> {
  return db
    .select()
    .from(credentials)
    .where(eq(credentials.userId, userId))
    .orderBy(sql`${credentials.expiresOn} ASC NULLS LAST`, asc(credentials.type), asc(credentials.id));
}

/** One credential, only when it belongs to this member (anyone else's reads as missing). */
export async function findOwnCredential(db: Reader, userId: string, id: string): Promise<Credential | null> {
  const [row] = await db
    .select()
    .from(credentials)
    .where(and(eq(credentials.id, id), eq(credentials.userId, userId)))
    .limit(1);
  return row ?? null;
}

/** The home page's warning: this member's credentials expiring within 60 days (not rejected, not long gone). */
export function expiringCredentialsOf(db: Reader, userId: string, today: string): Promise<Credential[]> {
  return db
    .select()
    .from(credentials)
    .where(
      and(
        eq(credentials.userId, userId),
        ne(credentials.status, "REJECTED"),
        isNotNull(credentials.expiresOn),
        gte(credentials.expiresOn, today),
        lte(credentials.expiresOn, addDays(today, EXPIRES_SOON_DAYS)),
      ),
    )
    .orderBy(asc(credentials.expiresOn), asc(credentials.id));
}

// ---------------------------------------------------------------- admin review queue

export interface QueueRow {
  id: string;
  type: CredentialType;
  issuer: string | null;
  number: string | null;
  classification: string | null;
  issuedOn: string | null;
  expiresOn: string | null;
  status: Credential["status"];
  documentName: string | null;
  rejectionReason: string | null;
  reviewedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  userId: string;
  firstName: string;
  lastName: string;
  email: string;
  company: string | null;
}

const queueColumns = {
  id: credentials.id,
  type: credentials.type,
  issuer: credentials.issuer,
  number: credentials.number,
  classification: credentials.classification,
  issuedOn: credentials.issuedOn,
  expiresOn: credentials.expiresOn,
  status: credentials.status,
  documentName: credentials.documentName,
  rejectionReason: credentials.rejectionReason,
  reviewedAt: credentials.reviewedAt,
  createdAt: credentials.createdAt,
  updatedAt: credentials.updatedAt,
  userId: users.id,
  firstName: users.firstName,
  lastName: users.lastName,
  email: users.email,
  company: users.company,
};

function queueWhere(f: QueueFilters, today: string): SQL | undefined {
  const parts: Array<SQL | undefined> = [];
  if (f.tab === "pending") parts.push(and(eq(credentials.status, "PENDING"), or(sql`${credentials.expiresOn} IS NULL`, gte(credentials.expiresOn, today))));
  if (f.tab === "expiring") {
    parts.push(
      inArray(credentials.status, ["PENDING", "VERIFIED"]),
      gte(credentials.expiresOn, today),
      lte(credentials.expiresOn, addDays(today, EXPIRING_TAB_DAYS)),
    );
  }
  if (f.tab === "expired") parts.push(expiredCredentialCondition(today));
  if (f.type) parts.push(eq(credentials.type, f.type));
  if (f.q) {
    const pattern = `%${escapeLike(f.q)}%`;
    parts.push(
      or(
        ilike(sql`${users.firstName} || ' ' || ${users.lastName}`, pattern),
        ilike(users.email, pattern),
        ilike(users.company, pattern),
        ilike(credentials.number, pattern),
        ilike(credentials.issuer, pattern),
      ),
    );
  }
  return and(...parts);
}

/** Pending: oldest first (first come, first reviewed); expiring and expired: by expiry day; all: newest first. */
function queueOrder(f: QueueFilters) {
  if (f.tab === "pending") return [asc(credentials.updatedAt), asc(credentials.id)];
  if (f.tab === "all") return [desc(credentials.updatedAt), asc(credentials.id)];
  return [asc(credentials.expiresOn), asc(credentials.id)];
}

export async function listReviewQueue(db: Reader, f: QueueFilters, page: { limit: number; offset: number }, today: string) {
  const rows = await db
    .select({ ...queueColumns, total: sql<number>`count(*) OVER ()`.mapWith(Number) })
    .from(credentials)
    .innerJoin(users, eq(users.id, credentials.userId))
    .where(queueWhere(f, today))
    .orderBy(...queueOrder(f))
    .limit(page.limit)
    .offset(page.offset);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && page.offset > 0) {
    const [row] = await db.select({ n: count() }).from(credentials).innerJoin(users, eq(users.id, credentials.userId)).where(queueWhere(f, today));
    total = row?.n ?? 0;
  }
  return { rows: rows.map(({ total: _t, ...r }) => r as QueueRow), total };
}

export const CSV_ROW_LIMIT = 10_000;
export function exportReviewQueue(db: Reader, f: QueueFilters, today: string): Promise<QueueRow[]> {
  return db
    .select(queueColumns)
    .from(credentials)
    .innerJoin(users, eq(users.id, credentials.userId))
    .where(queueWhere(f, today))
    .orderBy(...queueOrder(f))
    .limit(CSV_ROW_LIMIT + 1); // one more tells the CSV there are more
}

export type ReviewTarget = Credential & { owner: { id: string; firstName: string; lastName: string; email: string; company: string | null } };

/** One credential with its owner, for the review page and the admin document routes. */
export async function findCredentialForReview(db: Reader, id: string): Promise<ReviewTarget | null> {
  const [row] = await db
    .select({ credential: credentials, owner: { id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email, company: users.company } })
    .from(credentials)
    .innerJoin(users, eq(users.id, credentials.userId))
    .where(eq(credentials.id, id))
    .limit(1);
  return row ? { ...row.credential, owner: row.owner } : null;
}

/** Credentials whose expiry day has passed but are still marked PENDING or VERIFIED. */
export function lapsedCondition(today: string): SQL {
  return and(inArray(credentials.status, ["PENDING", "VERIFIED"]), lt(credentials.expiresOn, today))!;
}

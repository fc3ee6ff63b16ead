// Reads and writes of certificates: the public page's one row, the admin list, revocation.
import { and, count, desc, eq, ilike, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { certificates, type Certificate } from "../../db/schema/learning.ts";
import { escapeLike } from "../../db/search.ts";
import type { CertificateFilters } from "./forms.ts";

type Reader = Pick<DbOrTx, "select">;

/** One certificate by its id (the public page, the download, the verifier's revocation lookup). */
export async function findCertificate(db: Reader, id: string): Promise<Certificate | null> {
  const [row] = await db.select().from(certificates).where(eq(certificates.id, id)).limit(1);
  return row ?? null;
}

export interface CertificateRow {
  id: string;
  userId: string;
  courseId: string;
  recipientName: string;
  email: string;
  courseTitle: string;
  hours: string;
  issuedAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

const listColumns = {
  id: certificates.id,
  userId: certificates.userId,
  courseId: certificates.courseId,
  recipientName: certificates.recipientName,
  email: users.email,
  courseTitle: certificates.courseTitle,
  hours: certificates.hours,
  issuedAt: certificates.issuedAt,
  revokedAt: certificates.revokedAt,
  revokedReason: certificates.revokedReason,
};

function listWhere(f: CertificateFilters): SQL | undefined {
  const parts: Array<SQL | undefined> = [];
  if (f.status === "valid") parts.push(isNull(certificates.revokedAt));
  if (f.status === "revoked") parts.push(isNotNull(certificates.revokedAt));
  if (f.member) {
    const pattern = `%${escapeLike(f.member)}%`;
    parts.push(or(ilike(certificates.recipientName, pattern), ilike(users.email, pattern), ilike(sql`${users.firstName} || ' ' || ${users.lastName}`, pattern)));
  }
  if (f.course) parts.push(ilike(certificates.courseTitle, `%${escapeLike(f.course)}%`));
  return and(...parts);
}

/** The admin list: newest first, with the total for the pager (one query). */
export async function listCertificates(db: Reader, f: CertificateFilters, page: { limit: number; offset: number }) {
  const rows = await db
    .select({ ...listColumns, total: sql<number>`count(*) OVER ()`.mapWith(Number) })
    .from(certificates)
    .innerJoin(users, eq(users.id, certificates.userId))
    .where(listWhere(f))
    .orderBy(desc(certificates.issuedAt), desc(certificates.id))
    .limit(page.limit)
    .offset(page.offset);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && page.offset > 0) {
    const [row] = await db.select({ n: count() }).from(certificates).innerJoin(users, eq(users.id, certificates.userId)).where(listWhere(f));
    total = row?.n ?? 0;
  }
  return { rows: rows.map(({ total: _t, ...r }) => r satisfies CertificateRow), total };
}

export const CSV_ROW_LIMIT = 10_000;

export function exportCertificates(db: Reader, f: CertificateFilters): Promise<CertificateRow[]> {
  return db
    .select(listColumns)
    .from(certificates)
    .innerJoin(users, eq(users.id, certificates.userId))
    .where(listWhere(f))
    .orderBy(desc(certificates.issuedAt), desc(certificates.id))
    .limit(CSV_ROW_LIMIT + 1); // one more tells the CSV there are more
}

// The payments ledger for admins: filters, totals, one payment with its refunds.
import { and, count, desc, eq, gte, ilike, lt, or, sql, sum, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { membershipTiers, payments, sponsorshipPackages, type PaymentStatus, type PaymentType } from "../../db/schema/payments.ts";
import { fromPacificDateInput } from "../../lib/time.ts";

export interface LedgerFilters {
  type: PaymentType | "";
  status: PaymentStatus | "";
  from: string;
  to: string;
  member: string;
}

function where(f: LedgerFilters): SQL | undefined {
  const conds: SQL[] = [];
  if (f.type) conds.push(eq(payments.type, f.type));
  if (f.status) conds.push(eq(payments.status, f.status));
  if (f.from) conds.push(gte(payments.createdAt, fromPacificDateInput(f.from)!));
  if (f.to) conds.push(lt(payments.createdAt, new Date(fromPacificDateInput(f.to)!.getTime() + 86_400_000)));
  if (f.member) {
    const like = `%${f.member.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conds.push(or(ilike(users.email, like), ilike(sql`${users.firstName} || ' ' || ${users.lastName}`, like))!);
  }
  return conds.length ? and(...conds) : undefined;
}

const ROW = {
  id: payments.id,
  type: payments.type,
  status: payments.status,
  amount: payments.amount,
  refundedAmount: payments.refundedAmount,
  description: payments.description,
  createdAt: payments.createdAt,
  processedAt: payments.processedAt,
  stripePaymentId: payments.stripePaymentId,
  referenceId: payments.referenceId,
  userId: payments.userId,
  firstName: users.firstName,
  lastName: users.lastName,
  email: users.email,
};

export async function listLedger(db: Db, f: LedgerFilters, window: { limit: number; offset: number }) {
  const w = where(f);
  const [rows, [totals]] = await Promise.all([
    db.select(ROW).from(payments).innerJoin(users, eq(users.id, payments.userId)).where(w).orderBy(desc(payments.createdAt), desc(payments.id)).limit(window.limit).offset(window.offset),
    db
      .select({
        n: count(),
        collected: sum(sql`case when ${payments.status} in ('COMPLETED', 'REFUNDED') then ${payments.amount} else 0 end`),
        refunded: sum(payments.refundedAmount),
      })
      .from(payments)
      .innerJoin(users, eq(users.id, payments.userId))
      .where(w),
  ]);
  return { rows, total: totals?.n ?? 0, collected: totals?.collected ?? "0", refunded: totals?.refunded ?? "0" };
}

export type LedgerRow = Awaited<ReturnType<typeof listLedger>>["rows"][number];

export async function exportLedger(db: Db, f: LedgerFilters) {
  return db.select(ROW).from(payments).innerJoin(users, eq(users.id, payments.userId)).where(where(f)).orderBy(desc(payments.createdAt)).limit(50_000);
}

export async function listTiers(db: Db) {
  return db.select().from(membershipTiers).orderBy(membershipTiers.price);
}

export async function listPackages(db: Db) {
  return db.select().from(sponsorshipPackages).orderBy(desc(sponsorshipPackages.price));
}

export async function findMemberByEmail(db: Db, email: string) {
  const [u] = await db.select({ id: users.id, email: users.email, firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  return u ?? null;
}

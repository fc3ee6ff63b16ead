// The payments ledger for admins: filters, totals, one payment with its refunds.
import { and, count, desc, eq, gte, ilike, lt, ne, or, sql, sum, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { membershipTiers, payments, sponsorshipPackages, type PaymentStatus, type PaymentType } from "../../db/schema/payments.ts";
import { fromPacificDateInput } from "../../lib/time.ts";
import { instant, netRevenue, paymentReceived, paymentReceivedIn } from "../admin-dashboard/definitions.ts";

export interface LedgerFilters {
  /** OTHER: every type but dues. */
  type: PaymentType | "OTHER" | "";
  status: PaymentStatus | "";
  /** "yes": money received only (the dashboard's revenue), dated by when it was received. */
  received: "yes" | "";
  from: string;
  to: string;
  member: string;
}

function where(f: LedgerFilters): SQL | undefined {
  const conds: SQL[] = [];
  if (f.type === "OTHER") conds.push(ne(payments.type, "MEMBERSHIP"));
  else if (f.type) conds.push(eq(payments.type, f.type));
  if (f.status) conds.push(eq(payments.status, f.status));
  const from = f.from ? fromPacificDateInput(f.from)! : undefined;
  const to = f.to ? new Date(fromPacificDateInput(f.to)!.getTime() + 86_400_000) : undefined;
  if (f.received) conds.push(paymentReceivedIn(from && instant(from), to && instant(to)));
  else {
    if (from) conds.push(gte(payments.createdAt, from));
    if (to) conds.push(lt(payments.createdAt, to));
  }
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
        net: sql<string>`${netRevenue(paymentReceived)}`,
      })
      .from(payments)
      .innerJoin(users, eq(users.id, payments.userId))
      .where(w),
  ]);
  return { rows, total: totals?.n ?? 0, collected: totals?.collected ?? "0", refunded: totals?.refunded ?? "0", net: String(totals?.net ?? "0") };
}

export type LedgerRow = Awaited<ReturnType<typeof listLedger>>["rows"][number];

/** The most payments one CSV holds (it says so when there are more). */
export const LEDGER_CSV_MAX = 50_000;

export async function exportLedger(db: Db, f: LedgerFilters) {
  return db.select(ROW).from(payments).innerJoin(users, eq(users.id, payments.userId)).where(where(f)).orderBy(desc(payments.createdAt), desc(payments.id)).limit(LEDGER_CSV_MAX + 1);
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

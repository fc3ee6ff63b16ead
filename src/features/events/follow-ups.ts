// The Postgres writes a decided seat owes (the member's email, the payment's state), as data:
// the route writes them right after the EventCapacity object's decision, and when Postgres
// cannot take them then, hands them to the object, which keeps them in its own storage and
// writes them with its write-through once Postgres is back (capacity.ts oweFollowUps). Either
// way the same rows, by the same ids: written once however often they are tried.
import { and, eq, ne, or, sql } from "drizzle-orm";
import * as z from "zod";
import type { Db } from "../../db/client.ts";
import { emailOutbox } from "../../db/schema/auth.ts";
import { payments } from "../../db/schema/payments.ts";

export const followUpsSchema = z.object({
  label: z.enum(["registration", "cancellation"]),
  registrationId: z.string().min(1),
  /** Cancel PENDING payments of this registration except this one (the held seat's); null = all; "none" = keep all. */
  cancelPaymentsExcept: z.string().min(1).nullable(),
  /** This attempt's own payment, which may name another registration id when a concurrent attempt won. */
  ownPaymentId: z.string().min(1).nullable().optional(),
  email: z
    .object({
      id: z.string().min(1),
      to: z.string().min(1),
      subject: z.string(),
      text: z.string(),
      kind: z.string().min(1),
      userId: z.string().min(1).nullable().optional(),
    })
    .nullable(),
});
export type FollowUps = z.infer<typeof followUpsSchema>;

/** One HTTP request, one transaction: the payments settled and the email queued together. */
export async function writeFollowUps(db: Db, f: FollowUps): Promise<void> {
  const cancelPayments = db
    .update(payments)
    .set({ status: "CANCELLED" })
    .where(
      and(
        eq(payments.type, "EVENT_REGISTRATION"),
        eq(payments.status, "PENDING"),
        f.ownPaymentId ? or(eq(payments.referenceId, f.registrationId), eq(payments.id, f.ownPaymentId)) : eq(payments.referenceId, f.registrationId),
        f.cancelPaymentsExcept === null ? undefined : f.cancelPaymentsExcept === "none" ? sql`false` : ne(payments.id, f.cancelPaymentsExcept),
      ),
    );
  if (!f.email) return void (await cancelPayments);
  const { id, to, subject, text, kind, userId } = f.email;
  await db.batch([
    cancelPayments,
    db.insert(emailOutbox).values({ id, toAddress: to, subject, textBody: text, kind, userId: userId ?? null }).onConflictDoNothing(),
  ]);
}

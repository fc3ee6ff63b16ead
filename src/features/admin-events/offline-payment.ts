// Recording a payment taken offline (cash or check at the door, or by the office) for a
// held seat: the payment row is completed, audited, and the seat confirmed through the
// event's capacity object, all or nothing. A workflow of its own so the attendees screen,
// and later a card-payment webhook or a cron, call the same steps.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { Event } from "../../db/schema/events.ts";
import { payments } from "../../db/schema/payments.ts";
import { type AuditActor, recordAdminAction } from "../../lib/audit.ts";
import { fullName } from "../../../templates/admin/parts.tsx";
import { confirmSeat } from "../events/capacity.ts";
import type { AttendeeRow } from "./queries.ts";
import { ActionRefused } from "./rules.ts";

export type OfflinePaymentOutcome = { paid: true } | { refused: string };

/** The caller has checked that `reg` owes a payment; `reference` is the check number or "cash". */
export async function recordOfflinePayment(
  db: Db,
  env: Env,
  actor: AuditActor,
  event: Event,
  reg: AttendeeRow,
  reference: string,
): Promise<OfflinePaymentOutcome> {
  // The seat will point at this payment. It must be committed before the object writes that
  // pointer (a foreign key to a row still being inserted would wait on this transaction).
  let paymentId = reg.payment?.status === "PENDING" ? reg.payment.id : null;
  if (!paymentId) {
    const [made] = await db
      .insert(payments)
      .values({
        userId: reg.userId,
        type: "EVENT_REGISTRATION",
        status: "PENDING",
        amount: reg.amount!,
        description: `Registration: ${event.title}`,
        referenceId: reg.id,
        details: { eventId: event.id, registrationId: reg.id },
      })
      .returning({ id: payments.id });
    paymentId = made!.id;
  }
  return db
    .transaction(async (tx) => {
      // NO KEY UPDATE: the object's write-through checks the foreign key to this row meanwhile.
      const [p] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("no key update");
      if (p?.status !== "PENDING") throw new ActionRefused("This payment was already processed.");
      await tx
        .update(payments)
        .set({
          status: "COMPLETED",
          processedAt: new Date(),
          description: `${p.description ?? `Registration: ${event.title}`} (paid offline: ${reference})`,
          // The event names the seat a refund releases; the reference marks it as not a card payment
          // (a pending row may carry the Checkout Session the member started and left).
          details: { ...p.details, eventId: event.id, registrationId: reg.id, offlineReference: reference },
        })
        .where(eq(payments.id, p.id));
      await recordAdminAction(tx, actor, {
        action: "PAYMENT_PROCESSED",
        targetUserId: reg.userId,
        details: `Offline payment of ${p.amount} for ${event.title} recorded (${reference})`,
        before: { status: "PENDING" },
        after: { status: "COMPLETED", reference },
        extra: { eventId: event.id, registrationId: reg.id, paymentId: p.id, amount: p.amount },
      });
      // The last step before commit: if the object will not confirm the seat, nothing above is kept.
      const seat = await confirmSeat(env, event.id, reg.userId, p.id);
      if (seat.outcome === "expired") {
        throw new ActionRefused(`The hold on ${fullName(reg)}'s seat ran out before this payment; the seat went back. Nothing was recorded.`);
      }
      if (seat.outcome === "not-held") throw new ActionRefused(`${fullName(reg)} has no seat to confirm (on the waitlist or cancelled). Nothing was recorded.`);
      return { paid: true as const };
    })
    .catch((err: unknown) => {
      if (err instanceof ActionRefused) return { refused: err.message };
      throw err;
    });
}

import type { PaymentStatus, PaymentType } from "../../src/db/schema/payments.ts";
import { formatUsd, toCents } from "../../src/lib/money.ts";

export const TYPE_LABEL: Record<PaymentType, string> = {
  MEMBERSHIP: "Membership dues",
  EVENT_REGISTRATION: "Event registration",
  SPONSORSHIP: "Sponsorship",
  DONATION: "Donation",
  TRAINING: "Course fee",
};

export const STATUS_LABEL: Record<PaymentStatus, string> = {
  PENDING: "Awaiting payment",
  PROCESSING: "Processing",
  COMPLETED: "Paid",
  FAILED: "Failed",
  REFUNDED: "Refunded",
  CANCELLED: "Cancelled",
};

/** "$600.00", "$600.00 ($100.00 refunded)" */
export function Amount(props: { amount: string; refunded?: string }) {
  const refunded = props.refunded ? toCents(props.refunded) : 0;
  return (
    <>
      {formatUsd(toCents(props.amount))}
      {refunded > 0 && <span class="hint"> ({formatUsd(refunded)} refunded)</span>}
    </>
  );
}

/** A one-time id in each payment form: the same form sent twice pays once. */
export function AttemptField(props: { attempt: string }) {
  return <input type="hidden" name="attempt" value={props.attempt} />;
}

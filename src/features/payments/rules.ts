// Payments: the pure rules (no I/O). Dues status and arithmetic, reminders, refunds,
// how long a Checkout Session for a held seat lives.

export type MembershipStatus = "active" | "grace" | "lapsed" | "none";

export interface DuesMember {
  membershipExpiresAt: Date | null;
  /** Set once someone has paid dues (a tier on file); a member with neither has never joined. */
  membershipTierId: string | null;
}

const DAY_MS = 86_400_000;

/**
 * active: before the expiry (or no expiry: lifetime / granted by an admin); grace: up to
 * graceDays after it, still a member while the renewal is sorted out; lapsed: past the grace
 * period. "none": never joined (no tier, no expiry) is treated as active by the events'
 * isActiveMember today, so only members with an expiry can lapse.
 */
export function membershipStatus(m: DuesMember, now: Date, graceDays: number): MembershipStatus {
  if (m.membershipExpiresAt === null) return m.membershipTierId ? "active" : "none";
  const t = now.getTime();
  const end = m.membershipExpiresAt.getTime();
  if (t < end) return "active";
  if (t < end + graceDays * DAY_MS) return "grace";
  return "lapsed";
}

/** When the grace period ends (the membership lapses); null without an expiry. */
export function lapsesAt(m: Pick<DuesMember, "membershipExpiresAt">, graceDays: number): Date | null {
  return m.membershipExpiresAt ? new Date(m.membershipExpiresAt.getTime() + graceDays * DAY_MS) : null;
}

/**
 * A paid term adds the tier's months from the later of now and the current expiry: renewing
 * early loses no days; renewing after a lapse starts today.
 */
export function extendExpiry(current: Date | null, now: Date, months: number): Date {
  const from = current && current.getTime() > now.getTime() ? current : now;
  return addMonths(from, months);
}

/** Calendar months in UTC, the day clamped to the month's end (Jan 31 + 1 → Feb 28/29). */
export function addMonths(d: Date, months: number): Date {
  const out = new Date(d.getTime());
  const day = out.getUTCDate();
  out.setUTCDate(1);
  out.setUTCMonth(out.getUTCMonth() + months);
  const last = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate();
  out.setUTCDate(Math.min(day, last));
  return out;
}

export const REMINDER_DAYS = [30, 7] as const;
export type ReminderDay = (typeof REMINDER_DAYS)[number];

/**
 * The reminder due now for a member without auto-renewal: the 7-day one inside a week of
 * the expiry, the 30-day one inside 30 days; none after the expiry or with auto-renewal.
 * Each is sent once (the caller names the email by member, expiry and day).
 */
export function reminderDue(m: { membershipExpiresAt: Date | null; autoRenew: boolean }, now: Date): ReminderDay | null {
  if (!m.membershipExpiresAt || m.autoRenew) return null;
  const left = m.membershipExpiresAt.getTime() - now.getTime();
  if (left <= 0) return null;
  if (left <= 7 * DAY_MS) return 7;
  if (left <= 30 * DAY_MS) return 30;
  return null;
}

/** Stripe's bounds on a Checkout Session's expires_at. */
export const CHECKOUT_MIN_MS = 30 * 60_000;
export const CHECKOUT_MAX_MS = 24 * 3_600_000;

/**
 * A held seat's Checkout Session ends with the hold, but Stripe needs at least 30 minutes
 * (and at most 24 h): a payment made after the hold lapsed is handled as a late payment.
 * Seconds since the epoch, with a minute of slack on the lower bound for the request's flight.
 */
export function checkoutExpiry(holdExpiresAt: Date | null, now: Date): number {
  const min = now.getTime() + CHECKOUT_MIN_MS + 60_000;
  const max = now.getTime() + CHECKOUT_MAX_MS - 60_000;
  const want = holdExpiresAt ? holdExpiresAt.getTime() : max;
  return Math.floor(Math.min(max, Math.max(min, want)) / 1000);
}

export type RefundCheck = { ok: true; cents: number; full: boolean } | { ok: false; message: string };

/** A refund of `cents` (null: the rest) of a payment of `amountCents` of which `refundedCents` went back already. */
export function checkRefund(p: { status: string; amountCents: number; refundedCents: number }, cents: number | null): RefundCheck {
  if (p.status !== "COMPLETED") return { ok: false, message: "Only a completed payment can be refunded." };
  const left = p.amountCents - p.refundedCents;
  if (left <= 0) return { ok: false, message: "This payment was already refunded in full." };
  const want = cents ?? left;
  if (want <= 0) return { ok: false, message: "Enter an amount above $0.00." };
  if (want > left) return { ok: false, message: `At most ${(left / 100).toFixed(2)} can still be refunded.` };
  return { ok: true, cents: want, full: want === left };
}

/**
 * Paid through Stripe (Checkout or a subscription invoice), as opposed to a check or cash the
 * office recorded: only such a payment is refunded to a card, and only through its PaymentIntent.
 */
export function paidByCard(p: { stripePaymentId: string | null; stripeCheckoutSessionId: string | null; stripeInvoiceId: string | null; details: { offlineReference?: string } | null }): boolean {
  if (p.details?.offlineReference) return false;
  return p.stripePaymentId !== null || p.stripeCheckoutSessionId !== null || p.stripeInvoiceId !== null;
}

/**
 * Why a dues Checkout is refused, or null. While dues renew automatically, a second subscription
 * for the same tier would charge twice, and a one-term payment beside the subscription would
 * pay for a term the subscription charges anyway: renewal is managed in Stripe's customer portal.
 * (Changing tier with a new subscription is allowed: the old one is cancelled when it starts.)
 */
export function duesCheckoutRefusal(member: { autoRenewing: boolean; tierId: string | null }, tier: { id: string; name: string }, term: "subscription" | "term"): string | null {
  if (!member.autoRenewing) return null;
  if (term === "term") {
    return 'Your membership already renews automatically by card, so a one-term payment would pay twice. To pay differently, first stop automatic renewal with "Update card or cancel renewal" (Stripe\'s customer portal).';
  }
  if (member.tierId === tier.id) {
    return `Your ${tier.name} membership already renews automatically: there is nothing to pay now. To change the card or stop renewing, use "Update card or cancel renewal".`;
  }
  return null;
}

export type SeatPaymentNotice = { tone: "good" | "info" | "bad"; text: string };

/**
 * What the event page tells a member back from Checkout (?paid=1), from their seat payment:
 * the seat confirmed, or — for a payment that came after the hold lapsed — a free seat taken
 * or the money refunded; still on its way while Stripe's event has not arrived.
 */
export function seatPaymentNotice(p: { status: string; details: { lateOutcome?: "seat" | "refunded" } | null } | null): SeatPaymentNotice | null {
  if (!p) return null;
  const late = p.details?.lateOutcome;
  if (p.status === "REFUNDED" && late === "refunded") {
    return {
      tone: "bad",
      text: "Your payment came after the hold on your seat ran out, and the event was full by then, so we refunded it in full to your card (it shows within 5–10 business days). You can join the waitlist below.",
    };
  }
  if (p.status === "COMPLETED" && late === "seat") {
    return { tone: "good", text: "Your payment came after the hold on your seat ran out, but a seat was still free, so it is yours: you are registered. We emailed you the details." };
  }
  if (p.status === "COMPLETED") return { tone: "good", text: "Payment received: your seat is confirmed. Your receipt is on its way by email." };
  if (p.status === "PENDING" || p.status === "PROCESSING") {
    return { tone: "info", text: "Thank you: your payment is on its way. Your seat is confirmed as soon as Stripe tells us (usually a few seconds); reload this page to see it." };
  }
  if (p.status === "FAILED") return { tone: "bad", text: "Your payment did not go through. If your seat is still held, pay again below." };
  return null;
}

/** Donations: whole cents between $1 and $100,000. */
export const DONATION_MIN_CENTS = 100;
export const DONATION_MAX_CENTS = 10_000_000;

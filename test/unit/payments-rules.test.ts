import { describe, expect, it } from "vitest";
import { addMonths, checkoutExpiry, checkRefund, extendExpiry, lapsesAt, membershipStatus, reminderDue } from "../../src/features/payments/rules.ts";

const DAY = 86_400_000;
const now = new Date("2026-12-01T20:00:00Z");

describe("membershipStatus", () => {
  it("is active before the expiry, in grace for graceDays after it, lapsed after that", () => {
    const m = (days: number) => ({ membershipExpiresAt: new Date(now.getTime() + days * DAY), membershipTierId: "t" });
    expect(membershipStatus(m(1), now, 14)).toBe("active");
    expect(membershipStatus(m(-1), now, 14)).toBe("grace");
    expect(membershipStatus(m(-13.9), now, 14)).toBe("grace");
    expect(membershipStatus(m(-14), now, 14)).toBe("lapsed");
    expect(membershipStatus(m(-1), now, 0)).toBe("lapsed");
  });

  it("treats no expiry as active with a tier (lifetime) and as never joined without one", () => {
    expect(membershipStatus({ membershipExpiresAt: null, membershipTierId: "t" }, now, 14)).toBe("active");
    expect(membershipStatus({ membershipExpiresAt: null, membershipTierId: null }, now, 14)).toBe("none");
  });

  it("says when the grace ends", () => {
    expect(lapsesAt({ membershipExpiresAt: now }, 14)?.getTime()).toBe(now.getTime() + 14 * DAY);
    expect(lapsesAt({ membershipExpiresAt: null }, 14)).toBeNull();
  });
});

describe("extendExpiry", () => {
  it("adds the term to a running membership's end, so renewing early loses no days", () => {
    const end = new Date("2027-03-15T07:59:00Z");
    expect(extendExpiry(end, now, 12).toISOString()).toBe("2028-03-15T07:59:00.000Z");
  });

  it("starts from now when the membership has ended or never began", () => {
    expect(extendExpiry(new Date("2026-01-01T00:00:00Z"), now, 12).toISOString()).toBe("2027-12-01T20:00:00.000Z");
    expect(extendExpiry(null, now, 1).toISOString()).toBe("2027-01-01T20:00:00.000Z");
  });

  it("clamps to the end of a shorter month", () => {
    expect(addMonths(new Date("2027-01-31T12:00:00Z"), 1).toISOString()).toBe("2027-02-28T12:00:00.000Z");
    expect(addMonths(new Date("2028-01-31T12:00:00Z"), 1).toISOString()).toBe("2028-02-29T12:00:00.000Z");
  });
});

describe("reminderDue", () => {
  const at = (days: number, autoRenew = false) => ({ membershipExpiresAt: new Date(now.getTime() + days * DAY), autoRenew });
  it("is 30 within 30 days, 7 within a week, none further out, after the end, or with auto-renewal", () => {
    expect(reminderDue(at(31), now)).toBeNull();
    expect(reminderDue(at(30), now)).toBe(30);
    expect(reminderDue(at(8), now)).toBe(30);
    expect(reminderDue(at(7), now)).toBe(7);
    expect(reminderDue(at(0.5), now)).toBe(7);
    expect(reminderDue(at(-1), now)).toBeNull();
    expect(reminderDue(at(5, true), now)).toBeNull();
    expect(reminderDue({ membershipExpiresAt: null, autoRenew: false }, now)).toBeNull();
  });
});

describe("checkoutExpiry", () => {
  it("ends with the hold, but never sooner than Stripe's 30 minutes nor later than 24 hours", () => {
    const s = (ms: number) => checkoutExpiry(new Date(now.getTime() + ms), now) * 1000 - now.getTime();
    expect(s(45 * 60_000)).toBe(45 * 60_000);
    expect(s(5 * 60_000)).toBe(31 * 60_000);
    expect(s(72 * 3_600_000)).toBe(24 * 3_600_000 - 60_000);
  });
});

describe("checkRefund", () => {
  const p = { status: "COMPLETED", amountCents: 10_000, refundedCents: 2_500 };
  it("refunds the rest by default and at most the rest", () => {
    expect(checkRefund(p, null)).toEqual({ ok: true, cents: 7_500, full: true });
    expect(checkRefund(p, 1_000)).toEqual({ ok: true, cents: 1_000, full: false });
    expect(checkRefund(p, 7_501).ok).toBe(false);
    expect(checkRefund(p, 0).ok).toBe(false);
  });
  it("refuses a payment not completed or already refunded in full", () => {
    expect(checkRefund({ ...p, status: "PENDING" }, null).ok).toBe(false);
    expect(checkRefund({ ...p, refundedCents: 10_000 }, null).ok).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import type { EventStatus } from "../../src/db/schema/events.ts";
import {
  canCancel,
  canRegister,
  canTransition,
  checkCapacityChange,
  isActiveMember,
  nextStatuses,
  priceFor,
  promotionEmail,
  reservationFor,
  seatsLeft,
  type PricedEvent,
  type PricedMember,
} from "../../src/features/events/rules.ts";
import { formatUsd, fromCents, toCents } from "../../src/lib/money.ts";

const NOW = new Date("2027-03-01T12:00:00Z");
const LATER = new Date("2027-03-10T12:00:00Z");
const EARLIER = new Date("2027-02-20T12:00:00Z");
/** Dues grace days: EARLIER is 9 days before NOW, so a membership that ended then has lapsed. */
const GRACE = 7;

const activeMember: PricedMember = { membershipExpiresAt: LATER, deletedAt: null, isActive: true };
const lapsedMember: PricedMember = { membershipExpiresAt: EARLIER, deletedAt: null, isActive: true };

const event = (o: Partial<PricedEvent> = {}): PricedEvent => ({
  price: "100.00",
  memberPrice: "60.00",
  earlyBirdPrice: "80.00",
  earlyBirdDeadline: LATER,
  ...o,
});

describe("money", () => {
  it("converts numeric strings to cents and back without float error", () => {
    expect(toCents("12.50")).toBe(1250);
    expect(toCents("0.29")).toBe(29);
    expect(toCents("12.5")).toBe(1250);
    expect(toCents("7")).toBe(700);
    expect(fromCents(1250)).toBe("12.50");
    expect(fromCents(5)).toBe("0.05");
    expect(fromCents(0)).toBe("0.00");
    expect(formatUsd(123456)).toBe("$1,234.56");
    expect(formatUsd(0)).toBe("Free");
  });

  it("refuses what is not an amount", () => {
    expect(() => toCents("12.345")).toThrow(RangeError);
    expect(() => toCents("-1")).toThrow(RangeError);
    expect(() => toCents("abc")).toThrow(RangeError);
    expect(() => fromCents(1.5)).toThrow(RangeError);
    expect(() => fromCents(-100)).toThrow(RangeError);
  });
});

describe("priceFor", () => {
  it("gives an active member the member price", () => {
    expect(priceFor(event({ earlyBirdDeadline: EARLIER }), activeMember, NOW, GRACE)).toMatchObject({ cents: 6000, rule: "member" });
  });

  it("treats a membership with no end date as active, and a lapsed, deleted or disabled one as not", () => {
    expect(isActiveMember({ membershipExpiresAt: null, deletedAt: null, isActive: true }, NOW, GRACE)).toBe(true);
    expect(isActiveMember(lapsedMember, NOW, GRACE)).toBe(false);
    expect(isActiveMember({ membershipExpiresAt: null, deletedAt: EARLIER, isActive: true }, NOW, GRACE)).toBe(false);
    expect(isActiveMember({ membershipExpiresAt: null, deletedAt: null, isActive: false }, NOW, GRACE)).toBe(false);
    expect(isActiveMember(null, NOW, GRACE)).toBe(false);
    // Past the end and past the grace period: lapsed.
    expect(isActiveMember({ membershipExpiresAt: new Date(NOW.getTime() - GRACE * 86_400_000), deletedAt: null, isActive: true }, NOW, GRACE)).toBe(false);
  });

  it("keeps member prices through the dues grace period, until the membership lapses", () => {
    const endedYesterday: PricedMember = { membershipExpiresAt: new Date(NOW.getTime() - 86_400_000), deletedAt: null, isActive: true };
    expect(isActiveMember(endedYesterday, NOW, GRACE)).toBe(true);
    expect(priceFor(event({ earlyBirdDeadline: EARLIER }), endedYesterday, NOW, GRACE)).toMatchObject({ cents: 6000, rule: "member" });
    expect(isActiveMember(endedYesterday, NOW, 0)).toBe(false);
    expect(priceFor(event({ earlyBirdDeadline: EARLIER }), endedYesterday, NOW, 0)).toMatchObject({ cents: 10000, rule: "standard" });
  });

  it("gives the early-bird price strictly before its deadline", () => {
    expect(priceFor(event(), lapsedMember, NOW, GRACE)).toMatchObject({ cents: 8000, rule: "early-bird", until: LATER });
    expect(priceFor(event({ earlyBirdDeadline: NOW }), null, NOW, GRACE)).toMatchObject({ cents: 10000, rule: "standard" });
  });

  it("ignores an early-bird price that has no deadline", () => {
    expect(priceFor(event({ earlyBirdDeadline: null }), null, NOW, GRACE)).toMatchObject({ cents: 10000, rule: "standard" });
  });

  it("charges the standard price otherwise", () => {
    expect(priceFor(event({ earlyBirdDeadline: EARLIER }), lapsedMember, NOW, GRACE)).toMatchObject({ cents: 10000, rule: "standard" });
    expect(priceFor(event({ memberPrice: null, earlyBirdPrice: null }), activeMember, NOW, GRACE)).toMatchObject({ rule: "standard" });
  });

  it("picks the lowest applicable price, so a member never pays more than a visitor", () => {
    const cheapEarlyBird = event({ memberPrice: "90.00", earlyBirdPrice: "70.00" });
    expect(priceFor(cheapEarlyBird, activeMember, NOW, GRACE)).toMatchObject({ cents: 7000, rule: "early-bird" });
    // A tie goes to the member price.
    expect(priceFor(event({ memberPrice: "80.00" }), activeMember, NOW, GRACE)).toMatchObject({ cents: 8000, rule: "member" });
  });

  it("says free when the event costs nothing", () => {
    const price = priceFor(event({ price: "0", memberPrice: null, earlyBirdPrice: null }), activeMember, NOW, GRACE);
    expect(price).toMatchObject({ cents: 0, rule: "free" });
    expect(price.why).toMatch(/free/i);
  });

  it("explains the rule that applied", () => {
    expect(priceFor(event(), activeMember, NOW, GRACE).why).toMatch(/member/i);
    expect(priceFor(event(), null, NOW, GRACE).why).toMatch(/early-bird/i);
  });
});

describe("canRegister and canCancel", () => {
  const open = { status: "REGISTRATION_OPEN" as EventStatus, startDate: LATER, registrationDeadline: LATER, deletedAt: null };

  it("allows an open event before its deadline", () => {
    expect(canRegister(open, NOW)).toEqual({ ok: true });
  });

  it("refuses an event that is not open, or deleted", () => {
    for (const status of ["DRAFT", "PUBLISHED", "REGISTRATION_CLOSED", "IN_PROGRESS", "COMPLETED", "CANCELLED"] as const) {
      expect(canRegister({ ...open, status }, NOW)).toMatchObject({ ok: false, reason: "not-open" });
    }
    expect(canRegister({ ...open, deletedAt: EARLIER }, NOW)).toMatchObject({ ok: false, reason: "not-open" });
  });

  it("refuses after the registration deadline or the start", () => {
    expect(canRegister({ ...open, registrationDeadline: EARLIER }, NOW)).toMatchObject({ ok: false, reason: "deadline-passed" });
    expect(canRegister({ ...open, startDate: NOW, registrationDeadline: null }, NOW)).toMatchObject({ ok: false, reason: "started" });
    expect(canRegister({ ...open, registrationDeadline: null }, NOW)).toEqual({ ok: true });
  });

  it("allows cancelling only before the start of a live event", () => {
    expect(canCancel(open, NOW)).toEqual({ ok: true });
    expect(canCancel({ ...open, startDate: EARLIER }, NOW)).toMatchObject({ ok: false, reason: "started" });
    expect(canCancel({ ...open, status: "CANCELLED" }, NOW)).toMatchObject({ ok: false, reason: "final" });
  });
});

describe("event lifecycle", () => {
  const chain: EventStatus[] = ["DRAFT", "PUBLISHED", "REGISTRATION_OPEN", "REGISTRATION_CLOSED", "IN_PROGRESS", "COMPLETED"];

  it("walks the chain forward one step at a time", () => {
    for (let i = 0; i + 1 < chain.length; i++) expect(canTransition(chain[i]!, chain[i + 1]!)).toBe(true);
    expect(canTransition("DRAFT", "REGISTRATION_OPEN")).toBe(false);
    expect(canTransition("PUBLISHED", "COMPLETED")).toBe(false);
    expect(canTransition("COMPLETED", "IN_PROGRESS")).toBe(false);
    expect(canTransition("IN_PROGRESS", "REGISTRATION_OPEN")).toBe(false);
  });

  it("may reopen a closed registration", () => {
    expect(canTransition("REGISTRATION_CLOSED", "REGISTRATION_OPEN")).toBe(true);
  });

  it("cancels from any state that is not final, and nothing leaves a final state", () => {
    for (const s of chain.slice(0, -1)) expect(canTransition(s, "CANCELLED")).toBe(true);
    expect(nextStatuses("COMPLETED")).toEqual([]);
    expect(nextStatuses("CANCELLED")).toEqual([]);
    expect(canTransition("CANCELLED", "DRAFT")).toBe(false);
  });
});

describe("seats", () => {
  const counts = { capacity: 10, confirmed: 6, held: 2, waitlisted: 0 };

  it("counts held seats as taken", () => {
    expect(seatsLeft(counts)).toBe(2);
    expect(seatsLeft({ ...counts, confirmed: 8 })).toBe(0);
    expect(seatsLeft({ ...counts, capacity: null })).toBeNull();
  });

  it("confirms free seats, holds paid ones, waitlists when full or when others wait", () => {
    expect(reservationFor(counts, false, 0)).toBe("CONFIRMED");
    expect(reservationFor(counts, true, 2500)).toBe("HELD");
    expect(reservationFor(counts, true, 0)).toBe("CONFIRMED");
    expect(reservationFor({ ...counts, confirmed: 8 }, false, 0)).toBe("WAITLISTED");
    expect(reservationFor({ ...counts, waitlisted: 1 }, false, 0)).toBe("WAITLISTED");
    expect(reservationFor({ ...counts, capacity: null, confirmed: 1e6 }, false, 0)).toBe("CONFIRMED");
  });

  it("refuses to lower capacity below the seats taken, with the numbers", () => {
    const refusal = checkCapacityChange(7, counts);
    expect(refusal).toMatchObject({ ok: false, reason: "below-taken" });
    expect(!refusal.ok && refusal.message).toMatch(/Cannot lower capacity to 7: 8 seats are already taken \(6 confirmed, 2 held/);
    expect(checkCapacityChange(8, counts)).toEqual({ ok: true });
    expect(checkCapacityChange(null, counts)).toEqual({ ok: true });
    expect(checkCapacityChange(-1, counts)).toMatchObject({ ok: false, reason: "invalid" });
    expect(checkCapacityChange(2.5, counts)).toMatchObject({ ok: false, reason: "invalid" });
  });
});

describe("promotion email", () => {
  const base = { firstName: "Ana", eventTitle: "Bid Day", eventUrl: "https://p.example/events/e1", holdExpiresAt: null, amountCents: 0 };

  it("tells a promoted member of a free event they are in", () => {
    const mail = promotionEmail({ ...base, status: "CONFIRMED" });
    expect(mail.subject).toBe("You're in: Bid Day");
    expect(mail.text).toContain("https://p.example/events/e1");
  });

  it("tells a promoted member of a paid event what to pay and by when", () => {
    const mail = promotionEmail({ ...base, status: "HELD", amountCents: 4500, holdExpiresAt: LATER });
    expect(mail.text).toContain("$45.00");
    expect(mail.text).toContain(LATER.toUTCString());
  });
});

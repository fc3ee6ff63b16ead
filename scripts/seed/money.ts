// Membership tiers and every payment the other data implies: dues that match each
// member's expiry date, paid event registrations, course fees, sponsorships, donations.
import type { NewMembershipTier, NewPayment, PaymentStatus } from "../../src/db/schema/index.ts";
import type { SponsorshipPackage } from "../../src/db/schema/payments.ts";
import type { CourseInfo } from "./courses.ts";
import type { EventInfo, NewRegistration } from "./events.ts";
import type { Member, TierName } from "./members.ts";
import type { Rng } from "./random.ts";
import { Clock } from "./time.ts";

export const TIERS: ReadonlyArray<{ name: TierName; price: number; duration: number; description: string; benefits: Record<string, unknown> }> = [
  {
    name: "Associate", price: 250, duration: 12,
    description: "For suppliers, consultants and firms new to public works.",
    benefits: { highlights: ["Member directory listing", "Bid opportunity alerts", "Member pricing on training"], eventDiscountPercent: 15, staffSeats: 1, votingRights: false, directoryListing: "basic" },
  },
  {
    name: "Regular", price: 600, duration: 12,
    description: "For licensed contractors: the full set of member services and a vote in chapter elections.",
    benefits: { highlights: ["Featured directory listing", "Bid opportunity alerts and matching", "Free certification courses", "Member pricing on events and training", "Surety and lender referrals"], eventDiscountPercent: 30, staffSeats: 3, votingRights: true, directoryListing: "featured" },
  },
  {
    name: "Corporate", price: 2500, duration: 12,
    description: "For prime contractors and larger firms who partner with members.",
    benefits: { highlights: ["Everything in Regular", "Logo on the chapter website", "Two gala tickets", "Sponsor recognition at outreach events"], eventDiscountPercent: 30, staffSeats: 10, votingRights: true, directoryListing: "featured" },
  },
  {
    name: "Lifetime", price: 7500, duration: 1200,
    description: "A one-time membership for long-standing members; never needs renewing.",
    benefits: { highlights: ["Everything in Regular, for life", "Recognition at the annual awards gala"], eventDiscountPercent: 30, staffSeats: 3, votingRights: true, directoryListing: "featured" },
  },
];

export function buildTiers(rng: Rng, clock: Clock): NewMembershipTier[] {
  const created = clock.at(-2900, 600);
  return TIERS.map((t) => ({
    id: rng.id(),
    name: t.name,
    description: t.description,
    price: t.price.toFixed(2),
    duration: t.duration,
    benefits: t.benefits,
    isActive: true,
    createdAt: created,
    updatedAt: clock.at(-rng.int(30, 400), 600),
  }));
}

/** The sponsorship packages the seed's sponsorships were sold at (ids fixed: no PRNG draw, so other rows stay as they were). */
export function buildSponsorshipPackages(clock: Clock): SponsorshipPackage[] {
  const created = clock.at(-400, 600);
  return [
    { id: "cpackageplatinumaaaaaaaaa", name: "Platinum", price: "10000.00", description: "Title sponsor of the annual gala and the outreach events: logo on every page and banner, a table of ten, a welcome address." },
    { id: "cpackagegoldaaaaaaaaaaaaa", name: "Gold", price: "5000.00", description: "Logo on the chapter website and event programs, four gala tickets, recognition at outreach events." },
    { id: "cpackagesilveraaaaaaaaaaa", name: "Silver", price: "2500.00", description: "Name in event programs and on the website, two gala tickets." },
  ].map((p) => ({ ...p, isActive: true, createdAt: created }));
}

export function buildPayments(
  rng: Rng, clock: Clock, members: Member[], registrations: NewRegistration[], events: EventInfo[],
  sponsors: Array<{ eventId: string; memberId: string; level: string; at: Date }>,
  enrollments: Array<{ id?: string; userId: string; courseId: string; status?: string | null; enrolledAt?: Date }>, courses: CourseInfo[],
): NewPayment[] {
  const rows: NewPayment[] = [];
  const latest = clock.at(-1, 23 * 60);
  const byId = new Map(members.map((m) => [m.id, m]));
  const stripeIds = new Set<string>();
  const stripeId = () => {
    let id: string;
    do id = `pi_3${rng.token(23)}`;
    while (stripeIds.has(id));
    stripeIds.add(id);
    return id;
  };
  const pay = (m: Member, type: NewPayment["type"], amount: number, at: Date, status: PaymentStatus, description: string, referenceId: string | null, online = true) => {
    const createdAt = Clock.min(at, latest);
    rows.push({
      id: rng.id(),
      userId: m.id,
      type,
      status,
      amount: amount.toFixed(2),
      currency: "USD",
      description,
      referenceId: online ? referenceId : `CHK-${rng.digits(5)}`,
      stripePaymentId: online ? stripeId() : null,
      stripeCustomerId: online ? m.stripeCustomerId : null,
      createdAt,
      processedAt: status === "COMPLETED" || status === "REFUNDED" || status === "FAILED" ? Clock.plusMinutes(createdAt, rng.int(0, 3)) : null,
    });
  };

  // Dues: one payment per membership year, ending with the one that set today's expiry date.
  for (const m of members) {
    if (m.isAdmin) continue;
    const tier = TIERS.find((t) => t.name === m.tier)!;
    if (m.membershipExpiresAt === null) {
      pay(m, "MEMBERSHIP", tier.price, m.memberSince, "COMPLETED", "Lifetime membership", null, rng.chance(0.5));
      continue;
    }
    for (let year = 1; year <= 4; year++) {
      const at = Clock.plusDays(m.membershipExpiresAt, -365 * year);
      if (at < Clock.plusDays(m.memberSince, -2)) break;
      const online = rng.chance(0.75);
      const paidAt = Clock.max(at, m.memberSince);
      if (year === 1 && rng.chance(0.06)) {
        // A declined card first, then the retry that went through.
        pay(m, "MEMBERSHIP", tier.price, Clock.plusMinutes(paidAt, -90), "FAILED", `${tier.name} membership dues (12 months) – card declined`, null, true);
      }
      pay(m, "MEMBERSHIP", tier.price, paidAt, "COMPLETED", `${tier.name} membership dues (12 months)`, null, online);
    }
    // Renewal started but not finished for some members whose membership runs out this month.
    const daysLeft = Clock.daysBetween(clock.anchor, m.membershipExpiresAt);
    if (daysLeft > 0 && daysLeft < 30 && rng.chance(0.5)) {
      pay(m, "MEMBERSHIP", tier.price, clock.at(-1, rng.int(400, 1300)), rng.pick(["PENDING", "PROCESSING"] as const), `${tier.name} membership renewal (12 months)`, null, true);
    }
  }

  const eventTitle = new Map(events.map((e) => [e.id, e.title]));
  for (const r of registrations) {
    if (!r.amount) continue;
    const m = byId.get(r.userId)!;
    const title = eventTitle.get(r.eventId)!;
    if (r.paid) {
      pay(m, "EVENT_REGISTRATION", Number(r.amount), r.paidAt!, r.status === "CANCELLED" ? "REFUNDED" : "COMPLETED", `Registration: ${title}`, r.id!);
      r.paymentId = rows[rows.length - 1]!.id; // the payment that confirmed the seat
    }
    else if (r.status !== "CANCELLED") pay(m, "EVENT_REGISTRATION", Number(r.amount), r.registeredAt!, rng.pick(["PENDING", "CANCELLED"] as const), `Registration: ${title} (invoice requested)`, r.id!, false);
  }

  const coursePrice = new Map(courses.map((c) => [c.id, c]));
  for (const e of enrollments) {
    const c = coursePrice.get(e.courseId)!;
    if (c.memberPrice <= 0) continue;
    pay(byId.get(e.userId)!, "TRAINING", c.memberPrice, e.enrolledAt!, e.status === "DROPPED" && rng.chance(0.5) ? "REFUNDED" : "COMPLETED", `Course: ${c.title}`, e.id!);
  }

  const level: Record<string, number> = { Platinum: 10_000, Gold: 5_000, Silver: 2_500 };
  for (const s of sponsors) {
    pay(byId.get(s.memberId)!, "SPONSORSHIP", level[s.level] ?? 2_500, s.at, "COMPLETED", `${s.level} sponsorship: ${eventTitle.get(s.eventId)}`, s.eventId, rng.chance(0.4));
  }

  const donors = rng.sample(members.filter((m) => !m.isAdmin && m.isActive), 28);
  donors.forEach((m, i) => {
    const status: PaymentStatus = i === 0 ? "FAILED" : i === 1 ? "REFUNDED" : i === 2 ? "PENDING" : "COMPLETED";
    pay(m, "DONATION", rng.pick([25, 50, 100, 100, 250, 250, 500, 1000]), clock.at(-rng.int(1, 300), rng.int(420, 1320)), status, "Building Futures scholarship fund", null);
  });
  return rows;
}

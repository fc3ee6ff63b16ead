// Payment routes in the authorization matrix. A member reaches only their own payments: the
// receipt row points at a payment owned by someone outside the fixtures, so every member and
// persona gets 404 and only staff holding payments:manage see it. Checkout routes answer with
// a redirect to the Stripe stand-in (allowed) or, for an unverified account joining, 403.
import { env } from "cloudflare:workers";
import { loadConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { ID, idParam, newId } from "../../src/db/ids.ts";
import { membershipTiers, payments, sponsorshipPackages } from "../../src/db/schema/payments.ts";
import { makeEvent, makeUser } from "../helpers/db.ts";
import { ADMIN_ONLY, EVERYONE, SIGNED_IN, VERIFIED, type RouteRow } from "./types.ts";

async function sharedTargets() {
  const { db, pool } = createDb(loadConfig(env as unknown as Record<string, unknown>));
  try {
    const owner = await makeUser(db, { firstName: "Payments", lastName: "Owner", isVerified: true });
    const event = await makeEvent(db, owner.id, { title: "Payments matrix event", status: "REGISTRATION_OPEN", maxCapacity: 1000 });
    const [tier] = await db.insert(membershipTiers).values({ name: `Matrix tier ${newId()}`, description: "Matrix", price: "100.00", duration: 12 }).returning();
    const [pkg] = await db.insert(sponsorshipPackages).values({ name: `Matrix package ${newId()}`, description: "Matrix", price: "500.00" }).returning();
    const [payment] = await db
      .insert(payments)
      .values({ userId: owner.id, type: "DONATION", status: "COMPLETED", amount: "25.00", description: "Matrix donation", processedAt: new Date() })
      .returning();
    return { eventId: event.id, tierId: tier!.id, packageId: pkg!.id, paymentId: payment!.id };
  } finally {
    await pool.end();
  }
}

const t = await sharedTargets();
const attempt = () => newId();

export const paymentRows: RouteRow[] = [
  // No signature: 400, nothing written — but the route is reachable by anyone (Stripe has no session).
  { method: "POST", route: "/stripe/webhook", rule: "public (the Stripe signature authenticates)", path: () => "/stripe/webhook", form: () => ({}), allowed: EVERYONE },
  { method: "GET", route: "/membership", rule: "signedIn", path: () => "/membership", allowed: SIGNED_IN },
  {
    method: "POST",
    route: "/membership/checkout",
    rule: "signedIn, verified in the handler",
    path: () => "/membership/checkout",
    form: () => ({ tierId: t.tierId, term: "term", attempt: attempt() }),
    allowed: VERIFIED,
  },
  { method: "POST", route: "/membership/portal", rule: "signedIn, own customer only", path: () => "/membership/portal", form: () => ({}), allowed: SIGNED_IN },
  { method: "GET", route: "/account/payments", rule: "signedIn, own payments only", path: () => "/account/payments", allowed: SIGNED_IN },
  {
    method: "GET",
    route: `/account/payments/${idParam("paymentId")}`,
    rule: "signedIn, own payment (else 404) or payments:manage",
    path: () => `/account/payments/${t.paymentId}`,
    allowed: ADMIN_ONLY,
  },
  // Only the actor's own held seat; with none it goes back to the event page.
  { method: "POST", route: `/events/${ID}/pay`, rule: "signedIn, own held seat only", path: () => `/events/${t.eventId}/pay`, form: () => ({}), allowed: SIGNED_IN },
  { method: "GET", route: "/donate", rule: "signedIn", path: () => "/donate", allowed: SIGNED_IN },
  { method: "POST", route: "/donate", rule: "signedIn", path: () => "/donate", form: () => ({ amount: "25", dedication: "", attempt: attempt() }), allowed: SIGNED_IN },
  { method: "GET", route: "/sponsorships", rule: "signedIn", path: () => "/sponsorships", allowed: SIGNED_IN },
  { method: "POST", route: "/sponsorships", rule: "signedIn", path: () => "/sponsorships", form: () => ({ packageId: t.packageId, attempt: attempt() }), allowed: SIGNED_IN },

  { method: "GET", route: "/admin/payments", rule: "to(manage, payments)", path: () => "/admin/payments?type=DONATION", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/payments/export.csv", rule: "to(manage, payments)", path: () => "/admin/payments/export.csv?type=DONATION", allowed: ADMIN_ONLY },
  { method: "GET", route: `/admin/payments/${idParam("paymentId")}`, rule: "to(manage, payments)", path: () => `/admin/payments/${t.paymentId}`, allowed: ADMIN_ONLY },
  // A refund of $0.01 per allowed actor (offline payment: no Stripe call), each its own attempt.
  {
    method: "POST",
    route: `/admin/payments/${idParam("paymentId")}/refund`,
    rule: "to(manage, payments)",
    path: () => `/admin/payments/${t.paymentId}/refund`,
    form: () => ({ amount: "0.01", reason: "Matrix refund", attempt: attempt() }),
    allowed: ADMIN_ONLY,
  },
  { method: "GET", route: "/admin/payments/offline", rule: "to(manage, payments)", path: () => "/admin/payments/offline", allowed: ADMIN_ONLY },
  {
    method: "POST",
    route: "/admin/payments/offline",
    rule: "to(manage, payments)",
    path: () => "/admin/payments/offline",
    form: (f) => ({ email: f.member.email, kind: "donation", amount: "10", reference: "cash", attempt: attempt() }),
    allowed: ADMIN_ONLY,
  },
  { method: "GET", route: "/admin/payments/tiers", rule: "to(manage, payments)", path: () => "/admin/payments/tiers", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/payments/tiers.csv", rule: "to(manage, payments)", path: () => "/admin/payments/tiers.csv", allowed: ADMIN_ONLY },
  {
    method: "POST",
    route: "/admin/payments/tiers",
    rule: "to(manage, payments)",
    path: () => "/admin/payments/tiers",
    form: () => ({ name: `Matrix new tier ${newId()}`, description: "Matrix", price: "50", duration: "12", isActive: "" }),
    allowed: ADMIN_ONLY,
  },
  {
    method: "POST",
    route: `/admin/payments/tiers/${idParam("tierId")}`,
    rule: "to(manage, payments)",
    path: () => `/admin/payments/tiers/${t.tierId}`,
    form: () => ({ name: `Matrix tier ${newId()}`, description: "Matrix", price: "100", duration: "12", isActive: "on" }),
    allowed: ADMIN_ONLY,
  },
  { method: "GET", route: "/admin/payments/packages", rule: "to(manage, payments)", path: () => "/admin/payments/packages", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/payments/packages.csv", rule: "to(manage, payments)", path: () => "/admin/payments/packages.csv", allowed: ADMIN_ONLY },
  {
    method: "POST",
    route: "/admin/payments/packages",
    rule: "to(manage, payments)",
    path: () => "/admin/payments/packages",
    form: () => ({ name: `Matrix new package ${newId()}`, description: "Matrix", price: "50", isActive: "" }),
    allowed: ADMIN_ONLY,
  },
  {
    method: "POST",
    route: `/admin/payments/packages/${idParam("packageId")}`,
    rule: "to(manage, payments)",
    path: () => `/admin/payments/packages/${t.packageId}`,
    form: () => ({ name: `Matrix package ${newId()}`, description: "Matrix", price: "500", isActive: "on" }),
    allowed: ADMIN_ONLY,
  },
];

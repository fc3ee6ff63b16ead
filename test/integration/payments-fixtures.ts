// Shared by the payments-*.test.ts files: the Stripe stand-in scripts/test.ts started (the
// Worker's Stripe client talks to it through STRIPE_API_URL), its test controls, and signed deliveries
// to /stripe/webhook the way Stripe sends them (no Origin, a Stripe-Signature header).
import { exports, env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import type { Db } from "../../src/db/client.ts";
import { adminActions } from "../../src/db/schema/audit.ts";
import { membershipTiers, payments, stripeEvents, type NewMembershipTier } from "../../src/db/schema/payments.ts";
import { newId } from "../../src/db/ids.ts";
import { postForm } from "../helpers/http.ts";
import type { Member } from "./events-fixtures.ts";

const testEnv = env as unknown as { STRIPE_API_URL: string; STRIPE_WEBHOOK_SECRET: string };
export const STANDIN = testEnv.STRIPE_API_URL;

export interface SignedEvent {
  id: string;
  type: string;
  payload: string;
  signature: string;
}

/** A stand-in test control: pay or expire a session, renew / fail / cancel a subscription. */
export async function standin(path: string): Promise<{ events: SignedEvent[]; session?: Record<string, unknown> }> {
  const res = await fetch(`${STANDIN}/__standin/${path}`, { method: "POST" });
  if (!res.ok) throw new Error(`stand-in ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { events: SignedEvent[] };
}

export async function deliver(e: Pick<SignedEvent, "payload" | "signature">): Promise<{ status: number; body: string }> {
  const res = await exports.default.fetch(
    new Request("http://localhost/stripe/webhook", { method: "POST", headers: { "content-type": "application/json", "stripe-signature": e.signature }, body: e.payload }),
  );
  return { status: res.status, body: await res.text() };
}

/** Signs a payload as Stripe would, optionally at another time (a stale replay). */
export async function sign(payload: string, opts: { secret?: string; timestamp?: number } = {}): Promise<string> {
  return await Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret: opts.secret ?? testEnv.STRIPE_WEBHOOK_SECRET,
    ...(opts.timestamp ? { timestamp: opts.timestamp } : {}),
    cryptoProvider: Stripe.createSubtleCryptoProvider(),
  });
}

/** A hand-made event (unknown types, refunds of seeded payments). */
export async function handMade(type: string, object: Record<string, unknown>): Promise<SignedEvent> {
  const id = `evt_${newId()}`;
  const payload = JSON.stringify({ id, object: "event", type, created: Math.floor(Date.now() / 1000), livemode: false, data: { object } });
  return { id, type, payload, signature: await sign(payload) };
}

export async function makeTier(db: Db, overrides: Partial<NewMembershipTier> = {}) {
  const [t] = await db
    .insert(membershipTiers)
    .values({ name: `Tier ${newId()}`, description: "A test tier", price: "600.00", duration: 12, benefits: { highlights: ["Testing"] }, ...overrides })
    .returning();
  return t!;
}

export async function submit(path: string, member: Member, form: Record<string, string>) {
  const res = await postForm(path, form, { headers: { cookie: member.cookie } });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}

/** The Checkout Session id in a redirect to the stand-in's hosted page. */
export function sessionIdOf(location: string | null): string {
  const m = location?.match(/\/checkout\/(cs_test_\w+)$/);
  if (!m) throw new Error(`not a redirect to checkout: ${location}`);
  return m[1]!;
}

export async function ledgerRow(db: Db, eventId: string) {
  const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, eventId));
  return row ?? null;
}

export async function paymentsOf(db: Db, userId: string) {
  return db.select().from(payments).where(eq(payments.userId, userId));
}

export async function renewalsOf(db: Db, userId: string) {
  return db.select().from(adminActions).where(and(eq(adminActions.targetUserId, userId), eq(adminActions.action, "MEMBERSHIP_RENEWED")));
}

export const attempt = () => newId();

// The member's payment history and receipts (never another member's), and the admin ledger:
// filters, totals, CSV, refunds (card and offline, partial and full, idempotent, audited),
// offline dues, the tier editor.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "../../src/db/schema/accounts.ts";
import { adminActions } from "../../src/db/schema/audit.ts";
import { emailOutbox } from "../../src/db/schema/auth.ts";
import { membershipTiers, paymentRefunds, payments } from "../../src/db/schema/payments.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { page, signedInMember, type Member } from "./events-fixtures.ts";
import { attempt, deliver, makeTier, paymentsOf, sessionIdOf, standin, submit } from "./payments-fixtures.ts";

const db = useTestDb();

async function adminMember(): Promise<Member> {
  const a = await createAccount(db, { memberType: "admin", roles: ["admin"], firstName: "Admin" });
  return { id: a.id, email: a.email, cookie: await sessionCookie(db, a.id) };
}

async function paidDonation(member: Member, dollars: string) {
  const sent = await submit("/donate", member, { amount: dollars, dedication: "Ana Ruiz", attempt: attempt() });
  expect(sent.status).toBe(303);
  for (const e of (await standin(`sessions/${sessionIdOf(sent.location)}/pay`)).events) await deliver(e);
  const [p] = await paymentsOf(db, member.id);
  return p!;
}

describe("a member's payments", () => {
  it("lists their own payments with status and shows a printable receipt; another member gets 404", async () => {
    const [m, other] = [await signedInMember(db), await signedInMember(db)];
    const p = await paidDonation(m, "40");
    expect(p).toMatchObject({ status: "COMPLETED", type: "DONATION", amount: "40.00", details: { dedication: "Ana Ruiz" } });

    const list = await page("/account/payments", m);
    expect(list.status).toBe(200);
    expect(list.html).toContain(`href="/account/payments/${p.id}"`);
    expect(list.html).toContain("$40.00");
    expect(list.html).toContain("Paid");
    expect((await page("/account/payments", other)).html).not.toContain(p.id);

    const receipt = await page(`/account/payments/${p.id}`, m);
    expect(receipt.status).toBe(200);
    expect(receipt.html).toContain("<h1 id=\"receipt-h\">Receipt</h1>");
    expect(receipt.html).toContain("in honor of Ana Ruiz");
    expect((await page(`/account/payments/${p.id}`, other)).status).toBe(404);
  });

  it("refuses a donation amount that is not money, keeping what was typed", async () => {
    const m = await signedInMember(db);
    const res = await submit("/donate", m, { amount: "12.345", dedication: "x", attempt: attempt() });
    expect(res.status).toBe(422);
    expect(res.html).toContain('value="12.345"');
    expect(await paymentsOf(db, m.id)).toEqual([]);
  });
});

describe("/admin/payments", () => {
  it("filters the ledger, totals it and exports the same rows as CSV", async () => {
    const admin = await adminMember();
    const m = await signedInMember(db, { firstName: "Ledgerfilter" });
    await paidDonation(m, "15");
    const [u] = await db.select().from(users).where(eq(users.id, m.id));
    const res = await page(`/admin/payments?type=DONATION&member=${encodeURIComponent(u!.email)}`, admin);
    expect(res.status).toBe(200);
    expect(res.html).toContain("<strong>1</strong> payment");
    expect(res.html).toContain("collected <strong>$15.00</strong>");
    const csv = await page(`/admin/payments/export.csv?type=DONATION&member=${encodeURIComponent(u!.email)}`, admin);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.html.trim().split("\r\n")).toHaveLength(2);
    expect((await page("/admin/payments?from=yesterday", admin)).status).toBe(422);
  });

  it("refunds a card payment in part, then the rest; the same form twice refunds once; audited", async () => {
    const admin = await adminMember();
    const m = await signedInMember(db);
    const p = await paidDonation(m, "100");
    const first = { amount: "30", reason: "Part of the gift returned on request", attempt: attempt() };
    expect((await submit(`/admin/payments/${p.id}/refund`, admin, first)).location).toContain("notice=refunded");
    expect((await submit(`/admin/payments/${p.id}/refund`, admin, first)).location).toContain("notice=refund-repeated");
    let [now] = await db.select().from(payments).where(eq(payments.id, p.id));
    expect(now).toMatchObject({ status: "COMPLETED", refundedAmount: "30.00" });

    const tooMuch = await submit(`/admin/payments/${p.id}/refund`, admin, { amount: "70.01", reason: "Too much", attempt: attempt() });
    expect(tooMuch.status).toBe(409);
    expect((await submit(`/admin/payments/${p.id}/refund`, admin, { amount: "", reason: "The rest", attempt: attempt() })).status).toBe(303);
    [now] = await db.select().from(payments).where(eq(payments.id, p.id));
    expect(now).toMatchObject({ status: "REFUNDED", refundedAmount: "100.00" });
    const refunds = await db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, p.id));
    expect(refunds.map((r) => r.amount).sort()).toEqual(["30.00", "70.00"]);
    expect(refunds.every((r) => r.stripeRefundId?.startsWith("re_"))).toBe(true);
    const audit = await db.select().from(adminActions).where(and(eq(adminActions.userId, admin.id), eq(adminActions.action, "PAYMENT_PROCESSED")));
    expect(audit).toHaveLength(2);
    expect((await page(`/account/payments/${p.id}`, m)).html).toContain("Part of the gift returned on request");
  });

  it("refuses to refund a card payment with no Stripe payment id on record, rather than telling the member of a refund that never happened", async () => {
    const admin = await adminMember();
    const m = await signedInMember(db);
    const p = await paidDonation(m, "60");
    // A card payment whose PaymentIntent was never recorded (as auto-renewed dues once were).
    await db.update(payments).set({ stripePaymentId: null }).where(eq(payments.id, p.id));
    expect((await page(`/admin/payments/${p.id}`, admin)).html).toContain("refund it in the Stripe Dashboard instead");

    const res = await submit(`/admin/payments/${p.id}/refund`, admin, { amount: "", reason: "Asked for the money back", attempt: attempt() });
    expect(res.status).toBe(409);
    expect(res.html).toContain("no Stripe payment id on record");
    expect(res.html).toContain('value="Asked for the money back"');
    const [after] = await db.select().from(payments).where(eq(payments.id, p.id));
    expect(after).toMatchObject({ status: "COMPLETED", refundedAmount: "0.00" });
    expect(await db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, p.id))).toEqual([]);
    const mails = await db.select().from(emailOutbox).where(and(eq(emailOutbox.userId, m.id), eq(emailOutbox.kind, "PAYMENT_REFUNDED")));
    expect(mails).toEqual([]);
  });

  it("records offline dues once per form, extending the membership and auditing it", async () => {
    const admin = await adminMember();
    const m = await signedInMember(db);
    const tier = await makeTier(db, { price: "250.00", duration: 12 });
    const form = { email: m.email, kind: "dues", tierId: tier.id, amount: "", reference: "check 1042", attempt: attempt() };
    expect((await submit("/admin/payments/offline", admin, form)).location).toContain("notice=recorded");
    expect((await submit("/admin/payments/offline", admin, form)).location).toContain("notice=recorded-repeated");
    const [p, ...more] = await paymentsOf(db, m.id);
    expect(more).toEqual([]);
    expect(p).toMatchObject({ status: "COMPLETED", type: "MEMBERSHIP", amount: "250.00", referenceId: "check 1042" });
    const [u] = await db.select().from(users).where(eq(users.id, m.id));
    expect(u!.membershipTierId).toBe(tier.id);
    expect(u!.membershipExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 360 * 86_400_000);
  });

  it("edits a tier's price and Stripe Price id, refusing a malformed id", async () => {
    const admin = await adminMember();
    const tier = await makeTier(db);
    const bad = await submit(`/admin/payments/tiers/${tier.id}`, admin, { name: tier.name, description: "d", price: "650", duration: "12", stripePriceId: "prod_123", isActive: "on" });
    expect(bad.status).toBe(422);
    const ok = await submit(`/admin/payments/tiers/${tier.id}`, admin, { name: tier.name, description: "d", price: "650", duration: "12", stripePriceId: "price_1AbcDEF", isActive: "on" });
    expect(ok.status).toBe(303);
    const [t] = await db.select().from(membershipTiers).where(eq(membershipTiers.id, tier.id));
    expect(t).toMatchObject({ price: "650.00", stripePriceId: "price_1AbcDEF" });
  });
});

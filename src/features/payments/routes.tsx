// Payments for members: /membership (tiers, status, join/renew/change through Checkout, the
// customer portal), /account/payments (history and receipts), paying a held event seat,
// donations and sponsorships. The Stripe webhook is in webhook-routes.tsx.
import type { Context } from "hono";
import { Hono } from "hono";
import * as z from "zod";
import { allow, can, type SignedInEnv } from "../../auth/rbac.ts";
import { ID, idParam, newId } from "../../db/ids.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { parseForm, readQuery } from "../../lib/forms.ts";
import { noticeTable } from "../../lib/notices.ts";
import { pageField, pageWindow } from "../../lib/pagination.ts";
import { toCents } from "../../lib/money.ts";
import { findVisibleEvent } from "../events/queries.ts";
import { MembershipPage } from "../../../templates/payments/MembershipPage.tsx";
import { PaymentsPage } from "../../../templates/payments/PaymentsPage.tsx";
import { ReceiptPage } from "../../../templates/payments/ReceiptPage.tsx";
import { DonatePage, SponsorshipsPage } from "../../../templates/payments/GivePages.tsx";
import { checkoutDeps, customerPortalUrl, seatCheckoutDeps, startDuesCheckout, startGiftCheckout, startSeatCheckout, toCheckout } from "./checkout.ts";
import { findActivePackage, findActiveTier, HISTORY_PER_PAGE, listActivePackages, listOwnPayments, loadMembership, loadReceipt } from "./queries.ts";
import { DONATION_MAX_CENTS, DONATION_MIN_CENTS, lapsesAt, membershipStatus } from "./rules.ts";
import { webhookRoutes } from "./webhook-routes.tsx";

export const paymentRoutes = new Hono<AppEnv>();
paymentRoutes.route("/", webhookRoutes);

export const membershipNotices = noticeTable({
  paid: "Thank you: your payment went through. Your membership is updated as soon as Stripe confirms it (a few seconds).",
});


// ---------------------------------------------------------------- membership

async function membershipPage(c: Context<SignedInEnv>, opts: { status?: 200 | 403 | 409 | 422; error?: string } = {}) {
  const { user } = c.var.signedIn;
  const { member, tiers } = await loadMembership(c.var.db(), user.id);
  if (!member) throw new Error("signed-in member has no users row");
  const grace = c.var.config.DUES_GRACE_DAYS;
  const now = new Date();
  const notice = c.req.query("paid") === "1" ? membershipNotices.messages.paid : null;
  return renderPage(c, {
    title: "Membership",
    status: opts.status ?? 200,
    body: (
      <MembershipPage
        tiers={tiers}
        currentTier={tiers.find((t) => t.id === member.membershipTierId) ?? null}
        status={member.membershipLapsedAt && membershipStatus(member, now, grace) !== "active" ? "lapsed" : membershipStatus(member, now, grace)}
        expiresAt={member.membershipExpiresAt}
        lapsesAt={lapsesAt(member, grace)}
        autoRenew={member.stripeSubscriptionId !== null}
        paymentFailed={member.duesPaymentFailedAt !== null}
        hasCustomer={member.stripeCustomerId !== null}
        verified={user.isVerified}
        attempt={newId()}
        notice={notice}
        {...(opts.error ? { error: opts.error } : {})}
      />
    ),
  });
}

paymentRoutes.get("/membership", allow.signedIn, (c) => membershipPage(c));

const duesForm = z.object({
  tierId: z.string().min(1).max(40),
  term: z.enum(["subscription", "term"]),
  attempt: z.string().regex(/^[a-z0-9]{10,40}$/),
});

paymentRoutes.post("/membership/checkout", allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  if (!user.isVerified) return membershipPage(c, { status: 403, error: "Confirm your email address first, then choose a tier." });
  const form = await parseForm(c, duesForm);
  if (!form.ok) return membershipPage(c, { status: 422, error: "Choose a tier and how to pay, then try again." });
  const tier = await findActiveTier(c.var.db(), form.data.tierId);
  if (!tier) return membershipPage(c, { status: 422, error: "That tier is no longer offered. Choose another." });
  // A lifetime tier is one payment: it cannot renew itself.
  const term = tier.duration >= 1200 ? "term" : form.data.term;
  const result = await startDuesCheckout(checkoutDeps(c), user, tier, term, form.data.attempt);
  if (!result.ok) return membershipPage(c, { status: 409, error: result.message });
  return toCheckout(c, result.url);
});

paymentRoutes.post("/membership/portal", allow.signedIn, async (c) => {
  return toCheckout(c, await customerPortalUrl(checkoutDeps(c), c.var.signedIn.user));
});

// ---------------------------------------------------------------- history and receipts

const historyQuery = z.object({ page: pageField() });

paymentRoutes.get("/account/payments", allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  const query = readQuery(c, historyQuery);
  const page = query.ok ? query.data.page : 1;
  const window = pageWindow(page, HISTORY_PER_PAGE);
  const { rows, total } = await listOwnPayments(c.var.db(), user.id, window);
  return renderPage(c, { title: "Your payments", body: <PaymentsPage rows={rows} page={page} perPage={HISTORY_PER_PAGE} total={total} /> });
});

paymentRoutes.get(`/account/payments/${idParam("paymentId")}`, allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  const receipt = await loadReceipt(c.var.db(), c.req.param("paymentId"));
  // Another member's payment reads as not found (its existence is not theirs to learn); staff who manage payments see any.
  const staff = can(user, "manage", "payments");
  if (!receipt || (receipt.payment.userId !== user.id && !staff)) return renderNotFound(c);
  const backHref = receipt.payment.userId === user.id ? "/account/payments" : "/admin/payments";
  return renderPage(c, { title: `Receipt ${receipt.payment.id}`, body: <ReceiptPage receipt={receipt} justPaid={c.req.query("paid") === "1"} backHref={backHref} /> });
});

// ---------------------------------------------------------------- a held event seat

paymentRoutes.post(`/events/${ID}/pay`, allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  const event = await findVisibleEvent(c.var.db(), c.req.param("id"));
  if (!event) return renderNotFound(c);
  const result = await startSeatCheckout(seatCheckoutDeps(c), user, event);
  if (!result.ok) return c.redirect(`/events/${event.id}#registration`, 303);
  return toCheckout(c, result.url);
});

// ---------------------------------------------------------------- donations and sponsorships

const donationForm = z.object({
  amount: z
    .string()
    .trim()
    .regex(/^\$?\d{1,6}(\.\d{1,2})?$/, "Enter an amount in dollars, like 50 or 125.00")
    .transform((v) => toCents(v.replace("$", "")))
    .refine((c) => c >= DONATION_MIN_CENTS && c <= DONATION_MAX_CENTS, "Enter an amount from $1 to $100,000"),
  dedication: z.string().trim().max(200, "At most 200 characters").optional().default(""),
  attempt: z.string().regex(/^[a-z0-9]{10,40}$/),
});

paymentRoutes.get("/donate", allow.signedIn, (c) => renderPage(c, { title: "Donate", body: <DonatePage values={{}} errors={{}} attempt={newId()} /> }));

paymentRoutes.post("/donate", allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  const form = await parseForm(c, donationForm);
  if (!form.ok) {
    return renderPage(c, { title: "Donate", status: 422, body: <DonatePage values={form.values} errors={form.errors} attempt={form.values.attempt ?? newId()} /> });
  }
  const { amount, dedication, attempt } = form.data;
  const url = await startGiftCheckout(
    checkoutDeps(c),
    user,
    { type: "DONATION", cents: amount, description: dedication ? `Donation in honor of ${dedication}` : "Donation to the chapter", details: dedication ? { dedication } : {} },
    attempt,
  );
  return toCheckout(c, url);
});

paymentRoutes.get("/sponsorships", allow.signedIn, async (c) => {
  const packages = await listActivePackages(c.var.db());
  return renderPage(c, { title: "Sponsorships", body: <SponsorshipsPage packages={packages} attempt={newId()} /> });
});

const sponsorForm = z.object({ packageId: z.string().min(1).max(40), attempt: z.string().regex(/^[a-z0-9]{10,40}$/) });

paymentRoutes.post("/sponsorships", allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  const form = await parseForm(c, sponsorForm);
  const pkg = form.ok ? await findActivePackage(c.var.db(), form.data.packageId) : null;
  if (!form.ok || !pkg) {
    const packages = await listActivePackages(c.var.db());
    return renderPage(c, { title: "Sponsorships", status: 422, body: <SponsorshipsPage packages={packages} attempt={newId()} error="That package is no longer offered. Choose another." /> });
  }
  const url = await startGiftCheckout(
    checkoutDeps(c),
    user,
    { type: "SPONSORSHIP", cents: toCents(pkg.price), description: `${pkg.name} sponsorship`, details: { packageId: pkg.id } },
    form.data.attempt,
  );
  return toCheckout(c, url);
});

// Payment administration (payments:manage): the ledger with filters, totals and CSV; one
// payment with its refunds and the refund form; offline payments for dues and donations
// (event seats: the attendees screen); the tier editor with each tier's Stripe Price id;
// sponsorship packages. Every change is audited in its own transaction.
import { Hono } from "hono";
import * as z from "zod";
import { allow } from "../../auth/rbac.ts";
import { idParam, newId } from "../../db/ids.ts";
import { membershipTiers, paymentStatusEnum, paymentTypeEnum, sponsorshipPackages } from "../../db/schema/payments.ts";
import { navLinks, type AdminContext } from "../../http/admin.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { auditActor, recordAdminAction } from "../../lib/audit.ts";
import { cappedCsvResponse, csvResponse, refusedCsvFilters, yesNo, type CsvColumn } from "../../lib/csv.ts";
import { parseForm, readQuery, shownFilters } from "../../lib/forms.ts";
import { fromCents, toCents } from "../../lib/money.ts";
import { noticeTable } from "../../lib/notices.ts";
import { pageField, pageWindow } from "../../lib/pagination.ts";
import { fromPacificDateInput } from "../../lib/time.ts";
import { deliverSoon } from "../outbox/outbox.ts";
import { loadReceipt } from "../payments/queries.ts";
import { stripeClient } from "../payments/stripe.ts";
import { releaseRefundedSeat } from "../payments/seat-payments.ts";
import { LedgerPage, LedgerResults } from "../../../templates/admin-payments/LedgerPage.tsx";
import { OfflinePage, PaymentAdminPage, PackagesPage, TiersPage } from "../../../templates/admin-payments/EditorPages.tsx";
import { exportLedger, findMemberByEmail, LEDGER_CSV_MAX, listLedger, listPackages, listTiers, type LedgerFilters, type LedgerRow } from "./queries.ts";
import { recordOfflinePayment, refundPayment, type AdminPaymentDeps } from "./refunds.ts";
import { eq } from "drizzle-orm";

export const adminPaymentRoutes = new Hono<AppEnv>();
adminPaymentRoutes.use(async (c, next) => {
  await next();
  c.header("Cache-Control", "private, no-store");
});

const manage = allow.to("manage", "payments");
const PER_PAGE = 50;
const PAYMENT_ID = idParam("paymentId");

export const paymentAdminNotices = noticeTable({
  refunded: "Refund recorded.",
  "refund-repeated": "That refund was already made; nothing was refunded twice.",
  "refund-repeated-released": "That refund was already made (nothing was refunded twice); its seat is now released and went to the next person waiting (if anyone was).",
  "refunded-released": "Refund recorded. The registration is cancelled and the seat went to the next person waiting (if anyone was).",
  "refunded-no-seat": "Refund recorded. The member held no seat for this payment any more, so no seat was released.",
  recorded: "Offline payment recorded; the receipt is on its way.",
  "recorded-repeated": "That offline payment was already recorded.",
  saved: "Saved.",
});

function deps(c: AdminContext): AdminPaymentDeps {
  const config = c.var.config;
  return { db: c.var.db(), stripe: stripeClient(config), publicUrl: config.PUBLIC_URL, now: new Date() };
}

const dateField = z
  .string()
  .optional()
  .default("")
  .refine((v) => v === "" || fromPacificDateInput(v) !== null, "Use a date like 2026-12-01");

const ledgerFilters = z.object({
  type: z.enum(["", "OTHER", ...paymentTypeEnum.enumValues]).optional().default(""),
  status: z.enum(["", ...paymentStatusEnum.enumValues]).optional().default(""),
  received: z.enum(["", "yes"]).optional().default(""),
  from: dateField,
  to: dateField,
  member: z.string().trim().max(100, "At most 100 characters").optional().default(""),
});
const EMPTY: LedgerFilters = { type: "", status: "", received: "", from: "", to: "", member: "" };

adminPaymentRoutes.get("/", manage, async (c) => {
  const query = readQuery(c, ledgerFilters.extend({ page: pageField() }));
  const filters = shownFilters(query, { ...EMPTY } as Record<string, string>) as unknown as LedgerFilters;
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const result = query.ok ? await listLedger(c.var.db(), query.data as LedgerFilters, { limit, offset }) : { rows: [], total: 0, collected: "0", refunded: "0", net: "0" };
  const props = { filters, ...result, page, perPage };
  return renderPage(c, {
    title: "Payments",
    status: query.ok ? 200 : 422,
    body: <LedgerPage {...props} errors={query.errors} links={navLinks(c)} notice={paymentAdminNotices.read(c)} />,
    partial: <LedgerResults {...props} />,
  });
});

const COLUMNS: ReadonlyArray<CsvColumn<LedgerRow>> = [
  ["id", (r) => r.id],
  ["created_at", (r) => r.createdAt],
  ["processed_at", (r) => r.processedAt],
  ["member", (r) => `${r.firstName} ${r.lastName}`],
  ["email", (r) => r.email],
  ["type", (r) => r.type],
  ["status", (r) => r.status],
  ["amount_usd", (r) => r.amount],
  ["refunded_usd", (r) => r.refundedAmount],
  ["description", (r) => r.description],
  ["stripe_payment_intent", (r) => r.stripePaymentId],
  ["reference", (r) => r.referenceId],
];

adminPaymentRoutes.get("/export.csv", manage, async (c) => {
  const query = readQuery(c, ledgerFilters);
  if (!query.ok) return refusedCsvFilters(c, query.errors);
  return cappedCsvResponse(c, "payments.csv", COLUMNS, await exportLedger(c.var.db(), query.data as LedgerFilters), LEDGER_CSV_MAX);
});

// ---------------------------------------------------------------- one payment, refunds

async function paymentPage(c: AdminContext, status: 200 | 404 | 409 | 422 = 200, form?: { values: Record<string, string>; errors: Record<string, string> }) {
  const receipt = await loadReceipt(c.var.db(), c.req.param("paymentId") ?? "");
  if (!receipt) return renderNotFound(c);
  return renderPage(c, {
    title: `Payment ${receipt.payment.id}`,
    status,
    body: <PaymentAdminPage receipt={receipt} links={navLinks(c)} notice={paymentAdminNotices.read(c)} attempt={newId()} values={form?.values ?? {}} errors={form?.errors ?? {}} />,
  });
}

adminPaymentRoutes.get(`/${PAYMENT_ID}`, manage, (c) => paymentPage(c));

const refundForm = z.object({
  amount: z
    .string()
    .trim()
    .optional()
    .default("")
    .refine((v) => v === "" || /^\d{1,7}(\.\d{1,2})?$/.test(v), "Enter dollars like 25 or 25.50, or leave empty for the rest"),
  reason: z.string().trim().min(3, "Say why (it goes to the member and the audit trail)").max(300, "At most 300 characters"),
  attempt: z.string().regex(/^[a-z0-9]{10,40}$/),
  /** Event seats only: also cancel the registration and free the seat (full refunds). */
  releaseSeat: z.literal("on").optional(),
});

adminPaymentRoutes.post(`/${PAYMENT_ID}/refund`, manage, async (c) => {
  const form = await parseForm(c, refundForm);
  if (!form.ok) return paymentPage(c, 422, form);
  const paymentId = c.req.param("paymentId");
  const out = await refundPayment(deps(c), auditActor(c), paymentId, {
    cents: form.data.amount ? toCents(form.data.amount) : null,
    reason: form.data.reason,
    attempt: form.data.attempt,
    releaseSeat: form.data.releaseSeat === "on",
  });
  if (!out.ok) return paymentPage(c, 409, { values: form.values, errors: { amount: out.message } });
  deliverSoon(c);
  const released = out.seat ? await releaseRefundedSeat({ env: c.env }, out.seat.eventId, { id: paymentId, userId: out.seat.userId }) : false;
  const code = out.repeated
    ? released
      ? "refund-repeated-released"
      : "refund-repeated"
    : out.seat
      ? released
        ? "refunded-released"
        : "refunded-no-seat"
      : "refunded";
  return paymentAdminNotices.redirect(c, `/admin/payments/${paymentId}`, code);
});

// ---------------------------------------------------------------- offline payments

async function offlinePage(c: AdminContext, status: 200 | 422 = 200, form?: { values: Record<string, string>; errors: Record<string, string> }) {
  const tiers = await listTiers(c.var.db());
  return renderPage(c, {
    title: "Record an offline payment",
    status,
    body: <OfflinePage tiers={tiers} links={navLinks(c)} attempt={form?.values.attempt ?? newId()} values={form?.values ?? {}} errors={form?.errors ?? {}} notice={paymentAdminNotices.read(c)} />,
  });
}

adminPaymentRoutes.get("/offline", manage, (c) => offlinePage(c));

const offlineForm = z.object({
  email: z.string().trim().email("Enter the member's email address").max(200),
  kind: z.enum(["dues", "donation"], { message: "Choose what the payment is for" }),
  tierId: z.string().max(40).optional().default(""),
  amount: z
    .string()
    .trim()
    .optional()
    .default("")
    .refine((v) => v === "" || /^\d{1,7}(\.\d{1,2})?$/.test(v), "Enter dollars like 600 or 600.00"),
  reference: z.string().trim().min(1, "Enter the check number, or cash").max(100),
  dedication: z.string().trim().max(200).optional().default(""),
  attempt: z.string().regex(/^[a-z0-9]{10,40}$/),
});

adminPaymentRoutes.post("/offline", manage, async (c) => {
  const form = await parseForm(c, offlineForm);
  if (!form.ok) return offlinePage(c, 422, form);
  const d = form.data;
  const db = c.var.db();
  const member = await findMemberByEmail(db, d.email);
  if (!member) return offlinePage(c, 422, { values: form.values, errors: { email: "No member has this email address" } });
  let outcome: { repeated: boolean };
  if (d.kind === "dues") {
    const [tier] = d.tierId ? await db.select().from(membershipTiers).where(eq(membershipTiers.id, d.tierId)) : [];
    if (!tier) return offlinePage(c, 422, { values: form.values, errors: { tierId: "Choose the tier the dues are for" } });
    const cents = d.amount ? toCents(d.amount) : toCents(tier.price);
    outcome = await recordOfflinePayment(deps(c), auditActor(c), { kind: "dues", userId: member.id, tier, cents, reference: d.reference, attempt: d.attempt });
  } else {
    if (!d.amount || toCents(d.amount) <= 0) return offlinePage(c, 422, { values: form.values, errors: { amount: "Enter the amount given" } });
    outcome = await recordOfflinePayment(deps(c), auditActor(c), { kind: "donation", userId: member.id, cents: toCents(d.amount), reference: d.reference, attempt: d.attempt, dedication: d.dedication });
  }
  deliverSoon(c);
  return paymentAdminNotices.redirect(c, "/admin/payments/offline", outcome.repeated ? "recorded-repeated" : "recorded");
});

// ---------------------------------------------------------------- tiers and sponsorship packages

const money = z
  .string()
  .trim()
  .regex(/^\d{1,7}(\.\d{1,2})?$/, "Enter dollars like 600 or 600.00")
  .transform((v) => fromCents(toCents(v)));

const tierForm = z.object({
  name: z.string().trim().min(1, "Enter a name").max(80),
  description: z.string().trim().min(1, "Enter a description").max(500),
  price: money,
  duration: z.coerce.number().int("Whole months").min(1, "At least 1 month").max(1200, "At most 1200 months (lifetime)"),
  stripePriceId: z
    .string()
    .trim()
    .max(100)
    .refine((v) => v === "" || /^price_\w+$/.test(v), "A Stripe Price id looks like price_1Abc…")
    .optional()
    .default(""),
  isActive: z.string().optional(),
});

async function tiersPage(c: AdminContext, status: 200 | 404 | 409 | 422 = 200, error?: { id: string; errors: Record<string, string>; values: Record<string, string> }) {
  const tiers = await listTiers(c.var.db());
  return renderPage(c, { title: "Membership tiers", status, body: <TiersPage tiers={tiers} links={navLinks(c)} notice={paymentAdminNotices.read(c)} error={error} /> });
}

adminPaymentRoutes.get("/tiers", manage, (c) => tiersPage(c));

const TIER_COLUMNS: ReadonlyArray<CsvColumn<Awaited<ReturnType<typeof listTiers>>[number]>> = [
  ["id", (t) => t.id],
  ["name", (t) => t.name],
  ["description", (t) => t.description],
  ["price_usd", (t) => t.price],
  ["duration_months", (t) => t.duration],
  ["stripe_price_id", (t) => t.stripePriceId],
  ["active", (t) => yesNo(t.isActive)],
  ["created_at", (t) => t.createdAt],
];
adminPaymentRoutes.get("/tiers.csv", manage, async (c) => csvResponse(c, "membership-tiers.csv", TIER_COLUMNS, await listTiers(c.var.db())));

async function saveTier(c: AdminContext, id: string | null) {
  const form = await parseForm(c, tierForm);
  if (!form.ok) return tiersPage(c, 422, { id: id ?? "new", errors: form.errors, values: form.values });
  const d = form.data;
  const values = { name: d.name, description: d.description, price: d.price, duration: d.duration, stripePriceId: d.stripePriceId || null, isActive: d.isActive === "on" };
  const db = c.var.db();
  const saved = await db
    .transaction(async (tx) => {
      const [before] = id ? await tx.select().from(membershipTiers).where(eq(membershipTiers.id, id)).for("update") : [];
      if (id && !before) return false;
      const [row] = id
        ? await tx.update(membershipTiers).set(values).where(eq(membershipTiers.id, id)).returning()
        : await tx.insert(membershipTiers).values(values).returning();
      await recordAdminAction(tx, auditActor(c), {
        action: "SYSTEM_CONFIG_CHANGED",
        details: `${id ? "Changed" : "Created"} membership tier ${d.name}`,
        before: before ? { price: before.price, duration: before.duration, stripePriceId: before.stripePriceId, isActive: before.isActive, name: before.name } : {},
        after: { price: row!.price, duration: row!.duration, stripePriceId: row!.stripePriceId, isActive: row!.isActive, name: row!.name },
        extra: { tierId: row!.id },
      });
      return true;
    })
    .catch((err: unknown) => {
      if (String((err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code) === "23505") return "duplicate" as const;
      throw err;
    });
  if (saved === "duplicate") return tiersPage(c, 409, { id: id ?? "new", errors: { name: "Another tier has this name" }, values: form.values });
  if (!saved) return renderNotFound(c);
  return paymentAdminNotices.redirect(c, "/admin/payments/tiers", "saved");
}

adminPaymentRoutes.post("/tiers", manage, (c) => saveTier(c, null));
adminPaymentRoutes.post(`/tiers/${idParam("tierId")}`, manage, (c) => saveTier(c, c.req.param("tierId")));

const packageForm = z.object({
  name: z.string().trim().min(1, "Enter a name").max(80),
  description: z.string().trim().min(1, "Enter a description").max(500),
  price: money,
  isActive: z.string().optional(),
});

async function packagesPage(c: AdminContext, status: 200 | 409 | 422 = 200, error?: { id: string; errors: Record<string, string>; values: Record<string, string> }) {
  const packages = await listPackages(c.var.db());
  return renderPage(c, { title: "Sponsorship packages", status, body: <PackagesPage packages={packages} links={navLinks(c)} notice={paymentAdminNotices.read(c)} error={error} /> });
}

adminPaymentRoutes.get("/packages", manage, (c) => packagesPage(c));

const PACKAGE_COLUMNS: ReadonlyArray<CsvColumn<Awaited<ReturnType<typeof listPackages>>[number]>> = [
  ["id", (p) => p.id],
  ["name", (p) => p.name],
  ["description", (p) => p.description],
  ["price_usd", (p) => p.price],
  ["active", (p) => yesNo(p.isActive)],
  ["created_at", (p) => p.createdAt],
];
adminPaymentRoutes.get("/packages.csv", manage, async (c) => csvResponse(c, "sponsorship-packages.csv", PACKAGE_COLUMNS, await listPackages(c.var.db())));

async function savePackage(c: AdminContext, id: string | null) {
  const form = await parseForm(c, packageForm);
  if (!form.ok) return packagesPage(c, 422, { id: id ?? "new", errors: form.errors, values: form.values });
  const d = form.data;
  const values = { name: d.name, description: d.description, price: d.price, isActive: d.isActive === "on" };
  const saved = await c.var
    .db()
    .transaction(async (tx) => {
      const [row] = id
        ? await tx.update(sponsorshipPackages).set(values).where(eq(sponsorshipPackages.id, id)).returning()
        : await tx.insert(sponsorshipPackages).values(values).returning();
      if (!row) return false;
      await recordAdminAction(tx, auditActor(c), {
        action: "SYSTEM_CONFIG_CHANGED",
        details: `${id ? "Changed" : "Created"} sponsorship package ${d.name}`,
        after: { name: row.name, price: row.price, isActive: row.isActive },
        extra: { packageId: row.id },
      });
      return true;
    })
    .catch((err: unknown) => {
      if (String((err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code) === "23505") return "duplicate" as const;
      throw err;
    });
  if (saved === "duplicate") return packagesPage(c, 409, { id: id ?? "new", errors: { name: "Another package has this name" }, values: form.values });
  if (!saved) return renderNotFound(c);
  return paymentAdminNotices.redirect(c, "/admin/payments/packages", "saved");
}

adminPaymentRoutes.post("/packages", manage, (c) => savePackage(c, null));
adminPaymentRoutes.post(`/packages/${idParam("packageId")}`, manage, (c) => savePackage(c, c.req.param("packageId")));

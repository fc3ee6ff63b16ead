import type { MembershipTier, SponsorshipPackage } from "../../src/db/schema/payments.ts";
import type { Receipt } from "../../src/features/payments/queries.ts";
import { paidByCard } from "../../src/features/payments/rules.ts";
import { formatUsd, toCents } from "../../src/lib/money.ts";
import { formatDateTime } from "../../src/lib/time.ts";
import { ActionError, AdminNav, type AdminNavLinks, Notice } from "../admin/parts.tsx";
import { ErrorSummary, Field, SelectField } from "../components/Field.tsx";
import { Amount, AttemptField, STATUS_LABEL, TYPE_LABEL } from "../payments/parts.tsx";

type Errors = Record<string, string>;
type Values = Record<string, string>;

function refundHow(p: Receipt["payment"]): string {
  if (p.stripePaymentId) return " Card payments go back to the card.";
  if (paidByCard(p)) return " A card payment with no Stripe payment id on record: refund it in the Stripe Dashboard instead.";
  return " Offline payment: hand the money back yourself; this records it.";
}

export function PaymentAdminPage(props: { receipt: Receipt; links: AdminNavLinks; notice: string | undefined; attempt: string; values: Values; errors: Errors }) {
  const { payment: p, payer, refunds } = props.receipt;
  const left = toCents(p.amount) - toCents(p.refundedAmount);
  return (
    <>
      <h1>Payment {p.id}</h1>
      <AdminNav current="/admin/payments" links={props.links} />
      <Notice message={props.notice} />
      <dl>
        <dt>Member</dt>
        <dd>
          {payer.firstName} {payer.lastName} ({payer.email})
        </dd>
        <dt>For</dt>
        <dd>
          {p.description ?? TYPE_LABEL[p.type]} ({TYPE_LABEL[p.type]})
        </dd>
        <dt>Amount</dt>
        <dd>
          <Amount amount={p.amount} refunded={p.refundedAmount} />
        </dd>
        <dt>Status</dt>
        <dd>{STATUS_LABEL[p.status]}</dd>
        <dt>Created / processed</dt>
        <dd>
          {formatDateTime(p.createdAt)} / {formatDateTime(p.processedAt)}
        </dd>
        <dt>Stripe</dt>
        <dd>{p.stripePaymentId ?? p.stripeCheckoutSessionId ?? (p.details?.offlineReference ? `offline: ${p.details.offlineReference}` : "—")}</dd>
      </dl>
      <p>
        <a href={`/account/payments/${p.id}`}>The member's receipt</a> · <a href="/admin/payments">Back to the ledger</a>
      </p>
      <h2>Refunds</h2>
      {refunds.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {refunds.map((r) => (
            <li>
              {formatUsd(toCents(r.amount))} on {formatDateTime(r.createdAt)}: {r.reason}
              {r.stripeRefundId ? ` (${r.stripeRefundId})` : ""}
            </li>
          ))}
        </ul>
      )}
      {p.status === "COMPLETED" && left > 0 && (
        <form method="post" action={`/admin/payments/${p.id}/refund`}>
          <h3>Refund</h3>
          <ErrorSummary errors={props.errors} />
          <AttemptField attempt={props.values.attempt ?? props.attempt} />
          <Field name="amount" label="Amount to refund (US dollars)" inputmode="decimal" value={props.values.amount} error={props.errors.amount} hint={`Leave empty to refund the rest: ${formatUsd(left)}.${refundHow(p)}`} />
          <Field name="reason" label="Reason" required maxlength={300} value={props.values.reason} error={props.errors.reason} hint="The member sees it in their email; it goes into the audit trail." />
          {p.type === "EVENT_REGISTRATION" && (
            <p>
              <label>
                <input type="checkbox" name="releaseSeat" value="on" checked={props.values.attempt ? props.values.releaseSeat === "on" : true} /> On a full refund, also cancel the
                registration and give the seat to the next person waiting
              </label>
            </p>
          )}
          <button type="submit">Refund</button>
        </form>
      )}
    </>
  );
}

export function OfflinePage(props: { tiers: MembershipTier[]; links: AdminNavLinks; attempt: string; values: Values; errors: Errors; notice: string | undefined }) {
  const v = props.values;
  return (
    <>
      <h1>Record an offline payment</h1>
      <AdminNav current="/admin/payments" links={props.links} />
      <Notice message={props.notice} />
      <p>A check or cash taken by the office, for dues or a donation. Event seats paid at the door: the event's attendees screen.</p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/admin/payments/offline">
        <AttemptField attempt={props.attempt} />
        <Field name="email" label="Member's email" type="email" required value={v.email} error={props.errors.email} />
        <SelectField name="kind" label="For" value={v.kind ?? "dues"} options={[["dues", "Membership dues"], ["donation", "Donation"]]} error={props.errors.kind} />
        <SelectField name="tierId" label="Tier (dues)" value={v.tierId ?? ""} options={[["", "—"], ...props.tiers.map((t) => [t.id, `${t.name} (${formatUsd(toCents(t.price))})`] as const)]} error={props.errors.tierId} />
        <Field name="amount" label="Amount (US dollars)" inputmode="decimal" value={v.amount} error={props.errors.amount} hint="Dues: leave empty for the tier's price." />
        <Field name="reference" label="Check number, or cash" required value={v.reference} error={props.errors.reference} />
        <Field name="dedication" label="Donation in honor of (optional)" value={v.dedication} error={props.errors.dedication} />
        <button type="submit">Record payment</button>
      </form>
    </>
  );
}

function TierForm(props: { tier: MembershipTier | null; error?: { id: string; errors: Errors; values: Values } }) {
  const id = props.tier?.id ?? "new";
  const mine = props.error?.id === id ? props.error : undefined;
  const t = props.tier;
  const v = mine?.values ?? {
    name: t?.name ?? "",
    description: t?.description ?? "",
    price: t?.price ?? "",
    duration: t ? String(t.duration) : "12",
    stripePriceId: t?.stripePriceId ?? "",
    isActive: t === null || t.isActive ? "on" : "",
  };
  const e = mine?.errors ?? {};
  const f = (name: string) => `${name}`;
  return (
    <form method="post" action={t ? `/admin/payments/tiers/${t.id}` : "/admin/payments/tiers"} class="card" aria-label={t ? `Tier ${t.name}` : "New tier"}>
      <h2>{t ? t.name : "New tier"}</h2>
      <ErrorSummary errors={e} />
      <p class="field">
        <label for={`${id}-name`}>Name</label>
        <input id={`${id}-name`} name={f("name")} value={v.name} required maxlength={80} />
      </p>
      <p class="field">
        <label for={`${id}-description`}>Description</label>
        <input id={`${id}-description`} name="description" value={v.description} required maxlength={500} />
      </p>
      <p class="field">
        <label for={`${id}-price`}>Price (US dollars)</label>
        <input id={`${id}-price`} name="price" value={v.price} required inputmode="decimal" />
      </p>
      <p class="field">
        <label for={`${id}-duration`}>Term (months; 1200 = lifetime)</label>
        <input id={`${id}-duration`} name="duration" value={v.duration} required inputmode="numeric" />
      </p>
      <p class="field">
        <label for={`${id}-stripePriceId`}>Stripe Price id (auto-renewal)</label>
        <input id={`${id}-stripePriceId`} name="stripePriceId" value={v.stripePriceId} />
      </p>
      <p class="hint">The recurring Price in your Stripe Dashboard for this tier. Empty: the portal sends the price itself.</p>
      <p class="field">
        <label>
          <input type="checkbox" name="isActive" checked={v.isActive === "on"} /> Offered to members
        </label>
      </p>
      <button type="submit">{t ? "Save tier" : "Add tier"}</button>
    </form>
  );
}

export function TiersPage(props: { tiers: MembershipTier[]; links: AdminNavLinks; notice: string | undefined; error?: { id: string; errors: Errors; values: Values } | undefined }) {
  return (
    <>
      <h1>Membership tiers</h1>
      <AdminNav current="/admin/payments" links={props.links} />
      <Notice message={props.notice} />
      <p>
        <a href="/admin/payments/tiers.csv">Download CSV</a>
      </p>
      {props.error && <ActionError message="Check the highlighted tier." />}
      <div class="grid">
        {props.tiers.map((t) => (
          <TierForm tier={t} error={props.error} />
        ))}
        <TierForm tier={null} error={props.error} />
      </div>
    </>
  );
}

function PackageForm(props: { pkg: SponsorshipPackage | null; error?: { id: string; errors: Errors; values: Values } | undefined }) {
  const p = props.pkg;
  const id = p?.id ?? "new";
  const mine = props.error?.id === id ? props.error : undefined;
  const v = mine?.values ?? { name: p?.name ?? "", description: p?.description ?? "", price: p?.price ?? "", isActive: p === null || p.isActive ? "on" : "" };
  return (
    <form method="post" action={p ? `/admin/payments/packages/${p.id}` : "/admin/payments/packages"} class="card" aria-label={p ? `Package ${p.name}` : "New package"}>
      <h2>{p ? p.name : "New package"}</h2>
      <ErrorSummary errors={mine?.errors ?? {}} />
      <p class="field">
        <label for={`${id}-pname`}>Name</label>
        <input id={`${id}-pname`} name="name" value={v.name} required maxlength={80} />
      </p>
      <p class="field">
        <label for={`${id}-pdescription`}>Description</label>
        <input id={`${id}-pdescription`} name="description" value={v.description} required maxlength={500} />
      </p>
      <p class="field">
        <label for={`${id}-pprice`}>Price (US dollars)</label>
        <input id={`${id}-pprice`} name="price" value={v.price} required inputmode="decimal" />
      </p>
      <p class="field">
        <label>
          <input type="checkbox" name="isActive" checked={v.isActive === "on"} /> Offered
        </label>
      </p>
      <button type="submit">{p ? "Save package" : "Add package"}</button>
    </form>
  );
}

export function PackagesPage(props: { packages: SponsorshipPackage[]; links: AdminNavLinks; notice: string | undefined; error?: { id: string; errors: Errors; values: Values } | undefined }) {
  return (
    <>
      <h1>Sponsorship packages</h1>
      <AdminNav current="/admin/payments" links={props.links} />
      <Notice message={props.notice} />
      <p>
        <a href="/admin/payments/packages.csv">Download CSV</a>
      </p>
      {props.error && <ActionError message="Check the highlighted package." />}
      <div class="grid">
        {props.packages.map((p) => (
          <PackageForm pkg={p} error={props.error} />
        ))}
        <PackageForm pkg={null} error={props.error} />
      </div>
    </>
  );
}

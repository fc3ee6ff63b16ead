import type { MembershipTier } from "../../src/db/schema/payments.ts";
import type { MembershipStatus } from "../../src/features/payments/rules.ts";
import { formatUsd, toCents } from "../../src/lib/money.ts";
import { formatDate } from "../../src/lib/time.ts";
import { AttemptField } from "./parts.tsx";

export interface MembershipPageProps {
  tiers: MembershipTier[];
  currentTier: MembershipTier | null;
  status: MembershipStatus;
  expiresAt: Date | null;
  lapsesAt: Date | null;
  autoRenew: boolean;
  paymentFailed: boolean;
  hasCustomer: boolean;
  verified: boolean;
  attempt: string;
  notice: string | null;
  error?: string;
}

function highlights(benefits: unknown): string[] {
  const list = (benefits as { highlights?: unknown } | null)?.highlights;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === "string") : [];
}

function term(months: number): string {
  if (months >= 1200) return "for life";
  if (months % 12 === 0) return months === 12 ? "a year" : `${months / 12} years`;
  return `${months} months`;
}

function StatusLine(props: MembershipPageProps) {
  const tier = props.currentTier?.name ?? "Member";
  switch (props.status) {
    case "active":
      return (
        <p>
          <strong>{tier} membership: active</strong>
          {props.expiresAt ? `, until ${formatDate(props.expiresAt)}` : ""}.{" "}
          {props.autoRenew ? "It renews automatically by card." : props.expiresAt ? "It does not renew by itself: renew below before it ends." : ""}
        </p>
      );
    case "grace":
      return (
        <p>
          <strong>{tier} membership: ended {formatDate(props.expiresAt)}, in its grace period</strong> — renew by{" "}
          {formatDate(props.lapsesAt)} to keep member access.
        </p>
      );
    case "lapsed":
      return (
        <p>
          <strong>Your membership lapsed</strong> (ended {formatDate(props.expiresAt)}). Join again below to get member access and member prices back.
        </p>
      );
    case "none":
      return <p>You have no paid membership on file yet. Choose a tier below.</p>;
  }
}

export function MembershipPage(props: MembershipPageProps) {
  return (
    <>
      <h1>Membership</h1>
      {props.notice && (
        <div class="notice good" role="status">
          <p>{props.notice}</p>
        </div>
      )}
      {props.error && (
        <div class="notice bad" role="alert">
          <p>{props.error}</p>
        </div>
      )}
      {props.paymentFailed && (
        <div class="notice bad" role="alert">
          <p>Your last renewal payment was declined. Update your card so your membership keeps renewing.</p>
        </div>
      )}
      <section aria-labelledby="status-h">
        <h2 id="status-h">Your membership</h2>
        <StatusLine {...props} />
        {props.hasCustomer && (
          <form method="post" action="/membership/portal">
            <button type="submit" class="secondary">
              Update card or cancel renewal
            </button>
          </form>
        )}
        <p class="hint">
          <a href="/account/payments">Your payments and receipts</a>
        </p>
      </section>
      <section aria-labelledby="tiers-h">
        <h2 id="tiers-h">Tiers</h2>
        {!props.verified && <p class="hint">Confirm your email address first: open the link we emailed you.</p>}
        {props.tiers.map((t) => {
          const lifetime = t.duration >= 1200;
          const mine = props.currentTier?.id === t.id;
          return (
            <article class="card" aria-labelledby={`tier-${t.id}`}>
              <h3 id={`tier-${t.id}`}>
                {t.name}
                {mine ? " (your tier)" : ""}
              </h3>
              <p>
                <strong>{formatUsd(toCents(t.price))}</strong> {term(t.duration)}
              </p>
              <p>{t.description}</p>
              {highlights(t.benefits).length > 0 && (
                <ul>
                  {highlights(t.benefits).map((h) => (
                    <li>{h}</li>
                  ))}
                </ul>
              )}
              {props.verified && mine && props.autoRenew ? (
                <p class="hint">This tier renews automatically by card: change the card or stop renewing with "Update card or cancel renewal" above.</p>
              ) : props.verified && (
                <form method="post" action="/membership/checkout">
                  <input type="hidden" name="tierId" value={t.id} />
                  <AttemptField attempt={props.attempt} />
                  {lifetime ? (
                    <input type="hidden" name="term" value="term" />
                  ) : (
                    <fieldset>
                      <legend>How to pay for {t.name}</legend>
                      <label>
                        <input type="radio" name="term" value="subscription" checked /> Renew automatically each term
                      </label>
                      <label>
                        <input type="radio" name="term" value="term" /> Pay for one term only
                      </label>
                    </fieldset>
                  )}
                  <button type="submit">{mine && props.status !== "lapsed" ? `Renew ${t.name}` : props.currentTier && !mine ? `Change to ${t.name}` : `Join as ${t.name}`}</button>
                </form>
              )}
            </article>
          );
        })}
        <p class="hint">Amounts in US dollars. Paying extends your membership from its current end date, or from today if it has ended.</p>
      </section>
    </>
  );
}

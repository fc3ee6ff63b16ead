import type { SponsorshipPackage } from "../../src/db/schema/payments.ts";
import { formatUsd, toCents } from "../../src/lib/money.ts";
import { ErrorSummary, Field } from "../components/Field.tsx";
import { AttemptField } from "./parts.tsx";

export function DonatePage(props: { values: Record<string, string>; errors: Record<string, string>; attempt: string }) {
  return (
    <>
      <h1>Donate</h1>
      <p>Gifts fund the chapter's scholarship and mentoring programs. You pay by card on Stripe's page and get an emailed receipt.</p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/donate">
        <AttemptField attempt={props.attempt} />
        <Field name="amount" label="Amount (US dollars)" inputmode="decimal" required value={props.values.amount} error={props.errors.amount} hint="For example 50 or 125.00; $1 to $100,000." />
        <Field name="dedication" label="In honor or memory of (optional)" maxlength={200} value={props.values.dedication} error={props.errors.dedication} />
        <button type="submit">Continue to payment</button>
      </form>
    </>
  );
}

export function SponsorshipsPage(props: { packages: SponsorshipPackage[]; attempt: string; error?: string }) {
  return (
    <>
      <h1>Sponsorships</h1>
      <p>Support the chapter's events and programs. Each package is paid once by card; you get an emailed receipt.</p>
      {props.error && (
        <div class="notice bad" role="alert">
          <p>{props.error}</p>
        </div>
      )}
      {props.packages.length === 0 && <p>No sponsorship packages are offered right now.</p>}
      {props.packages.map((p) => (
        <article class="card" aria-labelledby={`pkg-${p.id}`}>
          <h2 id={`pkg-${p.id}`}>{p.name}</h2>
          <p>
            <strong>{formatUsd(toCents(p.price))}</strong>
          </p>
          <p>{p.description}</p>
          <form method="post" action="/sponsorships">
            <input type="hidden" name="packageId" value={p.id} />
            <AttemptField attempt={props.attempt} />
            <button type="submit">Sponsor: {p.name}</button>
          </form>
        </article>
      ))}
    </>
  );
}

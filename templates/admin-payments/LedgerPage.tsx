import { paymentStatusEnum, paymentTypeEnum } from "../../src/db/schema/payments.ts";
import type { LedgerFilters, LedgerRow } from "../../src/features/admin-payments/queries.ts";
import type { FieldErrors } from "../../src/lib/forms.ts";
import { formatUsd, toCents } from "../../src/lib/money.ts";
import { formatDate } from "../../src/lib/time.ts";
import { AdminNav, type AdminNavLinks, Notice } from "../admin/parts.tsx";
import { Field, SelectField } from "../components/Field.tsx";
import { FilterForm } from "../components/FilterForm.tsx";
import { Pager } from "../components/Pager.tsx";
import { Amount, STATUS_LABEL, TYPE_LABEL } from "../payments/parts.tsx";

export interface LedgerResultsProps {
  filters: LedgerFilters;
  rows: LedgerRow[];
  total: number;
  collected: string;
  refunded: string;
  /** Money received net of refunds (the dashboard's revenue of the same filters). */
  net: string;
  page: number;
  perPage: number;
}

const TYPE_OPTIONS: Array<readonly [string, string]> = [
  ["", "Any type"],
  ["OTHER", "Anything but dues"],
  ...paymentTypeEnum.enumValues.map((t) => [t, TYPE_LABEL[t]] as const),
];
const RECEIVED_OPTIONS: Array<readonly [string, string]> = [
  ["", "Any payment, by date created"],
  ["yes", "Money received (completed or refunded), by date received"],
];
const STATUS_OPTIONS: Array<readonly [string, string]> = [["", "Any status"], ...paymentStatusEnum.enumValues.map((s) => [s, STATUS_LABEL[s]] as const)];

/** Money as Postgres sums it ("1234.50", or with more decimals from sum()); shown in USD. */
function usd(total: string): string {
  const [whole = "0", frac = ""] = total.split(".");
  const cents = toCents(`${whole}.${frac.padEnd(2, "0").slice(0, 2)}`);
  return cents === 0 ? "$0.00" : formatUsd(cents);
}

export function LedgerResults(props: LedgerResultsProps) {
  const query = { ...props.filters };
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v)).toString();
  return (
    <div id="ledger-results">
      <p>
        <strong>{props.total}</strong> {props.total === 1 ? "payment" : "payments"} · collected <strong>{usd(props.collected)}</strong> (paid and later refunded) · refunded{" "}
        <strong>{usd(props.refunded)}</strong> · net received <strong data-net>{usd(props.net)}</strong> · <a href={`/admin/payments/export.csv${qs ? `?${qs}` : ""}`}>Download CSV</a>
      </p>
      {props.rows.length === 0 ? (
        <p class="notice" role="status">
          No payments match these filters.
        </p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-label="Payments table">
          <table>
            <caption class="visually-hidden">Payments, page {props.page}</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Member</th>
                <th scope="col">What for</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td>{formatDate(r.createdAt)}</td>
                  <td>
                    {r.firstName} {r.lastName}
                    <br />
                    <span class="hint">{r.email}</span>
                  </td>
                  <td>
                    <a href={`/admin/payments/${r.id}`}>{r.description ?? TYPE_LABEL[r.type]}</a>
                    <br />
                    <span class="hint">{TYPE_LABEL[r.type]}</span>
                  </td>
                  <td>
                    <Amount amount={r.amount} refunded={r.refundedAmount} />
                  </td>
                  <td>{STATUS_LABEL[r.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl="/admin/payments" query={query} />
    </div>
  );
}

export function LedgerPage(props: LedgerResultsProps & { errors: FieldErrors; links: AdminNavLinks; notice: string | undefined }) {
  return (
    <>
      <h1>Payments</h1>
      <AdminNav current="/admin/payments" links={props.links} />
      <Notice message={props.notice} />
      <p>
        <a href="/admin/payments/offline">Record an offline payment</a> · <a href="/admin/payments/tiers">Membership tiers</a> ·{" "}
        <a href="/admin/payments/packages">Sponsorship packages</a>
      </p>
      <FilterForm action="/admin/payments" label="Filter payments" resultsId="ledger-results">
        <SelectField name="type" label="Type" value={props.filters.type} options={TYPE_OPTIONS} error={props.errors.type} />
        <SelectField name="status" label="Status" value={props.filters.status} options={STATUS_OPTIONS} error={props.errors.status} />
        <SelectField name="received" label="Counted" value={props.filters.received} options={RECEIVED_OPTIONS} error={props.errors.received} />
        <Field name="from" label="From (date)" type="date" value={props.filters.from} error={props.errors.from} />
        <Field name="to" label="To (date)" type="date" value={props.filters.to} error={props.errors.to} />
        <Field name="member" label="Member name or email" type="search" value={props.filters.member} error={props.errors.member} />
        <button type="submit">Filter</button>
      </FilterForm>
      <LedgerResults {...props} />
    </>
  );
}

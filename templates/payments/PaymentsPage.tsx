import type { Payment } from "../../src/db/schema/payments.ts";
import { formatDate } from "../../src/lib/time.ts";
import { Pager } from "../components/Pager.tsx";
import { Amount, STATUS_LABEL, TYPE_LABEL } from "./parts.tsx";

export interface PaymentsPageProps {
  rows: Payment[];
  page: number;
  perPage: number;
  total: number;
}

export function PaymentsPage(props: PaymentsPageProps) {
  return (
    <>
      <h1>Your payments</h1>
      <p>
        Dues, event seats, donations and sponsorships, newest first. Open one for its receipt. <a href="/membership">Membership and dues</a> ·{" "}
        <a href="/donate">Donate</a>
      </p>
      {props.rows.length === 0 ? (
        <p>No payments yet.</p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-label="Your payments">
          <table>
            <caption class="visually-hidden">Your payments</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">What for</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((p) => (
                <tr>
                  <td>{formatDate(p.processedAt ?? p.createdAt)}</td>
                  <td>
                    <a href={`/account/payments/${p.id}`}>{p.description ?? TYPE_LABEL[p.type]}</a>
                    <br />
                    <span class="hint">{TYPE_LABEL[p.type]}</span>
                  </td>
                  <td>
                    <Amount amount={p.amount} refunded={p.refundedAmount} />
                  </td>
                  <td>{STATUS_LABEL[p.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl="/account/payments" query={{}} />
    </>
  );
}

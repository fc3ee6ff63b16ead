import type { Receipt } from "../../src/features/payments/queries.ts";
import { formatUsd, toCents } from "../../src/lib/money.ts";
import { formatDateTime } from "../../src/lib/time.ts";
import { Amount, STATUS_LABEL, TYPE_LABEL } from "./parts.tsx";

/** A receipt a member can print (the layout's print styles drop the header and nav). */
export function ReceiptPage(props: { receipt: Receipt; justPaid: boolean; backHref: string }) {
  const { payment: p, payer, refunds } = props.receipt;
  const paid = p.status === "COMPLETED" || p.status === "REFUNDED";
  return (
    <>
      {props.justPaid && (
        <div class="notice good" role="status">
          <p>{paid ? "Thank you: your payment went through." : "Thank you: your payment is being confirmed. Reload in a moment."}</p>
        </div>
      )}
      <article class="receipt" aria-labelledby="receipt-h">
        <h1 id="receipt-h">{paid ? "Receipt" : "Payment"}</h1>
        <p>Chapter Member Portal · amounts in US dollars</p>
        <dl>
          <dt>Receipt number</dt>
          <dd>{p.id}</dd>
          <dt>Paid by</dt>
          <dd>
            {payer.firstName} {payer.lastName}
            {payer.company ? `, ${payer.company}` : ""} ({payer.email})
          </dd>
          <dt>For</dt>
          <dd>
            {p.description ?? TYPE_LABEL[p.type]} ({TYPE_LABEL[p.type]})
            {p.details?.dedication ? ` — in honor of ${p.details.dedication}` : ""}
          </dd>
          <dt>Amount</dt>
          <dd>
            <Amount amount={p.amount} />
          </dd>
          <dt>Status</dt>
          <dd>{STATUS_LABEL[p.status]}</dd>
          <dt>Date</dt>
          <dd>{formatDateTime(p.processedAt ?? p.createdAt)}</dd>
          <dt>Paid with</dt>
          <dd>{p.details?.offlineReference ? `Offline (${p.details.offlineReference})` : p.stripePaymentId || p.stripeCheckoutSessionId ? "Card (Stripe)" : "—"}</dd>
        </dl>
        {refunds.length > 0 && (
          <>
            <h2>Refunds</h2>
            <ul>
              {refunds.map((r) => (
                <li>
                  {formatUsd(toCents(r.amount))} on {formatDateTime(r.createdAt)}: {r.reason}
                </li>
              ))}
            </ul>
          </>
        )}
      </article>
      <p class="no-print">
        <a href={props.backHref}>Back to payments</a>
      </p>
    </>
  );
}

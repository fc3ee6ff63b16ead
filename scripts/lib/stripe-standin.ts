// A local stand-in for the few Stripe endpoints the portal calls, so `npm run dev` and the
// tests take card payments with no Stripe account and no network. The Worker's own small
// Stripe client (src/features/payments/stripe.ts) is pointed here through STRIPE_API_URL;
// nothing else changes.
//
// API (form-encoded like Stripe's, JSON answers shaped like Stripe's objects):
//   POST /v1/customers, GET /v1/customers/:id
//   POST /v1/checkout/sessions, GET /v1/checkout/sessions/:id, POST /v1/checkout/sessions/:id/expire
//   POST /v1/billing_portal/sessions
//   POST /v1/refunds
//   POST /v1/prices, GET /v1/prices/:id
//   DELETE /v1/subscriptions/:id (cancel now)
//   GET /v1/invoice_payments?invoice=in_…[&status=paid] (an invoice's payments: the invoice
//     events leave `payments` out, as Stripe's webhook payloads do)
// Every POST must carry an Idempotency-Key (400 otherwise: the portal sends one on every
// create); the same key answers the first response again.
//
// Pages for a person: GET /checkout/:id (the hosted checkout: Pay / Cancel) and
// GET /portal/:customer (the customer portal: cancel auto-renewal).
// After a payment the stand-in signs its webhooks with the endpoint secret and POSTs them to
// webhookUrl (when given), then sends the browser to success_url.
//
// Test controls (JSON; each answers the signed events it made, and delivers them when a
// webhookUrl is set and ?deliver=1):
//   POST /__standin/sessions/:id/pay      the customer pays (subscription mode: + invoice.paid)
//   POST /__standin/sessions/:id/expire   the session expires
//   POST /__standin/subscriptions/:id/renew | fail | cancel
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

export interface SignedEvent {
  id: string;
  type: string;
  payload: string;
  signature: string;
}

export interface StripeStandin {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Obj = Record<string, unknown>;

export function parseStripeForm(body: string): Obj {
  const out: Obj = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.replace(/\]/g, "").split("[");
    let cur: Obj = out;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      if (last) cur[part] = value;
      else {
        const nextIsIndex = /^\d+$/.test(parts[i + 1]!);
        cur[part] ??= nextIsIndex ? [] : {};
        cur = cur[part] as Obj;
      }
    });
  }
  return out;
}

const token = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const nowSec = () => Math.floor(Date.now() / 1000);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startStripeStandin(opts: { port?: number; webhookSecret: string; webhookUrl?: string; log?: (msg: string) => void }): Promise<StripeStandin> {
  const customers = new Map<string, Obj>();
  const sessions = new Map<string, Obj>();
  const subscriptions = new Map<string, Obj>();
  const charges = new Map<string, Obj>(); // by payment intent
  const prices = new Map<string, Obj>();
  const invoicePayments = new Map<string, Obj[]>(); // by invoice
  const idempotent = new Map<string, { status: number; body: string }>();
  let base = "";
  const log = opts.log ?? (() => {});

  const event = async (type: string, object: Obj): Promise<SignedEvent> => {
    const id = token("evt");
    const payload = JSON.stringify({ id, object: "event", type, api_version: "2026-10-28.endive", created: nowSec(), livemode: false, pending_webhooks: 1, data: { object } });
    const signature = await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: opts.webhookSecret });
    return { id, type, payload, signature };
  };

  const deliver = async (events: SignedEvent[]): Promise<void> => {
    if (!opts.webhookUrl) return;
    for (const e of events) {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const res = await fetch(opts.webhookUrl, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": e.signature }, body: e.payload });
          if (res.ok) break;
          log(`webhook ${e.type} answered ${res.status}`);
        } catch (err) {
          log(`webhook ${e.type} failed: ${String(err)}`);
        }
        await new Promise((r) => setTimeout(r, 300 * (attempt + 1)));
      }
    }
  };

  const amountOf = (s: Obj): number => {
    const items = (s.line_items as Obj[] | undefined) ?? [];
    return items.reduce((sum, item) => {
      const qty = Number(item.quantity ?? 1);
      const pd = item.price_data as Obj | undefined;
      const unit = pd ? Number(pd.unit_amount) : Number(prices.get(String(item.price))?.unit_amount ?? 0);
      return sum + unit * qty;
    }, 0);
  };

  const invoiceFor = (sub: Obj, reason: string, paid: boolean): Obj => {
    const pi = token("pi");
    const amount = Number(sub.amount);
    const months = Number(sub.interval_count ?? 12);
    const start = nowSec();
    const end = start + months * 30 * 86400;
    if (paid) charges.set(pi, { id: token("ch"), object: "charge", payment_intent: pi, amount, amount_refunded: 0, refunded: false, customer: sub.customer });
    const id = token("in");
    invoicePayments.set(id, [
      {
        id: token("inpay"), object: "invoice_payment", invoice: id, is_default: true, currency: "usd", amount_requested: amount, amount_paid: paid ? amount : null,
        status: paid ? "paid" : "open", payment: { type: "payment_intent", payment_intent: pi }, created: start, livemode: false,
        status_transitions: { paid_at: paid ? start : null, canceled_at: null },
      },
    ]);
    // As in Stripe's webhook payloads: no `payments` (an expandable field), listed through /v1/invoice_payments.
    return {
      id,
      object: "invoice",
      customer: sub.customer,
      status: paid ? "paid" : "open",
      billing_reason: reason,
      currency: "usd",
      amount_due: amount,
      amount_paid: paid ? amount : 0,
      amount_remaining: paid ? 0 : amount,
      attempt_count: 1,
      hosted_invoice_url: `${base}/portal/${sub.customer}`,
      parent: { type: "subscription_details", subscription_details: { subscription: sub.id, metadata: sub.metadata ?? {} } },
      lines: { object: "list", data: [{ id: token("il"), amount, period: { start, end } }] },
      created: start,
    };
  };

  /** The customer pays a session: its events, in Stripe's usual order. */
  const pay = async (s: Obj): Promise<SignedEvent[]> => {
    if (s.status !== "open") return [];
    s.status = "complete";
    s.payment_status = "paid";
    const events: SignedEvent[] = [];
    if (s.mode === "subscription") {
      const sd = (s.subscription_data as Obj | undefined) ?? {};
      const item = ((s.line_items as Obj[] | undefined) ?? [])[0] ?? {};
      const recurring = ((item.price_data as Obj | undefined)?.recurring as Obj | undefined) ?? {};
      const sub: Obj = {
        id: token("sub"), object: "subscription", customer: s.customer, status: "active", cancel_at_period_end: false,
        metadata: sd.metadata ?? {}, amount: amountOf(s), interval_count: Number(recurring.interval_count ?? 12),
      };
      subscriptions.set(String(sub.id), sub);
      s.subscription = sub.id;
      const invoice = invoiceFor(sub, "subscription_create", true);
      s.invoice = invoice.id;
      events.push(await event("checkout.session.completed", s));
      events.push(await event("invoice.paid", invoice));
    } else {
      const pi = token("pi");
      s.payment_intent = pi;
      charges.set(pi, { id: token("ch"), object: "charge", payment_intent: pi, amount: s.amount_total, amount_refunded: 0, refunded: false, customer: s.customer });
      events.push(await event("checkout.session.completed", s));
    }
    return events;
  };

  const expire = async (s: Obj): Promise<SignedEvent[]> => {
    if (s.status !== "open") return [];
    s.status = "expired";
    return [await event("checkout.session.expired", s)];
  };

  const subscriptionAction = async (sub: Obj, action: string): Promise<SignedEvent[]> => {
    if (action === "renew") return [await event("invoice.paid", invoiceFor(sub, "subscription_cycle", true))];
    if (action === "fail") return [await event("invoice.payment_failed", invoiceFor(sub, "subscription_cycle", false))];
    if (action === "cancel-at-period-end") {
      sub.cancel_at_period_end = true;
      return [await event("customer.subscription.updated", sub)];
    }
    sub.status = "canceled";
    return [await event("customer.subscription.deleted", sub)];
  };

  const api = async (method: string, path: string, body: Obj): Promise<[number, unknown]> => {
    let m: RegExpMatchArray | null;
    if (method === "POST" && path === "/v1/customers") {
      const c = { id: token("cus"), object: "customer", email: body.email ?? null, name: body.name ?? null, metadata: body.metadata ?? {} };
      customers.set(c.id, c);
      return [200, c];
    }
    if (method === "GET" && (m = path.match(/^\/v1\/customers\/([\w]+)$/))) {
      const c = customers.get(m[1]!);
      return c ? [200, c] : notFound("customer", m[1]!);
    }
    if (method === "POST" && path === "/v1/prices") {
      const p = { id: token("price"), object: "price", currency: body.currency ?? "usd", unit_amount: Number(body.unit_amount), recurring: body.recurring ?? null, active: true };
      prices.set(p.id, p);
      return [200, p];
    }
    if (method === "GET" && (m = path.match(/^\/v1\/prices\/([\w]+)$/))) {
      const p = prices.get(m[1]!);
      return p ? [200, p] : notFound("price", m[1]!);
    }
    if (method === "POST" && path === "/v1/checkout/sessions") {
      if (body.mode !== "payment" && body.mode !== "subscription") return invalid("mode must be payment or subscription");
      if (!body.success_url) return invalid("success_url is required");
      const expiresAt = body.expires_at ? Number(body.expires_at) : nowSec() + 86400;
      if (expiresAt < nowSec() + 30 * 60 - 5 || expiresAt > nowSec() + 86400 + 5) return invalid("expires_at must be 30 minutes to 24 hours from now");
      const id = token("cs_test");
      const s: Obj = {
        id, object: "checkout.session", mode: body.mode, status: "open", payment_status: "unpaid",
        customer: body.customer ?? null, customer_email: body.customer_email ?? null, client_reference_id: body.client_reference_id ?? null,
        metadata: body.metadata ?? {}, success_url: body.success_url, cancel_url: body.cancel_url ?? null,
        expires_at: expiresAt, currency: "usd", payment_intent: null, subscription: null, invoice: null, url: `${base}/checkout/${id}`,
        line_items: body.line_items, subscription_data: body.subscription_data, created: nowSec(),
      };
      s.amount_total = amountOf(s);
      sessions.set(id, s);
      return [200, publicSession(s)];
    }
    if ((m = path.match(/^\/v1\/checkout\/sessions\/([\w]+)(\/expire)?$/))) {
      const s = sessions.get(m[1]!);
      if (!s) return notFound("checkout.session", m[1]!);
      if (method === "GET" && !m[2]) return [200, publicSession(s)];
      if (method === "POST" && m[2]) {
        if (s.status !== "open") return invalid(`This Checkout Session is ${s.status}, not open`);
        void deliver(await expire(s));
        return [200, publicSession(s)];
      }
    }
    if (method === "DELETE" && (m = path.match(/^\/v1\/subscriptions\/([\w]+)$/))) {
      const sub = subscriptions.get(m[1]!);
      if (!sub) return notFound("subscription", m[1]!);
      if (sub.status !== "canceled") void deliver(await subscriptionAction(sub, "cancel"));
      return [200, sub];
    }
    if (method === "GET" && path === "/v1/invoice_payments") {
      if (!body.invoice) return invalid("invoice is required (the stand-in lists one invoice's payments)");
      const all = invoicePayments.get(String(body.invoice)) ?? [];
      const data = body.status ? all.filter((p) => p.status === body.status) : all;
      return [200, { object: "list", url: "/v1/invoice_payments", has_more: false, data }];
    }
    if (method === "POST" && path === "/v1/billing_portal/sessions") {
      const returnUrl = String(body.return_url ?? "");
      return [200, { id: token("bps"), object: "billing_portal.session", customer: body.customer, return_url: returnUrl, url: `${base}/portal/${body.customer}?return_url=${encodeURIComponent(returnUrl)}` }];
    }
    if (method === "POST" && path === "/v1/refunds") {
      const charge = charges.get(String(body.payment_intent ?? ""));
      if (!charge) return invalid(`No such payment_intent: '${body.payment_intent}'`);
      const amount = body.amount ? Number(body.amount) : Number(charge.amount) - Number(charge.amount_refunded);
      if (amount <= 0 || Number(charge.amount_refunded) + amount > Number(charge.amount)) return invalid("Refund amount is greater than the unrefunded amount of the charge");
      charge.amount_refunded = Number(charge.amount_refunded) + amount;
      charge.refunded = charge.amount_refunded === charge.amount;
      const refund = { id: token("re"), object: "refund", amount, status: "succeeded", payment_intent: charge.payment_intent, charge: charge.id, reason: body.reason ?? null, metadata: body.metadata ?? {} };
      void deliver([await event("charge.refunded", { ...charge })]);
      return [200, refund];
    }
    return notFound("route", `${method} ${path}`);
  };

  const control = async (path: string): Promise<[number, unknown]> => {
    let m: RegExpMatchArray | null;
    if ((m = path.match(/^\/__standin\/sessions\/([\w]+)\/(pay|expire)$/))) {
      const s = sessions.get(m[1]!);
      if (!s) return notFound("checkout.session", m[1]!);
      return [200, { events: m[2] === "pay" ? await pay(s) : await expire(s), session: publicSession(s) }];
    }
    if ((m = path.match(/^\/__standin\/subscriptions\/([\w]+)\/(renew|fail|cancel|cancel-at-period-end)$/))) {
      const sub = subscriptions.get(m[1]!);
      if (!sub) return notFound("subscription", m[1]!);
      return [200, { events: await subscriptionAction(sub, m[2]!) }];
    }
    return notFound("route", path);
  };

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", base);
        const send = (status: number, body: string, type = "application/json") => {
          res.writeHead(status, { "content-type": type });
          res.end(body);
        };
        try {
          if (url.pathname.startsWith("/v1/")) {
            const key = req.headers["idempotency-key"];
            // Stripe takes a POST without a key; the portal never sends one, so here it is an error.
            if (req.method === "POST" && (typeof key !== "string" || key === "")) {
              const [status, body] = invalid(`POST ${url.pathname} needs an Idempotency-Key header: every create call carries a key derived from what it is for`);
              return send(status, JSON.stringify(body));
            }
            const cacheKey = typeof key === "string" && req.method === "POST" ? `${url.pathname}:${key}` : null;
            const hit = cacheKey ? idempotent.get(cacheKey) : undefined;
            if (hit) return send(hit.status, hit.body);
            const [status, body] = await api(req.method ?? "GET", url.pathname, parseStripeForm(req.method === "POST" ? raw : url.search.slice(1)));
            const text = JSON.stringify(body);
            if (cacheKey && status < 500) idempotent.set(cacheKey, { status, body: text });
            return send(status, text);
          }
          if (url.pathname.startsWith("/__standin/") && req.method === "POST") {
            const [status, body] = await control(url.pathname);
            if (url.searchParams.get("deliver") === "1") await deliver((body as { events?: SignedEvent[] }).events ?? []);
            return send(status, JSON.stringify(body));
          }
          let m: RegExpMatchArray | null;
          if ((m = url.pathname.match(/^\/checkout\/([\w]+)$/))) {
            const s = sessions.get(m[1]!);
            if (!s) return send(404, "No such checkout session", "text/plain");
            if (req.method === "POST") {
              const action = new URLSearchParams(raw).get("action");
              if (action === "pay" && s.status === "open") {
                await deliver(await pay(s));
                res.writeHead(303, { location: String(s.success_url).replace("{CHECKOUT_SESSION_ID}", String(s.id)) });
                return res.end();
              }
              res.writeHead(303, { location: String(s.cancel_url ?? s.success_url) });
              return res.end();
            }
            return send(200, checkoutPage(s), "text/html; charset=utf-8");
          }
          if ((m = url.pathname.match(/^\/portal\/([\w]+)$/))) {
            const customer = m[1]!;
            const returnUrl = url.searchParams.get("return_url") ?? "";
            const subs = [...subscriptions.values()].filter((s) => s.customer === customer && s.status === "active");
            if (req.method === "POST") {
              const form = new URLSearchParams(raw);
              const sub = subscriptions.get(form.get("subscription") ?? "");
              if (sub && sub.customer === customer) await deliver(await subscriptionAction(sub, "cancel-at-period-end"));
              res.writeHead(303, { location: `${url.pathname}?return_url=${encodeURIComponent(returnUrl)}` });
              return res.end();
            }
            return send(200, portalPage(customer, subs, returnUrl), "text/html; charset=utf-8");
          }
          send(404, "Not found", "text/plain");
        } catch (err) {
          log(`stand-in error: ${String(err)}`);
          send(500, JSON.stringify({ error: { type: "api_error", message: String(err) } }));
        }
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function publicSession(s: Obj): Obj {
  const { line_items: _l, subscription_data: _s, ...rest } = s;
  return rest;
}

function notFound(what: string, id: string): [number, unknown] {
  return [404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such ${what}: '${id}'` } }];
}

function invalid(message: string): [number, unknown] {
  return [400, { error: { type: "invalid_request_error", message } }];
}

const PAGE_STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1rem;margin-right:.5rem}";

function checkoutPage(s: Obj): string {
  const amount = `$${(Number(s.amount_total) / 100).toFixed(2)}`;
  const items = ((s.line_items as Obj[] | undefined) ?? []).map((i) => escapeHtml(String(((i.price_data as Obj | undefined)?.product_data as Obj | undefined)?.name ?? i.price ?? "Item")));
  const open = s.status === "open";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Checkout (local Stripe stand-in)</title><style>${PAGE_STYLE}</style></head><body><main>
<h1>Checkout</h1><p>Local Stripe stand-in: no card is charged.</p>
<p>${items.join(", ")}</p><p>Total: <strong>${amount}</strong>${s.mode === "subscription" ? " (renews automatically)" : ""}</p>
${open ? `<form method="post"><button name="action" value="pay">Pay ${amount}</button><button name="action" value="cancel">Cancel</button></form>` : `<p>This checkout is ${escapeHtml(String(s.status))}.</p>`}
</main></body></html>`;
}

function portalPage(customer: string, subs: Obj[], returnUrl: string): string {
  const rows = subs
    .map((s) => `<li>${escapeHtml(String(s.id))}: ${s.cancel_at_period_end ? "ends at the period's end" : `renews automatically <form method="post"><input type="hidden" name="subscription" value="${escapeHtml(String(s.id))}"><button>Cancel auto-renewal</button></form>`}</li>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Billing (local Stripe stand-in)</title><style>${PAGE_STYLE}</style></head><body><main>
<h1>Billing for ${escapeHtml(customer)}</h1><p>Local Stripe stand-in: the card on file is a pretend one.</p>
<ul>${rows || "<li>No active subscriptions.</li>"}</ul>
${returnUrl ? `<p><a href="${escapeHtml(returnUrl)}">Back to the portal</a></p>` : ""}
</main></body></html>`;
}

// The one Stripe client. Seven calls and the webhook check are all the portal makes, so this is a
// small fetch client rather than the SDK (≈70 KB gzip of the Worker bundle); the SDK's types
// describe every request and answer (`import type`: nothing of it is bundled). It points at the
// local stand-in (scripts/lib/stripe-standin.ts) when STRIPE_API_URL is set (development, tests).
// Every create call carries an idempotency key derived from what it is for, so a retried
// request or a double click never makes a second charge, session or refund.
import type StripeSdk from "stripe";
import type { Config } from "../../config.ts";

/** The API version the types above describe (the stripe package's pinned version). */
export const STRIPE_API_VERSION = "2026-10-28.endive";
const API = "https://api.stripe.com";
const TIMEOUT_MS = 20_000;
/** Webhook signatures older than this are refused (Stripe's own default). */
const WEBHOOK_TOLERANCE_S = 300;

export interface RequestOptions {
  idempotencyKey?: string;
}

/** The calls the portal makes, shaped like the SDK's so its parameter and result types apply. */
export interface Stripe {
  checkout: {
    sessions: {
      create(params: StripeSdk.Checkout.SessionCreateParams, opts?: RequestOptions): Promise<StripeSdk.Checkout.Session>;
      retrieve(id: string): Promise<StripeSdk.Checkout.Session>;
    };
  };
  customers: { create(params: StripeSdk.CustomerCreateParams, opts?: RequestOptions): Promise<StripeSdk.Customer> };
  refunds: { create(params: StripeSdk.RefundCreateParams, opts?: RequestOptions): Promise<StripeSdk.Refund> };
  billingPortal: { sessions: { create(params: StripeSdk.BillingPortal.SessionCreateParams, opts?: RequestOptions): Promise<StripeSdk.BillingPortal.Session> } };
  subscriptions: { cancel(id: string, params?: StripeSdk.SubscriptionCancelParams, opts?: RequestOptions): Promise<StripeSdk.Subscription> };
  /** An invoice's payments: webhook payloads leave `invoice.payments` out (it is expandable only). */
  invoicePayments: { list(params: StripeSdk.InvoicePaymentListParams): Promise<StripeSdk.ApiList<StripeSdk.InvoicePayment>> };
}

/** Stripe's object types, for the webhook handlers. */
export declare namespace Stripe {
  export type Event = StripeSdk.Event;
  export type Invoice = StripeSdk.Invoice;
  export type Subscription = StripeSdk.Subscription;
  export type Charge = StripeSdk.Charge;
  export type InvoicePayment = StripeSdk.InvoicePayment;
  export namespace Checkout {
    export type Session = StripeSdk.Checkout.Session;
    export type SessionCreateParams = StripeSdk.Checkout.SessionCreateParams;
  }
}

/** An error answer from Stripe: `type` and `code` as Stripe sends them (e.g. code "resource_missing"). */
export class StripeError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    readonly type: string | undefined,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "StripeError";
  }
}

/** Stripe's form encoding: nested objects and arrays as `a[b][0][c]=…`. */
export function formEncode(params: object, prefix = "", out = new URLSearchParams()): URLSearchParams {
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    const key = prefix ? `${prefix}[${k}]` : k;
    if (v === null) out.append(key, "");
    else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (item !== null && typeof item === "object") formEncode(item, `${key}[${i}]`, out);
        else out.append(`${key}[${i}]`, String(item));
      });
    } else if (typeof v === "object") formEncode(v, key, out);
    else out.append(key, String(v));
  }
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function stripeClient(config: Pick<Config, "STRIPE_SECRET_KEY" | "STRIPE_API_URL">): Stripe {
  const base = (config.STRIPE_API_URL ?? API).replace(/\/$/, "");
  // Against Stripe, a dropped connection, 409 (idempotency conflict), 429 or 5xx is retried twice
  // under the same idempotency key (or for a GET); the stand-in answers at once, so never.
  const retries = config.STRIPE_API_URL ? 0 : 2;

  async function request<T>(method: "GET" | "POST" | "DELETE", path: string, params?: object, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${config.STRIPE_SECRET_KEY}`, "stripe-version": STRIPE_API_VERSION };
    if (method === "POST") headers["content-type"] = "application/x-www-form-urlencoded";
    if (opts.idempotencyKey) headers["idempotency-key"] = opts.idempotencyKey;
    // POST sends its parameters as the form body; GET and DELETE in the query string.
    const form = formEncode(params ?? {}).toString();
    const body = method === "POST" ? form : undefined;
    const url = `${base}${path}${method !== "POST" && form ? `?${form}` : ""}`;
    const retryable = method === "GET" || Boolean(opts.idempotencyKey);
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
      } catch (err) {
        if (retryable && attempt < retries) {
          await sleep(500 * 2 ** attempt);
          continue;
        }
        throw err;
      }
      if (retryable && attempt < retries && (res.status === 409 || res.status === 429 || res.status >= 500)) {
        await res.body?.cancel();
        await sleep(500 * 2 ** attempt);
        continue;
      }
      const json = (await res.json().catch(() => null)) as { error?: { message?: string; type?: string; code?: string } } | null;
      if (!res.ok) {
        const e = json?.error;
        throw new StripeError(e?.message ?? `Stripe answered ${res.status}`, res.status, e?.type, e?.code);
      }
      return json as T;
    }
  }

  const id = (s: string) => encodeURIComponent(s);
  return {
    checkout: {
      sessions: {
        create: (params, opts) => request("POST", "/v1/checkout/sessions", params, opts),
        retrieve: (sessionId) => request("GET", `/v1/checkout/sessions/${id(sessionId)}`),
      },
    },
    customers: { create: (params, opts) => request("POST", "/v1/customers", params, opts) },
    refunds: { create: (params, opts) => request("POST", "/v1/refunds", params, opts) },
    billingPortal: { sessions: { create: (params, opts) => request("POST", "/v1/billing_portal/sessions", params, opts) } },
    subscriptions: { cancel: (subId, params, opts) => request("DELETE", `/v1/subscriptions/${id(subId)}`, params, opts) },
    invoicePayments: { list: (params) => request("GET", "/v1/invoice_payments", params) },
  };
}

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** Equal-time comparison of two hex strings. */
function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Verifies a webhook's Stripe-Signature on the raw body (HMAC-SHA256 of "t.body" with the
 * endpoint secret, any of its v1 signatures, no older than 300 s); throws on anything wrong.
 */
export async function verifyWebhook(config: Pick<Config, "STRIPE_WEBHOOK_SECRET">, body: string, signature: string, now = Date.now()): Promise<Stripe.Event> {
  const parts = signature.split(",").map((p) => p.trim().split("="));
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  const v1 = parts.filter(([k, v]) => k === "v1" && v).map(([, v]) => v!);
  if (!Number.isInteger(t) || v1.length === 0) throw new Error("Webhook signature header is malformed");
  if (Math.abs(now / 1000 - t) > WEBHOOK_TOLERANCE_S) throw new Error("Webhook signature is too old (or from the future)");
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(config.STRIPE_WEBHOOK_SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const expected = hex(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${t}.${body}`)));
  if (!v1.some((s) => sameHex(s, expected))) throw new Error("Webhook signature does not match the body");
  return JSON.parse(body) as Stripe.Event;
}

/** An idempotency key for one business action: "what:ids…" (Stripe allows 255 characters). */
export function idempotencyKey(...parts: string[]): string {
  return parts.join(":").slice(0, 255);
}

/**
 * A row id (shaped like newId(): "c" + 24 base32 characters) derived from its parts, so every
 * attempt at the same action names the same row and it is written once.
 */
export async function derivedId(...parts: string[]): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(parts.join(":"))));
  const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
  let id = "c";
  for (let bit = 0; id.length < 25; bit += 5) {
    const byte = bit >> 3;
    const word = (digest[byte]! << 8) | digest[byte + 1]!;
    id += ALPHABET[(word >> (11 - (bit & 7))) & 31];
  }
  return id;
}

// The one Stripe client: the SDK's Workers build (fetch + WebCrypto), pointed at the local
// stand-in (scripts/lib/stripe-standin.ts) when STRIPE_API_URL is set (development, tests).
// Every create call carries an idempotency key derived from what it is for, so a retried
// request or a double click never makes a second charge, session or refund.
import Stripe from "stripe";
import type { Config } from "../../config.ts";

export type { Stripe };

export function stripeClient(config: Pick<Config, "STRIPE_SECRET_KEY" | "STRIPE_API_URL">): Stripe {
  const local = config.STRIPE_API_URL ? new URL(config.STRIPE_API_URL) : null;
  return new Stripe(config.STRIPE_SECRET_KEY, {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: local ? 0 : 2,
    timeout: 20_000,
    ...(local ? { host: local.hostname, port: Number(local.port), protocol: local.protocol === "https:" ? "https" : "http" } : {}),
  });
}

export const stripeCrypto = Stripe.createSubtleCryptoProvider();

/** Verifies a webhook's signature (and its age: 300 s) on the raw body; throws on anything wrong. */
export async function verifyWebhook(config: Pick<Config, "STRIPE_SECRET_KEY" | "STRIPE_API_URL" | "STRIPE_WEBHOOK_SECRET">, body: string, signature: string): Promise<Stripe.Event> {
  return await stripeClient(config).webhooks.constructEventAsync(body, signature, config.STRIPE_WEBHOOK_SECRET, undefined, stripeCrypto);
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

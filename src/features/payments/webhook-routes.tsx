// POST /stripe/webhook: Stripe's deliveries. Its signature is its authentication (the CSRF
// Origin check exempts this one path): verified on the raw body with the endpoint's secret
// and a 5-minute tolerance, so a forged, altered or replayed-late body is refused with 400
// before anything is written. Then webhook.ts acts on it exactly once.
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { STRIPE_WEBHOOK_PATH } from "../../http/middleware.ts";
import type { AppEnv } from "../../http/types.ts";
import { log } from "../../lib/log.ts";
import { deliverSoon } from "../outbox/outbox.ts";
import { stripeClient, verifyWebhook, type Stripe } from "./stripe.ts";
import { handleStripeEvent } from "./webhook.ts";

export const webhookRoutes = new Hono<AppEnv>();

webhookRoutes.post(STRIPE_WEBHOOK_PATH, allow.public, async (c) => {
  // One clock for the delivery: the signature's age and every date the event writes.
  const now = new Date();
  const signature = c.req.header("stripe-signature");
  const body = await c.req.text();
  if (!signature) return c.text("Missing Stripe-Signature\n", 400);
  let event: Stripe.Event;
  try {
    event = await verifyWebhook(c.var.config, body, signature, now.getTime());
  } catch (err) {
    log("warn", "stripe webhook refused", { requestId: c.var.requestId, error: String(err).slice(0, 200) });
    return c.text("Bad signature\n", 400);
  }
  const config = c.var.config;
  const result = await handleStripeEvent(
    { db: c.var.db(), env: c.env, stripe: stripeClient(config), publicUrl: config.PUBLIC_URL, now },
    event,
  );
  log("info", "stripe webhook", { requestId: c.var.requestId, eventId: event.id, type: event.type, ...result });
  if (!result.duplicate) deliverSoon(c);
  return c.json({ received: true, ...result });
});

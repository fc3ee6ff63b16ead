// The portal's small Stripe client: Stripe's form encoding, and the webhook signature check
// against signatures made by Stripe's own SDK (an independent implementation).
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { formEncode, verifyWebhook } from "../../src/features/payments/stripe.ts";

const SECRET = "whsec_unit_test_secret";
const payload = JSON.stringify({ id: "evt_1", type: "checkout.session.completed", data: { object: { id: "cs_1" } } });
const sdkSignature = (body: string, timestamp?: number) =>
  Stripe.webhooks.generateTestHeaderStringAsync({ payload: body, secret: SECRET, ...(timestamp ? { timestamp } : {}) });

describe("formEncode", () => {
  it("writes nested objects and arrays in Stripe's bracket form, skips undefined and sends null as empty", () => {
    const form = formEncode({
      mode: "payment",
      line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 3500, product_data: { name: "Seat: Night & Day" } } }],
      metadata: { paymentId: "c123", note: undefined },
      payment_method_types: ["card", "us_bank_account"],
      description: null,
      allow_promotion_codes: false,
    });
    expect([...form]).toEqual([
      ["mode", "payment"],
      ["line_items[0][quantity]", "1"],
      ["line_items[0][price_data][currency]", "usd"],
      ["line_items[0][price_data][unit_amount]", "3500"],
      ["line_items[0][price_data][product_data][name]", "Seat: Night & Day"],
      ["metadata[paymentId]", "c123"],
      ["payment_method_types[0]", "card"],
      ["payment_method_types[1]", "us_bank_account"],
      ["description", ""],
      ["allow_promotion_codes", "false"],
    ]);
    expect(form.toString()).toContain("Seat%3A+Night+%26+Day");
  });
});

describe("verifyWebhook", () => {
  const config = { STRIPE_WEBHOOK_SECRET: SECRET };

  it("accepts a body signed by Stripe's SDK and returns the event", async () => {
    const event = await verifyWebhook(config, payload, await sdkSignature(payload));
    expect(event).toMatchObject({ id: "evt_1", type: "checkout.session.completed" });
  });

  it("refuses a changed body, another secret, a stale or future timestamp and a malformed header", async () => {
    const sig = await sdkSignature(payload);
    await expect(verifyWebhook(config, payload.replace("cs_1", "cs_2"), sig)).rejects.toThrow(/does not match/);
    await expect(verifyWebhook({ STRIPE_WEBHOOK_SECRET: "whsec_other" }, payload, sig)).rejects.toThrow(/does not match/);
    const old = Math.floor(Date.now() / 1000) - 301;
    await expect(verifyWebhook(config, payload, await sdkSignature(payload, old))).rejects.toThrow(/too old/);
    await expect(verifyWebhook(config, payload, await sdkSignature(payload, Math.floor(Date.now() / 1000) + 400))).rejects.toThrow(/too old/);
    await expect(verifyWebhook(config, payload, "v1=abc")).rejects.toThrow(/malformed/);
    await expect(verifyWebhook(config, payload, "")).rejects.toThrow(/malformed/);
  });

  it("accepts any one of several v1 signatures (Stripe sends two while a secret is rolled)", async () => {
    const sig = await sdkSignature(payload);
    const t = /t=(\d+)/.exec(sig)![1];
    const good = /v1=([0-9a-f]+)/.exec(sig)![1];
    expect((await verifyWebhook(config, payload, `t=${t},v1=${"0".repeat(64)},v1=${good}`)).id).toBe("evt_1");
  });
});

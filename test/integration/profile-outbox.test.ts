// Optional emails through the outbox: queued only when the member wants the kind, and sent
// with RFC 8058 List-Unsubscribe headers and a line in the text, derived at send time from
// the row's kind and member. Essential mail carries none. The provider is faked at its HTTP
// boundary. Sweeps the outbox, so it is on vitest.config.ts' SWEEPS list.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import type { Db } from "../../src/db/client.ts";
import { emailOutbox } from "../../src/db/schema/auth.ts";
import { deliverDueEmails, enqueueOptionalEmail, transportFor } from "../../src/features/outbox/outbox.ts";
import { verifyUnsubscribeToken } from "../../src/lib/unsubscribe.ts";
import { makeUser, useTestDb } from "../helpers/db.ts";

const db = useTestDb();
const config = loadConfig(env as unknown as Record<string, unknown>);
const providerConfig = { ...config, EMAIL_API_URL: "https://mail.example/send", EMAIL_API_KEY: "k" };
const LONG_AGO = new Date("1980-01-01T00:00:00Z");

class Rollback extends Error {}
async function isolated(fn: (tx: Db) => Promise<void>) {
  try {
    await db.transaction(async (tx) => {
      await fn(tx as unknown as Db);
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
}

function fakeProvider() {
  const seen: Array<{ body: { to: string[]; text: string; headers?: Record<string, string> } }> = [];
  const fakeFetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ body: JSON.parse(String(init?.body)) });
    return new Response(JSON.stringify({ id: `prov-${seen.length}` }), { status: 200, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { seen, fakeFetch };
}

describe("optional emails", () => {
  it("are queued only when the member wants that kind", async () => {
    await isolated(async (tx) => {
      const on = await makeUser(tx, { notificationPreferences: { email: true, sms: false, push: true } });
      const off = await makeUser(tx, { notificationPreferences: { email: true, sms: false, push: true, bidAlerts: false } });
      const master = await makeUser(tx, { notificationPreferences: { email: false, sms: false, push: true } });
      const mail = { subject: "New bids", text: "Three new bids." };
      expect(await enqueueOptionalEmail(tx, "bidAlerts", on, mail)).toMatch(/^c/);
      expect(await enqueueOptionalEmail(tx, "bidAlerts", off, mail)).toBeNull();
      expect(await enqueueOptionalEmail(tx, "bidAlerts", master, mail)).toBeNull();
      expect(await enqueueOptionalEmail(tx, "announcements", off, mail)).toMatch(/^c/);
      const rows = await tx.select({ kind: emailOutbox.kind, userId: emailOutbox.userId }).from(emailOutbox).where(eq(emailOutbox.subject, "New bids"));
      expect(rows.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
        { kind: "ANNOUNCEMENT", userId: off.id },
        { kind: "BID_ALERT", userId: on.id },
      ]);
    });
  });

  it("are sent with List-Unsubscribe and List-Unsubscribe-Post headers and an unsubscribe line; essential mail is not", async () => {
    await isolated(async (tx) => {
      const member = await makeUser(tx);
      await enqueueOptionalEmail(tx, "eventReminders", member, { subject: "Tomorrow", text: "See you at the mixer." });
      await tx.update(emailOutbox).set({ nextAttemptAt: LONG_AGO }).where(eq(emailOutbox.userId, member.id));
      await tx.insert(emailOutbox).values({ toAddress: member.email, userId: member.id, subject: "Reset", textBody: "Reset link", kind: "RESET_PASSWORD", nextAttemptAt: new Date(LONG_AGO.getTime() + 1000) });
      const { seen, fakeFetch } = fakeProvider();
      expect(await deliverDueEmails(tx, providerConfig, transportFor(providerConfig, fakeFetch), 2)).toEqual({ sent: 2, failed: 0, dead: 0 });

      const reminder = seen.find((s) => s.body.text.startsWith("See you"))!.body;
      const url = reminder.headers!["List-Unsubscribe"]!.slice(1, -1);
      expect(reminder.headers).toEqual({ "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
      expect(url.startsWith(`${config.PUBLIC_URL}/unsubscribe/`)).toBe(true);
      expect(await verifyUnsubscribeToken(config.TOTP_ENCRYPTION_KEY, url.split("/").pop()!)).toEqual({ userId: member.id, kind: "eventReminders" });
      expect(reminder.text).toBe(`See you at the mixer.\n\n--\nStop these emails (event reminders): ${url}\n`);

      const reset = seen.find((s) => s.body.text === "Reset link")!.body;
      expect(reset).not.toHaveProperty("headers");
    });
  });
});

import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Config } from "../../config.ts";
import { createDb, type Db } from "../../db/client.ts";
import { emailOutbox } from "../../db/schema/auth.ts";
import type { AppEnv } from "../../http/types.ts";
import { log } from "../../lib/log.ts";

type Writer = Pick<Db, "insert">;

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** Why it is sent (VERIFY_EMAIL, RESET_PASSWORD, ...), shown on the admin outbox screen. */
  kind: string;
  userId?: string | null;
}

/** Queues an email in the same transaction as whatever caused it; the sender delivers it later. */
export async function enqueueEmail(tx: Writer, email: OutgoingEmail): Promise<string> {
  const [row] = await tx
    .insert(emailOutbox)
    .values({ toAddress: email.to, subject: email.subject, textBody: email.text, kind: email.kind, userId: email.userId ?? null })
    .returning({ id: emailOutbox.id });
  return row!.id;
}

/** After this many failed attempts a message is DEAD and an admin must resend it. */
export const MAX_ATTEMPTS = 6;

/** Backoff after the n-th failure: 1, 4, 16, 64, 256 minutes. */
export function retryDelayMs(attempts: number): number {
  return 60_000 * 4 ** Math.max(0, attempts - 1);
}

export type EmailTransport = (email: { from: string; to: string; subject: string; text: string }) => Promise<{ id: string }>;

/**
 * Production: the provider's HTTP API (JSON POST with a bearer key, answering
 * `{ id }`). Development and tests: the message is logged and counts as sent.
 */
export function transportFor(config: Config, fetchImpl: typeof fetch = fetch): EmailTransport {
  if (!config.EMAIL_API_URL || !config.EMAIL_API_KEY) {
    return async (email) => {
      log("info", "email (not sent: development)", { to: email.to, subject: email.subject, text: email.text });
      return { id: `dev-${crypto.randomUUID()}` };
    };
  }
  const url = config.EMAIL_API_URL;
  const key = config.EMAIL_API_KEY;
  return async (email) => {
    const res = await fetchImpl(url, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ from: email.from, to: [email.to], subject: email.subject, text: email.text }),
    });
    if (!res.ok) throw new Error(`email provider answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const body = (await res.json().catch(() => ({}))) as { id?: string };
    return { id: body.id ?? "unknown" };
  };
}

/**
 * Delivers due messages. Each is claimed with FOR UPDATE SKIP LOCKED inside its
 * own transaction, so two senders (cron and on-demand) never send one twice.
 */
export async function deliverDueEmails(
  db: Db,
  config: Config,
  transport: EmailTransport = transportFor(config),
  limit = 20,
): Promise<{ sent: number; failed: number; dead: number }> {
  const result = { sent: 0, failed: 0, dead: 0 };
  for (let i = 0; i < limit; i++) {
    const outcome = await db.transaction(async (tx) => {
      const [due] = await tx
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.status, "PENDING"), lte(emailOutbox.nextAttemptAt, sql`now()`)))
        .orderBy(asc(emailOutbox.nextAttemptAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!due) return "none" as const;
      try {
        const sent = await transport({ from: config.EMAIL_FROM, to: due.toAddress, subject: due.subject, text: due.textBody });
        await tx
          .update(emailOutbox)
          .set({ status: "SENT", sentAt: new Date(), attempts: due.attempts + 1, providerMessageId: sent.id, lastError: null })
          .where(eq(emailOutbox.id, due.id));
        return "sent" as const;
      } catch (err) {
        const attempts = due.attempts + 1;
        const dead = attempts >= MAX_ATTEMPTS;
        await tx
          .update(emailOutbox)
          .set({
            attempts,
            status: dead ? "DEAD" : "PENDING",
            lastError: String(err instanceof Error ? err.message : err).slice(0, 500),
            nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)),
          })
          .where(eq(emailOutbox.id, due.id));
        log("warn", "email delivery failed", { outboxId: due.id, attempts, dead, error: String(err) });
        return dead ? ("dead" as const) : ("failed" as const);
      }
    });
    if (outcome === "none") break;
    result[outcome]++;
  }
  return result;
}

/**
 * Sends what is due right after the response, on its own connection (the
 * request's pool is closing). The cron sweep catches anything this misses.
 */
export function deliverSoon<E extends AppEnv>(c: Context<E>): void {
  const config = c.var.config;
  afterResponse(c, "on-demand email delivery", (db) => deliverDueEmails(db, config).then(() => {}));
}

/**
 * Work the member need not wait for, run after the response on its own database
 * connection (the request's is closed once the response is sent). A failure is
 * logged; the work must be safe to lose or be retried by the scheduled run.
 */
export function afterResponse<E extends AppEnv>(c: Context<E>, what: string, work: (db: Db) => Promise<void>): void {
  const config = c.var.config;
  c.executionCtx.waitUntil(
    (async () => {
      // Start once the handler has finished rendering: run alongside it, the work's CPU
      // (connecting, building queries) would slow the very response it must not slow.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const { db, pool } = createDb(config);
      try {
        await work(db);
      } catch (err) {
        log("warn", `${what} failed`, { error: String(err) });
      } finally {
        await pool.end().catch(() => {});
      }
    })(),
  );
}

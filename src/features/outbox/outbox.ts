import { sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Config } from "../../config.ts";
import { createDb, type Db, type DbOrTx } from "../../db/client.ts";
import { emailOutbox } from "../../db/schema/auth.ts";
import type { AppEnv } from "../../http/types.ts";
import { OPTIONAL_EMAIL_KINDS, wantsEmail, type OptionalEmailKind } from "../../lib/email-preferences.ts";
import { log } from "../../lib/log.ts";
import { optionalKindOfOutbox, OUTBOX_KIND_OF, unsubscribeUrl } from "../../lib/unsubscribe.ts";
import type { NotificationPreferences } from "../../db/schema/accounts.ts";

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
  return (await enqueueEmails(tx, [email]))[0]!;
}

/** Queues several emails in one statement (one round trip however many), in the caller's transaction. */
export async function enqueueEmails(tx: Writer, emails: readonly OutgoingEmail[]): Promise<string[]> {
  if (emails.length === 0) return [];
  const rows = await tx
    .insert(emailOutbox)
    .values(emails.map((email) => ({ toAddress: email.to, subject: email.subject, textBody: email.text, kind: email.kind, userId: email.userId ?? null })))
    .returning({ id: emailOutbox.id });
  return rows.map((r) => r.id);
}

/**
 * Queues a non-essential email only if the member has not turned its kind off (the master
 * switch included). The row's kind says which optional kind it is (OUTBOX_KIND_OF), so the
 * sender adds the one-click unsubscribe headers and line. Null when not queued.
 */
export async function enqueueOptionalEmail(
  tx: Writer,
  kind: OptionalEmailKind,
  to: { id: string; email: string; notificationPreferences: NotificationPreferences | null },
  email: { subject: string; text: string },
): Promise<string | null> {
  if (!wantsEmail(to.notificationPreferences, kind)) return null;
  return enqueueEmail(tx, { to: to.email, userId: to.id, kind: OUTBOX_KIND_OF[kind], subject: email.subject, text: email.text });
}

/** After this many failed attempts a message is DEAD and an admin must resend it. */
export const MAX_ATTEMPTS = 6;

/** Backoff after the n-th failure: 1, 4, 16, 64, 256 minutes. */
export function retryDelayMs(attempts: number): number {
  return 60_000 * 4 ** Math.max(0, attempts - 1);
}

export interface TransportEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** RFC 8058 one-click unsubscribe link, for optional kinds of email only. */
  unsubscribeUrl?: string;
}

export type EmailTransport = (email: TransportEmail) => Promise<{ id: string }>;

/** The List-Unsubscribe pair (RFC 2369 + RFC 8058) for an optional email; none for essential mail. */
export function unsubscribeHeaders(url: string | undefined): Record<string, string> | undefined {
  if (!url) return undefined;
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/**
 * Production: the provider's HTTP API (JSON POST with a bearer key, answering
 * `{ id }`). Development and tests: the message is logged and counts as sent.
 */
export function transportFor(config: Config, fetchImpl: typeof fetch = fetch): EmailTransport {
  if (!config.EMAIL_API_URL || !config.EMAIL_API_KEY) {
    return async (email) => {
      log("info", "email (not sent: development)", { to: email.to, subject: email.subject, text: email.text, unsubscribe: email.unsubscribeUrl });
      return { id: `dev-${crypto.randomUUID()}` };
    };
  }
  const url = config.EMAIL_API_URL;
  const key = config.EMAIL_API_KEY;
  return async (email) => {
    const res = await fetchImpl(url, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ from: email.from, to: [email.to], subject: email.subject, text: email.text, headers: unsubscribeHeaders(email.unsubscribeUrl) }),
    });
    if (!res.ok) throw new Error(`email provider answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const body = (await res.json().catch(() => ({}))) as { id?: string };
    return { id: body.id ?? "unknown" };
  };
}

/** A claimed message is left alone by other senders this long; a sender that dies mid-way frees it then. */
const CLAIM_LEASE = "10 minutes";

type Claimed = { id: string; to_address: string; subject: string; text_body: string; attempts: number; kind: string; user_id: string | null };

/**
 * What the transport is handed for a claimed row: an optional kind of email (known by the
 * row's kind) sent to a member gets its unsubscribe link, in the headers and as a last line.
 */
export async function outgoingFor(config: Config, due: Pick<Claimed, "to_address" | "subject" | "text_body" | "kind" | "user_id">): Promise<TransportEmail> {
  const email: TransportEmail = { from: config.EMAIL_FROM, to: due.to_address, subject: due.subject, text: due.text_body };
  const optional = optionalKindOfOutbox(due.kind);
  if (!optional || !due.user_id) return email;
  const url = await unsubscribeUrl(config, due.user_id, optional);
  return { ...email, unsubscribeUrl: url, text: `${due.text_body}\n\n--\nStop these emails (${unsubscribeLabel(optional)}): ${url}\n` };
}

function unsubscribeLabel(kind: OptionalEmailKind): string {
  return OPTIONAL_EMAIL_KINDS[kind].label.toLowerCase();
}

/**
 * Delivers due messages in two statements whatever their number: one claims up to `limit`
 * due messages (FOR UPDATE SKIP LOCKED, then a lease on next_attempt_at, so two senders
 * never take the same one and none waits for the other), one records every outcome. No
 * transaction stays open while the provider is called, so this runs over the HTTP path.
 */
export async function deliverDueEmails(
  db: DbOrTx,
  config: Config,
  transport: EmailTransport = transportFor(config),
  limit = 20,
): Promise<{ sent: number; failed: number; dead: number }> {
  const result = { sent: 0, failed: 0, dead: 0 };
  const claimed = (await db.execute(sql`
    UPDATE email_outbox o SET next_attempt_at = now() + ${CLAIM_LEASE}::interval
    FROM (
      SELECT id FROM email_outbox WHERE status = 'PENDING' AND next_attempt_at <= now()
      ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ) due
    WHERE o.id = due.id
    RETURNING o.id, o.to_address, o.subject, o.text_body, o.attempts, o.kind, o.user_id`)) as unknown as { rows: Claimed[] };
  if (claimed.rows.length === 0) return result;

  const outcomes = await Promise.all(
    claimed.rows.map(async (due) => {
      const attempts = due.attempts + 1;
      try {
        const sent = await transport(await outgoingFor(config, due));
        result.sent++;
        return { id: due.id, attempts, status: "SENT", providerId: sent.id, error: null, retryAt: null };
      } catch (err) {
        const dead = attempts >= MAX_ATTEMPTS;
        result[dead ? "dead" : "failed"]++;
        log("warn", "email delivery failed", { outboxId: due.id, attempts, dead, error: String(err) });
        const error = String(err instanceof Error ? err.message : err).slice(0, 500);
        return { id: due.id, attempts, status: dead ? "DEAD" : "PENDING", providerId: null, error, retryAt: new Date(Date.now() + retryDelayMs(attempts)).toISOString() };
      }
    }),
  );
  const col = <K extends keyof (typeof outcomes)[number]>(k: K) => sql.param(outcomes.map((o) => o[k]));
  await db.execute(sql`
    UPDATE email_outbox o SET
      status = r.status, attempts = r.attempts, provider_message_id = r.provider_id, last_error = r.error,
      sent_at = CASE WHEN r.status = 'SENT' THEN now() ELSE o.sent_at END,
      next_attempt_at = coalesce(r.retry_at, o.next_attempt_at)
    FROM unnest(${col("id")}::text[], ${col("status")}::outbox_status[], ${col("attempts")}::integer[],
                ${col("providerId")}::text[], ${col("error")}::text[], ${col("retryAt")}::timestamptz[])
      AS r(id, status, attempts, provider_id, error, retry_at)
    WHERE o.id = r.id`);
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

// The unread digest (a cron job): a member with messages still unread some hours after they
// were sent gets one email listing them per conversation. Each message is in at most one
// digest ever: conversation_members.digested_seq records how far digests went, and it is
// advanced in the same transaction as the email is queued. The email's outbox id is derived
// from (member, conversation, sequence range) per conversation listed, so a retried run that
// got as far as the insert adds nothing.
import { sql } from "drizzle-orm";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { idFrom } from "../../db/ids.ts";
import type { NotificationPreferences } from "../../db/schema/accounts.ts";
import { wantsEmail } from "../../lib/email-preferences.ts";
import { formatDateTime } from "../../lib/time.ts";
import { readsConversation } from "./queries.ts";

/** Messages unread this long go into a digest. */
export const DIGEST_AFTER_HOURS = 4;
/** (member, conversation) pairs handled per run; the rest wait for the next run. */
const PAIRS_PER_RUN = 2000;
/** Messages quoted per conversation; the rest are counted. */
const QUOTED = 5;

type Pending = {
  user_id: string;
  conversation_id: string;
  from_seq: number;
  to_seq: number;
  n: number;
  email: string;
  first_name: string;
  prefs: NotificationPreferences | null;
  title: string | null;
  kind: string;
  latest: Array<{ sender: string; content: string; sent_at: string }>;
};

/**
 * One run: reads what is due (one statement), then one transaction advances every pair's
 * digested_seq (one statement, only where nothing else advanced it meanwhile) and queues the
 * emails of the members whose pairs all advanced (one multi-row insert).
 */
export async function sendMessageDigests(
  db: Db,
  config: Config,
  now: Date = new Date(),
  pairsPerRun: number = PAIRS_PER_RUN,
): Promise<{ members: number; emails: number; messages: number }> {
  const cutoff = new Date(now.getTime() - DIGEST_AFTER_HOURS * 3_600_000);
  const due = await db.execute<Pending>(sql`
    WITH candidates AS (
      SELECT cm.user_id, cm.conversation_id, GREATEST(cm.last_read_seq, cm.digested_seq) AS from_seq
      FROM conversation_members cm
      JOIN conversations c ON c.id = cm.conversation_id
      WHERE NOT cm.muted AND NOT cm.archived AND c.last_seq > GREATEST(cm.last_read_seq, cm.digested_seq)
        AND ${readsConversation("cm", "c")}
        -- Only pairs with something to send: a member's own last message, or one from someone
        -- they blocked, must not keep a pair in this window for ever.
        AND EXISTS (
          SELECT 1 FROM messages m
          WHERE m.conversation_id = cm.conversation_id AND m.seq > GREATEST(cm.last_read_seq, cm.digested_seq)
            AND m.sender_id <> cm.user_id AND m.sent_at <= ${cutoff.toISOString()}::timestamptz
            AND NOT EXISTS (SELECT 1 FROM member_blocks b WHERE b.blocker_id = cm.user_id AND b.blocked_id = m.sender_id))
      ORDER BY cm.user_id, cm.conversation_id
      LIMIT ${pairsPerRun}
    )
    SELECT d.user_id, d.conversation_id, d.from_seq, agg.to_seq, agg.n, u.email, u.first_name,
      u.notification_preferences AS prefs, c.title, c.kind, agg.latest
    FROM candidates d
    JOIN users u ON u.id = d.user_id AND u.is_active AND u.is_verified AND u.deleted_at IS NULL
    JOIN conversations c ON c.id = d.conversation_id
    CROSS JOIN LATERAL (
      SELECT max(m.seq)::integer AS to_seq, count(*)::integer AS n,
        (SELECT coalesce(json_agg(q ORDER BY q.seq), '[]') FROM (
          SELECT m2.seq, s.first_name || ' ' || s.last_name AS sender, m2.content, m2.sent_at
          FROM messages m2 JOIN users s ON s.id = m2.sender_id
          WHERE m2.conversation_id = d.conversation_id AND m2.seq > d.from_seq AND m2.sender_id <> d.user_id AND m2.sent_at <= ${cutoff.toISOString()}::timestamptz
            AND NOT EXISTS (SELECT 1 FROM member_blocks b WHERE b.blocker_id = d.user_id AND b.blocked_id = m2.sender_id)
          ORDER BY m2.seq DESC LIMIT ${QUOTED}
        ) q) AS latest
      FROM messages m
      WHERE m.conversation_id = d.conversation_id AND m.seq > d.from_seq AND m.sender_id <> d.user_id AND m.sent_at <= ${cutoff.toISOString()}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM member_blocks b WHERE b.blocker_id = d.user_id AND b.blocked_id = m.sender_id)
    ) agg
    WHERE agg.n > 0`);
  const rows = due.rows;
  if (rows.length === 0) return { members: 0, emails: 0, messages: 0 };

  const byMember = new Map<string, Pending[]>();
  for (const r of rows) byMember.set(r.user_id, [...(byMember.get(r.user_id) ?? []), r]);

  let emails = 0;
  await db.transaction(async (tx) => {
    const advanced = await tx.execute<{ user_id: string; conversation_id: string }>(sql`
      UPDATE conversation_members cm SET digested_seq = v.to_seq
      FROM unnest(${sql.param(rows.map((r) => r.user_id))}::text[], ${sql.param(rows.map((r) => r.conversation_id))}::text[],
                  ${sql.param(rows.map((r) => r.from_seq))}::integer[], ${sql.param(rows.map((r) => r.to_seq))}::integer[])
        AS v(user_id, conversation_id, from_seq, to_seq)
      WHERE cm.user_id = v.user_id AND cm.conversation_id = v.conversation_id
        AND GREATEST(cm.last_read_seq, cm.digested_seq) = v.from_seq
      RETURNING cm.user_id, cm.conversation_id`);
    const done = new Set(advanced.rows.map((r) => `${r.user_id}:${r.conversation_id}`));
    const outgoing: Array<{ id: string; userId: string; to: string; subject: string; text: string }> = [];
    for (const [userId, pairs] of byMember) {
      // Another run took some of this member's messages meanwhile: it sends those; this one sends the rest.
      const mine = pairs.filter((p) => done.has(`${userId}:${p.conversation_id}`));
      const first = mine[0];
      if (!first || !wantsEmail(first.prefs, "messageDigests")) continue;
      const key = mine.map((p) => `${p.conversation_id}:${p.from_seq}-${p.to_seq}`).sort().join("|");
      outgoing.push({ id: await idFrom(`message-digest:${userId}:${key}`), userId, to: first.email, ...digestEmail(first.first_name, mine, config.PUBLIC_URL) });
    }
    if (outgoing.length === 0) return;
    const inserted = await tx.execute(sql`
      INSERT INTO email_outbox (id, user_id, to_address, subject, text_body, kind)
      SELECT id, user_id, to_address, subject, text_body, 'MESSAGE_DIGEST'
      FROM unnest(${sql.param(outgoing.map((o) => o.id))}::text[], ${sql.param(outgoing.map((o) => o.userId))}::text[],
                  ${sql.param(outgoing.map((o) => o.to))}::text[], ${sql.param(outgoing.map((o) => o.subject))}::text[],
                  ${sql.param(outgoing.map((o) => o.text))}::text[]) AS t(id, user_id, to_address, subject, text_body)
      ON CONFLICT (id) DO NOTHING`);
    emails = inserted.rowCount ?? outgoing.length;
  });
  return { members: byMember.size, emails, messages: rows.reduce((n, r) => n + r.n, 0) };
}

function digestEmail(firstName: string, pairs: Pending[], publicUrl: string): { subject: string; text: string } {
  const total = pairs.reduce((n, p) => n + p.n, 0);
  const base = publicUrl.replace(/\/$/, "");
  const parts = pairs.map((p) => {
    const title = p.title ?? (p.kind === "DIRECT" ? `${p.latest[p.latest.length - 1]?.sender ?? "A member"}` : "A conversation");
    const lines = p.latest.map((m) => `  ${m.sender}, ${formatDateTime(new Date(m.sent_at))}:\n    ${m.content.replace(/\s+/g, " ").slice(0, 300)}`);
    const more = p.n > p.latest.length ? [`  …and ${p.n - p.latest.length} earlier ${p.n - p.latest.length === 1 ? "message" : "messages"}.`] : [];
    return [`${title} (${p.n} unread)`, ...more, ...lines, `  Open: ${base}/messages/${p.conversation_id}`].join("\n");
  });
  return {
    subject: `You have ${total} unread ${total === 1 ? "message" : "messages"} on the Chapter Member Portal`,
    text: [
      `Hello ${firstName},`,
      "",
      `These messages have waited for you for more than ${DIGEST_AFTER_HOURS} hours:`,
      "",
      parts.join("\n\n"),
      "",
      `Turn these digests off on your account page: ${base}/account`,
    ].join("\n"),
  };
}

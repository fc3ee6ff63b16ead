// The email outbox: what was sent, what is waiting, what died; resend and deliver now.
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { isId, ID } from "../../db/ids.ts";
import { emailOutbox } from "../../db/schema/auth.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { readQuery } from "../../lib/forms.ts";
import { OutboxPage } from "../../../templates/admin/OutboxPage.tsx";
import { deliverDueEmails } from "../outbox/outbox.ts";
import { recordAdminAction, auditActor } from "../../lib/audit.ts";
import { outboxFiltersSchema } from "./forms.ts";
import { listOutbox } from "./queries.ts";
import { countParam, adminNotices } from "./rules.ts";
import { pageField, pageWindow } from "../../lib/pagination.ts";
import { csvPagedResponse, refusedCsvFilters, type CsvColumn } from "../../lib/csv.ts";
import { toPacificDateInput } from "../../lib/time.ts";
import type { OutboxRow } from "./queries.ts";
import { type AdminContext, navLinks } from "../../http/admin.ts";

export const outboxRoutes = new Hono<AppEnv>();

const OUTBOX_QUERY = outboxFiltersSchema.extend({ page: pageField() });

async function renderOutbox(c: AdminContext, opts: { status?: 200 | 409 | 422; actionError?: string } = {}) {
  const query = readQuery(c, OUTBOX_QUERY);
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, 25);
  const result = query.ok ? await listOutbox(c.var.db(), query.data, { limit, offset }) : { rows: [], total: 0 };
  const code = c.req.query("notice");
  const sent = countParam(c.req.query("sent"));
  const failed = countParam(c.req.query("failed"));
  const detail = code === "delivered" && sent !== undefined ? `${sent} sent, ${failed ?? 0} failed.` : undefined;
  return renderPage(c, {
    title: "Email outbox",
    status: opts.status ?? (query.ok ? 200 : 422),
    body: (
      <OutboxPage
        rows={result.rows}
        total={result.total}
        page={page}
        perPage={perPage}
        status={query.ok ? query.data.status : ""}
        errors={query.errors}
        links={navLinks(c)}
        notice={opts.status ? undefined : adminNotices.read(c)}
        noticeDetail={detail}
        actionError={opts.actionError}
      />
    ),
  });
}

outboxRoutes.get("/outbox", allow.to("read", "outbox"), (c) => renderOutbox(c));

// No bodies in the export: they carry sign-in and reset links.
const OUTBOX_COLUMNS: ReadonlyArray<CsvColumn<OutboxRow>> = [
  ["id", (e) => e.id],
  ["created_at", (e) => e.createdAt],
  ["kind", (e) => e.kind],
  ["status", (e) => e.status],
  ["to", (e) => e.toAddress],
  ["subject", (e) => e.subject],
  ["attempts", (e) => e.attempts],
  ["last_error", (e) => e.lastError],
  ["sent_at", (e) => e.sentAt],
  ["next_attempt_at", (e) => e.nextAttemptAt],
];

outboxRoutes.get("/outbox.csv", allow.to("read", "outbox"), async (c) => {
  const query = readQuery(c, outboxFiltersSchema);
  if (!query.ok) return refusedCsvFilters(c, query.errors);
  const db = c.var.db();
  const filters = query.data;
  return csvPagedResponse(c, `outbox-${toPacificDateInput(new Date())}.csv`, OUTBOX_COLUMNS, async (page) => (await listOutbox(db, filters, page)).rows);
});

outboxRoutes.post(`/outbox/${ID}/resend`, allow.to("read", "outbox"), async (c) => {
  const id = c.req.param("id");
  if (!isId(id)) return renderNotFound(c);
  const outcome = await c.var.db().transaction(async (tx) => {
    const [email] = await tx
      .select({ id: emailOutbox.id, status: emailOutbox.status, attempts: emailOutbox.attempts, userId: emailOutbox.userId, kind: emailOutbox.kind })
      .from(emailOutbox)
      .where(eq(emailOutbox.id, id))
      .for("update");
    if (!email) return "missing" as const;
    if (email.status === "PENDING") return "pending" as const;
    await tx
      .update(emailOutbox)
      .set({ status: "PENDING", attempts: 0, nextAttemptAt: new Date(), lastError: null, sentAt: null, providerMessageId: null })
      .where(eq(emailOutbox.id, id));
    await recordAdminAction(tx, auditActor(c), {
      action: "EMAIL_RESENT",
      targetUserId: email.userId,
      details: `${email.kind} email queued again (was ${email.status})`,
      before: { status: email.status, attempts: email.attempts },
      after: { status: "PENDING", attempts: 0 },
      extra: { outboxId: id },
    });
    return "resent" as const;
  });
  if (outcome === "missing") return renderNotFound(c);
  if (outcome === "pending") return renderOutbox(c, { status: 409, actionError: "That email is already waiting to be sent." });
  return adminNotices.redirect(c, "/admin/outbox", "resent");
});

// Sends on this request's connection (not waitUntil) so the admin sees the count.
outboxRoutes.post("/outbox/deliver", allow.to("read", "outbox"), async (c) => {
  const result = await deliverDueEmails(c.var.db(), c.var.config);
  return adminNotices.redirect(c, "/admin/outbox", "delivered", { sent: String(result.sent), failed: String(result.failed + result.dead) });
});

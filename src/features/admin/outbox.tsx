// The email outbox: what was sent, what is waiting, what died; resend and deliver now.
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { isId } from "../../db/ids.ts";
import { emailOutbox } from "../../db/schema/auth.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { toFieldErrors } from "../../lib/forms.ts";
import { pageParams } from "../../lib/pagination.ts";
import { OutboxPage } from "../../../templates/admin/OutboxPage.tsx";
import { deliverDueEmails } from "../outbox/outbox.ts";
import { recordAdminAction } from "./audit.ts";
import { outboxFiltersSchema, queryValues } from "./forms.ts";
import { listOutbox } from "./queries.ts";
import { countParam, adminNotices } from "./rules.ts";
import { type AdminContext, navLinks } from "./shared.tsx";

export const outboxRoutes = new Hono<AppEnv>();

async function renderOutbox(c: AdminContext, opts: { status?: 200 | 409 | 422; actionError?: string } = {}) {
  const parsed = outboxFiltersSchema.safeParse(queryValues(c.req.queries()));
  const errors = parsed.success ? {} : toFieldErrors(parsed.error.issues);
  const filters = parsed.success ? parsed.data : { status: "" as const };
  const { page, perPage, limit, offset } = pageParams({ page: c.req.query("page") }, 25);
  const result = parsed.success ? await listOutbox(c.var.db(), filters, { limit, offset }) : { rows: [], total: 0 };
  const code = c.req.query("notice");
  const sent = countParam(c.req.query("sent"));
  const failed = countParam(c.req.query("failed"));
  const detail = code === "delivered" && sent !== undefined ? `${sent} sent, ${failed ?? 0} failed.` : undefined;
  return renderPage(c, {
    title: "Email outbox",
    status: opts.status ?? (parsed.success ? 200 : 422),
    body: (
      <OutboxPage
        rows={result.rows}
        total={result.total}
        page={page}
        perPage={perPage}
        status={filters.status}
        errors={errors}
        links={navLinks(c)}
        notice={opts.status ? undefined : adminNotices.read(c)}
        noticeDetail={detail}
        actionError={opts.actionError}
      />
    ),
  });
}

outboxRoutes.get("/outbox", allow.to("read", "outbox"), (c) => renderOutbox(c));

outboxRoutes.post("/outbox/:id/resend", allow.to("read", "outbox"), async (c) => {
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
    await recordAdminAction(tx, c, {
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

// Admin messaging, mounted at /admin/messages: chapter channels (General, Bids & teaming, one per
// event for its registrants) and the queue of reported messages. Both audited.
import { and, eq, inArray } from "drizzle-orm";
import { Hono } from "hono";
import * as z from "zod";
import { allow } from "../../auth/rbac.ts";
import { ID } from "../../db/ids.ts";
import { conversationMembers, conversations, eventRegistrations, events, messageReports } from "../../db/schema/index.ts";
import { type AdminContext, navLinks } from "../../http/admin.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { auditActor, recordAdminAction } from "../../lib/audit.ts";
import { requiredText } from "../../lib/fields.ts";
import { parseForm, readQuery } from "../../lib/forms.ts";
import { noticeTable } from "../../lib/notices.ts";
import { pageField, pageWindow } from "../../lib/pagination.ts";
import { ChannelsPage, ReportsPage } from "../../../templates/admin-messaging/pages.tsx";
import { SEAT_STATUSES } from "../events/rules.ts";
import { eventsWithoutChannel, listChannels, listReports } from "../messaging/queries.ts";
import { newId } from "../../db/ids.ts";
import { csvResponse, refusedCsvFilters, type CsvColumn } from "../../lib/csv.ts";

export const adminMessagingRoutes = new Hono<AppEnv>();

const moderate = allow.to("moderate", "messages");
export const adminMessagingNotices = noticeTable({
  created: "Channel created.",
  resolved: "Report resolved.",
  dismissed: "Report dismissed.",
});

const channelSchema = z.object({
  title: requiredText("Channel name", 120),
  eventId: z.string().optional(),
});

async function channelsPage(c: AdminContext, state: { status?: 200 | 422; errors?: Record<string, string>; values?: Record<string, string> } = {}) {
  const db = c.var.db();
  const [channels, openEvents] = await Promise.all([listChannels(db), eventsWithoutChannel(db)]);
  return renderPage(c, {
    title: "Channels",
    status: state.status ?? 200,
    body: (
      <ChannelsPage
        links={navLinks(c)}
        channels={channels}
        events={openEvents}
        errors={state.errors ?? {}}
        values={state.values ?? {}}
        notice={state.status ? undefined : adminMessagingNotices.read(c)}
      />
    ),
  });
}

adminMessagingRoutes.get("/channels", moderate, (c) => channelsPage(c));

type ChannelRow = Awaited<ReturnType<typeof listChannels>>[number];
const CHANNEL_COLUMNS: ReadonlyArray<CsvColumn<ChannelRow>> = [
  ["id", (ch) => ch.id],
  ["title", (ch) => ch.title],
  ["event_id", (ch) => ch.eventId],
  ["event", (ch) => ch.eventTitle],
  ["members", (ch) => ch.members],
  ["created_at", (ch) => ch.createdAt],
];

adminMessagingRoutes.get("/channels.csv", moderate, async (c) => csvResponse(c, "channels.csv", CHANNEL_COLUMNS, await listChannels(c.var.db())));

adminMessagingRoutes.post("/channels", moderate, async (c) => {
  const form = await parseForm(c, channelSchema);
  if (!form.ok) return channelsPage(c, { status: 422, errors: form.errors, values: form.values });
  const db = c.var.db();
  const eventId = form.data.eventId || null;
  if (eventId) {
    const [event] = await db.select({ id: events.id }).from(events).where(eq(events.id, eventId));
    const [taken] = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.eventId, eventId));
    if (!event || taken) return channelsPage(c, { status: 422, errors: { eventId: "Choose an event without a channel." }, values: form.values });
  }
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.insert(conversations).values({ id, kind: "CHANNEL", title: form.data.title, eventId, createdById: c.var.signedIn.user.id });
    await tx.insert(conversationMembers).values({ conversationId: id, userId: c.var.signedIn.user.id, role: "OWNER" });
    if (eventId) {
      // Members holding a seat now find it in their list; later ones find it on /messages and the
      // event's page and join on opening it. Whoever no longer holds a seat loses it (accessConversation).
      const regs = await tx
        .select({ userId: eventRegistrations.userId })
        .from(eventRegistrations)
        .where(and(eq(eventRegistrations.eventId, eventId), inArray(eventRegistrations.status, [...SEAT_STATUSES])));
      const ids = [...new Set(regs.map((r) => r.userId))].filter((u) => u !== c.var.signedIn.user.id);
      if (ids.length) await tx.insert(conversationMembers).values(ids.map((userId) => ({ conversationId: id, userId }))).onConflictDoNothing();
    }
    await recordAdminAction(tx, auditActor(c), { action: "CHANNEL_CREATED", details: `Created the channel “${form.data.title}”`, extra: { conversationId: id, eventId } });
  });
  return adminMessagingNotices.redirect(c, "/admin/messages/channels", "created");
});

const reportsQuery = z.object({ status: z.enum(["OPEN", "RESOLVED", "DISMISSED"]).default("OPEN"), page: pageField() });

adminMessagingRoutes.get("/reports", moderate, async (c) => {
  const query = readQuery(c, reportsQuery);
  const status = query.ok ? query.data.status : "OPEN";
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, 25);
  const result = await listReports(c.var.db(), status, { limit, offset });
  return renderPage(c, {
    title: "Reported messages",
    status: query.ok ? 200 : 422,
    body: <ReportsPage links={navLinks(c)} rows={result.rows} total={result.total} page={page} perPage={perPage} status={status} notice={adminMessagingNotices.read(c)} />,
  });
});

type ReportRow = Awaited<ReturnType<typeof listReports>>["rows"][number];
const REPORT_COLUMNS: ReadonlyArray<CsvColumn<ReportRow>> = [
  ["id", (r) => r.id],
  ["status", (r) => r.status],
  ["reported_at", (r) => r.createdAt],
  ["reporter", (r) => r.reporterName],
  ["reason", (r) => r.reason],
  ["message_id", (r) => r.messageId],
  ["conversation_id", (r) => r.conversationId],
  ["sender_id", (r) => r.senderId],
  ["sender", (r) => r.senderName],
  ["sent_at", (r) => r.sentAt],
  ["message", (r) => r.content],
  ["handled_at", (r) => r.resolvedAt],
];

adminMessagingRoutes.get("/reports.csv", moderate, async (c) => {
  const query = readQuery(c, reportsQuery.omit({ page: true }));
  if (!query.ok) return refusedCsvFilters(c, query.errors);
  const { rows } = await listReports(c.var.db(), query.data.status, { limit: 10_000, offset: 0 });
  return csvResponse(c, `message-reports-${query.data.status.toLowerCase()}.csv`, REPORT_COLUMNS, rows);
});

adminMessagingRoutes.post(`/reports/${ID}`, moderate, async (c) => {
  const form = await parseForm(c, z.object({ outcome: z.enum(["RESOLVED", "DISMISSED"]) }));
  if (!form.ok) return renderNotFound(c);
  const id = c.req.param("id");
  const done = await c.var.db().transaction(async (tx) => {
    const [report] = await tx
      .update(messageReports)
      .set({ status: form.data.outcome, resolvedAt: new Date(), resolvedById: c.var.signedIn.user.id })
      .where(and(eq(messageReports.id, id), eq(messageReports.status, "OPEN")))
      .returning({ id: messageReports.id, messageId: messageReports.messageId, reporterId: messageReports.reporterId });
    if (!report) return false;
    await recordAdminAction(tx, auditActor(c), {
      action: "MESSAGE_REPORT_HANDLED",
      details: `${form.data.outcome === "RESOLVED" ? "Resolved" : "Dismissed"} a report of a message`,
      extra: { reportId: report.id, messageId: report.messageId, reporterId: report.reporterId, outcome: form.data.outcome },
    });
    return true;
  });
  if (!done) return renderNotFound(c);
  return adminMessagingNotices.redirect(c, "/admin/messages/reports", form.data.outcome === "RESOLVED" ? "resolved" : "dismissed");
});

// Admin announcements, mounted at /admin/announcements: the list (and its CSV), writing one
// (publish now or at a time, audience, urgency, expiry, email copy), and editing one until it
// is published. Everything audited; email copies through the outbox (publish.ts).
import { Hono } from "hono";
import * as z from "zod";
import { allow } from "../../auth/rbac.ts";
import { ID } from "../../db/ids.ts";
import { type AdminContext, navLinks } from "../../http/admin.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { auditActor } from "../../lib/audit.ts";
import { csvPagedResponse } from "../../lib/csv.ts";
import { choices, pacificDateTime, requiredText } from "../../lib/fields.ts";
import { parseForm, readQuery } from "../../lib/forms.ts";
import { noticeTable } from "../../lib/notices.ts";
import { pageField, pageWindow } from "../../lib/pagination.ts";
import { formatDateTime, toPacificInput } from "../../lib/time.ts";
import { AdminAnnouncementsPage, AnnouncementFormPage, AUDIENCES, type FormState } from "../../../templates/admin-announcements/pages.tsx";
import { createAnnouncement, isEditable, updateAnnouncement, type AnnouncementInput } from "../announcements/publish.ts";
import { pushAnnouncementToLiveRooms } from "../messaging/live-rooms.ts";
import { findAnnouncement, GROUP_KEY, groupOptions, listForAdmin, type GroupKey } from "../announcements/queries.ts";

export const adminAnnouncementRoutes = new Hono<AppEnv>();

const send = allow.to("send", "announcements");
const PER_PAGE = 25;

export const adminAnnouncementNotices = noticeTable({
  published: "Published. Members see it now; email copies are queued.",
  scheduled: "Scheduled. It is published at the time you set.",
  updated: "Saved.",
  tooLate: "It was published meanwhile, so it can no longer be edited.",
});

const audience = choices(AUDIENCES, "Choose who it is for.");
const checkbox = z.string().optional().transform((v) => v === "on" || v === "yes");

const formSchema = z
  .object({
    title: requiredText("Title", 200),
    content: requiredText("Text", 20_000, { multiline: true }),
    audience: audience.schema,
    groups: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
      .refine((v) => v.every((k) => GROUP_KEY.test(k)), "Choose groups from the list."),
    urgent: checkbox,
    emailCopy: checkbox,
    when: z.enum(["now", "later"], { error: "Choose when to publish." }),
    publishAt: pacificDateTime("Publish at"),
    expiresAt: pacificDateTime("Expires"),
  })
  .superRefine((v, ctx) => {
    if (v.audience === "SPECIFIC_GROUPS" && v.groups.length === 0) ctx.addIssue({ code: "custom", path: ["groups"], message: "Choose at least one group." });
    if (v.when === "later" && !v.publishAt) ctx.addIssue({ code: "custom", path: ["publishAt"], message: "Give the date and time to publish (Pacific)." });
    if (v.when === "later" && v.publishAt && v.publishAt.getTime() <= Date.now()) ctx.addIssue({ code: "custom", path: ["publishAt"], message: "Pick a time in the future, or publish now." });
    const start = v.when === "later" && v.publishAt ? v.publishAt.getTime() : Date.now();
    if (v.expiresAt && v.expiresAt.getTime() <= start) ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "The expiry must be after publishing." });
  });

function toInput(data: z.infer<typeof formSchema>, now: Date): AnnouncementInput {
  return {
    title: data.title,
    content: data.content,
    audience: data.audience,
    groups: data.groups as GroupKey[],
    isUrgent: data.urgent,
    emailCopy: data.emailCopy,
    publishAt: data.when === "later" && data.publishAt ? data.publishAt : now,
    expiresAt: data.expiresAt,
  };
}

async function formPage(c: AdminContext, state: FormState, status: 200 | 422 = 200) {
  const groups = await groupOptions(c.var.db());
  return renderPage(c, {
    title: state.id ? "Edit announcement" : "New announcement",
    status,
    body: <AnnouncementFormPage links={navLinks(c)} groups={groups} state={state} />,
  });
}

adminAnnouncementRoutes.get("/", send, async (c) => {
  const query = readQuery(c, z.object({ page: pageField() }));
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const list = await listForAdmin(c.var.db(), { limit, offset });
  return renderPage(c, {
    title: "Announcements",
    status: query.ok ? 200 : 422,
    body: <AdminAnnouncementsPage links={navLinks(c)} rows={list.rows} total={list.total} page={page} perPage={perPage} now={new Date()} notice={adminAnnouncementNotices.read(c)} />,
  });
});

adminAnnouncementRoutes.get("/export.csv", send, async (c) => {
  const db = c.var.db();
  return csvPagedResponse<Awaited<ReturnType<typeof listForAdmin>>["rows"][number]>(
    c,
    "announcements.csv",
    [
      ["Title", (r) => r.title],
      ["Audience", (r) => AUDIENCES[r.targetAudience ?? "ALL"]],
      ["Groups", (r) => (r.targetGroups ?? []).join(" ")],
      ["Urgent", (r) => (r.isUrgent ? "yes" : "no")],
      ["Published", (r) => formatDateTime(r.sentAt)],
      ["Expires", (r) => (r.expiresAt ? formatDateTime(r.expiresAt) : "")],
      ["Email copy", (r) => (r.emailCopy ? (r.emailedAt ? "queued" : "pending") : "no")],
      ["Reads", (r) => String(r.reads)],
      ["By", (r) => r.senderName],
    ],
    async (page) => (await listForAdmin(db, page)).rows,
  );
});

adminAnnouncementRoutes.get("/new", send, (c) => formPage(c, { values: { audience: "ALL", when: "now", emailCopy: "on" }, errors: {} }));

adminAnnouncementRoutes.post("/", send, async (c) => {
  const form = await parseForm(c, formSchema);
  if (!form.ok) return formPage(c, { values: form.values, errors: form.errors }, 422);
  const now = new Date();
  const input = toInput(form.data, now);
  const db = c.var.db();
  const created = await createAnnouncement(db, c.var.config, auditActor(c), input, now);
  if (created.urgent) c.executionCtx.waitUntil(pushAnnouncementToLiveRooms(c.env, db).catch(() => {}));
  return adminAnnouncementNotices.redirect(c, "/admin/announcements", input.publishAt <= now ? "published" : "scheduled");
});

adminAnnouncementRoutes.get(`/${ID}/edit`, send, async (c) => {
  const a = await findAnnouncement(c.var.db(), c.req.param("id"));
  if (!a) return renderNotFound(c);
  if (!isEditable(a, new Date())) return adminAnnouncementNotices.redirect(c, "/admin/announcements", "tooLate");
  return formPage(c, {
    id: a.id,
    values: {
      title: a.title,
      content: a.content,
      audience: a.targetAudience ?? "ALL",
      groups: (a.targetGroups ?? []).join(","),
      urgent: a.isUrgent ? "on" : "",
      emailCopy: a.emailCopy ? "on" : "",
      when: "later",
      publishAt: toPacificInput(a.sentAt),
      expiresAt: toPacificInput(a.expiresAt),
    },
    errors: {},
  });
});

adminAnnouncementRoutes.post(`/${ID}`, send, async (c) => {
  const db = c.var.db();
  const a = await findAnnouncement(db, c.req.param("id"));
  if (!a) return renderNotFound(c);
  const now = new Date();
  if (!isEditable(a, now)) return adminAnnouncementNotices.redirect(c, "/admin/announcements", "tooLate");
  const form = await parseForm(c, formSchema);
  if (!form.ok) return formPage(c, { id: a.id, values: form.values, errors: form.errors }, 422);
  const input = toInput(form.data, now);
  const updated = await updateAnnouncement(db, c.var.config, auditActor(c), a, input, now);
  if (!updated) return adminAnnouncementNotices.redirect(c, "/admin/announcements", "tooLate");
  if (updated.urgent) c.executionCtx.waitUntil(pushAnnouncementToLiveRooms(c.env, db).catch(() => {}));
  return adminAnnouncementNotices.redirect(c, "/admin/announcements", input.publishAt <= now ? "published" : "updated");
});

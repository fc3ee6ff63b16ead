// The chapter office's side of feedback against real Postgres: the queue (filters incl.
// "unassigned" and "me", age, oldest open first, 422 on bad filters, CSV), assignment to holders
// of feedback:manage only, the status workflow, and a reply — stored, kept as the ticket's latest
// `response`, emailed to the member through the outbox and audited, all in one transaction.
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { adminActions, emailOutbox, feedbackReplies, memberFeedback, users } from "../../src/db/schema/index.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { newId } from "../../src/db/ids.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

const db = useTestDb();
type Who = { id: string; init: { headers: { cookie: string } } };
let admin: Who;
let otherAdmin: Who;

async function signIn(opts: Parameters<typeof createAccount>[1]): Promise<Who> {
  const account = await createAccount(db, opts);
  return { id: account.id, init: { headers: { cookie: await sessionCookie(db, account.id) } } };
}

beforeAll(async () => {
  admin = await signIn({ memberType: "admin", roles: ["admin"], firstName: "Alma" });
  otherAdmin = await signIn({ memberType: "admin", roles: ["admin"], firstName: "Beto" });
});

/** A member with a unique company, and tickets of theirs. */
async function memberWithTickets(rows: Array<Partial<typeof memberFeedback.$inferInsert>>) {
  const tag = `Q${newId().slice(-10)}`;
  const m = await signIn({ firstName: "Marisol" });
  await db.update(users).set({ company: tag }).where(eq(users.id, m.id));
  const tickets = await db
    .insert(memberFeedback)
    .values(rows.map((r, i) => ({ userId: m.id, category: "SUPPORT" as const, subject: `Ticket ${i}`, message: "Help", ...r })))
    .returning();
  return { member: m, tag, tickets };
}

/** The FEEDBACK_UPDATED rows about one ticket, oldest first. */
const auditsOf = (ticketId: string) =>
  db
    .select()
    .from(adminActions)
    .where(and(eq(adminActions.action, "FEEDBACK_UPDATED"), sql`${adminActions.metadata}->>'feedbackId' = ${ticketId}`))
    .orderBy(adminActions.createdAt);
const ticket = async (id: string) => (await db.select().from(memberFeedback).where(eq(memberFeedback.id, id)))[0]!;

describe("GET /admin/feedback", () => {
  it("sorts oldest open first, then the finished ones, and shows each ticket's age", async () => {
    const day = 86_400_000;
    const { tag, tickets } = await memberWithTickets([
      { subject: "Newer open", createdAt: new Date(Date.now() - 1 * day) },
      { subject: "Resolved long ago", status: "RESOLVED", createdAt: new Date(Date.now() - 30 * day) },
      { subject: "Oldest open", status: "IN_PROGRESS", createdAt: new Date(Date.now() - 3 * day - 3_600_000) },
    ]);
    const html = await (await get(`/admin/feedback?q=${tag}`, admin.init)).text();
    const at = (s: string) => html.indexOf(s);
    expect(at("Oldest open")).toBeGreaterThan(-1);
    expect(at("Oldest open")).toBeLessThan(at("Newer open"));
    expect(at("Newer open")).toBeLessThan(at("Resolved long ago"));
    expect(html).toContain(">3 days<");
    expect(html).toContain(`/admin/feedback/${tickets[0]!.id}`);
    expect(html).toContain(`/admin/feedback/export.csv?q=${tag}`);
  });

  it("filters by status, category, priority and assignee, including unassigned and me", async () => {
    const { tag } = await memberWithTickets([
      { subject: "Mine urgent bug", category: "BUG_REPORT", priority: "URGENT", assignedToId: admin.id },
      { subject: "Beto's idea", category: "FEATURE_REQUEST", assignedToId: otherAdmin.id },
      { subject: "Nobody's question", status: "RESOLVED" },
    ]);
    const list = async (qs: string) => (await (await get(`/admin/feedback?q=${tag}&${qs}`, admin.init)).text());
    const only = (html: string, shown: string[]) => {
      for (const s of ["Mine urgent bug", "Beto&#39;s idea", "Nobody&#39;s question"]) expect(html.includes(s), s).toBe(shown.includes(s));
    };
    only(await list("assignee=me"), ["Mine urgent bug"]);
    only(await list("assignee=unassigned"), ["Nobody&#39;s question"]);
    only(await list(`assignee=${otherAdmin.id}`), ["Beto&#39;s idea"]);
    only(await list("status=RESOLVED"), ["Nobody&#39;s question"]);
    only(await list("status=waiting"), ["Mine urgent bug", "Beto&#39;s idea"]);
    only(await list("category=FEATURE_REQUEST"), ["Beto&#39;s idea"]);
    only(await list("priority=URGENT"), ["Mine urgent bug"]);
  });

  it("answers 422 with the filters kept when they do not read, and the CSV refuses them", async () => {
    const res = await get("/admin/feedback?status=DELETED&assignee=%3Cscript%3E", admin.init);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Choose an assignee from the list");
    expect(html).not.toContain("<script>");
    expect((await get("/admin/feedback/export.csv?assignee=nobody", admin.init)).status).toBe(422);
  });

  it("exports the filtered queue as CSV with the page each ticket came from", async () => {
    const { tag } = await memberWithTickets([{ subject: "=1+2", pageUrl: "/events?x=1" }]);
    const res = await get(`/admin/feedback/export.csv?q=${tag}`, admin.init);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="feedback-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, line, ...rest] = (await res.text()).trim().split("\r\n");
    expect(rest).toHaveLength(0);
    expect(header).toBe("ticket_id,status,category,priority,subject,message,page,member_id,first_name,last_name,email,company,assigned_to,replies,created_at,last_answered_at,updated_at");
    expect(line).toContain("'=1+2");
    expect(line).toContain("/events?x=1");
  });
});

describe("a ticket's handling", () => {
  it("assigns to a holder of feedback:manage, refuses anyone else, and audits before/after", async () => {
    const { tickets, member } = await memberWithTickets([{}]);
    const t = tickets[0]!;
    const refused = await postForm(`/admin/feedback/${t.id}/assign`, { assignee: member.id }, admin.init);
    expect(refused.status).toBe(422);
    expect((await ticket(t.id)).assignedToId).toBeNull();
    const res = await postForm(`/admin/feedback/${t.id}/assign`, { assignee: otherAdmin.id }, admin.init);
    expect(res.status).toBe(303);
    expect((await ticket(t.id)).assignedToId).toBe(otherAdmin.id);
    const [audit] = await auditsOf(t.id);
    expect(audit).toMatchObject({ userId: admin.id, targetUserId: member.id });
    expect(audit!.metadata).toMatchObject({ before: { assignedToId: null }, after: { assignedToId: otherAdmin.id } });
  });

  it("moves along the workflow, refuses a move it does not allow (409), and never reopens a closed ticket", async () => {
    const { tickets } = await memberWithTickets([{}]);
    const t = tickets[0]!;
    const move = (status: string) => postForm(`/admin/feedback/${t.id}/status`, { status }, admin.init);
    expect((await move("IN_PROGRESS")).status).toBe(303);
    expect((await move("RESOLVED")).status).toBe(303);
    const back = await move("OPEN");
    expect(back.status).toBe(409);
    expect(await back.text()).toContain("A resolved ticket cannot become open");
    expect((await move("CLOSED")).status).toBe(303);
    expect((await move("IN_PROGRESS")).status).toBe(409);
    expect((await ticket(t.id)).status).toBe("CLOSED");
    const steps = (await auditsOf(t.id)).map((a) => (a.metadata as { before: { status: string }; after: { status: string } }));
    expect(steps.map((s) => `${s.before.status}>${s.after.status}`).sort()).toEqual(["IN_PROGRESS>RESOLVED", "OPEN>IN_PROGRESS", "RESOLVED>CLOSED"].sort());
  });

  it("emails a reply to the member through the outbox, keeps it as the latest response, and audits it", async () => {
    const { tickets, member } = await memberWithTickets([{ subject: "Invoice needed" }]);
    const t = tickets[0]!;
    const body = "Invoices are under Account > Payments.\n\nEach has a Download button.";
    const res = await postForm(`/admin/feedback/${t.id}/replies`, { body, nextStatus: "" }, admin.init);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/feedback/${t.id}?notice=replied`);
    const after = await ticket(t.id);
    expect(after).toMatchObject({ status: "IN_PROGRESS", response: body, respondedBy: admin.id });
    expect(after.respondedAt).toBeInstanceOf(Date);
    const replies = await db.select().from(feedbackReplies).where(eq(feedbackReplies.feedbackId, t.id));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ authorId: admin.id, body });
    const [email] = await db.select().from(emailOutbox).where(and(eq(emailOutbox.userId, member.id), eq(emailOutbox.kind, "FEEDBACK_REPLY")));
    const [owner] = await db.select({ email: users.email }).from(users).where(eq(users.id, member.id));
    expect(email).toMatchObject({ toAddress: owner!.email, subject: "Re: Invoice needed" });
    expect(email!.textBody).toContain(body);
    expect(email!.textBody).toContain(`http://localhost/account/feedback/${t.id}`);
    const [audit] = await auditsOf(t.id);
    expect(audit!.metadata).toMatchObject({ before: { status: "OPEN" }, after: { status: "IN_PROGRESS", response: body }, replyId: replies[0]!.id });

    // The member sees the answer on their ticket.
    const page = await (await get(`/account/feedback/${t.id}`, member.init)).text();
    expect(page).toContain("Alma");
    expect(page).toContain("chapter office");
    expect(page).toContain("Each has a Download button.");
  });

  it("can resolve with the reply, and refuses a reply on a closed ticket without emailing anyone", async () => {
    const { tickets, member } = await memberWithTickets([{}, { status: "CLOSED" }]);
    const [open, closed] = tickets;
    expect((await postForm(`/admin/feedback/${open!.id}/replies`, { body: "Fixed.", nextStatus: "RESOLVED" }, admin.init)).status).toBe(303);
    expect((await ticket(open!.id)).status).toBe("RESOLVED");
    const refused = await postForm(`/admin/feedback/${closed!.id}/replies`, { body: "Too late", nextStatus: "" }, admin.init);
    expect(refused.status).toBe(409);
    expect(await db.select().from(feedbackReplies).where(eq(feedbackReplies.feedbackId, closed!.id))).toHaveLength(0);
    const emails = await db.select().from(emailOutbox).where(eq(emailOutbox.userId, member.id));
    expect(emails).toHaveLength(1);
    expect(await auditsOf(closed!.id)).toHaveLength(0);
  });

  it("shows the ticket page with the page it came from as a same-site link, and 404 for an unknown id", async () => {
    const { tickets } = await memberWithTickets([{ pageUrl: "/projects?q=roof" }]);
    const html = await (await get(`/admin/feedback/${tickets[0]!.id}`, admin.init)).text();
    expect(html).toContain('<a href="/projects?q=roof">');
    expect((await get(`/admin/feedback/${newId()}`, admin.init)).status).toBe(404);
  });
});

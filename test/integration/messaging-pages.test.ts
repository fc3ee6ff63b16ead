// Messaging pages and forms through the Worker: the list, a conversation, the form fallback,
// starting a DIRECT conversation, groups, blocking, reporting and the admin report queue.
import { env } from "cloudflare:workers";
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { adminActions, conversationMembers, conversations, messageReports, messages } from "../../src/db/schema/index.ts";
import { chatStub } from "../../src/features/messaging/chat.ts";
import { createAccount, sessionCookie, type Account } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, ORIGIN, postForm } from "../helpers/http.ts";

const db = useTestDb();
let alice: Account;
let bob: Account;
let admin: Account;
let aliceCookie: string;
let bobCookie: string;
let adminCookie: string;

beforeAll(async () => {
  alice = await createAccount(db, { firstName: "Alice" });
  bob = await createAccount(db, { firstName: "Bob" });
  admin = await createAccount(db, { memberType: "admin", firstName: "Admin" });
  aliceCookie = await sessionCookie(db, alice.id);
  bobCookie = await sessionCookie(db, bob.id);
  adminCookie = await sessionCookie(db, admin.id);
});

const as = (cookie: string) => ({ headers: { cookie } });

/** Alice starts a DIRECT conversation with Bob by the form; returns its id. */
async function startDirect(text: string): Promise<string> {
  return startWith(bob.id, text);
}

/** Alice starts a DIRECT conversation with someone by the form; returns its id. */
async function startWith(to: string, text: string): Promise<string> {
  const res = await postForm("/messages/new", { to, text, clientId: crypto.randomUUID() }, as(aliceCookie));
  expect(res.status).toBe(303);
  const id = res.headers.get("location")!.match(/^\/messages\/(c[a-z2-7]{24})#m-\d+$/)![1]!;
  return id;
}

describe("messaging pages", () => {
  it("starts a DIRECT conversation from /messages/new?to=, and reuses it the next time", async () => {
    const page = await get(`/messages/new?to=${bob.id}`, as(aliceCookie));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Message Bob");
    const id = await startDirect("Hello Bob");
    const again = await get(`/messages/new?to=${bob.id}`, as(aliceCookie));
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(`/messages/${id}`);
    // Bob sees it in his list with one unread message.
    await chatStub(env, id).flush();
    const list = await (await get("/messages", as(bobCookie))).text();
    expect(list).toContain(`/messages/${id}`);
    expect(list).toContain("1 unread");
    expect(list).toContain("Hello Bob");
  });

  it("the composer without JavaScript POSTs, redirects back, and the message is on the page, escaped", async () => {
    const erin = await createAccount(db, { firstName: "Erin" });
    const erinCookie = await sessionCookie(db, erin.id);
    const id = await startWith(erin.id, "first");
    const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
    const res = await postForm(`/messages/${id}`, { text: hostile, clientId: crypto.randomUUID() }, as(erinCookie));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(new RegExp(`^/messages/${id}#m-2$`));
    const html = await (await get(`/messages/${id}`, as(aliceCookie))).text();
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain('src="/js/chat-3.js"');
    // Opening the page read it: Bob's message is READ once written through.
    await chatStub(env, id).flush();
    const [row] = await db.select().from(messages).where(and(eq(messages.conversationId, id), eq(messages.seq, 2)));
    expect(row).toMatchObject({ status: "READ", senderId: erin.id, receiverId: alice.id });
  });

  it("the same clientId posted twice stores one message", async () => {
    const id = await startWith((await createAccount(db)).id, "one");
    const clientId = crypto.randomUUID();
    await postForm(`/messages/${id}`, { text: "twice", clientId }, as(aliceCookie));
    await postForm(`/messages/${id}`, { text: "twice", clientId }, as(aliceCookie));
    await chatStub(env, id).flush();
    const rows = await db.select().from(messages).where(eq(messages.conversationId, id));
    expect(rows.map((r) => r.content).sort()).toEqual(["one", "twice"]);
  });

  it("an empty message is refused with the form kept (422)", async () => {
    const id = await startDirect("x");
    const res = await postForm(`/messages/${id}`, { text: "   " }, as(aliceCookie));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Enter message");
  });

  it("a non-member gets 404 for the page and the form; a signed-out visitor is sent to sign in", async () => {
    const id = await startDirect("private");
    const stranger = await createAccount(db, { firstName: "Stranger" });
    const cookie = await sessionCookie(db, stranger.id);
    expect((await get(`/messages/${id}`, as(cookie))).status).toBe(404);
    expect((await postForm(`/messages/${id}`, { text: "hi" }, as(cookie))).status).toBe(404);
    const anon = await get(`/messages/${id}`);
    expect(anon.status).toBe(303);
    expect(anon.headers.get("location")).toMatch(/^\/login/);
  });

  it("an empty list says how to start", async () => {
    const loner = await createAccount(db, { firstName: "Loner" });
    const html = await (await get("/messages", as(await sessionCookie(db, loner.id)))).text();
    expect(html).toContain("No conversations yet");
  });

  it("a group is created, its owner invites by email, and the invited member can open it once they accept", async () => {
    const res = await postForm("/messages/groups", { title: "Lift sharing" }, as(aliceCookie));
    expect(res.status).toBe(303);
    const id = res.headers.get("location")!.match(/\/messages\/(c[a-z2-7]{24})/)![1]!;
    expect((await get(`/messages/${id}`, as(bobCookie))).status).toBe(404);
    expect((await postForm(`/messages/${id}/invite`, { email: bob.email }, as(bobCookie))).status).toBe(404);
    expect((await postForm(`/messages/${id}/invite`, { email: bob.email }, as(aliceCookie))).status).toBe(303);
    expect((await get(`/messages/${id}`, as(bobCookie))).status).toBe(404);
    expect((await postForm(`/messages/${id}/accept`, {}, as(bobCookie))).status).toBe(303);
    expect((await get(`/messages/${id}`, as(bobCookie))).status).toBe(200);
  });
});

describe("blocking", () => {
  it("a blocked member can no longer message the blocker: socket refused, conversation gone for them, new DIRECT refused", async () => {
    const carol = await createAccount(db, { firstName: "Carol" });
    const dave = await createAccount(db, { firstName: "Dave" });
    const carolCookie = await sessionCookie(db, carol.id);
    const daveCookie = await sessionCookie(db, dave.id);
    const res = await postForm("/messages/new", { to: carol.id, text: "hi Carol", clientId: crypto.randomUUID() }, as(daveCookie));
    const id = res.headers.get("location")!.match(/\/messages\/(c[a-z2-7]{24})/)![1]!;
    const block = await postForm(`/messages/block/${dave.id}`, { back: id }, as(carolCookie));
    expect(block.status).toBe(303);
    expect((await get(`/messages/${id}`, as(daveCookie))).status).toBe(404);
    expect((await postForm(`/messages/${id}`, { text: "still there?" }, as(daveCookie))).status).toBe(404);
    expect((await get(`/messages/new?to=${carol.id}`, as(daveCookie))).status).toBe(404);
    const socket = await get(`/messages/${id}/socket`, { headers: { cookie: daveCookie, upgrade: "websocket", origin: ORIGIN } });
    expect(socket.status).toBe(403);
    const [member] = await db.select().from(conversationMembers).where(and(eq(conversationMembers.conversationId, id), eq(conversationMembers.userId, dave.id)));
    expect(member!.closedAt).toBeInstanceOf(Date);
    // Carol still reads it; unblocking opens it again.
    expect((await get(`/messages/${id}`, as(carolCookie))).status).toBe(200);
    await postForm(`/messages/block/${dave.id}`, { back: id, action: "unblock" }, as(carolCookie));
    expect((await get(`/messages/${id}`, as(daveCookie))).status).toBe(200);
  });
});

describe("reports", () => {
  it("a message sent moments ago can be reported at once (the room writes it through on demand)", async () => {
    const id = await startWith((await createAccount(db, { firstName: "Quick" })).id, "first");
    const [conv] = await db.select().from(conversations).where(eq(conversations.id, id));
    const who = { conversationId: id, kind: "DIRECT" as const, directKey: conv!.directKey, userId: alice.id, name: "Alice", canWrite: true };
    const posted = await chatStub(env, id).post(who, "just now", crypto.randomUUID());
    if (!posted.ok) throw new Error(posted.error);
    const form = await get(`/messages/${id}/report/${posted.message.id}`, as(aliceCookie));
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("just now");
  });

  it("a member reports a message; the admin queue shows it escaped, and resolving it is audited", async () => {
    const id = await startDirect("<b>rude</b> words");
    await chatStub(env, id).flush();
    // The conversation is the one the first test started: pick this message by its text.
    const [m] = await db.select().from(messages).where(and(eq(messages.conversationId, id), eq(messages.content, "<b>rude</b> words")));
    const form = await get(`/messages/${id}/report/${m!.id}`, as(bobCookie));
    expect(form.status).toBe(200);
    const sent = await postForm(`/messages/${id}/report/${m!.id}`, { reason: "Not appropriate" }, as(bobCookie));
    expect(sent.status).toBe(303);
    expect((await get("/admin/messages/reports", as(bobCookie))).status).toBe(403);
    const queue = await (await get("/admin/messages/reports", as(adminCookie))).text();
    expect(queue).toContain("&lt;b&gt;rude&lt;/b&gt; words");
    expect(queue).toContain("Not appropriate");
    const [report] = await db.select().from(messageReports).where(eq(messageReports.messageId, m!.id));
    const done = await postForm(`/admin/messages/reports/${report!.id}`, { outcome: "RESOLVED" }, as(adminCookie));
    expect(done.status).toBe(303);
    const [after] = await db.select().from(messageReports).where(eq(messageReports.id, report!.id));
    expect(after).toMatchObject({ status: "RESOLVED", resolvedById: admin.id });
    const [audit] = await db.select().from(adminActions).where(eq(adminActions.userId, admin.id)).orderBy(desc(adminActions.createdAt)).limit(1);
    expect(audit).toMatchObject({ action: "MESSAGE_REPORT_HANDLED" });
    // Handled once: a second answer finds nothing open.
    expect((await postForm(`/admin/messages/reports/${report!.id}`, { outcome: "DISMISSED" }, as(adminCookie))).status).toBe(404);
  });

  it("an admin creates a chapter channel every verified member can open", async () => {
    const res = await postForm("/admin/messages/channels", { title: "General test channel" }, as(adminCookie));
    expect(res.status).toBe(303);
    const [ch] = await db.select().from(conversations).where(eq(conversations.title, "General test channel"));
    expect(ch).toMatchObject({ kind: "CHANNEL", eventId: null });
    expect((await get(`/messages/${ch!.id}`, as(bobCookie))).status).toBe(200);
    const [audit] = await db.select().from(adminActions).where(eq(adminActions.userId, admin.id)).orderBy(desc(adminActions.createdAt)).limit(1);
    expect(audit).toMatchObject({ action: "CHANNEL_CREATED" });
  });
});

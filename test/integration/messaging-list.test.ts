// The member's list of conversations and a conversation's history: newest first with unread
// counts, archiving (the archived view, Unarchive, and a new message bringing it back), and
// paging back through history with ?before=.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversationMembers, conversations, messages, users } from "../../src/db/schema/index.ts";
import { chatStub } from "../../src/features/messaging/chat.ts";
import { ensureDirect } from "../../src/features/messaging/queries.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

const db = useTestDb();
const HOUR = 3_600_000;

interface Person {
  id: string;
  cookie: string;
}
async function person(firstName: string, lastName = "Member"): Promise<Person> {
  const a = await createAccount(db, { firstName });
  await db.update(users).set({ lastName }).where(eq(users.id, a.id));
  return { id: a.id, cookie: await sessionCookie(db, a.id) };
}
const as = (p: Person) => ({ headers: { cookie: p.cookie } });
const html = async (path: string, p: Person) => (await get(path, as(p))).text();

/**
 * A DIRECT conversation with its history already in Postgres (as the object writes it through):
 * `count` messages, alternately from `from` and `to`, the last one `lastAt`; `to` has read up to `readTo`.
 */
async function seeded(from: Person, to: Person, count: number, lastAt: Date | null, readTo = 0): Promise<string> {
  const id = await ensureDirect(db, from.id, to.id);
  if (count > 0 && lastAt) {
    await db.insert(messages).values(
      Array.from({ length: count }, (_, i) => ({
        conversationId: id,
        seq: i + 1,
        senderId: i % 2 === 0 ? from.id : to.id,
        receiverId: i % 2 === 0 ? to.id : from.id,
        content: `Message number ${i + 1}`,
        status: "SENT" as const,
        sentAt: new Date(lastAt.getTime() - (count - 1 - i) * 60_000),
      })),
    );
    await db.update(conversations).set({ lastSeq: count, lastMessageAt: lastAt }).where(eq(conversations.id, id));
  }
  await db
    .update(conversationMembers)
    .set({ lastReadSeq: readTo })
    .where(and(eq(conversationMembers.conversationId, id), eq(conversationMembers.userId, to.id)));
  return id;
}

describe("the list of conversations", () => {
  it("is newest message first (conversations without messages last), with unread counts of others' messages", async () => {
    const me = await person("Lena");
    const [a, b, c, d] = [await person("Ana", "Older"), await person("Ben", "Newest"), await person("Cy", "Middle"), await person("Di", "Silent")];
    const now = Date.now();
    await seeded(a, me, 2, new Date(now - 3 * HOUR), 2);
    // Ben sent 1, 3, 5 (Lena 2, 4); Lena read up to 1: two unread.
    await seeded(b, me, 5, new Date(now - 1 * HOUR), 1);
    // Cy sent 1 and 3; Lena sent 2 and 4, and read up to 2: one unread (her own 4 is not).
    await seeded(c, me, 4, new Date(now - 2 * HOUR), 2);
    await seeded(d, me, 0, null);

    const page = await html("/messages", me);
    const order = ["Ben Newest", "Cy Middle", "Ana Older", "Di Silent"].map((name) => page.indexOf(`>${name}</a>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(page).toMatch(/>Ben Newest<\/a>\s*<strong> · 2 unread<\/strong>/);
    expect(page).toMatch(/>Cy Middle<\/a>\s*<strong> · 1 unread<\/strong>/);
    expect(page).not.toMatch(/>Ana Older<\/a>\s*<strong>/);
    // The preview is the last message, with its sender.
    expect(page).toContain("Ben: Message number 5");
  });
});

describe("archiving", () => {
  it("moves a conversation to ?view=archived, Unarchive brings it back, and so does a new message", async () => {
    const [me, peer] = [await person("Arlo"), await person("Pia", "Peer")];
    const id = await seeded(peer, me, 1, new Date(), 1);
    expect(await html("/messages", me)).toContain(`href="/messages/${id}"`);

    const archived = await postForm(`/messages/${id}/archive`, {}, as(me));
    expect(archived.status).toBe(303);
    expect(await html("/messages", me)).not.toContain(`href="/messages/${id}"`);
    const view = await html("/messages?view=archived", me);
    expect(view).toContain("Archived conversations");
    expect(view).toContain(`href="/messages/${id}"`);
    expect(view).toContain(`action="/messages/${id}/unarchive"`);
    expect(view).toContain("comes back to your inbox when a new message arrives");
    // Only for the member who archived it.
    expect(await html("/messages", peer)).toContain(`href="/messages/${id}"`);
    expect(await html("/messages?view=archived", peer)).not.toContain(`href="/messages/${id}"`);
    // The conversation itself says so and offers the way back.
    expect(await html(`/messages/${id}`, me)).toContain(`action="/messages/${id}/unarchive"`);

    const back = await postForm(`/messages/${id}/unarchive`, {}, as(me));
    expect(back.status).toBe(303);
    expect(await html("/messages", me)).toContain(`href="/messages/${id}"`);
    expect(await html("/messages?view=archived", me)).not.toContain(`href="/messages/${id}"`);

    // Archived again, then the other member writes: it is back in the inbox.
    await postForm(`/messages/${id}/archive`, {}, as(me));
    expect((await postForm(`/messages/${id}`, { text: "Are you there?", clientId: crypto.randomUUID() }, as(peer))).status).toBe(303);
    await chatStub(env, id).flush();
    expect(await html("/messages", me)).toContain(`href="/messages/${id}"`);
    expect(await html("/messages?view=archived", me)).not.toContain(`href="/messages/${id}"`);
  });

  it("refuses an unknown view with 422", async () => {
    const me = await person("Vee");
    const res = await get("/messages?view=trash", as(me));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("That list does not exist: here is your inbox.");
  });
});

describe("history paging", () => {
  it("shows the newest 50 with a link to older ones; ?before= shows the older window, not live, and does not mark it read", async () => {
    const [me, peer] = [await person("Hal"), await person("Pat", "Talker")];
    const id = await seeded(peer, me, 60, new Date(), 0);

    // The older window first: it reads nothing.
    const older = await get(`/messages/${id}?before=11`, as(me));
    expect(older.status).toBe(200);
    const olderHtml = await older.text();
    for (let seq = 1; seq <= 10; seq++) expect(olderHtml).toContain(`id="m-${seq}"`);
    expect(olderHtml).not.toContain('id="m-11"');
    expect(olderHtml).not.toContain("Older messages");
    expect(olderHtml).toContain(`<a href="/messages/${id}">Newest messages</a>`);
    expect(olderHtml).not.toContain("data-chat");
    expect(olderHtml).not.toContain("/js/chat-3.js");
    await chatStub(env, id).flush();
    const unread = async () =>
      (await db.select().from(conversationMembers).where(and(eq(conversationMembers.conversationId, id), eq(conversationMembers.userId, me.id))))[0]!.lastReadSeq;
    expect(await unread()).toBe(0);

    const newest = await html(`/messages/${id}`, me);
    expect(newest).toContain('id="m-11"');
    expect(newest).toContain('id="m-60"');
    expect(newest).not.toContain('id="m-10"');
    expect(newest).toContain(`href="/messages/${id}?before=11"`);
    expect(newest).toContain("data-chat");
    await chatStub(env, id).flush();
    expect(await unread()).toBe(60);

    // A middle window links further back.
    const middle = await html(`/messages/${id}?before=55`, me);
    expect(middle).toContain('id="m-5"');
    expect(middle).toContain('id="m-54"');
    expect(middle).not.toContain('id="m-55"');
    expect(middle).toContain(`href="/messages/${id}?before=5"`);
  });
});

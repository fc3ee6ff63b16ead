// Groups by invitation: the owner invites, the invitee accepts or declines on /messages, a member
// leaves, the owner removes a member (whose open socket closes). Only the owner invites and
// removes; only the invitee answers. In a group, a member who blocked another no longer sees
// their messages (the page names the hidden senders for the live script).
import { env, exports } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { conversationMembers } from "../../src/db/schema/index.ts";
import { chatStub } from "../../src/features/messaging/chat.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, ORIGIN, postForm } from "../helpers/http.ts";

const db = useTestDb();

interface Person {
  id: string;
  email: string;
  cookie: string;
}
async function person(firstName: string): Promise<Person> {
  const a = await createAccount(db, { firstName });
  return { id: a.id, email: a.email, cookie: await sessionCookie(db, a.id) };
}
const as = (p: Person) => ({ headers: { cookie: p.cookie } });
const html = async (path: string, p: Person) => (await get(path, as(p))).text();

async function rowOf(conversationId: string, userId: string) {
  const [row] = await db
    .select()
    .from(conversationMembers)
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)));
  return row ?? null;
}

let owner: Person;
let guest: Person;
let member: Person;
let group: string;

/** A group of `owner` that `member` has joined; `guest` is not in it yet. */
beforeEach(async () => {
  [owner, guest, member] = [await person("Olga"), await person("Gus"), await person("Mona")];
  const res = await postForm("/messages/groups", { title: "Crane share" }, as(owner));
  group = res.headers.get("location")!.match(/\/messages\/(c[a-z2-7]{24})/)![1]!;
  expect((await postForm(`/messages/${group}/invite`, { email: member.email }, as(owner))).status).toBe(303);
  expect((await postForm(`/messages/${group}/accept`, {}, as(member))).status).toBe(303);
});

describe("group invitations", () => {
  it("an invitation is not membership: the invitee sees it on /messages with Accept and Decline, and joins by accepting", async () => {
    expect((await postForm(`/messages/${group}/invite`, { email: guest.email }, as(owner))).status).toBe(303);
    expect(await rowOf(group, guest.id)).toMatchObject({ state: "INVITED" });
    // Not in the group yet: the page and the socket are closed to them, and it is not in their list of conversations.
    expect((await get(`/messages/${group}`, as(guest))).status).toBe(404);
    const socket = await exports.default.fetch(new Request(`${ORIGIN}/messages/${group}/socket`, { headers: { cookie: guest.cookie, upgrade: "websocket", origin: ORIGIN } }));
    expect(socket.status).toBe(404);
    const list = await html("/messages", guest);
    expect(list).toContain("Invitations");
    expect(list).toContain("Crane share");
    expect(list).toContain("invited by Olga");
    expect(list).toContain(`action="/messages/${group}/accept"`);
    expect(list).toContain(`action="/messages/${group}/decline"`);
    // The owner sees them as invited, with a way to withdraw it.
    const ownerPage = await html(`/messages/${group}`, owner);
    expect(ownerPage).toMatch(/Gus Member\s*\(invited\)/);

    const accepted = await postForm(`/messages/${group}/accept`, {}, as(guest));
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get("location")).toBe(`/messages/${group}?notice=accepted`);
    expect(await rowOf(group, guest.id)).toMatchObject({ state: "JOINED" });
    expect((await get(`/messages/${group}`, as(guest))).status).toBe(200);
    expect(await html("/messages", guest)).not.toContain(`action="/messages/${group}/accept"`);
    // Answered once: a second accept finds no invitation.
    expect((await postForm(`/messages/${group}/accept`, {}, as(guest))).status).toBe(404);
  });

  it("declining removes the invitation, and the group stays closed to them", async () => {
    await postForm(`/messages/${group}/invite`, { email: guest.email }, as(owner));
    const declined = await postForm(`/messages/${group}/decline`, {}, as(guest));
    expect(declined.status).toBe(303);
    expect(await rowOf(group, guest.id)).toBeNull();
    expect((await get(`/messages/${group}`, as(guest))).status).toBe(404);
    expect(await html("/messages", guest)).not.toContain("Crane share");
  });

  it("inviting someone already in the group, or an unknown address, re-renders the form with a message (422)", async () => {
    const again = await postForm(`/messages/${group}/invite`, { email: member.email }, as(owner));
    expect(again.status).toBe(422);
    expect(await again.text()).toContain("is already in the group or invited");
    const unknown = await postForm(`/messages/${group}/invite`, { email: "nobody-here@example.test" }, as(owner));
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain("No member with a confirmed account has that email address.");
  });

  it("only the owner invites and removes; only the invitee accepts or declines", async () => {
    // A member who is not the owner: 403 for inviting and removing.
    expect((await postForm(`/messages/${group}/invite`, { email: guest.email }, as(member))).status).toBe(403);
    expect((await postForm(`/messages/${group}/members/${owner.id}/remove`, {}, as(member))).status).toBe(403);
    await postForm(`/messages/${group}/invite`, { email: guest.email }, as(owner));
    // Another member (and the owner) cannot answer the guest's invitation.
    for (const p of [member, owner]) {
      expect((await postForm(`/messages/${group}/accept`, {}, as(p))).status).toBe(404);
      expect((await postForm(`/messages/${group}/decline`, {}, as(p))).status).toBe(404);
    }
    expect(await rowOf(group, guest.id)).toMatchObject({ state: "INVITED" });
    // Someone outside the group can do none of it.
    const stranger = await person("Stan");
    expect((await postForm(`/messages/${group}/members/${member.id}/remove`, {}, as(stranger))).status).toBe(404);
    expect((await postForm(`/messages/${group}/leave`, {}, as(stranger))).status).toBe(404);
    expect(await rowOf(group, member.id)).toMatchObject({ state: "JOINED" });
  });
});

describe("leaving and removing", () => {
  it("a member leaves: out of the group and their list; the owner cannot leave", async () => {
    const left = await postForm(`/messages/${group}/leave`, {}, as(member));
    expect(left.status).toBe(303);
    expect(left.headers.get("location")).toBe("/messages?notice=left");
    expect(await rowOf(group, member.id)).toBeNull();
    expect((await get(`/messages/${group}`, as(member))).status).toBe(404);
    expect(await html("/messages", member)).not.toContain(`/messages/${group}`);
    expect((await postForm(`/messages/${group}/leave`, {}, as(owner))).status).toBe(403);
    expect(await rowOf(group, owner.id)).toMatchObject({ role: "OWNER" });
  });

  it("the owner removes a member: their open socket closes and the group is closed to them; an invitation is withdrawn the same way", async () => {
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/messages/${group}/socket`, { headers: { cookie: member.cookie, upgrade: "websocket", origin: ORIGIN } }),
    );
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    const closed = new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
    ws.accept();

    const removed = await postForm(`/messages/${group}/members/${member.id}/remove`, {}, as(owner));
    expect(removed.status).toBe(303);
    expect(await closed).toBe(1008);
    expect(await rowOf(group, member.id)).toBeNull();
    expect((await get(`/messages/${group}`, as(member))).status).toBe(404);
    expect((await postForm(`/messages/${group}`, { text: "let me back" }, as(member))).status).toBe(404);
    // The owner's own row cannot be removed.
    expect((await postForm(`/messages/${group}/members/${owner.id}/remove`, {}, as(owner))).status).toBe(404);

    await postForm(`/messages/${group}/invite`, { email: guest.email }, as(owner));
    expect((await postForm(`/messages/${group}/members/${guest.id}/remove`, {}, as(owner))).status).toBe(303);
    expect(await rowOf(group, guest.id)).toBeNull();
    expect(await html("/messages", guest)).not.toContain("Crane share");
  });

  it("a removed member invited again and accepting can write again", async () => {
    await postForm(`/messages/${group}/members/${member.id}/remove`, {}, as(owner));
    await postForm(`/messages/${group}/invite`, { email: member.email }, as(owner));
    await postForm(`/messages/${group}/accept`, {}, as(member));
    const sent = await postForm(`/messages/${group}`, { text: "back again", clientId: crypto.randomUUID() }, as(member));
    expect(sent.status).toBe(303);
  });
});

describe("blocking in a group", () => {
  it("the blocker no longer sees the blocked member's messages, nor counts them unread; the page names them for the live script", async () => {
    const post = (p: Person, text: string) => postForm(`/messages/${group}`, { text, clientId: crypto.randomUUID() }, as(p));
    expect((await post(member, "Mona's first")).status).toBe(303);
    expect((await post(owner, "Olga's answer")).status).toBe(303);
    // The owner blocks Mona from the report page of her message (reports read the written-through message).
    await chatStub(env, group).flush();
    const before = await html(`/messages/${group}`, owner);
    const reportPath = before.match(new RegExp(`/messages/${group}/report/c[a-z2-7]{24}`))![0];
    const reportPage = await html(reportPath, owner);
    expect(reportPage).toContain(`action="/messages/block/${member.id}"`);
    expect((await postForm(`/messages/block/${member.id}`, { back: group }, as(owner))).status).toBe(303);
    expect((await post(member, "Mona again")).status).toBe(303);
    // Unread counts and previews on the blocker's list leave her out.
    await chatStub(env, group).flush();
    const ownerList = await html("/messages", owner);
    expect(ownerList).toContain("Olga&#39;s answer");
    expect(ownerList).not.toContain("Mona again");
    expect(ownerList).not.toMatch(/Crane share<\/a>\s*<strong>/);

    const page = await html(`/messages/${group}`, owner);
    expect(page).not.toContain("Mona&#39;s first");
    expect(page).not.toContain("Mona again");
    expect(page).toContain("Olga&#39;s answer");
    expect(page).toMatch(new RegExp(`<section[^>]*id="chat"[^>]*data-hidden-senders="${member.id}"`));
    expect(page).toContain("Messages from members you blocked are not shown here.");
    // Mona herself still sees everything, and still writes to the group (others see her).
    const hers = await html(`/messages/${group}`, member);
    expect(hers).toContain("Mona again");
    expect(hers).not.toContain("data-hidden-senders");
    // Unblocked, her messages are back.
    await postForm(`/messages/block/${member.id}`, { back: group, action: "unblock" }, as(owner));
    const after = await html(`/messages/${group}`, owner);
    expect(after).toContain("Mona again");
    expect(after).not.toContain("data-hidden-senders");
  });
});

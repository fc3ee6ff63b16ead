// An event's channel end to end: an admin opens it, members holding a seat (registered, held,
// attended, no-show) find it on /messages and on the event's page and may open it; a member who
// registers later finds and joins it; cancelled and waitlisted members neither see nor open it.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { conversationMembers, conversations, eventRegistrations } from "../../src/db/schema/index.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { postForm } from "../helpers/http.ts";
import { openEvent, page, post, registrationOf, signedInMember, type Member } from "./events-fixtures.ts";

const db = useTestDb();
let adminCookie: string;
let adminMember: Member;

beforeAll(async () => {
  const admin = await createAccount(db, { memberType: "admin", roles: ["admin"], firstName: "Admin" });
  adminCookie = await sessionCookie(db, admin.id);
  adminMember = { id: admin.id, email: admin.email, cookie: adminCookie };
});

/** An admin opens the event's channel through the form; returns its id. */
async function openChannel(eventId: string, title: string): Promise<string> {
  const res = await postForm("/admin/messages/channels", { title, eventId }, { headers: { cookie: adminCookie } });
  expect(res.status).toBe(303);
  const [ch] = await db.select().from(conversations).where(eq(conversations.eventId, eventId));
  return ch!.id;
}

async function isMember(conversationId: string, userId: string): Promise<boolean> {
  const rows = await db
    .select()
    .from(conversationMembers)
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)));
  return rows.length > 0;
}

async function register(eventId: string, m: Member): Promise<void> {
  expect((await post(`/events/${eventId}/register`, m)).status).toBe(303);
  await registrationOf(db, eventId, m.id);
}

describe("an event's channel", () => {
  it("is made with the members holding a seat only: not the cancelled nor the waitlisted", async () => {
    const event = await openEvent(db, { title: "Channel event A", maxCapacity: 1 });
    const [seated, cancelled, waiting] = [await signedInMember(db), await signedInMember(db), await signedInMember(db)];
    await register(event.id, cancelled);
    expect((await post(`/events/${event.id}/cancel`, cancelled)).status).toBe(303);
    await register(event.id, seated);
    await register(event.id, waiting);
    expect((await registrationOf(db, event.id, waiting.id))!.status).toBe("WAITLISTED");
    expect((await registrationOf(db, event.id, cancelled.id))!.status).toBe("CANCELLED");

    const id = await openChannel(event.id, "Site walk A");
    expect(await isMember(id, seated.id)).toBe(true);
    expect(await isMember(id, cancelled.id)).toBe(false);
    expect(await isMember(id, waiting.id)).toBe(false);

    // The seated member has it in their list and opens it; the others neither see nor open it.
    expect((await page("/messages", seated)).html).toContain(`/messages/${id}`);
    expect((await page(`/messages/${id}`, seated)).status).toBe(200);
    for (const m of [cancelled, waiting]) {
      expect((await page("/messages", m)).html).not.toContain(`/messages/${id}`);
      expect((await page(`/messages/${id}`, m)).status).toBe(404);
    }
  });

  it("a member who registers later finds it on /messages and on the event's page, and joins by opening it", async () => {
    const event = await openEvent(db, { title: "Channel event B" });
    const id = await openChannel(event.id, "Site walk B");
    const late = await signedInMember(db);
    expect((await page("/messages", late)).html).not.toContain(`/messages/${id}`);
    expect((await page(`/events/${event.id}`, late)).html).not.toContain(`/messages/${id}`);
    expect((await page(`/messages/${id}`, late)).status).toBe(404);

    await register(event.id, late);
    const eventPage = await page(`/events/${event.id}`, late);
    expect(eventPage.html).toContain(`href="/messages/${id}"`);
    const list = await page("/messages", late);
    expect(list.html).toMatch(new RegExp(`Chapter channels[\\s\\S]*href="/messages/${id}"`));
    expect((await page(`/messages/${id}`, late)).status).toBe(200);
    expect(await isMember(id, late.id)).toBe(true);
    // Joined: it is a conversation of theirs now, no longer one to join.
    expect((await page("/messages", late)).html).not.toMatch(new RegExp(`Chapter channels[\\s\\S]*href="/messages/${id}"`));
  });

  it("a member who cancels loses it: gone from their list and the event's page, and opening it is a 404", async () => {
    const event = await openEvent(db, { title: "Channel event C" });
    const leaver = await signedInMember(db);
    await register(event.id, leaver);
    const id = await openChannel(event.id, "Site walk C");
    expect((await page(`/messages/${id}`, leaver)).status).toBe(200);

    expect((await post(`/events/${event.id}/cancel`, leaver)).status).toBe(303);
    await registrationOf(db, event.id, leaver.id);
    expect((await page(`/messages/${id}`, leaver)).status).toBe(404);
    expect((await postForm(`/messages/${id}`, { text: "still here?" }, { headers: { cookie: leaver.cookie } })).status).toBe(404);
    expect((await page("/messages", leaver)).html).not.toContain(`/messages/${id}`);
    expect((await page(`/events/${event.id}`, leaver)).html).not.toContain(`/messages/${id}`);
    // The admin's channel list counts the members who hold a seat: the admin who opened it only.
    const channels = await page("/admin/messages/channels", adminMember);
    expect(channels.html).toMatch(/Site walk C<\/a>\s*<\/td>\s*<td>Registrants of Channel event C<\/td>\s*<td>1<\/td>/);
  });

  it("the admin who opened it keeps it without a seat", async () => {
    const event = await openEvent(db, { title: "Channel event E" });
    const id = await openChannel(event.id, "Site walk E");
    expect((await page(`/messages/${id}`, adminMember)).status).toBe(200);
    expect((await page("/messages", adminMember)).html).toContain(`href="/messages/${id}"`);
  });

  it("after the event, members who attended or were marked no-show keep it", async () => {
    const event = await openEvent(db, { title: "Channel event D" });
    const [came, missed] = [await signedInMember(db), await signedInMember(db)];
    const id = await openChannel(event.id, "Site walk D");
    await db.insert(eventRegistrations).values([
      { eventId: event.id, userId: came.id, status: "ATTENDED" },
      { eventId: event.id, userId: missed.id, status: "NO_SHOW" },
    ]);
    for (const m of [came, missed]) expect((await page(`/messages/${id}`, m)).status).toBe(200);
  });
});

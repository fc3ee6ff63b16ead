// The unread digest (cron): one email per member listing messages unread for more than a few
// hours, each message in one digest ever, retries adding nothing, the preference honoured.
import { env } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { conversationMembers, conversations, emailOutbox, eventRegistrations, events, messages, type User } from "../../src/db/schema/index.ts";
import { DIGEST_AFTER_HOURS, sendMessageDigests } from "../../src/features/messaging/digest.ts";
import { makeUser, useTestDb } from "../helpers/db.ts";

const db = useTestDb();
const config = loadConfig(env as unknown as Record<string, unknown>);
const HOUR = 3_600_000;

/** A DIRECT-like group with the given members; `sent` are [sender, text, hours ago] in order. */
async function conversation(members: User[], sent: Array<[User, string, number]>, now: number): Promise<string> {
  const [c] = await db
    .insert(conversations)
    .values({ kind: "GROUP", title: `Digest group ${members.length}`, lastSeq: sent.length, lastMessageAt: new Date(now) })
    .returning({ id: conversations.id });
  await db.insert(conversationMembers).values(members.map((m) => ({ conversationId: c!.id, userId: m.id })));
  await db.insert(messages).values(
    sent.map(([sender, content, hoursAgo], i) => ({ conversationId: c!.id, seq: i + 1, senderId: sender.id, content, sentAt: new Date(now - hoursAgo * HOUR) })),
  );
  return c!.id;
}

const digestsOf = (user: User) =>
  db.select().from(emailOutbox).where(and(eq(emailOutbox.userId, user.id), eq(emailOutbox.kind, "MESSAGE_DIGEST")));

describe("unread message digest", () => {
  it("emails each unread message once across two runs and a retry, and only once it has waited long enough", async () => {
    const now = Date.now();
    const [ana, ben] = await Promise.all([makeUser(db, { firstName: "Ana", isVerified: true }), makeUser(db, { firstName: "Ben", isVerified: true })]);
    const id = await conversation([ana, ben], [[ana, "Lift free Friday?", 6], [ana, "40 ft boom", 5], [ana, "Still need it", 1]], now);

    const first = await sendMessageDigests(db, config, new Date(now));
    expect(first.emails).toBeGreaterThanOrEqual(1);
    let mail = await digestsOf(ben);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.textBody).toContain("Lift free Friday?");
    expect(mail[0]!.textBody).toContain("40 ft boom");
    expect(mail[0]!.textBody).not.toContain("Still need it"); // only an hour old
    expect(mail[0]!.textBody).toContain(`/messages/${id}`);
    expect(mail[0]!.subject).toContain("2 unread messages");
    // The sender gets no digest of their own messages.
    expect(await digestsOf(ana)).toHaveLength(0);

    // A second run at the same time: nothing new.
    await sendMessageDigests(db, config, new Date(now));
    expect(await digestsOf(ben)).toHaveLength(1);

    // A retry of the first run (as if its advance were lost after the email was queued): the
    // derived outbox id makes the insert a no-op.
    await db.update(conversationMembers).set({ digestedSeq: 0 }).where(and(eq(conversationMembers.conversationId, id), eq(conversationMembers.userId, ben.id)));
    await sendMessageDigests(db, config, new Date(now));
    expect(await digestsOf(ben)).toHaveLength(1);

    // Hours later the third message is due, alone.
    await sendMessageDigests(db, config, new Date(now + DIGEST_AFTER_HOURS * HOUR));
    mail = await digestsOf(ben);
    expect(mail).toHaveLength(2);
    const second = mail.find((m) => m.id !== mail[0]!.id && m.textBody.includes("Still need it")) ?? mail.find((m) => m.textBody.includes("Still need it"))!;
    expect(second.textBody).not.toContain("Lift free Friday?");
    const [member] = await db.select().from(conversationMembers).where(and(eq(conversationMembers.conversationId, id), eq(conversationMembers.userId, ben.id)));
    expect(member!.digestedSeq).toBe(3);
  });

  it("sends nothing for read messages, muted or archived conversations, or to a member who turned digests off", async () => {
    const now = Date.now();
    const [sender, reader, muted, archived, optedOut] = await Promise.all([
      makeUser(db, { isVerified: true }),
      makeUser(db, { isVerified: true }),
      makeUser(db, { isVerified: true }),
      makeUser(db, { isVerified: true }),
      makeUser(db, { notificationPreferences: { email: true, sms: false, push: true, messageDigests: false }, isVerified: true }),
    ]);
    const id = await conversation([sender, reader, muted, archived, optedOut], [[sender, "Bid walk moved to 9", 8], [sender, "Bring boots", 7]], now);
    await db.update(conversationMembers).set({ lastReadSeq: 2 }).where(and(eq(conversationMembers.conversationId, id), eq(conversationMembers.userId, reader.id)));
    await db.update(conversationMembers).set({ muted: true }).where(and(eq(conversationMembers.conversationId, id), eq(conversationMembers.userId, muted.id)));
    await db.update(conversationMembers).set({ archived: true }).where(and(eq(conversationMembers.conversationId, id), eq(conversationMembers.userId, archived.id)));

    await sendMessageDigests(db, config, new Date(now));

    const sent = await db
      .select({ userId: emailOutbox.userId })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.kind, "MESSAGE_DIGEST"), inArray(emailOutbox.userId, [reader.id, muted.id, archived.id, optedOut.id])));
    expect(sent).toEqual([]);
    // The opted-out member's messages count as handled: turning digests on later does not send old news.
    const [row] = await db.select().from(conversationMembers).where(and(eq(conversationMembers.conversationId, id), eq(conversationMembers.userId, optedOut.id)));
    expect(row!.digestedSeq).toBe(2);
  });

  it("a member's own last message does not hold a pair in the run's window: the pairs after it still get their digest", async () => {
    const now = Date.now();
    // Whatever earlier tests left due is sent first, so only what follows is left.
    while ((await sendMessageDigests(db, config, new Date(now))).members > 0);
    const [cy, dee] = await Promise.all([makeUser(db, { firstName: "Cy", isVerified: true }), makeUser(db, { firstName: "Dee", isVerified: true })]);
    // Cy wrote here: the conversation is ahead of Cy's read position, yet nothing is unread for Cy.
    await conversation([cy], [[cy, "Note to self: call the bonding agent", 6]], now);
    await conversation([cy, dee], [[dee, "Plans are in the vault", 6]], now);
    // One pair per run: the run must pick a pair with something to send.
    const run = await sendMessageDigests(db, config, new Date(now), 1);
    expect(run.emails).toBe(1);
    const mail = await digestsOf(cy);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.textBody).toContain("Plans are in the vault");
  });

  it("emails only those who read the conversation: not a group's invitee before they accept, not an event channel's member after cancelling", async () => {
    const now = Date.now();
    const [owner, invitee, seated, cancelled] = await Promise.all([
      makeUser(db, { firstName: "Oona", isVerified: true }),
      makeUser(db, { firstName: "Ivo", isVerified: true }),
      makeUser(db, { firstName: "Sal", isVerified: true }),
      makeUser(db, { firstName: "Cass", isVerified: true }),
    ]);
    const group = await conversation([owner], [[owner, "Who has a lift Friday?", 6]], now);
    await db.insert(conversationMembers).values({ conversationId: group, userId: invitee.id, state: "INVITED" });

    const [event] = await db
      .insert(events)
      .values({ title: "Site walk", description: "x", type: "WORKSHOP", status: "REGISTRATION_OPEN", startDate: new Date(now + 2 * 86_400_000), endDate: new Date(now + 2 * 86_400_000 + 7_200_000), location: "Yard", createdById: owner.id })
      .returning({ id: events.id });
    await db.insert(eventRegistrations).values([
      { eventId: event!.id, userId: seated.id, status: "REGISTERED" },
      { eventId: event!.id, userId: cancelled.id, status: "CANCELLED" },
    ]);
    const channel = await conversation([owner, seated, cancelled], [[owner, "Bring boots to the site walk", 6]], now);
    await db.update(conversations).set({ kind: "CHANNEL", eventId: event!.id }).where(eq(conversations.id, channel));

    await sendMessageDigests(db, config, new Date(now));
    expect(await digestsOf(invitee)).toHaveLength(0);
    expect(await digestsOf(cancelled)).toHaveLength(0);
    const [mail] = await digestsOf(seated);
    expect(mail!.textBody).toContain("Bring boots to the site walk");
  });
});

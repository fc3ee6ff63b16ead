// Messaging routes in the authorization matrix. Fixtures are fresh per actor, so the targets
// are made once here: a chapter channel (every verified member may open it, joining on the way),
// a private group none of the actors belongs to (everyone refused, admins too: a conversation
// is its members' business), a message in the channel and an open report of it. Per row's
// fixtures, two groups `member` owns: one `otherMember` is invited to, one they joined (only the
// invitee answers an invitation; only a member who is not the owner leaves; only the owner removes).
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { loadConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { ID, idParam } from "../../src/db/ids.ts";
import { conversationMembers, conversations, messageReports, messages } from "../../src/db/schema/index.ts";
import { makeUser } from "../helpers/db.ts";
import { ADMIN_ONLY, VERIFIED, type Fixtures, type RouteRow } from "./types.ts";

async function sharedTargets() {
  const { db, pool } = createDb(loadConfig(env as unknown as Record<string, unknown>));
  try {
    const owner = await makeUser(db, { firstName: "Matrix", lastName: "Chatter", isVerified: true });
    const [channel] = await db.insert(conversations).values({ kind: "CHANNEL", title: "Matrix channel", createdById: owner.id }).returning();
    const [group] = await db.insert(conversations).values({ kind: "GROUP", title: "Matrix private group", createdById: owner.id }).returning();
    await db.insert(conversationMembers).values([
      { conversationId: channel!.id, userId: owner.id, role: "OWNER" },
      { conversationId: group!.id, userId: owner.id, role: "OWNER" },
    ]);
    const [message] = await db
      .insert(messages)
      .values({ conversationId: channel!.id, seq: 1, senderId: owner.id, content: "Matrix message", status: "SENT" })
      .returning();
    await db.update(conversations).set({ lastSeq: 1, lastMessageAt: new Date() }).where(eq(conversations.id, channel!.id));
    const [report] = await db.insert(messageReports).values({ messageId: message!.id, reporterId: owner.id, reason: "Matrix" }).returning();
    return { channelId: channel!.id, groupId: group!.id, messageId: message!.id, reportId: report!.id };
  } finally {
    await pool.end();
  }
}

const t = await sharedTargets();

const groups = new Map<string, { invited: string; joined: string }>();
async function memberGroups(f: Fixtures): Promise<void> {
  if (groups.has(f.member.id)) return;
  const { db, pool } = createDb(loadConfig(env as unknown as Record<string, unknown>));
  try {
    const [invited, joined] = await db
      .insert(conversations)
      .values([
        { kind: "GROUP", title: "Matrix invitation", createdById: f.member.id },
        { kind: "GROUP", title: "Matrix group", createdById: f.member.id },
      ])
      .returning({ id: conversations.id });
    await db.insert(conversationMembers).values([
      { conversationId: invited!.id, userId: f.member.id, role: "OWNER" },
      { conversationId: invited!.id, userId: f.otherMember.id, state: "INVITED" },
      { conversationId: joined!.id, userId: f.member.id, role: "OWNER" },
      { conversationId: joined!.id, userId: f.otherMember.id },
    ]);
    groups.set(f.member.id, { invited: invited!.id, joined: joined!.id });
  } finally {
    await pool.end();
  }
}
const groupOf = (f: Fixtures, which: "invited" | "joined") => groups.get(f.member.id)?.[which] ?? "not-prepared";
const EXCEPT_TARGET = VERIFIED.filter((a) => a !== "otherMember");
const M = `/messages/${ID}`;
const text = () => ({ text: "Matrix says hi", clientId: crypto.randomUUID() });

export const messagingRows: RouteRow[] = [
  { method: "GET", route: "/messages", rule: "signedIn + verified", path: () => "/messages", allowed: VERIFIED },
  // Messaging yourself is a 404, so the target member is refused here.
  { method: "GET", route: "/messages/new", rule: "signedIn + verified", path: (f) => `/messages/new?to=${f.otherMember.id}`, allowed: EXCEPT_TARGET },
  { method: "POST", route: "/messages/new", rule: "signedIn + verified", path: () => "/messages/new", form: (f) => ({ to: f.otherMember.id, ...text() }), allowed: EXCEPT_TARGET },
  { method: "POST", route: "/messages/groups", rule: "signedIn + verified", path: () => "/messages/groups", form: () => ({ title: "Matrix group" }), allowed: VERIFIED },
  { method: "POST", route: `/messages/block/${ID}`, rule: "signedIn + verified (blocks for oneself)", path: (f) => `/messages/block/${f.otherMember.id}`, form: () => ({}), allowed: EXCEPT_TARGET },
  // Without an Upgrade header the socket route makes the same checks (session, confirmed email,
  // membership) and answers 426 when they pass; the Origin check and the upgrade itself are
  // proven in test/objects/chat-room.test.ts.
  {
    method: "GET",
    route: `${M}/socket`,
    rule: "public route; session, confirmed email and membership checked in the handler (426 without a WebSocket upgrade)",
    path: () => `/messages/${t.channelId}/socket`,
    allowed: VERIFIED,
  },
  { method: "GET", route: M, rule: "signedIn + verified + member (channel: any verified member)", path: () => `/messages/${t.channelId}`, allowed: VERIFIED },
  { method: "POST", route: M, rule: "signedIn + verified + member", path: () => `/messages/${t.channelId}`, form: text, allowed: VERIFIED },
  { method: "POST", route: `${M}/archive`, rule: "signedIn + verified + member", path: () => `/messages/${t.channelId}/archive`, form: () => ({}), allowed: VERIFIED },
  { method: "POST", route: `${M}/unarchive`, rule: "signedIn + verified + member", path: () => `/messages/${t.channelId}/unarchive`, form: () => ({}), allowed: VERIFIED },
  { method: "POST", route: `${M}/invite`, rule: "signedIn + verified + group owner", path: () => `/messages/${t.groupId}/invite`, form: (f) => ({ email: f.otherMember.email }), allowed: [] },
  {
    method: "POST",
    route: `${M}/invite`,
    rule: "signedIn + verified + group owner (a member who is not the owner: 403)",
    prepare: memberGroups,
    path: (f) => `/messages/${groupOf(f, "joined")}/invite`,
    form: () => ({ email: "nobody-matrix@example.test" }),
    allowed: ["member"],
  },
  { method: "POST", route: `${M}/accept`, rule: "signedIn + verified + the invitee", prepare: memberGroups, path: (f) => `/messages/${groupOf(f, "invited")}/accept`, form: () => ({}), allowed: ["otherMember"] },
  { method: "POST", route: `${M}/decline`, rule: "signedIn + verified + the invitee", prepare: memberGroups, path: (f) => `/messages/${groupOf(f, "invited")}/decline`, form: () => ({}), allowed: ["otherMember"] },
  { method: "POST", route: `${M}/leave`, rule: "signedIn + verified + a member who is not the owner", prepare: memberGroups, path: (f) => `/messages/${groupOf(f, "joined")}/leave`, form: () => ({}), allowed: ["otherMember"] },
  {
    method: "POST",
    route: `${M}/members/${idParam("userId")}/remove`,
    rule: "signedIn + verified + group owner",
    prepare: memberGroups,
    path: (f) => `/messages/${groupOf(f, "joined")}/members/${f.otherMember.id}/remove`,
    form: () => ({}),
    allowed: ["member"],
  },
  { method: "GET", route: `${M}/report/${idParam("messageId")}`, rule: "signedIn + verified + member", path: () => `/messages/${t.channelId}/report/${t.messageId}`, allowed: VERIFIED },
  {
    method: "POST",
    route: `${M}/report/${idParam("messageId")}`,
    rule: "signedIn + verified + member",
    path: () => `/messages/${t.channelId}/report/${t.messageId}`,
    form: () => ({ reason: "Matrix report" }),
    allowed: VERIFIED,
  },
  { method: "GET", route: "/admin/messages/channels", rule: "to(moderate, messages)", path: () => "/admin/messages/channels", allowed: ADMIN_ONLY },
  { method: "POST", route: "/admin/messages/channels", rule: "to(moderate, messages)", path: () => "/admin/messages/channels", form: () => ({ title: "Matrix channel" }), allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/messages/reports", rule: "to(moderate, messages)", path: () => "/admin/messages/reports", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/messages/reports.csv", rule: "to(moderate, messages)", path: () => "/admin/messages/reports.csv?status=OPEN", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/messages/channels.csv", rule: "to(moderate, messages)", path: () => "/admin/messages/channels.csv", allowed: ADMIN_ONLY },
  {
    method: "POST",
    route: `/admin/messages/reports/${ID}`,
    rule: "to(moderate, messages)",
    path: () => `/admin/messages/reports/${t.reportId}`,
    form: () => ({ outcome: "DISMISSED" }),
    allowed: ADMIN_ONLY,
  },
];

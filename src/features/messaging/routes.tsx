// Member-facing messaging, mounted at /messages: the list (inbox and archived), a conversation
// (history, live socket, the composer's form fallback), starting a DIRECT conversation, groups
// (by invitation: accept, decline, leave, remove), blocking, reporting.
// Every message goes through the conversation's ChatRoom object (src/objects/ChatRoom.ts,
// where the socket protocol is documented), the form fallback included.
import { Hono, type Context, type MiddlewareHandler } from "hono";
import * as z from "zod";
import { allow, Forbidden, type SignedInEnv } from "../../auth/rbac.ts";
import { ID, idParam, isId } from "../../db/ids.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { plainText, requiredText } from "../../lib/fields.ts";
import { parseForm, readQuery } from "../../lib/forms.ts";
import { noticeTable } from "../../lib/notices.ts";
import { pageField, pageWindow } from "../../lib/pagination.ts";
import { ConversationPage, NewConversationPage, ReportPage } from "../../../templates/messaging/ConversationPage.tsx";
import { MessagesPage } from "../../../templates/messaging/MessagesPage.tsx";
import { chatStub, CONTEXT_HEADER, type ChatContext, type PostResult } from "./chat.ts";
import { stampSocketOpened } from "./live-rooms.ts";
import {
  acceptInvitation,
  accessConversation,
  blockMember,
  createGroup,
  ensureDirect,
  findDirect,
  findMemberByEmail,
  findMessage,
  findMembership,
  findMessageableMember,
  fullName,
  inviteMember,
  isBlockedBy,
  listBlocked,
  listConversations,
  listInvitations,
  listMembers,
  openChannels,
  removeMember,
  reportMessage,
  setArchived,
  unblockMember,
  type Access,
} from "./queries.ts";

export const messagingRoutes = new Hono<AppEnv>();

const PER_PAGE = 20;
const HISTORY = 50;

export const messagingNotices = noticeTable({
  blocked: "Blocked. They can no longer message you.",
  unblocked: "Unblocked.",
  archived: "Archived. The conversation comes back when a new message arrives.",
  unarchived: "Back in your inbox.",
  reported: "Thank you. The chapter office will look at the message.",
  invited: "Invitation sent. They join the group once they accept it on their Messages page.",
  group: "Group created. Invite members below.",
  accepted: "You joined the group.",
  declined: "Invitation declined.",
  left: "You left the group.",
  removed: "Removed from the group.",
});

type Ctx = Context<SignedInEnv>;

/** Messaging is for members whose email is confirmed (like every member-only feature). */
const verified: MiddlewareHandler<SignedInEnv> = async (c, next) => {
  if (!c.var.signedIn.user.isVerified) throw new Forbidden();
  return next();
};
const member = [allow.signedIn, verified] as const;

function contextFor(c: Ctx, access: Access): ChatContext {
  const u = c.var.signedIn.user;
  return {
    conversationId: access.conversation.id,
    kind: access.conversation.kind,
    directKey: access.conversation.directKey,
    userId: u.id,
    name: fullName(u),
    canWrite: access.canWrite,
  };
}

async function access(c: Ctx): Promise<Access | "blocked" | null> {
  const id = c.req.param("id") ?? "";
  return isId(id) ? accessConversation(c.var.db(), id, c.var.signedIn.user.id) : null;
}

// ---------------------------------------------------------------- list

/** The inbox, or `?view=archived`: the conversations this member archived, each with Unarchive. */
messagingRoutes.get("/", ...member, async (c) => {
  const query = readQuery(c, z.object({ page: pageField(), view: z.enum(["inbox", "archived"]).default("inbox") }));
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const view = query.ok ? query.data.view : "inbox";
  const db = c.var.db();
  const me = c.var.signedIn.user.id;
  const inbox = view === "inbox";
  const [list, channels, invitations] = await Promise.all([
    listConversations(db, me, { limit, offset }, { archived: !inbox }),
    inbox ? openChannels(db, me) : [],
    inbox ? listInvitations(db, me) : [],
  ]);
  return renderPage(c, {
    title: inbox ? "Messages" : "Archived conversations",
    status: query.ok ? 200 : 422,
    body: (
      <MessagesPage
        view={view}
        rows={list.rows}
        total={list.total}
        page={page}
        perPage={perPage}
        channels={channels}
        invitations={invitations}
        notice={messagingNotices.read(c)}
        error={query.ok ? undefined : "That list does not exist: here is your inbox."}
      />
    ),
  });
});

// ---------------------------------------------------------------- start a DIRECT conversation

messagingRoutes.get("/new", ...member, async (c) => {
  const to = c.req.query("to") ?? "";
  const me = c.var.signedIn.user.id;
  if (!isId(to) || to === me) return renderNotFound(c);
  const db = c.var.db();
  const [person, existing, blocked] = await Promise.all([findMessageableMember(db, to), findDirect(db, me, to), isBlockedBy(db, to, me)]);
  if (!person || blocked) return renderNotFound(c);
  if (existing) return c.redirect(`/messages/${existing}`, 303);
  return renderPage(c, { title: `Message ${fullName(person)}`, body: <NewConversationPage to={{ id: person.id, name: fullName(person) }} /> });
});

const composerSchema = z.object({
  text: requiredText("Message", 4096, { multiline: true }),
  clientId: plainText("Client id", 64).optional(),
});

messagingRoutes.post("/new", ...member, async (c) => {
  const form = await parseForm(c, composerSchema.extend({ to: z.string() }));
  const me = c.var.signedIn.user.id;
  const to = form.values.to ?? "";
  if (!isId(to) || to === me) return renderNotFound(c);
  const db = c.var.db();
  const [person, blocked] = await Promise.all([findMessageableMember(db, to), isBlockedBy(db, to, me)]);
  if (!person || blocked) return renderNotFound(c);
  if (!form.ok) {
    const body = <NewConversationPage to={{ id: person.id, name: fullName(person) }} draft={form.values.text} error={form.errors.text} />;
    return renderPage(c, { title: `Message ${fullName(person)}`, status: 422, body });
  }
  const id = await ensureDirect(db, me, to);
  const found = await accessConversation(db, id, me);
  if (!found || found === "blocked") return renderNotFound(c);
  const result = await chatStub(c.env, id).post(contextFor(c, found), form.data.text, form.data.clientId || null);
  return afterPost(c, id, found, result, form.data.text);
});

// ---------------------------------------------------------------- groups

messagingRoutes.post("/groups", ...member, async (c) => {
  const form = await parseForm(c, z.object({ title: requiredText("Group name", 120) }));
  if (!form.ok) {
    const db = c.var.db();
    const me = c.var.signedIn.user.id;
    const [list, channels, invitations] = await Promise.all([listConversations(db, me, { limit: PER_PAGE, offset: 0 }), openChannels(db, me), listInvitations(db, me)]);
    const body = (
      <MessagesPage
        view="inbox"
        rows={list.rows}
        total={list.total}
        page={1}
        perPage={PER_PAGE}
        channels={channels}
        invitations={invitations}
        groupError={form.errors.title}
        groupTitle={form.values.title}
      />
    );
    return renderPage(c, { title: "Messages", status: 422, body });
  }
  const id = await createGroup(c.var.db(), c.var.signedIn.user.id, form.data.title);
  return messagingNotices.redirect(c, `/messages/${id}`, "group");
});

// ---------------------------------------------------------------- block (before /:id routes)

messagingRoutes.post(`/block/${ID}`, ...member, async (c) => {
  const other = c.req.param("id");
  const me = c.var.signedIn.user.id;
  const db = c.var.db();
  const form = await parseForm(c, z.object({ back: z.string().optional(), action: z.enum(["block", "unblock"]).default("block") }));
  if (other === me || !(await findMessageableMember(db, other))) return renderNotFound(c);
  const back = form.ok && form.data.back && isId(form.data.back) ? `/messages/${form.data.back}` : "/messages";
  if (form.ok && form.data.action === "unblock") {
    await unblockMember(db, me, other);
    return messagingNotices.redirect(c, back, "unblocked");
  }
  const direct = await blockMember(db, me, other);
  if (direct) await chatStub(c.env, direct).closeFor(direct, other);
  return messagingNotices.redirect(c, back, "blocked");
});

// ---------------------------------------------------------------- one conversation

/**
 * The live socket (protocol: src/objects/ChatRoom.ts). Refusals are plain text with their status.
 * The same URL without `Upgrade` answers the same checks (426 when all pass), so the page's
 * script, which cannot read a refused upgrade's status, asks that way why it was refused.
 */
messagingRoutes.get(`/${ID}/socket`, allow.public, async (c) => {
  const upgrade = c.req.header("upgrade")?.toLowerCase() === "websocket";
  if (upgrade) {
    const origin = c.req.header("origin");
    const own = new Set([new URL(c.req.url).origin, new URL(c.var.config.PUBLIC_URL).origin]);
    if (!origin || !own.has(origin)) return c.text("Connections are accepted only from the portal's own pages.", 403);
  }
  const user = c.var.user;
  if (!user) return c.text("Your session has ended. Sign in again to keep chatting.", 401);
  if (!user.isVerified) return c.text("Confirm your email address first.", 403);
  const db = c.var.db();
  const found = await accessConversation(db, c.req.param("id"), user.id);
  if (found === null) return c.text("This conversation is not open to you any more.", 404);
  if (found === "blocked") return c.text("You can no longer message this member.", 403);
  if (!upgrade) return c.text("This URL takes a WebSocket upgrade.", 426);
  c.executionCtx.waitUntil(stampSocketOpened(db, found.conversation.id).catch(() => {}));
  const who: ChatContext = {
    conversationId: found.conversation.id,
    kind: found.conversation.kind,
    directKey: found.conversation.directKey,
    userId: user.id,
    name: fullName(user),
    canWrite: found.canWrite,
  };
  const after = c.req.query("after") ?? "0";
  // A request the Worker builds: the client's own headers never reach the object.
  const res = await chatStub(c.env, who.conversationId).fetch(
    new Request(`https://chat-room/socket?after=${encodeURIComponent(after)}`, { headers: { upgrade: "websocket", [CONTEXT_HEADER]: JSON.stringify(who) } }),
  );
  if (res.status !== 101 || !res.webSocket) return c.text(await res.text(), 503);
  return new Response(null, { status: 101, webSocket: res.webSocket });
});

interface PageState {
  status?: 200 | 422 | 429;
  draft?: string;
  error?: string;
  inviteError?: string;
}

async function conversationPage(c: Ctx, found: Access, state: PageState = {}) {
  const before = Number.parseInt(c.req.query("before") ?? "", 10);
  const paging = Number.isInteger(before) && before > 0;
  const db = c.var.db();
  const me = c.var.signedIn.user.id;
  const who = contextFor(c, found);
  const shared = found.conversation.kind !== "DIRECT";
  const [history, members, iBlocked, blocked] = await Promise.all([
    chatStub(c.env, found.conversation.id).history(who, { before: paging ? before : undefined, limit: HISTORY, read: !paging && !state.error }),
    found.conversation.kind === "GROUP" ? listMembers(db, found.conversation.id) : [],
    found.peer ? isBlockedBy(db, me, found.peer.id) : false,
    shared ? listBlocked(db, me) : [],
  ]);
  const first = history.messages[0]?.seq;
  // In groups and channels the blocker does not see the blocked member's messages (the live
  // script hides new ones by data-hidden-senders).
  const hidden = new Set(blocked.map((b) => b.id));
  const shown = history.messages.filter((m) => !hidden.has(m.senderId));
  const hiddenIn = new Set(history.messages.filter((m) => hidden.has(m.senderId)).map((m) => m.senderId));
  return renderPage(c, {
    title: found.title,
    status: state.status ?? 200,
    body: (
      <ConversationPage
        id={found.conversation.id}
        title={found.title}
        kind={found.conversation.kind}
        me={me}
        messages={shown}
        lastSeq={history.lastSeq}
        olderBefore={history.more && first !== undefined ? first : null}
        paging={paging}
        canWrite={found.canWrite}
        peer={found.peer}
        iBlocked={iBlocked}
        members={members}
        isOwner={found.member.role === "OWNER"}
        archived={found.member.archived}
        hiddenSenders={[...hidden]}
        hiddenNames={blocked.filter((b) => hiddenIn.has(b.id)).map((b) => ({ id: b.id, name: fullName(b) }))}
        draft={state.draft}
        error={state.error}
        inviteError={state.inviteError}
        notice={state.status ? undefined : messagingNotices.read(c)}
      />
    ),
  });
}

messagingRoutes.get(`/${ID}`, ...member, async (c) => {
  const found = await access(c);
  if (!found || found === "blocked") return renderNotFound(c);
  return conversationPage(c, found);
});

/** The composer without a socket (no JavaScript, or offline fallback): the same path through the object. */
messagingRoutes.post(`/${ID}`, ...member, async (c) => {
  const found = await access(c);
  if (!found || found === "blocked") return renderNotFound(c);
  const form = await parseForm(c, composerSchema);
  if (!form.ok) return conversationPage(c, found, { status: 422, draft: form.values.text, error: form.errors.text ?? "The message could not be read." });
  const result = await chatStub(c.env, found.conversation.id).post(contextFor(c, found), form.data.text, form.data.clientId || null);
  return afterPost(c, found.conversation.id, found, result, form.data.text);
});

async function afterPost(c: Ctx, id: string, found: Access, result: PostResult, text: string) {
  if (result.ok) return c.redirect(`/messages/${id}#m-${result.message.seq}`, 303);
  return conversationPage(c, found, { status: result.code === "rate_limited" ? 429 : 422, draft: text, error: result.error });
}

messagingRoutes.post(`/${ID}/archive`, ...member, async (c) => {
  const found = await access(c);
  if (!found || found === "blocked") return renderNotFound(c);
  await setArchived(c.var.db(), found.conversation.id, c.var.signedIn.user.id, true);
  return messagingNotices.redirect(c, "/messages", "archived");
});

messagingRoutes.post(`/${ID}/unarchive`, ...member, async (c) => {
  const found = await access(c);
  if (!found || found === "blocked") return renderNotFound(c);
  await setArchived(c.var.db(), found.conversation.id, c.var.signedIn.user.id, false);
  return messagingNotices.redirect(c, "/messages", "unarchived");
});

messagingRoutes.post(`/${ID}/invite`, ...member, async (c) => {
  const found = await access(c);
  if (!found || found === "blocked") return renderNotFound(c);
  if (found.conversation.kind !== "GROUP" || found.member.role !== "OWNER") throw new Forbidden();
  const form = await parseForm(c, z.object({ email: z.email("Enter the member's email address.") }));
  if (!form.ok) return conversationPage(c, found, { status: 422, inviteError: form.errors.email });
  const db = c.var.db();
  const person = await findMemberByEmail(db, form.data.email);
  if (!person) return conversationPage(c, found, { status: 422, inviteError: "No member with a confirmed account has that email address." });
  if (!(await inviteMember(db, found.conversation.id, person.id))) {
    return conversationPage(c, found, { status: 422, inviteError: `${fullName(person)} is already in the group or invited.` });
  }
  return messagingNotices.redirect(c, `/messages/${found.conversation.id}`, "invited");
});

/** Only the invitee answers an invitation; anyone else (members included) gets 404. */
async function myInvitation(c: Ctx): Promise<string | null> {
  const id = c.req.param("id") ?? "";
  const mine = await findMembership(c.var.db(), id, c.var.signedIn.user.id);
  return mine?.state === "INVITED" ? id : null;
}

messagingRoutes.post(`/${ID}/accept`, ...member, async (c) => {
  const id = await myInvitation(c);
  if (!id || !(await acceptInvitation(c.var.db(), id, c.var.signedIn.user.id))) return renderNotFound(c);
  return messagingNotices.redirect(c, `/messages/${id}`, "accepted");
});

messagingRoutes.post(`/${ID}/decline`, ...member, async (c) => {
  const id = await myInvitation(c);
  if (!id || !(await removeMember(c.var.db(), id, c.var.signedIn.user.id, "INVITED"))) return renderNotFound(c);
  return messagingNotices.redirect(c, "/messages", "declined");
});

/** A member leaves a group (its owner cannot: the group would have nobody to invite or remove). */
messagingRoutes.post(`/${ID}/leave`, ...member, async (c) => {
  const found = await access(c);
  if (!found || found === "blocked" || found.conversation.kind !== "GROUP") return renderNotFound(c);
  if (found.member.role === "OWNER") throw new Forbidden();
  const me = c.var.signedIn.user.id;
  if (!(await removeMember(c.var.db(), found.conversation.id, me, "JOINED"))) return renderNotFound(c);
  await chatStub(c.env, found.conversation.id).closeFor(found.conversation.id, me);
  return messagingNotices.redirect(c, "/messages", "left");
});

/** The owner removes a member (their open pages stop receiving) or withdraws an invitation. */
messagingRoutes.post(`/${ID}/members/${idParam("userId")}/remove`, ...member, async (c) => {
  const found = await access(c);
  if (!found || found === "blocked") return renderNotFound(c);
  if (found.conversation.kind !== "GROUP" || found.member.role !== "OWNER") throw new Forbidden();
  const userId = c.req.param("userId");
  if (!(await removeMember(c.var.db(), found.conversation.id, userId))) return renderNotFound(c);
  await chatStub(c.env, found.conversation.id).closeFor(found.conversation.id, userId);
  return messagingNotices.redirect(c, `/messages/${found.conversation.id}`, "removed");
});

// ---------------------------------------------------------------- report a message

/**
 * The message to report. One sent moments ago may not be written through yet (the room writes
 * every ≤ 250 ms): the room is asked to write now, and it is looked up once more.
 */
async function reportable(c: Ctx, conversationId: string) {
  const db = c.var.db();
  const id = c.req.param("messageId")!;
  const m = await findMessage(db, conversationId, id);
  if (m) return m;
  return (await chatStub(c.env, conversationId).flush()) ? findMessage(db, conversationId, id) : null;
}

messagingRoutes.get(`/${ID}/report/${idParam("messageId")}`, ...member, async (c) => {
  const found = await access(c);
  if (!found || found === "blocked") return renderNotFound(c);
  const db = c.var.db();
  const me = c.var.signedIn.user.id;
  const m = await reportable(c, found.conversation.id);
  if (!m) return renderNotFound(c);
  const blockable = m.senderId === me ? null : { id: m.senderId, blocked: await isBlockedBy(db, me, m.senderId) };
  const body = <ReportPage conversationId={found.conversation.id} message={{ id: m.id, content: m.content, senderName: fullName(m) }} blockable={blockable} />;
  return renderPage(c, { title: "Report a message", body });
});

messagingRoutes.post(`/${ID}/report/${idParam("messageId")}`, ...member, async (c) => {
  const found = await access(c);
  if (!found || found === "blocked") return renderNotFound(c);
  const db = c.var.db();
  const m = await reportable(c, found.conversation.id);
  if (!m) return renderNotFound(c);
  const form = await parseForm(c, z.object({ reason: requiredText("Reason", 1000, { multiline: true }) }));
  if (!form.ok) {
    const message = { id: m.id, content: m.content, senderName: fullName(m) };
    const blockable = m.senderId === c.var.signedIn.user.id ? null : { id: m.senderId, blocked: await isBlockedBy(db, c.var.signedIn.user.id, m.senderId) };
    const body = <ReportPage conversationId={found.conversation.id} message={message} blockable={blockable} error={form.errors.reason} reason={form.values.reason} />;
    return renderPage(c, { title: "Report a message", status: 422, body });
  }
  await reportMessage(db, m.id, c.var.signedIn.user.id, form.data.reason);
  return messagingNotices.redirect(c, `/messages/${found.conversation.id}`, "reported");
});

// Member feedback in the authorization matrix. Every signed-in account may write to the chapter
// office and list its own tickets; a ticket (made for the row's `member`) is reached by its owner
// only — anyone else, admins included, gets 404 on the member's side. The queue, the ticket page
// and its changes are for holders of feedback:manage (among the personas: admins). Forms are sent
// empty: 422 after authorization, nothing written.
import { env } from "cloudflare:workers";
import { loadConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { ID } from "../../src/db/ids.ts";
import { memberFeedback } from "../../src/db/schema/index.ts";
import { EVERYONE, ADMIN_ONLY, SIGNED_IN, type Actor, type Fixtures, type RouteRow } from "./types.ts";

const { db } = createDb(loadConfig(env as unknown as Record<string, unknown>));

/** A ticket of the row's `member` (the fixtures are fresh per actor). */
const tickets = new Map<string, string>();
async function memberTicket(f: Fixtures): Promise<void> {
  if (tickets.has(f.member.id)) return;
  const [row] = await db
    .insert(memberFeedback)
    .values({ userId: f.member.id, category: "SUPPORT", subject: "Matrix ticket", message: "Matrix", pageUrl: "/events" })
    .returning({ id: memberFeedback.id });
  tickets.set(f.member.id, row!.id);
}
const ticketOf = (f: Fixtures) => tickets.get(f.member.id) ?? "not-prepared";

const OWNER: Actor[] = ["member"];
const own = "signedIn, own ticket only (others: 404)";
const manage = "to(manage, feedback)";

export const feedbackRows: RouteRow[] = [
  { method: "GET", route: "/feedback/new", rule: "public (a member gets the form, a visitor the ways to reach the office)", path: () => "/feedback/new?from=%2Fevents", allowed: EVERYONE },
  { method: "POST", route: "/feedback", rule: "signedIn (an empty form is a 422)", path: () => "/feedback", form: () => ({}), allowed: SIGNED_IN },
  { method: "GET", route: "/account/feedback", rule: "signedIn, own tickets only", path: () => "/account/feedback", allowed: SIGNED_IN },
  { method: "GET", route: `/account/feedback/${ID}`, rule: own, prepare: memberTicket, path: (f) => `/account/feedback/${ticketOf(f)}`, allowed: OWNER },
  {
    method: "POST",
    route: `/account/feedback/${ID}/replies`,
    rule: own,
    prepare: memberTicket,
    path: (f) => `/account/feedback/${ticketOf(f)}/replies`,
    form: () => ({}),
    allowed: OWNER,
  },
  { method: "GET", route: "/admin/feedback", rule: manage, path: () => "/admin/feedback?assignee=unassigned", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/feedback/export.csv", rule: manage, path: () => "/admin/feedback/export.csv?status=waiting", allowed: ADMIN_ONLY },
  { method: "GET", route: `/admin/feedback/${ID}`, rule: manage, prepare: memberTicket, path: (f) => `/admin/feedback/${ticketOf(f)}`, allowed: ADMIN_ONLY },
  { method: "POST", route: `/admin/feedback/${ID}/assign`, rule: manage, prepare: memberTicket, path: (f) => `/admin/feedback/${ticketOf(f)}/assign`, form: () => ({ assignee: "x" }), allowed: ADMIN_ONLY },
  { method: "POST", route: `/admin/feedback/${ID}/status`, rule: manage, prepare: memberTicket, path: (f) => `/admin/feedback/${ticketOf(f)}/status`, form: () => ({}), allowed: ADMIN_ONLY },
  { method: "POST", route: `/admin/feedback/${ID}/replies`, rule: manage, prepare: memberTicket, path: (f) => `/admin/feedback/${ticketOf(f)}/replies`, form: () => ({}), allowed: ADMIN_ONLY },
];

// Member feedback, mounted at "/": the form behind "Help & feedback" in every page's footer
// (/feedback/new?from=<the page>), the member's own tickets at /account/feedback and one
// ticket's conversation with a follow-up form. Signed-in members only (a visitor is sent to
// sign in and comes back to the form); nobody reaches another member's ticket (404).
// See test/authz/feedback.ts.
import { Hono, type Context } from "hono";
import { allow, type SignedInEnv } from "../../auth/rbac.ts";
import { ID } from "../../db/ids.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { parseForm, readQuery, type FieldErrors, type FormValues } from "../../lib/forms.ts";
import { pageWindow } from "../../lib/pagination.ts";
import { consumeRate } from "../../objects/RateLimiter.ts";
import { FeedbackFormPage, FeedbackGuestPage, MyFeedbackPage, TicketPage } from "../../../templates/feedback/pages.tsx";
import { describeWait } from "../auth/rules.ts";
import { feedbackNotices } from "../admin-feedback/rules.ts";
import { EMPTY_FEEDBACK_FORM, feedbackFormSchema, memberListQuery, readFrom, replyFormSchema } from "./forms.ts";
import { findTicket, listOwnTickets, type TicketView } from "./queries.ts";
import { addMemberReply, submitTicket } from "./tickets.ts";

export const feedbackRoutes = new Hono<AppEnv>();

feedbackRoutes.use("/account/feedback/*", async (c, next) => {
  await next();
  c.header("Cache-Control", "private, no-store");
});

/** New tickets per member: enough for a bad day, not enough to flood the office's queue. */
export const TICKET_RATE = { limit: 5, windowSeconds: 60 * 60 };
/** Follow-ups per member across their tickets. */
export const REPLY_RATE = { limit: 30, windowSeconds: 60 * 60 };
const PER_PAGE = 20;

type MemberContext = Context<SignedInEnv>;

/** Consumes one try of the member's allowance; the message to show when it is spent (with Retry-After set). */
async function overLimit(c: MemberContext, kind: "ticket" | "reply"): Promise<string | null> {
  const rate = kind === "ticket" ? TICKET_RATE : REPLY_RATE;
  const decision = await consumeRate(c.env, `feedback-${kind}:${c.var.signedIn.user.id}`, rate.limit, rate.windowSeconds);
  if (decision.allowed) return null;
  c.header("Retry-After", String(decision.retryAfterSeconds));
  const now = new Date();
  const wait = describeWait(new Date(now.getTime() + decision.retryAfterSeconds * 1000), now);
  return kind === "ticket"
    ? `You have sent ${rate.limit} messages in the last hour, the most we accept. Nothing was sent: try again ${wait.text}. Your text is kept below.`
    : `You have sent ${rate.limit} replies in the last hour, the most we accept. Nothing was sent: try again ${wait.text}.`;
}

function formPage<E extends AppEnv>(c: Context<E>, state: { values: FormValues; errors: FieldErrors; status?: 200 | 422 | 429; limited?: string }) {
  return renderPage(c, {
    title: "Help & feedback",
    status: state.status ?? 200,
    body: <FeedbackFormPage values={state.values} errors={state.errors} limited={state.limited} />,
  });
}

/** The address portal emails come from, which the chapter office reads: a visitor who cannot sign in writes there. */
const officeAddress = (emailFrom: string) => /<([^>]+)>/.exec(emailFrom)?.[1] ?? emailFrom.trim();

// Public: a member gets the form; a visitor (who may be unable to sign in at all) gets the ways
// to reach the office: sign in and come back to the form, reset a password, or write by email.
feedbackRoutes.get("/feedback/new", allow.public, (c) => {
  const from = readFrom(c.req.query("from"));
  if (c.var.user) return formPage(c, { values: { ...EMPTY_FEEDBACK_FORM, from }, errors: {} });
  const back = `/feedback/new${from ? `?from=${encodeURIComponent(from)}` : ""}`;
  return renderPage(c, {
    title: "Help & feedback",
    body: <FeedbackGuestPage signIn={`/login?next=${encodeURIComponent(back)}`} officeEmail={officeAddress(c.var.config.EMAIL_FROM)} />,
  });
});

feedbackRoutes.post("/feedback", allow.signedIn, async (c) => {
  const form = await parseForm(c, feedbackFormSchema);
  if (!form.ok) return formPage(c, { values: form.values, errors: form.errors, status: 422 });
  const limited = await overLimit(c, "ticket");
  if (limited) return formPage(c, { values: form.values, errors: {}, status: 429, limited });
  const id = await submitTicket(c.var.db(), c.var.signedIn.user.id, form.data);
  return feedbackNotices.redirect(c, `/account/feedback/${id}`, "sent");
});

feedbackRoutes.get("/account/feedback", allow.signedIn, async (c) => {
  const query = readQuery(c, memberListQuery);
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const { rows, total } = await listOwnTickets(c.var.db(), c.var.signedIn.user.id, { limit, offset });
  return renderPage(c, {
    title: "My feedback",
    body: <MyFeedbackPage rows={rows} total={total} page={page} perPage={perPage} notice={feedbackNotices.read(c)} />,
  });
});

function ticketPage(c: MemberContext, ticket: TicketView, state: { values?: FormValues; errors?: FieldErrors; status?: 200 | 404 | 409 | 422 | 429; actionError?: string } = {}) {
  return renderPage(c, {
    title: ticket.subject,
    status: state.status ?? 200,
    body: (
      <TicketPage
        ticket={ticket}
        values={state.values ?? {}}
        errors={state.errors ?? {}}
        notice={state.status ? undefined : feedbackNotices.read(c)}
        actionError={state.actionError}
      />
    ),
  });
}

feedbackRoutes.get(`/account/feedback/${ID}`, allow.signedIn, async (c) => {
  const ticket = await findTicket(c.var.db(), c.req.param("id"), c.var.signedIn.user.id);
  return ticket ? ticketPage(c, ticket) : renderNotFound(c);
});

feedbackRoutes.post(`/account/feedback/${ID}/replies`, allow.signedIn, async (c) => {
  const db = c.var.db();
  const userId = c.var.signedIn.user.id;
  const ticket = await findTicket(db, c.req.param("id"), userId);
  if (!ticket) return renderNotFound(c);
  const form = await parseForm(c, replyFormSchema);
  if (!form.ok) return ticketPage(c, ticket, { values: form.values, errors: form.errors, status: 422 });
  const limited = await overLimit(c, "reply");
  if (limited) return ticketPage(c, ticket, { values: form.values, status: 429, actionError: limited });
  const outcome = await addMemberReply(db, userId, ticket.id, form.data.body);
  if (!outcome.ok) {
    if (outcome.reason === "missing") return renderNotFound(c);
    const fresh = (await findTicket(db, ticket.id, userId)) ?? ticket;
    return ticketPage(c, fresh, { values: form.values, status: 409, actionError: "This ticket is closed, so nothing more can be added. Send a new message instead." });
  }
  return feedbackNotices.redirect(c, `/account/feedback/${ticket.id}`, "replied");
});

// Member feedback's pure rules: the status workflow, what a reply does to the status, the
// labels every screen and export uses, and a ticket's age in words. No I/O.
import type { FeedbackCategory, FeedbackPriority, FeedbackStatus } from "../../db/schema/audit.ts";
import { noticeTable } from "../../lib/notices.ts";

export const FEEDBACK_STATUS_LABELS = {
  OPEN: "Open",
  IN_PROGRESS: "In progress",
  RESOLVED: "Resolved",
  CLOSED: "Closed",
} as const satisfies Record<FeedbackStatus, string>;

export const FEEDBACK_CATEGORY_LABELS = {
  GENERAL: "General",
  FEATURE_REQUEST: "Feature request",
  BUG_REPORT: "Something is broken",
  SUPPORT: "I need help",
} as const satisfies Record<FeedbackCategory, string>;

export const FEEDBACK_PRIORITY_LABELS = {
  LOW: "Low",
  MEDIUM: "Medium",
  HIGH: "High",
  URGENT: "Urgent",
} as const satisfies Record<FeedbackPriority, string>;

/**
 * The workflow OPEN → IN_PROGRESS → RESOLVED → CLOSED. A quick answer may resolve an open
 * ticket at once; spam or a duplicate may be closed from anywhere but CLOSED; a resolved
 * ticket may be taken up again. CLOSED is final: nobody writes on a closed ticket.
 */
const NEXT: Record<FeedbackStatus, readonly FeedbackStatus[]> = {
  OPEN: ["IN_PROGRESS", "RESOLVED", "CLOSED"],
  IN_PROGRESS: ["OPEN", "RESOLVED", "CLOSED"],
  RESOLVED: ["IN_PROGRESS", "CLOSED"],
  CLOSED: [],
};

/** The statuses an admin may move a ticket to from `from` (never `from` itself). */
export function nextStatuses(from: FeedbackStatus): readonly FeedbackStatus[] {
  return NEXT[from];
}

export function canMove(from: FeedbackStatus, to: FeedbackStatus): boolean {
  return NEXT[from].includes(to);
}

/** Open or in progress: what the queue means by "waiting for us". */
export function isOpen(status: FeedbackStatus): boolean {
  return status === "OPEN" || status === "IN_PROGRESS";
}

/** Whether anyone (member or admin) may still add to the conversation. */
export function acceptsReplies(status: FeedbackStatus): boolean {
  return status !== "CLOSED";
}

/**
 * A member's follow-up: on a resolved ticket it means "not solved yet", so the ticket reopens —
 * IN_PROGRESS when an admin owns it (it lands back in that admin's queue), OPEN when nobody does
 * (it lands in the shared queue). Open and in-progress tickets keep their status. Null: refused.
 */
export function statusAfterMemberReply(status: FeedbackStatus, assignedToId: string | null): FeedbackStatus | null {
  if (status === "CLOSED") return null;
  if (status === "RESOLVED") return assignedToId ? "IN_PROGRESS" : "OPEN";
  return status;
}

/**
 * An admin's reply, with the status the admin chose beside it ("" = leave it): answering an
 * open ticket puts it in progress unless told otherwise. Null: the choice is not allowed.
 */
export function statusAfterAdminReply(status: FeedbackStatus, chosen: FeedbackStatus | ""): FeedbackStatus | null {
  if (status === "CLOSED") return null;
  if (chosen === "" || chosen === status) return status === "OPEN" ? "IN_PROGRESS" : status;
  return canMove(status, chosen) ? chosen : null;
}

/** How long a ticket has waited, in whole units: "just now", "5 minutes", "3 hours", "3 days", "2 weeks", "4 months". */
export function ageLabel(since: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - since.getTime()) / 60_000);
  if (minutes < 1) return "just now";
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (minutes < 60) return unit(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return unit(hours, "hour");
  const days = Math.floor(hours / 24);
  if (days < 14) return unit(days, "day");
  if (days < 60) return unit(Math.floor(days / 7), "week");
  if (days < 730) return unit(Math.floor(days / 30), "month");
  return unit(Math.floor(days / 365), "year");
}

/**
 * The page a ticket was sent from: a path on this site ("/events/abc?x=1"), never a full URL,
 * a protocol-relative "//host" or a backslash trick ("/\host") a browser would read as another
 * site. Returns the normalised path, or null.
 */
export function sameSitePath(value: string): string | null {
  if (value.length === 0 || value.length > 500) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  if (/[\u0000-\u0020\u007f-\u009f]/.test(value)) return null;
  try {
    const base = "https://portal.invalid";
    const url = new URL(value, base);
    if (url.origin !== base) return null;
    return `${url.pathname}${url.search}`;
  } catch {
    return null;
  }
}

/**
 * Query parameters never sent with feedback: any that may carry a secret (an emailed link's
 * token), and the feedback form's own "from" (its footer link points at the form, not at the
 * page before it).
 */
const DROPPED_PARAM = /token|code|secret|key|sig|password|session|^from$/i;
/** A longer query string is not a page a member navigated to but typed or hostile input: the path alone is kept. */
const MAX_FROM = 300;

/**
 * The page "Help & feedback" is sent from: its path and query string, without those
 * parameters. Its path alone when the page shows a notice (the query string then says what
 * an action did, with its figures, not where the member was) or when the query string is
 * longer than MAX_FROM: every page's footer carries it, so it must not grow with, or repeat,
 * whatever is put in the address.
 */
export function feedbackFrom(path: string, search: string): string {
  const params = new URLSearchParams(search);
  if (params.has("notice")) return path;
  for (const name of [...params.keys()]) if (DROPPED_PARAM.test(name)) params.delete(name);
  const query = params.toString();
  const from = query ? `${path}?${query}` : path;
  return from.length <= MAX_FROM ? from : path;
}

export const feedbackNotices = noticeTable({
  sent: "Thank you. Your message has reached the chapter office; replies appear here and are emailed to you.",
  replied: "Your reply was added.",
});

export const adminFeedbackNotices = noticeTable({
  replied: "Reply sent. The member has been emailed.",
  assigned: "Assignment saved.",
  status: "Status changed.",
});

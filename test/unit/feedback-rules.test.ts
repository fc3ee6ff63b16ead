// Member feedback's pure rules: the status workflow, what replies do to it, ages in words,
// and which "page it came from" values are accepted.
import { describe, expect, it } from "vitest";
import {
  acceptsReplies,
  ageLabel,
  canMove,
  feedbackFrom,
  nextStatuses,
  sameSitePath,
  statusAfterAdminReply,
  statusAfterMemberReply,
} from "../../src/features/admin-feedback/rules.ts";
import { feedbackFormSchema, queueFiltersSchema, readFrom } from "../../src/features/feedback/forms.ts";
import type { FeedbackStatus } from "../../src/db/schema/audit.ts";

const ALL: FeedbackStatus[] = ["OPEN", "IN_PROGRESS", "RESOLVED", "CLOSED"];

describe("the status workflow", () => {
  it("moves forward OPEN → IN_PROGRESS → RESOLVED → CLOSED", () => {
    expect(canMove("OPEN", "IN_PROGRESS")).toBe(true);
    expect(canMove("IN_PROGRESS", "RESOLVED")).toBe(true);
    expect(canMove("RESOLVED", "CLOSED")).toBe(true);
  });

  it("lets a quick answer resolve an open ticket, and a resolved one be taken up again", () => {
    expect(canMove("OPEN", "RESOLVED")).toBe(true);
    expect(canMove("RESOLVED", "IN_PROGRESS")).toBe(true);
  });

  it("never reopens a closed ticket and never moves a ticket to where it is", () => {
    expect(nextStatuses("CLOSED")).toEqual([]);
    for (const to of ALL) expect(canMove("CLOSED", to)).toBe(false);
    for (const s of ALL) expect(canMove(s, s)).toBe(false);
  });

  it("does not send a resolved ticket back to OPEN by hand (a member's follow-up does that)", () => {
    expect(canMove("RESOLVED", "OPEN")).toBe(false);
  });

  it("accepts replies on every ticket but a closed one", () => {
    expect(ALL.filter(acceptsReplies)).toEqual(["OPEN", "IN_PROGRESS", "RESOLVED"]);
  });
});

describe("a member's follow-up", () => {
  it("reopens a resolved ticket: IN_PROGRESS when an admin owns it, OPEN when nobody does", () => {
    expect(statusAfterMemberReply("RESOLVED", "cadmin")).toBe("IN_PROGRESS");
    expect(statusAfterMemberReply("RESOLVED", null)).toBe("OPEN");
  });

  it("leaves open and in-progress tickets as they are, and is refused on a closed one", () => {
    expect(statusAfterMemberReply("OPEN", null)).toBe("OPEN");
    expect(statusAfterMemberReply("IN_PROGRESS", "cadmin")).toBe("IN_PROGRESS");
    expect(statusAfterMemberReply("CLOSED", "cadmin")).toBeNull();
  });
});

describe("an admin's reply", () => {
  it("puts an open ticket in progress unless another status is chosen", () => {
    expect(statusAfterAdminReply("OPEN", "")).toBe("IN_PROGRESS");
    expect(statusAfterAdminReply("OPEN", "RESOLVED")).toBe("RESOLVED");
    expect(statusAfterAdminReply("IN_PROGRESS", "")).toBe("IN_PROGRESS");
    expect(statusAfterAdminReply("RESOLVED", "")).toBe("RESOLVED");
  });

  it("refuses a move the workflow does not allow, and any reply on a closed ticket", () => {
    expect(statusAfterAdminReply("RESOLVED", "OPEN")).toBeNull();
    expect(statusAfterAdminReply("CLOSED", "")).toBeNull();
  });
});

describe("ageLabel", () => {
  const now = new Date("2026-03-10T12:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const MIN = 60_000;
  const DAY = 86_400_000;
  it("says how long a ticket has waited, in whole units", () => {
    expect(ageLabel(ago(10_000), now)).toBe("just now");
    expect(ageLabel(ago(MIN), now)).toBe("1 minute");
    expect(ageLabel(ago(59 * MIN), now)).toBe("59 minutes");
    expect(ageLabel(ago(60 * MIN), now)).toBe("1 hour");
    expect(ageLabel(ago(DAY - MIN), now)).toBe("23 hours");
    expect(ageLabel(ago(3 * DAY + 5 * 3_600_000), now)).toBe("3 days");
    expect(ageLabel(ago(20 * DAY), now)).toBe("2 weeks");
    expect(ageLabel(ago(95 * DAY), now)).toBe("3 months");
    expect(ageLabel(ago(800 * DAY), now)).toBe("2 years");
  });
});

describe("sameSitePath", () => {
  it("keeps a path on this site with its query", () => {
    expect(sameSitePath("/events/cabc?tab=files")).toBe("/events/cabc?tab=files");
    expect(sameSitePath("/")).toBe("/");
    expect(sameSitePath("/members/a/../b")).toBe("/members/b");
  });

  it("refuses full URLs, protocol-relative and backslash tricks, scripts and control characters", () => {
    for (const hostile of [
      "https://evil.example/phish",
      "//evil.example/x",
      "/\\evil.example",
      "\\\\evil.example",
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "/events\nSet-Cookie: x=1",
      "/a\u0000b",
      " /events",
      "events",
      "",
      `/${"a".repeat(600)}`,
    ]) {
      expect(sameSitePath(hostile), hostile).toBeNull();
    }
  });

  it("drops a hostile ?from= on the form's own URL instead of carrying it into the hidden field", () => {
    expect(readFrom("https://evil.example")).toBe("");
    expect(readFrom(undefined)).toBe("");
    expect(readFrom("/projects?q=roof")).toBe("/projects?q=roof");
  });
});

describe("the feedback form", () => {
  const good = { category: "BUG_REPORT", subject: "Upload fails", message: "Line one\r\nLine two", priority: "HIGH", from: "/account/profile" };

  it("accepts a multi-line message and keeps the page it came from", () => {
    const parsed = feedbackFormSchema.safeParse(good);
    expect(parsed.success && parsed.data.from).toBe("/account/profile");
  });

  it("refuses an external page, an unknown category or priority, a blank subject and hidden characters", () => {
    const bad = (patch: Record<string, string>) => feedbackFormSchema.safeParse({ ...good, ...patch }).success;
    expect(bad({ from: "https://evil.example" })).toBe(false);
    expect(bad({ category: "SPAM" })).toBe(false);
    expect(bad({ priority: "CRITICAL" })).toBe(false);
    expect(bad({ subject: "   " })).toBe(false);
    expect(bad({ subject: "Right-to-left \u202e trick" })).toBe(false);
    expect(bad({ message: "x".repeat(5001) })).toBe(false);
  });

  it("reads the queue's filters, refusing an assignee that is not a choice", () => {
    expect(queueFiltersSchema.safeParse({ assignee: "me" }).success).toBe(true);
    expect(queueFiltersSchema.safeParse({ assignee: "unassigned", status: "waiting" }).success).toBe(true);
    expect(queueFiltersSchema.safeParse({ assignee: "'; drop table users" }).success).toBe(false);
    expect(queueFiltersSchema.safeParse({ status: "DELETED" }).success).toBe(false);
  });
});

describe("the page a ticket comes from", () => {
  it("keeps the path and the query string, without secrets or the form's own from; the path alone on a page showing a notice", () => {
    expect(feedbackFrom("/events", "?when=past&type=TRAINING")).toBe("/events?when=past&type=TRAINING");
    expect(feedbackFrom("/reset-password", "?token=abc&x=1")).toBe("/reset-password?x=1");
    expect(feedbackFrom("/account", "?notice=%3Cb%3EYour+account+is+suspended%3C%2Fb%3E")).toBe("/account");
    expect(feedbackFrom("/admin/outbox", "?notice=delivered&sent=3&failed=0")).toBe("/admin/outbox");
    expect(feedbackFrom("/feedback/new", "?from=%2Fevents")).toBe("/feedback/new");
  });

  it("keeps only the path when the query string is too long to be a page someone navigated to", () => {
    expect(feedbackFrom("/events", `?month=${"9".repeat(5000)}`)).toBe("/events");
    expect(feedbackFrom("/projects", `?q=${"a".repeat(250)}`)).toBe(`/projects?q=${"a".repeat(250)}`);
  });
});


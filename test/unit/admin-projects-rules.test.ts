// The pure rules of the bid-opportunity admin: the status workflow with its time stamps,
// the review of bids (a withdrawn bid is never reviewed), deletion and the emails.
import { describe, expect, it } from "vitest";
import { projectStatusEnum, type ApplicationStatus, type ProjectStatus } from "../../src/db/schema/projects.ts";
import { isCurrent } from "../../src/features/projects/match.ts";
import {
  applicationReviewedEmail,
  canDeleteProject,
  canReviewApplication,
  canTransitionProject,
  daysLeft,
  nextProjectStatuses,
  projectCancelledEmail,
  projectTransitionRefusal,
  statusStamps,
} from "../../src/features/admin-projects/rules.ts";

const ALL = projectStatusEnum.enumValues;
const ALLOWED: Array<[ProjectStatus, ProjectStatus]> = [
  ["DRAFT", "PUBLISHED"],
  ["PUBLISHED", "BIDDING_OPEN"],
  ["BIDDING_OPEN", "BIDDING_CLOSED"],
  ["BIDDING_CLOSED", "AWARDED"],
  ["AWARDED", "COMPLETED"],
  ["DRAFT", "CANCELLED"],
  ["PUBLISHED", "CANCELLED"],
  ["BIDDING_OPEN", "CANCELLED"],
  ["BIDDING_CLOSED", "CANCELLED"],
];

describe("project status transitions", () => {
  it("allows exactly the forward steps and cancellation from an open state", () => {
    for (const from of ALL) {
      for (const to of ALL) {
        const expected = ALLOWED.some(([f, t]) => f === from && t === to);
        expect(canTransitionProject(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it("makes completed and cancelled final, and awarded work not cancellable", () => {
    expect(nextProjectStatuses("COMPLETED")).toEqual([]);
    expect(nextProjectStatuses("CANCELLED")).toEqual([]);
    expect(nextProjectStatuses("AWARDED")).toEqual(["COMPLETED"]);
  });

  it("names where a project can go when a step is refused", () => {
    expect(projectTransitionRefusal("DRAFT", "BIDDING_OPEN")).toBe(
      "An opportunity that is draft cannot become bidding open. From draft it can go to: Published, Cancelled.",
    );
    expect(projectTransitionRefusal("COMPLETED", "CANCELLED")).toContain("Its status is final.");
  });

  it("stamps publishedAt on the first publish and closedAt when bidding closes or the project is cancelled, keeping earlier stamps", () => {
    const now = new Date("2027-01-10T18:00:00Z");
    const earlier = new Date("2026-12-01T18:00:00Z");
    expect(statusStamps({ publishedAt: null, closedAt: null }, "PUBLISHED", now)).toEqual({ publishedAt: now, closedAt: null });
    expect(statusStamps({ publishedAt: earlier, closedAt: null }, "BIDDING_OPEN", now)).toEqual({ publishedAt: earlier, closedAt: null });
    expect(statusStamps({ publishedAt: earlier, closedAt: null }, "BIDDING_CLOSED", now)).toEqual({ publishedAt: earlier, closedAt: now });
    expect(statusStamps({ publishedAt: earlier, closedAt: earlier }, "CANCELLED", now)).toEqual({ publishedAt: earlier, closedAt: earlier });
    expect(statusStamps({ publishedAt: null, closedAt: null }, "CANCELLED", now)).toEqual({ publishedAt: null, closedAt: now });
  });

  it("lets only drafts and cancelled opportunities be deleted", () => {
    expect(ALL.filter(canDeleteProject)).toEqual(["DRAFT", "CANCELLED"]);
  });
});

describe("reviewing a bid", () => {
  const cases: Array<[ApplicationStatus, ApplicationStatus, boolean | string]> = [
    ["PENDING", "REVIEWING", true],
    ["PENDING", "APPROVED", true],
    ["PENDING", "REJECTED", true],
    ["REVIEWING", "APPROVED", true],
    ["REVIEWING", "REJECTED", true],
    ["REVIEWING", "PENDING", "It can go to: Approved, Not selected."],
    ["APPROVED", "REJECTED", "The decision is final."],
    ["REJECTED", "APPROVED", "The decision is final."],
    ["REVIEWING", "REVIEWING", "This bid is already under review."],
    ["WITHDRAWN", "REVIEWING", "The member withdrew this bid, so it cannot be reviewed."],
    ["WITHDRAWN", "APPROVED", "The member withdrew this bid, so it cannot be reviewed."],
    ["PENDING", "WITHDRAWN", "It can go to: Under review, Approved, Not selected."],
  ];
  for (const [from, to, expected] of cases) {
    it(`${from} → ${to}: ${expected === true ? "allowed" : "refused"}`, () => {
      const decision = canReviewApplication(from, to);
      if (expected === true) expect(decision).toEqual({ ok: true });
      else expect(decision.ok === false && decision.message).toContain(expected);
    });
  }
});

describe("emails and small rules", () => {
  it("tells the applicant the new status and passes the admin's notes on", () => {
    const mail = applicationReviewedEmail({ firstName: "Rosa", title: "Runway rehab", status: "APPROVED", notes: "Send your bond by Friday.", bidsUrl: "https://x.example/projects/my-bids" });
    expect(mail.subject).toBe("Your bid on Runway rehab: Approved");
    expect(mail.text).toContain("has been approved");
    expect(mail.text).toContain("Send your bond by Friday.");
    expect(applicationReviewedEmail({ firstName: "R", title: "T", status: "REJECTED", notes: null, bidsUrl: "u" }).text).not.toContain("A note");
  });

  it("tells applicants of a cancellation where other work is", () => {
    const mail = projectCancelledEmail({ firstName: "Rosa", title: "Runway rehab", projectsUrl: "https://x.example/projects" });
    expect(mail.subject).toBe("Cancelled: Runway rehab");
    expect(mail.text).toContain("https://x.example/projects");
  });

  it("counts only verified credentials not expired today", () => {
    expect(isCurrent({ type: "DBE", classification: null, status: "VERIFIED", expiresOn: null }, "2027-01-10")).toBe(true);
    expect(isCurrent({ type: "DBE", classification: null, status: "VERIFIED", expiresOn: "2027-01-10" }, "2027-01-10")).toBe(true);
    expect(isCurrent({ type: "DBE", classification: null, status: "VERIFIED", expiresOn: "2027-01-09" }, "2027-01-10")).toBe(false);
    expect(isCurrent({ type: "DBE", classification: null, status: "PENDING", expiresOn: null }, "2027-01-10")).toBe(false);
  });

  it("counts days left to a deadline, rounding up", () => {
    const now = new Date("2027-01-10T12:00:00Z");
    expect(daysLeft(new Date("2027-01-10T13:00:00Z"), now)).toBe(1);
    expect(daysLeft(new Date("2027-01-09T12:00:00Z"), now)).toBe(-1);
    expect(daysLeft(null, now)).toBeNull();
  });
});

// Pure rules of the bid-opportunity admin screens: the project status workflow, the review
// of applications, labels, notice codes and the emails. No I/O; tested in
// test/unit/admin-projects-rules.test.ts.
import type { ApplicationStatus, ProjectCategory, ProjectPriority, ProjectStatus, ProjectVisibility } from "../../db/schema/projects.ts";
import { noticeTable } from "../../lib/notices.ts";

export const PROJECT_STATUS_LABEL: Record<ProjectStatus, string> = {
  DRAFT: "Draft",
  PUBLISHED: "Published",
  BIDDING_OPEN: "Bidding open",
  BIDDING_CLOSED: "Bidding closed",
  AWARDED: "Awarded",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
};

/** The button that moves a project into this status: says what happens. */
export const PROJECT_TRANSITION_LABEL: Record<ProjectStatus, string> = {
  DRAFT: "Back to draft",
  PUBLISHED: "Publish",
  BIDDING_OPEN: "Open bidding",
  BIDDING_CLOSED: "Close bidding",
  AWARDED: "Mark awarded",
  COMPLETED: "Mark completed",
  CANCELLED: "Cancel the opportunity and notify applicants",
};

export const CATEGORY_LABEL: Record<ProjectCategory, string> = {
  RESIDENTIAL: "Residential",
  COMMERCIAL: "Commercial",
  INFRASTRUCTURE: "Infrastructure",
  RENOVATION: "Renovation",
  NEW_CONSTRUCTION: "New construction",
  MAINTENANCE: "Maintenance",
  SPECIALTY: "Specialty",
};

export const PRIORITY_LABEL: Record<ProjectPriority, string> = { LOW: "Low", MEDIUM: "Medium", HIGH: "High", URGENT: "Urgent" };

export const VISIBILITY_LABEL: Record<ProjectVisibility, string> = {
  PUBLIC: "Public: anyone",
  MEMBERS_ONLY: "Verified members",
  INVITE_ONLY: "Invited members only",
  PRIVATE: "Private: admins only",
};

export const APPLICATION_STATUS_LABEL: Record<ApplicationStatus, string> = {
  PENDING: "Pending",
  REVIEWING: "Under review",
  APPROVED: "Approved",
  REJECTED: "Not selected",
  WITHDRAWN: "Withdrawn by the member",
};

/** Statuses before the work is settled: a project in one of them may still be cancelled. */
export const OPEN_PROJECT_STATUSES = ["DRAFT", "PUBLISHED", "BIDDING_OPEN", "BIDDING_CLOSED"] as const satisfies readonly ProjectStatus[];

const TRANSITIONS: Record<ProjectStatus, readonly ProjectStatus[]> = {
  DRAFT: ["PUBLISHED", "CANCELLED"],
  PUBLISHED: ["BIDDING_OPEN", "CANCELLED"],
  BIDDING_OPEN: ["BIDDING_CLOSED", "CANCELLED"],
  BIDDING_CLOSED: ["AWARDED", "CANCELLED"],
  AWARDED: ["COMPLETED"],
  COMPLETED: [],
  CANCELLED: [],
};

export function nextProjectStatuses(status: ProjectStatus): readonly ProjectStatus[] {
  return TRANSITIONS[status];
}

export function canTransitionProject(from: ProjectStatus, to: ProjectStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Why a status change is refused, naming where the project can go instead. */
export function projectTransitionRefusal(from: ProjectStatus, to: ProjectStatus): string {
  const label = PROJECT_STATUS_LABEL[from].toLowerCase();
  const allowed = TRANSITIONS[from].map((s) => PROJECT_STATUS_LABEL[s]);
  return (
    `An opportunity that is ${label} cannot become ${PROJECT_STATUS_LABEL[to].toLowerCase()}. ` +
    (allowed.length ? `From ${label} it can go to: ${allowed.join(", ")}.` : "Its status is final.")
  );
}

/**
 * The time stamps a change writes: publishedAt on the first publish, closedAt when bidding
 * closes (or the project is cancelled before it closed). Stamps already set are kept.
 */
export function statusStamps(
  before: { publishedAt: Date | null; closedAt: Date | null },
  to: ProjectStatus,
  now: Date,
): { publishedAt: Date | null; closedAt: Date | null } {
  return {
    publishedAt: to === "PUBLISHED" && !before.publishedAt ? now : before.publishedAt,
    closedAt: (to === "BIDDING_CLOSED" || to === "CANCELLED") && !before.closedAt ? now : before.closedAt,
  };
}

/** Drafts and cancelled opportunities may be deleted; anything else has bidders relying on it. */
export function canDeleteProject(status: ProjectStatus): boolean {
  return status === "DRAFT" || status === "CANCELLED";
}

/** Applications that still count on the project: notified when it is cancelled. */
export const LIVE_APPLICATION_STATUSES = ["PENDING", "REVIEWING", "APPROVED"] as const satisfies readonly ApplicationStatus[];

// ---------------------------------------------------------------- application review

const REVIEW: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  PENDING: ["REVIEWING", "APPROVED", "REJECTED"],
  REVIEWING: ["APPROVED", "REJECTED"],
  APPROVED: [],
  REJECTED: [],
  WITHDRAWN: [],
};

/** Statuses an admin may move an application to next (WITHDRAWN belongs to the member). */
export function nextApplicationStatuses(status: ApplicationStatus): readonly ApplicationStatus[] {
  return REVIEW[status];
}

export type ReviewDecision = { ok: true } | { ok: false; message: string };

export function canReviewApplication(from: ApplicationStatus, to: ApplicationStatus): ReviewDecision {
  if (from === "WITHDRAWN") return { ok: false, message: "The member withdrew this bid, so it cannot be reviewed." };
  if (REVIEW[from].includes(to)) return { ok: true };
  if (from === to) return { ok: false, message: `This bid is already ${APPLICATION_STATUS_LABEL[from].toLowerCase()}.` };
  const allowed = REVIEW[from].map((s) => APPLICATION_STATUS_LABEL[s]);
  return {
    ok: false,
    message:
      `A bid that is ${APPLICATION_STATUS_LABEL[from].toLowerCase()} cannot become ${APPLICATION_STATUS_LABEL[to].toLowerCase()}. ` +
      (allowed.length ? `It can go to: ${allowed.join(", ")}.` : "The decision is final."),
  };
}

/** A comparison shows at least two and at most five bids side by side. */
export const COMPARE_MIN = 2;
export const COMPARE_MAX = 5;

// ---------------------------------------------------------------- emails

export const PROJECT_CANCELLED_EMAIL = "PROJECT_CANCELLED";
export const APPLICATION_REVIEWED_EMAIL = "PROJECT_APPLICATION_REVIEWED";
export const PROJECT_INVITATION_EMAIL = "PROJECT_INVITATION";

export function projectCancelledEmail(n: { firstName: string; title: string; projectsUrl: string }) {
  return {
    subject: `Cancelled: ${n.title}`,
    text:
      `Hello ${n.firstName},\n\nThe bid opportunity "${n.title}" has been cancelled, so your bid will not be considered. ` +
      `We are sorry for the change of plans.\n\nOther open opportunities: ${n.projectsUrl}\n`,
  };
}

const REVIEW_SENTENCE: Record<ApplicationStatus, string> = {
  PENDING: "is waiting for review",
  REVIEWING: "is now being reviewed",
  APPROVED: "has been approved",
  REJECTED: "was not selected this time",
  WITHDRAWN: "was withdrawn",
};

export function applicationReviewedEmail(n: { firstName: string; title: string; status: ApplicationStatus; notes: string | null; bidsUrl: string }) {
  return {
    subject: `Your bid on ${n.title}: ${APPLICATION_STATUS_LABEL[n.status]}`,
    text:
      `Hello ${n.firstName},\n\nYour bid on "${n.title}" ${REVIEW_SENTENCE[n.status]}.\n\n` +
      (n.notes ? `A note from the chapter:\n${n.notes}\n\n` : "") +
      `See all your bids: ${n.bidsUrl}\n`,
  };
}

export function projectInvitationEmail(n: { firstName: string; title: string; deadline: string | null; projectUrl: string }) {
  return {
    subject: `You are invited to bid: ${n.title}`,
    text:
      `Hello ${n.firstName},\n\nYou are invited to bid on "${n.title}"` +
      (n.deadline ? `; bids are due ${n.deadline}` : "") +
      `.\n\nSee the opportunity: ${n.projectUrl}\n`,
  };
}

// ---------------------------------------------------------------- notices

/** `?notice=` codes of the project screens: the URL picks a fixed message, it never supplies one. */
export const projectAdminNotices = noticeTable({
  created: "Opportunity created as a draft. Publish it when it is ready.",
  saved: "Opportunity saved.",
  unchanged: "Nothing changed, so nothing was saved.",
  status: "Status changed.",
  cancelled: "Opportunity cancelled. Applicants are being emailed.",
  deleted: "Opportunity deleted.",
  file_added: "File uploaded.",
  file_deleted: "File deleted.",
  invited: "Invitation sent.",
  uninvited: "Invitation removed.",
  reviewed: "Bid status changed; the applicant is being emailed.",
  imported: "Import finished.",
});

/** A refusal that carries its message out of a transaction (and rolls it back). */
export class ActionRefused extends Error {}

/** Whole days from now to a deadline, rounded up; negative once passed; null without one. */
export function daysLeft(deadline: Date | null, now: Date): number | null {
  if (!deadline) return null;
  return Math.ceil((deadline.getTime() - now.getTime()) / 86_400_000);
}


// Pure rules of the member-facing bid pages: who may see an opportunity, when a member may
// apply or withdraw. The SQL twin of canSeeProject is visibleTo() in queries.ts; the two are
// tested against the same matrix.
import type { ApplicationStatus, Project, ProjectStatus, ProjectVisibility } from "../../db/schema/projects.ts";

/** Who is looking: nobody, a member (verified or not), or someone who manages projects. */
export interface Viewer {
  id: string | null;
  /** Email confirmed: a member. Unverified accounts see what anonymous visitors see. */
  verified: boolean;
  /** Holds projects:manage (admins, committee chairs): sees drafts and PRIVATE ones too. */
  manages: boolean;
}

export const ANONYMOUS: Viewer = { id: null, verified: false, manages: false };

export type Visible = Pick<Project, "status" | "visibility" | "deletedAt">;

/**
 * PUBLIC to anyone, MEMBERS_ONLY to verified members, INVITE_ONLY to verified members who were
 * invited, PRIVATE to those who manage projects; never a DRAFT or a deleted one for anyone else.
 * Deleted ones are gone from the member pages for everybody (the admin screens list them).
 */
export function canSeeProject(viewer: Viewer, project: Visible, invited: boolean): boolean {
  if (project.deletedAt !== null) return false;
  if (viewer.manages) return true;
  if (project.status === "DRAFT") return false;
  return seesVisibility(viewer, project.visibility, invited);
}

function seesVisibility(viewer: Viewer, visibility: ProjectVisibility, invited: boolean): boolean {
  switch (visibility) {
    case "PUBLIC":
      return true;
    case "MEMBERS_ONLY":
      return viewer.verified;
    case "INVITE_ONLY":
      return viewer.verified && invited;
    case "PRIVATE":
      return false;
  }
}

/** Statuses the list shows by default: announced or taking bids. "all" adds the closed ones. */
export const OPEN_STATUSES: ProjectStatus[] = ["PUBLISHED", "BIDDING_OPEN"];
export const LISTED_STATUSES: ProjectStatus[] = ["PUBLISHED", "BIDDING_OPEN", "BIDDING_CLOSED", "AWARDED", "COMPLETED", "CANCELLED"];

export type Refusal = { ok: false; reason: string; status: 403 | 409 | 422 };
export type Decision = { ok: true } | Refusal;

/**
 * Whether bids are taken now. Decision: PUBLISHED means announced (members read, download and
 * watch it) and bids open only when an admin moves it to BIDDING_OPEN, as the seed's workflow
 * DRAFT → PUBLISHED → BIDDING_OPEN → BIDDING_CLOSED says.
 */
export function biddingOpen(p: Pick<Project, "status" | "deadlineDate">, now: Date): Decision {
  if (p.status === "PUBLISHED") return { ok: false, status: 409, reason: "Bidding has not opened yet. Watch this opportunity to see when it does." };
  if (p.status !== "BIDDING_OPEN") return { ok: false, status: 409, reason: "This opportunity is not taking bids." };
  if (p.deadlineDate && now.getTime() >= p.deadlineDate.getTime()) return { ok: false, status: 409, reason: "The bid deadline has passed." };
  return { ok: true };
}

/** The checks before the insert: the member, then the project. Fullness and duplicates are decided by Postgres. */
export function canApply(viewer: Viewer, p: Pick<Project, "status" | "deadlineDate">, now: Date): Decision {
  if (!viewer.verified) return { ok: false, status: 403, reason: "Confirm your email address before you bid." };
  return biddingOpen(p, now);
}

/** A member may take back a bid still in play, before the deadline. */
export function canWithdraw(app: { status: ApplicationStatus }, p: Pick<Project, "deadlineDate">, now: Date): Decision {
  if (app.status === "WITHDRAWN") return { ok: false, status: 409, reason: "This bid was already withdrawn." };
  if (app.status !== "PENDING" && app.status !== "REVIEWING") return { ok: false, status: 409, reason: "A bid that has been decided cannot be withdrawn." };
  if (p.deadlineDate && now.getTime() >= p.deadlineDate.getTime()) return { ok: false, status: 409, reason: "The bid deadline has passed; ask the chapter office to withdraw it." };
  return { ok: true };
}

/** "3 days 4 hours left", "5 hours left", "closed". */
export function timeLeft(deadline: Date, now: Date): string {
  const ms = deadline.getTime() - now.getTime();
  if (ms <= 0) return "closed";
  const hours = Math.floor(ms / 3_600_000);
  const days = Math.floor(hours / 24);
  const h = hours % 24;
  if (days >= 2) return `${days} days${h ? ` ${h} hour${h === 1 ? "" : "s"}` : ""} left`;
  if (days === 1) return `1 day${h ? ` ${h} hour${h === 1 ? "" : "s"}` : ""} left`;
  if (hours >= 1) return `${hours} hour${hours === 1 ? "" : "s"} left`;
  const minutes = Math.max(1, Math.floor(ms / 60_000));
  return `${minutes} minute${minutes === 1 ? "" : "s"} left`;
}

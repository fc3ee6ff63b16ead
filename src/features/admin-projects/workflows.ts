// Multi-step writes of the bid-opportunity admin: status changes (cancellation emails every
// applicant still counting on the project), the review of a bid (the applicant emailed) and
// invitations. Each runs in one transaction with its AdminAction row and its outbox rows;
// no Context, so a screen, a cron or a script call the same steps.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { emailOutbox } from "../../db/schema/auth.ts";
import { type ApplicationStatus, projectApplications, projectInvitations, projects, type ProjectStatus } from "../../db/schema/projects.ts";
import { type AuditActor, recordAdminAction } from "../../lib/audit.ts";
import { formatDateTime } from "../../lib/time.ts";
import { enqueueEmail } from "../outbox/outbox.ts";
import { lockProject } from "./queries.ts";
import {
  ActionRefused,
  APPLICATION_REVIEWED_EMAIL,
  APPLICATION_STATUS_LABEL,
  applicationReviewedEmail,
  canReviewApplication,
  canTransitionProject,
  LIVE_APPLICATION_STATUSES,
  PROJECT_CANCELLED_EMAIL,
  PROJECT_INVITATION_EMAIL,
  PROJECT_STATUS_LABEL,
  projectCancelledEmail,
  projectInvitationEmail,
  projectTransitionRefusal,
  statusStamps,
} from "./rules.ts";

export type Outcome<T = object> = { kind: "missing" } | { kind: "refused"; message: string } | ({ kind: "done" } & T);

const refusedOr = <T>(err: unknown): { kind: "refused"; message: string } | T => {
  if (err instanceof ActionRefused) return { kind: "refused", message: err.message };
  throw err;
};

/** Moves a project to `to` if the rules allow, stamping publishedAt/closedAt, audited; cancelling emails the applicants. */
export async function changeProjectStatus(
  db: Db,
  actor: AuditActor,
  change: { projectId: string; to: ProjectStatus; publicUrl: string },
  now = new Date(),
): Promise<Outcome<{ notified: number }>> {
  const { projectId: id, to } = change;
  return db
    .transaction(async (tx) => {
      const before = await lockProject(tx, id);
      if (!before) return { kind: "missing" as const };
      if (!canTransitionProject(before.status, to)) throw new ActionRefused(projectTransitionRefusal(before.status, to));
      const stamps = statusStamps(before, to, now);
      await tx.update(projects).set({ status: to, ...stamps, updatedById: actor.userId, updatedAt: now }).where(eq(projects.id, id));
      let notified = 0;
      if (to === "CANCELLED") {
        const people = await tx
          .select({ userId: users.id, email: users.email, firstName: users.firstName })
          .from(projectApplications)
          .innerJoin(users, eq(users.id, projectApplications.userId))
          .where(and(eq(projectApplications.projectId, id), inArray(projectApplications.status, [...LIVE_APPLICATION_STATUSES])));
        const projectsUrl = new URL("/projects", change.publicUrl).href;
        for (let i = 0; i < people.length; i += 500) {
          await tx.insert(emailOutbox).values(
            people.slice(i, i + 500).map((p) => {
              const mail = projectCancelledEmail({ firstName: p.firstName, title: before.title, projectsUrl });
              return { toAddress: p.email, subject: mail.subject, textBody: mail.text, kind: PROJECT_CANCELLED_EMAIL, userId: p.userId };
            }),
          );
        }
        notified = people.length;
      }
      const changed = (k: "publishedAt" | "closedAt") => stamps[k] !== before[k];
      await recordAdminAction(tx, actor, {
        action: "PROJECT_UPDATED",
        details: `Opportunity ${before.title}: ${PROJECT_STATUS_LABEL[before.status]} → ${PROJECT_STATUS_LABEL[to]}`,
        before: { status: before.status, ...(changed("publishedAt") ? { publishedAt: null } : {}), ...(changed("closedAt") ? { closedAt: null } : {}) },
        after: { status: to, ...(changed("publishedAt") ? { publishedAt: stamps.publishedAt } : {}), ...(changed("closedAt") ? { closedAt: stamps.closedAt } : {}) },
        extra: { projectId: id, ...(to === "CANCELLED" ? { notified } : {}) },
      });
      return { kind: "done" as const, notified };
    })
    .catch((err: unknown) => refusedOr(err));
}

/** Moves a bid along the review (never a withdrawn one), with the admin's notes; the applicant is emailed in the same transaction. */
export async function reviewApplication(
  db: Db,
  actor: AuditActor,
  review: { projectId: string; applicationId: string; to: ApplicationStatus; notes: string | null; publicUrl: string },
  now = new Date(),
): Promise<Outcome> {
  return db
    .transaction(async (tx) => {
      const project = await lockProject(tx, review.projectId);
      if (!project) return { kind: "missing" as const };
      const [app] = await tx
        .select({ id: projectApplications.id, status: projectApplications.status, notes: projectApplications.notes, userId: users.id, email: users.email, firstName: users.firstName, lastName: users.lastName })
        .from(projectApplications)
        .innerJoin(users, eq(users.id, projectApplications.userId))
        .where(and(eq(projectApplications.id, review.applicationId), eq(projectApplications.projectId, review.projectId)))
        .for("update", { of: projectApplications });
      if (!app) return { kind: "missing" as const };
      const decision = canReviewApplication(app.status, review.to);
      if (!decision.ok) throw new ActionRefused(decision.message);
      const notes = review.notes ?? app.notes;
      await tx
        .update(projectApplications)
        .set({ status: review.to, notes, reviewedAt: now, reviewedBy: actor.userId })
        .where(eq(projectApplications.id, app.id));
      const mail = applicationReviewedEmail({
        firstName: app.firstName,
        title: project.title,
        status: review.to,
        notes: review.notes,
        bidsUrl: new URL("/projects/mine", review.publicUrl).href,
      });
      await enqueueEmail(tx, { to: app.email, subject: mail.subject, text: mail.text, kind: APPLICATION_REVIEWED_EMAIL, userId: app.userId });
      await recordAdminAction(tx, actor, {
        action: "PROJECT_UPDATED",
        targetUserId: app.userId,
        details: `Bid of ${app.firstName} ${app.lastName} on ${project.title}: ${APPLICATION_STATUS_LABEL[app.status]} → ${APPLICATION_STATUS_LABEL[review.to]}`,
        before: { status: app.status, notes: app.notes },
        after: { status: review.to, notes },
        extra: { projectId: project.id, applicationId: app.id },
      });
      return { kind: "done" as const };
    })
    .catch((err: unknown) => refusedOr(err));
}

/** Invites a verified member to an INVITE_ONLY project and emails them; inviting twice is refused. */
export async function inviteMember(
  db: Db,
  actor: AuditActor,
  invite: { projectId: string; userId: string; publicUrl: string },
): Promise<Outcome> {
  return db
    .transaction(async (tx) => {
      const project = await lockProject(tx, invite.projectId);
      if (!project) return { kind: "missing" as const };
      if (project.visibility !== "INVITE_ONLY") throw new ActionRefused("Only invite-only opportunities take invitations. Change who may see it first.");
      const [member] = await tx
        .select({ id: users.id, email: users.email, firstName: users.firstName, lastName: users.lastName })
        .from(users)
        .where(eq(users.id, invite.userId));
      if (!member) return { kind: "missing" as const };
      const inserted = await tx
        .insert(projectInvitations)
        .values({ projectId: project.id, userId: member.id, invitedById: actor.userId })
        .onConflictDoNothing()
        .returning({ userId: projectInvitations.userId });
      if (inserted.length === 0) throw new ActionRefused(`${member.firstName} ${member.lastName} is already invited.`);
      const mail = projectInvitationEmail({
        firstName: member.firstName,
        title: project.title,
        deadline: project.deadlineDate ? formatDateTime(project.deadlineDate) : null,
        projectUrl: new URL(`/projects/${project.id}`, invite.publicUrl).href,
      });
      await enqueueEmail(tx, { to: member.email, subject: mail.subject, text: mail.text, kind: PROJECT_INVITATION_EMAIL, userId: member.id });
      await recordAdminAction(tx, actor, {
        action: "PROJECT_UPDATED",
        targetUserId: member.id,
        details: `Invited ${member.firstName} ${member.lastName} to bid on ${project.title}`,
        after: { invited: member.id },
        extra: { projectId: project.id },
      });
      return { kind: "done" as const };
    })
    .catch((err: unknown) => refusedOr(err));
}

export async function uninviteMember(db: Db, actor: AuditActor, projectId: string, userId: string): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const project = await lockProject(tx, projectId);
    if (!project) return { kind: "missing" as const };
    const [gone] = await tx
      .delete(projectInvitations)
      .where(and(eq(projectInvitations.projectId, projectId), eq(projectInvitations.userId, userId)))
      .returning({ userId: projectInvitations.userId });
    if (!gone) return { kind: "missing" as const };
    await recordAdminAction(tx, actor, {
      action: "PROJECT_UPDATED",
      targetUserId: userId,
      details: `Invitation to ${project.title} removed`,
      before: { invited: userId },
      extra: { projectId },
    });
    return { kind: "done" as const };
  });
}

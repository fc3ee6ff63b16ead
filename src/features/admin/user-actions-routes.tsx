// One-button account actions (verify, deactivate, reactivate, unlock, force a
// password reset) and role grants. Each change and its AdminAction row share a
// transaction; a refused action writes nothing and re-renders the page (422).
import { grantMemberRole } from "../../auth/system-roles.ts";
import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { allow, holdsPermission } from "../../auth/rbac.ts";
import { isId, ID, idParam } from "../../db/ids.ts";
import { roles, userRoles, users } from "../../db/schema/accounts.ts";
import { sessions } from "../../db/schema/auth.ts";
import type { AppEnv } from "../../http/types.ts";
import { parseForm } from "../../lib/forms.ts";
import { sendTokenEmail } from "../auth/email-tokens.ts";
import { deliverSoon } from "../outbox/outbox.ts";
import { type AuditEntry, recordAdminAction, auditActor } from "../../lib/audit.ts";
import { assignRoleSchema, deactivateSchema } from "./forms.ts";
import { type AdminUser, findUser, lockUser, rolePermissionNames, type Tx } from "./queries.ts";
import { adminTargetRefusal, beyondOwnRights, SELF_GRANT_REFUSED } from "./shared.tsx";
import { renderNotFound } from "../../http/render.tsx";
import { renderUserPage } from "./users-routes.tsx";
import { adminNotices } from "./rules.ts";
import type { AdminContext } from "../../http/admin.ts";

export const userActionRoutes = new Hono<AppEnv>();

type ActionResult = { refused: string } | { forbidden: string } | { missing: true } | { audit: AuditEntry; notice: keyof typeof adminNotices.messages };

const name = (u: { firstName: string; lastName: string }) => `${u.firstName} ${u.lastName}`;

/** Signs the account out everywhere, in the caller's transaction; how many sessions ended. */
async function revokeSessions(tx: Tx, userId: string): Promise<number> {
  const deleted = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
  return deleted.length;
}

/**
 * Runs an account action on a locked row: the action either refuses (nothing
 * written) or changes the row and names its audit entry, written here in the
 * same transaction.
 */
async function accountAction(
  c: AdminContext,
  run: (tx: Tx, target: AdminUser) => Promise<ActionResult>,
  afterCommit?: () => void,
): Promise<Response> {
  const id = c.req.param("id") ?? "";
  if (!isId(id)) return renderNotFound(c);
  const outcome = await c.var.db().transaction(async (tx) => {
    const target = await lockUser(tx, id);
    if (!target) return null;
    const refusal = await adminTargetRefusal(tx, c, target);
    if (refusal) return { forbidden: refusal };
    const result = await run(tx, target);
    if ("audit" in result) await recordAdminAction(tx, auditActor(c), { ...result.audit, targetUserId: id });
    return result;
  });
  if (!outcome || "missing" in outcome) return renderNotFound(c);
  if ("refused" in outcome) return renderUserPage(c, id, { status: 422, actionError: outcome.refused });
  if ("forbidden" in outcome) return renderUserPage(c, id, { status: 403, actionError: outcome.forbidden });
  afterCommit?.();
  return adminNotices.redirect(c, `/admin/users/${id}`, outcome.notice);
}

const isDeactivated = (u: AdminUser) => u.deletedAt !== null || !u.isActive;

userActionRoutes.post(`/users/${ID}/verify`, allow.to("manage", "users"), (c) =>
  accountAction(c, async (tx, u) => {
    if (u.isVerified) return { refused: `${name(u)}’s email is already verified.` };
    await tx.update(users).set({ isVerified: true, updatedById: c.var.signedIn.user.id }).where(eq(users.id, u.id));
    // The same outcome as the member confirming by email: they become a member.
    await grantMemberRole(tx, u.id);
    return {
      notice: "verified",
      audit: { action: "USER_UPDATED", details: "Email marked as verified by an admin", before: { isVerified: false }, after: { isVerified: true } },
    };
  }),
);

userActionRoutes.post(`/users/${ID}/deactivate`, allow.to("manage", "users"), async (c) => {
  const id = c.req.param("id");
  if (!(await findUser(c.var.db(), id))) return renderNotFound(c);
  const form = await parseForm(c, deactivateSchema);
  if (!form.ok) return renderUserPage(c, id, { status: 422, actionError: "Tick the box to confirm the deactivation." });
  return accountAction(c, async (tx, u) => {
    if (u.id === c.var.signedIn.user.id) return { refused: "You cannot deactivate your own account. Ask another admin." };
    if (isDeactivated(u)) return { refused: `${name(u)} is already deactivated.` };
    const now = new Date();
    await tx.update(users).set({ deletedAt: now, isActive: false, updatedById: c.var.signedIn.user.id }).where(eq(users.id, u.id));
    const sessionsRevoked = await revokeSessions(tx, u.id);
    return {
      notice: "deactivated",
      audit: {
        action: "USER_DELETED",
        details: `Account deactivated; ${sessionsRevoked} session(s) signed out`,
        before: { isActive: u.isActive, deletedAt: u.deletedAt },
        after: { isActive: false, deletedAt: now },
        extra: { sessionsRevoked },
      },
    };
  });
});

userActionRoutes.post(`/users/${ID}/reactivate`, allow.to("manage", "users"), (c) =>
  accountAction(c, async (tx, u) => {
    if (!isDeactivated(u)) return { refused: `${name(u)} is not deactivated.` };
    await tx.update(users).set({ deletedAt: null, isActive: true, updatedById: c.var.signedIn.user.id }).where(eq(users.id, u.id));
    return {
      notice: "reactivated",
      audit: {
        action: "USER_UPDATED",
        details: "Account reactivated",
        before: { isActive: u.isActive, deletedAt: u.deletedAt },
        after: { isActive: true, deletedAt: null },
      },
    };
  }),
);

userActionRoutes.post(`/users/${ID}/unlock`, allow.to("manage", "users"), (c) =>
  accountAction(c, async (tx, u) => {
    await tx.update(users).set({ failedLoginAttempts: 0, lockedUntil: null, updatedById: c.var.signedIn.user.id }).where(eq(users.id, u.id));
    return {
      notice: "unlocked",
      audit: {
        action: "USER_UPDATED",
        details: "Account unlocked; failed sign-in attempts cleared",
        before: { failedLoginAttempts: u.failedLoginAttempts, lockedUntil: u.lockedUntil },
        after: { failedLoginAttempts: 0, lockedUntil: null },
      },
    };
  }),
);

userActionRoutes.post(`/users/${ID}/force-password-reset`, allow.to("manage", "users"), (c) =>
  accountAction(
    c,
    async (tx, u) => {
      if (isDeactivated(u)) return { refused: `${name(u)} is deactivated. Reactivate the account first.` };
      const sessionsRevoked = await revokeSessions(tx, u.id);
      await sendTokenEmail(tx, c.var.config, { id: u.id, email: u.email, firstName: u.firstName }, "RESET_PASSWORD");
      return {
        notice: "reset_sent",
        audit: {
          action: "USER_UPDATED",
          details: `Password reset forced; ${sessionsRevoked} session(s) signed out and a reset link emailed`,
          before: { sessions: sessionsRevoked },
          after: { sessions: 0, passwordResetEmailed: true },
          extra: { sessionsRevoked },
        },
      };
    },
    // Only after commit: the email row must exist before the sender looks for it.
    // Hono's ExecutionContext type lags the Workers one; the object is the runtime's own.
    () => deliverSoon(c),
  ),
);

userActionRoutes.post(`/users/${ID}/roles`, allow.to("manage", "roles"), async (c) => {
  const id = c.req.param("id");
  if (!(await findUser(c.var.db(), id))) return renderNotFound(c);
  const form = await parseForm(c, assignRoleSchema);
  if (!form.ok) return renderUserPage(c, id, { status: 422, roleForm: { values: form.values, errors: form.errors } });
  const { roleId, expiresAt } = form.data;
  const me = c.var.signedIn.user;

  const outcome = await c.var.db().transaction(async (tx) => {
    const target = await lockUser(tx, id);
    if (!target) return { kind: "missing" as const };
    const refusal = await adminTargetRefusal(tx, c, target);
    if (refusal) return { kind: "forbidden" as const, message: refusal };
    const [role] = await tx.select({ id: roles.id, name: roles.name }).from(roles).where(and(eq(roles.id, roleId), eq(roles.isActive, true)));
    if (!role) return { kind: "invalid" as const, errors: { roleId: "Choose a role from the list" } };
    // roles:manage is not a key to every room: nobody grants themselves a role, and a role
    // may only pass on permissions its granter already holds.
    if (target.id === me.id) return { kind: "forbidden" as const, message: SELF_GRANT_REFUSED };
    const missing = (await rolePermissionNames(tx, role.id)).filter((n) => !holdsPermission(me, n));
    if (missing.length > 0) return { kind: "forbidden" as const, message: beyondOwnRights(role.name, missing) };
    const [prior] = await tx
      .select({ isActive: userRoles.isActive, expiresAt: userRoles.expiresAt })
      .from(userRoles)
      .where(and(eq(userRoles.userId, id), eq(userRoles.roleId, roleId)));
    if (prior?.isActive && (prior.expiresAt?.getTime() ?? null) === (expiresAt?.getTime() ?? null)) {
      return { kind: "invalid" as const, errors: { roleId: `${name(target)} already holds ${role.name} with this expiry` } };
    }
    const now = new Date();
    await tx
      .insert(userRoles)
      .values({ userId: id, roleId, assignedBy: me.id, assignedAt: now, expiresAt, isActive: true })
      .onConflictDoUpdate({
        target: [userRoles.userId, userRoles.roleId],
        set: { isActive: true, expiresAt, assignedBy: me.id, assignedAt: now },
      });
    await recordAdminAction(tx, auditActor(c), {
      action: "ROLE_ASSIGNED",
      targetUserId: id,
      details: `Role ${role.name} assigned${expiresAt ? ` until ${expiresAt.toISOString().slice(0, 10)}` : ""}`,
      before: prior ? { role: role.name, isActive: prior.isActive, expiresAt: prior.expiresAt } : undefined,
      after: { role: role.name, isActive: true, expiresAt },
      extra: { roleId },
    });
    return { kind: "assigned" as const };
  });

  if (outcome.kind === "missing") return renderNotFound(c);
  if (outcome.kind === "forbidden") return renderUserPage(c, id, { status: 403, actionError: outcome.message });
  if (outcome.kind === "invalid") return renderUserPage(c, id, { status: 422, roleForm: { values: form.values, errors: outcome.errors } });
  return adminNotices.redirect(c, `/admin/users/${id}`, "role_assigned");
});

userActionRoutes.post(`/users/${ID}/roles/${idParam("roleId")}/revoke`, allow.to("manage", "roles"), async (c) => {
  const roleId = c.req.param("roleId");
  if (!isId(roleId)) return renderNotFound(c);
  return accountAction(c, async (tx, u) => {
    const [grant] = await tx
      .select({ isActive: userRoles.isActive, expiresAt: userRoles.expiresAt, role: roles.name })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .where(and(eq(userRoles.userId, u.id), eq(userRoles.roleId, roleId)))
      .for("update", { of: userRoles });
    if (!grant) return { missing: true };
    if (!grant.isActive) return { refused: `${name(u)}’s ${grant.role} role is already revoked.` };
    await tx.update(userRoles).set({ isActive: false }).where(and(eq(userRoles.userId, u.id), eq(userRoles.roleId, roleId)));
    return {
      notice: "role_revoked",
      audit: {
        action: "ROLE_REVOKED",
        details: `Role ${grant.role} revoked`,
        before: { role: grant.role, isActive: true, expiresAt: grant.expiresAt },
        after: { role: grant.role, isActive: false, expiresAt: grant.expiresAt },
        extra: { roleId },
      },
    };
  });
});

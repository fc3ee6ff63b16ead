// Admin routes in the authorization matrix. Mutations use forms that change
// little or nothing (an empty profile edit, an unconfirmed deactivation, a
// resend of an email that is still queued): each actor runs every request.
import { eq } from "drizzle-orm";
import { env } from "cloudflare:workers";
import { loadConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { newId, ID, idParam } from "../../src/db/ids.ts";
import { roles } from "../../src/db/schema/accounts.ts";
import { emailOutbox } from "../../src/db/schema/auth.ts";
import { ADMIN_ONLY, type Actor, type RouteRow } from "./types.ts";

/** Rows the paths point at that are not per-actor fixtures: a custom role, the member role, a queued email. */
async function sharedTargets() {
  const { db, pool } = createDb(loadConfig(env as unknown as Record<string, unknown>));
  try {
    const [custom] = await db
      .insert(roles)
      .values({ name: `authz matrix ${newId()}`, description: "Made by the authorization matrix" })
      .returning({ id: roles.id });
    const [member] = await db.select({ id: roles.id }).from(roles).where(eq(roles.name, "member"));
    // Never due, so no sender picks it up; resending a PENDING email is refused (409) without a change.
    const [email] = await db
      .insert(emailOutbox)
      .values({
        toAddress: "authz-matrix@test.example.org",
        subject: "Authorization matrix",
        textBody: "Not sent.",
        kind: "TEST",
        nextAttemptAt: new Date("2100-01-01T00:00:00Z"),
      })
      .returning({ id: emailOutbox.id });
    if (!custom || !member || !email) throw new Error("authz admin targets could not be made");
    return { customRoleId: custom.id, memberRoleId: member.id, queuedEmailId: email.id };
  } finally {
    await pool.end();
  }
}

const t = await sharedTargets();

/** users:manage includes users:read: a delegate who may change accounts sees the list it acts on. */
const read = "allow.to(read, users)";
const manage = "allow.to(manage, users)";
const rolesRule = "allow.to(manage, roles)";
const outboxRule = "allow.to(read, outbox)";
/** Delegated: a holder of only users:manage acts on a regular member's account (an admin's is refused, see admin-delegation). */
const USER_MANAGERS: Actor[] = ["usersManager", "admin"];
/** Delegated: a holder of only roles:manage, within the permissions it holds. */
const ROLE_MANAGERS: Actor[] = ["rolesManager", "admin"];

export const adminRows: RouteRow[] = [
  { method: "GET", route: "/admin/users", rule: read, path: () => "/admin/users?q=Member", allowed: USER_MANAGERS },
  { method: "GET", route: "/admin/users.csv", rule: read, path: () => "/admin/users.csv?q=Member", allowed: USER_MANAGERS },
  { method: "GET", route: `/admin/users/${ID}`, rule: read, path: (f) => `/admin/users/${f.member.id}`, allowed: USER_MANAGERS },
  // An empty edit changes nothing.
  { method: "POST", route: `/admin/users/${ID}`, rule: manage, path: (f) => `/admin/users/${f.member.id}`, form: () => ({}), allowed: USER_MANAGERS },
  // Already verified: refused (422) after authorization, nothing written.
  { method: "POST", route: `/admin/users/${ID}/verify`, rule: manage, path: (f) => `/admin/users/${f.member.id}/verify`, allowed: USER_MANAGERS },
  // Without the confirmation box: refused (422), nothing written.
  {
    method: "POST",
    route: `/admin/users/${ID}/deactivate`,
    rule: manage,
    path: (f) => `/admin/users/${f.member.id}/deactivate`,
    form: () => ({}),
    allowed: USER_MANAGERS,
  },
  // Not deactivated: refused (422).
  { method: "POST", route: `/admin/users/${ID}/reactivate`, rule: manage, path: (f) => `/admin/users/${f.member.id}/reactivate`, allowed: USER_MANAGERS },
  { method: "POST", route: `/admin/users/${ID}/unlock`, rule: manage, path: (f) => `/admin/users/${f.member.id}/unlock`, allowed: USER_MANAGERS },
  {
    method: "POST",
    route: `/admin/users/${ID}/force-password-reset`,
    rule: manage,
    path: (f) => `/admin/users/${f.member.id}/force-password-reset`,
    allowed: USER_MANAGERS,
  },
  // No role chosen: 422.
  { method: "POST", route: `/admin/users/${ID}/roles`, rule: rolesRule, path: (f) => `/admin/users/${f.member.id}/roles`, form: () => ({}), allowed: ROLE_MANAGERS },
  {
    method: "POST",
    route: `/admin/users/${ID}/roles/${idParam("roleId")}/revoke`,
    rule: rolesRule,
    path: (f) => `/admin/users/${f.member.id}/roles/${t.memberRoleId}/revoke`,
    allowed: ROLE_MANAGERS,
  },
  { method: "GET", route: "/admin/roles", rule: rolesRule, path: () => "/admin/roles", allowed: ROLE_MANAGERS },
  // No name: 422.
  { method: "POST", route: "/admin/roles", rule: rolesRule, path: () => "/admin/roles", form: () => ({ name: "" }), allowed: ROLE_MANAGERS },
  { method: "GET", route: `/admin/roles/${ID}`, rule: rolesRule, path: () => `/admin/roles/${t.customRoleId}`, allowed: ROLE_MANAGERS },
  // The custom role has no permissions and none are sent: unchanged.
  {
    method: "POST",
    route: `/admin/roles/${ID}/permissions`,
    rule: rolesRule,
    path: () => `/admin/roles/${t.customRoleId}/permissions`,
    form: () => ({}),
    allowed: ROLE_MANAGERS,
  },
  { method: "GET", route: "/admin/outbox", rule: outboxRule, path: () => "/admin/outbox", allowed: ADMIN_ONLY },
  { method: "POST", route: `/admin/outbox/${ID}/resend`, rule: outboxRule, path: () => `/admin/outbox/${t.queuedEmailId}/resend`, allowed: ADMIN_ONLY },
  { method: "POST", route: "/admin/outbox/deliver", rule: outboxRule, path: () => "/admin/outbox/deliver", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/audit", rule: "allow.to(read, audit)", path: () => "/admin/audit", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/audit.csv", rule: "allow.to(read, audit)", path: () => "/admin/audit.csv", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/outbox.csv", rule: outboxRule, path: () => "/admin/outbox.csv", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/roles.csv", rule: rolesRule, path: () => "/admin/roles.csv", allowed: ROLE_MANAGERS },
];

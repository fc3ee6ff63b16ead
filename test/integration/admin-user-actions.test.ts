// Account actions and role grants: each changes the row and writes exactly one
// AdminAction row (action, actor, target, before/after); a refused one writes nothing.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { roles, userRoles, users } from "../../src/db/schema/accounts.ts";
import { adminActions } from "../../src/db/schema/audit.ts";
import { emailOutbox, emailTokens, sessions } from "../../src/db/schema/auth.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { makeUser, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { fromPacificDateInput, toPacificDateInput } from "../../src/lib/time.ts";

const db = useTestDb();
const auditOf = (targetId: string) => db.select().from(adminActions).where(eq(adminActions.targetUserId, targetId));
const userRow = async (id: string) => (await db.select().from(users).where(eq(users.id, id)))[0]!;
const sessionsOf = async (id: string) => (await db.select().from(sessions).where(eq(sessions.userId, id))).length;
type Meta = { before: Record<string, unknown> | null; after: Record<string, unknown> | null; [k: string]: unknown };

let adminId: string;
let cookie: string;
const as = () => ({ headers: { cookie } });
const roleId = async (name: string) => (await db.select({ id: roles.id }).from(roles).where(eq(roles.name, name)))[0]!.id;
// The chapter's day (Pacific), as the form reads it: a UTC date is a day ahead every evening.
const daysFromNow = (days: number) => toPacificDateInput(new Date(Date.now() + days * 86_400_000));

beforeAll(async () => {
  const admin = await createAccount(db, { memberType: "admin", roles: ["admin"], firstName: "Ada" });
  adminId = admin.id;
  cookie = await sessionCookie(db, admin.id);
});

async function expectOneAudit(targetId: string, action: string) {
  const rows = await auditOf(targetId);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ action, userId: adminId, targetUserId: targetId });
  return rows[0]!.metadata as Meta;
}

describe("POST /admin/users/:id/verify", () => {
  it("marks the email verified and audits it", async () => {
    const u = await makeUser(db, { isVerified: false });
    const res = await postForm(`/admin/users/${u.id}/verify`, {}, as());
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/users/${u.id}?notice=verified`);
    expect((await userRow(u.id)).isVerified).toBe(true);
    const meta = await expectOneAudit(u.id, "USER_UPDATED");
    expect(meta).toMatchObject({ before: { isVerified: false }, after: { isVerified: true } });
    const grants = await db.select().from(userRoles).where(and(eq(userRoles.userId, u.id), eq(userRoles.roleId, await roleId("member"))));
    expect(grants).toHaveLength(1);
  });

  it("refuses an already verified account, writing nothing", async () => {
    const u = await makeUser(db, { isVerified: true });
    const res = await postForm(`/admin/users/${u.id}/verify`, {}, as());
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("already verified");
    expect(await auditOf(u.id)).toHaveLength(0);
  });
});

describe("POST /admin/users/:id/deactivate", () => {
  it("soft-deletes, switches off, signs out everywhere and audits USER_DELETED", async () => {
    const member = await createAccount(db, { firstName: "Maria" });
    await sessionCookie(db, member.id);
    const memberCookie = await sessionCookie(db, member.id);
    const res = await postForm(`/admin/users/${member.id}/deactivate`, { confirm: "yes" }, as());
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/users/${member.id}?notice=deactivated`);
    const row = await userRow(member.id);
    expect(row.isActive).toBe(false);
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(await sessionsOf(member.id)).toBe(0);
    const meta = await expectOneAudit(member.id, "USER_DELETED");
    expect(meta.before).toEqual({ isActive: true, deletedAt: null });
    expect(meta.after).toEqual({ isActive: false, deletedAt: row.deletedAt!.toISOString() });
    expect(meta.sessionsRevoked).toBe(2);
    // The old cookie no longer signs anyone in.
    const after = await get("/admin", { headers: { cookie: memberCookie } });
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toMatch(/^\/login/);
  });

  it("needs the confirmation box: without it, 422 and nothing written", async () => {
    const u = await makeUser(db, {});
    for (const form of [{}, { confirm: "no" }, { confirm: "<b>yes</b>" }] as Array<Record<string, string>>) {
      const res = await postForm(`/admin/users/${u.id}/deactivate`, form, as());
      expect(res.status).toBe(422);
      expect(await res.text()).toContain("Tick the box to confirm");
    }
    expect((await userRow(u.id)).isActive).toBe(true);
    expect(await auditOf(u.id)).toHaveLength(0);
  });

  it("refuses an admin deactivating themself, writing nothing", async () => {
    const before = await sessionsOf(adminId);
    const res = await postForm(`/admin/users/${adminId}/deactivate`, { confirm: "yes" }, as());
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("You cannot deactivate your own account");
    const row = await userRow(adminId);
    expect(row.isActive).toBe(true);
    expect(row.deletedAt).toBeNull();
    expect(await sessionsOf(adminId)).toBe(before);
    expect(await auditOf(adminId)).toHaveLength(0);
  });

  it("refuses an account that is already deactivated, and 404s an unknown one", async () => {
    const u = await makeUser(db, { isActive: false, deletedAt: new Date() });
    expect((await postForm(`/admin/users/${u.id}/deactivate`, { confirm: "yes" }, as())).status).toBe(422);
    expect(await auditOf(u.id)).toHaveLength(0);
    expect((await postForm(`/admin/users/${newId()}/deactivate`, { confirm: "yes" }, as())).status).toBe(404);
    expect((await postForm(`/admin/users/..%2Fadmin/deactivate`, { confirm: "yes" }, as())).status).toBe(404);
  });
});

describe("POST /admin/users/:id/reactivate", () => {
  it("brings a deactivated account back and audits it", async () => {
    const gone = new Date(Date.now() - 86_400_000);
    const u = await makeUser(db, { isActive: false, deletedAt: gone });
    const res = await postForm(`/admin/users/${u.id}/reactivate`, {}, as());
    expect(res.status).toBe(303);
    const row = await userRow(u.id);
    expect(row).toMatchObject({ isActive: true, deletedAt: null });
    const meta = await expectOneAudit(u.id, "USER_UPDATED");
    expect(meta.before).toEqual({ isActive: false, deletedAt: gone.toISOString() });
    expect(meta.after).toEqual({ isActive: true, deletedAt: null });
  });

  it("refuses an active account, writing nothing", async () => {
    const u = await makeUser(db, {});
    expect((await postForm(`/admin/users/${u.id}/reactivate`, {}, as())).status).toBe(422);
    expect(await auditOf(u.id)).toHaveLength(0);
  });
});

describe("POST /admin/users/:id/unlock", () => {
  it("clears the lockout and failed attempts and audits the old values", async () => {
    const lockedUntil = new Date(Date.now() + 15 * 60_000);
    const u = await makeUser(db, { failedLoginAttempts: 5, lockedUntil });
    const res = await postForm(`/admin/users/${u.id}/unlock`, {}, as());
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/users/${u.id}?notice=unlocked`);
    expect(await userRow(u.id)).toMatchObject({ failedLoginAttempts: 0, lockedUntil: null });
    const meta = await expectOneAudit(u.id, "USER_UPDATED");
    expect(meta.before).toEqual({ failedLoginAttempts: 5, lockedUntil: lockedUntil.toISOString() });
    expect(meta.after).toEqual({ failedLoginAttempts: 0, lockedUntil: null });
  });
});

describe("POST /admin/users/:id/force-password-reset", () => {
  it("signs the member out everywhere, queues a reset email and audits it", async () => {
    const member = await createAccount(db, { firstName: "Reset" });
    await sessionCookie(db, member.id);
    const res = await postForm(`/admin/users/${member.id}/force-password-reset`, {}, as());
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/users/${member.id}?notice=reset_sent`);
    expect(await sessionsOf(member.id)).toBe(0);
    const tokens = await db.select().from(emailTokens).where(and(eq(emailTokens.userId, member.id), eq(emailTokens.purpose, "RESET_PASSWORD")));
    expect(tokens).toHaveLength(1);
    const mail = await db.select().from(emailOutbox).where(eq(emailOutbox.userId, member.id));
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ kind: "RESET_PASSWORD", toAddress: member.email });
    expect(mail[0]!.textBody).toContain("/reset-password?token=");
    const meta = await expectOneAudit(member.id, "USER_UPDATED");
    expect(meta).toMatchObject({ sessionsRevoked: 1, after: { sessions: 0, passwordResetEmailed: true } });
  });

  it("refuses a deactivated account: no email, no audit", async () => {
    const u = await makeUser(db, { isActive: false, deletedAt: new Date() });
    expect((await postForm(`/admin/users/${u.id}/force-password-reset`, {}, as())).status).toBe(422);
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.userId, u.id))).toHaveLength(0);
    expect(await auditOf(u.id)).toHaveLength(0);
  });
});

describe("POST /admin/users/:id/roles (assign)", () => {
  it("assigns a role with a future expiry and audits ROLE_ASSIGNED", async () => {
    const u = await makeUser(db, { firstName: "Chair", isVerified: true });
    const chair = await roleId("committee chair");
    const day = daysFromNow(30);
    const res = await postForm(`/admin/users/${u.id}/roles`, { roleId: chair, expiresAt: day }, as());
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/users/${u.id}?notice=role_assigned`);
    const [grant] = await db.select().from(userRoles).where(and(eq(userRoles.userId, u.id), eq(userRoles.roleId, chair)));
    expect(grant).toMatchObject({ isActive: true, assignedBy: adminId });
    // The day is typed in Pacific time: the grant stops at the start of that day in California.
    const startOfDay = fromPacificDateInput(day)!.toISOString();
    expect(grant!.expiresAt?.toISOString()).toBe(startOfDay);
    const meta = await expectOneAudit(u.id, "ROLE_ASSIGNED");
    expect(meta).toMatchObject({ before: null, after: { role: "committee chair", isActive: true, expiresAt: startOfDay }, roleId: chair });
    const page = await (await get(`/admin/users/${u.id}`, as())).text();
    expect(page).toContain('<th scope="row">committee chair</th>');
    expect(page).toContain(`Revoke committee chair from Chair Member`);
  });

  for (const [label, expiresAt] of [
    ["yesterday", daysFromNow(-1)],
    ["today (its start has passed)", daysFromNow(0)],
    ["a date that does not exist", "2030-13-01"],
    ["not a date", "<script>"],
  ] as const) {
    it(`refuses an expiry of ${label}: 422, no grant, no audit`, async () => {
      const u = await makeUser(db, {});
      const chair = await roleId("committee chair");
      const res = await postForm(`/admin/users/${u.id}/roles`, { roleId: chair, expiresAt }, as());
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toMatch(/must be in the future|must be a real date/);
      expect(html).not.toContain("<script>\"");
      expect(await db.select().from(userRoles).where(eq(userRoles.userId, u.id))).toHaveLength(0);
      expect(await auditOf(u.id)).toHaveLength(0);
    });
  }

  it("refuses a role that does not exist, and junk role ids", async () => {
    const u = await makeUser(db, {});
    for (const id of [newId(), "x", "' OR 1=1 --", ""]) {
      const res = await postForm(`/admin/users/${u.id}/roles`, { roleId: id }, as());
      expect({ id, status: res.status }).toEqual({ id, status: 422 });
    }
    expect(await auditOf(u.id)).toHaveLength(0);
  });

  it("re-activates a revoked grant (upsert) and records what it was", async () => {
    const u = await makeUser(db, {});
    const staff = await roleId("event staff");
    await db.insert(userRoles).values({ userId: u.id, roleId: staff, isActive: false });
    const res = await postForm(`/admin/users/${u.id}/roles`, { roleId: staff, expiresAt: "" }, as());
    expect(res.status).toBe(303);
    const grants = await db.select().from(userRoles).where(eq(userRoles.userId, u.id));
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ isActive: true, expiresAt: null });
    const meta = await expectOneAudit(u.id, "ROLE_ASSIGNED");
    expect(meta.before).toEqual({ role: "event staff", isActive: false, expiresAt: null });
    // The same grant again changes nothing: refused.
    expect((await postForm(`/admin/users/${u.id}/roles`, { roleId: staff }, as())).status).toBe(422);
    expect(await auditOf(u.id)).toHaveLength(1);
  });
});

describe("POST /admin/users/:id/roles/:roleId/revoke", () => {
  it("switches the grant off and audits ROLE_REVOKED; a second revoke is refused", async () => {
    const member = await createAccount(db, { firstName: "Revoke" });
    const memberRole = await roleId("member");
    const res = await postForm(`/admin/users/${member.id}/roles/${memberRole}/revoke`, {}, as());
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/users/${member.id}?notice=role_revoked`);
    const [grant] = await db.select().from(userRoles).where(and(eq(userRoles.userId, member.id), eq(userRoles.roleId, memberRole)));
    expect(grant!.isActive).toBe(false);
    const meta = await expectOneAudit(member.id, "ROLE_REVOKED");
    expect(meta).toMatchObject({ before: { role: "member", isActive: true }, after: { role: "member", isActive: false }, roleId: memberRole });

    expect((await postForm(`/admin/users/${member.id}/roles/${memberRole}/revoke`, {}, as())).status).toBe(422);
    expect(await auditOf(member.id)).toHaveLength(1);
  });

  it("answers 404 for a role the member does not hold, or a junk id", async () => {
    const u = await makeUser(db, {});
    expect((await postForm(`/admin/users/${u.id}/roles/${await roleId("admin")}/revoke`, {}, as())).status).toBe(404);
    expect((await postForm(`/admin/users/${u.id}/roles/nope/revoke`, {}, as())).status).toBe(404);
    expect((await postForm(`/admin/users/${newId()}/roles/${await roleId("member")}/revoke`, {}, as())).status).toBe(404);
    expect(await auditOf(u.id)).toHaveLength(0);
  });
});

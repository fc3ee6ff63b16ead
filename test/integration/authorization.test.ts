// The authorization matrix: every route the app registers, with its rule, run
// as anonymous, a member, another member, an admin, the delegated roles (only
// roles:manage, only users:manage, event staff) and an unverified account.
// A route missing from the table fails the first test.
import { eq } from "drizzle-orm";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.tsx";
import { createSession } from "../../src/auth/session.ts";
import { newId } from "../../src/db/ids.ts";
import { permissions, rolePermissions, roles, userRoles, users } from "../../src/db/schema/accounts.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { makeCredential, useTestDb } from "../helpers/db.ts";
import { ORIGIN } from "../helpers/http.ts";
import { credentialRows, MATRIX_DOCUMENT } from "../authz/credentials.ts";
import { accountRows } from "../authz/account.ts";
import { adminEventRows } from "../authz/admin-events.ts";
import { adminProjectRows } from "../authz/admin-projects.ts";
import { adminCourseRows } from "../authz/admin-courses.ts";
import { adminRows } from "../authz/admin.ts";
import { adminBulkRows } from "../authz/admin-bulk.ts";
import { dashboardRows } from "../authz/dashboard.ts";
import { announcementRows } from "../authz/announcements.ts";
import { authRows } from "../authz/auth.ts";
import { directoryRows } from "../authz/directory.ts";
import { eventRows } from "../authz/events.ts";
import { feedbackRows } from "../authz/feedback.ts";
import { homeRows } from "../authz/home.ts";
import { messagingRows } from "../authz/messaging.ts";
import { paymentRows } from "../authz/payments.ts";
import { profileRows } from "../authz/profile.ts";
import { projectRows } from "../authz/projects.ts";
import { savedSearchRows } from "../authz/saved-searches.ts";
import { learningRows } from "../authz/learning.ts";
import { ACTORS, type Actor, type Fixtures, type PERSONAS, type RouteRow } from "../authz/types.ts";

const TABLE: RouteRow[] = [...homeRows, ...authRows, ...accountRows, ...adminRows, ...adminEventRows, ...eventRows, ...projectRows, ...messagingRows, ...adminProjectRows, ...profileRows, ...credentialRows, ...directoryRows, ...savedSearchRows, ...paymentRows, ...announcementRows, ...learningRows, ...certificateRows, ...feedbackRows, ...dashboardRows];
import { certificateRows } from "../authz/certificates.ts";

TABLE.push(...adminCourseRows);

const db = useTestDb();
// Member import, bulk actions and /welcome (admin-members-bulk).
TABLE.push(...adminBulkRows);

/** Custom roles holding exactly one delegated permission, made once for the file. */
let delegated: Promise<Record<"rolesManager" | "usersManager" | "projectsManager" | "credentialsReviewer", string>> | undefined;
async function delegatedRoles() {
  const make = async (permission: string) => {
    const [role] = await db.insert(roles).values({ name: `matrix only ${permission} ${newId()}`, description: "Authorization matrix" }).returning({ id: roles.id });
    const [p] = await db.select({ id: permissions.id }).from(permissions).where(eq(permissions.name, permission));
    await db.insert(rolePermissions).values({ roleId: role!.id, permissionId: p!.id });
    return role!.id;
  };
  delegated ??= (async () => ({
    rolesManager: await make("roles:manage"),
    usersManager: await make("users:manage"),
    projectsManager: await make("projects:manage"),
    credentialsReviewer: await make("credentials:review"),
  }))();
  return delegated;
}

/** The account a persona signs in with: a verified member plus its delegated role, event staff, or unconfirmed. */
async function personaAccount(persona: (typeof PERSONAS)[number]): Promise<string> {
  if (persona === "unverified") return (await createAccount(db, { verified: false, firstName: "Unverified" })).id;
  if (persona === "eventStaff") return (await createAccount(db, { roles: ["member", "event staff"], firstName: "Staff" })).id;
  const account = await createAccount(db, { firstName: persona });
  await db.insert(userRoles).values({ userId: account.id, roleId: (await delegatedRoles())[persona] });
  return account.id;
}

async function makeFixtures(): Promise<Fixtures> {
  const [member, otherMember, admin] = await Promise.all([
    createAccount(db, { firstName: "Member" }),
    createAccount(db, { firstName: "Other" }),
    createAccount(db, { memberType: "admin", roles: ["admin"], firstName: "Admin" }),
  ]);
  const second = await createSession(db, member.id, { twoFactorVerified: true, userAgent: "Other device" });
  const documentKey = `credentials/${member.id}/${newId()}`;
  await env.FILES.put(documentKey, MATRIX_DOCUMENT, { httpMetadata: { contentType: "application/pdf" } });
  const credential = await makeCredential(db, member.id, {
    documentKey,
    documentName: "matrix.pdf",
    documentType: "application/pdf",
    documentSize: MATRIX_DOCUMENT.byteLength,
  });
  return { member, otherMember, admin, memberOtherSessionId: second.id, memberCredentialId: credential.id };
}

/** Allowed means the request got past authorization: not a redirect to sign-in, not 401/403, not a 404 hiding someone else's data. */
function wasAllowed(res: Response): boolean {
  if (res.status === 401 || res.status === 403 || res.status === 404) return false;
  const location = res.headers.get("location") ?? "";
  return !(res.status >= 300 && res.status < 400 && location.startsWith("/login"));
}

async function request(row: RouteRow, f: Fixtures, actor: Actor): Promise<Response> {
  const headers = new Headers({ origin: ORIGIN });
  if (actor !== "anonymous") {
    const userId =
      actor === "member" || actor === "otherMember" || actor === "admin" ? f[actor].id : await personaAccount(actor);
    headers.set("cookie", await sessionCookie(db, userId));
  }
  let body: string | undefined;
  if (row.method === "POST") {
    headers.set("content-type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(row.form?.(f) ?? {}).toString();
  }
  return exports.default.fetch(new Request(`${ORIGIN}${row.path(f)}`, { method: row.method, headers, body, redirect: "manual" }));
}

describe("authorization matrix", () => {
  it("lists every route the app registers, and nothing else", () => {
    const registered = createApp()
      .routes.filter((r) => r.method !== "ALL")
      .map((r) => `${r.method} ${r.path}`);
    const listed = TABLE.map((r) => `${r.method} ${r.route}`);
    expect([...new Set(registered)].sort()).toEqual([...new Set(listed)].sort());
  });

  for (const row of TABLE) {
    it(`${row.method} ${row.route} — ${row.rule}`, async () => {
      for (const actor of ACTORS) {
        const f = await makeFixtures();
        await row.prepare?.(f);
        const res = await request(row, f, actor);
        expect({ actor, allowed: wasAllowed(res) }, `status ${res.status} ${res.headers.get("location") ?? ""}`).toEqual({
          actor,
          allowed: row.allowed.includes(actor),
        });
        await res.body?.cancel();
      }
    });
  }

  it("gives an unverified account no permission, even with roles", async () => {
    const admin = await createAccount(db, { memberType: "admin", roles: ["admin"], verified: false });
    await db.update(users).set({ isVerified: false }).where(eq(users.id, admin.id));
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/admin/users`, { headers: { cookie: await sessionCookie(db, admin.id) }, redirect: "manual" }),
    );
    expect(res.status).toBe(403);
  });
});

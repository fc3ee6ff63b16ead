// Member accounts: the searchable list, its CSV, one account's page and profile edits.
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { allow, can, hasAdminRights } from "../../auth/rbac.ts";
import { users } from "../../db/schema/accounts.ts";
import { renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { parseForm, toFieldErrors } from "../../lib/forms.ts";
import { pageParams } from "../../lib/pagination.ts";
import { type FormState, profileValues, UserPage } from "../../../templates/admin/UserPage.tsx";
import { UserResults, UsersPage } from "../../../templates/admin/UsersPage.tsx";
import { changedFields, recordAdminAction } from "./audit.ts";
import { EMPTY_USER_FILTERS, type ProfileInput, profileSchema, queryValues, userFiltersSchema } from "./forms.ts";
import {
  activeSessionCount,
  assignableRoles,
  exportUsers,
  findUser,
  listUsers,
  lockUser,
  recentActionsAbout,
  userRoleGrants,
} from "./queries.ts";
import { accountStatus, toCsv } from "./rules.ts";
import { actor, adminTargetRefusal, type AdminContext, navLinks, notFoundPage, notice, redirectWithNotice } from "./shared.tsx";

export const userRoutes = new Hono<AppEnv>();

const PER_PAGE = 25;

function readFilters(c: AdminContext) {
  const raw = queryValues(c.req.queries());
  const parsed = userFiltersSchema.safeParse(raw);
  if (parsed.success) return { ok: true as const, filters: parsed.data, values: parsed.data, errors: {} };
  const values: Record<keyof typeof EMPTY_USER_FILTERS, string> = { ...EMPTY_USER_FILTERS };
  for (const key of Object.keys(values) as Array<keyof typeof values>) values[key] = (raw[key] ?? "").slice(0, 200);
  return { ok: false as const, values, errors: toFieldErrors(parsed.error.issues) };
}

userRoutes.get("/users", allow.to("read", "users"), async (c) => {
  const read = readFilters(c);
  const { page, perPage, limit, offset } = pageParams({ page: c.req.query("page") }, PER_PAGE);
  const result = read.ok ? await listUsers(c.var.db(), read.filters, { limit, offset }) : { rows: [], total: 0 };
  const props = { filters: read.values, errors: read.errors, rows: result.rows, total: result.total, page, perPage };
  return renderPage(c, {
    title: "Members",
    status: read.ok ? 200 : 422,
    body: <UsersPage {...props} links={navLinks(c)} notice={notice(c)} />,
    partial: <UserResults {...props} />,
  });
});

const CSV_HEADER = [
  "id",
  "email",
  "first_name",
  "last_name",
  "company",
  "title",
  "phone",
  "city",
  "state",
  "zip_code",
  "member_type",
  "verified",
  "status",
  "failed_login_attempts",
  "locked_until",
  "member_since",
  "membership_expires_at",
  "last_sign_in",
  "deactivated_at",
];

userRoutes.get("/users.csv", allow.to("read", "users"), async (c) => {
  const read = readFilters(c);
  if (!read.ok) {
    return c.text(`The filters are not valid: ${Object.values(read.errors).join("; ")}\n`, 422);
  }
  const rows = await exportUsers(c.var.db(), read.filters);
  const csv = toCsv([
    CSV_HEADER,
    ...rows.map((u) => [
      u.id,
      u.email,
      u.firstName,
      u.lastName,
      u.company,
      u.title,
      u.phone,
      u.city,
      u.state,
      u.zipCode,
      u.memberType,
      u.isVerified ? "yes" : "no",
      accountStatus(u),
      u.failedLoginAttempts,
      u.lockedUntil,
      u.memberSince,
      u.membershipExpiresAt,
      u.lastSuccessfulLogin,
      u.deletedAt,
    ]),
  ]);
  const day = new Date().toISOString().slice(0, 10);
  return c.body(csv, 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="members-${day}.csv"`,
  });
});

export interface UserPageState {
  status?: 200 | 403 | 404 | 409 | 422;
  actionError?: string;
  profile?: FormState;
  roleForm?: FormState;
}

/** The account page, also re-rendered (422) when one of its forms fails. */
export async function renderUserPage(c: AdminContext, id: string, state: UserPageState = {}) {
  const db = c.var.db();
  const user = await findUser(db, id);
  if (!user) return notFoundPage(c);
  const me = actor(c);
  const canManageRoles = can(me, "manage", "roles");
  const sessionCount = await activeSessionCount(db, id);
  const grants = await userRoleGrants(db, id);
  const assignable = canManageRoles ? await assignableRoles(db) : [];
  const actions = await recentActionsAbout(db, id);
  return renderPage(c, {
    title: `${user.firstName} ${user.lastName}`,
    status: state.status ?? 200,
    body: (
      <UserPage
        user={user}
        sessionCount={sessionCount}
        grants={grants}
        assignable={assignable}
        actions={actions}
        links={navLinks(c)}
        canManageUsers={can(me, "manage", "users")}
        canManageRoles={canManageRoles}
        isSelf={me.id === user.id}
        notice={state.status ? undefined : notice(c)}
        actionError={state.actionError}
        profile={state.profile}
        roleForm={state.roleForm}
      />
    ),
  });
}

userRoutes.get("/users/:id", allow.to("read", "users"), (c) => renderUserPage(c, c.req.param("id")));

const PROFILE_KEYS = [
  "firstName",
  "lastName",
  "company",
  "title",
  "phone",
  "city",
  "state",
  "zipCode",
  "memberType",
  "membershipExpiresAt",
] as const satisfies ReadonlyArray<keyof ProfileInput>;

userRoutes.post("/users/:id", allow.to("manage", "users"), async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const existing = await findUser(db, id);
  if (!existing) return notFoundPage(c);
  const form = await parseForm(c, profileSchema);
  const keep = (errors: Record<string, string>) => ({ values: { ...profileValues(existing), ...form.values }, errors });
  if (!form.ok) return renderUserPage(c, id, { status: 422, profile: keep(form.errors) });
  const me = actor(c);

  const outcome = await db.transaction(async (tx) => {
    const before = await lockUser(tx, id);
    if (!before) return { kind: "missing" as const };
    const refusal = await adminTargetRefusal(tx, c, before);
    if (refusal) return { kind: "forbidden" as const, message: refusal };
    const wanted: Partial<Record<(typeof PROFILE_KEYS)[number], unknown>> = {};
    for (const key of PROFILE_KEYS) if (form.data[key] !== undefined) wanted[key] = form.data[key];
    if (wanted.memberType !== undefined && wanted.memberType !== before.memberType) {
      // An admin account holds every permission, so only someone who holds them all may make (or unmake) one.
      if (!hasAdminRights(me)) {
        return { kind: "invalid" as const, errors: { memberType: "Only an administrator can change the member type" } };
      }
      if (before.id === me.id) {
        return { kind: "invalid" as const, errors: { memberType: "You cannot change your own member type" } };
      }
    }
    const diff = changedFields(before, wanted);
    const fields = Object.keys(diff.after);
    if (fields.length === 0) return { kind: "unchanged" as const };
    const changes = Object.fromEntries(fields.map((k) => [k, form.data[k as keyof ProfileInput]])) as Partial<typeof users.$inferInsert>;
    await tx
      .update(users)
      .set({ ...changes, updatedById: me.id })
      .where(eq(users.id, id));
    await recordAdminAction(tx, c, {
      action: "USER_UPDATED",
      targetUserId: id,
      details: `Profile updated: ${fields.join(", ")}`,
      before: diff.before,
      after: diff.after,
    });
    return { kind: "saved" as const };
  });

  switch (outcome.kind) {
    case "missing":
      return notFoundPage(c);
    case "forbidden":
      return renderUserPage(c, id, { status: 403, actionError: outcome.message });
    case "invalid":
      return renderUserPage(c, id, { status: 422, profile: keep(outcome.errors) });
    case "unchanged":
      return redirectWithNotice(c, `/admin/users/${id}`, "profile_unchanged");
    case "saved":
      return redirectWithNotice(c, `/admin/users/${id}`, "profile_saved");
  }
});

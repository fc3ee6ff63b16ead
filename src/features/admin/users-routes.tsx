// Member accounts: the searchable list, its CSV, one account's page and profile edits.
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { allow, can, hasAdminRights } from "../../auth/rbac.ts";
import { users } from "../../db/schema/accounts.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { parseForm, readQuery, shownFilters } from "../../lib/forms.ts";
import { type FormState, profileValues, UserPage } from "../../../templates/admin/UserPage.tsx";
import { UserResults, UsersPage } from "../../../templates/admin/UsersPage.tsx";
import { changedFields, recordAdminAction, auditActor } from "../../lib/audit.ts";
import { EMPTY_USER_FILTERS, type ProfileInput, profileSchema, userFiltersSchema } from "./forms.ts";
import { activeSessionCount, assignableRoles, exportUsers, findUser, listUsers, lockUser, recentActionsAbout, userRoleGrants, type AdminUser } from "./queries.ts";
import { accountStatus, adminNotices } from "./rules.ts";
import { adminTargetRefusal } from "./shared.tsx";
import { csvPagedResponse, yesNo, type CsvColumn, refusedCsvFilters } from "../../lib/csv.ts";
import { toPacificDateInput } from "../../lib/time.ts";
import { pageField, pageWindow } from "../../lib/pagination.ts";
import { ID } from "../../db/ids.ts";
import { type AdminContext, navLinks } from "../../http/admin.ts";
import { bulkNotices, bulkRoutes } from "../admin-members-bulk/bulk-routes.tsx";
import { memberImportRoutes } from "../admin-members-bulk/import-routes.tsx";

export const userRoutes = new Hono<AppEnv>();

const PER_PAGE = 25;

const USER_LIST_QUERY = userFiltersSchema.extend({ page: pageField() });

userRoutes.get("/users", allow.to("read", "users"), async (c) => {
  const query = readQuery(c, USER_LIST_QUERY);
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const result = query.ok ? await listUsers(c.var.db(), query.data, c.var.config.DUES_GRACE_DAYS, { limit, offset }) : { rows: [], total: 0 };
  const canManage = can(c.var.signedIn.user, "manage", "users");
  const props = { filters: shownFilters(query, EMPTY_USER_FILTERS), errors: query.errors, rows: result.rows, total: result.total, page, perPage, canManage };
  return renderPage(c, {
    title: "Members",
    status: query.ok ? 200 : 422,
    body: <UsersPage {...props} links={navLinks(c)} notice={adminNotices.read(c) ?? bulkNotices.read(c)} />,
    partial: <UserResults {...props} />,
  });
});

const USER_COLUMNS: ReadonlyArray<CsvColumn<AdminUser>> = [
  ["id", (u) => u.id],
  ["email", (u) => u.email],
  ["first_name", (u) => u.firstName],
  ["last_name", (u) => u.lastName],
  ["company", (u) => u.company],
  ["title", (u) => u.title],
  ["phone", (u) => u.phone],
  ["city", (u) => u.city],
  ["state", (u) => u.state],
  ["zip_code", (u) => u.zipCode],
  ["member_type", (u) => u.memberType],
  ["verified", (u) => yesNo(u.isVerified)],
  ["status", (u) => accountStatus(u)],
  ["failed_login_attempts", (u) => u.failedLoginAttempts],
  ["locked_until", (u) => u.lockedUntil],
  ["member_since", (u) => u.memberSince],
  ["membership_expires_at", (u) => u.membershipExpiresAt],
  ["last_sign_in", (u) => u.lastSuccessfulLogin],
  ["deactivated_at", (u) => u.deletedAt],
];

userRoutes.get("/users.csv", allow.to("read", "users"), async (c) => {
  const query = readQuery(c, userFiltersSchema);
  if (!query.ok) return refusedCsvFilters(c, query.errors);
  const db = c.var.db();
  const filters = query.data;
  return csvPagedResponse(c, `members-${toPacificDateInput(new Date())}.csv`, USER_COLUMNS, (page) => exportUsers(db, filters, c.var.config.DUES_GRACE_DAYS, page));
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
  if (!user) return renderNotFound(c);
  const me = c.var.signedIn.user;
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
        notice={state.status ? undefined : adminNotices.read(c)}
        actionError={state.actionError}
        profile={state.profile}
        roleForm={state.roleForm}
      />
    ),
  });
}

userRoutes.get(`/users/${ID}`, allow.to("read", "users"), (c) => renderUserPage(c, c.req.param("id")));

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

userRoutes.post(`/users/${ID}`, allow.to("manage", "users"), async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const existing = await findUser(db, id);
  if (!existing) return renderNotFound(c);
  const form = await parseForm(c, profileSchema);
  const keep = (errors: Record<string, string>) => ({ values: { ...profileValues(existing), ...form.values }, errors });
  if (!form.ok) return renderUserPage(c, id, { status: 422, profile: keep(form.errors) });
  const me = c.var.signedIn.user;

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
    await recordAdminAction(tx, auditActor(c), {
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
      return renderNotFound(c);
    case "forbidden":
      return renderUserPage(c, id, { status: 403, actionError: outcome.message });
    case "invalid":
      return renderUserPage(c, id, { status: 422, profile: keep(outcome.errors) });
    case "unchanged":
      return adminNotices.redirect(c, `/admin/users/${id}`, "profile_unchanged");
    case "saved":
      return adminNotices.redirect(c, `/admin/users/${id}`, "profile_saved");
  }
});

// Import from CSV and bulk actions on the filtered list (src/features/admin-members-bulk/).
userRoutes.route("/", memberImportRoutes);
userRoutes.route("/", bulkRoutes);

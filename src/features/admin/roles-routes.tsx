// Roles and the permissions they grant. System roles are defined in code
// (src/auth/permissions.ts) and re-synced after migrations, so their grants are
// read-only here; custom roles are the chapter's to shape.
import { and, eq, inArray } from "drizzle-orm";
import { Hono } from "hono";
import { allow, holdsPermission } from "../../auth/rbac.ts";
import { rolePermissions, roles } from "../../db/schema/accounts.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { parseForm } from "../../lib/forms.ts";
import { RolePage, RolesPage } from "../../../templates/admin/RolesPage.tsx";
import { recordAdminAction, auditActor } from "../../lib/audit.ts";
import { createRoleSchema, rolePermissionsSchema } from "./forms.ts";
import { allPermissions, findRole, listRoles, roleByName, rolePermissionNames } from "./queries.ts";
import { adminNotices } from "./rules.ts";
import { ID } from "../../db/ids.ts";
import { beyondOwnRights } from "./shared.tsx";
import { type AdminContext, navLinks } from "../../http/admin.ts";
import { sqlStateOf, UNIQUE_VIOLATION } from "../../db/sqlstate.ts";
import { csvResponse, yesNo, type CsvColumn } from "../../lib/csv.ts";
import type { RoleSummary } from "./queries.ts";

export const roleRoutes = new Hono<AppEnv>();

async function renderRoles(c: AdminContext, form: { values: Record<string, string>; errors: Record<string, string> }, status: 200 | 422 = 200) {
  const list = await listRoles(c.var.db());
  return renderPage(c, {
    title: "Roles",
    status,
    body: <RolesPage roles={list} links={navLinks(c)} notice={status === 200 ? adminNotices.read(c) : undefined} values={form.values} errors={form.errors} />,
  });
}

roleRoutes.get("/roles", allow.to("manage", "roles"), (c) => renderRoles(c, { values: {}, errors: {} }));

const ROLE_COLUMNS: ReadonlyArray<CsvColumn<RoleSummary>> = [
  ["id", (r) => r.id],
  ["name", (r) => r.name],
  ["description", (r) => r.description],
  ["system_role", (r) => yesNo(r.isSystemRole)],
  ["active", (r) => yesNo(r.isActive)],
  ["members", (r) => r.members],
  ["permissions", (r) => r.permissions],
];

roleRoutes.get("/roles.csv", allow.to("manage", "roles"), async (c) => csvResponse(c, "roles.csv", ROLE_COLUMNS, await listRoles(c.var.db())));


roleRoutes.post("/roles", allow.to("manage", "roles"), async (c) => {
  const form = await parseForm(c, createRoleSchema);
  if (!form.ok) return renderRoles(c, form, 422);
  const { name, description } = form.data;
  const db = c.var.db();
  const taken = { values: form.values, errors: { name: "A role with this name already exists" } };
  if (await roleByName(db, name)) return renderRoles(c, taken, 422);
  let roleId: string;
  try {
    roleId = await db.transaction(async (tx) => {
      const [role] = await tx.insert(roles).values({ name, description, isSystemRole: false }).returning({ id: roles.id });
      await recordAdminAction(tx, auditActor(c), {
        action: "ROLE_CREATED",
        details: `Role ${name} created`,
        before: undefined,
        after: { name, description, permissions: [] },
        extra: { roleId: role!.id },
      });
      return role!.id;
    });
  } catch (err) {
    // Two admins creating the same name at once: the unique index decides.
    if (sqlStateOf(err) === UNIQUE_VIOLATION) return renderRoles(c, taken, 422);
    throw err;
  }
  return adminNotices.redirect(c, `/admin/roles/${roleId}`, "role_created");
});

async function renderRole(c: AdminContext, id: string, opts: { status?: 200 | 403 | 409 | 422; actionError?: string; granted?: string[] } = {}) {
  const db = c.var.db();
  const role = await findRole(db, id);
  if (!role) return renderNotFound(c);
  const [perms, granted] = [await allPermissions(db), opts.granted ?? (await rolePermissionNames(db, id))];
  return renderPage(c, {
    title: `Role ${role.name}`,
    status: opts.status ?? 200,
    body: (
      <RolePage
        role={role}
        permissions={perms}
        granted={new Set(granted)}
        links={navLinks(c)}
        notice={opts.status ? undefined : adminNotices.read(c)}
        actionError={opts.actionError}
      />
    ),
  });
}

roleRoutes.get(`/roles/${ID}`, allow.to("manage", "roles"), (c) => renderRole(c, c.req.param("id")));

roleRoutes.post(`/roles/${ID}/permissions`, allow.to("manage", "roles"), async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const role = await findRole(db, id);
  if (!role) return renderNotFound(c);
  if (role.isSystemRole) {
    return renderRole(c, id, {
      status: 409,
      actionError: `${role.name} is a system role: its permissions are fixed by the portal. Create a custom role instead.`,
    });
  }
  const form = await parseForm(c, rolePermissionsSchema);
  if (!form.ok) return renderRole(c, id, { status: 422, actionError: "Choose permissions from the list." });
  const wanted = form.data.permission;
  const me = c.var.signedIn.user;

  const outcome = await db.transaction(async (tx) => {
    // Lock the role so two admins' edits apply one after the other, each diffing what the other left.
    const [locked] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.id, id)).for("update");
    if (!locked) return { kind: "missing" as const };
    const catalogue = await allPermissions(tx);
    const idByName = new Map(catalogue.map((p) => [p.name, p.id]));
    if (wanted.some((n) => !idByName.has(n))) return { kind: "unknown" as const };
    const before = await rolePermissionNames(tx, id);
    const add = wanted.filter((n) => !before.includes(n));
    const remove = before.filter((n) => !wanted.includes(n));
    if (add.length === 0 && remove.length === 0) return { kind: "unchanged" as const };
    // The same rule as granting a role: a permission is only passed on by someone who holds it.
    const beyond = add.filter((n) => !holdsPermission(me, n));
    if (beyond.length > 0) return { kind: "forbidden" as const, message: beyondOwnRights(role.name, beyond) };
    if (add.length > 0) {
      await tx
        .insert(rolePermissions)
        .values(add.map((n) => ({ roleId: id, permissionId: idByName.get(n)!, grantedBy: me.id })))
        .onConflictDoNothing();
    }
    if (remove.length > 0) {
      await tx
        .delete(rolePermissions)
        .where(and(eq(rolePermissions.roleId, id), inArray(rolePermissions.permissionId, remove.map((n) => idByName.get(n)!))));
    }
    await recordAdminAction(tx, auditActor(c), {
      action: "ROLE_UPDATED",
      details: `Permissions of role ${role.name} set: ${add.length} added, ${remove.length} removed`,
      before: { permissions: before },
      after: { permissions: wanted },
      extra: { roleId: id, roleName: role.name, added: add, removed: remove },
    });
    return { kind: "saved" as const };
  });

  switch (outcome.kind) {
    case "missing":
      return renderNotFound(c);
    case "forbidden":
      return renderRole(c, id, { status: 403, actionError: outcome.message, granted: wanted });
    case "unknown":
      return renderRole(c, id, { status: 422, actionError: "Choose permissions from the list.", granted: wanted });
    case "unchanged":
      return adminNotices.redirect(c, `/admin/roles/${id}`, "permissions_unchanged");
    case "saved":
      return adminNotices.redirect(c, `/admin/roles/${id}`, "permissions_saved");
  }
});

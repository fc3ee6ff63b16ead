import type { PermissionRow, RoleSummary } from "../../src/features/admin/queries.ts";
import { ErrorSummary, Field } from "../components/Field.tsx";
import { ActionError, AdminNav, type AdminNavLinks, Notice } from "./parts.tsx";

export function RolesPage(props: {
  roles: RoleSummary[];
  links: AdminNavLinks;
  notice?: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  return (
    <>
      <h1>Roles</h1>
      <AdminNav current="/admin/roles" links={props.links} />
      <Notice message={props.notice} />
      <div class="table-wrap" tabindex={0} role="region" aria-label="Roles table">
        <table>
          <caption>Every role, with the members it counts for now and the permissions it grants</caption>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Description</th>
              <th scope="col">Kind</th>
              <th scope="col">Members</th>
              <th scope="col">Permissions</th>
            </tr>
          </thead>
          <tbody>
            {props.roles.map((r) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/roles/${r.id}`}>{r.name}</a>
                </th>
                <td>{r.description}</td>
                <td>
                  {r.isSystemRole ? "System" : "Custom"}
                  {r.isActive ? "" : " (switched off)"}
                </td>
                <td>{r.members}</td>
                <td>{r.permissions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href="/admin/roles.csv" download>
          Download the roles as CSV
        </a>
      </p>

      <form method="post" action="/admin/roles" class="card" novalidate>
        <h2>Create a role</h2>
        <ErrorSummary errors={props.errors} />
        <Field name="name" label="Name" value={props.values.name} error={props.errors.name} required minlength={2} maxlength={60} hint="2 to 60 characters, unique." />
        <Field name="description" label="Description" value={props.values.description} error={props.errors.description} maxlength={300} />
        <button type="submit">Create role</button>
      </form>
    </>
  );
}

export function RolePage(props: {
  role: { id: string; name: string; description: string; isSystemRole: boolean };
  permissions: PermissionRow[];
  granted: ReadonlySet<string>;
  links: AdminNavLinks;
  notice?: string;
  actionError?: string;
}) {
  const { role } = props;
  const byResource = new Map<string, PermissionRow[]>();
  for (const p of props.permissions) byResource.set(p.resource, [...(byResource.get(p.resource) ?? []), p]);
  const locked = role.isSystemRole;
  return (
    <>
      <h1>Role: {role.name}</h1>
      <AdminNav current="/admin/roles" links={props.links} />
      <p>
        <a href="/admin/roles">Back to all roles</a>
      </p>
      <Notice message={props.notice} />
      <ActionError message={props.actionError} />
      <p>{role.description}</p>
      {locked && (
        <p class="notice">
          This is a system role: its permissions are fixed by the portal and cannot be changed here. Create a custom role for a
          different set.
        </p>
      )}
      <form method="post" action={`/admin/roles/${role.id}/permissions`}>
        {[...byResource.entries()].map(([resource, perms]) => (
          <fieldset disabled={locked}>
            <legend>{resource}</legend>
            {perms.map((p) => (
              <div class="field">
                <label>
                  <input
                    type="checkbox"
                    name="permission"
                    value={p.name}
                    checked={props.granted.has(p.name)}
                    aria-describedby={`perm-${p.resource}-${p.action}`}
                  />{" "}
                  {p.name}
                </label>
                <p class="hint" id={`perm-${p.resource}-${p.action}`}>
                  {p.description}
                </p>
              </div>
            ))}
          </fieldset>
        ))}
        {!locked && <button type="submit">Save permissions of {role.name}</button>}
      </form>
    </>
  );
}

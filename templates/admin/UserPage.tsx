import type { AdminUser, AuditRow, RoleGrant } from "../../src/features/admin/queries.ts";
import { accountStatus } from "../../src/features/admin/rules.ts";
import { toPacificDateInput } from "../../src/lib/time.ts";
import { ErrorSummary, Field, SelectField } from "../components/Field.tsx";
import { ActionButton, ActionError, AdminNav, type AdminNavLinks, fullName, Notice } from "./parts.tsx";
import { formatDateTime } from "../../src/lib/time.ts";

export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

export interface UserPageProps {
  user: AdminUser;
  sessionCount: number;
  grants: RoleGrant[];
  assignable: Array<{ id: string; name: string }>;
  actions: AuditRow[];
  links: AdminNavLinks;
  canManageUsers: boolean;
  canManageRoles: boolean;
  isSelf: boolean;
  notice?: string;
  actionError?: string;
  profile?: FormState;
  roleForm?: FormState;
}

export function profileValues(u: AdminUser): Record<string, string> {
  return {
    firstName: u.firstName,
    lastName: u.lastName,
    company: u.company ?? "",
    title: u.title ?? "",
    phone: u.phone ?? "",
    city: u.city ?? "",
    state: u.state ?? "",
    zipCode: u.zipCode ?? "",
    memberType: u.memberType,
    membershipExpiresAt: toPacificDateInput(u.membershipExpiresAt),
  };
}

function grantState(g: RoleGrant, now: Date): string {
  if (!g.isActive) return "Revoked";
  if (!g.roleActive) return "Role switched off";
  if (g.expiresAt && g.expiresAt <= now) return "Expired";
  return "In effect";
}

export function UserPage(props: UserPageProps) {
  const u = props.user;
  const name = fullName(u);
  const status = accountStatus(u);
  const now = new Date();
  const profile = props.profile ?? { values: profileValues(u), errors: {} };
  const roleForm = props.roleForm ?? { values: {}, errors: {} };
  const base = `/admin/users/${u.id}`;
  return (
    <>
      <h1>{name}</h1>
      <AdminNav current="/admin/users" links={props.links} />
      <p>
        <a href="/admin/users">Back to all members</a>
      </p>
      <Notice message={props.notice} />
      <ActionError message={props.actionError} />

      <section aria-labelledby="h-account" class="card">
        <h2 id="h-account">Account</h2>
        <dl>
          <dt>Email</dt>
          <dd>{u.email}</dd>
          <dt>Status</dt>
          <dd>
            {status === "deactivated"
              ? `Deactivated ${formatDateTime(u.deletedAt)}`
              : status === "locked"
                ? `Locked until ${formatDateTime(u.lockedUntil)}`
                : "Active"}
          </dd>
          <dt>Email verified</dt>
          <dd>{u.isVerified ? "Yes" : "No"}</dd>
          <dt>Failed sign-in attempts</dt>
          <dd>
            {u.failedLoginAttempts} (last {formatDateTime(u.lastFailedLogin)})
          </dd>
          <dt>Last signed in</dt>
          <dd>{formatDateTime(u.lastSuccessfulLogin)}</dd>
          <dt>Two-factor sign-in</dt>
          <dd>{u.twoFactorEnabled ? "On" : "Off"}</dd>
          <dt>Signed-in sessions</dt>
          <dd>{props.sessionCount}</dd>
          <dt>Member since</dt>
          <dd>{formatDateTime(u.memberSince)}</dd>
        </dl>
      </section>

      {props.canManageUsers && (
        <section aria-labelledby="h-actions">
          <h2 id="h-actions">Account actions</h2>
          <div class="grid">
            {!u.isVerified && <ActionButton action={`${base}/verify`} label={`Mark ${name}’s email as verified`} />}
            {(status === "locked" || u.failedLoginAttempts > 0) && (
              <ActionButton action={`${base}/unlock`} label={`Unlock ${name} and clear failed attempts`} />
            )}
            {status !== "deactivated" && (
              <ActionButton
                action={`${base}/force-password-reset`}
                label={`Sign ${name} out everywhere and email a password reset link`}
                secondary
              />
            )}
            {status === "deactivated" && <ActionButton action={`${base}/reactivate`} label={`Reactivate ${name}`} />}
            {status !== "deactivated" && !props.isSelf && (
              <form method="post" action={`${base}/deactivate`} class="card">
                <div class="field">
                  <label>
                    <input type="checkbox" id="f-confirm" name="confirm" value="yes" required /> I understand {name} will be signed
                    out and cannot sign in until reactivated
                  </label>
                </div>
                <button type="submit" class="secondary">
                  Deactivate {name}
                </button>
              </form>
            )}
          </div>
        </section>
      )}

      <section aria-labelledby="h-profile">
        <h2 id="h-profile">Profile</h2>
        {props.canManageUsers ? (
          <form method="post" action={base} novalidate>
            <ErrorSummary errors={profile.errors} />
            <div class="grid">
              <Field name="firstName" label="First name" value={profile.values.firstName} error={profile.errors.firstName} required maxlength={60} />
              <Field name="lastName" label="Last name" value={profile.values.lastName} error={profile.errors.lastName} required maxlength={60} />
              <Field name="company" label="Company" value={profile.values.company} error={profile.errors.company} maxlength={120} />
              <Field name="title" label="Title" value={profile.values.title} error={profile.errors.title} maxlength={120} />
              <Field name="phone" label="Phone" type="tel" value={profile.values.phone} error={profile.errors.phone} maxlength={30} />
              <Field name="city" label="City" value={profile.values.city} error={profile.errors.city} maxlength={80} />
              <Field name="state" label="State" value={profile.values.state} error={profile.errors.state} maxlength={2} hint="Two letters, e.g. CA" />
              <Field name="zipCode" label="ZIP code" value={profile.values.zipCode} error={profile.errors.zipCode} maxlength={10} inputmode="numeric" />
              <SelectField
                name="memberType"
                label="Member type"
                value={profile.values.memberType ?? u.memberType}
                error={profile.errors.memberType}
                hint="Admin holds every permission. Only an administrator can change it."
                options={[
                  ["REGULAR", "Regular member"],
                  ["admin", "Admin"],
                ]}
              />
              <Field
                name="membershipExpiresAt"
                label="Membership expires"
                type="date"
                value={profile.values.membershipExpiresAt}
                error={profile.errors.membershipExpiresAt}
                hint="Leave empty for no expiry."
              />
            </div>
            <button type="submit">Save profile of {name}</button>
          </form>
        ) : (
          <p>
            {[u.company, u.title, u.city, u.state].filter(Boolean).join(" · ") || "No profile details."} Member type: {u.memberType}.
          </p>
        )}
      </section>

      <section aria-labelledby="h-roles">
        <h2 id="h-roles">Roles</h2>
        {props.grants.length === 0 ? (
          <p>No roles assigned.</p>
        ) : (
          <div class="table-wrap" tabindex={0} role="region" aria-label="Roles table">
            <table>
              <caption>Roles of {name}</caption>
              <thead>
                <tr>
                  <th scope="col">Role</th>
                  <th scope="col">Assigned</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Active flag</th>
                  <th scope="col">State</th>
                  {props.canManageRoles && <th scope="col">Action</th>}
                </tr>
              </thead>
              <tbody>
                {props.grants.map((g) => (
                  <tr>
                    <th scope="row">{g.name}</th>
                    <td>
                      {formatDateTime(g.assignedAt)}
                      {g.assignedBy ? ` by ${g.assignedBy}` : ""}
                    </td>
                    <td>{g.expiresAt ? formatDateTime(g.expiresAt) : "Never"}</td>
                    <td>{g.isActive ? "Active" : "Inactive"}</td>
                    <td>{grantState(g, now)}</td>
                    {props.canManageRoles && (
                      <td>
                        {g.isActive ? (
                          <ActionButton action={`${base}/roles/${g.roleId}/revoke`} label={`Revoke ${g.name} from ${name}`} secondary />
                        ) : (
                          "—"
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {props.canManageRoles && (
          <form method="post" action={`${base}/roles`} class="card" novalidate>
            <h3>Assign a role</h3>
            <ErrorSummary errors={roleForm.errors} />
            <SelectField
              name="roleId"
              label="Role"
              value={roleForm.values.roleId ?? ""}
              error={roleForm.errors.roleId}
              required
              options={[["", "Choose a role"], ...props.assignable.map((r) => [r.id, r.name] as const)]}
            />
            <Field
              name="expiresAt"
              label="Expires on (optional)"
              type="date"
              value={roleForm.values.expiresAt}
              error={roleForm.errors.expiresAt}
              hint="The role stops counting at the start of this day (Pacific time). Leave empty to keep it until revoked."
            />
            <button type="submit">Assign role to {name}</button>
          </form>
        )}
      </section>

      <section aria-labelledby="h-history">
        <h2 id="h-history">Recent admin actions about {name}</h2>
        {props.actions.length === 0 ? (
          <p>No admin has changed this account yet.</p>
        ) : (
          <div class="table-wrap" tabindex={0} role="region" aria-label="Recent admin actions table">
            <table>
              <caption>Latest {props.actions.length} admin actions</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">By</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {props.actions.map((a) => (
                  <tr>
                    <td>{formatDateTime(a.createdAt)}</td>
                    <td>{a.action}</td>
                    <td>{a.actorName ?? "—"}</td>
                    <td>{a.details ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {props.links.audit && (
          <p>
            <a href={`/admin/audit?target=${u.id}`}>Full audit trail for {name}</a>
          </p>
        )}
      </section>
    </>
  );
}

import type { AdminUser } from "../../src/features/admin/queries.ts";
import { accountStatus } from "../../src/features/admin/rules.ts";
import { ErrorSummary, Field, SelectField } from "../components/Field.tsx";
import { Pager } from "../components/Pager.tsx";
import { AdminNav, type AdminNavLinks, fullName, Notice } from "./parts.tsx";
import { FilterForm } from "../components/FilterForm.tsx";
import { formatDate } from "../../src/lib/time.ts";
import { MEMBER_TYPE_FILTER, MEMBERSHIP_FILTER, USER_FILTER_KEYS, USER_STATUS_FILTER, VERIFIED_FILTER } from "../../src/features/admin/forms.ts";

export type UserFilterValues = Record<(typeof USER_FILTER_KEYS)[number], string>;

export interface UserResultsProps {
  filters: UserFilterValues;
  errors: Record<string, string>;
  rows: AdminUser[];
  total: number;
  page: number;
  perPage: number;
  /** users:manage: the import and the bulk actions are offered. */
  canManage?: boolean;
}

const STATUS_LABEL = { active: "Active", locked: "Locked", deactivated: "Deactivated" } as const;

function filterQuery(f: UserFilterValues): Record<string, string> {
  return Object.fromEntries(USER_FILTER_KEYS.map((k) => [k, f[k]]));
}

/** The table and pager: the part the filter form swaps with htmx. */
export function UserResults(props: UserResultsProps) {
  const hasErrors = Object.keys(props.errors).length > 0;
  const qs = new URLSearchParams(Object.entries(filterQuery(props.filters)).filter(([, v]) => v)).toString();
  return (
    <div id="user-results">
      {hasErrors ? (
        <p class="notice bad" role="alert">
          The filters above need fixing before the list can be shown.
        </p>
      ) : props.rows.length === 0 ? (
        <p class="notice" role="status">
          No accounts match these filters. Try fewer words or another status.
        </p>
      ) : (
        <>
          <div class="table-wrap" tabindex={0} role="region" aria-label="Members table">
            <table>
              <caption>
                Member accounts, page {props.page} ({props.total} {props.total === 1 ? "match" : "matches"})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Company</th>
                  <th scope="col">Type</th>
                  <th scope="col">Verified</th>
                  <th scope="col">Status</th>
                  <th scope="col">Member since</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((u) => (
                  <tr>
                    <th scope="row">
                      <a href={`/admin/users/${u.id}`}>{fullName(u)}</a>
                    </th>
                    <td>{u.email}</td>
                    <td>{u.company ?? "—"}</td>
                    <td>{u.memberType}</td>
                    <td>{u.isVerified ? "Yes" : "No"}</td>
                    <td>{STATUS_LABEL[accountStatus(u)]}</td>
                    <td>{formatDate(u.memberSince)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl="/admin/users" query={filterQuery(props.filters)} />
        </>
      )}
      {!hasErrors && (
        <p>
          <a href={`/admin/users.csv${qs ? `?${qs}` : ""}`} download>
            Download all matching accounts as CSV
          </a>
          {props.canManage && props.total > 0 && (
            <>
              {" · "}
              <a href={`/admin/users/bulk${qs ? `?${qs}` : ""}`}>
                Bulk actions on these {props.total} {props.total === 1 ? "member" : "members"} (email, role, membership)
              </a>
            </>
          )}
        </p>
      )}
    </div>
  );
}

export function UsersPage(props: UserResultsProps & { links: AdminNavLinks; notice?: string }) {
  const f = props.filters;
  return (
    <>
      <h1>Members</h1>
      <AdminNav current="/admin/users" links={props.links} />
      <Notice message={props.notice} />
      {props.canManage && (
        <p>
          <a href="/admin/users/import">Import members from a CSV file</a>
        </p>
      )}
      <ErrorSummary errors={props.errors} />
      <FilterForm action="/admin/users" label="Filter members" resultsId="user-results">
        <div class="grid">
          <Field name="q" label="Name, email or company" type="search" value={f.q} error={props.errors.q} maxlength={100} />
          <SelectField
            name="type"
            label="Member type"
            value={f.type}
            error={props.errors.type}
            options={MEMBER_TYPE_FILTER.options}
          />
          <SelectField
            name="status"
            label="Status"
            value={f.status}
            error={props.errors.status}
            options={USER_STATUS_FILTER.options}
          />
          <SelectField
            name="verified"
            label="Email verified"
            value={f.verified}
            error={props.errors.verified}
            options={VERIFIED_FILTER.options}
          />
          <SelectField
            name="membership"
            label="Membership"
            value={f.membership}
            error={props.errors.membership}
            options={MEMBERSHIP_FILTER.options}
          />
          <Field
            name="dueDays"
            label="Renewal due within (days)"
            hint="With “Renewal due”; 30 when empty"
            inputmode="numeric"
            pattern="[0-9]{1,3}"
            maxlength={3}
            value={f.dueDays}
            error={props.errors.dueDays}
          />
          <Field name="joined" label="Joined on or after" type="date" value={f.joined} error={props.errors.joined} />
        </div>
        <button type="submit">Show matching members</button>
      </FilterForm>
      <UserResults {...props} />
    </>
  );
}

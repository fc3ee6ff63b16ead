// Bulk actions on the filtered member list: choosing the action (with the set in words and
// its size), then the confirmation that says how many members it touches; plain forms.
import { MAX_EXTEND_MONTHS } from "../../src/features/admin-members-bulk/rules.ts";
import { USER_FILTER_KEYS, type UserFilters } from "../../src/features/admin/forms.ts";
import { renderMarkdown } from "../../src/lib/markdown.ts";
import { raw } from "hono/html";
import { ActionError, AdminNav, type AdminNavLinks } from "../admin/parts.tsx";
import { ErrorSummary, Field, SelectField, TextArea } from "../components/Field.tsx";

function FilterInputs(props: { filters: UserFilters }) {
  return (
    <>
      {USER_FILTER_KEYS.map((k) => (
        <input type="hidden" name={k} value={props.filters[k]} />
      ))}
    </>
  );
}

function Segment(props: { filterWords: string; count: number }) {
  return (
    <p>
      <strong>
        {props.count} {props.count === 1 ? "member" : "members"}
      </strong>{" "}
      match the filters: {props.filterWords}.
    </p>
  );
}

export interface BulkChooseProps {
  links: AdminNavLinks;
  filters: UserFilters;
  listQuery: string;
  filterWords: string;
  count: number;
  roles: Array<{ id: string; name: string }>;
  canManageRoles: boolean;
  /** The form that was sent and refused, with its values and errors. */
  values?: Record<string, string>;
  errors?: Record<string, string>;
  error?: string;
}

export function BulkChoosePage(props: BulkChooseProps) {
  const v = props.values ?? {};
  const e = props.errors ?? {};
  const sent = v.action ?? "";
  const errorsOf = (actions: string[]) => (actions.includes(sent) ? e : {});
  const back = `/admin/users${props.listQuery ? `?${props.listQuery}` : ""}`;
  return (
    <>
      <h1>Bulk actions on members</h1>
      <AdminNav current="/admin/users" links={props.links} />
      <Segment filterWords={props.filterWords} count={props.count} />
      <p>
        Each action asks you to confirm with the exact number of members it will touch before anything happens. <a href={back}>Change the filters</a>
      </p>
      <ActionError message={props.error} />
      <ErrorSummary errors={e} />

      <section aria-labelledby="bulk-email">
        <h2 id="bulk-email">Email these members</h2>
        <p>
          Sent through the outbox as a chapter announcement: members who turned announcement emails off, and deactivated accounts, do not get it. Each
          email carries a one-click unsubscribe link.
        </p>
        <form method="post" action="/admin/users/bulk">
          <FilterInputs filters={props.filters} />
          <input type="hidden" name="action" value="email" />
          <Field name="subject" label="Subject" value={sent === "email" ? v.subject : ""} error={errorsOf(["email"]).subject} required maxlength={150} />
          <TextArea
            name="body"
            label="Message"
            value={sent === "email" ? v.body : ""}
            error={errorsOf(["email"]).body}
            rows={8}
            required
            maxlength={20000}
            hint="Paragraphs, **bold**, *emphasis*, [links](https://…) and lists with - are kept; everything else is sent as written."
          />
          <button type="submit">Review the email</button>
        </form>
      </section>

      {props.canManageRoles && (
        <section aria-labelledby="bulk-role">
          <h2 id="bulk-role">Grant or remove a role</h2>
          <form method="post" action="/admin/users/bulk">
            <FilterInputs filters={props.filters} />
            <SelectField
              name="action"
              label="What to do"
              value={sent === "removeRole" ? "removeRole" : "grantRole"}
              options={[
                ["grantRole", "Grant the role"],
                ["removeRole", "Remove the role"],
              ]}
            />
            <SelectField
              name="roleId"
              label="Role"
              value={v.roleId ?? ""}
              error={errorsOf(["grantRole", "removeRole"]).roleId}
              options={[["", "Choose a role"], ...props.roles.map((r) => [r.id, r.name] as const)]}
            />
            <button type="submit">Review the role change</button>
          </form>
        </section>
      )}

      <section aria-labelledby="bulk-extend">
        <h2 id="bulk-extend">Extend memberships</h2>
        <form method="post" action="/admin/users/bulk">
          <FilterInputs filters={props.filters} />
          <input type="hidden" name="action" value="extend" />
          <fieldset>
            <legend>Extend</legend>
            <p>
              <input type="radio" id="f-extendBy-months" name="extendBy" value="months" checked={sent !== "extend" || v.extendBy !== "date"} />{" "}
              <label for="f-extendBy-months">by a number of months (from the current expiry, or from today when it has passed)</label>
            </p>
            <p>
              <input type="radio" id="f-extendBy-date" name="extendBy" value="date" checked={sent === "extend" && v.extendBy === "date"} />{" "}
              <label for="f-extendBy-date">to a date (memberships running later are left as they are)</label>
            </p>
          </fieldset>
          <Field
            name="months"
            label="Months"
            type="number"
            inputmode="numeric"
            value={sent === "extend" ? v.months : "12"}
            error={errorsOf(["extend"]).months}
            hint={`1 to ${MAX_EXTEND_MONTHS}; used when extending by months.`}
          />
          <Field name="until" label="New expiry date" type="date" value={sent === "extend" ? v.until : ""} error={errorsOf(["extend"]).until} hint="Used when extending to a date." />
          <button type="submit">Review the extension</button>
        </form>
      </section>
    </>
  );
}

export interface BulkConfirmProps {
  links: AdminNavLinks;
  filters: UserFilters;
  filterWords: string;
  listQuery: string;
  count: number;
  fingerprint: string;
  nonce: string;
  summary: string;
  refusal: string | null;
  recipients?: number;
  actionFields: Record<string, string>;
  /** The email's body, shown as members will read it on the portal. */
  emailBody?: string;
  /** The set changed since the admin last looked: these are the fresh figures. */
  changed?: boolean;
}

export function BulkConfirmPage(props: BulkConfirmProps) {
  const back = `/admin/users/bulk${props.listQuery ? `?${props.listQuery}` : ""}`;
  const plural = (n: number) => `${n} ${n === 1 ? "member" : "members"}`;
  return (
    <>
      <h1>Confirm the bulk action</h1>
      <AdminNav current="/admin/users" links={props.links} />
      {props.changed && (
        <div class="notice bad" role="alert">
          <p>
            <strong>Nothing was changed:</strong> the members matching the filters changed since you looked (someone joined, left or was edited). Here is
            the set as it is now; confirm again if it is still right.
          </p>
        </div>
      )}
      <p>
        You are about to <strong>{props.summary}</strong> for <strong>{plural(props.count)}</strong>: {props.filterWords}.
      </p>
      {props.recipients !== undefined && (
        <p>
          <strong>{plural(props.recipients)}</strong> will get the email; {props.count - props.recipients} turned announcement emails off or have a
          deactivated account.
        </p>
      )}
      {props.emailBody !== undefined && (
        <section aria-labelledby="email-preview">
          <h2 id="email-preview">The message</h2>
          <p>
            <strong>Subject:</strong> {props.actionFields.subject}
          </p>
          <div class="prose">{raw(renderMarkdown(props.emailBody))}</div>
        </section>
      )}
      {props.refusal ? (
        <ActionError message={props.refusal} />
      ) : (
        <form method="post" action="/admin/users/bulk/apply">
          <FilterInputs filters={props.filters} />
          {Object.entries(props.actionFields).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <input type="hidden" name="count" value={String(props.count)} />
          <input type="hidden" name="fingerprint" value={props.fingerprint} />
          <input type="hidden" name="nonce" value={props.nonce} />
          <button type="submit">
            Yes, {props.summary} for {plural(props.count)}
          </button>
        </form>
      )}
      <p>
        <a href={back}>Back without doing anything</a>
      </p>
    </>
  );
}

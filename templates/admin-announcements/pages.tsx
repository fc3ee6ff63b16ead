import type { AdminAnnouncementRow, GroupOption } from "../../src/features/announcements/queries.ts";
import { formatDateTime } from "../../src/lib/time.ts";
import { AdminNav, Notice, type AdminNavLinks } from "../admin/parts.tsx";
import { Pager } from "../components/Pager.tsx";

export const AUDIENCES = {
  ALL: "Everyone",
  REGULAR: "Regular members",
  ADMIN: "Admins",
  SPECIFIC_GROUPS: "Chosen groups (below)",
} as const;

function stateOf(r: AdminAnnouncementRow, now: Date): string {
  if (r.sentAt > now) return `Scheduled for ${formatDateTime(r.sentAt)}`;
  if (r.expiresAt && r.expiresAt <= now) return "Expired";
  return "Published";
}

export function AdminAnnouncementsPage(p: { links: AdminNavLinks; rows: AdminAnnouncementRow[]; total: number; page: number; perPage: number; now: Date; notice?: string }) {
  return (
    <>
      <AdminNav current="/admin/announcements" links={p.links} />
      <h1>Announcements</h1>
      <Notice message={p.notice} />
      <p>
        <a href="/admin/announcements/new" class="button">
          New announcement
        </a>{" "}
        <a href="/admin/announcements/export.csv">Download CSV</a>
      </p>
      {p.rows.length === 0 ? (
        <p>No announcements yet.</p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-label="Announcements">
          <table>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">For</th>
                <th scope="col">State</th>
                <th scope="col">Published</th>
                <th scope="col">Expires</th>
                <th scope="col">Reads</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr>
                  <td>
                    {r.sentAt > p.now && r.emailedAt === null ? <a href={`/admin/announcements/${r.id}/edit`}>{r.title}</a> : r.title}
                    {r.isUrgent && <strong> · Urgent</strong>}
                  </td>
                  <td>{AUDIENCES[r.targetAudience ?? "ALL"].replace(" (below)", "")}</td>
                  <td>{stateOf(r, p.now)}</td>
                  <td>{formatDateTime(r.sentAt)}</td>
                  <td>{r.expiresAt ? formatDateTime(r.expiresAt) : "Never"}</td>
                  <td>{r.reads}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={p.page} perPage={p.perPage} total={p.total} baseUrl="/admin/announcements" query={{}} />
    </>
  );
}

export interface FormState {
  id?: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}

function FieldError(props: { id: string; message?: string }) {
  return props.message ? (
    <p class="error" id={`${props.id}-error`}>
      {props.message}
    </p>
  ) : null;
}

const describedBy = (id: string, error?: string) => (error ? `${id}-error` : undefined);

export function AnnouncementFormPage(p: { links: AdminNavLinks; groups: { roles: GroupOption[]; tiers: GroupOption[]; events: GroupOption[] }; state: FormState }) {
  const v = p.state.values;
  const e = p.state.errors;
  const chosen = new Set((v.groups ?? "").split(",").filter(Boolean));
  const groupSets: Array<[string, GroupOption[]]> = [
    ["Roles", p.groups.roles],
    ["Membership tiers", p.groups.tiers],
    ["Event registrants", p.groups.events],
  ];
  return (
    <>
      <AdminNav current="/admin/announcements" links={p.links} />
      <h1>{p.state.id ? "Edit announcement" : "New announcement"}</h1>
      {Object.keys(e).length > 0 && (
        <div class="notice bad" role="alert">
          <p>Some fields need attention; see the messages beside them.</p>
        </div>
      )}
      <form method="post" action={p.state.id ? `/admin/announcements/${p.state.id}` : "/admin/announcements"}>
        <div class="field">
          <label for="a-title">Title</label>
          <input id="a-title" name="title" required maxlength={200} value={v.title ?? ""} aria-describedby={describedBy("a-title", e.title)} />
          <FieldError id="a-title" message={e.title} />
        </div>
        <div class="field">
          <label for="a-content">Text</label>
          <textarea id="a-content" name="content" rows={8} required maxlength={20000} aria-describedby={`a-content-hint${e.content ? " a-content-error" : ""}`}>
            {v.content ?? ""}
          </textarea>
          <p class="hint" id="a-content-hint">
            Blank lines separate paragraphs. *emphasis*, **bold**, [a link](https://…), and lists starting with “- ” or “1. ”. Nothing else is
            formatted.
          </p>
          <FieldError id="a-content" message={e.content} />
        </div>
        <fieldset aria-describedby={describedBy("a-audience", e.audience)}>
          <legend>Who is it for?</legend>
          {Object.entries(AUDIENCES).map(([value, label]) => (
            <div>
              <input type="radio" id={`a-audience-${value}`} name="audience" value={value} checked={(v.audience ?? "ALL") === value} />{" "}
              <label for={`a-audience-${value}`}>{label}</label>
            </div>
          ))}
          <FieldError id="a-audience" message={e.audience} />
        </fieldset>
        <fieldset aria-describedby={describedBy("a-groups", e.groups)}>
          <legend>Groups (when “Chosen groups”)</legend>
          {groupSets.map(([title, options]) =>
            options.length === 0 ? null : (
              <div>
                <p>
                  <strong>{title}</strong>
                </p>
                {options.map((g, i) => (
                  <div>
                    <input type="checkbox" id={`a-g-${title.length}-${i}`} name="groups" value={g.key} checked={chosen.has(g.key)} />{" "}
                    <label for={`a-g-${title.length}-${i}`}>{g.label}</label>
                  </div>
                ))}
              </div>
            ),
          )}
          <FieldError id="a-groups" message={e.groups} />
        </fieldset>
        <div class="field">
          <input type="checkbox" id="a-urgent" name="urgent" checked={v.urgent === "on"} /> <label for="a-urgent">Urgent: a banner on every page until dismissed</label>
        </div>
        <div class="field">
          <input type="checkbox" id="a-email" name="emailCopy" checked={v.emailCopy === "on"} />{" "}
          <label for="a-email">Also email it (to members who have not turned announcement emails off)</label>
        </div>
        <fieldset aria-describedby={describedBy("a-when", e.when)}>
          <legend>When</legend>
          <div>
            <input type="radio" id="a-when-now" name="when" value="now" checked={(v.when ?? "now") === "now"} /> <label for="a-when-now">Publish now</label>
          </div>
          <div>
            <input type="radio" id="a-when-later" name="when" value="later" checked={v.when === "later"} /> <label for="a-when-later">At a time</label>
          </div>
          <FieldError id="a-when" message={e.when} />
        </fieldset>
        <div class="field">
          <label for="a-publish-at">Publish at (Pacific time)</label>
          <input type="datetime-local" id="a-publish-at" name="publishAt" value={v.publishAt ?? ""} aria-describedby={describedBy("a-publish-at", e.publishAt)} />
          <FieldError id="a-publish-at" message={e.publishAt} />
        </div>
        <div class="field">
          <label for="a-expires-at">Expires (Pacific time, optional)</label>
          <input type="datetime-local" id="a-expires-at" name="expiresAt" value={v.expiresAt ?? ""} aria-describedby={describedBy("a-expires-at", e.expiresAt)} />
          <FieldError id="a-expires-at" message={e.expiresAt} />
        </div>
        <button type="submit">{p.state.id ? "Save" : "Publish"}</button>
      </form>
    </>
  );
}

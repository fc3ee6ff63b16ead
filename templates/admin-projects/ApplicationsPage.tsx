// The bids on one opportunity: a sortable table with the applicant's verified credentials
// and experience, checkboxes to compare 2–5 side by side, each bid's review page, CSV.
import { applicationStatusEnum, type ApplicationStatus, type Project } from "../../src/db/schema/projects.ts";
import { APPLICATION_SORTS, type ApplicationFilters } from "../../src/features/admin-projects/forms.ts";
import type { ApplicationRow, HeldCredential } from "../../src/features/admin-projects/queries.ts";
import { APPLICATION_STATUS_LABEL, COMPARE_MAX, COMPARE_MIN, nextApplicationStatuses } from "../../src/features/admin-projects/rules.ts";
import type { FieldErrors } from "../../src/lib/forms.ts";
import { ActionError, AdminNav, type AdminNavLinks, Notice } from "../admin/parts.tsx";
import { When } from "../admin-events/parts.tsx";
import { SelectField, TextArea } from "../components/Field.tsx";
import { ProjectNav, usd } from "./parts.tsx";

export type ScoredApplication = ApplicationRow & { matchScore: number | null };

const STATUS_OPTIONS: Array<readonly [string, string]> = [["", "Any status"], ...applicationStatusEnum.enumValues.map((s) => [s, APPLICATION_STATUS_LABEL[s]] as const)];

export function credentialText(c: HeldCredential): string {
  return c.classification ? `${c.type.replace(/_/g, " ")} ${c.classification}` : c.type.replace(/_/g, " ");
}
export const durationText = (days: number | null) => (days === null ? "—" : `${days} ${days === 1 ? "day" : "days"}`);
export const scoreText = (score: number | null) => (score === null ? "—" : `${score} / 100`);

export function ApplicationsPage(props: {
  project: Project;
  rows: ScoredApplication[];
  filters: ApplicationFilters;
  errors: FieldErrors;
  links: AdminNavLinks;
  notice?: string;
  compareError?: string;
}) {
  const p = props.project;
  const base = `/admin/projects/${p.id}/applications`;
  const qs = new URLSearchParams(Object.entries(props.filters).filter(([, v]) => v)).toString();
  return (
    <>
      <h1>Bids: {p.title}</h1>
      <AdminNav current="/admin/projects" links={props.links} />
      <ProjectNav projectId={p.id} current="applications" />
      <Notice message={props.notice} />
      <ActionError message={props.compareError} />
      <form method="get" action={base} aria-label="Sort and filter bids">
        <div class="grid">
          <SelectField name="status" label="Status" value={props.filters.status} options={STATUS_OPTIONS} error={props.errors.status} />
          <SelectField name="sort" label="Sort by" value={props.filters.sort} options={APPLICATION_SORTS.options} error={props.errors.sort} />
        </div>
        <button type="submit">Show bids</button>
      </form>
      {props.rows.length === 0 ? (
        <p class="notice" role="status">
          No bids{props.filters.status ? " with this status" : " yet"}.
        </p>
      ) : (
        <form method="get" action={`/admin/projects/${p.id}/compare`}>
          <div class="table-wrap" tabindex={0} role="region" aria-label="Bids table">
            <table>
              <caption>
                {props.rows.length} {props.rows.length === 1 ? "bid" : "bids"}, {APPLICATION_SORTS.options.find(([v]) => v === props.filters.sort)?.[1].toLowerCase()}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Compare</th>
                  <th scope="col">Applicant</th>
                  <th scope="col">Status</th>
                  <th scope="col">Bid</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Match score</th>
                  <th scope="col">Verified credentials</th>
                  <th scope="col">Experience</th>
                  <th scope="col">Submitted</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((a) => (
                  <tr>
                    <td>
                      <input type="checkbox" name="a" value={a.id} id={`cmp-${a.id}`} aria-label={`Compare the bid of ${a.firstName} ${a.lastName}`} />
                    </td>
                    <th scope="row">
                      <a href={`${base}/${a.id}`}>
                        {a.firstName} {a.lastName}
                      </a>
                      {a.company && (
                        <>
                          <br />
                          <small>{a.company}</small>
                        </>
                      )}
                    </th>
                    <td>{APPLICATION_STATUS_LABEL[a.status]}</td>
                    <td>{usd(a.bidAmount)}</td>
                    <td>{durationText(a.estimatedDuration)}</td>
                    <td>{scoreText(a.matchScore)}</td>
                    <td>{a.credentials.length ? a.credentials.map(credentialText).join(", ") : "None verified"}</td>
                    <td>{a.yearsExperience === null ? "—" : `${a.yearsExperience} years`}</td>
                    <td>
                      <When at={a.submittedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="submit">
            Compare the chosen bids ({COMPARE_MIN} to {COMPARE_MAX})
          </button>
        </form>
      )}
      <p>
        <a href={`/admin/projects/${p.id}/applications.csv${qs ? `?${qs}` : ""}`} download>
          Download these bids as CSV
        </a>
      </p>
    </>
  );
}

export function ApplicationPage(props: {
  project: Project;
  app: ScoredApplication;
  links: AdminNavLinks;
  notice?: string;
  actionError?: string;
  values?: { status?: string; notes?: string };
  errors?: FieldErrors;
}) {
  const { project: p, app: a } = props;
  const next = nextApplicationStatuses(a.status);
  const options = next.map((s) => [s, APPLICATION_STATUS_LABEL[s]] as const);
  const errors = props.errors ?? {};
  return (
    <>
      <h1>
        Bid of {a.firstName} {a.lastName}
      </h1>
      <AdminNav current="/admin/projects" links={props.links} />
      <ProjectNav projectId={p.id} current="applications" />
      <Notice message={props.notice} />
      <ActionError message={props.actionError} />
      <p>
        On <a href={`/admin/projects/${p.id}`}>{p.title}</a>. Status: <strong id="application-status">{APPLICATION_STATUS_LABEL[a.status]}</strong>
        {a.reviewedAt && (
          <>
            {" "}
            (last reviewed <When at={a.reviewedAt} />)
          </>
        )}
      </p>
      <dl>
        <dt>Applicant</dt>
        <dd>
          {a.firstName} {a.lastName}
          {a.company ? `, ${a.company}` : ""} · <a href={`mailto:${a.email}`}>{a.email}</a>
        </dd>
        <dt>Bid amount</dt>
        <dd>{usd(a.bidAmount)}</dd>
        <dt>Estimated duration</dt>
        <dd>{durationText(a.estimatedDuration)}</dd>
        <dt>Match score</dt>
        <dd>{scoreText(a.matchScore)}</dd>
        <dt>Verified credentials</dt>
        <dd>{a.credentials.length ? a.credentials.map(credentialText).join(", ") : "None verified"}</dd>
        <dt>Experience</dt>
        <dd>{a.yearsExperience === null ? "—" : `${a.yearsExperience} years`}</dd>
        <dt>Submitted</dt>
        <dd>
          <When at={a.submittedAt} />
        </dd>
      </dl>
      <h2>Cover letter</h2>
      <p class="prewrap">{a.coverLetter ?? "—"}</p>
      <h2>Proposal</h2>
      <p class="prewrap">{a.proposal ?? "—"}</p>
      <h2>Files</h2>
      {a.files.length === 0 ? (
        <p>No files attached.</p>
      ) : (
        <ul>
          {a.files.map((f) => (
            <li>
              <a href={`/admin/projects/${p.id}/applications/${a.id}/files/${f.id}`}>{f.fileName}</a> ({Math.max(1, Math.round(f.fileSize / 1024))} KB)
            </li>
          ))}
        </ul>
      )}
      <h2>Review</h2>
      {a.notes && (
        <p>
          Notes so far: <span class="prewrap">{a.notes}</span>
        </p>
      )}
      {a.status === "WITHDRAWN" ? (
        <p>The member withdrew this bid, so it cannot be reviewed.</p>
      ) : next.length === 0 ? (
        <p>The decision on this bid is final.</p>
      ) : (
        <form method="post" action={`/admin/projects/${p.id}/applications/${a.id}/review`}>
          <SelectField name="status" label="New status" value={props.values?.status ?? next[0]!} options={options} error={errors.status} />
          <TextArea name="notes" label="Notes (emailed to the applicant)" value={props.values?.notes} error={errors.notes} rows={4} maxlength={4000} />
          <button type="submit">Change the status and email the applicant</button>
        </form>
      )}
    </>
  );
}

export function ComparePage(props: { project: Project; rows: ScoredApplication[]; links: AdminNavLinks }) {
  const p = props.project;
  const line = (label: string, cell: (a: ScoredApplication) => string) => (
    <tr>
      <th scope="row">{label}</th>
      {props.rows.map((a) => (
        <td>{cell(a)}</td>
      ))}
    </tr>
  );
  const status = (s: ApplicationStatus) => APPLICATION_STATUS_LABEL[s];
  return (
    <>
      <h1>Compare bids: {p.title}</h1>
      <AdminNav current="/admin/projects" links={props.links} />
      <ProjectNav projectId={p.id} current="compare" />
      <div class="table-wrap" tabindex={0} role="region" aria-label="Bids side by side">
        <table>
          <caption>{props.rows.length} bids side by side</caption>
          <thead>
            <tr>
              <td />
              {props.rows.map((a) => (
                <th scope="col">
                  <a href={`/admin/projects/${p.id}/applications/${a.id}`}>
                    {a.firstName} {a.lastName}
                  </a>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {line("Company", (a) => a.company ?? "—")}
            {line("Status", (a) => status(a.status))}
            {line("Bid amount", (a) => usd(a.bidAmount))}
            {line("Estimated duration", (a) => durationText(a.estimatedDuration))}
            {line("Match score", (a) => scoreText(a.matchScore))}
            {line("Verified credentials", (a) => (a.credentials.length ? a.credentials.map(credentialText).join(", ") : "None verified"))}
            {line("Experience", (a) => (a.yearsExperience === null ? "—" : `${a.yearsExperience} years`))}
            {line("Files", (a) => String(a.files.length))}
            {line("Proposal", (a) => a.proposal ?? "—")}
          </tbody>
        </table>
      </div>
      <p>
        <a href={`/admin/projects/${p.id}/applications`}>Back to all bids</a>
      </p>
    </>
  );
}

import { CERTIFICATE_STATUSES } from "../../src/features/certificates/forms.ts";
import type { CertificateRow } from "../../src/features/certificates/queries.ts";
import type { FieldErrors } from "../../src/lib/forms.ts";
import { formatDate } from "../../src/lib/time.ts";
import { AdminNav, type AdminNavLinks, Notice } from "../admin/parts.tsx";
import { hoursLabel } from "../certificates/parts.tsx";
import { Field, SelectField } from "../components/Field.tsx";
import { FilterForm } from "../components/FilterForm.tsx";
import { Pager } from "../components/Pager.tsx";

export interface CertificateListProps {
  filters: { member: string; course: string; status: string };
  rows: CertificateRow[];
  total: number;
  page: number;
  perPage: number;
}

const STATUS_OPTIONS: Array<readonly [string, string]> = [["", "Any status"], ...CERTIFICATE_STATUSES.options];

export function CertificateList(props: CertificateListProps) {
  const query = props.filters;
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v)).toString();
  return (
    <div id="certificate-results">
      {props.rows.length === 0 ? (
        <p class="notice" role="status">
          {query.member || query.course || query.status
            ? "No certificates match these filters. Change or clear them to see the others."
            : "No certificates yet: one is issued each time a member completes a course."}
        </p>
      ) : (
        <>
          <div class="table-wrap" tabindex={0} role="region" aria-label="Certificates table">
            <table>
              <caption>
                Certificates, page {props.page} ({props.total} {props.total === 1 ? "match" : "matches"})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Course</th>
                  <th scope="col">Hours</th>
                  <th scope="col">Issued</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((r) => (
                  <tr>
                    <th scope="row">
                      <a href={`/admin/certificates/${r.id}`}>{r.recipientName}</a>
                      <br />
                      <small>{r.email}</small>
                    </th>
                    <td>{r.courseTitle}</td>
                    <td>{hoursLabel(r.hours)}</td>
                    <td>{formatDate(r.issuedAt)}</td>
                    <td>{r.revokedAt ? <strong>Revoked {formatDate(r.revokedAt)}</strong> : "Valid"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl="/admin/certificates" query={query} />
        </>
      )}
      <p>
        <a href={`/admin/certificates/export.csv${qs ? `?${qs}` : ""}`} download>
          Download this list as CSV
        </a>
      </p>
    </div>
  );
}

export function CertificatesPage(props: CertificateListProps & { links: AdminNavLinks; notice?: string; errors: FieldErrors }) {
  return (
    <>
      <h1>Certificates</h1>
      <AdminNav current="/admin/certificates" links={props.links} />
      <Notice message={props.notice} />
      <p>Certificates of completion are issued when a member completes a course. Revoke one here if it was issued in error.</p>
      <FilterForm action="/admin/certificates" label="Filter certificates" resultsId="certificate-results">
        <div class="grid">
          <Field name="member" label="Member name or email" type="search" value={props.filters.member} error={props.errors.member} maxlength={100} />
          <Field name="course" label="Course" type="search" value={props.filters.course} error={props.errors.course} maxlength={100} />
          <SelectField name="status" label="Status" value={props.filters.status} options={STATUS_OPTIONS} error={props.errors.status} />
        </div>
        <button type="submit">Show matching certificates</button>
      </FilterForm>
      <CertificateList {...props} />
    </>
  );
}

import type { TranscriptRow } from "../../src/features/learning/queries.ts";
import { creditHours, formatHours } from "../../src/features/learning/rules.ts";
import { STATUS_LABELS } from "../../src/features/learning/view.ts";
import { formatDate } from "../../src/lib/time.ts";
import { moduleHref } from "./parts.tsx";

export function TranscriptPage(props: { rows: TranscriptRow[] }) {
  const hours = props.rows.filter((r) => r.status === "COMPLETED").reduce((sum, r) => sum + creditHours(r.duration), 0);
  return (
    <>
      <h1>My learning</h1>
      <p class="lede">
        Your courses, how far you are, and the hours of credit you earned: {Math.round(hours * 10) / 10} {hours === 1 ? "hour" : "hours"} from completed courses.
      </p>
      {props.rows.length === 0 ? (
        <p class="notice" role="status">
          You have not enrolled in a course yet. <a href="/courses">Browse the courses</a>.
        </p>
      ) : (
        <>
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Your courses</caption>
              <thead>
                <tr>
                  <th scope="col">Course</th>
                  <th scope="col">Status</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Enrolled</th>
                  <th scope="col">Completed</th>
                  <th scope="col">Hours</th>
                  <th scope="col">Next</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((r) => (
                  <tr>
                    <td>{r.courseStatus === "DRAFT" ? r.title : <a href={`/courses/${r.courseId}`}>{r.title}</a>}</td>
                    <td>{STATUS_LABELS[r.status]}</td>
                    <td>{r.progress}%</td>
                    <td>{formatDate(r.enrolledAt)}</td>
                    <td>{r.completedAt ? formatDate(r.completedAt) : "—"}</td>
                    <td>{formatHours(r.duration)}</td>
                    <td>
                      {r.status === "COMPLETED" ? (
                        r.certificateRevokedAt ? (
                          `Certificate revoked on ${formatDate(r.certificateRevokedAt)}`
                        ) : r.certificateId ? (
                          <a href={`/certificates/${r.certificateId}`}>Certificate</a>
                        ) : (
                          "Certificate on its way"
                        )
                      ) : r.status !== "DROPPED" && r.nextModuleId && r.courseStatus !== "DRAFT" ? (
                        <a href={moduleHref(r.courseId, r.nextModuleId)}>Continue where you left off</a>
                      ) : r.status === "DROPPED" ? (
                        "Dropped"
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <a href="/account/learning.csv" download>
              Download as CSV
            </a>
          </p>
        </>
      )}
      <p>
        <a href="/courses">Browse the courses</a>
      </p>
    </>
  );
}

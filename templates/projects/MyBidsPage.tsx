import type { ApplicationStatus, ProjectStatus } from "../../src/db/schema/projects.ts";
import { APPLICATION_LABELS, STATUS_LABELS } from "../../src/features/projects/view.ts";
import { formatUsd, toCents } from "../../src/lib/money.ts";
import { formatDate, formatDateTime } from "../../src/lib/time.ts";
import { NoticeBox } from "../events/parts.tsx";

export interface MyBidRow {
  id: string;
  status: ApplicationStatus;
  bidAmount: string | null;
  estimatedDuration: number | null;
  submittedAt: Date;
  withdrawnAt: Date | null;
  projectId: string;
  title: string;
  projectStatus: ProjectStatus;
  deadlineDate: Date | null;
  organization: string | null;
}

export function MyBidsPage(props: {
  bids: MyBidRow[];
  watches: Array<{ id: string; title: string; status: ProjectStatus; deadlineDate: Date | null }>;
  now: Date;
  notice: { tone: "good" | "info" | "bad"; text: string } | null;
}) {
  return (
    <>
      <h1>My bids</h1>
      <NoticeBox notice={props.notice} />
      <p class="lede">
        Every bid you sent, with where it stands. <a href="/projects">Find more opportunities</a> ·{" "}
        <a href="/projects/saved">Saved searches and bid alerts</a>
      </p>
      {props.bids.length === 0 ? (
        <p class="notice" role="status">
          You have not bid on anything yet. Open an opportunity and use its Bid form.
        </p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-label="Bids table">
          <table>
            <caption>Your bids, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Opportunity</th>
                <th scope="col">Your bid</th>
                <th scope="col">Sent</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {props.bids.map((b) => (
                <tr>
                  <td>
                    <a href={`/projects/${b.projectId}`}>{b.title}</a>
                    <br />
                    <span class="hint">
                      {b.organization ?? ""} {STATUS_LABELS[b.projectStatus]}
                    </span>
                  </td>
                  <td>
                    {b.bidAmount !== null ? formatUsd(toCents(b.bidAmount)) : "—"}
                    {b.estimatedDuration !== null ? `, ${b.estimatedDuration} days` : ""}
                  </td>
                  <td>
                    <time datetime={b.submittedAt.toISOString()}>{formatDate(b.submittedAt)}</time>
                  </td>
                  <td>
                    <strong>{APPLICATION_LABELS[b.status]}</strong>
                    {b.withdrawnAt ? <span class="hint"> {formatDate(b.withdrawnAt)}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Watched opportunities</h2>
      {props.watches.length === 0 ? (
        <p>Nothing watched yet. Use "Watch this opportunity" on one you want to keep handy.</p>
      ) : (
        <ul>
          {props.watches.map((w) => (
            <li>
              <a href={`/projects/${w.id}`}>{w.title}</a> — {STATUS_LABELS[w.status]}
              {w.deadlineDate ? (
                <>
                  , due <time datetime={w.deadlineDate.toISOString()}>{formatDateTime(w.deadlineDate)}</time>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

import { raw } from "hono/html";
import type { MemberAnnouncement, UrgentBanner as Banner } from "../../src/features/announcements/queries.ts";
import { renderMarkdown } from "../../src/lib/markdown.ts";
import { formatDate, formatDateTime } from "../../src/lib/time.ts";
import { Notice } from "../account/Notice.tsx";
import { Pager } from "../components/Pager.tsx";

/** Announcement text: the safe Markdown subset (src/lib/markdown.ts escapes everything else). */
export function AnnouncementBody(props: { content: string }) {
  return <div class="announcement-body">{raw(renderMarkdown(props.content))}</div>;
}

export function AnnouncementsPage(p: { rows: MemberAnnouncement[]; total: number; page: number; perPage: number; notice?: string }) {
  const unread = p.rows.filter((r) => !r.read).length;
  return (
    <>
      <h1>Announcements</h1>
      <Notice message={p.notice} />
      {p.rows.length === 0 ? (
        <p>No announcements right now.</p>
      ) : (
        <>
          <p>{unread === 0 ? "You have read them all." : `${unread} unread on this page.`}</p>
          <ul class="announcements">
            {p.rows.map((a) => (
              <li class={a.read ? undefined : "unread"}>
                <h2>
                  <a href={`/announcements/${a.id}`}>{a.title}</a>
                  {!a.read && <strong class="badge"> · Unread</strong>}
                  {a.isUrgent && <strong class="badge urgent"> · Urgent</strong>}
                </h2>
                <p>
                  <time datetime={a.sentAt.toISOString()}>{formatDateTime(a.sentAt)}</time>
                  {a.expiresAt && <> · until {formatDate(a.expiresAt)}</>}
                </p>
              </li>
            ))}
          </ul>
          <Pager page={p.page} perPage={p.perPage} total={p.total} baseUrl="/announcements" query={{}} />
        </>
      )}
    </>
  );
}

export function AnnouncementPage(p: { a: MemberAnnouncement; dismissed: boolean }) {
  return (
    <>
      <p>
        <a href="/announcements">All announcements</a>
      </p>
      <article>
        <h1>{p.a.title}</h1>
        <p>
          {p.a.isUrgent && <strong>Urgent · </strong>}
          <time datetime={p.a.sentAt.toISOString()}>{formatDateTime(p.a.sentAt)}</time>
          {p.a.expiresAt && <> · until {formatDateTime(p.a.expiresAt)}</>}
        </p>
        <AnnouncementBody content={p.a.content} />
      </article>
      {p.a.isUrgent && !p.dismissed && <DismissForm id={p.a.id} back={`/announcements/${p.a.id}`} label="Hide the banner" />}
    </>
  );
}

function DismissForm(props: { id: string; back: string; label: string }) {
  return (
    <form method="post" action={`/announcements/${props.id}/dismiss`} class="inline">
      <input type="hidden" name="back" value={props.back} />
      <button type="submit" class="secondary">
        {props.label}
      </button>
    </form>
  );
}

/** The urgent banner on every page until dismissed or expired (a plain form: works without JS). */
export function UrgentBannerView(props: { banner: Banner; path: string }) {
  return (
    <aside class="notice urgent-banner" id="urgent-banner" aria-label="Urgent announcement">
      <p>
        <strong>Urgent:</strong> <a href={`/announcements/${props.banner.id}`}>{props.banner.title}</a>
      </p>
      <DismissForm id={props.banner.id} back={props.path} label="Dismiss" />
    </aside>
  );
}

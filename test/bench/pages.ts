// The pages the browser benchmarks visit: every page of the smoke walk, as the
// demo member and demo admin (the bench database holds the demo data).
import pg from "pg";
import type { Browser, BrowserContext } from "playwright-core";
import { DEMO_LOGINS } from "../../scripts/seed.ts";
import { phoneContext, signIn } from "../e2e/browse.ts";
import { ADMIN_PAGES, MEMBER_PAGES, PUBLIC_PAGES, type PageVisit } from "../e2e/pages.ts";

export type Visitor = "anonymous" | "member" | "admin";

export type BenchPage = PageVisit & { as: Visitor };

/**
 * The smoke walk's pages, plus the pages that need data (an event's page,
 * its admin editor, attendees and check-in), on the demo event with the most registrations.
 */
export async function benchPages(databaseUrl: string): Promise<BenchPage[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client
    .query<{ id: string }>(
      `select e.id from events e left join event_registrations r on r.event_id = e.id
       where e.status = 'REGISTRATION_OPEN' and e.deleted_at is null group by e.id order by count(r.id) desc limit 1`,
    );
  // The demo member's busiest conversation (the seed gives them one-to-one threads and channels).
  const { rows: chats } = await client
    .query<{ id: string }>(
      `select c.id from conversations c join conversation_members cm on cm.conversation_id = c.id
       join users u on u.id = cm.user_id where u.email = $1 order by c.last_seq desc limit 1`,
      [DEMO_LOGINS.member],
    );
  // The newest announcement everyone may read (the seed's, or one an admin wrote).
  const { rows: news } = await client
    .query<{ id: string }>(
      `select id from announcements where sent_at <= now() and (expires_at is null or expires_at > now())
       and (target_audience is null or target_audience = 'ALL') order by sent_at desc limit 1`,
    )
    .finally(() => client.end());
  const event = rows[0]?.id;
  const chat = chats[0]?.id;
  const announcement = news[0]?.id;
  const withData: BenchPage[] = event
    ? [
        { name: "event", path: `/events/${event}`, status: 200, as: "anonymous" },
        { name: "event", path: `/events/${event}`, status: 200, as: "member" },
        { name: "admin-event", path: `/admin/events/${event}`, status: 200, as: "admin" },
        { name: "admin-event-attendees", path: `/admin/events/${event}/attendees`, status: 200, as: "admin" },
        { name: "admin-event-checkin", path: `/admin/events/${event}/checkin`, status: 200, as: "admin" },
      ]
    : [];
  if (chat) withData.push({ name: "conversation", path: `/messages/${chat}`, status: 200, as: "member" });
  if (announcement) withData.push({ name: "announcement", path: `/announcements/${announcement}`, status: 200, as: "member" });
  return [
    ...PUBLIC_PAGES.map((p) => ({ ...p, as: "anonymous" as const })),
    ...MEMBER_PAGES.map((p) => ({ ...p, as: "member" as const })),
    ...ADMIN_PAGES.map((p) => ({ ...p, as: "admin" as const })),
    ...withData,
  ];
}

/** A fresh context for one visitor: anonymous, or signed in through the real form. */
export async function contextAs(browser: Browser, baseUrl: string, as: Visitor): Promise<BrowserContext> {
  const context = await phoneContext(browser);
  if (as !== "anonymous") {
    const page = await context.newPage();
    await signIn(page, baseUrl, { email: DEMO_LOGINS[as], password: DEMO_LOGINS.password });
    await page.close();
  }
  return context;
}

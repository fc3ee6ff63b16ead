// The pages the browser benchmarks visit: every page of the smoke walk, as the
// demo member and demo admin (the bench database holds the demo data).
import pg from "pg";
import type { Browser, BrowserContext } from "playwright-core";
import { localSecrets } from "../../scripts/lib/stack.ts";
import { DEMO_LOGINS } from "../../scripts/seed.ts";
import { signUnsubscribeToken } from "../../src/lib/unsubscribe.ts";
import { phoneContext, signIn } from "../e2e/browse.ts";
import { ADMIN_PAGES, fillPath, MEMBER_PAGES, MESSAGING_PAGES, PUBLIC_PAGES, type PageVisit } from "../e2e/pages.ts";

export type Visitor = "anonymous" | "member" | "admin";

export type BenchPage = PageVisit & { as: Visitor };

/**
 * The smoke walk's pages, plus the pages that need data (an event's page,
 * its admin editor, attendees and check-in), on the demo event with the most registrations.
 */
export async function benchPages(databaseUrl: string): Promise<BenchPage[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const [{ rows }, demoMember, { rows: chats }, { rows: pending }, { rows: receipts }, { rows: news }] = await Promise.all([
    client.query<{ id: string }>(
      `select e.id from events e left join event_registrations r on r.event_id = e.id
       where e.status = 'REGISTRATION_OPEN' and e.deleted_at is null group by e.id order by count(r.id) desc limit 1`,
    ),
    client.query<{ id: string }>("select id from users where email = $1", [DEMO_LOGINS.member]),
    // The demo member's busiest conversation (the seed gives them one-to-one threads and channels).
    client.query<{ id: string }>(
      `select c.id from conversations c join conversation_members cm on cm.conversation_id = c.id
       join users u on u.id = cm.user_id where u.email = $1 order by c.last_seq desc limit 1`,
      [DEMO_LOGINS.member],
    ),
    // The demo member's credential waiting for review (its document is in R2).
    client.query<{ id: string }>(
      `select c.id from credentials c join users u on u.id = c.user_id
       where u.email = $1 and c.status = 'PENDING' and c.document_key is not null order by c.id limit 1`,
      [DEMO_LOGINS.member],
    ),
    // A receipt of the demo member, for the receipt pages (member's and admin's view).
    client.query<{ id: string }>(
      `select p.id from payments p join users u on u.id = p.user_id where u.email = $1 order by p.created_at desc limit 1`,
      [DEMO_LOGINS.member],
    ),
    // The newest announcement everyone may read (the seed's, or one an admin wrote).
    client.query<{ id: string }>(
      `select id from announcements where sent_at <= now() and (expires_at is null or expires_at > now())
       and (target_audience is null or target_audience = 'ALL') order by sent_at desc limit 1`,
    ),
  ]).finally(() => client.end());
  const paymentId = receipts[0]?.id;
  const announcement = news[0]?.id;
  const event = rows[0]?.id;
  const chat = chats[0]?.id;
  const credential = pending[0]?.id;
  const credentialPages: BenchPage[] = credential
    ? [
        { name: "account-credential-edit", path: `/account/credentials/${credential}/edit`, status: 200, as: "member" },
        { name: "admin-credential-review", path: `/admin/credentials/${credential}`, status: 200, as: "admin" },
      ]
    : [];
  const shown = await memberToShow(databaseUrl);
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
  // The page an email's unsubscribe link opens (no sign-in), for the demo member's bid alerts.
  const member = demoMember.rows[0]?.id;
  if (member) {
    const token = await signUnsubscribeToken(localSecrets().TOTP_ENCRYPTION_KEY, member, "bidAlerts");
    withData.push({ name: "unsubscribe", path: `/unsubscribe/${token}`, status: 200, as: "anonymous" });
  }
  if (shown) withData.push({ name: "member-profile", path: `/members/${shown}`, status: 200, as: "member" });
  if (paymentId) {
    withData.push(
      { name: "payment-receipt", path: `/account/payments/${paymentId}`, status: 200, as: "member" },
      { name: "admin-payment", path: `/admin/payments/${paymentId}`, status: 200, as: "admin" },
    );
  }
  withData.push(...(await learningPages(databaseUrl)));
  return [
    ...PUBLIC_PAGES.map((p) => ({ ...p, as: "anonymous" as const })),
    ...MEMBER_PAGES.map((p) => ({ ...p, as: "member" as const })),
    ...ADMIN_PAGES.map((p) => ({ ...p, as: "admin" as const })),
    ...withData,
    ...credentialPages,
    ...(await adminProjectPages(databaseUrl)),
    ...(await certificatePages(databaseUrl)),
    ...(await adminCoursePages(databaseUrl)),
    ...(await feedbackPages(databaseUrl)),
    ...(await messagingPages(databaseUrl)),
  ];
}

/**
 * The messaging pages that need data, on the demo member's busiest conversation (the General
 * channel, 60 messages): the older window its page links to, the report form for a message someone else sent, and a new
 * conversation with a member they have none with. Pages whose data the demo lacks are left out.
 */
async function messagingPages(databaseUrl: string): Promise<BenchPage[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client
    .query<{ conversation: string; before: string; message: string | null; person: string | null; group: string | null }>(
      `with me as (select id from users where email = $1),
       busiest as (select c.id, c.last_seq from conversations c join conversation_members cm on cm.conversation_id = c.id
         where cm.user_id = (select id from me) and cm.state = 'JOINED' order by c.last_seq desc, c.id limit 1)
       select b.id as conversation, (case when b.last_seq > 50 then b.last_seq - 49 else b.last_seq end)::text as before,
         (select m.id from messages m where m.conversation_id = b.id and m.sender_id <> (select id from me) order by m.seq desc limit 1) as message,
         (select u.id from users u where u.is_verified and u.is_active and u.deleted_at is null and u.id <> (select id from me)
            and not exists (select 1 from conversations d where d.direct_key in (u.id || ':' || (select id from me), (select id from me) || ':' || u.id))
            order by u.id limit 1) as person,
         (select c.id from conversations c join conversation_members cm on cm.conversation_id = c.id
            where c.kind = 'GROUP' and cm.user_id = (select id from me) and cm.state = 'JOINED' limit 1) as "group"
       from busiest b`,
      [DEMO_LOGINS.member],
    )
    .finally(() => client.end());
  const r = rows[0];
  if (!r) return [];
  const values: Record<string, string> = { conversation: r.conversation, before: r.before };
  if (r.message) values.message = r.message;
  if (r.person) values.person = r.person;
  if (r.group) values.group = r.group;
  return MESSAGING_PAGES.map((p) => ({ ...p, path: fillPath(p.path, values) })).filter((p) => !p.path.includes(":"));
}

/** The demo member's answered ticket with the longest conversation: their view and the admin's. */
async function feedbackPages(databaseUrl: string): Promise<BenchPage[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client
    .query<{ id: string }>(
      `select f.id from member_feedback f join users u on u.id = f.user_id where u.email = $1
       order by (select count(*) from feedback_replies r where r.feedback_id = f.id) desc, f.id limit 1`,
      [DEMO_LOGINS.member],
    )
    .finally(() => client.end());
  const id = rows[0]?.id;
  if (!id) return [];
  return [
    { name: "my-feedback-ticket", path: `/account/feedback/${id}`, status: 200, as: "member" },
    { name: "admin-feedback-ticket", path: `/admin/feedback/${id}`, status: 200, as: "admin" },
  ];
}

/** The admin pages of the demo course with the most enrolments: its editor, one module, its enrolments. */
async function adminCoursePages(databaseUrl: string): Promise<BenchPage[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client
    .query<{ course_id: string; module_id: string | null }>(
      `select c.id as course_id, (select m.id from course_modules m where m.course_id = c.id order by m."order" limit 1) as module_id
       from courses c left join course_enrollments e on e.course_id = c.id group by c.id order by count(e.id) desc, c.id limit 1`,
    )
    .finally(() => client.end());
  const c = rows[0];
  if (!c) return [];
  const base = `/admin/courses/${c.course_id}`;
  return [
    { name: "admin-course", path: base, status: 200, as: "admin" },
    { name: "admin-course-enrollments", path: `${base}/enrollments`, status: 200, as: "admin" },
    ...(c.module_id ? [{ name: "admin-course-module", path: `${base}/modules/${c.module_id}`, status: 200, as: "admin" as const }] : []),
  ];
}

/** The demo member's newest certificate (the seed signs one per completed course): its public page and the admin's. */
async function certificatePages(databaseUrl: string): Promise<BenchPage[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client
    .query<{ id: string }>(
      `select c.id from certificates c join users u on u.id = c.user_id where u.email = $1 order by c.issued_at desc limit 1`,
      [DEMO_LOGINS.member],
    )
    .finally(() => client.end());
  const id = rows[0]?.id;
  if (!id) return [];
  return [
    { name: "certificate", path: `/certificates/${id}`, status: 200, as: "anonymous" },
    { name: "admin-certificate", path: `/admin/certificates/${id}`, status: 200, as: "admin" },
  ];
}

/** The demo member's course in progress: its page, and the module to continue with and the course's quiz. */
async function learningPages(databaseUrl: string): Promise<BenchPage[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client
    .query<{ course_id: string; next_id: string | null; quiz_id: string | null }>(
      `select e.course_id,
         (select m.id from course_modules m where m.course_id = e.course_id and not exists
           (select 1 from course_module_completions d where d.enrollment_id = e.id and d.module_id = m.id) order by m."order" limit 1) as next_id,
         (select m.id from course_modules m where m.course_id = e.course_id and m.content->>'type' = 'quiz' limit 1) as quiz_id
       from course_enrollments e join users u on u.id = e.user_id where u.email = $1 and e.status = 'IN_PROGRESS' limit 1`,
      [DEMO_LOGINS.member],
    )
    .finally(() => client.end());
  const r = rows[0];
  if (!r) return [];
  const pages: BenchPage[] = [
    { name: "course", path: `/courses/${r.course_id}`, status: 200, as: "anonymous" },
    { name: "course", path: `/courses/${r.course_id}`, status: 200, as: "member" },
  ];
  if (r.next_id) pages.push({ name: "course-module", path: `/courses/${r.course_id}/modules/${r.next_id}`, status: 200, as: "member" });
  if (r.quiz_id) pages.push({ name: "course-quiz", path: `/courses/${r.course_id}/modules/${r.quiz_id}`, status: 200, as: "member" });
  return pages;
}

/** The admin pages of the demo opportunity with the most bids: its editor, its bids, one bid and a comparison of two. */
async function adminProjectPages(databaseUrl: string): Promise<BenchPage[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client
    .query<{ project_id: string; ids: string[] }>(
      `select project_id, (array_agg(id order by submitted_at))[1:2] as ids from project_applications
       where project_id = (select p.id from projects p join project_applications a on a.project_id = p.id
         where p.deleted_at is null group by p.id order by count(a.id) desc limit 1)
       group by project_id`,
    )
    .finally(() => client.end());
  const p = rows[0];
  if (!p) return [];
  const base = `/admin/projects/${p.project_id}`;
  return [
    { name: "admin-project", path: base, status: 200, as: "admin" },
    { name: "admin-project-applications", path: `${base}/applications`, status: 200, as: "admin" },
    { name: "admin-project-application", path: `${base}/applications/${p.ids[0]}`, status: 200, as: "admin" },
    ...(p.ids.length === 2 ? [{ name: "admin-project-compare", path: `${base}/compare?a=${p.ids[0]}&a=${p.ids[1]}`, status: 200, as: "admin" as const }] : []),
  ];
}

/** A listed member with the most skills and certifications: the heaviest profile page. */
async function memberToShow(databaseUrl: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client
    .query<{ id: string }>(
      `select u.id from users u where u.deleted_at is null and u.is_active and u.is_verified and u.directory_visibility <> 'HIDDEN'
       order by cardinality(u.skills) + (select count(*) from credentials c where c.user_id = u.id) desc, u.id limit 1`,
    )
    .finally(() => client.end());
  return rows[0]?.id;
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

// Member-facing announcements, mounted at /announcements: the list with unread markers, one
// announcement (opening it marks it read), dismissing an urgent one's banner, and the banner as
// a fragment (the messaging page's script asks for it to show a new urgent one live).
import { Hono, type MiddlewareHandler } from "hono";
import * as z from "zod";
import { allow } from "../../auth/rbac.ts";
import { ID } from "../../db/ids.ts";
import { isHtmx, renderFragment, renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { parseForm, readQuery } from "../../lib/forms.ts";
import { noticeTable } from "../../lib/notices.ts";
import { pageField, pageWindow } from "../../lib/pagination.ts";
import { AnnouncementPage, AnnouncementsPage, UrgentBannerView } from "../../../templates/announcements/pages.tsx";
import { dismiss, findForMember, listForMember, markRead, urgentFor } from "./queries.ts";

export const announcementRoutes = new Hono<AppEnv>();

const PER_PAGE = 20;

export const announcementNotices = noticeTable({ dismissed: "Hidden. The announcement stays on this page." });

/** A path on this site to go back to (never another origin). */
function localPath(value: string | undefined, fallback: string): string {
  return value && /^\/(?![/\\])[^\s]*$/.test(value) ? value : fallback;
}

announcementRoutes.get("/", allow.signedIn, async (c) => {
  const query = readQuery(c, z.object({ page: pageField() }));
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const list = await listForMember(c.var.db(), c.var.signedIn.user.id, new Date(), { limit, offset });
  return renderPage(c, {
    title: "Announcements",
    status: query.ok ? 200 : 422,
    body: <AnnouncementsPage rows={list.rows} total={list.total} page={page} perPage={perPage} notice={announcementNotices.read(c)} />,
  });
});

/** The urgent banner for this member as a fragment (empty when there is none). */
announcementRoutes.get("/banner", allow.signedIn, async (c) => {
  const banner = await urgentFor(c.var.db(), c.var.signedIn.user.id, new Date());
  c.header("cache-control", "no-store");
  if (!banner) return c.body(null, 204);
  return renderFragment(c, <UrgentBannerView banner={banner} path={localPath(c.req.query("back"), "/announcements")} />);
});

announcementRoutes.get(`/${ID}`, allow.signedIn, async (c) => {
  const db = c.var.db();
  const me = c.var.signedIn.user.id;
  const now = new Date();
  const found = await findForMember(db, c.req.param("id"), me, now);
  if (!found) return renderNotFound(c);
  if (!found.read) await markRead(db, found.id, me, now);
  const banner = await c.var.banner;
  return renderPage(c, { title: found.title, body: <AnnouncementPage a={{ ...found, read: true }} dismissed={!banner || banner.id !== found.id} /> });
});

announcementRoutes.post(`/${ID}/dismiss`, allow.signedIn, async (c) => {
  const db = c.var.db();
  const me = c.var.signedIn.user.id;
  const now = new Date();
  const found = await findForMember(db, c.req.param("id"), me, now);
  if (!found) return renderNotFound(c);
  const form = await parseForm(c, z.object({ back: z.string().optional() }));
  await dismiss(db, found.id, me, now);
  const back = localPath(form.ok ? form.data.back : undefined, "/announcements");
  if (isHtmx(c)) return c.body(null, 204);
  return c.redirect(back, 303);
});

/**
 * Starts the urgent-banner read for a signed-in member's page view, without awaiting it: it is
 * a SELECT issued before the handler's own reads, so the coalescing client (src/db/client.ts)
 * sends it in the same round trip as the page's first batch. renderPage awaits it.
 */
export const urgentBanner: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = c.var.user;
  if (user && c.req.method === "GET" && !isHtmx(c) && !c.req.path.endsWith("/socket") && c.req.header("upgrade") === undefined) {
    const pending = urgentFor(c.var.db(), user.id, new Date()).catch(() => null);
    c.set("banner", pending);
  }
  await next();
};



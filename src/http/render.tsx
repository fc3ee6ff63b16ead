import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { can } from "../auth/rbac.ts";
import type { CurrentUser } from "../auth/session.ts";
import { AccountMenu } from "../../templates/layout/AccountMenu.tsx";
import { Layout, type NavLink } from "../../templates/layout/Layout.tsx";
import { ForbiddenPage, NotFoundPage } from "../../templates/pages/ErrorPages.tsx";
import { UrgentBannerView } from "../../templates/announcements/pages.tsx";
import { feedbackFrom } from "../features/admin-feedback/rules.ts";
import { seesDashboard } from "./admin.ts";
import type { AppEnv } from "./types.ts";

/**
 * The header's links: what this person can use, nothing they cannot. Kept to the places a
 * member goes every week (it wraps to two lines on a phone at most); their own things (my
 * events, bids, credentials, dues, transcript, tickets) are one tap away on /account.
 */
export function mainNav(user: CurrentUser | null): NavLink[] {
  const links: NavLink[] = [
    { href: "/", label: "Home" },
    { href: "/projects", label: "Bids" },
    { href: "/events", label: "Events" },
    { href: "/courses", label: "Courses" },
  ];
  links.push(user ? { href: "/members", label: "Members" } : { href: "/find-a-contractor", label: "Find a contractor" });
  if (user?.isVerified) links.push({ href: "/messages", label: "Messages" });
  if (seesDashboard(user)) links.push({ href: "/admin", label: "Admin" });
  else if (can(user, "checkin", "events")) links.push({ href: "/admin/events/checkin", label: "Check-in" });
  else if (can(user, "review", "credentials")) links.push({ href: "/admin/credentials", label: "Admin" });
  return links;
}

/**
 * True when htmx wants a fragment. Its back-button restore and swaps into
 * <body> also send HX-Request, but want the whole page.
 */
export function isHtmx<E extends AppEnv>(c: Context<E>): boolean {
  return (
    c.req.header("hx-request") === "true" &&
    c.req.header("hx-history-restore-request") !== "true" &&
    c.req.header("hx-request-type") !== "full"
  );
}

export interface PageOptions {
  title: string;
  body: Child;
  status?: ContentfulStatusCode;
  /** What an htmx request swaps instead of the whole page; defaults to the whole page. */
  partial?: Child;
}

/** One URL, two answers: the full page, or the fragment htmx asked for. */
export async function renderPage<E extends AppEnv>(c: Context<E>, opts: PageOptions): Promise<Response> {
  const status = opts.status ?? 200;
  if (opts.partial !== undefined && isHtmx(c)) {
    return renderFragment(c, opts.partial, status);
  }
  const user = c.get("user") ?? null;
  const banner = await c.get("banner");
  const page = (
    <Layout
      title={opts.title}
      nonce={c.get("secureHeadersNonce")}
      path={c.req.path}
      feedbackFrom={feedbackFrom(c.req.path, new URL(c.req.url).search)}
      nav={mainNav(user)}
      account={<AccountMenu user={user} />}
      banner={banner && !c.req.path.startsWith(`/announcements/${banner.id}`) ? <UrgentBannerView banner={banner} path={c.req.path} /> : undefined}
    >
      {opts.body}
    </Layout>
  );
  return c.html(`<!doctype html>${await page.toString()}`, status);
}

export function renderForbidden<E extends AppEnv>(c: Context<E>): Promise<Response> {
  return renderPage(c, { title: "Not allowed", status: 403, body: <ForbiddenPage /> });
}

/** The one 404: unknown paths, and ids that name nothing this person may see. */
export function renderNotFound<E extends AppEnv>(c: Context<E>): Promise<Response> {
  return renderPage(c, { title: "Page not found", status: 404, body: <NotFoundPage path={c.req.path} /> });
}

/** A fragment on its own (a row, a line) for an htmx swap, outside renderPage's page-or-partial choice. */
export async function renderFragment<E extends AppEnv>(c: Context<E>, fragment: Child, status: ContentfulStatusCode = 200): Promise<Response> {
  return c.html(String(await (<>{fragment}</>).toString()), status);
}

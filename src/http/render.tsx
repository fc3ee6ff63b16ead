import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { Layout, type NavLink } from "../../templates/layout/Layout.tsx";
import type { AppEnv } from "./types.ts";

export function mainNav(): NavLink[] {
  return [{ href: "/", label: "Home" }];
}

export function isHtmx(c: Context<AppEnv>): boolean {
  return c.req.header("hx-request") === "true";
}

export interface PageOptions {
  title: string;
  body: Child;
  status?: ContentfulStatusCode;
  /** What an htmx request swaps instead of the whole page; defaults to the whole page. */
  partial?: Child;
}

/** One URL, two answers: the full page, or the fragment htmx asked for. */
export async function renderPage(c: Context<AppEnv>, opts: PageOptions): Promise<Response> {
  const status = opts.status ?? 200;
  if (opts.partial !== undefined && isHtmx(c)) {
    return c.html(String(await (<>{opts.partial}</>).toString()), status);
  }
  const page = (
    <Layout title={opts.title} nonce={c.get("secureHeadersNonce")} path={c.req.path} nav={mainNav()}>
      {opts.body}
    </Layout>
  );
  return c.html(`<!doctype html>${await page.toString()}`, status);
}

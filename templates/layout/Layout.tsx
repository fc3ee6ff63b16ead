import type { Child } from "hono/jsx";
import { criticalCss } from "./styles.ts";

export const HTMX_SRC = "/js/htmx-4.0.1.min.js";

export interface NavLink {
  href: string;
  label: string;
}

export interface LayoutProps {
  title: string;
  nonce?: string;
  /** Path of the current page, to mark its nav link. */
  path: string;
  /** The page "Help & feedback" says it was sent from (path and query string); the path when absent. */
  feedbackFrom?: string;
  nav: NavLink[];
  /** Links on the right of the header (sign in, account). */
  account?: Child;
  /** An urgent announcement's banner, above the page's content. */
  banner?: Child;
  children: Child;
}

/** The shell of every page: skip link, header with navigation, one main landmark, footer. */
export function Layout(props: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Chapter Member Portal`}</title>
        <meta name="description" content="Bid opportunities, events, training and dues for chapter members." />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <style nonce={props.nonce} dangerouslySetInnerHTML={{ __html: criticalCss }} />
        <script src={HTMX_SRC} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to main content</a>
        <header class="site">
          <div class="bar">
            <a class="brand" href="/">Chapter Member Portal</a>
            <nav aria-label="Main">
              <ul>
                {props.nav.map((link) => (
                  <li>
                    <a href={link.href} aria-current={isCurrent(props.path, link.href) ? "page" : undefined}>
                      {link.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            {props.account}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {props.banner}
          {props.children}
        </main>
        <footer class="site">
          <div>
            <p>Chapter Member Portal · built for contractors on the job site. Questions? Contact the chapter office.</p>
            <p>
              <a href={`/feedback/new?from=${encodeURIComponent(props.feedbackFrom ?? props.path)}`}>Help &amp; feedback</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

function isCurrent(path: string, href: string): boolean {
  return href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
}

import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { ConfigError } from "./config.ts";
import { loadSession } from "./auth/middleware.ts";
import { accountRoutes } from "./features/account/routes.tsx";
import { twoFactorLoginRoutes } from "./features/account/two-factor-login.tsx";
import { adminRoutes } from "./features/admin/routes.tsx";
import { authRoutes } from "./features/auth/routes.tsx";
import { adminEventRoutes } from "./features/events/admin-routes.tsx";
import { eventRoutes } from "./features/events/routes.tsx";
import { homeRoutes } from "./features/home/routes.tsx";
import { isDatabaseUnavailable } from "./http/errors.ts";
import { csrfOriginCheck, requestLog, securityHeaders, varyOnHtmx, withConfig, withDb } from "./http/middleware.ts";
import { renderPage } from "./http/render.tsx";
import type { AppEnv } from "./http/types.ts";
import { log, sqlStateOf } from "./lib/log.ts";
import { NotFoundPage, ServerErrorPage, UnavailablePage } from "../templates/pages/ErrorPages.tsx";

export function createApp() {
  const app = new Hono<AppEnv>();

  app.use(requestId());
  app.use(securityHeaders);
  app.use(requestLog);
  app.use(varyOnHtmx);
  app.use(withConfig);
  app.use(csrfOriginCheck);
  app.use(withDb);
  app.use(loadSession);

  app.route("/", homeRoutes);
  app.route("/", authRoutes);
  app.route("/", twoFactorLoginRoutes);
  app.route("/account", accountRoutes);
  app.route("/admin/events", adminEventRoutes);
  app.route("/admin", adminRoutes);
  app.route("/", eventRoutes);

  app.notFound((c) =>
    renderPage(c, { title: "Page not found", status: 404, body: <NotFoundPage path={c.req.path} /> }),
  );

  app.onError((err, c) => {
    const id = c.var.requestId ?? "unknown";
    if (err instanceof ConfigError) {
      log("error", err.message, { requestId: id });
      return c.text(`${err.message}\n`, 500);
    }
    if (isDatabaseUnavailable(err)) {
      log("error", "database unavailable", { requestId: id, code: sqlStateOf(err), error: String(err) });
      c.header("Retry-After", "30");
      return renderPage(c, { title: "Temporarily unavailable", status: 503, body: <UnavailablePage requestId={id} /> });
    }
    log("error", "unhandled error", { requestId: id, code: sqlStateOf(err), error: String(err), stack: err.stack });
    return renderPage(c, { title: "Something went wrong", status: 500, body: <ServerErrorPage requestId={id} /> });
  });

  return app;
}

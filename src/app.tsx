import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { ConfigError } from "./config.ts";
import { loadSession } from "./auth/middleware.ts";
import { Forbidden } from "./auth/rbac.ts";
import { accountRoutes } from "./features/account/routes.tsx";
import { twoFactorLoginRoutes } from "./features/account/two-factor-login-routes.tsx";
import { adminRoutes } from "./features/admin/routes.tsx";
import { authRoutes } from "./features/auth/routes.tsx";
import { adminEventRoutes } from "./features/admin-events/routes.tsx";
import { projectRoutes } from "./features/projects/routes.tsx";
import { adminProjectRoutes } from "./features/admin-projects/routes.tsx";
import { adminCredentialRoutes } from "./features/admin-credentials/routes.tsx";
import { credentialRoutes } from "./features/credentials/routes.tsx";
import { adminPaymentRoutes } from "./features/admin-payments/routes.tsx";
import { eventRoutes } from "./features/events/routes.tsx";
import { directoryRoutes } from "./features/directory/routes.tsx";
import { homeRoutes } from "./features/home/routes.tsx";
import { messagingRoutes } from "./features/messaging/routes.tsx";
import { adminMessagingRoutes } from "./features/admin-messaging/routes.tsx";
import { memberPhotoRoutes } from "./features/profile/photo-routes.tsx";
import { profileRoutes } from "./features/profile/routes.tsx";
import { unsubscribeRoutes } from "./features/profile/unsubscribe-routes.tsx";
import { paymentRoutes } from "./features/payments/routes.tsx";
import { announcementRoutes, urgentBanner } from "./features/announcements/routes.tsx";
import { adminAnnouncementRoutes } from "./features/admin-announcements/routes.tsx";
import { learningRoutes } from "./features/learning/routes.tsx";
import { certificateRoutes } from "./features/certificates/routes.tsx";
import { adminCertificateRoutes } from "./features/admin-certificates/routes.tsx";
import { adminCourseRoutes } from "./features/admin-courses/routes.tsx";
import { feedbackRoutes } from "./features/feedback/routes.tsx";
import { adminFeedbackRoutes } from "./features/admin-feedback/routes.tsx";
import { isDatabaseUnavailable } from "./http/errors.ts";
import { countPageViews } from "./features/admin-dashboard/page-views.ts";
import { csrfOriginCheck, requestLog, securityHeaders, varyOnHtmx, withConfig, withDb } from "./http/middleware.ts";
import { renderForbidden, renderNotFound, renderPage } from "./http/render.tsx";
import type { AppEnv } from "./http/types.ts";
import { MalformedFormError, UnstorableInputError } from "./lib/forms.ts";
import { log } from "./lib/log.ts";
import { BadFormPage, ServerErrorPage, UnavailablePage } from "../templates/pages/ErrorPages.tsx";
import { sqlStateOf } from "./db/sqlstate.ts";

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
  app.use(urgentBanner);
  app.use(countPageViews);

  app.route("/", homeRoutes);
  app.route("/", authRoutes);
  app.route("/", twoFactorLoginRoutes);
  app.route("/account/profile", profileRoutes);
  app.route("/account", accountRoutes);
  app.route("/admin/events", adminEventRoutes);
  app.route("/admin/messages", adminMessagingRoutes);
  app.route("/admin/projects", adminProjectRoutes);
  app.route("/account/credentials", credentialRoutes);
  app.route("/admin/credentials", adminCredentialRoutes);
  app.route("/admin/announcements", adminAnnouncementRoutes);
  app.route("/admin/certificates", adminCertificateRoutes);
  app.route("/admin/courses", adminCourseRoutes);
  app.route("/admin/feedback", adminFeedbackRoutes);
  app.route("/admin", adminRoutes);
  app.route("/", eventRoutes);
  app.route("/", projectRoutes);
  app.route("/messages", messagingRoutes);
  app.route("/", memberPhotoRoutes);
  app.route("/", unsubscribeRoutes);
  app.route("/", directoryRoutes);
  app.route("/admin/payments", adminPaymentRoutes);
  app.route("/", paymentRoutes);
  app.route("/announcements", announcementRoutes);
  app.route("/", learningRoutes);
  app.route("/", certificateRoutes);
  app.route("/", feedbackRoutes);

  app.notFound(renderNotFound);

  app.onError((err, c) => {
    const id = c.var.requestId ?? "unknown";
    if (err instanceof Forbidden) return renderForbidden(c);
    if (err instanceof ConfigError) {
      log("error", err.message, { requestId: id });
      return c.text(`${err.message}\n`, 500);
    }
    // Bad input is the sender's mistake, answered with a page, never a 500 (src/lib/forms.ts raises these).
    if (err instanceof MalformedFormError) {
      log("warn", "unreadable form", { requestId: id, path: c.req.path, error: String(err.cause) });
      const explanation = "The form arrived incomplete or damaged, so the portal could not read it.";
      return renderPage(c, { title: "Form not readable", status: 400, body: <BadFormPage heading="The form could not be read" explanation={explanation} /> });
    }
    if (err instanceof UnstorableInputError) {
      const explanation = `A field (${err.fields.join(", ")}) contains an invisible NUL character that cannot be saved. Retype that field.`;
      return renderPage(c, { title: "Form not saved", status: 422, body: <BadFormPage heading="The form holds a character we cannot save" explanation={explanation} /> });
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

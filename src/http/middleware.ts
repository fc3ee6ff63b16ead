import type { MiddlewareHandler } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { loadConfig } from "../config.ts";
import { createDb } from "../db/client.ts";
import { log } from "../lib/log.ts";
import { UNSUBSCRIBE_PATH } from "../lib/unsubscribe.ts";
import { VIDEO_HOSTS } from "../features/learning/content.ts";
import type { AppEnv } from "./types.ts";

export const withConfig: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("config", loadConfig(c.env as unknown as Record<string, unknown>));
  await next();
};

/** One database client per request, opened lazily, closed after the response is sent. */
export const withDb: MiddlewareHandler<AppEnv> = async (c, next) => {
  let made: ReturnType<typeof createDb> | undefined;
  c.set("db", () => (made ??= createDb(c.var.config)).db);
  try {
    await next();
  } finally {
    if (made) {
      const { pool } = made;
      c.executionCtx.waitUntil(pool.end().catch(() => {}));
    }
  }
};

export const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", NONCE],
    imgSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    // Our own documents (credential previews) as before, plus course videos from these hosts only.
    frameSrc: ["'self'", ...VIDEO_HOSTS.map((host) => `https://${host}`)],
  },
  referrerPolicy: "strict-origin-when-cross-origin",
  xFrameOptions: "DENY",
  strictTransportSecurity: "max-age=63072000; includeSubDomains",
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  // These are defaults: a route that sets one of these headers itself (the private
  // calendar feed's Referrer-Policy: no-referrer) knows better, so its value stays.
  overwrite: false,
});

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
export const STRIPE_WEBHOOK_PATH = "/stripe/webhook";

/**
 * Refuses state-changing requests that did not come from our own pages.
 * The browser's Origin header is the check; when a browser omits it,
 * Sec-Fetch-Site must say same-origin. Anything else is refused.
 * One exception: the RFC 8058 one-click unsubscribe POST to /unsubscribe/<token>, which
 * mail clients send with no Origin; the signed token is its own proof, and it can only
 * turn one kind of email off.
 */
export const csrfOriginCheck: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  if (c.req.method === "POST" && UNSUBSCRIBE_PATH.test(c.req.path)) return next();
  // Stripe sends no Origin; the route checks the body's signature instead (payments/webhook-routes.tsx).
  if (c.req.method === "POST" && c.req.path === STRIPE_WEBHOOK_PATH) return next();
  const own = new URL(c.req.url).origin;
  const origin = c.req.header("origin");
  const fetchSite = c.req.header("sec-fetch-site");
  const allowed = origin ? origin === own : fetchSite === "same-origin";
  if (!allowed) {
    log("warn", "csrf refused", { requestId: c.var.requestId, origin: origin ?? null, path: c.req.path });
    return c.text("This form was sent from another site, so it was refused. Reload the page and try again.", 403);
  }
  return next();
};

export const requestLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = Date.now();
  await next();
  log(c.res.status >= 500 ? "error" : "info", "request", {
    requestId: c.var.requestId,
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Date.now() - started,
  });
};

/** Whole page or htmx partial depend on HX-Request, so caches must key on it. */
export const varyOnHtmx: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.res.headers.append("Vary", "HX-Request, HX-History-Restore-Request, HX-Request-Type");
};

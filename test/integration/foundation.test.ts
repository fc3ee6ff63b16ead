import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { get, ORIGIN, postForm } from "../helpers/http.ts";

/** Calls the Worker directly, optionally with env settings replaced, as a broken deployment would run. */
async function callWorker(path: string, init: RequestInit = {}, overrides: Partial<Env> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, init), { ...env, ...overrides } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("pages", () => {
  it("renders the home page inside the shared layout", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('<a class="skip" href="#main">');
    expect(html).toMatch(/<main id="main"/);
    expect(html).toContain('<nav aria-label="Main">');
    expect(html).toContain("<footer");
    expect(html).toMatch(/<script src="\/js\/htmx-[\d.]+\.min\.js" defer(="")?><\/script>/);
    expect(html).toMatch(/<span class="stat">\d+<\/span> open for bidding now/);
  });

  it("answers an unknown path with the 404 page", async () => {
    const res = await get("/no-such-page");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("Page not found");
    expect(html).toContain("<code>/no-such-page</code>");
  });
});

describe("health", () => {
  it("answers 200 with JSON when the database answers", async () => {
    const res = await get("/healthz");
    expect(res.status).toBe(200);
    const body = await res.json<{ status: string; database: string; latencyMs: number }>();
    expect(body).toMatchObject({ status: "ok", database: "ok" });
    expect(body.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("answers 503 when the database proxy is unreachable", async () => {
    const res = await callWorker("/healthz", {}, { DB_WS_PROXY: "127.0.0.1:1" });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(await res.json()).toMatchObject({ status: "unavailable", database: "unreachable" });
  });

  it("shows the 503 page, not an error, when a page needs the database and it is down", async () => {
    const res = await callWorker("/", {}, { DB_WS_PROXY: "127.0.0.1:1" });
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain("The portal is briefly unavailable");
    expect(html).toContain('<main id="main"');
  });

  it("answers 503 when Postgres itself is down", async () => {
    const deadDb = new URL(env.DATABASE_URL);
    deadDb.port = "1";
    const res = await callWorker("/healthz", {}, { DATABASE_URL: deadDb.toString() });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "unavailable" });
  });
});

describe("security headers", () => {
  for (const path of ["/", "/no-such-page", "/healthz"]) {
    it(`are set on ${path}`, async () => {
      const res = await get(path);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-request-id")).toMatch(/.+/);
      expect(res.headers.get("vary")).toContain("HX-Request");
    });
  }

  it("gives the inline stylesheet the CSP nonce of its response", async () => {
    const res = await get("/");
    const nonce = /style-src 'self' 'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce).toBeTruthy();
    expect(await res.text()).toContain(`<style nonce="${nonce}">`);
  });
});

describe("CSRF", () => {
  it("refuses a POST from another origin", async () => {
    const res = await postForm("/", { a: "1" }, { headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/another site/);
  });

  it("refuses a POST with neither Origin nor Sec-Fetch-Site", async () => {
    const res = await callWorker("/", { method: "POST", body: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(403);
  });

  it("lets a same-origin POST through to routing", async () => {
    const res = await postForm("/no-such-form", { a: "1" });
    expect(res.status).toBe(404);
  });
});

describe("errors", () => {
  it("names the broken setting when configuration is invalid", async () => {
    const res = await callWorker("/", {}, { TOTP_ENCRYPTION_KEY: "short" });
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/^Configuration error: TOTP_ENCRYPTION_KEY must be 64 hex characters/);
  });
});

describe("bindings", () => {
  it("round-trips a file through R2", async () => {
    await env.FILES.put("test/hello.txt", "site plan v2", { httpMetadata: { contentType: "text/plain" } });
    const object = await env.FILES.get("test/hello.txt");
    expect(await object?.text()).toBe("site plan v2");
    expect(object?.httpMetadata?.contentType).toBe("text/plain");
    await env.FILES.delete("test/hello.txt");
    expect(await env.FILES.get("test/hello.txt")).toBeNull();
  });

  it("round-trips decisions through the rate limiter Durable Object", async () => {
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName("test:bindings"));
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await stub.consume(3, 60));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[2]!.remaining).toBe(0);
    expect(decisions[3]!.retryAfterSeconds).toBeGreaterThan(0);
    await stub.reset();
    expect((await stub.consume(3, 60)).allowed).toBe(true);
  });
});

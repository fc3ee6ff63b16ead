import { exports } from "cloudflare:workers";

export const ORIGIN = "http://localhost";

/** A request to the Worker under test, as a browser on our own origin would send it. */
export function get(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { redirect: "manual", ...init }));
}

/** A form POST from one of our pages (Origin set), unless init overrides headers. */
export function postForm(path: string, form: Record<string, string>, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("origin")) headers.set("origin", ORIGIN);
  headers.set("content-type", "application/x-www-form-urlencoded");
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      body: new URLSearchParams(form).toString(),
      redirect: "manual",
      ...init,
      headers,
    }),
  );
}

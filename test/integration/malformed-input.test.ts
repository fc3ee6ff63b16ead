// Hostile or broken form bodies get a page that says what went wrong (400 / 422), never a 500.
// The check sits in src/lib/forms.ts, the one reader every form route uses.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { useTestDb, makeEvent } from "../helpers/db.ts";
import { ORIGIN, postForm } from "../helpers/http.ts";

const db = useTestDb();

/** A multipart body whose closing boundary never comes: the runtime's form parser throws on it. */
function brokenMultipart(path: string, cookie?: string) {
  const headers = new Headers({ origin: ORIGIN, "content-type": "multipart/form-data; boundary=XyZ", "cf-connecting-ip": "198.51.100.77" });
  if (cookie) headers.set("cookie", cookie);
  const body = '--XyZ\r\nContent-Disposition: form-data; name="email"\r\n\r\nsomeone@example.org\r\n--Xy';
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { method: "POST", headers, body, redirect: "manual" }));
}

describe("a broken multipart body", () => {
  it("is a 400 page on public form routes", async () => {
    for (const path of ["/login", "/register", "/forgot-password", "/reset-password", "/verify-email"]) {
      const res = await brokenMultipart(path);
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toContain("The form could not be read");
    }
  });

  it("is a 400 page on signed-in and admin form routes too", async () => {
    const admin = await createAccount(db, { memberType: "admin", roles: ["admin"] });
    const cookie = await sessionCookie(db, admin.id);
    const event = await makeEvent(db, admin.id);
    for (const path of ["/account/security/password", `/admin/users/${admin.id}`, "/admin/roles", `/admin/events/${event.id}`, `/admin/events/${event.id}/files`]) {
      const res = await brokenMultipart(path, cookie);
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toContain("The form could not be read");
    }
  });
});

describe("a NUL character in a field", () => {
  it("in the sign-in email is a 422 with the message beside the field, and the address kept", async () => {
    const res = await postForm("/login", { email: "someone\u0000@example.org", password: "whatever it is" }, { headers: { "cf-connecting-ip": "198.51.100.78" } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("invisible character (NUL)");
    expect(html).toContain('value="someone@example.org"');
  });

  it("in sign-up and forgot-password fields is a 422, not a 500", async () => {
    const reg = await postForm("/register", {
      firstName: "Ro\u0000sa",
      lastName: "Delgado",
      email: "rosa-nul@example.org",
      password: "job site coffee at six",
      confirmPassword: "job site coffee at six",
    }, { headers: { "cf-connecting-ip": "198.51.100.79" } });
    expect(reg.status).toBe(422);
    expect(await reg.text()).toContain('value="Rosa"');
    const forgot = await postForm("/forgot-password", { email: "x\u0000@example.org" }, { headers: { "cf-connecting-ip": "198.51.100.79" } });
    expect(forgot.status).toBe(422);
  });

  it("in an admin form read by hand is a 422 page naming the field", async () => {
    const admin = await createAccount(db, { memberType: "admin", roles: ["admin"] });
    const event = await makeEvent(db, admin.id);
    const res = await postForm(`/admin/events/${event.id}`, { title: "Night\u0000shift safety" }, { headers: { cookie: await sessionCookie(db, admin.id) } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("cannot be saved");
    expect(html).toContain("title");
  });

  it("in an admin profile edit is a 422 re-render of the form", async () => {
    const admin = await createAccount(db, { memberType: "admin", roles: ["admin"] });
    const member = await createAccount(db);
    // The profile schema refuses control characters with its own message; a NUL in a field it leaves free (city) gets ours.
    const as = { headers: { cookie: await sessionCookie(db, admin.id) } };
    const name = await postForm(`/admin/users/${member.id}`, { firstName: "Mar\u0000cus" }, as);
    expect(name.status).toBe(422);
    expect(await name.text()).toContain('id="f-firstName-error"');
    const city = await postForm(`/admin/users/${member.id}`, { city: "Fres\u0000no" }, as);
    expect(city.status).toBe(422);
    const html = await city.text();
    expect(html).toMatch(/id="f-city-error">(This contains an invisible character \(NUL\)|[^<]+)/);
    expect(html).toContain('value="Fresno"');
  });
});

// The member list (search, filters, pagination, htmx partial, CSV), an account's
// page, and profile edits with their audit rows. The database is shared: every
// query here is scoped to a company marker this file makes up.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { users } from "../../src/db/schema/accounts.ts";
import { adminActions } from "../../src/db/schema/audit.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { makeUser, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

const db = useTestDb();
const marker = () => `Qmark${newId().slice(1, 13)}`;
const auditOf = (targetId: string) => db.select().from(adminActions).where(eq(adminActions.targetUserId, targetId));
const rowCount = (html: string) => (html.match(/<th scope="row">/g) ?? []).length;

let adminId: string;
let cookie: string;
beforeAll(async () => {
  const admin = await createAccount(db, { memberType: "admin", roles: ["admin"], firstName: "Ada" });
  adminId = admin.id;
  cookie = await sessionCookie(db, admin.id);
});
const as = () => ({ headers: { cookie } });

describe("GET /admin/users: search and filters", () => {
  const m = marker();
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const base = { company: `${m} Builders`, isVerified: true };
    ids.active = (await makeUser(db, { ...base, firstName: "Maria", lastName: "Reyes" })).id;
    ids.admin = (await makeUser(db, { ...base, firstName: "Amir", lastName: "Admin", memberType: "admin" })).id;
    ids.unverified = (await makeUser(db, { ...base, firstName: "Uma", lastName: "Unverified", isVerified: false })).id;
    ids.locked = (await makeUser(db, { ...base, firstName: "Lou", lastName: "Locked", lockedUntil: new Date(Date.now() + 3_600_000) })).id;
    ids.gone = (await makeUser(db, { ...base, firstName: "Dee", lastName: "Gone", isActive: false, deletedAt: new Date() })).id;
  });

  const idsIn = (html: string) => Object.entries(ids).filter(([, id]) => html.includes(`/admin/users/${id}"`)).map(([k]) => k).sort();

  it("finds by company and leaves deactivated accounts out by default", async () => {
    const res = await get(`/admin/users?q=${m}`, as());
    expect(res.status).toBe(200);
    expect(idsIn(await res.text())).toEqual(["active", "admin", "locked", "unverified"]);
  });

  it("finds by name and by part of the email", async () => {
    const byName = await get(`/admin/users?q=${encodeURIComponent("maria reyes")}&status=all`, as());
    expect(idsIn(await byName.text())).toContain("active");
    const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, ids.unverified!));
    const byEmail = await get(`/admin/users?q=${encodeURIComponent(u!.email.slice(0, 20))}`, as());
    expect(idsIn(await byEmail.text())).toEqual(["unverified"]);
  });

  it("filters by status, type and verification", async () => {
    const cases: Array<[string, string[]]> = [
      ["status=deactivated", ["gone"]],
      ["status=locked", ["locked"]],
      ["status=active", ["active", "admin", "unverified"]],
      ["status=all", ["active", "admin", "gone", "locked", "unverified"]],
      ["type=admin", ["admin"]],
      ["type=REGULAR&verified=no", ["unverified"]],
      ["verified=yes&status=all", ["active", "admin", "gone", "locked"]],
    ];
    for (const [query, expected] of cases) {
      const res = await get(`/admin/users?q=${m}&${query}`, as());
      expect({ query, found: idsIn(await res.text()) }).toEqual({ query, found: expected });
    }
  });

  it("treats LIKE wildcards in the search as plain text", async () => {
    const res = await get(`/admin/users?q=${encodeURIComponent(`${m.slice(0, 6)}%${m.slice(7)}`)}`, as());
    const html = await res.text();
    expect(idsIn(html)).toEqual([]);
    expect(html).toContain("No accounts match these filters");
  });

  it("answers an htmx request with only the results fragment", async () => {
    const res = await get(`/admin/users?q=${m}&status=locked`, { headers: { cookie, "hx-request": "true" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<div id="user-results">')).toBe(true);
    expect(html).not.toContain("<html");
    expect(html).not.toContain("<h1");
    expect(idsIn(html)).toEqual(["locked"]);
    expect(res.headers.get("vary")).toContain("HX-Request");
  });

  it("answers htmx's back-button restore with the whole page", async () => {
    for (const extra of [{ "hx-history-restore-request": "true" }, { "hx-request-type": "full" }] as Array<Record<string, string>>) {
      const res = await get(`/admin/users?q=${m}`, { headers: { cookie, "hx-request": "true", ...extra } });
      const html = await res.text();
      expect(html.startsWith("<!doctype html>")).toBe(true);
      expect(idsIn(html)).toEqual(["active", "admin", "locked", "unverified"]);
    }
  });

  it("keeps admin pages out of caches", async () => {
    for (const path of ["/admin", "/admin/users", `/admin/users.csv?q=${m}`]) {
      const res = await get(path, as());
      expect({ path, cache: res.headers.get("cache-control") }).toEqual({ path, cache: "private, no-store" });
    }
  });

  it("renders the filter form as a plain GET form with htmx attributes and labels", async () => {
    const html = await (await get("/admin/users", as())).text();
    expect(html).toMatch(
      /<form method="get" action="\/admin\/users"[^>]*data-hx-get="\/admin\/users"[^>]*data-hx-target="#user-results"[^>]*data-hx-swap="outerHTML"[^>]*data-hx-push-url="true"/,
    );
    for (const name of ["q", "type", "status", "verified"]) expect(html).toContain(`<label for="f-${name}">`);
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain("<caption>");
    expect(html).toContain('<th scope="col">Name</th>');
  });

  it("rejects filter values that are not on the list (422, input kept)", async () => {
    const res = await get(`/admin/users?status=${encodeURIComponent('"><script>x</script>')}&q=${"a".repeat(101)}`, as());
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Choose a status from the list");
    expect(html).toContain("at most 100 characters");
    expect(html).not.toContain("<script>x</script>");
    expect(html).toContain(`value="${"a".repeat(101)}"`);
  });

  it("rejects a NUL byte in the search instead of failing in Postgres", async () => {
    const res = await get(`/admin/users?q=a%00b`, as());
    expect(res.status).toBe(422);
  });
});

describe("GET /admin/users: pagination", () => {
  const m = marker();
  beforeAll(async () => {
    for (let i = 0; i < 27; i++) {
      await makeUser(db, { company: m, firstName: "Page", lastName: `Member${String(i).padStart(2, "0")}` });
    }
  });

  it("shows 25 per page with a pager that keeps the filters", async () => {
    const first = await (await get(`/admin/users?q=${m}`, as())).text();
    expect(rowCount(first)).toBe(25);
    expect(first).toContain("Page 1 of 2 · 27 results");
    expect(first).toContain(`href="/admin/users?q=${m}&amp;page=2"`);
    expect(first).toContain("Member00");
    expect(first).not.toContain("Member26");

    const second = await (await get(`/admin/users?q=${m}&page=2`, as())).text();
    expect(rowCount(second)).toBe(2);
    expect(second).toContain("Page 2 of 2");
    expect(second).toContain("Member25");
    expect(second).toContain("Member26");
  });

  it("clamps a hostile page number and still counts the matches", async () => {
    const res = await get(`/admin/users?q=${m}&page=99999999999`, as());
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("No accounts match");
    const junk = await get(`/admin/users?q=${m}&page=-3`, as());
    expect(rowCount(await junk.text())).toBe(25);
  });
});

describe("GET /admin/users.csv", () => {
  const m = marker();
  let evilId: string;
  beforeAll(async () => {
    evilId = (
      await makeUser(db, {
        company: `${m}, "Quoted" & Co`,
        firstName: '=HYPERLINK("http://evil.example","click")',
        lastName: "+1 line\nbreak",
        phone: "@SUM(A1)",
        city: "-2+3",
      })
    ).id;
    await makeUser(db, { company: m, firstName: "Plain", lastName: "Person", deletedAt: new Date(), isActive: false });
  });

  it("exports the filtered rows with a header, quoting and formula injection neutralised", async () => {
    const res = await get(`/admin/users.csv?q=${m}`, as());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="members-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await res.text();
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(
      "id,email,first_name,last_name,company,title,phone,city,state,zip_code,member_type,verified,status,failed_login_attempts,locked_until,member_since,membership_expires_at,last_sign_in,deactivated_at",
    );
    expect(text).toContain(`${evilId},`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).toContain(`"'+1 line\nbreak"`);
    expect(text).toContain(`"${m}, ""Quoted"" & Co"`);
    expect(text).toContain(",'@SUM(A1),'-2+3,");
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    // Default filter: the deactivated account is not in it; the status filter brings it in.
    expect(text).not.toContain("Plain");
    const all = await (await get(`/admin/users.csv?q=${m}&status=deactivated`, as())).text();
    expect(all.trim().split("\r\n")).toHaveLength(2);
    expect(all).toContain("Plain,Person");
  });

  it("refuses invalid filters with 422", async () => {
    const res = await get("/admin/users.csv?type=root", as());
    expect(res.status).toBe(422);
  });
});

describe("GET /admin/users/:id", () => {
  it("shows the profile, status, lockout, sessions, roles and recent actions", async () => {
    const member = await createAccount(db, { firstName: "Sessions" });
    await db.update(users).set({ failedLoginAttempts: 4, lockedUntil: new Date(Date.now() + 600_000), city: "Oakland" }).where(eq(users.id, member.id));
    await sessionCookie(db, member.id);
    await sessionCookie(db, member.id);
    await postForm(`/admin/users/${member.id}/unlock`, {}, as());
    const res = await get(`/admin/users/${member.id}`, as());
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Sessions Member</h1>");
    expect(html).toMatch(/<dt>Signed-in sessions<\/dt><dd>2<\/dd>/);
    expect(html).toContain('<th scope="row">member</th>');
    expect(html).toContain("Never");
    expect(html).toContain("In effect");
    expect(html).toContain("USER_UPDATED");
    expect(html).toContain("Account unlocked");
    expect(html).toContain('value="Oakland"');
    expect(html).toContain("Deactivate Sessions Member");
  });

  it("answers 404 for an unknown id and for junk", async () => {
    for (const id of [newId(), "not-an-id", "c" + "a".repeat(200), "%3Cscript%3E"]) {
      const res = await get(`/admin/users/${id}`, as());
      expect({ id, status: res.status }).toEqual({ id, status: 404 });
    }
  });

  it("escapes HTML in account fields", async () => {
    const u = await makeUser(db, { firstName: "<script>alert(1)</script>", lastName: '"><img src=x onerror=alert(2)>' });
    const html = await (await get(`/admin/users/${u.id}`, as())).text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("does not offer the admin a button to deactivate themself", async () => {
    const html = await (await get(`/admin/users/${adminId}`, as())).text();
    expect(html).not.toContain(`/admin/users/${adminId}/deactivate`);
  });
});

describe("POST /admin/users/:id (profile)", () => {
  const valid = {
    firstName: "Maria",
    lastName: "Reyes",
    company: "Reyes Concrete",
    title: "Owner",
    phone: "+1 (510) 555-0199",
    city: "Oakland",
    state: "ca",
    zipCode: "94612",
    memberType: "REGULAR",
    membershipExpiresAt: "2031-06-30",
  };

  it("saves the changes and writes one USER_UPDATED row with only the changed fields", async () => {
    const u = await makeUser(db, { firstName: "Maria", lastName: "Reyes", company: "Old Co" });
    const res = await postForm(`/admin/users/${u.id}`, valid, as());
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/users/${u.id}?notice=profile_saved`);
    const [row] = await db.select().from(users).where(eq(users.id, u.id));
    expect(row).toMatchObject({ company: "Reyes Concrete", state: "CA", zipCode: "94612", phone: "+1 (510) 555-0199", updatedById: adminId });
    // Typed as a Pacific day: midnight PDT is 07:00 UTC.
    expect(row!.membershipExpiresAt?.toISOString()).toBe("2031-06-30T07:00:00.000Z");
    const audit = await auditOf(u.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "USER_UPDATED", userId: adminId, targetUserId: u.id });
    const meta = audit[0]!.metadata as { before: Record<string, unknown>; after: Record<string, unknown> };
    expect(meta.before).toEqual({ company: "Old Co", title: null, phone: null, city: null, state: null, zipCode: null, membershipExpiresAt: null });
    expect(meta.after).toMatchObject({ company: "Reyes Concrete", state: "CA", membershipExpiresAt: "2031-06-30T07:00:00.000Z" });
    expect(Object.keys(meta.after)).not.toContain("firstName");

    const page = await (await get(res.headers.get("location")!, as())).text();
    expect(page).toContain("Profile saved.");
  });

  it("clears an optional field sent empty, and writes nothing when nothing changed", async () => {
    const u = await makeUser(db, { firstName: "Clear", lastName: "Me", city: "Fresno" });
    const res = await postForm(`/admin/users/${u.id}`, { city: "" }, as());
    expect(res.status).toBe(303);
    expect((await db.select({ city: users.city }).from(users).where(eq(users.id, u.id)))[0]!.city).toBeNull();
    const again = await postForm(`/admin/users/${u.id}`, { city: "", firstName: "Clear" }, as());
    expect(again.headers.get("location")).toBe(`/admin/users/${u.id}?notice=profile_unchanged`);
    expect(await auditOf(u.id)).toHaveLength(1);
  });

  const bad: Array<[string, Record<string, string>, string]> = [
    ["empty first name", { firstName: "  " }, "Enter first name"],
    ["overlong company", { company: "x".repeat(121) }, "Company must be at most 120 characters"],
    ["state not two letters", { state: "California" }, "two-letter code"],
    ["zip code", { zipCode: "9461" }, "ZIP code must be 5 digits"],
    ["phone with letters", { phone: "call me maybe" }, "Phone may use digits"],
    ["unknown member type", { memberType: "superuser" }, "Choose a member type"],
    ["impossible date", { membershipExpiresAt: "2031-02-30" }, "must be a real date"],
    ["NUL byte", { city: "Oak\u0000land" }, "plain text on one line"],
    ["line break in a one-line field", { title: "CEO\r\nX-Injected: yes" }, "plain text on one line"],
  ];
  for (const [label, form, message] of bad) {
    it(`refuses ${label} with 422, keeps the input and writes nothing`, async () => {
      const u = await makeUser(db, { firstName: "Valid", lastName: "Person", company: "Keep Co" });
      const res = await postForm(`/admin/users/${u.id}`, { ...valid, ...form }, as());
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('value="Reyes"');
      const [row] = await db.select().from(users).where(eq(users.id, u.id));
      expect(row).toMatchObject({ firstName: "Valid", company: "Keep Co", city: null });
      expect(await auditOf(u.id)).toHaveLength(0);
    });
  }

  it("refuses a field sent twice (an array, not text)", async () => {
    const u = await makeUser(db, { firstName: "Twice" });
    const { exports } = await import("cloudflare:workers");
    const res = await exports.default.fetch(
      new Request(`http://localhost/admin/users/${u.id}`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
        body: "firstName=A&firstName=B",
      }),
    );
    expect(res.status).toBe(422);
    expect(await auditOf(u.id)).toHaveLength(0);
  });

  it("refuses an admin changing their own member type", async () => {
    const res = await postForm(`/admin/users/${adminId}`, { memberType: "REGULAR" }, as());
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("You cannot change your own member type");
    expect((await db.select({ t: users.memberType }).from(users).where(eq(users.id, adminId)))[0]!.t).toBe("admin");
    expect(await auditOf(adminId)).toHaveLength(0);
  });

  it("answers 404 for an unknown account, writing nothing", async () => {
    const id = newId();
    const res = await postForm(`/admin/users/${id}`, valid, as());
    expect(res.status).toBe(404);
    expect(await auditOf(id)).toHaveLength(0);
  });
});

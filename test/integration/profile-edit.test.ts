// /account/profile: saving the details (own row only, hostile input refused with what was
// typed kept), a ZIP or a city turned into coordinates from zip_codes, skills added, edited
// and removed with users.skills kept in step, email choices, and the completeness meter.
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { users, userSkills } from "../../src/db/schema/accounts.ts";
import { credentials, zipCodes } from "../../src/db/schema/directory.ts";
import { cityCentroid, zipCentroid } from "../../src/features/profile/location.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

const db = useTestDb();
let memberId: string;
let cookie: string;
const as = (extra: Record<string, string> = {}) => ({ headers: { cookie, ...extra } });
const row = async (id = memberId) => (await db.select().from(users).where(eq(users.id, id)))[0]!;

const DETAILS = {
  firstName: "Ana",
  lastName: "Reyes",
  company: "Reyes Concrete & Paving, Inc.",
  title: "President",
  phone: "510 555 0142",
  street: "1450 Industrial Pkwy",
  city: "",
  state: "",
  zip: "94621",
  website: "https://reyes.example.com",
  linkedin: "https://www.linkedin.com/in/ana-reyes",
  bio: "Flatwork, paving and site concrete.",
  yearsExperience: "18",
  bondingCapacity: "2,500,000",
  languages: "English, Spanish",
  serviceRadiusMiles: "60",
  directoryVisibility: "PUBLIC",
  showPhone: "on",
};

beforeEach(async () => {
  const account = await createAccount(db, { firstName: "Profile" });
  memberId = account.id;
  cookie = await sessionCookie(db, account.id);
});

describe("zip_codes", () => {
  it("is loaded by the migration step with US ZIP centroids", async () => {
    const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(zipCodes);
    expect(count!.n).toBeGreaterThan(30_000);
    const oakland = await zipCentroid(db, "94621");
    expect(oakland).toMatchObject({ zip: "94621", city: "Oakland", state: "CA" });
    expect(oakland!.latitude).toBeCloseTo(37.74, 1);
    expect(oakland!.longitude).toBeCloseTo(-122.2, 1);
    expect(await zipCentroid(db, "00000")).toBeNull();
    expect(await zipCentroid(db, "9462")).toBeNull();
    expect((await cityCentroid(db, "san francisco", "CA"))?.city).toBe("San Francisco");
  });
});

describe("GET /account/profile", () => {
  it("shows the member's own profile with the completeness meter and every section", async () => {
    const res = await get("/account/profile", as());
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Your profile</h1>");
    // The test account has a company and nothing else.
    expect(html).toMatch(/<meter id="completeness-meter"[^>]*value="10"/);
    expect(html).toContain("Add your skills");
    expect(html).toContain('id="photo-progress"');
    expect(html).toContain('src="/js/upload-progress-3.js"');
    for (const id of ["details", "skills", "notifications", "photo"]) expect(html).toContain(`id="${id}"`);
  });
});

describe("POST /account/profile", () => {
  it("saves every field, and takes coordinates and city from the ZIP's centroid", async () => {
    const res = await postForm("/account/profile", DETAILS, as());
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account/profile?notice=saved");
    const saved = await row();
    expect(saved).toMatchObject({
      company: "Reyes Concrete & Paving, Inc.",
      title: "President",
      phone: "(510) 555-0142",
      website: "https://reyes.example.com",
      linkedin: "https://www.linkedin.com/in/ana-reyes",
      zipCode: "94621",
      city: "Oakland",
      state: "CA",
      yearsExperience: 18,
      bondingCapacity: "2500000.00",
      languages: ["English", "Spanish"],
      serviceRadiusMiles: 60,
      directoryVisibility: "PUBLIC",
      showEmail: false,
      showPhone: true,
      updatedById: memberId,
    });
    expect(saved.address).toEqual({ street: "1450 Industrial Pkwy", city: "Oakland", state: "CA", zip: "94621" });
    const centroid = (await zipCentroid(db, "94621"))!;
    expect(saved.latitude).toBe(centroid.latitude);
    expect(saved.longitude).toBe(centroid.longitude);
    // The trigger keeps the seed's jsonb in step.
    expect(saved.coordinates).toEqual({ lat: centroid.latitude, lng: centroid.longitude });

    const page = await (await get("/account/profile?notice=saved", as())).text();
    expect(page).toContain("Your profile is saved.");
    expect(page).toContain('value="Reyes Concrete &amp; Paving, Inc."');
  });

  it("finds coordinates from a city and state when no ZIP is given, and clears them when both go", async () => {
    expect((await postForm("/account/profile", { ...DETAILS, zip: "", city: "Fresno", state: "CA" }, as())).status).toBe(303);
    const fresno = await row();
    expect(fresno).toMatchObject({ zipCode: null, city: "Fresno", state: "CA" });
    expect(fresno.latitude).toBeCloseTo(36.7, 0);
    expect((await postForm("/account/profile", { ...DETAILS, zip: "", city: "", state: "" }, as())).status).toBe(303);
    expect(await row()).toMatchObject({ latitude: null, longitude: null, coordinates: null, zipCode: null });
  });

  it("refuses an unknown ZIP beside the field, keeping what was typed and storing nothing", async () => {
    const res = await postForm("/account/profile", { ...DETAILS, zip: "00000", company: "Typed Co" }, as());
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="f-zip-error"');
    expect(html).toContain("We do not know the US ZIP code 00000");
    expect(html).toContain('value="Typed Co"');
    expect(await row()).toMatchObject({ company: "Test Builders", zipCode: null });
  });

  it("refuses hostile input with messages beside the fields and the values kept, escaped", async () => {
    const hostile = {
      ...DETAILS,
      company: '<script>alert("x")</script>',
      website: "javascript:alert(1)",
      linkedin: "https://linkedin.com.evil.example/in/x",
      phone: "not a phone",
      zip: "94 621",
      yearsExperience: "1e3",
      bondingCapacity: "-100",
      serviceRadiusMiles: "9999",
      directoryVisibility: "EVERYONE",
      bio: "x".repeat(2001),
    };
    const res = await postForm("/account/profile", hostile, as());
    expect(res.status).toBe(422);
    const html = await res.text();
    for (const field of ["website", "linkedin", "phone", "zip", "yearsExperience", "bondingCapacity", "serviceRadiusMiles", "directoryVisibility", "bio"]) {
      expect(html, field).toContain(`id="f-${field}-error"`);
    }
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain('value="javascript:alert(1)"');
    expect(await row()).toMatchObject({ company: "Test Builders", website: null });
  });

  it("answers a NUL in a field with 422, not a 500", async () => {
    const res = await postForm("/account/profile", { ...DETAILS, title: "Boss\u0000" }, as());
    expect(res.status).toBe(422);
  });

  it("changes only the signed-in member's row, whatever id the form carries", async () => {
    const other = await createAccount(db, { firstName: "Other" });
    const res = await postForm("/account/profile", { ...DETAILS, id: other.id, userId: other.id, company: "Mine" }, as());
    expect(res.status).toBe(303);
    expect((await row()).company).toBe("Mine");
    expect((await row(other.id)).company).toBe("Test Builders");
  });

  it("sends a visitor to sign in", async () => {
    const res = await postForm("/account/profile", DETAILS);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login");
  });
});

describe("skills", () => {
  const skillRows = () => db.select().from(userSkills).where(eq(userSkills.userId, memberId));

  it("adds, edits and removes rows, keeping users.skills in step", async () => {
    expect((await postForm("/account/profile/skills", { skill: "Concrete", level: "EXPERT", years: "18" }, as())).status).toBe(303);
    expect((await postForm("/account/profile/skills", { skill: "Asphalt paving", level: "ADVANCED", years: "" }, as())).status).toBe(303);
    let rows = await skillRows();
    expect(rows.map((r) => [r.skill, r.level, r.years]).sort()).toEqual([
      ["Asphalt paving", "ADVANCED", null],
      ["Concrete", "EXPERT", 18],
    ]);
    expect((await row()).skills).toEqual(["Asphalt paving", "Concrete"]);

    const concrete = rows.find((r) => r.skill === "Concrete")!;
    const edit = await postForm(`/account/profile/skills/${concrete.id}`, { skill: "Structural concrete", level: "EXPERT", years: "20" }, as());
    expect(edit.status).toBe(303);
    expect((await row()).skills).toEqual(["Asphalt paving", "Structural concrete"]);

    const remove = await postForm(`/account/profile/skills/${concrete.id}/delete`, {}, as());
    expect(remove.headers.get("location")).toBe("/account/profile?notice=skill-removed#skills");
    rows = await skillRows();
    expect(rows.map((r) => r.skill)).toEqual(["Asphalt paving"]);
    expect((await row()).skills).toEqual(["Asphalt paving"]);
  });

  it("answers htmx with the skills panel, and refuses a duplicate (any case) beside the field", async () => {
    const hx = as({ "hx-request": "true" });
    const added = await postForm("/account/profile/skills", { skill: "Rebar", level: "INTERMEDIATE", years: "4" }, hx);
    expect(added.status).toBe(200);
    const fragment = await added.text();
    expect(fragment.startsWith('<section aria-labelledby="h-skills" id="skills">')).toBe(true);
    expect(fragment).toContain("Remove Rebar");
    expect(fragment).not.toContain("<html");

    const dup = await postForm("/account/profile/skills", { skill: "rebar", level: "EXPERT", years: "" }, hx);
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain("You already list rebar");
    expect((await skillRows()).length).toBe(1);
    expect((await row()).skills).toEqual(["Rebar"]);
  });

  it("re-renders the whole page with the typed values when JS is off and the row is invalid", async () => {
    const res = await postForm("/account/profile/skills", { skill: "Welding", level: "WIZARD", years: "3" }, as());
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("<h1>Your profile</h1>");
    expect(html).toContain('id="skill-new-level-error"');
    expect(html).toContain('value="Welding"');
  });

  it("treats another member's skill row as not found", async () => {
    const other = await createAccount(db, { firstName: "Other" });
    const [theirs] = await db.insert(userSkills).values({ userId: other.id, skill: "Roofing", level: "EXPERT" }).returning();
    expect((await postForm(`/account/profile/skills/${theirs!.id}`, { skill: "Mine now", level: "BEGINNER", years: "" }, as())).status).toBe(404);
    expect((await postForm(`/account/profile/skills/${theirs!.id}/delete`, {}, as())).status).toBe(404);
    expect((await db.select().from(userSkills).where(eq(userSkills.id, theirs!.id)))[0]).toMatchObject({ skill: "Roofing" });
  });
});

describe("email choices", () => {
  it("stores one switch per optional kind and keeps the channel keys", async () => {
    await db.update(users).set({ notificationPreferences: { email: true, sms: true, push: false } }).where(eq(users.id, memberId));
    const res = await postForm("/account/profile/notifications", { bidAlerts: "on", credentialExpiry: "on" }, as());
    expect(res.headers.get("location")).toBe("/account/profile?notice=notifications-saved#notifications");
    expect((await row()).notificationPreferences).toEqual({
      email: true,
      sms: true,
      push: false,
      eventReminders: false,
      credentialExpiry: true,
      bidAlerts: true,
      messageDigests: false,
      announcements: false,
    });
  });
});

describe("completeness meter", () => {
  it("counts skills and only verified, unexpired credentials", async () => {
    await postForm("/account/profile", DETAILS, as());
    await postForm("/account/profile/skills", { skill: "Concrete", level: "EXPERT", years: "18" }, as());
    const before = await (await get("/account/profile", as())).text();
    expect(before).toMatch(/<meter id="completeness-meter"[^>]*value="85"/);
    expect(before).toContain("Get a certification verified");
    await db.insert(credentials).values([
      { userId: memberId, type: "DBE", status: "PENDING", expiresOn: "2099-01-01" },
      { userId: memberId, type: "MBE", status: "VERIFIED", expiresOn: "2001-01-01" },
    ]);
    expect(await (await get("/account/profile", as())).text()).toMatch(/value="85"/);
    await db.insert(credentials).values({ userId: memberId, type: "SBE", status: "VERIFIED", expiresOn: "2099-01-01" });
    const after = await (await get("/account/profile", as())).text();
    expect(after).toMatch(/<meter id="completeness-meter"[^>]*value="95"/);
    expect(after).not.toContain("Get a certification verified");
  });
});

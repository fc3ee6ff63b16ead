// GET /members/:id and its vCard: the profile as its owner allowed, who may open it (hidden,
// unverified, deleted), skills with level and years, counting credentials, photo and message links.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "../../src/db/schema/index.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { get } from "../helpers/http.ts";
import { chapterDay, credential, ensureZips, listed, page, skillRow } from "./directory-fixtures.ts";

const db = useTestDb();
let cookie: string;
let adminCookie: string;

beforeAll(async () => {
  await ensureZips(db);
  cookie = await sessionCookie(db, (await createAccount(db, { firstName: "Viewer" })).id);
  adminCookie = await sessionCookie(db, (await createAccount(db, { memberType: "admin", roles: ["admin"] })).id);
});

describe("GET /members/:id", () => {
  it("shows the profile with skills (level, years), counting certifications, the photo, Message and vCard links", async () => {
    const m = await listed(db, {
      firstName: "Ana",
      lastName: "Reyes",
      company: "Reyes Concrete & Paving",
      title: "President",
      city: "Oakland",
      state: "CA",
      bio: "Public works concrete since 2004.",
      profileImage: "profiles/ana.jpg",
      languages: ["English", "Spanish"],
      yearsExperience: 22,
      bondingCapacity: "2000000",
      serviceRadiusMiles: 75,
      email: `ana-${Date.now()}@example.com`,
    });
    await skillRow(db, m.id, "Concrete Flatwork", "EXPERT", 20);
    await skillRow(db, m.id, "Estimating", "INTERMEDIATE", 1);
    await credential(db, m.id, { type: "DBE", expiresOn: "2099-12-31" });
    await credential(db, m.id, { type: "CSLB_LICENSE", classification: "A General Engineering Contractor", issuer: "CSLB" });
    await credential(db, m.id, { type: "MBE", status: "PENDING" });
    await credential(db, m.id, { type: "WBE", expiresOn: await chapterDay(db, -1) });

    const res = await page(`/members/${m.id}`, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-cache");
    expect(res.html).toContain('<h1 id="member-name">Ana Reyes</h1>');
    expect(res.html).toContain("President, Reyes Concrete &amp; Paving");
    expect(res.html).toContain("Concrete Flatwork — Expert, 20 years");
    expect(res.html).toContain("Estimating — Intermediate, 1 year");
    expect(res.html).toContain("<strong>DBE</strong>");
    expect(res.html).toContain("<strong>CSLB A</strong> · CSLB");
    expect(res.html).not.toContain("<strong>MBE</strong>");
    expect(res.html).not.toContain("<strong>WBE</strong>");
    expect(res.html).toContain(`<img src="/members/${m.id}/photo" alt="Ana Reyes"`);
    expect(res.html).toContain(`href="/messages/new?to=${m.id}"`);
    expect(res.html).toContain(`href="/members/${m.id}/vcard"`);
    expect(res.html).toContain("$2,000,000.00");
    expect(res.html).toContain("English, Spanish");
    expect(res.html).not.toContain(m.email);
    expect(res.html).toContain("has not shared an email or phone number");
  });

  it("shows email and phone only when the member chose to, each on its own", async () => {
    const email = `shown-${Date.now()}@example.com`;
    const m = await listed(db, { email, phone: "(916) 555-0142", showEmail: true, showPhone: false });
    const res = await page(`/members/${m.id}`, cookie);
    expect(res.html).toContain(`href="mailto:${email}"`);
    expect(res.html).not.toContain("555-0142");
  });

  it("answers 404 for hidden, unverified, deactivated and deleted members, and for ids that name nobody", async () => {
    for (const over of [{ directoryVisibility: "HIDDEN" as const }, { isVerified: false }, { isActive: false }, { deletedAt: new Date() }]) {
      const m = await listed(db, over);
      expect((await page(`/members/${m.id}`, cookie)).status, JSON.stringify(over)).toBe(404);
      expect((await page(`/members/${m.id}/vcard`, cookie)).status, JSON.stringify(over)).toBe(404);
    }
    expect((await page("/members/caaaaaaaaaaaaaaaaaaaaaaaaa", cookie)).status).toBe(404);
    expect((await page("/members/not-an-id", cookie)).status).toBe(404);
  });

  it("shows a hidden profile to its owner (saying it is hidden) and to an admin", async () => {
    const owner = await createAccount(db, { firstName: "Hidden" });
    await db.update(users).set({ directoryVisibility: "HIDDEN" }).where(eq(users.id, owner.id));
    const own = await page(`/members/${owner.id}`, await sessionCookie(db, owner.id));
    expect(own.status).toBe(200);
    expect(own.html).toContain("This is how other members see your profile.");
    expect(own.html).toContain("Your profile is hidden");
    expect(own.html).not.toContain("/messages/new"); // nobody messages themselves
    expect((await page(`/members/${owner.id}`, adminCookie)).status).toBe(200);
    expect((await page(`/members/${owner.id}`, cookie)).status).toBe(404);
  });

  it("sends visitors to sign in and unverified accounts to confirm their email", async () => {
    const m = await listed(db);
    const anon = await page(`/members/${m.id}`);
    expect(anon.status).toBe(303);
    expect(anon.headers.get("location")).toMatch(/^\/login\?next=/);
    const unverified = await createAccount(db, { verified: false });
    expect((await page(`/members/${m.id}`, await sessionCookie(db, unverified.id))).status).toBe(403);
    expect((await page(`/members/${m.id}/vcard`, await sessionCookie(db, unverified.id))).status).toBe(403);
  });

  it("escapes what members typed", async () => {
    const m = await listed(db, { firstName: "<b>Bold</b>", bio: "<script>alert(1)</script>", website: "javascript:alert(2)" });
    const res = await page(`/members/${m.id}`, cookie);
    expect(res.html).toContain("&lt;b&gt;Bold&lt;/b&gt;");
    expect(res.html).not.toContain("<script>alert(1)</script>");
    expect(res.html).not.toContain("javascript:alert(2)");
  });
});

describe("GET /members/:id/vcard", () => {
  it("downloads a vCard 3.0 attachment with only the fields the member allowed, escaped", async () => {
    const email = `vcard-${Date.now()}@example.com`;
    const m = await listed(db, {
      firstName: "José",
      lastName: "Martínez",
      company: "Martínez, Hijos; & Co.",
      title: "Owner",
      email,
      phone: "(510) 555-0177",
      showEmail: true,
      showPhone: false,
      city: "San José",
      state: "CA",
      website: "https://martinez.example.com",
    });
    const res = await get(`/members/${m.id}/vcard`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/vcard; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="jose-martinez.vcf"');
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const card = await res.text();
    expect(card).toBe(
      [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:Martínez;José;;;",
        "FN:José Martínez",
        "ORG:Martínez\\, Hijos\\; & Co.",
        "TITLE:Owner",
        `EMAIL;TYPE=INTERNET,WORK:${email}`,
        "ADR;TYPE=WORK:;;;San José;CA;;",
        "URL:https://martinez.example.com",
        "END:VCARD",
        "",
      ].join("\r\n"),
    );
  });
});

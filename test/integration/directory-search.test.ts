// GET /members: who may search, who is listed, the typo-tolerant search, each filter, distance
// from a ZIP and from the member, the sort orders, paging, the htmx partial, and bad or hostile input.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "../../src/db/schema/index.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { cardIds, CENTRE, chapterDay, credential, ensureZips, listed, north, page, tag, ZIPS } from "./directory-fixtures.ts";

const db = useTestDb();
let cookie: string;
let viewerId: string;

beforeAll(async () => {
  await ensureZips(db);
  const viewer = await createAccount(db, { firstName: "Viewer" });
  viewerId = viewer.id;
  cookie = await sessionCookie(db, viewer.id);
});

const members = (query: string) => page(`/members?${query}`, cookie);

describe("GET /members: access", () => {
  it("sends a visitor to sign in and tells an unverified account to confirm its email", async () => {
    const anon = await page("/members?q=x");
    expect(anon.status).toBe(303);
    expect(anon.headers.get("location")).toBe(`/login?next=${encodeURIComponent("/members?q=x")}`);

    const unverified = await createAccount(db, { verified: false });
    const res = await page("/members", await sessionCookie(db, unverified.id));
    expect(res.status).toBe(403);
    expect(res.html).toContain("Confirm your email first");
    expect(res.html).toContain("The member directory is for members.");
  });

  it("shows the search form, the nav link and is never cached publicly", async () => {
    const res = await members("");
    expect(res.status).toBe(200);
    expect(res.html).toContain("<h1>Member directory</h1>");
    expect(res.html).toContain('<a href="/members" aria-current="page">Members</a>');
    expect(res.html).toContain('data-hx-trigger="submit, input changed delay:300ms"');
    expect(res.html).toContain('data-hx-push-url="true"');
    expect(res.html).toContain('method="get" action="/members"');
    expect(res.headers.get("cache-control")).toBe("private, no-cache");
  });
});

describe("GET /members: who is listed", () => {
  it("lists verified, active members who did not hide themselves; never hidden, unverified, deactivated or deleted ones", async () => {
    const t = tag();
    const shown = await listed(db, { lastName: "Shown", skills: [t] });
    const pub = await listed(db, { lastName: "Public", skills: [t], directoryVisibility: "PUBLIC" });
    await listed(db, { lastName: "Hidden", skills: [t], directoryVisibility: "HIDDEN" });
    await listed(db, { lastName: "Unverified", skills: [t], isVerified: false });
    await listed(db, { lastName: "Inactive", skills: [t], isActive: false });
    await listed(db, { lastName: "Deleted", skills: [t], deletedAt: new Date() });

    const res = await members(`skill=${t}`);
    expect(res.status).toBe(200);
    expect(cardIds(res.html)).toEqual([pub.id, shown.id]);
    expect(res.html).toContain("2 matches");
    expect(res.html).not.toMatch(/Hidden|Unverified|Inactive|Deleted/);
  });

  it("never shows an email or phone the member did not choose to show", async () => {
    const t = tag();
    await listed(db, { lastName: "Private", skills: [t], email: `private-${t}@example.com`, phone: "(510) 555-0199" });
    await listed(db, { lastName: "Open", skills: [t], email: `open-${t}@example.com`, phone: "(510) 555-0123", showEmail: true, showPhone: true });
    const res = await members(`skill=${t}`);
    expect(res.html).not.toContain(`private-${t}@example.com`);
    expect(res.html).not.toContain("555-0199");
    expect(res.html).toContain(`href="mailto:open-${t}@example.com"`);
    expect(res.html).toContain('href="tel:5105550123"');
  });
});

describe("GET /members: search and filters", () => {
  it("finds a name typed with a typo ('Martnez' finds Martinez) and a misspelled company", async () => {
    const t = tag();
    const martinez = await listed(db, { firstName: "Lucía", lastName: "Martinez", skills: [t] });
    const company = await listed(db, { firstName: "Kwame", lastName: "Owusu", company: "Goldcoast Electrical Contractors", skills: [t] });
    await listed(db, { firstName: "Other", lastName: "Person", skills: [t] });

    expect(cardIds((await members(`q=Martnez&skill=${t}`)).html)).toEqual([martinez.id]);
    expect(cardIds((await members(`q=goldcost+electrcal&skill=${t}`)).html)).toEqual([company.id]);
    // Without the skill filter the typo search still ranks her among the matches.
    expect(cardIds((await members("q=Luc%C3%ADa+Martnez")).html)).toContain(martinez.id);
  });

  it("filters by skill, by language", async () => {
    const t = tag();
    const spanish = await listed(db, { lastName: "Spanish", skills: [t], languages: ["English", "Spanish"] });
    await listed(db, { lastName: "English", skills: [t], languages: ["English"] });
    expect(cardIds((await members(`skill=${t}&language=Spanish`)).html)).toEqual([spanish.id]);
    expect(cardIds((await members(`skill=${t}&language=Tagalog`)).html)).toEqual([]);
  });

  it("counts only verified, unexpired certifications, and matches CSLB licence classes", async () => {
    const t = tag();
    const yesterday = await chapterDay(db, -1);
    const today = await chapterDay(db, 0);
    const verified = await listed(db, { lastName: "A-Verified", skills: [t] });
    const noExpiry = await listed(db, { lastName: "B-NoExpiry", skills: [t] });
    const lastDay = await listed(db, { lastName: "C-LastDay", skills: [t] });
    const pending = await listed(db, { lastName: "D-Pending", skills: [t] });
    const expired = await listed(db, { lastName: "E-Expired", skills: [t] });
    const rejected = await listed(db, { lastName: "F-Rejected", skills: [t] });
    await credential(db, verified.id, { type: "MBE", expiresOn: "2099-01-01" });
    await credential(db, noExpiry.id, { type: "MBE", expiresOn: null });
    await credential(db, lastDay.id, { type: "MBE", expiresOn: today });
    await credential(db, pending.id, { type: "MBE", status: "PENDING", expiresOn: "2099-01-01" });
    await credential(db, expired.id, { type: "MBE", expiresOn: yesterday });
    await credential(db, rejected.id, { type: "MBE", status: "REJECTED", rejectionReason: "Unreadable", expiresOn: "2099-01-01" });
    await credential(db, verified.id, { type: "CSLB_LICENSE", classification: "B General Building, C-10 Electrical", expiresOn: "2099-01-01" });
    await credential(db, pending.id, { type: "CSLB_LICENSE", classification: "C-10", status: "PENDING" });
    await credential(db, noExpiry.id, { type: "SBA_8A" });
    await credential(db, lastDay.id, { type: "CSLB_LICENSE", classification: "c-61/d-12 Limited Specialty", expiresOn: null });

    const mbe = await members(`skill=${t}&cert=MBE`);
    expect(cardIds(mbe.html)).toEqual([verified.id, noExpiry.id, lastDay.id]);
    expect(cardIds((await members(`skill=${t}&cert=8A`)).html)).toEqual([noExpiry.id]);
    expect(cardIds((await members(`skill=${t}&licence=c10`)).html)).toEqual([verified.id]);
    expect(cardIds((await members(`skill=${t}&cert=CSLB&licence=B`)).html)).toEqual([verified.id]);
    expect(cardIds((await members(`skill=${t}&licence=C-1`)).html)).toEqual([]);
    // A limited specialty is its own class, whatever the case it was written in.
    expect(cardIds((await members(`skill=${t}&licence=C-61/D-12`)).html)).toEqual([lastDay.id]);
    expect(cardIds((await members(`skill=${t}&licence=C-61`)).html)).toEqual([]);
    expect(cardIds((await members(`skill=${t}&cert=DVBE`)).html)).toEqual([]);
    // Badges show only what counts.
    const all = await members(`skill=${t}&sort=name`);
    expect(all.html).toContain("<li>CSLB B, C-10</li>");
    expect(all.html).toContain("<li>8(a)</li>");
    const expiredCard = all.html.slice(all.html.indexOf(`m-${expired.id}`), all.html.indexOf(`m-${rejected.id}`));
    expect(expiredCard).not.toContain('class="badges"');
  });
});

describe("GET /members: distance", () => {
  it("finds members within a radius of a ZIP, nearest first, with their distance", async () => {
    const t = tag();
    const at0 = await listed(db, { lastName: "Zero", skills: [t], latitude: CENTRE.lat, longitude: CENTRE.lng, city: "Centreville" });
    const at10 = await listed(db, { lastName: "Ten", skills: [t], ...north(8) });
    const at40 = await listed(db, { lastName: "Forty", skills: [t], ...north(40) });
    const nowhere = await listed(db, { lastName: "Nowhere", skills: [t] });

    const r25 = await members(`skill=${t}&zip=${ZIPS.centre}&miles=25`);
    expect(r25.status).toBe(200);
    expect(cardIds(r25.html)).toEqual([at0.id, at10.id]);
    expect(r25.html).toContain("8.0 mi away");
    // From 30 miles north, the 40-mile member is nearest.
    const r50 = await members(`skill=${t}&zip=${ZIPS.north30}&miles=50&sort=distance`);
    expect(cardIds(r50.html)).toEqual([at40.id, at10.id, at0.id]);
    // Distance sort without a radius keeps members without a place, last.
    const all = await members(`skill=${t}&zip=${ZIPS.far}&sort=distance`);
    expect(cardIds(all.html)).toEqual([at40.id, at10.id, at0.id, nowhere.id]);
  });

  it("measures from the member's own business address ('from me'), or says it has none", async () => {
    const t = tag();
    const near = await listed(db, { lastName: "Near", skills: [t], ...north(35) });
    await listed(db, { lastName: "Far", skills: [t], ...north(120) });
    await db.update(users).set({ ...north(30) }).where(eq(users.id, viewerId));
    const res = await members(`skill=${t}&from=me&miles=25`);
    expect(res.status).toBe(200);
    expect(cardIds(res.html)).toEqual([near.id]);
    expect(res.html).toContain("5.0 mi away");

    const placeless = await createAccount(db);
    const none = await page(`/members?skill=${t}&from=me&miles=25`, await sessionCookie(db, placeless.id));
    expect(none.status).toBe(422);
    expect(none.html).toContain("Your profile has no location yet");
  });
});

describe("GET /members: sorting and paging", () => {
  it("sorts by relevance (best match first) or by name", async () => {
    const t = tag();
    const exact = await listed(db, { firstName: "Rosa", lastName: "Delgado", skills: [t] });
    const close = await listed(db, { firstName: "Rosalind", lastName: "Delgadillo", skills: [t] });
    const byRelevance = cardIds((await members(`skill=${t}&q=rosa+delgado`)).html);
    expect(byRelevance[0]).toBe(exact.id);
    const a = await listed(db, { firstName: "Amy", lastName: "Aaronson", skills: [t] });
    expect(cardIds((await members(`skill=${t}&sort=name`)).html)).toEqual([a.id, close.id, exact.id]);
  });

  it("pages 20 at a time, keeping the filters in the pager's links", async () => {
    const t = tag();
    for (let i = 0; i < 23; i++) await listed(db, { lastName: `Pager${String(i).padStart(2, "0")}`, skills: [t] });
    const first = await members(`skill=${t}&sort=name`);
    expect(cardIds(first.html)).toHaveLength(20);
    expect(first.html).toContain("Page 1 of 2 · 23 results");
    expect(first.html).toContain(`href="/members?skill=${t}&amp;sort=name&amp;page=2"`);
    const second = await members(`skill=${t}&sort=name&page=2`);
    expect(cardIds(second.html)).toHaveLength(3);
    expect(second.html).toContain("Pager22");
  });
});

describe("GET /members: htmx, bad and hostile input", () => {
  it("answers an htmx request with the results alone, and Back's history restore with the whole page", async () => {
    const t = tag();
    const m = await listed(db, { lastName: "Partial", skills: [t] });
    const partial = await page(`/members?skill=${t}`, cookie, { "hx-request": "true" });
    expect(partial.status).toBe(200);
    expect(partial.html.startsWith('<div id="directory-results">')).toBe(true);
    expect(partial.html).not.toContain("<html");
    expect(cardIds(partial.html)).toEqual([m.id]);
    const restore = await page(`/members?skill=${t}`, cookie, { "hx-request": "true", "hx-history-restore-request": "true" });
    expect(restore.html).toContain("<!doctype html>");
  });

  it("answers 422 with a clear message for an unknown ZIP, a malformed one, and a radius with no ZIP", async () => {
    const unknown = await members("zip=00099&miles=25");
    expect(unknown.status).toBe(422);
    expect(unknown.html).toContain("We do not know the ZIP code 00099.");
    expect(unknown.html).toContain('value="00099"');
    const malformed = await members("zip=9461x");
    expect(malformed.status).toBe(422);
    expect(malformed.html).toContain("Enter a 5-digit ZIP code");
    const noZip = await members("miles=25");
    expect(noZip.status).toBe(422);
    expect(noZip.html).toContain("Enter a ZIP code to find members within 25 miles of it.");
    const badSort = await members("sort=distance");
    expect(badSort.status).toBe(422);
    const partial = await page("/members?zip=00099", cookie, { "hx-request": "true" });
    expect(partial.status).toBe(422);
    expect(partial.html).toContain("The search above needs fixing");
    // The partial carries the message itself: htmx swaps only the results, not the summary above the form.
    expect(partial.html).toContain("<li>We do not know the ZIP code 00099. Check it, or try a nearby ZIP code.</li>");
  });

  it("escapes hostile input and names, and survives SQL metacharacters and a NUL", async () => {
    const t = tag();
    await listed(db, { firstName: "<script>alert(1)</script>", lastName: "O'Brien", company: '"><img src=x onerror=alert(1)>', skills: [t] });
    const listedPage = await members(`skill=${t}`);
    expect(listedPage.status).toBe(200);
    expect(listedPage.html).not.toContain("<script>alert(1)</script>");
    expect(listedPage.html).not.toContain("<img src=x");
    expect(listedPage.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");

    const q = encodeURIComponent(`"><script>alert(2)</script>' OR 1=1 --`);
    const res = await members(`q=${q}&skill=${encodeURIComponent("'); drop table users; --")}`);
    expect(res.status).toBe(200);
    expect(res.html).not.toContain("<script>alert(2)</script>");
    expect(cardIds(res.html)).toEqual([]);
    expect((await members("q=a%00b")).status).toBe(422);
    expect((await members("q=%25%25_")).status).toBe(200);
  });
});

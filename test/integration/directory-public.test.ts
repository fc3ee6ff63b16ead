// GET /find-a-contractor: the public listing. Only members who chose PUBLIC, the same search as
// /members, and nothing a member kept for members: no email or phone unless shown, no title,
// no link to the member-only profile, no skills of members-only profiles in the filter's choices.
import { beforeAll, describe, expect, it } from "vitest";
import { filterChoices } from "../../src/features/directory/queries.ts";
import { useTestDb } from "../helpers/db.ts";
import { cardIds, CENTRE, credential, ensureZips, listed, north, page, tag, ZIPS } from "./directory-fixtures.ts";

const db = useTestDb();

beforeAll(async () => {
  await ensureZips(db);
});

describe("GET /find-a-contractor", () => {
  it("is open to visitors and linked from the main navigation", async () => {
    const res = await page("/find-a-contractor");
    expect(res.status).toBe(200);
    expect(res.html).toContain("<h1>Find a contractor</h1>");
    expect(res.html).toContain('<a href="/find-a-contractor" aria-current="page">Find a contractor</a>');
    expect(res.html).not.toContain('href="/members"');
    expect(res.html).not.toContain('name="from"');
  });

  it("lists only PUBLIC members: never members-only, hidden, unverified, deactivated or deleted ones", async () => {
    const t = tag();
    const pub = await listed(db, { lastName: "Public", skills: [t], directoryVisibility: "PUBLIC" });
    await listed(db, { lastName: "MembersOnly", skills: [t] });
    await listed(db, { lastName: "Hidden", skills: [t], directoryVisibility: "HIDDEN" });
    await listed(db, { lastName: "Unverified", skills: [t], directoryVisibility: "PUBLIC", isVerified: false });
    await listed(db, { lastName: "Inactive", skills: [t], directoryVisibility: "PUBLIC", isActive: false });
    await listed(db, { lastName: "Deleted", skills: [t], directoryVisibility: "PUBLIC", deletedAt: new Date() });
    const res = await page(`/find-a-contractor?skill=${t}`);
    expect(res.status).toBe(200);
    expect(cardIds(res.html)).toEqual([pub.id]);
    expect(res.html).not.toMatch(/MembersOnly|Hidden|Unverified|Inactive|Deleted/);
  });

  it("shows company, trades, verified certifications, city and website; email and phone only when shown; never the title or a profile link", async () => {
    const t = tag();
    const quiet = await listed(db, {
      firstName: "Quiet",
      lastName: "Firm",
      company: "Quiet Builders",
      title: "Secret Title",
      skills: [t, "Framing"],
      city: "Fresno",
      state: "CA",
      website: "https://quiet.example.com",
      directoryVisibility: "PUBLIC",
      email: `quiet-${t}@example.com`,
      phone: "(559) 555-0100",
      bio: "Members-only bio text",
    });
    await credential(db, quiet.id, { type: "DBE" });
    await credential(db, quiet.id, { type: "MBE", status: "PENDING" });
    const open = await listed(db, {
      lastName: "Open",
      skills: [t],
      directoryVisibility: "PUBLIC",
      email: `open-${t}@example.com`,
      phone: "(559) 555-0111",
      showEmail: true,
      showPhone: true,
    });
    const res = await page(`/find-a-contractor?skill=${t}&sort=name`);
    expect(cardIds(res.html)).toEqual([quiet.id, open.id]);
    expect(res.html).toContain("<strong>Quiet Builders</strong>");
    expect(res.html).toContain("Fresno, CA");
    expect(res.html).toContain("Framing");
    expect(res.html).toContain("<li>DBE</li>");
    expect(res.html).not.toContain("<li>MBE</li>");
    expect(res.html).toContain('href="https://quiet.example.com"');
    expect(res.html).not.toContain(`quiet-${t}@example.com`);
    expect(res.html).not.toContain("555-0100");
    expect(res.html).not.toContain("Secret Title");
    expect(res.html).not.toContain("Members-only bio text");
    expect(res.html).not.toContain(`/members/${quiet.id}`);
    expect(res.html).toContain(`href="mailto:open-${t}@example.com"`);
    expect(res.html).toContain('href="tel:5595550111"');
  });

  it("searches the same way as the member directory: typo, certification and distance", async () => {
    const t = tag();
    const near = await listed(db, { firstName: "Tomás", lastName: "Martinez", skills: [t], directoryVisibility: "PUBLIC", latitude: CENTRE.lat, longitude: CENTRE.lng });
    const far = await listed(db, { lastName: "Faraway", skills: [t], directoryVisibility: "PUBLIC", ...north(60) });
    await credential(db, far.id, { type: "SBE" });
    expect(cardIds((await page(`/find-a-contractor?skill=${t}&q=Martnez`)).html)).toEqual([near.id]);
    expect(cardIds((await page(`/find-a-contractor?skill=${t}&cert=SBE`)).html)).toEqual([far.id]);
    expect(cardIds((await page(`/find-a-contractor?skill=${t}&zip=${ZIPS.centre}&miles=25`)).html)).toEqual([near.id]);
    const unknown = await page(`/find-a-contractor?zip=00098&miles=25`);
    expect(unknown.status).toBe(422);
    expect(unknown.html).toContain("We do not know the ZIP code 00098.");
  });

  it("refuses 'distance from me' (nobody is signed in to measure from) with a 422", async () => {
    const res = await page("/find-a-contractor?from=me&miles=25");
    expect(res.status).toBe(422);
    expect(res.html).toContain("Sign in to measure distances from your own business address");
  });

  it("offers in its filter only the skills and languages of PUBLIC members", async () => {
    const membersOnly = tag();
    const pub = tag();
    await listed(db, { skills: [membersOnly], languages: [membersOnly] });
    await listed(db, { skills: [pub], languages: [pub], directoryVisibility: "PUBLIC" });
    // Past the five minutes the choices are kept, so both lists are read afresh.
    const later = Date.now() + 10 * 60_000;
    const publicChoices = await filterChoices(db, "public", later);
    const memberChoices = await filterChoices(db, "members", later);
    expect(publicChoices.skills).toContain(pub);
    expect(publicChoices.skills).not.toContain(membersOnly);
    expect(publicChoices.languages).toContain(pub);
    expect(publicChoices.languages).not.toContain(membersOnly);
    expect(memberChoices.skills).toEqual(expect.arrayContaining([pub, membersOnly]));
  });
});

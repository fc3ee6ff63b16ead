// src/db/search.ts against the real database: ranking, filters, soft delete, fuzzy
// member search and radius search. Every query is scoped to rows this file creates
// (a made-up word, made-up skills, or a far-off region), since the database is shared.
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import type { Project, User } from "../../src/db/schema/index.ts";
import { searchMembers, searchProjects, type MemberSearch, type ProjectSearch } from "../../src/db/search.ts";
import { makeProject, makeUser, useTestDb } from "../helpers/db.ts";

const db = useTestDb();

const uniqueWord = (prefix = "qwil") => `${prefix}${newId().slice(1, 13).replace(/[^a-z]/g, "x")}k`;

const OAKLAND = { lat: 37.8044, lng: -122.2712 };
const BERKELEY = { lat: 37.8715, lng: -122.273 };
const SAN_JOSE = { lat: 37.3382, lng: -121.8863 };

// earthdistance's sphere: earth() = 6378168 m.
const EARTH_RADIUS_M = 6378168;
const METERS_PER_MILE = 1609.344;
const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

function haversineMiles(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return (2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h))) / METERS_PER_MILE;
}

/** The point `miles` from `from` on initial bearing `bearingDeg` (great circle on the same sphere). */
function destination(from: { lat: number; lng: number }, miles: number, bearingDeg: number) {
  const d = (miles * METERS_PER_MILE) / EARTH_RADIUS_M;
  const b = rad(bearingDeg);
  const lat1 = rad(from.lat);
  const lng1 = rad(from.lng);
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lng2 = lng1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: deg(lat2), lng: deg(lng2) };
}

const page = { limit: 100, offset: 0 };
const projectIds = async (s: Omit<ProjectSearch, "limit" | "offset">) => (await searchProjects(db, { ...page, ...s })).map((r) => r.id);
const sorted = (ids: string[]) => [...ids].sort();

let owner: User;
beforeAll(async () => {
  owner = await makeUser(db, { firstName: "Search", lastName: "Owner" });
});

describe("searchProjects: ranking", () => {
  it("ranks a title match above a keyword match above a description match", async () => {
    const w = uniqueWord();
    const inDescription = await makeProject(db, owner.id, { title: "Storm drain repair", description: `Culvert work, see ${w} notes.` });
    const inTitle = await makeProject(db, owner.id, { title: `Asphalt resurfacing ${w}`, description: "Mill and overlay." });
    const inKeywords = await makeProject(db, owner.id, { title: "Sidewalk replacement", keywords: [w] });

    const rows = await searchProjects(db, { q: w, ...page });
    expect(rows.map((r) => r.id)).toEqual([inTitle.id, inKeywords.id, inDescription.id]);
    expect(rows[0]!.rank).toBeGreaterThan(rows[1]!.rank);
    expect(rows[1]!.rank).toBeGreaterThan(rows[2]!.rank);
    expect(rows[2]!.rank).toBeGreaterThan(0);
    expect(rows.map((r) => r.total)).toEqual([3, 3, 3]);
    expect(rows[0]).not.toHaveProperty("searchVector");
  });

  it("matches stemmed forms and honours websearch syntax", async () => {
    const w = uniqueWord();
    const a = await makeProject(db, owner.id, { title: `Resurfacing roads ${w}` });
    const b = await makeProject(db, owner.id, { title: `Electrical upgrades ${w}` });
    expect(await projectIds({ q: `resurfaced ${w}` })).toEqual([a.id]); // resurfacing ~ resurfaced
    expect(await projectIds({ q: `${w} -electrical` })).toEqual([a.id]);
    expect(sorted(await projectIds({ q: `${w} road or ${w} electrical` }))).toEqual(sorted([a.id, b.id]));
    expect(await projectIds({ q: `"electrical upgrades" ${w}` })).toEqual([b.id]);
  });
});

describe("searchProjects: filters", () => {
  const w = uniqueWord("filt");
  let oakland: Project;
  let sanJose: Project;
  let berkeley: Project;
  let unplaced: Project;
  let deleted: Project;

  beforeAll(async () => {
    oakland = await makeProject(db, owner.id, {
      title: `Oakland street paving ${w}`,
      category: "INFRASTRUCTURE",
      status: "BIDDING_OPEN",
      budgetMin: "100000.00",
      budgetMax: "250000.00",
      latitude: OAKLAND.lat,
      longitude: OAKLAND.lng,
    });
    sanJose = await makeProject(db, owner.id, {
      title: `San Jose office fit-out ${w}`,
      category: "COMMERCIAL",
      status: "BIDDING_OPEN",
      budgetMin: "1000000.00",
      budgetMax: "2000000.00",
      latitude: SAN_JOSE.lat,
      longitude: SAN_JOSE.lng,
    });
    berkeley = await makeProject(db, owner.id, {
      title: `Berkeley ADA ramps ${w}`,
      category: "INFRASTRUCTURE",
      status: "DRAFT",
      budgetMax: "50000.00",
      latitude: BERKELEY.lat,
      longitude: BERKELEY.lng,
    });
    unplaced = await makeProject(db, owner.id, { title: `HVAC replacement ${w}`, category: "INFRASTRUCTURE", status: "BIDDING_OPEN" });
    deleted = await makeProject(db, owner.id, {
      title: `Withdrawn paving ${w}`,
      category: "INFRASTRUCTURE",
      status: "BIDDING_OPEN",
      budgetMin: "100000.00",
      budgetMax: "250000.00",
      latitude: OAKLAND.lat,
      longitude: OAKLAND.lng,
      deletedAt: new Date(),
    });
  });

  it("leaves soft-deleted projects out", async () => {
    const rows = await searchProjects(db, { q: w, ...page });
    expect(sorted(rows.map((r) => r.id))).toEqual(sorted([oakland.id, sanJose.id, berkeley.id, unplaced.id]));
    expect(rows.map((r) => r.id)).not.toContain(deleted.id);
    expect(rows[0]!.total).toBe(4);
  });

  it("filters by category", async () => {
    expect(sorted(await projectIds({ q: w, category: "INFRASTRUCTURE" }))).toEqual(sorted([oakland.id, berkeley.id, unplaced.id]));
    expect(await projectIds({ q: w, category: "COMMERCIAL" })).toEqual([sanJose.id]);
    expect(await projectIds({ q: w, category: "RESIDENTIAL" })).toEqual([]);
  });

  it("filters by status (one or several)", async () => {
    expect(sorted(await projectIds({ q: w, status: "BIDDING_OPEN" }))).toEqual(sorted([oakland.id, sanJose.id, unplaced.id]));
    expect(sorted(await projectIds({ q: w, status: ["DRAFT", "AWARDED"] }))).toEqual([berkeley.id]);
  });

  it("filters by budget given in integer cents", async () => {
    // Range reaches $200,000: Oakland (to 250k) and San Jose; no-budget projects are out.
    expect(sorted(await projectIds({ q: w, minBudget: 20_000_000 }))).toEqual(sorted([oakland.id, sanJose.id]));
    // Starts at or below $100,000: Oakland (exactly 100k) and Berkeley (only a max of 50k).
    expect(sorted(await projectIds({ q: w, maxBudget: 10_000_000 }))).toEqual(sorted([oakland.id, berkeley.id]));
    // One cent below Oakland's minimum leaves it out.
    expect(await projectIds({ q: w, maxBudget: 9_999_999 })).toEqual([berkeley.id]);
    // One cent above Oakland's maximum leaves it out.
    expect(await projectIds({ q: w, minBudget: 25_000_001 })).toEqual([sanJose.id]);
    expect(sorted(await projectIds({ q: w, minBudget: 10_000_001, maxBudget: 100_000_000 }))).toEqual(sorted([oakland.id, sanJose.id]));
  });

  it("filters by radius and reports the distance", async () => {
    const rows = await searchProjects(db, { q: w, near: { ...OAKLAND, miles: 25 }, ...page });
    expect(sorted(rows.map((r) => r.id))).toEqual(sorted([oakland.id, berkeley.id]));
    const byId = new Map(rows.map((r) => [r.id, r.distanceMiles]));
    expect(byId.get(oakland.id)).toBeCloseTo(0, 6);
    expect(byId.get(berkeley.id)).toBeCloseTo(haversineMiles(OAKLAND, BERKELEY), 3);
    // San Jose is ~34 miles out: in at 40.
    expect(haversineMiles(OAKLAND, SAN_JOSE)).toBeGreaterThan(25);
    expect(sorted(await projectIds({ q: w, near: { ...OAKLAND, miles: 40 } }))).toEqual(sorted([oakland.id, berkeley.id, sanJose.id]));
  });

  it("combines filters", async () => {
    expect(
      await projectIds({ q: w, category: "INFRASTRUCTURE", status: "BIDDING_OPEN", minBudget: 1, near: { ...OAKLAND, miles: 25 } }),
    ).toEqual([oakland.id]);
  });

  it("pages with limit/offset and reports the full total", async () => {
    const first = await searchProjects(db, { q: w, limit: 3, offset: 0 });
    const rest = await searchProjects(db, { q: w, limit: 3, offset: 3 });
    expect(first).toHaveLength(3);
    expect(rest).toHaveLength(1);
    expect([...first, ...rest].map((r) => r.total)).toEqual([4, 4, 4, 4]);
    expect(new Set([...first, ...rest].map((r) => r.id)).size).toBe(4);
  });
});

describe("searchMembers", () => {
  const memberIds = async (s: Omit<MemberSearch, "limit" | "offset">, mine: string[]) => {
    const rows = await searchMembers(db, { ...page, ...s });
    return rows.map((r) => r.id).filter((id) => mine.includes(id));
  };

  it("finds a misspelled company name (trigram) and leaves inactive and deleted members out", async () => {
    const company = "Quillfeather Geotechnical";
    const active = await makeUser(db, { firstName: "Ines", lastName: "Navarro", company });
    const inactive = await makeUser(db, { firstName: "Omar", lastName: "Haddad", company, isActive: false });
    const gone = await makeUser(db, { firstName: "Lena", lastName: "Petrova", company, deletedAt: new Date() });
    const mine = [active.id, inactive.id, gone.id];

    const rows = await searchMembers(db, { q: "Quilfeather Geotechnicl", ...page });
    expect(rows.map((r) => r.id).filter((id) => mine.includes(id))).toEqual([active.id]);
    const hit = rows.find((r) => r.id === active.id)!;
    expect(hit.similarity).toBeGreaterThan(0.6);
    expect(hit.company).toBe(company);
    expect(hit).not.toHaveProperty("password");
    expect(hit).not.toHaveProperty("email");

    expect(sorted(await memberIds({ q: "quilfeather", includeInactive: true }, mine))).toEqual(sorted([active.id, inactive.id]));
    expect(await memberIds({ q: "Xylophone Dentistry" }, mine)).toEqual([]);
  });

  it("finds a misspelled name", async () => {
    const first = "Bartholomew";
    const last = `Featherstonehaugh`;
    const m = await makeUser(db, { firstName: first, lastName: last });
    const rows = await searchMembers(db, { q: "bartholomew featherstonhaugh", ...page });
    expect(rows.map((r) => r.id)).toContain(m.id);
    expect(rows[0]!.id).toBe(m.id);
  });

  it("filters by skills, most shared skills first, and leaves inactive and deleted members out", async () => {
    const s1 = `skill-${newId()}`;
    const s2 = `skill-${newId()}`;
    const both = await makeUser(db, { lastName: "Zimmer", skills: [s1, s2, "welding"] });
    const onlyS1 = await makeUser(db, { lastName: "Alvarez", skills: [s1] });
    const onlyS2 = await makeUser(db, { lastName: "Baker", skills: ["concrete", s2] });
    const neither = await makeUser(db, { lastName: "Adams", skills: ["welding"] });
    const inactive = await makeUser(db, { lastName: "Aaron", skills: [s1, s2], isActive: false });
    const gone = await makeUser(db, { lastName: "Aab", skills: [s1, s2], deletedAt: new Date() });
    const mine = [both, onlyS1, onlyS2, neither, inactive, gone].map((u) => u.id);

    const rows = (await searchMembers(db, { skills: [s1, s2], ...page })).filter((r) => mine.includes(r.id));
    expect(rows.map((r) => [r.lastName, r.skillMatches])).toEqual([
      ["Zimmer", 2],
      ["Alvarez", 1],
      ["Baker", 1],
    ]);
    // One shared skill each: ties go by last name (Baker before Zimmer).
    expect(await memberIds({ skills: [s2] }, mine)).toEqual([onlyS2.id, both.id]);
    expect(sorted(await memberIds({ skills: [s1], includeInactive: true }, mine))).toEqual(sorted([both.id, onlyS1.id, inactive.id]));
  });
});

describe("radius search", () => {
  // A far-off region (central Africa) no other test places rows in.
  const CENTRE = { lat: 10, lng: 10 };
  const placements = [
    { label: "centre", miles: 0, bearing: 0 },
    { label: "5 mi N", miles: 5, bearing: 0 },
    { label: "9.9 mi E", miles: 9.9, bearing: 90 },
    { label: "9.8 mi SW", miles: 9.8, bearing: 225 },
    // Inside earth_box's square but outside the circle: only earth_distance leaves it out.
    { label: "10.1 mi NE", miles: 10.1, bearing: 45 },
    { label: "10.15 mi S", miles: 10.15, bearing: 180 },
    { label: "20 mi W", miles: 20, bearing: 270 },
  ];
  const placed: { id: string; label: string; miles: number }[] = [];
  let inactiveInside: User;

  beforeAll(async () => {
    for (const p of placements) {
      const at = destination(CENTRE, p.miles, p.bearing);
      const u = await makeUser(db, { firstName: "Radius", lastName: p.label, latitude: at.lat, longitude: at.lng });
      // The expectation comes from the haversine distance of the stored point, not the plan.
      placed.push({ id: u.id, label: p.label, miles: haversineMiles(CENTRE, { lat: u.latitude!, lng: u.longitude! }) });
    }
    const at = destination(CENTRE, 3, 120);
    inactiveInside = await makeUser(db, { firstName: "Radius", lastName: "inactive", latitude: at.lat, longitude: at.lng, isActive: false });
  });

  it("places every point well clear of the 10-mile boundary", () => {
    for (const p of placed) expect(Math.abs(p.miles - 10), p.label).toBeGreaterThan(0.05);
    for (const [i, p] of placed.entries()) expect(p.miles).toBeCloseTo(placements[i]!.miles, 6);
  });

  it("returns exactly the members within 10 miles, nearest first, with their distances", async () => {
    const mine = new Set([...placed.map((p) => p.id), inactiveInside.id]);
    const rows = (await searchMembers(db, { near: { ...CENTRE, miles: 10 }, ...page })).filter((r) => mine.has(r.id));
    const expected = placed.filter((p) => p.miles <= 10).sort((a, b) => a.miles - b.miles);
    expect(expected.map((p) => p.label)).toEqual(["centre", "5 mi N", "9.8 mi SW", "9.9 mi E"]);
    expect(rows.map((r) => r.lastName)).toEqual(expected.map((p) => p.label));
    for (const [i, r] of rows.entries()) expect(r.distanceMiles).toBeCloseTo(expected[i]!.miles, 3);
  });

  it("widens and narrows with the radius", async () => {
    const mine = placed.map((p) => p.id);
    const within = async (miles: number) =>
      (await searchMembers(db, { near: { ...CENTRE, miles }, ...page })).filter((r) => mine.includes(r.id)).map((r) => r.lastName);
    expect(await within(4.9)).toEqual(["centre"]);
    expect(await within(10.25)).toEqual(["centre", "5 mi N", "9.8 mi SW", "9.9 mi E", "10.1 mi NE", "10.15 mi S"]);
    expect((await within(25)).length).toBe(7);
    expect(await within(0)).toEqual(["centre"]);
  });

  it("includes an inactive member only when asked", async () => {
    const ids = async (includeInactive: boolean) =>
      (await searchMembers(db, { near: { ...CENTRE, miles: 10 }, includeInactive, ...page })).map((r) => r.id);
    expect(await ids(false)).not.toContain(inactiveInside.id);
    expect(await ids(true)).toContain(inactiveInside.id);
  });
});

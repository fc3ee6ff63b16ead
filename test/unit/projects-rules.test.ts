// The match score as a table of cases, and the pure visibility and bidding rules.
import { describe, expect, it } from "vitest";
import { HARD_CAP, matchScore, type MatchCredential, type MatchMember, type MatchProject } from "../../src/features/projects/match.ts";
import { biddingOpen, canSeeProject, canWithdraw, timeLeft, type Viewer } from "../../src/features/projects/rules.ts";

const NOW = new Date("2026-12-01T18:00:00Z");
const cred = (type: MatchCredential["type"], extra: Partial<MatchCredential> = {}): MatchCredential => ({ type, status: "VERIFIED", classification: null, expiresOn: "2027-06-30", ...extra });

const PROJECT: MatchProject = {
  skillsRequired: ["Concrete", "Excavation"],
  certificationsRequired: [{ type: "CSLB", classification: "C-8" }, { type: "DBE", goalPercent: 18 }],
  experienceRequired: 5,
  bondingRequired: true,
  estimatedValue: "1200000.00",
  insuranceRequired: { generalLiability: { eachOccurrence: 2_000_000, aggregate: 4_000_000 }, workersCompensation: "Statutory" },
  latitude: 37.8044,
  longitude: -122.2712,
};
const IDEAL: MatchMember = {
  yearsExperience: 12,
  bondingCapacity: "5000000.00",
  serviceRadiusMiles: 50,
  latitude: 37.87,
  longitude: -122.27,
  skills: [
    { skill: "concrete", level: "EXPERT", years: 10 },
    { skill: "Excavation", level: "EXPERT", years: 8 },
  ],
  credentials: [cred("CSLB_LICENSE", { classification: "A, C8" }), cred("DBE"), cred("GENERAL_LIABILITY"), cred("WORKERS_COMP")],
};
const without = (m: MatchMember, type: MatchCredential["type"]): MatchMember => ({ ...m, credentials: m.credentials.filter((c) => c.type !== type) });

describe("matchScore", () => {
  const cases: Array<{ name: string; member: MatchMember; project?: Partial<MatchProject>; score: [number, number]; missing?: RegExp }> = [
    { name: "meets everything", member: IDEAL, score: [100, 100] },
    { name: "no requirements at all", member: { ...IDEAL, skills: [], credentials: [] }, project: { skillsRequired: [], certificationsRequired: null, experienceRequired: 0, bondingRequired: false, insuranceRequired: null }, score: [100, 100] },
    { name: "lacks the licence class", member: { ...IDEAL, credentials: [cred("CSLB_LICENSE", { classification: "C-10" }), cred("DBE"), cred("GENERAL_LIABILITY"), cred("WORKERS_COMP")] }, score: [0, HARD_CAP], missing: /CSLB C-8 license/ },
    { name: "licence only pending review", member: { ...IDEAL, credentials: [cred("CSLB_LICENSE", { classification: "C-8", status: "PENDING" }), cred("DBE"), cred("GENERAL_LIABILITY"), cred("WORKERS_COMP")] }, score: [0, HARD_CAP], missing: /CSLB C-8/ },
    { name: "licence expired yesterday", member: { ...IDEAL, credentials: [cred("CSLB_LICENSE", { classification: "C-8", expiresOn: "2026-11-30" }), cred("DBE"), cred("GENERAL_LIABILITY"), cred("WORKERS_COMP")] }, score: [0, HARD_CAP], missing: /CSLB C-8/ },
    { name: "no DBE: a goal is not a hard requirement", member: without(IDEAL, "DBE"), score: [90, 99] },
    { name: "too little experience", member: { ...IDEAL, yearsExperience: 2 }, score: [0, HARD_CAP], missing: /5 years of experience required \(you have 2\)/ },
    { name: "experience unknown", member: { ...IDEAL, yearsExperience: null }, score: [0, HARD_CAP], missing: /does not say/ },
    { name: "bonding capacity below the estimate", member: { ...IDEAL, bondingCapacity: "500000" }, score: [0, HARD_CAP], missing: /Bonding required for about \$1,200,000/ },
    { name: "no bonding capacity", member: { ...IDEAL, bondingCapacity: null }, score: [0, HARD_CAP], missing: /no bonding capacity/ },
    { name: "bonding not required", member: { ...IDEAL, bondingCapacity: null }, project: { bondingRequired: false }, score: [100, 100] },
    { name: "no workers' comp certificate", member: without(IDEAL, "WORKERS_COMP"), score: [0, HARD_CAP], missing: /Workers' compensation/ },
    { name: "far outside the service radius (soft)", member: { ...IDEAL, latitude: 34.05, longitude: -118.24 }, score: [85, 95] },
    { name: "no location on the profile", member: { ...IDEAL, latitude: null, longitude: null }, score: [90, 99] },
    { name: "beginner in one skill, other skill missing", member: { ...IDEAL, skills: [{ skill: "Concrete", level: "BEGINNER", years: 1 }] }, score: [65, 75] },
    { name: "every hard requirement missing", member: { yearsExperience: null, bondingCapacity: null, serviceRadiusMiles: null, latitude: null, longitude: null, skills: [], credentials: [] }, score: [0, 25] },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.score[0]}–${c.score[1]}`, () => {
      const result = matchScore(c.member, { ...PROJECT, ...c.project }, NOW);
      expect(result.score).toBeGreaterThanOrEqual(c.score[0]);
      expect(result.score).toBeLessThanOrEqual(c.score[1]);
      if (c.missing) expect(result.missingHard.join("\n")).toMatch(c.missing);
      else if (c.score[1] > HARD_CAP) expect(result.missingHard).toEqual([]);
    });
  }

  it("names why the member matches", () => {
    const texts = matchScore(IDEAL, PROJECT, NOW).reasons.filter((r) => r.kind === "met").map((r) => r.text);
    expect(texts.join("\n")).toMatch(/CSLB C-8 license: verified/);
    expect(texts.join("\n")).toMatch(/inside your 50-mile service radius/);
  });

  it("ignores requirement entries it cannot read", () => {
    const r = matchScore(IDEAL, { ...PROJECT, certificationsRequired: [null, 7, { nope: 1 }, { type: "" }], insuranceRequired: "lots" }, NOW);
    expect(r.score).toBe(100);
  });
});

describe("canSeeProject", () => {
  const anonymous: Viewer = { id: null, verified: false, manages: false };
  const unverified: Viewer = { id: "u", verified: false, manages: false };
  const member: Viewer = { id: "m", verified: true, manages: false };
  const admin: Viewer = { id: "a", verified: true, manages: true };
  const p = (visibility: "PUBLIC" | "MEMBERS_ONLY" | "INVITE_ONLY" | "PRIVATE", status: "BIDDING_OPEN" | "DRAFT" = "BIDDING_OPEN", deletedAt: Date | null = null) => ({ visibility, status, deletedAt });
  const table: Array<[string, Viewer, boolean, [boolean, boolean, boolean, boolean]]> = [
    ["anonymous", anonymous, false, [true, false, false, false]],
    ["unverified, even invited", unverified, true, [true, false, false, false]],
    ["member", member, false, [true, true, false, false]],
    ["invited member", member, true, [true, true, true, false]],
    ["admin", admin, false, [true, true, true, true]],
  ];
  for (const [who, viewer, invited, expected] of table) {
    it(`${who} sees PUBLIC, MEMBERS_ONLY, INVITE_ONLY, PRIVATE = ${expected.join(", ")}`, () => {
      expect((["PUBLIC", "MEMBERS_ONLY", "INVITE_ONLY", "PRIVATE"] as const).map((v) => canSeeProject(viewer, p(v), invited))).toEqual(expected);
    });
  }
  it("shows drafts only to admins and deleted ones to nobody", () => {
    expect(canSeeProject(member, p("PUBLIC", "DRAFT"), false)).toBe(false);
    expect(canSeeProject(admin, p("PUBLIC", "DRAFT"), false)).toBe(true);
    expect(canSeeProject(admin, p("PUBLIC", "BIDDING_OPEN", NOW), false)).toBe(false);
  });
});

describe("bidding rules", () => {
  const later = new Date(NOW.getTime() + 86_400_000);
  it("takes bids only while BIDDING_OPEN and before the deadline", () => {
    expect(biddingOpen({ status: "BIDDING_OPEN", deadlineDate: later }, NOW).ok).toBe(true);
    expect(biddingOpen({ status: "PUBLISHED", deadlineDate: later }, NOW)).toMatchObject({ ok: false, reason: /not opened yet/ });
    expect(biddingOpen({ status: "BIDDING_OPEN", deadlineDate: NOW }, NOW)).toMatchObject({ ok: false, reason: /deadline has passed/ });
    expect(biddingOpen({ status: "AWARDED", deadlineDate: later }, NOW).ok).toBe(false);
  });
  it("lets a bid in play be withdrawn before the deadline only", () => {
    expect(canWithdraw({ status: "PENDING" }, { deadlineDate: later }, NOW).ok).toBe(true);
    expect(canWithdraw({ status: "REVIEWING" }, { deadlineDate: later }, NOW).ok).toBe(true);
    expect(canWithdraw({ status: "APPROVED" }, { deadlineDate: later }, NOW).ok).toBe(false);
    expect(canWithdraw({ status: "WITHDRAWN" }, { deadlineDate: later }, NOW).ok).toBe(false);
    expect(canWithdraw({ status: "PENDING" }, { deadlineDate: NOW }, NOW).ok).toBe(false);
  });
  it("words the time left", () => {
    expect(timeLeft(new Date(NOW.getTime() + 3 * 86_400_000 + 4 * 3_600_000), NOW)).toBe("3 days 4 hours left");
    expect(timeLeft(new Date(NOW.getTime() + 5 * 3_600_000 + 60_000), NOW)).toBe("5 hours left");
    expect(timeLeft(NOW, NOW)).toBe("closed");
  });
});

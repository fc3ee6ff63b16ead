// npm run bench -- match: the match score (src/features/projects/match.ts) of 10,000 members
// against one opportunity, as the publish-time alert step would compute it after reading the
// members in bulk. Members are generated in memory (deterministic), with 4–8 skills and 2–6
// credentials each; the time is the scoring alone (no I/O). Last line:
// `match: members=N ms=N`.
import { performance } from "node:perf_hooks";
import type { Bench } from "../../scripts/bench.ts";
import type { CredentialType } from "../../src/db/schema/directory.ts";
import { matchScore, type MatchMember, type MatchProject } from "../../src/features/projects/match.ts";

const MEMBERS = 10_000;
const RUNS = 5;

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SKILLS = ["Concrete", "Excavation", "Paving", "Asphalt", "Electrical", "HVAC", "Roofing", "Framing", "Plumbing", "Traffic control", "Underground utilities", "Surveying", "Drywall", "Painting", "Solar"];
const LEVELS = ["BEGINNER", "INTERMEDIATE", "ADVANCED", "EXPERT"] as const;
const CREDS: CredentialType[] = ["CSLB_LICENSE", "DBE", "SBE", "MBE", "GENERAL_LIABILITY", "WORKERS_COMP", "BOND", "OSHA_CARD"];
const CLASSES = ["A", "B", "C-8", "C-10", "C-12", "C-20", "C-39"];

function members(n: number): MatchMember[] {
  const r = rng(20261201);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: n }, () => ({
    yearsExperience: r() < 0.1 ? null : Math.floor(r() * 30),
    bondingCapacity: r() < 0.3 ? null : String(Math.round(r() * 10_000_000)),
    serviceRadiusMiles: pick([25, 50, 100, 250]),
    latitude: 36.5 + r() * 3,
    longitude: -123 + r() * 2.5,
    skills: Array.from({ length: 4 + Math.floor(r() * 5) }, () => ({ skill: pick(SKILLS), level: pick(LEVELS), years: Math.floor(r() * 20) })),
    credentials: Array.from({ length: 2 + Math.floor(r() * 5) }, () => {
      const type = pick(CREDS);
      return { type, status: r() < 0.8 ? "VERIFIED" : "PENDING", classification: type === "CSLB_LICENSE" ? `${pick(CLASSES)}, ${pick(CLASSES)}` : null, expiresOn: r() < 0.1 ? "2025-01-01" : "2028-12-31" } as const;
    }),
  }));
}

const PROJECT: MatchProject = {
  skillsRequired: ["Concrete", "Excavation", "Traffic control"],
  certificationsRequired: [{ type: "CSLB", classification: "A" }, { type: "CSLB", classification: "C-8" }, { type: "DBE", goalPercent: 18 }],
  experienceRequired: 5,
  bondingRequired: true,
  estimatedValue: "2400000.00",
  insuranceRequired: { generalLiability: { eachOccurrence: 2_000_000, aggregate: 4_000_000 }, autoLiability: 1_000_000, workersCompensation: "Statutory" },
  latitude: 37.8044,
  longitude: -122.2712,
};

const bench: Bench = {
  needs: { database: false, worker: false },
  async run() {
    const all = members(MEMBERS);
    const now = new Date();
    const times: number[] = [];
    let passing = 0;
    for (let run = 0; run < RUNS + 1; run++) {
      const t0 = performance.now();
      let over = 0;
      for (const m of all) if (matchScore(m, PROJECT, now).score >= 70) over++;
      const ms = performance.now() - t0;
      if (run > 0) times.push(ms); // the first run warms the JIT
      passing = over;
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(`${RUNS} runs after one warm-up; ${passing} of ${MEMBERS} members score 70 or more; fastest ${times[0]!.toFixed(1)} ms, slowest ${times[times.length - 1]!.toFixed(1)} ms`);
    console.log(`match: members=${MEMBERS} ms=${median.toFixed(1)}`);
  },
};
export default bench;

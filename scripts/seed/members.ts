// The ~200 members: chapter staff (admins), the two demo logins, and owners and
// staff of minority-owned construction firms across the Bay Area and Sacramento region.
import type { NewUser, SkillLevel } from "../../src/db/schema/index.ts";
import type { userSkills } from "../../src/db/schema/index.ts";
import { cityByName, jitter, phoneNumber, pickCity, streetAddress, type City, type PostalAddress } from "./places.ts";
import {
  CERT_AGENCIES,
  CSLB_AGENCY,
  OWNER_TITLES,
  STAFF_TITLES,
  TRADES,
  companyName,
  emailLocal,
  person,
  pickTrade,
  slug,
  tradeByKey,
  type Certification,
  type Person,
  type Trade,
} from "./people.ts";
import type { Rng } from "./random.ts";
import { Clock, isoDay } from "./time.ts";

export const DEMO_EMAILS = { admin: "admin@example.org", member: "member@example.org" } as const;

export type TierName = "Associate" | "Regular" | "Corporate" | "Lifetime";

/** What the other generators need to know about a member beyond the row itself. */
export interface Member {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  company: string;
  trade: Trade;
  city: City;
  isAdmin: boolean;
  isVerified: boolean;
  /** Account usable: is_active and not soft-deleted. */
  isActive: boolean;
  deleted: boolean;
  memberSince: Date;
  /** null: does not expire (Lifetime). */
  membershipExpiresAt: Date | null;
  membershipCurrent: boolean;
  tier: TierName;
  stripeCustomerId: string | null;
}

export type NewUserSkill = typeof userSkills.$inferInsert;

export interface MemberSet {
  users: NewUser[];
  skills: NewUserSkill[];
  members: Member[];
  admin: Member;
  demo: Member;
}

const CROSS_SKILLS = ["Estimating", "Certified Payroll", "Prevailing Wage Compliance", "Cal/OSHA 30", "Bluebeam", "Procore", "Bid Preparation", "Safety Program Management"];
const LEVELS: ReadonlyArray<readonly [SkillLevel, number]> = [["EXPERT", 3], ["ADVANCED", 4], ["INTERMEDIATE", 3], ["BEGINNER", 1]];
/** License classes a firm often holds alongside its main one. */
const SECOND_CLASS: Record<string, readonly string[]> = {
  general: ["C-8", "C-9", "C-33", "C-61/D-12"],
  engineering: ["C-12", "C-8", "C-34"],
  concrete: ["A", "C-12"],
  electrical: ["C-7", "C-46"],
  plumbing: ["C-20", "C-42"],
  hvac: ["C-43", "C-38"],
  roofing: ["C-43"],
  landscaping: ["C-13", "D-49"],
  painting: ["C-61/D-64"],
};
const CLASS_TITLES: Record<string, string> = {
  A: "General Engineering Contractor", B: "General Building Contractor", "C-7": "Low Voltage Systems", "C-8": "Concrete",
  "C-9": "Drywall", "C-12": "Earthwork and Paving", "C-13": "Fencing", "C-20": "Warm-Air Heating, Ventilating and Air-Conditioning",
  "C-33": "Painting and Decorating", "C-34": "Pipeline", "C-38": "Refrigeration", "C-42": "Sanitation System", "C-43": "Sheet Metal",
  "C-46": "Solar", "C-61/D-12": "Synthetic Products", "C-61/D-64": "Non-specialized", "D-49": "Tree Service",
};

function region(city: City): string {
  if (["Sacramento", "Placer", "Yolo"].includes(city.county)) return "the Sacramento region";
  if (["San Joaquin", "Stanislaus"].includes(city.county)) return "the Central Valley and the Bay Area";
  if (["Sonoma", "Napa", "Solano"].includes(city.county)) return "the North Bay";
  return "the Bay Area";
}

export function certifications(rng: Rng, clock: Clock, trade: Trade, city: City, owner: Person): Certification[] {
  const certs: Certification[] = [];
  const expires = () => isoDay(clock.days(rng.int(-60, 900)));
  if (trade.cslb) {
    const number = String(rng.int(640_000, 1_098_000));
    const licenseExpires = isoDay(clock.days(rng.int(-20, 720)));
    certs.push({ type: "CSLB", number, agency: CSLB_AGENCY, expiresAt: licenseExpires, classification: `${trade.cslb.code} ${trade.cslb.title}` });
    const more = SECOND_CLASS[trade.key];
    if (more && rng.chance(0.35)) {
      const code = rng.pick(more);
      certs.push({ type: "CSLB", number, agency: CSLB_AGENCY, expiresAt: licenseExpires, classification: `${code} ${CLASS_TITLES[code]}` });
    }
  }
  if (rng.chance(0.65)) certs.push({ type: "DBE", number: rng.digits(5), agency: rng.pick(CERT_AGENCIES.DBE), expiresAt: expires() });
  if (rng.chance(0.5)) certs.push({ type: "MBE", number: `${rng.int(21, 26)}${rng.digits(6)}`, agency: rng.pick(CERT_AGENCIES.MBE), expiresAt: expires() });
  if (rng.chance(0.55)) certs.push({ type: "SBE", number: `20${rng.digits(5)}`, agency: rng.pick(CERT_AGENCIES.SBE), expiresAt: expires() });
  if (rng.chance(0.08)) certs.push({ type: "DVBE", number: `20${rng.digits(5)}`, agency: CERT_AGENCIES.DVBE[0]!, expiresAt: expires() });
  if (owner.woman && rng.chance(0.6)) certs.push({ type: "WBE", number: `WBE${rng.digits(6)}`, agency: rng.pick(CERT_AGENCIES.WBE), expiresAt: expires() });
  const lbe = { Oakland: 0, "San Francisco": 1, "San Jose": 2 }[city.name as "Oakland"];
  if (lbe !== undefined && rng.chance(0.45)) certs.push({ type: "LBE", number: rng.digits(6), agency: CERT_AGENCIES.LBE[lbe]!, expiresAt: expires() });
  return certs;
}

export function bio(rng: Rng, company: string, trade: Trade, city: City, certs: Certification[], years: number): string {
  const certNames = [...new Set(certs.filter((c) => c.type !== "CSLB").map((c) => c.type))];
  const certified = certNames.length ? `${certNames.join("/")}-certified ` : "";
  const what = trade.cslb ? `${trade.cslb.title.toLowerCase()} contractor` : `${trade.skills[0]!.toLowerCase()} firm`;
  const skills = rng.sample(trade.skills, 3).map((s) => s.toLowerCase());
  const closers = [
    "We are signatory to the local building trades and hire from the neighborhoods we build in.",
    "Bonded up to $" + rng.pick(["1", "2", "3", "5", "10"]) + " million single project.",
    "We mentor two apprentices a year through the chapter's pipeline program.",
    "Prime and subcontractor experience on Caltrans, BART and school district work.",
    "Looking for primes to team with on DBE goals.",
    "Family-owned and operated, with crews fluent in English and Spanish.",
  ];
  return `${company} is a ${certified}${what} based in ${city.name}, in business for ${years} years. We self-perform ${skills.join(", ")} for public agencies and private owners across ${region(city)}. ${rng.pick(closers)}`;
}

export function skillRows(rng: Rng, userId: string, trade: Trade, isNew: boolean): NewUserSkill[] {
  const names = [...new Set([...rng.sample(trade.skills, rng.int(3, 5)), ...rng.sample(CROSS_SKILLS, rng.int(0, 2))])];
  return names.map((skill, i) => ({
    id: rng.id(),
    userId,
    skill,
    level: i === 0 && !isNew ? "EXPERT" : rng.weighted(LEVELS),
    verified: !isNew && rng.chance(0.4),
  }));
}

interface Spec {
  email?: string;
  owner?: Person;
  trade?: Trade;
  city?: City;
  company?: string;
  title?: string;
  isAdmin?: boolean;
  memberSinceDays?: number;
  expiresInDays?: number | null;
  tier?: TierName;
  unverified?: boolean;
  deleted?: boolean;
  locked?: boolean;
  employerOf?: Member;
  certs?: Certification[];
  address?: PostalAddress;
}

export function buildMembers(rng: Rng, clock: Clock, count = 200): MemberSet {
  const users: NewUser[] = [];
  const skills: NewUserSkill[] = [];
  const members: Member[] = [];
  const emails = new Set<string>();
  const companies = new Set<string>(["reyes concrete & paving, inc."]);
  const customerIds = new Set<string>();

  const add = (spec: Spec): Member => {
    const owner = spec.owner ?? person(rng);
    const employer = spec.employerOf;
    const trade = spec.trade ?? employer?.trade ?? pickTrade(rng);
    const city = spec.city ?? employer?.city ?? pickCity(rng);
    const company = spec.company ?? employer?.company ?? companyName(rng, owner, trade, companies);
    companies.add(company.toLowerCase());
    const domain = spec.isAdmin ? "chapter.example.org" : `${slug(company.replace(/,? (Inc\.|LLC|Corp\.)$/, ""))}.example.com`;
    let email = spec.email ?? `${emailLocal(owner.firstName, owner.lastName)}@${domain}`;
    for (let n = 2; emails.has(email); n++) email = email.replace(/(\d*)@/, `${n}@`);
    emails.add(email);

    const id = rng.id();
    const tier: TierName = spec.tier ?? (spec.isAdmin ? "Regular" : rng.weighted([["Associate", 15], ["Regular", 64], ["Corporate", 15], ["Lifetime", 6]]));
    let expiresIn: number | null;
    if (spec.expiresInDays !== undefined) expiresIn = spec.expiresInDays;
    else if (tier === "Lifetime") expiresIn = null;
    else expiresIn = rng.weighted([[rng.int(30, 365), 72], [rng.int(1, 29), 9], [-rng.int(2, 200), 19]]);
    // Dues buy twelve months, so a member joined at least a year before the membership runs out.
    let sinceDays = spec.memberSinceDays ?? rng.weighted([[rng.int(25, 365), 2], [rng.int(366, 1825), 4], [rng.int(1826, 5400), 3]]);
    if (expiresIn !== null && spec.memberSinceDays === undefined) sinceDays = Math.max(sinceDays, 365 - expiresIn + rng.int(0, 20));
    const since = clock.at(-sinceDays, rng.int(8 * 60, 18 * 60));
    const membershipExpiresAt = expiresIn === null ? null : clock.pacific(expiresIn, 23, 59);
    const certs = spec.certs ?? (employer ? [] : certifications(rng, clock, trade, city, owner));
    const years = Math.max(1, Math.round(Clock.daysBetween(since, clock.anchor) / 365) + rng.int(0, 15));
    const point = jitter(rng, city.lat, city.lng);
    const verified = !spec.unverified;
    const recentLogin = verified && !spec.deleted && rng.chance(0.85);
    const lastLogin = recentLogin ? clock.at(-rng.int(1, 75), rng.int(6 * 60, 22 * 60)) : null;
    const stripeCustomerId = spec.isAdmin ? null : `cus_${rng.token(14)}`;
    if (stripeCustomerId) customerIds.add(stripeCustomerId);
    const rows = skillRows(rng, id, trade, !!spec.unverified);
    skills.push(...rows);

    const m: Member = {
      id, email, firstName: owner.firstName, lastName: owner.lastName, company, trade, city,
      isAdmin: !!spec.isAdmin, isVerified: verified, isActive: !spec.deleted, deleted: !!spec.deleted,
      memberSince: since, membershipExpiresAt, tier, stripeCustomerId,
      membershipCurrent: membershipExpiresAt === null || membershipExpiresAt > clock.anchor,
    };
    users.push({
      id,
      email,
      password: "", // filled in by the writer, which holds the hashes
      firstName: owner.firstName,
      lastName: owner.lastName,
      company,
      title: spec.title ?? (employer ? rng.pick(STAFF_TITLES) : rng.pick(OWNER_TITLES)),
      phone: phoneNumber(rng, city.areaCode),
      address: spec.address ?? streetAddress(rng, city),
      city: city.name,
      state: "CA",
      zipCode: null,
      latitude: point.lat,
      longitude: point.lng,
      coordinates: point,
      memberType: spec.isAdmin ? "admin" : "REGULAR",
      memberSince: since,
      membershipExpiresAt,
      isActive: !spec.deleted,
      isVerified: verified,
      bio: spec.isAdmin ? null : bio(rng, company, trade, city, certs, years),
      website: !spec.isAdmin && !employer && rng.chance(0.7) ? `https://www.${domain}` : null,
      skills: rows.map((r) => r.skill),
      certifications: certs,
      languages: owner.languages,
      failedLoginAttempts: spec.locked ? 5 : rng.chance(0.05) ? rng.int(1, 3) : 0,
      lockedUntil: spec.locked ? clock.days(1) : null,
      lastFailedLogin: spec.locked ? clock.at(-1, rng.int(60, 600)) : null,
      lastSuccessfulLogin: lastLogin,
      notificationPreferences: { email: rng.chance(0.9), sms: rng.chance(0.3), push: rng.chance(0.6) },
      createdAt: since,
      updatedAt: Clock.max(since, clock.at(-rng.int(1, 60), rng.int(0, 1440))),
      deletedAt: spec.deleted ? clock.at(-rng.int(10, 120), rng.int(9 * 60, 17 * 60)) : null,
    });
    const row = users[users.length - 1]!;
    row.zipCode = (row.address as { zip: string }).zip;
    if (row.deletedAt && row.deletedAt < since) row.deletedAt = Clock.plusDays(since, 1);
    members.push(m);
    return m;
  };

  const oakland = cityByName("Oakland");
  const admin = add({
    email: DEMO_EMAILS.admin,
    owner: { firstName: "Renee", lastName: "Whitfield", languages: ["English"], woman: true },
    isAdmin: true, title: "Executive Director", company: "Chapter staff", city: oakland, trade: tradeByKey("cm"),
    memberSinceDays: 2900, expiresInDays: 365,
  });
  const demo = add({
    email: DEMO_EMAILS.member,
    owner: { firstName: "Ana", lastName: "Reyes", languages: ["English", "Spanish"], woman: true },
    trade: tradeByKey("concrete"), city: oakland, company: "Reyes Concrete & Paving, Inc.", title: "President",
    memberSinceDays: 2210, expiresInDays: 243, tier: "Regular",
    address: { street: "1450 Industrial Pkwy", suite: "Unit B", city: "Oakland", state: "CA", zip: "94621", county: "Alameda" },
    certs: [
      { type: "CSLB", number: "1004217", agency: CSLB_AGENCY, expiresAt: isoDay(clock.days(410)), classification: "A General Engineering Contractor" },
      { type: "CSLB", number: "1004217", agency: CSLB_AGENCY, expiresAt: isoDay(clock.days(410)), classification: "C-8 Concrete" },
      { type: "DBE", number: "43871", agency: CERT_AGENCIES.DBE[0]!, expiresAt: isoDay(clock.days(520)) },
      { type: "SBE", number: "2019874", agency: CERT_AGENCIES.SBE[0]!, expiresAt: isoDay(clock.days(300)) },
      { type: "MBE", number: "23004518", agency: CERT_AGENCIES.MBE[0]!, expiresAt: isoDay(clock.days(45)) },
      { type: "WBE", number: "WBE230117", agency: CERT_AGENCIES.WBE[0]!, expiresAt: isoDay(clock.days(45)) },
      { type: "LBE", number: "004512", agency: CERT_AGENCIES.LBE[0]!, expiresAt: isoDay(clock.days(190)) },
    ],
  });
  for (const [title, days] of [["Program Manager", 1500], ["Membership Coordinator", 900], ["Finance & Operations Manager", 2100]] as const) {
    add({ isAdmin: true, title, company: "Chapter staff", city: rng.pick([oakland, cityByName("Sacramento")]), trade: tradeByKey("cm"), memberSinceDays: days, expiresInDays: 365 });
  }

  // Fixed slots for the unusual accounts, so every run has them.
  const remaining = count - members.length;
  const slots = rng.sample([...Array(remaining).keys()], 16);
  const deletedSlots = new Set(slots.slice(0, 2));
  const lockedSlot = slots[2];
  const unverifiedSlots = new Set(slots.slice(3, 15));
  const firms: Member[] = [];
  for (let i = 0; i < remaining; i++) {
    const joinsFirm = firms.length > 20 && rng.chance(0.07);
    const spec: Spec = {
      deleted: deletedSlots.has(i),
      locked: i === lockedSlot,
      unverified: unverifiedSlots.has(i),
      employerOf: joinsFirm ? rng.pick(firms) : undefined,
      // The first firms cover every trade once, so each is in the directory whatever the draw.
      trade: i < TRADES.length ? TRADES[i] : undefined,
    };
    if (spec.unverified) {
      spec.memberSinceDays = rng.int(1, 20);
      spec.expiresInDays = 365 - spec.memberSinceDays;
    }
    const m = add(spec);
    if (!joinsFirm) firms.push(m);
  }
  return { users, skills, members, admin, demo };
}

// Bid opportunities, the members' applications to them, and their bid documents.
import type { ApplicationStatus, NewProject, ProjectStatus } from "../../src/db/schema/index.ts";
import type { projectApplications, projectFiles } from "../../src/db/schema/index.ts";
import type { Member } from "./members.ts";
import { cityByName, jitter, phoneNumber, streetAddress } from "./places.ts";
import { contactName, emailLocal, slug, tradeByKey } from "./people.ts";
import { AGENCIES, PROJECT_TEMPLATES, SCOPE_BY_TRADE, type ProjectTemplate, type Size } from "./project-catalog.ts";
import type { Rng } from "./random.ts";
import { Clock } from "./time.ts";

export type NewApplication = typeof projectApplications.$inferInsert;
export type NewProjectFile = typeof projectFiles.$inferInsert;

export const PROJECT_STATUSES: readonly ProjectStatus[] = ["DRAFT", "PUBLISHED", "BIDDING_OPEN", "BIDDING_CLOSED", "AWARDED", "COMPLETED", "CANCELLED"];

const VALUE_RANGE: Record<Size, [number, number]> = { S: [60_000, 450_000], M: [450_000, 3_500_000], L: [3_500_000, 45_000_000] };
const DURATION_RANGE: Record<Size, [number, number]> = { S: [20, 120], M: [90, 300], L: [240, 720] };

const money = (n: number) => n.toFixed(2);
const roundTo = (n: number, step: number) => Math.round(n / step) * step;

function description(rng: Rng, tpl: ProjectTemplate, federal: boolean, goal: number): string {
  const agency = AGENCIES[tpl.agency];
  const scope = tpl.trades.map((k) => SCOPE_BY_TRADE[k]).filter(Boolean).join("; ");
  const isPublic = !tpl.sector.includes("private");
  const parts = [
    `${agency.name} ${isPublic ? "invites sealed bids" : "is requesting proposals"} for the ${tpl.title}${tpl.location ? ` at ${tpl.location}` : ""}.`,
    `Work includes ${scope}, together with traffic control, erosion control and all incidental work shown on the plans.`,
  ];
  if (isPublic) parts.push("This is a public works project: California prevailing wage rates apply, certified payroll is required, and every contractor and subcontractor must be registered with the Department of Industrial Relations.");
  if (federal) parts.push(`The contract carries a ${goal}% Disadvantaged Business Enterprise (DBE) participation goal.`);
  else if (isPublic) parts.push(`The agency has set a ${goal}% small and local business participation goal.`);
  else parts.push("The owner is committed to hiring local and minority-owned subcontractors and welcomes chapter members.");
  parts.push(rng.pick([
    "A non-mandatory pre-bid meeting and site walk will be held; see the bid documents for the date.",
    "A mandatory pre-bid meeting will be held on site. Bidders who do not attend will be deemed non-responsive.",
    "Questions must be submitted in writing no later than ten days before bid opening.",
    "Work must be phased so the facility stays in operation throughout construction.",
  ]));
  return parts.join(" ");
}

export interface ProjectInfo {
  id: string;
  template: ProjectTemplate;
  status: ProjectStatus;
  createdById: string;
  estimatedValue: number;
  publishedAt: Date | null;
  deadline: Date;
  createdAt: Date;
  deleted: boolean;
  maxApplications: number | null;
}

export function projectRow(
  rng: Rng, clock: Clock, tpl: ProjectTemplate, status: ProjectStatus, creators: readonly string[],
  opts: { title?: string; externalIds?: Set<string>; deleted?: boolean },
): { row: NewProject; info: ProjectInfo } {
  const id = rng.id();
  const agency = AGENCIES[tpl.agency];
  const city = cityByName(tpl.city);
  const [lo, hi] = VALUE_RANGE[tpl.size];
  const estimate = roundTo(Math.exp(rng.float(Math.log(lo), Math.log(hi))), 1000);
  const budgetMin = roundTo(estimate * rng.float(0.8, 0.95), 1000);
  const budgetMax = roundTo(estimate * rng.float(1.05, 1.2), 1000);
  const [dlo, dhi] = DURATION_RANGE[tpl.size];
  const duration = rng.int(dlo, dhi);
  const funding = rng.pick(agency.funding);
  const federal = /Federal/.test(funding);
  const goal = federal ? rng.int(12, 24) : rng.pick([15, 20, 25, 30]);

  // Dates follow the status, counted back or forward from the anchor.
  let published: number | null;
  let deadlineDay: number;
  let closedAt: Date | null = null;
  let startDay: number;
  switch (status) {
    case "DRAFT":
      published = null;
      deadlineDay = rng.int(30, 75);
      startDay = deadlineDay + rng.int(30, 60);
      break;
    case "PUBLISHED":
      published = -rng.int(1, 10);
      deadlineDay = rng.int(25, 70);
      startDay = deadlineDay + rng.int(30, 60);
      break;
    case "BIDDING_OPEN":
      published = -rng.int(3, 35);
      deadlineDay = rng.weighted([[rng.int(2, 7), 1], [rng.int(8, 40), 3]]);
      startDay = deadlineDay + rng.int(30, 60);
      break;
    case "BIDDING_CLOSED":
      deadlineDay = -rng.int(1, 30);
      published = deadlineDay - rng.int(25, 45);
      startDay = deadlineDay + rng.int(45, 90);
      break;
    case "AWARDED":
      deadlineDay = -rng.int(20, 90);
      published = deadlineDay - rng.int(25, 45);
      startDay = deadlineDay + rng.int(30, 75);
      break;
    case "COMPLETED": {
      const endDay = -rng.int(10, 300);
      startDay = endDay - duration;
      deadlineDay = startDay - rng.int(30, 60);
      published = deadlineDay - rng.int(25, 45);
      break;
    }
    case "CANCELLED":
      deadlineDay = rng.int(-150, 20);
      published = Math.min(deadlineDay - rng.int(25, 45), -10);
      closedAt = clock.past(clock.pacific(Math.min(-1, published + rng.int(5, 20)), 16, 30));
      startDay = deadlineDay + rng.int(30, 60);
      break;
  }
  const deadline = clock.pacific(deadlineDay, 14, 0);
  if (status === "BIDDING_CLOSED" || status === "AWARDED" || status === "COMPLETED") closedAt = deadline;
  const publishedAt = published === null ? null : clock.past(clock.pacific(published, rng.int(8, 16), rng.pick([0, 15, 30, 45])));
  const createdAt = clock.pacific((published ?? -rng.int(1, 20)) - (published === null ? 0 : rng.int(1, 10)), rng.int(8, 15), rng.int(0, 59));
  const startDate = clock.pacific(startDay, 7, 0);
  const endDate = clock.pacific(startDay + duration, 15, 30);
  const point = jitter(rng, city.lat, city.lng, 1.5);
  const creator = rng.pick(creators);
  const contact = contactName(rng);
  const [first = "bids", ...rest] = contact.split(" ");
  const primaryTrade = tradeByKey(tpl.trades[0]!);
  const skills = [...new Set(tpl.trades.flatMap((k) => rng.sample(tradeByKey(k).skills, 2)))];
  const requirements = [
    primaryTrade.cslb ? `Active CSLB ${primaryTrade.cslb.code} (${primaryTrade.cslb.title}) license` : "Active CSLB license appropriate to the work",
    ...(tpl.sector.includes("private") ? [] : ["DIR public works contractor registration", "Certified payroll through the agency's labor compliance system"]),
    ...rng.sample(["Cal/OSHA 30 for the site superintendent", "Three similar projects completed in the last five years", "Local hire: 30% of project hours by residents", "Injury and Illness Prevention Program on file", "Good-faith outreach documentation with the bid", "Attendance at the pre-bid meeting"], rng.int(1, 3)),
  ];
  let externalId: string | null = null;
  if (agency.externalPrefix && opts.externalIds) {
    do externalId = `${agency.externalPrefix}${agency.source === "CALTRANS" ? `${rng.int(0, 4)}${rng.pick([..."ABCFGHJKLMNPQRTUWXY"])}${rng.digits(4)}` : rng.digits(5)}`;
    while (opts.externalIds.has(`${agency.source}:${externalId}`));
    opts.externalIds.add(`${agency.source}:${externalId}`);
  }
  const bonding = tpl.size !== "S" || rng.chance(0.4);
  const maxApplications = rng.chance(0.3) ? rng.int(12, 40) : null;
  const updatedAt = Clock.max(createdAt, clock.at(-rng.int(1, 10), rng.int(0, 1439)));
  const deletedAt = opts.deleted ? Clock.max(updatedAt, clock.at(-rng.int(1, 5), rng.int(600, 900))) : null;
  const row: NewProject = {
    id,
    externalId,
    source: agency.source,
    title: opts.title ?? tpl.title,
    description: description(rng, tpl, federal, goal),
    category: tpl.category,
    subcategory: tpl.subcategory,
    sector: [...tpl.sector],
    budgetMin: money(budgetMin),
    budgetMax: money(budgetMax),
    estimatedValue: money(estimate),
    fundingSource: funding,
    location: tpl.location ?? `${city.name}, CA`,
    latitude: point.lat,
    longitude: point.lng,
    coordinates: point,
    serviceArea: tpl.category === "INFRASTRUCTURE" ? {
      type: "Polygon",
      coordinates: [[[point.lng - 0.02, point.lat - 0.015], [point.lng + 0.02, point.lat - 0.015], [point.lng + 0.02, point.lat + 0.015], [point.lng - 0.02, point.lat + 0.015], [point.lng - 0.02, point.lat - 0.015]]],
    } : null,
    address: tpl.category === "INFRASTRUCTURE" ? null : streetAddress(rng, city),
    startDate,
    endDate,
    deadlineDate: deadline,
    estimatedDuration: Clock.daysBetween(startDate, endDate),
    requirements,
    skillsRequired: skills,
    certificationsRequired: [
      ...tpl.trades.flatMap((k) => { const c = tradeByKey(k).cslb; return c ? [{ type: "CSLB", classification: c.code }] : []; }),
      ...(federal ? [{ type: "DBE", goalPercent: goal }] : tpl.sector.includes("private") ? [] : [{ type: "SBE", goalPercent: goal }]),
    ],
    experienceRequired: tpl.size === "S" ? rng.int(1, 3) : tpl.size === "M" ? rng.int(3, 5) : rng.int(5, 10),
    bondingRequired: bonding,
    insuranceRequired: {
      generalLiability: { eachOccurrence: tpl.size === "S" ? 1_000_000 : 2_000_000, aggregate: tpl.size === "S" ? 2_000_000 : 4_000_000 },
      autoLiability: 1_000_000,
      workersCompensation: "Statutory",
      umbrella: tpl.size === "L" ? 5_000_000 : null,
      additionalInsured: agency.name,
      ...(bonding ? { bonds: { bid: "10%", performance: "100%", payment: "100%" } } : {}),
    },
    status,
    priority: status === "BIDDING_OPEN" && deadlineDay <= 7 ? rng.pick(["HIGH", "URGENT"] as const) : rng.weighted([["LOW", 2], ["MEDIUM", 6], ["HIGH", 3], ["URGENT", 1]] as const),
    visibility: status === "DRAFT" ? rng.pick(["PRIVATE", "MEMBERS_ONLY"] as const) : rng.weighted([["PUBLIC", 15], ["MEMBERS_ONLY", 4], ["INVITE_ONLY", 1]] as const),
    maxApplications,
    applicationCount: 0,
    contactName: contact,
    contactEmail: `${emailLocal(first, rest.join(" ") || "bids")}@${agency.domain}`,
    contactPhone: phoneNumber(rng, city.areaCode),
    organization: agency.name,
    keywords: [...tpl.keywords, ...(tpl.sector.includes("private") ? [] : ["prevailing wage"])],
    createdAt,
    updatedAt,
    publishedAt,
    closedAt,
    deletedAt,
    createdById: creator,
    updatedById: rng.chance(0.7) ? creator : rng.pick(creators),
  };
  return {
    row,
    info: { id, template: tpl, status, createdById: creator, estimatedValue: estimate, publishedAt, deadline, createdAt, deleted: !!opts.deleted, maxApplications },
  };
}

const APPLYING: Record<ProjectStatus, [number, number]> = {
  DRAFT: [0, 0], PUBLISHED: [0, 4], BIDDING_OPEN: [1, 10], BIDDING_CLOSED: [3, 12], AWARDED: [3, 12], COMPLETED: [3, 10], CANCELLED: [0, 5],
};

function applicationStatus(rng: Rng, status: ProjectStatus, first: boolean): ApplicationStatus {
  switch (status) {
    case "PUBLISHED":
    case "BIDDING_OPEN":
      return rng.weighted([["PENDING", 14], ["REVIEWING", 3], ["WITHDRAWN", 3]]);
    case "BIDDING_CLOSED":
      return rng.weighted([["REVIEWING", 12], ["PENDING", 4], ["REJECTED", 2], ["WITHDRAWN", 2]]);
    case "AWARDED":
    case "COMPLETED":
      return first ? "APPROVED" : rng.weighted([["REJECTED", 17], ["WITHDRAWN", 3]]);
    default:
      return rng.weighted([["REJECTED", 1], ["WITHDRAWN", 1]]);
  }
}

const COVER_LETTERS = [
  (m: Member, p: ProjectInfo) => `${m.company} would like to be considered for the ${p.template.title}. We have completed similar work for public agencies in ${m.city.name} and can staff this project with our own crews.`,
  (m: Member, p: ProjectInfo) => `Please find our qualifications for the ${p.template.title}. As a certified small business we can help the prime meet the participation goal, and we are bonded for work of this size.`,
  (m: Member) => `${m.firstName} ${m.lastName} here from ${m.company}. We self-perform this scope, carry the required insurance and can start within two weeks of notice to proceed.`,
];

/**
 * Applications from members whose trade fits, with statuses that follow the project's
 * stage. `forced` puts the demo member on chosen projects with a chosen outcome.
 */
export function buildApplications(
  rng: Rng, clock: Clock, projects: ProjectInfo[], members: Member[], reviewers: readonly string[],
  forced: Map<string, { member: Member; status: ApplicationStatus }>,
): NewApplication[] {
  const rows: NewApplication[] = [];
  // Members pinned by `forced` apply only where pinned, so the demo inbox tells a clear story.
  const pinnedMembers = new Set([...forced.values()].map((f) => f.member));
  const applicants = members.filter((m) => !m.isAdmin && m.isActive && m.isVerified && !pinnedMembers.has(m));
  const lastMoment = clock.at(-1, 23 * 60);
  for (const p of projects) {
    const [lo, hi] = APPLYING[p.status];
    let n = p.deleted ? 0 : rng.int(lo, hi);
    if (p.maxApplications !== null) n = Math.min(n, p.maxApplications);
    const pinned = forced.get(p.id);
    const fits = applicants.filter((m) => p.template.trades.includes(m.trade.key));
    const others = applicants.filter((m) => !p.template.trades.includes(m.trade.key));
    const chosen = [...rng.sample(fits, Math.ceil(n * 0.7)), ...rng.sample(others, n)].slice(0, pinned ? Math.max(0, n - 1) : n);
    if (pinned) chosen.unshift(pinned.member);
    // Awarded and completed projects have exactly one approved bid.
    const approvedIndex = pinned?.status === "APPROVED" ? 0 : pinned ? 1 : 0;
    const opened = p.publishedAt ?? p.createdAt;
    const until = Clock.min(p.deadline, lastMoment);
    chosen.forEach((m, i) => {
      const status = pinned && i === 0 ? pinned.status : applicationStatus(rng, p.status, i === approvedIndex);
      const submittedAt = new Date(opened.getTime() + rng.next() * Math.max(0, until.getTime() - opened.getTime()));
      const reviewed = status === "REVIEWING" || status === "APPROVED" || status === "REJECTED";
      const reviewedAt = reviewed ? Clock.min(Clock.plusDays(Clock.max(submittedAt, p.status === "BIDDING_OPEN" || p.status === "PUBLISHED" ? submittedAt : p.deadline), rng.float(0.5, 6)), lastMoment) : null;
      rows.push({
        id: rng.id(),
        projectId: p.id,
        userId: m.id,
        status,
        coverLetter: rng.pick(COVER_LETTERS)(m, p),
        proposal: rng.chance(0.6) ? `Scope: ${m.trade.skills.slice(0, 3).join(", ").toLowerCase()}. Crew of ${rng.int(4, 18)}, ${rng.int(2, 12)} weeks on site. Exclusions: permits, testing and inspection fees.` : null,
        bidAmount: money(roundTo(p.estimatedValue * rng.float(0.08, 0.35) * (m.trade.key === p.template.trades[0] ? 2.5 : 1), 100)),
        submittedAt,
        reviewedAt,
        reviewedBy: reviewed ? rng.pick(reviewers) : null,
        notes: status === "APPROVED" ? "Lowest responsive, responsible bidder; references checked." : status === "REJECTED" ? rng.pick(["Bid above engineer's estimate.", "Missing good-faith outreach documentation.", "Another bidder was lower.", "License class does not cover the full scope."]) : null,
      });
    });
  }
  return rows;
}

const DOCUMENTS: ReadonlyArray<readonly [string, [number, number]]> = [
  ["Plans and Specifications", [2_000_000, 25_000_000]],
  ["Bid Proposal Form", [80_000, 400_000]],
  ["Addendum No. 1", [40_000, 300_000]],
  ["Prevailing Wage Determination", [100_000, 600_000]],
  ["DBE and Small Business Participation Forms", [60_000, 250_000]],
  ["Geotechnical Report", [1_000_000, 8_000_000]],
  ["Pre-bid Meeting Sign-in Sheet", [30_000, 150_000]],
];

export function buildProjectFiles(rng: Rng, clock: Clock, projects: ProjectInfo[]): NewProjectFile[] {
  const rows: NewProjectFile[] = [];
  for (const p of projects) {
    if (p.status === "DRAFT" && rng.chance(0.6)) continue;
    const docs = [DOCUMENTS[0]!, ...rng.sample(DOCUMENTS.slice(1), rng.int(0, 3))];
    for (const [name, [lo, hi]] of docs) {
      rows.push({
        id: rng.id(),
        projectId: p.id,
        fileName: `${name}.pdf`,
        filePath: `projects/${p.id}/${slug(name)}.pdf`,
        fileType: "application/pdf",
        fileSize: rng.int(lo, hi),
        uploadedAt: Clock.min(Clock.max(Clock.plusMinutes(p.publishedAt ?? p.createdAt, rng.int(-600, 2000)), p.createdAt), clock.at(-1, 1200)),
        uploadedBy: p.createdById,
      });
    }
  }
  return rows;
}

/** The demo catalogue: every template once, statuses spread so each appears several times. */
export function buildProjects(rng: Rng, clock: Clock, creators: readonly string[]) {
  const counts: Record<ProjectStatus, number> = { DRAFT: 5, PUBLISHED: 9, BIDDING_OPEN: 17, BIDDING_CLOSED: 8, AWARDED: 10, COMPLETED: 11, CANCELLED: 4 };
  const statuses = rng.shuffle(PROJECT_STATUSES.flatMap((s) => Array<ProjectStatus>(counts[s]).fill(s)));
  if (statuses.length !== PROJECT_TEMPLATES.length) throw new Error("project status counts do not match the templates");
  const externalIds = new Set<string>();
  // Soft-deleted: one draft, one cancelled, one published (taken down by mistake, kept for the audit trail).
  const deleted = new Set(["DRAFT", "CANCELLED", "PUBLISHED"].map((s) => statuses.indexOf(s as ProjectStatus)));
  const built = PROJECT_TEMPLATES.map((tpl, i) => projectRow(rng, clock, tpl, statuses[i]!, creators, { externalIds, deleted: deleted.has(i) }));
  return { rows: built.map((b) => b.row), infos: built.map((b) => b.info) };
}

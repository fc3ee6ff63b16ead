// Bulk rows for benchmarks (`npm run seed -- --scale N`): N projects and N/2 members,
// shaped like the demo data but generated without the hand-written detail.
import type { NewProject, NewUser, ProjectStatus } from "../../src/db/schema/index.ts";
import { directoryChoices } from "./directory.ts";
import type { userRoles } from "../../src/db/schema/index.ts";
import { bio, certifications, skillRows, type NewUserSkill } from "./members.ts";
import { jitter, phoneNumber, pickCity, streetAddress } from "./places.ts";
import { OWNER_TITLES, emailLocal, person, pickTrade, slug } from "./people.ts";
import { PROJECT_TEMPLATES } from "./project-catalog.ts";
import { projectRow } from "./projects.ts";
import type { Rng } from "./random.ts";
import { Clock } from "./time.ts";

type NewUserRole = typeof userRoles.$inferInsert;

export interface ScaleInput {
  projects: number;
  members: number;
  /** Numbers bulk emails from here, so repeated runs add new members rather than collide. */
  firstIndex: number;
  /** Same for the "Bid Package n" suffix of bulk project titles. */
  firstProjectIndex: number;
  creators: readonly string[];
  memberRoleId: string | null;
  assignedBy: string | null;
  /** One scrypt hash shared by every bulk member: hashing each would take minutes. */
  passwordHash: string;
}

const STATUS_WEIGHTS: ReadonlyArray<readonly [ProjectStatus, number]> = [
  ["DRAFT", 4], ["PUBLISHED", 10], ["BIDDING_OPEN", 25], ["BIDDING_CLOSED", 12], ["AWARDED", 15], ["COMPLETED", 28], ["CANCELLED", 6],
];

export function buildScale(rng: Rng, clock: Clock, input: ScaleInput) {
  const users: NewUser[] = [];
  const skills: NewUserSkill[] = [];
  const roles: NewUserRole[] = [];
  // Its own stream, so the directory's draws leave the members' other fields as they were.
  const directory = rng.fork("directory");
  for (let i = 0; i < input.members; i++) {
    const index = input.firstIndex + i;
    const owner = person(rng);
    const trade = pickTrade(rng);
    const city = pickCity(rng);
    const company = `${owner.lastName} ${rng.pick(trade.nouns)} ${index}`;
    const id = rng.id();
    const sinceDays = rng.int(400, 5000);
    const expiresIn = rng.weighted([[rng.int(30, 365), 75], [rng.int(1, 29), 8], [-rng.int(2, 200), 17]]);
    const since = clock.at(-sinceDays, rng.int(480, 1080));
    const certs = certifications(rng, clock, trade, city, owner);
    const point = jitter(rng, city.lat, city.lng);
    const address = streetAddress(rng, city);
    const rows = skillRows(rng, id, trade, false);
    for (const r of rows) r.years = directory.int(1, 25);
    skills.push(...rows);
    const expiresAt = clock.pacific(expiresIn, 23, 59);
    users.push({
      id,
      email: `${emailLocal(owner.firstName, owner.lastName)}.${index}@${slug(company)}.example.net`,
      password: input.passwordHash,
      firstName: owner.firstName,
      lastName: owner.lastName,
      company,
      title: rng.pick(OWNER_TITLES),
      phone: phoneNumber(rng, city.areaCode),
      address,
      city: city.name,
      state: "CA",
      zipCode: address.zip,
      latitude: point.lat,
      longitude: point.lng,
      coordinates: point,
      memberType: "REGULAR",
      memberSince: since,
      membershipExpiresAt: expiresAt,
      isActive: true,
      isVerified: rng.chance(0.95),
      bio: bio(rng, company, trade, city, certs, Math.round(sinceDays / 365) + rng.int(0, 10)),
      skills: rows.map((r) => r.skill),
      certifications: certs,
      languages: owner.languages,
      ...directoryChoices(directory, Math.round(sinceDays / 365) + directory.int(0, 10)),
      createdAt: since,
      updatedAt: Clock.max(since, clock.at(-rng.int(1, 90), rng.int(0, 1439))),
    });
    if (input.memberRoleId && expiresIn > 0) {
      roles.push({ id: rng.id(), userId: id, roleId: input.memberRoleId, assignedAt: since, assignedBy: input.assignedBy, isActive: true });
    }
  }

  const projects: NewProject[] = [];
  for (let i = 0; i < input.projects; i++) {
    const tpl = rng.pick(PROJECT_TEMPLATES);
    const status = rng.weighted(STATUS_WEIGHTS);
    const { row } = projectRow(rng, clock, tpl, status, input.creators, {
      title: `${tpl.title}, Bid Package ${input.firstProjectIndex + i}`,
      deleted: rng.chance(0.02),
    });
    projects.push(row);
  }
  return { users, skills, roles, projects };
}

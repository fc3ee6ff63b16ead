// The data model's CHECK, UNIQUE, FOREIGN KEY and enum rules, proved against the
// migrated database: each bad write is rejected with the constraint's own name, and
// the boundary values next to it are accepted (so no check passes by rejecting all).
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import {
  courseEnrollments,
  courseModules,
  courses,
  emailOutbox,
  emailTokens,
  eventFiles,
  eventRegistrations,
  events,
  membershipTiers,
  payments,
  projectApplications,
  projectFiles,
  projects,
  users,
  type User,
} from "../../src/db/schema/index.ts";
import { makeCourse, makeEvent, makeProject, makeUser, rejection, uniqueEmail, useTestDb } from "../helpers/db.ts";

const db = useTestDb();

const CHECK = "23514";
const UNIQUE = "23505";
const FOREIGN_KEY = "23503";
/**
 * ON DELETE RESTRICT: PostgreSQL 18 reports restrict_violation (23001); 15–17 report
 * foreign_key_violation (23503) for the same refusal. The constraint name is what we check.
 */
const RESTRICT = ["23001", "23503"] as const;
const BAD_INPUT = "22P02";

/** The statement must fail with this SQLSTATE (or one of these) and constraint name. */
async function expectViolation(code: string | readonly string[], constraint: string, run: () => PromiseLike<unknown>) {
  const err = await rejection(run);
  expect(err.constraint, err.message).toBe(constraint);
  expect(typeof code === "string" ? [code] : code, err.message).toContain(err.code);
}

let owner: User;
beforeAll(async () => {
  owner = await makeUser(db, { firstName: "Constraint", lastName: "Owner" });
});

describe("valid rows are accepted at the boundaries", () => {
  it("accepts a project with equal budget ends, equal dates and corner coordinates", async () => {
    const day = new Date("2031-03-01T00:00:00Z");
    const p = await makeProject(db, owner.id, {
      budgetMin: "0.00",
      budgetMax: "0.00",
      estimatedValue: "0",
      startDate: day,
      endDate: day,
      estimatedDuration: 0,
      experienceRequired: 0,
      maxApplications: 0,
      latitude: 90,
      longitude: -180,
    });
    expect(p).toMatchObject({ budgetMin: "0.00", budgetMax: "0.00", latitude: 90, longitude: -180 });
    expect(p.startDate?.toISOString()).toBe(day.toISOString());
    const wide = await makeProject(db, owner.id, { budgetMin: "1.00", budgetMax: "9999999999.99", latitude: -90, longitude: 180 });
    expect(wide).toMatchObject({ budgetMin: "1.00", budgetMax: "9999999999.99", latitude: -90, longitude: 180 });
  });

  it("accepts an event that is exactly full, free, and starts and ends at once", async () => {
    const at = new Date("2031-05-01T17:00:00Z");
    const e = await makeEvent(db, owner.id, {
      startDate: at,
      endDate: at,
      maxCapacity: 10,
      currentCapacity: 10,
      price: "0",
      memberPrice: "0",
      earlyBirdPrice: "0",
    });
    expect(e).toMatchObject({ maxCapacity: 10, currentCapacity: 10, price: "0.00", memberPrice: "0.00" });
    const unlimited = await makeEvent(db, owner.id, { maxCapacity: null, currentCapacity: 500 });
    expect(unlimited).toMatchObject({ maxCapacity: null, currentCapacity: 500 });
  });

  it("accepts enrollment progress of exactly 0 and exactly 100", async () => {
    const course = await makeCourse(db, { duration: 0, price: "0", memberPrice: "0" });
    const other = await makeUser(db);
    const rows = await db
      .insert(courseEnrollments)
      .values([
        { courseId: course.id, userId: owner.id, progress: 0 },
        { courseId: course.id, userId: other.id, progress: 100 },
      ])
      .returning();
    expect(rows.map((r) => r.progress).sort((a, b) => a - b)).toEqual([0, 100]);
  });

  it("accepts zero amounts, sizes, durations and orders", async () => {
    const course = await makeCourse(db);
    const [mod] = await db.insert(courseModules).values({ courseId: course.id, title: "Intro", order: 0, duration: 0 }).returning();
    expect(mod).toMatchObject({ order: 0, duration: 0 });
    const [pay] = await db.insert(payments).values({ userId: owner.id, type: "DONATION", amount: "0" }).returning();
    expect(pay?.amount).toBe("0.00");
    const [tier] = await db
      .insert(membershipTiers)
      .values({ name: `Free ${newId()}`, description: "No cost", price: "0", duration: 0 })
      .returning();
    expect(tier).toMatchObject({ price: "0.00", duration: 0 });
    const project = await makeProject(db, owner.id);
    const [file] = await db
      .insert(projectFiles)
      .values({ projectId: project.id, fileName: "empty.txt", filePath: "p/empty.txt", fileType: "text/plain", fileSize: 0, uploadedBy: owner.id })
      .returning();
    expect(file?.fileSize).toBe(0);
  });
});

describe("CHECK constraints: projects", () => {
  it("rejects budget_min above budget_max (insert and update)", async () => {
    await expectViolation(CHECK, "projects_budget_range_check", () =>
      makeProject(db, owner.id, { budgetMin: "500000.01", budgetMax: "500000.00" }),
    );
    const p = await makeProject(db, owner.id, { budgetMin: "100", budgetMax: "200" });
    await expectViolation(CHECK, "projects_budget_range_check", () =>
      db.update(projects).set({ budgetMin: "200.01" }).where(eq(projects.id, p.id)),
    );
  });

  it("rejects end_date before start_date", async () => {
    await expectViolation(CHECK, "projects_dates_check", () =>
      makeProject(db, owner.id, { startDate: new Date("2031-06-02T00:00:00Z"), endDate: new Date("2031-06-01T23:59:59Z") }),
    );
  });

  const nonNegative: [string, Partial<typeof projects.$inferInsert>][] = [
    ["projects_budget_min_check", { budgetMin: "-0.01" }],
    ["projects_budget_max_check", { budgetMax: "-1" }],
    ["projects_estimated_value_check", { estimatedValue: "-1" }],
    ["projects_estimated_duration_check", { estimatedDuration: -1 }],
    ["projects_experience_required_check", { experienceRequired: -1 }],
    ["projects_max_applications_check", { maxApplications: -1 }],
    ["projects_application_count_check", { applicationCount: -1 }],
  ];
  for (const [constraint, values] of nonNegative) {
    it(`rejects a negative value: ${constraint}`, async () => {
      await expectViolation(CHECK, constraint, () => makeProject(db, owner.id, values));
    });
  }
});

describe("CHECK constraints: events", () => {
  it("rejects end_date before start_date", async () => {
    await expectViolation(CHECK, "events_dates_check", () =>
      makeEvent(db, owner.id, { startDate: new Date("2031-01-02T10:00:00Z"), endDate: new Date("2031-01-02T09:59:59Z") }),
    );
  });

  it("rejects current_capacity above max_capacity (insert, and an update that overfills)", async () => {
    await expectViolation(CHECK, "events_capacity_check", () => makeEvent(db, owner.id, { maxCapacity: 10, currentCapacity: 11 }));
    const e = await makeEvent(db, owner.id, { maxCapacity: 2, currentCapacity: 2 });
    await expectViolation(CHECK, "events_capacity_check", () =>
      db.update(events).set({ currentCapacity: 3 }).where(eq(events.id, e.id)),
    );
    await expectViolation(CHECK, "events_capacity_check", () =>
      db.update(events).set({ maxCapacity: 1 }).where(eq(events.id, e.id)),
    );
  });

  it("rejects a negative current_capacity", async () => {
    await expectViolation(CHECK, "events_current_capacity_check", () => makeEvent(db, owner.id, { currentCapacity: -1 }));
  });

  it("rejects a negative max_capacity", async () => {
    // max_capacity < 0 also breaks current_capacity <= max_capacity (current is >= 0), and
    // Postgres reports the first failing CHECK by name: both names are this rule.
    const err = await rejection(() => makeEvent(db, owner.id, { maxCapacity: -1, currentCapacity: 0 }));
    expect(err.code).toBe(CHECK);
    expect(["events_capacity_check", "events_max_capacity_check"]).toContain(err.constraint);
  });

  for (const [constraint, values] of [
    ["events_price_check", { price: "-0.01" }],
    ["events_member_price_check", { memberPrice: "-5" }],
    ["events_early_bird_price_check", { earlyBirdPrice: "-5" }],
  ] as const) {
    it(`rejects a negative price: ${constraint}`, async () => {
      await expectViolation(CHECK, constraint, () => makeEvent(db, owner.id, values));
    });
  }

  it("rejects a negative registration amount", async () => {
    const e = await makeEvent(db, owner.id);
    await expectViolation(CHECK, "event_registrations_amount_check", () =>
      db.insert(eventRegistrations).values({ eventId: e.id, userId: owner.id, amount: "-10" }),
    );
  });

  it("allows a payment hold only on a REGISTERED seat, a waitlist position only when WAITLISTED", async () => {
    const e = await makeEvent(db, owner.id);
    const [a, b, c, d] = [await makeUser(db), await makeUser(db), await makeUser(db), await makeUser(db)];
    const holdExpiresAt = new Date(Date.now() + 15 * 60_000);
    const ok = await db
      .insert(eventRegistrations)
      .values([
        { eventId: e.id, userId: a!.id, status: "REGISTERED", holdExpiresAt },
        { eventId: e.id, userId: b!.id, status: "WAITLISTED", waitlistPosition: 1 },
      ])
      .returning();
    expect(ok.map((r) => [r.status, r.waitlistPosition])).toEqual([
      ["REGISTERED", null],
      ["WAITLISTED", 1],
    ]);
    await expectViolation(CHECK, "event_registrations_hold_check", () =>
      db.insert(eventRegistrations).values({ eventId: e.id, userId: c!.id, status: "WAITLISTED", holdExpiresAt }),
    );
    await expectViolation(CHECK, "event_registrations_waitlist_position_check", () =>
      db.insert(eventRegistrations).values({ eventId: e.id, userId: d!.id, status: "REGISTERED", waitlistPosition: 2 }),
    );
    // Promoting off the waitlist without clearing the position is refused too.
    await expectViolation(CHECK, "event_registrations_waitlist_position_check", () =>
      db.update(eventRegistrations).set({ status: "REGISTERED" }).where(eq(eventRegistrations.id, ok[1]!.id)),
    );
  });

  it("rejects a negative event file size", async () => {
    const e = await makeEvent(db, owner.id);
    await expectViolation(CHECK, "event_files_file_size_check", () =>
      db.insert(eventFiles).values({ eventId: e.id, fileName: "a.pdf", filePath: "e/a.pdf", fileType: "application/pdf", fileSize: -1, uploadedBy: owner.id }),
    );
  });
});

describe("CHECK constraints: learning", () => {
  it("rejects enrollment progress below 0", async () => {
    const c = await makeCourse(db);
    await expectViolation(CHECK, "course_enrollments_progress_check", () =>
      db.insert(courseEnrollments).values({ courseId: c.id, userId: owner.id, progress: -1 }),
    );
  });

  it("rejects enrollment progress above 100 (insert and update)", async () => {
    const c = await makeCourse(db);
    await expectViolation(CHECK, "course_enrollments_progress_check", () =>
      db.insert(courseEnrollments).values({ courseId: c.id, userId: owner.id, progress: 101 }),
    );
    const [row] = await db.insert(courseEnrollments).values({ courseId: c.id, userId: owner.id, progress: 99 }).returning();
    await expectViolation(CHECK, "course_enrollments_progress_check", () =>
      db.update(courseEnrollments).set({ progress: 101 }).where(eq(courseEnrollments.id, row!.id)),
    );
  });

  for (const [constraint, values] of [
    ["courses_duration_check", { duration: -1 }],
    ["courses_price_check", { price: "-1" }],
    ["courses_member_price_check", { memberPrice: "-1" }],
  ] as const) {
    it(`rejects a negative course value: ${constraint}`, async () => {
      await expectViolation(CHECK, constraint, () => makeCourse(db, values));
    });
  }

  it("rejects a negative module order and duration", async () => {
    const c = await makeCourse(db);
    await expectViolation(CHECK, "course_modules_order_check", () =>
      db.insert(courseModules).values({ courseId: c.id, title: "m", order: -1 }),
    );
    await expectViolation(CHECK, "course_modules_duration_check", () =>
      db.insert(courseModules).values({ courseId: c.id, title: "m", order: 1, duration: -1 }),
    );
  });
});

describe("CHECK constraints: money and counters elsewhere", () => {
  it("rejects a negative payment amount", async () => {
    await expectViolation(CHECK, "payments_amount_check", () =>
      db.insert(payments).values({ userId: owner.id, type: "MEMBERSHIP", amount: "-0.01" }),
    );
  });

  it("rejects a negative tier price and duration", async () => {
    await expectViolation(CHECK, "membership_tiers_price_check", () =>
      db.insert(membershipTiers).values({ name: `T ${newId()}`, description: "d", price: "-1", duration: 12 }),
    );
    await expectViolation(CHECK, "membership_tiers_duration_check", () =>
      db.insert(membershipTiers).values({ name: `T ${newId()}`, description: "d", price: "100", duration: -1 }),
    );
  });

  it("rejects a negative project file size", async () => {
    const p = await makeProject(db, owner.id);
    await expectViolation(CHECK, "project_files_file_size_check", () =>
      db.insert(projectFiles).values({ projectId: p.id, fileName: "a", filePath: "p/a", fileType: "text/plain", fileSize: -1, uploadedBy: owner.id }),
    );
  });

  it("rejects a negative bid amount", async () => {
    const p = await makeProject(db, owner.id);
    await expectViolation(CHECK, "project_applications_bid_amount_check", () =>
      db.insert(projectApplications).values({ projectId: p.id, userId: owner.id, bidAmount: "-1" }),
    );
  });

  it("rejects negative failed-login and outbox attempt counters", async () => {
    await expectViolation(CHECK, "users_failed_login_attempts_check", () => makeUser(db, { failedLoginAttempts: -1 }));
    await expectViolation(CHECK, "email_outbox_attempts_check", () =>
      db.insert(emailOutbox).values({ toAddress: uniqueEmail(), subject: "s", textBody: "b", kind: "TEST", attempts: -1 }),
    );
  });
});

describe("CHECK constraints: coordinates", () => {
  const makers = {
    users: (v: { latitude?: number | null; longitude?: number | null; coordinates?: { lat: number; lng: number } }) =>
      makeUser(db, v),
    projects: (v: { latitude?: number | null; longitude?: number | null; coordinates?: { lat: number; lng: number } }) =>
      makeProject(db, owner.id, v),
    events: (v: { latitude?: number | null; longitude?: number | null; coordinates?: { lat: number; lng: number } }) =>
      makeEvent(db, owner.id, v),
  };
  for (const [table, make] of Object.entries(makers)) {
    it(`${table}: rejects latitude outside -90..90`, async () => {
      await expectViolation(CHECK, `${table}_latitude_check`, () => make({ latitude: 90.000001, longitude: 0 }));
      await expectViolation(CHECK, `${table}_latitude_check`, () => make({ latitude: -91, longitude: 0 }));
    });

    it(`${table}: rejects longitude outside -180..180`, async () => {
      await expectViolation(CHECK, `${table}_longitude_check`, () => make({ latitude: 0, longitude: 180.5 }));
      await expectViolation(CHECK, `${table}_longitude_check`, () => make({ latitude: 0, longitude: -181 }));
    });

    it(`${table}: rejects half a point (latitude without longitude, or the reverse)`, async () => {
      await expectViolation(CHECK, `${table}_lat_lng_pair_check`, () => make({ latitude: 37.8 }));
      await expectViolation(CHECK, `${table}_lat_lng_pair_check`, () => make({ longitude: -122.27 }));
    });

    it(`${table}: rejects out-of-range or half coordinates given as jsonb`, async () => {
      await expectViolation(CHECK, `${table}_latitude_check`, () => make({ coordinates: { lat: 123, lng: 0 } }));
      await expectViolation(CHECK, `${table}_lat_lng_pair_check`, () =>
        make({ coordinates: { lat: 37.8 } as unknown as { lat: number; lng: number } }),
      );
    });
  }
});

describe("UNIQUE constraints", () => {
  it("rejects a second user whose email differs only in letter case", async () => {
    const email = uniqueEmail("case");
    await makeUser(db, { email });
    await expectViolation(UNIQUE, "users_email_lower_key", () => makeUser(db, { email: email.toUpperCase() }));
  });

  it("rejects a second user with the same email", async () => {
    const email = uniqueEmail("dup");
    await makeUser(db, { email });
    await expectViolation(UNIQUE, "users_email_unique", () => makeUser(db, { email }));
  });

  it("rejects registering the same member for the same event twice", async () => {
    const e = await makeEvent(db, owner.id);
    const member = await makeUser(db);
    await db.insert(eventRegistrations).values({ eventId: e.id, userId: member.id });
    await expectViolation(UNIQUE, "event_registrations_event_id_user_id_key", () =>
      db.insert(eventRegistrations).values({ eventId: e.id, userId: member.id, status: "WAITLISTED" }),
    );
    // The same member on another event, and another member on this one, are fine.
    const e2 = await makeEvent(db, owner.id);
    await db.insert(eventRegistrations).values([
      { eventId: e2.id, userId: member.id },
      { eventId: e.id, userId: owner.id },
    ]);
    const rows = await db.select().from(eventRegistrations).where(inArray(eventRegistrations.eventId, [e.id, e2.id]));
    expect(rows).toHaveLength(3);
  });

  it("rejects a member applying to the same project twice", async () => {
    const p = await makeProject(db, owner.id);
    const member = await makeUser(db);
    await db.insert(projectApplications).values({ projectId: p.id, userId: member.id });
    await expectViolation(UNIQUE, "project_applications_project_id_user_id_key", () =>
      db.insert(projectApplications).values({ projectId: p.id, userId: member.id, bidAmount: "100" }),
    );
  });

  it("rejects two modules with the same order in one course, allows it across courses", async () => {
    const c1 = await makeCourse(db);
    const c2 = await makeCourse(db);
    await db.insert(courseModules).values([
      { courseId: c1.id, title: "One", order: 1 },
      { courseId: c2.id, title: "One", order: 1 },
    ]);
    await expectViolation(UNIQUE, "course_modules_course_id_order_key", () =>
      db.insert(courseModules).values({ courseId: c1.id, title: "Also one", order: 1 }),
    );
  });

  it("rejects enrolling the same member in the same course twice", async () => {
    const c = await makeCourse(db);
    await db.insert(courseEnrollments).values({ courseId: c.id, userId: owner.id });
    await expectViolation(UNIQUE, "course_enrollments_course_id_user_id_key", () =>
      db.insert(courseEnrollments).values({ courseId: c.id, userId: owner.id }),
    );
  });

  it("rejects re-importing the same external project, but allows many manual ones", async () => {
    const externalId = `SAM-${newId()}`;
    await makeProject(db, owner.id, { source: "SAM_GOV", externalId });
    await expectViolation(UNIQUE, "projects_source_external_id_key", () =>
      makeProject(db, owner.id, { source: "SAM_GOV", externalId }),
    );
    // NULL external ids never collide.
    await makeProject(db, owner.id, { source: "MANUAL" });
    await makeProject(db, owner.id, { source: "MANUAL" });
  });

  it("rejects a second payment with the same Stripe id", async () => {
    const stripePaymentId = `pi_${newId()}`;
    await db.insert(payments).values({ userId: owner.id, type: "MEMBERSHIP", amount: "150", stripePaymentId });
    await expectViolation(UNIQUE, "payments_stripe_payment_id_key", () =>
      db.insert(payments).values({ userId: owner.id, type: "MEMBERSHIP", amount: "150", stripePaymentId }),
    );
  });

  it("rejects duplicate tier names and email token hashes", async () => {
    const name = `Gold ${newId()}`;
    await db.insert(membershipTiers).values({ name, description: "d", price: "100", duration: 12 });
    await expectViolation(UNIQUE, "membership_tiers_name_unique", () =>
      db.insert(membershipTiers).values({ name, description: "d", price: "200", duration: 12 }),
    );
    const tokenHash = newId();
    const expiresAt = new Date(Date.now() + 3_600_000);
    await db.insert(emailTokens).values({ userId: owner.id, purpose: "VERIFY_EMAIL", tokenHash, expiresAt });
    await expectViolation(UNIQUE, "email_tokens_token_hash_unique", () =>
      db.insert(emailTokens).values({ userId: owner.id, purpose: "RESET_PASSWORD", tokenHash, expiresAt }),
    );
  });
});

describe("enums", () => {
  it("rejects an unknown project status", async () => {
    const err = await rejection(() => makeProject(db, owner.id, { status: "ARCHIVED" as never }));
    expect(err.code).toBe(BAD_INPUT);
    expect(err.message).toMatch(/invalid input value for enum project_status: "ARCHIVED"/);
  });

  it("rejects an unknown status on update, and lower-case spellings", async () => {
    const e = await makeEvent(db, owner.id);
    const err = await rejection(() => db.update(events).set({ status: "OPEN" as never }).where(eq(events.id, e.id)));
    expect(err.code).toBe(BAD_INPUT);
    expect(err.message).toMatch(/enum event_status/);
    const lower = await rejection(() => makeProject(db, owner.id, { status: "draft" as never }));
    expect(lower.code).toBe(BAD_INPUT);
  });

  it("rejects an unknown registration, application and payment status", async () => {
    const e = await makeEvent(db, owner.id);
    const p = await makeProject(db, owner.id);
    for (const run of [
      () => db.insert(eventRegistrations).values({ eventId: e.id, userId: owner.id, status: "MAYBE" as never }),
      () => db.insert(projectApplications).values({ projectId: p.id, userId: owner.id, status: "ACCEPTED" as never }),
      () => db.insert(payments).values({ userId: owner.id, type: "MEMBERSHIP", amount: "1", status: "PAID" as never }),
    ]) {
      expect((await rejection(run)).code).toBe(BAD_INPUT);
    }
  });
});

describe("foreign keys and delete rules", () => {
  it("rejects a project whose creator does not exist", async () => {
    await expectViolation(FOREIGN_KEY, "projects_created_by_id_users_id_fk", () => makeProject(db, newId()));
  });

  it("refuses to hard-delete a user who created projects or events (restrict)", async () => {
    const creator = await makeUser(db);
    await makeProject(db, creator.id);
    await expectViolation(RESTRICT, "projects_created_by_id_users_id_fk", () => db.delete(users).where(eq(users.id, creator.id)));
    const host = await makeUser(db);
    await makeEvent(db, host.id);
    await expectViolation(RESTRICT, "events_created_by_id_users_id_fk", () => db.delete(users).where(eq(users.id, host.id)));
  });

  it("deleting a user cascades to their registrations, applications, enrollments and payments", async () => {
    const member = await makeUser(db);
    const bystander = await makeUser(db);
    const e = await makeEvent(db, owner.id);
    const p = await makeProject(db, owner.id);
    const c = await makeCourse(db);
    const ids = async <T extends { id: string }>(q: PromiseLike<T[]>) => (await q).map((r) => r.id);
    // Each row is tracked by its own id, so a SET NULL rule could not pass for a cascade.
    const regs = await ids(db.insert(eventRegistrations).values([{ eventId: e.id, userId: member.id }, { eventId: e.id, userId: bystander.id }]).returning());
    const apps = await ids(db.insert(projectApplications).values([{ projectId: p.id, userId: member.id }, { projectId: p.id, userId: bystander.id }]).returning());
    const enrolls = await ids(db.insert(courseEnrollments).values([{ courseId: c.id, userId: member.id, progress: 40 }, { courseId: c.id, userId: bystander.id }]).returning());
    const pays = await ids(db.insert(payments).values([{ userId: member.id, type: "MEMBERSHIP", amount: "150" }, { userId: bystander.id, type: "MEMBERSHIP", amount: "150" }]).returning());

    const surviving = async () => ({
      registrations: await ids(db.select({ id: eventRegistrations.id }).from(eventRegistrations).where(inArray(eventRegistrations.id, regs))),
      applications: await ids(db.select({ id: projectApplications.id }).from(projectApplications).where(inArray(projectApplications.id, apps))),
      enrollments: await ids(db.select({ id: courseEnrollments.id }).from(courseEnrollments).where(inArray(courseEnrollments.id, enrolls))),
      payments: await ids(db.select({ id: payments.id }).from(payments).where(inArray(payments.id, pays))),
    });
    const sortAll = (o: Record<string, string[]>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, [...v].sort()]));
    expect(sortAll(await surviving())).toEqual(sortAll({ registrations: regs, applications: apps, enrollments: enrolls, payments: pays }));

    const deleted = await db.delete(users).where(eq(users.id, member.id)).returning({ id: users.id });
    expect(deleted).toEqual([{ id: member.id }]);
    // The member's rows are gone; the bystander's (second of each pair) remain.
    expect(await surviving()).toEqual({ registrations: [regs[1]], applications: [apps[1]], enrollments: [enrolls[1]], payments: [pays[1]] });
  });

  it("deleting a user sets reviewer references to null instead of deleting the application", async () => {
    const reviewer = await makeUser(db);
    const applicant = await makeUser(db);
    const p = await makeProject(db, owner.id);
    const [app] = await db
      .insert(projectApplications)
      .values({ projectId: p.id, userId: applicant.id, reviewedBy: reviewer.id, status: "REVIEWING" })
      .returning();
    await db.delete(users).where(eq(users.id, reviewer.id));
    const [after] = await db.select().from(projectApplications).where(eq(projectApplications.id, app!.id));
    expect(after).toMatchObject({ id: app!.id, reviewedBy: null, status: "REVIEWING" });
  });

  it("deleting a project cascades to its files and applications, not to other projects'", async () => {
    const uploader = await makeUser(db);
    const applicant = await makeUser(db);
    const doomed = await makeProject(db, owner.id);
    const kept = await makeProject(db, owner.id);
    const fileIds: string[] = [];
    const appIds: string[] = [];
    for (const p of [doomed, kept]) {
      const [file] = await db
        .insert(projectFiles)
        .values({
          projectId: p.id,
          fileName: "plans.pdf",
          filePath: `projects/${p.id}/plans.pdf`,
          fileType: "application/pdf",
          fileSize: 1024,
          uploadedBy: uploader.id,
        })
        .returning();
      const [app] = await db.insert(projectApplications).values({ projectId: p.id, userId: applicant.id }).returning();
      fileIds.push(file!.id);
      appIds.push(app!.id);
    }
    await db.delete(projects).where(eq(projects.id, doomed.id));

    const files = await db.select().from(projectFiles).where(inArray(projectFiles.id, fileIds));
    const apps = await db.select().from(projectApplications).where(inArray(projectApplications.id, appIds));
    expect(files.map((f) => [f.id, f.projectId])).toEqual([[fileIds[1], kept.id]]);
    expect(apps.map((a) => [a.id, a.projectId])).toEqual([[appIds[1], kept.id]]);
  });

  it("deleting an event cascades to its registrations and files", async () => {
    const e = await makeEvent(db, owner.id);
    const [reg] = await db.insert(eventRegistrations).values({ eventId: e.id, userId: owner.id }).returning();
    const [file] = await db
      .insert(eventFiles)
      .values({ eventId: e.id, fileName: "agenda.pdf", filePath: "e/agenda.pdf", fileType: "application/pdf", fileSize: 10, uploadedBy: owner.id })
      .returning();
    await db.delete(events).where(eq(events.id, e.id));
    expect(await db.select().from(eventRegistrations).where(eq(eventRegistrations.id, reg!.id))).toEqual([]);
    expect(await db.select().from(eventFiles).where(eq(eventFiles.id, file!.id))).toEqual([]);
  });

  it("deleting a course cascades to its modules and enrollments", async () => {
    const c = await makeCourse(db);
    const [mod] = await db.insert(courseModules).values({ courseId: c.id, title: "m", order: 1 }).returning();
    const [enr] = await db.insert(courseEnrollments).values({ courseId: c.id, userId: owner.id }).returning();
    await db.delete(courses).where(eq(courses.id, c.id));
    expect(await db.select().from(courseModules).where(eq(courseModules.id, mod!.id))).toEqual([]);
    expect(await db.select().from(courseEnrollments).where(eq(courseEnrollments.id, enr!.id))).toEqual([]);
  });

  it("refuses to hard-delete a user who uploaded a project file (restrict)", async () => {
    const uploader = await makeUser(db);
    const p = await makeProject(db, owner.id);
    await db
      .insert(projectFiles)
      .values({ projectId: p.id, fileName: "a", filePath: "p/a", fileType: "text/plain", fileSize: 1, uploadedBy: uploader.id });
    await expectViolation(RESTRICT, "project_files_uploaded_by_users_id_fk", () =>
      db.delete(users).where(eq(users.id, uploader.id)),
    );
  });
});

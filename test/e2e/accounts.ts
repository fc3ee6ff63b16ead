import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { hashPassword, useTestPasswordCost } from "../../src/auth/password.ts";
import { newId } from "../../src/db/ids.ts";
import { roles, userRoles, users } from "../../src/db/schema/accounts.ts";
import { adminActions, memberFeedback } from "../../src/db/schema/audit.ts";
import { emailOutbox } from "../../src/db/schema/auth.ts";
import { eventRegistrations, events } from "../../src/db/schema/events.ts";
import { paymentRefunds, payments } from "../../src/db/schema/payments.ts";
import { localSecrets } from "../../scripts/lib/stack.ts";

export const E2E_PASSWORD = "walk the site with care 2026";

/**
 * A verified account in the test database, with the password hashed under the
 * same pepper `wrangler dev` gets (scripts/lib/stack.ts), so the browser can sign in.
 * Hashed at the test cost, as the Worker under APP_ENV=test hashes.
 */
export async function createE2EAccount(kind: "member" | "admin"): Promise<{ email: string; password: string }> {
  useTestPasswordCost(true);
  const client = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await client.connect();
  try {
    const db = drizzle({ client });
    const email = `e2e-${kind}-${newId()}@example.test`;
    const [user] = await db
      .insert(users)
      .values({
        email,
        password: await hashPassword(E2E_PASSWORD, localSecrets().PASSWORD_PEPPER),
        firstName: kind === "admin" ? "Alma" : "Marcus",
        lastName: kind === "admin" ? "Reyes" : "Okafor",
        company: kind === "admin" ? "Chapter Office" : "Okafor General Builders",
        memberType: kind === "admin" ? "admin" : "REGULAR",
        isVerified: true,
      })
      .returning({ id: users.id });
    const [role] = await db.select({ id: roles.id }).from(roles).where(eq(roles.name, kind));
    await db.insert(userRoles).values({ userId: user!.id, roleId: role!.id });
    return { email, password: E2E_PASSWORD };
  } finally {
    await client.end();
  }
}

/**
 * States an empty database never shows, as a chapter reaches them: long lists of members,
 * events, registrations, audit rows and emails (each past one page), and an event today with a
 * full door list, a card payment partly refunded. Written straight to Postgres: the pages only read them.
 */
export async function seedLongLists(memberEmail: string): Promise<{ todayEventId: string; paymentId: string; ticketId: string }> {
  const client = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await client.connect();
  try {
    const db = drizzle({ client });
    const [member] = await db.select({ id: users.id }).from(users).where(eq(users.email, memberEmail));
    const people = await db
      .insert(users)
      .values(
        Array.from({ length: 40 }, (_, i) => ({
          email: `e2e-long-${i}-${newId()}@example.test`,
          password: "not-a-real-hash",
          firstName: ["Ana", "Luis", "Mei", "Kwame", "Olu"][i % 5]!,
          lastName: `Builder ${i + 1}`,
          company: `Long List Contracting ${i + 1}`,
          isVerified: i % 7 !== 0,
        })),
      )
      .returning({ id: users.id });
    const day = 86_400_000;
    const upcoming = await db
      .insert(events)
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          title: `Long list event ${i + 1}: bid walk and safety briefing`,
          description: "A seeded event for the browser walk.",
          type: "TRAINING" as const,
          status: "REGISTRATION_OPEN" as const,
          startDate: new Date(Date.now() + (i + 2) * day),
          endDate: new Date(Date.now() + (i + 2) * day + 7_200_000),
          location: "Chapter hall",
          maxCapacity: 100,
          createdById: member!.id,
        })),
      )
      .returning({ id: events.id });
    const soon = Date.now() + 2 * 3_600_000;
    const [today] = await db
      .insert(events)
      .values({
        title: "Long list event today: members' night",
        description: "A seeded event starting soon.",
        type: "NETWORKING",
        status: "REGISTRATION_OPEN",
        startDate: new Date(soon),
        endDate: new Date(soon + 7_200_000),
        location: "Chapter hall",
        maxCapacity: 200,
        createdById: member!.id,
      })
      .returning({ id: events.id });
    await db.insert(eventRegistrations).values([
      ...upcoming.slice(0, 15).map((e) => ({ eventId: e.id, userId: member!.id })),
      ...people.map((p) => ({ eventId: today!.id, userId: p.id })),
    ]);
    await db.insert(adminActions).values(
      people.map((p, i) => ({ action: "USER_UPDATED" as const, userId: member!.id, targetUserId: p.id, details: `Seeded change ${i + 1}` })),
    );
    await db.insert(emailOutbox).values(
      people.map((p, i) => ({ toAddress: `e2e-long-${i}@example.test`, userId: p.id, subject: `Seeded email ${i + 1}`, textBody: "Seeded.", kind: "TEST", nextAttemptAt: new Date("2100-01-01T00:00:00Z") })),
    );
    // A card payment with a partial refund: the admin's page for one payment and its refund form.
    const [payment] = await db
      .insert(payments)
      .values({
        userId: member!.id,
        type: "DONATION",
        status: "COMPLETED",
        amount: "150.00",
        refundedAmount: "25.00",
        description: "Donation to the chapter",
        stripePaymentId: `pi_e2e_${newId()}`,
        stripeCheckoutSessionId: `cs_test_e2e_${newId()}`,
        processedAt: new Date(),
      })
      .returning({ id: payments.id });
    await db.insert(paymentRefunds).values({ paymentId: payment!.id, amount: "25.00", reason: "Part of the gift returned on request" });
    // A feedback ticket of the member: its page for the member and for the office.
    const [ticket] = await db
      .insert(memberFeedback)
      .values({ userId: member!.id, category: "SUPPORT", subject: "Receipt for my donation", message: "Where do I find the receipt?", pageUrl: "/account/payments?page=1" })
      .returning({ id: memberFeedback.id });
    return { todayEventId: today!.id, paymentId: payment!.id, ticketId: ticket!.id };
  } finally {
    await client.end();
  }
}

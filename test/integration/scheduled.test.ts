// The Cron Trigger's jobs, run through the Worker's real scheduled() handler.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { newId } from "../../src/db/ids.ts";
import { systemMetrics } from "../../src/db/schema/audit.ts";
import { emailOutbox } from "../../src/db/schema/auth.ts";
import { eventRegistrations } from "../../src/db/schema/events.ts";
import { payments } from "../../src/db/schema/payments.ts";
import { METRICS } from "../../src/features/admin-dashboard/rules.ts";
import { errorsKey, fileKey } from "../../src/features/admin-members-bulk/import-previews.ts";
import { enqueueEmail } from "../../src/features/outbox/outbox.ts";
import { toPacificDateInput } from "../../src/lib/time.ts";
import { makeEvent, makeUser, useTestDb } from "../helpers/db.ts";

const db = useTestDb();

async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe("scheduled()", () => {
  it("cancels the PENDING invoice of a registration whose hold expired, and leaves live ones alone", async () => {
    const host = await makeUser(db);
    const event = await makeEvent(db, host.id, { status: "REGISTRATION_OPEN", price: "40.00", maxCapacity: 10 });
    const [lapsed, holding] = await Promise.all([makeUser(db), makeUser(db)]);
    const [lapsedReg, holdingReg] = await db
      .insert(eventRegistrations)
      .values([
        { eventId: event.id, userId: lapsed.id, status: "CANCELLED", amount: "40.00" },
        { eventId: event.id, userId: holding.id, status: "REGISTERED", amount: "40.00", holdExpiresAt: new Date(Date.now() + 3_600_000) },
      ])
      .returning();
    const invoices = await db
      .insert(payments)
      .values([
        { userId: lapsed.id, type: "EVENT_REGISTRATION", amount: "40.00", referenceId: lapsedReg!.id },
        { userId: holding.id, type: "EVENT_REGISTRATION", amount: "40.00", referenceId: holdingReg!.id },
      ])
      .returning({ id: payments.id, userId: payments.userId });

    await runCron();

    const after = await db.select().from(payments).where(inArray(payments.id, invoices.map((i) => i.id)));
    const statusOf = (userId: string) => after.find((p) => p.userId === userId)!.status;
    expect(statusOf(lapsed.id)).toBe("CANCELLED");
    expect(statusOf(holding.id)).toBe("PENDING");
  });

  it("delivers due emails from the outbox", async () => {
    const id = await enqueueEmail(db, { to: "cron@example.test", subject: "Cron check", text: "Hello", kind: "TEST" });
    await runCron();
    const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
    expect(row!.status).toBe("SENT");
    expect(row!.attempts).toBe(1);
  });

  it("rolls today up for the dashboard: a new member counts, and the row says when", async () => {
    const today = toPacificDateInput(new Date());
    const activeToday = () =>
      db
        .select({ value: systemMetrics.value, recordedAt: systemMetrics.recordedAt })
        .from(systemMetrics)
        .where(and(eq(systemMetrics.metric, METRICS.activeMembers), eq(systemMetrics.day, today), eq(systemMetrics.dimension, "")));
    await runCron();
    const [before] = await activeToday();
    await makeUser(db, { memberSince: new Date(Date.now() - 60_000) });
    const started = Date.now();
    await runCron();
    const [after] = await activeToday();
    expect(after!.value).toBe(before!.value + 1);
    expect(after!.recordedAt!.getTime()).toBeGreaterThanOrEqual(started - 1_000);
  });

  it("deletes member import previews uploaded more than a day ago, and keeps today's", async () => {
    const dayAgo = new Date(Date.now() - 25 * 3_600_000).toISOString();
    const [oldFile, oldErrors, freshFile] = [fileKey(newId()), errorsKey(newId()), fileKey(newId())];
    await env.FILES.put(oldFile, "email\n", { customMetadata: { uploadedAt: dayAgo } });
    await env.FILES.put(oldErrors, "[]", { customMetadata: { uploadedAt: dayAgo } });
    await env.FILES.put(freshFile, "email\n", { customMetadata: { uploadedAt: new Date().toISOString() } });
    await runCron();
    expect(await env.FILES.head(oldFile)).toBeNull();
    expect(await env.FILES.head(oldErrors)).toBeNull();
    expect(await env.FILES.head(freshFile)).not.toBeNull();
  });
});

// Editing events: changed fields audited as before/after (jsonb lists compared by content,
// not key order), an untouched form saves nothing, and capacity goes through the
// EventCapacity object: raising it seats the waitlist (Postgres row + email), lowering it
// below the seats taken is refused with the object's message and nothing saved.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { emailOutbox, events, type Event } from "../../src/db/schema/index.ts";
import { eventFormState } from "../../src/features/admin-events/forms.ts";
import { seatSnapshot } from "../../src/features/events/capacity.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { adminSession, as, auditsOf, eventRow, openEvent, registered, registrationOf, type Staff, validEventForm } from "./admin-events-helpers.ts";

const db = useTestDb();
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
});

/** The edit form exactly as the page renders it for this event, with some fields changed. */
function formOf(event: Event, overrides: Record<string, string> = {}): Record<string, string> {
  const state = eventFormState(event);
  const flat: Record<string, string> = { ...state.values };
  for (const [kind, rows] of Object.entries(state.rows)) {
    rows.forEach((row, i) => {
      for (const [field, value] of Object.entries(row)) flat[`${kind}.${i}.${field}`] = value;
    });
  }
  return { ...flat, ...overrides };
}

async function created(overrides: Record<string, string> = {}): Promise<Event> {
  const res = await postForm("/admin/events", validEventForm({ title: `Editable ${newId()}`, ...overrides }), as(admin));
  const id = /\/admin\/events\/(c[a-z2-7]{24})/.exec(res.headers.get("location") ?? "")![1]!;
  return eventRow(db, id);
}

describe("GET /admin/events/:id", () => {
  it("shows every stored value back in the form, times in Pacific", async () => {
    const e = await created();
    const res = await get(`/admin/events/${e.id}`, as(admin));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('value="2030-03-20T08:00"');
    expect(html).toContain('value="Fall protection"');
    expect(html).toContain('value="https://coleman.example.com"');
    expect(html).toContain("Publish");
  });

  it("is 404 for an unknown, malformed or deleted event", async () => {
    expect((await get(`/admin/events/${newId()}`, as(admin))).status).toBe(404);
    expect((await get("/admin/events/not-an-id", as(admin))).status).toBe(404);
    const e = await created();
    await db.update(events).set({ deletedAt: new Date() }).where(eq(events.id, e.id));
    expect((await get(`/admin/events/${e.id}`, as(admin))).status).toBe(404);
  });
});

describe("POST /admin/events/:id", () => {
  it("saves the changes and audits only the fields that changed", async () => {
    const e = await created();
    const res = await postForm(
      `/admin/events/${e.id}`,
      formOf(e, { title: "Renamed stand-down", "agenda.1.title": "Fall protection and ladders", startDate: "2030-03-20T09:00" }),
      as(admin),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/events/${e.id}?notice=saved`);
    const after = await eventRow(db, e.id);
    expect(after.title).toBe("Renamed stand-down");
    expect(after.startDate.toISOString()).toBe("2030-03-20T16:00:00.000Z");
    expect(after.agenda).toEqual([
      { time: "8:00 AM", title: "Check-in and coffee" },
      { time: "9:00 AM", title: "Fall protection and ladders", speaker: "Terrence Booker" },
    ]);
    const audits = (await auditsOf(db, e.id)).filter((a) => a.action === "EVENT_UPDATED");
    expect(audits).toHaveLength(1);
    const meta = audits[0]!.metadata as { before: Record<string, unknown>; after: Record<string, unknown> };
    expect(Object.keys(meta.after).sort()).toEqual(["agenda", "startDate", "title"]);
    expect(meta.before.title).toBe(e.title);
    expect(meta.after.startDate).toBe("2030-03-20T16:00:00.000Z");
  });

  it("saves nothing and writes no audit row when nothing changed", async () => {
    const e = await created();
    const res = await postForm(`/admin/events/${e.id}`, formOf(e), as(admin));
    expect(res.headers.get("location")).toBe(`/admin/events/${e.id}?notice=unchanged`);
    expect((await auditsOf(db, e.id)).filter((a) => a.action === "EVENT_UPDATED")).toHaveLength(0);
  });

  it("re-renders a refused edit with the input kept and changes nothing", async () => {
    const e = await created();
    const res = await postForm(`/admin/events/${e.id}`, formOf(e, { title: "Kept title", price: "-1" }), as(admin));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Price cannot be negative");
    expect(html).toContain('value="Kept title"');
    expect((await eventRow(db, e.id)).title).toBe(e.title);
    expect((await auditsOf(db, e.id)).filter((a) => a.action === "EVENT_UPDATED")).toHaveLength(0);
  });

  it("raising the capacity seats the first waiter, in Postgres and by email", async () => {
    const e = await openEvent(db, admin.id, 1);
    const first = await registered(db, e.id, { firstName: "First" });
    const waiter = await registered(db, e.id, { firstName: "Waiting" });
    expect(waiter.seat.outcome).toBe("waitlisted");

    const res = await postForm(`/admin/events/${e.id}`, formOf(e, { maxCapacity: "2" }), as(admin));
    expect(res.status).toBe(303);
    expect(await registrationOf(db, e.id, waiter.user.id)).toMatchObject({ status: "REGISTERED", waitlistPosition: null });
    expect((await registrationOf(db, e.id, first.user.id)).status).toBe("REGISTERED");
    const mail = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.userId, waiter.user.id), eq(emailOutbox.kind, "EVENT_SEAT_PROMOTED")));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toContain(e.title);
    expect(await eventRow(db, e.id)).toMatchObject({ maxCapacity: 2, currentCapacity: 2 });
    const audits = await auditsOf(db, e.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.metadata).toMatchObject({ before: { maxCapacity: 1 }, after: { maxCapacity: 2 }, promotedFromWaitlist: [waiter.user.id] });
  });

  it("refuses to lower the capacity below the seats taken, with the object's message, saving nothing", async () => {
    const e = await openEvent(db, admin.id, 2);
    await registered(db, e.id);
    await registered(db, e.id);
    const res = await postForm(`/admin/events/${e.id}`, formOf(e, { maxCapacity: "1", title: "Should not stick" }), as(admin));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Cannot lower capacity to 1: 2 seats are already taken");
    expect(html).toContain('value="Should not stick"');
    expect(await eventRow(db, e.id)).toMatchObject({ title: e.title, maxCapacity: 2 });
    expect((await seatSnapshot(env, e.id)).capacity).toBe(2);
    expect(await auditsOf(db, e.id)).toHaveLength(0);
  });
});

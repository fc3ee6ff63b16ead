// Creating events: every field persisted (times typed in Pacific, stored UTC; dollars as
// numeric; agenda, speakers, sponsors and materials as jsonb lists), one EVENT_CREATED
// audit row, and a refused form re-rendered (422) with everything typed kept, nothing saved.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { adminActions, events } from "../../src/db/schema/index.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { adminSession, as, auditsOf, eventRow, type Staff, validEventForm } from "./admin-events-helpers.ts";

const db = useTestDb();
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
});

function createdId(res: Response): string {
  const location = res.headers.get("location") ?? "";
  const m = /^\/admin\/events\/(c[a-z2-7]{24})\?notice=created$/.exec(location);
  if (!m) throw new Error(`unexpected redirect: ${res.status} ${location}`);
  return m[1]!;
}

describe("POST /admin/events", () => {
  it("creates a draft with every field, times converted from Pacific, lists as jsonb, and one audit row", async () => {
    const title = `Stand-Down ${newId()}`;
    const res = await postForm("/admin/events", validEventForm({ title }), as(admin));
    expect(res.status).toBe(303);
    const id = createdId(res);
    const e = await eventRow(db, id);
    expect(e).toMatchObject({
      title,
      type: "TRAINING",
      status: "DRAFT",
      description: "Toolbox talks on fall protection.\nBring your crew.",
      maxCapacity: 40,
      location: "Laney College, Oakland",
      address: { street: "900 Fallon St", city: "Oakland", state: "CA", zip: "94607" },
      coordinates: { lat: 37.7966, lng: -122.2653 },
      latitude: 37.7966,
      longitude: -122.2653,
      isVirtual: false,
      virtualUrl: null,
      price: "45.00",
      memberPrice: "25.50",
      earlyBirdPrice: "20.00",
      publishedAt: null,
      deletedAt: null,
      createdById: admin.id,
    });
    // March 20, 2030 is daylight time (UTC-7); March 1 is standard time (UTC-8).
    expect(e.startDate.toISOString()).toBe("2030-03-20T15:00:00.000Z");
    expect(e.endDate.toISOString()).toBe("2030-03-20T19:30:00.000Z");
    expect(e.registrationDeadline!.toISOString()).toBe("2030-03-19T00:00:00.000Z");
    expect(e.earlyBirdDeadline!.toISOString()).toBe("2030-03-02T07:59:00.000Z");
    // The blank agenda row in the middle is dropped; empty optional fields are left out.
    expect(e.agenda).toEqual([
      { time: "8:00 AM", title: "Check-in and coffee" },
      { time: "9:00 AM", title: "Fall protection", speaker: "Terrence Booker" },
    ]);
    expect(e.speakers).toEqual([
      { name: "Terrence Booker", title: "Cal/OSHA Authorized Trainer", organization: "Bay Safety Training Institute", bio: "Twenty years on job sites.\nNow teaches." },
    ]);
    expect(e.sponsors).toEqual([{ name: "Coleman Construction", level: "Gold", url: "https://coleman.example.com" }]);
    expect(e.materials).toEqual([{ name: "Slides", url: "https://files.example.com/slides.pdf" }]);

    const audits = await auditsOf(db, id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "EVENT_CREATED", userId: admin.id, targetUserId: null });
    expect((audits[0]!.metadata as { after: Record<string, unknown> }).after).toMatchObject({ title, type: "TRAINING", maxCapacity: 40 });
  });

  it("reads winter times as standard time, blank capacity as no limit and a blank price as free", async () => {
    const res = await postForm(
      "/admin/events",
      validEventForm({ startDate: "2030-01-15T09:00", endDate: "2030-01-15T11:00", registrationDeadline: "", maxCapacity: "", price: "", memberPrice: "", earlyBirdPrice: "", earlyBirdDeadline: "" }),
      as(admin),
    );
    const e = await eventRow(db, createdId(res));
    expect(e.startDate.toISOString()).toBe("2030-01-15T17:00:00.000Z");
    expect(e).toMatchObject({ maxCapacity: null, price: "0.00", memberPrice: null, earlyBirdPrice: null, earlyBirdDeadline: null, registrationDeadline: null });
  });

  it("stores an online event with its https link", async () => {
    const res = await postForm("/admin/events", validEventForm({ isVirtual: "yes", virtualUrl: "https://meet.example.com/abc" }), as(admin));
    expect(await eventRow(db, createdId(res))).toMatchObject({ isVirtual: true, virtualUrl: "https://meet.example.com/abc" });
  });

  const refusals: Array<[string, Record<string, string>, string]> = [
    ["an end before the start", { endDate: "2030-03-20T07:00" }, "The event must end after it starts"],
    ["a plain http meeting link", { isVirtual: "yes", virtualUrl: "http://meet.example.com/x" }, "Online meeting link must be a full https:// link"],
    ["an online event without a link", { isVirtual: "yes", virtualUrl: "" }, "An online event needs its https:// meeting link"],
    ["a javascript: sponsor link", { "sponsors.0.url": "javascript:alert(1)" }, "Sponsor link must be a full https:// link"],
    ["a negative price", { price: "-5" }, "Price cannot be negative"],
    ["a price that is not money", { memberPrice: "12.345" }, "Member price must be an amount in dollars"],
    ["an early-bird deadline after the start", { earlyBirdDeadline: "2030-03-25T00:00" }, "The early-bird deadline must be before the event starts"],
    ["an early-bird price without a deadline", { earlyBirdDeadline: "" }, "Set the date the early-bird price ends"],
    ["a negative capacity", { maxCapacity: "-3" }, "Capacity must be a whole number of seats"],
    ["a time the clocks skip", { startDate: "2030-03-10T02:30" }, "Start must be a real date and time (Pacific)"],
    ["an agenda row without a title", { "agenda.0.title": "" }, "Enter agenda item"],
    ["latitude without longitude", { longitude: "" }, "Give both latitude and longitude, or neither"],
    ["a missing title", { title: "   " }, "Enter title"],
  ];
  for (const [what, overrides, message] of refusals) {
    it(`refuses ${what} with 422, keeps the input and saves nothing`, async () => {
      const marker = `Marker ${newId()}`;
      const before = (await db.select({ id: adminActions.id }).from(adminActions).where(eq(adminActions.userId, admin.id))).length;
      const res = await postForm("/admin/events", validEventForm({ description: marker, ...overrides }), as(admin));
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      // Everything typed comes back: plain fields, the textarea and the structured rows.
      expect(html).toContain(marker);
      expect(html).toContain('value="Fall protection"');
      expect(html).toContain('value="Coleman Construction"');
      expect(html).toContain('value="Bay Safety Training Institute"');
      expect(await db.select().from(events).where(eq(events.description, marker))).toHaveLength(0);
      const after = (await db.select({ id: adminActions.id }).from(adminActions).where(eq(adminActions.userId, admin.id))).length;
      expect(after).toBe(before);
    });
  }

  it("escapes what it echoes back", async () => {
    const res = await postForm("/admin/events", validEventForm({ title: "", "speakers.0.name": '<script>alert("x")</script>' }), as(admin));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).toContain("&lt;script&gt;");
  });

  it("adds a blank row without JavaScript: the form comes back with one more row, nothing saved", async () => {
    const marker = `Add row ${newId()}`;
    const res = await postForm("/admin/events", validEventForm({ description: marker, addRow: "agenda" }), as(admin));
    expect(res.status).toBe(200);
    const html = await res.text();
    // Two filled rows + two blank + the one asked for.
    expect(html).toContain('name="agenda.4.title"');
    expect(html).not.toContain('name="agenda.5.title"');
    expect(html).toContain('name="speakers.2.name"');
    expect(html).not.toContain('name="speakers.3.name"');
    expect(html).not.toContain("Please fix");
    expect(await db.select().from(events).where(eq(events.description, marker))).toHaveLength(0);
  });
});

describe("GET /admin/events/new and the row partial", () => {
  it("offers every field and blank rows for each list", async () => {
    const res = await get("/admin/events/new", as(admin));
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const name of ["title", "type", "description", "startDate", "endDate", "registrationDeadline", "maxCapacity", "isVirtual", "virtualUrl",
      "location", "addressStreet", "addressCity", "addressState", "addressZip", "latitude", "longitude", "price", "memberPrice", "earlyBirdPrice",
      "earlyBirdDeadline", "agenda.0.time", "agenda.1.speaker", "speakers.1.bio", "sponsors.0.url", "materials.1.link"]) {
      expect(html, name).toContain(`name="${name}"`);
    }
    expect(html).toContain('data-hx-get="/admin/events/rows/agenda?index=2"');
  });

  it("answers htmx's Add another with the row and the next button", async () => {
    const res = await get("/admin/events/rows/speakers?index=7", { headers: { ...as(admin).headers, "hx-request": "true" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="speakers.7.name"');
    expect(html).toContain("Speaker 8");
    expect(html).toContain('data-hx-get="/admin/events/rows/speakers?index=8"');
    expect(html).not.toContain("<html");
    expect((await get("/admin/events/rows/secrets?index=1", as(admin))).status).toBe(404);
    expect((await get("/admin/events/rows/agenda?index=-1", as(admin))).status).toBe(404);
  });
});

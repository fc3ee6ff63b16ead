// The door: event staff (events:checkin only) find people and check them in, once (a second
// tap changes and audits nothing), as a whole page without JS or a swapped row with htmx.
// Event staff get 403 on every managing route; a regular member gets 403 everywhere.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { eventRegistrations, events } from "../../src/db/schema/index.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { adminSession, as, auditsOf, openEvent, registered, registrationOf, sessionWithRoles, type Staff } from "./admin-events-helpers.ts";

const db = useTestDb();
let admin: Staff;
let staff: Staff;
let member: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
  staff = await sessionWithRoles(db, ["member", "event staff"]);
  member = await sessionWithRoles(db, ["member"]);
});
const htmx = (s: Staff) => ({ headers: { ...as(s).headers, "hx-request": "true" } });

/** Starting in two hours: the day's event, whose door list event staff may open. */
const today = () => ({ startDate: new Date(Date.now() + 2 * 3_600_000), endDate: new Date(Date.now() + 4 * 3_600_000) });

async function door() {
  const e = await openEvent(db, admin.id, 10, { title: "Door test", ...today() });
  const maria = await registered(db, e.id, { firstName: "Maria", lastName: "Reyes", company: "Reyes Concrete" });
  const sam = await registered(db, e.id, { firstName: "Sam", lastName: "Okafor", company: "Okafor Electric" });
  return { e, maria, sam };
}

describe("GET /admin/events/checkin", () => {
  it("lists the events at the door now for event staff, each with its check-in link, and nothing far off", async () => {
    const at = (ms: number) => ({ startDate: new Date(Date.now() + ms), endDate: new Date(Date.now() + ms + 2 * 3_600_000) });
    const soon = await openEvent(db, admin.id, 10, { title: "Door list soon", ...at(3 * 3_600_000) });
    const later = await openEvent(db, admin.id, 10, { title: "Door list later", ...at(10 * 86_400_000) });
    const res = await get("/admin/events/checkin", as(staff));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`href="/admin/events/${soon.id}/checkin"`);
    expect(html).not.toContain(later.id);
    // Event staff find the list from the header.
    expect(html).toContain('<a href="/admin/events/checkin" aria-current="page">Check-in</a>');
  });

  it("is refused to a regular member", async () => {
    expect((await get("/admin/events/checkin", as(member))).status).toBe(403);
  });
});

describe("GET /admin/events/:id/checkin", () => {
  it("shows the count and one big button per person; the search narrows it", async () => {
    const { e } = await door();
    const res = await get(`/admin/events/${e.id}/checkin`, as(staff));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<span class="stat">0 of 2<\/span>/);
    expect(html).toContain("Check in Maria Reyes");
    expect(html).toContain("Check in Sam Okafor");
    expect(html).toContain('data-hx-trigger="input changed delay:300ms, search"');
    // Event staff see no link to screens they cannot open.
    expect(html).not.toContain(`href="/admin/events/${e.id}/attendees"`);

    const byName = await (await get(`/admin/events/${e.id}/checkin?q=mar`, as(staff))).text();
    expect(byName).toContain("Check in Maria Reyes");
    expect(byName).not.toContain("Check in Sam Okafor");
    const byCompany = await get(`/admin/events/${e.id}/checkin?q=okafor%20elec`, htmx(staff));
    const fragment = await byCompany.text();
    expect(fragment.startsWith('<div id="checkin-list">')).toBe(true);
    expect(fragment).toContain("Check in Sam Okafor");
    expect(fragment).not.toContain("Maria");
  });
});

describe("POST /admin/events/:id/checkin/:registrationId", () => {
  it("checks a person in once: ATTENDED and one audit row, a second tap is a no-op", async () => {
    const { e, maria } = await door();
    const path = `/admin/events/${e.id}/checkin/${maria.seat.registrationId}`;
    const res = await postForm(path, { q: "maria" }, as(staff));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/events/${e.id}/checkin?q=maria&notice=checked_in`);
    expect((await registrationOf(db, e.id, maria.user.id)).status).toBe("ATTENDED");
    const again = await postForm(path, { q: "maria" }, as(staff));
    expect(again.status).toBe(303);
    expect((await registrationOf(db, e.id, maria.user.id)).status).toBe("ATTENDED");
    const audits = await auditsOf(db, e.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "REGISTRATION_UPDATED", userId: staff.id, targetUserId: maria.user.id });
    expect(audits[0]!.metadata).toMatchObject({ before: { status: "REGISTERED" }, after: { status: "ATTENDED" }, checkIn: true });
    const page = await (await get(`/admin/events/${e.id}/checkin?q=maria&notice=checked_in`, as(staff))).text();
    expect(page).toContain("Checked in ✓");
    expect(page).toMatch(/<span class="stat">1 of 2<\/span>/);
  });

  it("answers htmx with the swapped row and the new count", async () => {
    const { e, sam } = await door();
    const res = await postForm(`/admin/events/${e.id}/checkin/${sam.seat.registrationId}`, { q: "" }, htmx(staff));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith(`<li id="checkin-${sam.seat.registrationId}"`)).toBe(true);
    expect(html).toContain("Checked in ✓");
    expect(html).toMatch(/<p id="checkin-counts" role="status" data-hx-swap-oob="true"><span class="stat">1 of 2<\/span>/);
    expect(html).not.toContain("<html");
  });

  it("refuses a seat held for payment, a waiter, and a cancelled event", async () => {
    const e = await openEvent(db, admin.id, 1, today());
    const held = await registered(db, e.id, { firstName: "Unpaid", amountCents: 3000 });
    const waiting = await registered(db, e.id, { firstName: "Waiting" });
    const page = await (await get(`/admin/events/${e.id}/checkin`, as(staff))).text();
    expect(page).toContain("Payment due: send Unpaid Member to the registration desk.");
    const r1 = await postForm(`/admin/events/${e.id}/checkin/${held.seat.registrationId}`, {}, as(staff));
    expect(r1.status).toBe(422);
    expect(await r1.text()).toContain("held for payment");
    const r2 = await postForm(`/admin/events/${e.id}/checkin/${waiting.seat.registrationId}`, {}, htmx(staff));
    expect(r2.status).toBe(422);
    expect(await r2.text()).toContain("has no seat (waitlisted)");
    expect((await registrationOf(db, e.id, held.user.id)).status).toBe("REGISTERED");
    expect((await registrationOf(db, e.id, waiting.user.id)).status).toBe("WAITLISTED");

    const { e: gone, maria } = await door();
    await db.update(events).set({ status: "CANCELLED" }).where(eq(events.id, gone.id));
    // The organiser is told why; event staff no longer see a cancelled event at all (404).
    const r3 = await postForm(`/admin/events/${gone.id}/checkin/${maria.seat.registrationId}`, {}, as(admin));
    expect(r3.status).toBe(422);
    expect((await postForm(`/admin/events/${gone.id}/checkin/${maria.seat.registrationId}`, {}, as(staff))).status).toBe(404);
    expect((await registrationOf(db, gone.id, maria.user.id)).status).toBe("REGISTERED");
    expect(await auditsOf(db, e.id)).toHaveLength(0);
    expect(await auditsOf(db, gone.id)).toHaveLength(0);
  });

  it("is 404 for a registration of another event", async () => {
    const { e } = await door();
    const { maria } = await door();
    expect((await postForm(`/admin/events/${e.id}/checkin/${maria.seat.registrationId}`, {}, as(staff))).status).toBe(404);
  });
});

describe("event staff without events:manage", () => {
  it("cannot open or act on the door list of a draft, a past event or one days away (404); the organiser can", async () => {
    const hours = (h: number) => ({ startDate: new Date(Date.now() + h * 3_600_000), endDate: new Date(Date.now() + (h + 2) * 3_600_000) });
    const cases = {
      draft: await openEvent(db, admin.id, 10, { title: "Door draft", status: "DRAFT", ...hours(2) }),
      past: await openEvent(db, admin.id, 10, { title: "Door past", status: "COMPLETED", ...hours(-72) }),
      lastWeekStillOpen: await openEvent(db, admin.id, 10, { title: "Door last week", ...hours(-7 * 24) }),
      nextWeek: await openEvent(db, admin.id, 10, { title: "Door next week", ...hours(7 * 24) }),
    };
    for (const [name, e] of Object.entries(cases)) {
      await db.update(events).set({ status: "REGISTRATION_OPEN" }).where(eq(events.id, e.id));
      const guest = await registered(db, e.id, { firstName: "Guest" });
      await db.update(events).set({ status: e.status }).where(eq(events.id, e.id));
      expect((await get(`/admin/events/${e.id}/checkin`, as(staff))).status, name).toBe(404);
      const tap = await postForm(`/admin/events/${e.id}/checkin/${guest.seat.registrationId}`, {}, as(staff));
      expect(tap.status, name).toBe(404);
      expect((await registrationOf(db, e.id, guest.user.id)).status, name).toBe("REGISTERED");
      expect((await get(`/admin/events/${e.id}/checkin`, as(admin))).status, name).toBe(200);
    }
    const list = await (await get("/admin/events/checkin", as(staff))).text();
    for (const e of Object.values(cases)) expect(list).not.toContain(e.id);
  });

  it("search by name or company, never by email address; the organiser's search also matches email", async () => {
    const { e, maria } = await door();
    const email = maria.user.email;
    const local = email.split("@")[0]!;
    const forStaff = await (await get(`/admin/events/${e.id}/checkin?q=${encodeURIComponent(local)}`, as(staff))).text();
    expect(forStaff).not.toContain("Check in Maria Reyes");
    expect(forStaff).toContain("Name or company");
    expect(forStaff).not.toContain("or email");
    const byName = await (await get(`/admin/events/${e.id}/checkin?q=Reyes`, as(staff))).text();
    expect(byName).toContain("Check in Maria Reyes");
    const forOrganiser = await (await get(`/admin/events/${e.id}/checkin?q=${encodeURIComponent(local)}`, as(admin))).text();
    expect(forOrganiser).toContain("Check in Maria Reyes");
  });
});

describe("who may do what", () => {
  async function everyRoute() {
    const { e, maria } = await door();
    const reg = maria.seat.registrationId;
    const managing: Array<[string, string]> = [
      ["GET", "/admin/events"],
      ["GET", "/admin/events/export.csv"],
      ["GET", "/admin/events/new"],
      ["GET", "/admin/events/rows/agenda?index=2"],
      ["POST", "/admin/events"],
      ["GET", `/admin/events/${e.id}`],
      ["POST", `/admin/events/${e.id}`],
      ["POST", `/admin/events/${e.id}/status`],
      ["POST", `/admin/events/${e.id}/delete`],
      ["POST", `/admin/events/${e.id}/files`],
      ["POST", `/admin/events/${e.id}/files/${reg}/delete`],
      ["GET", `/admin/events/${e.id}/attendees`],
      ["GET", `/admin/events/${e.id}/attendees.csv`],
      ["POST", `/admin/events/${e.id}/attendees/${reg}/payment`],
      ["POST", `/admin/events/${e.id}/attendees/${reg}/move`],
      ["POST", `/admin/events/${e.id}/no-shows`],
    ];
    const door_: Array<[string, string]> = [
      ["GET", `/admin/events/${e.id}/checkin`],
      ["POST", `/admin/events/${e.id}/checkin/${reg}`],
    ];
    return { e, maria, managing, door: door_ };
  }
  const send = (method: string, path: string, s: Staff) =>
    method === "GET" ? get(path, as(s)) : postForm(path, { status: "CANCELLED", confirm: "yes", to: "waitlist", reference: "x" }, as(s));

  it("event staff check in, but get 403 on every managing route", async () => {
    const { e, maria, managing, door } = await everyRoute();
    for (const [method, path] of managing) expect(`${method} ${path} ${(await send(method, path, staff)).status}`).toBe(`${method} ${path} 403`);
    for (const [method, path] of door) expect((await send(method, path, staff)).status, path).toBeLessThan(400);
    expect((await registrationOf(db, e.id, maria.user.id)).status).toBe("ATTENDED");
  });

  it("a regular member gets 403 everywhere and changes nothing", async () => {
    const { e, maria, managing, door } = await everyRoute();
    for (const [method, path] of [...managing, ...door]) {
      expect(`${method} ${path} ${(await send(method, path, member)).status}`).toBe(`${method} ${path} 403`);
    }
    expect((await db.select().from(eventRegistrations).where(eq(eventRegistrations.id, maria.seat.registrationId)))[0]!.status).toBe("REGISTERED");
    expect((await db.select().from(events).where(eq(events.id, e.id)))[0]!.status).toBe("REGISTRATION_OPEN");
    expect(await auditsOf(db, e.id)).toHaveLength(0);
  });
});


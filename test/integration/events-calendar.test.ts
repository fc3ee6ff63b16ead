// iCalendar routes and "My events": one event's .ics, the chapter feed, the personal feed
// behind its secret URL (only that member's events; a wrong or replaced token is a 404).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { users } from "../../src/db/schema/accounts.ts";
import { eventRegistrations } from "../../src/db/schema/events.ts";
import { calendarTokenHash } from "../../src/features/events/calendar.ts";
import { useTestDb } from "../helpers/db.ts";
import { get } from "../helpers/http.ts";
import { DAY, openEvent, page, post, signedInMember, type Member } from "./events-fixtures.ts";

const db = useTestDb();

async function ics(path: string) {
  const res = await get(path);
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** Every VEVENT's unfolded properties. */
function vevents(body: string): Array<Record<string, string>> {
  const lines = body.replace(/\r\n[ \t]/g, "").split("\r\n");
  const out: Array<Record<string, string>> = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") current = {};
    else if (line === "END:VEVENT") {
      if (current) out.push(current);
      current = null;
    } else if (current) {
      const i = line.indexOf(":");
      current[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  return out;
}

function expectWellFormed(body: string) {
  expect(body.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
  expect(body.endsWith("END:VCALENDAR\r\n")).toBe(true);
  for (const line of body.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  expect(body.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
}

async function feedUrlFor(member: Member): Promise<string> {
  const res = await post("/events/my/calendar-token", member);
  expect(res.status).toBe(200);
  const m = /value="http:\/\/localhost(\/calendar\/[a-z2-7]+\.ics)"/.exec(res.html);
  if (!m) throw new Error("no feed URL on the page");
  return m[1]!;
}

describe("GET /events/:id.ics", () => {
  it("is a valid calendar with UTC times, escaped text and folded lines", async () => {
    const start = new Date("2031-02-03T17:30:00Z");
    const e = await openEvent(db, {
      title: "Bonding, Bidding; and a very long title that will certainly need folding past seventy-five octets",
      description: "Bring:\n- your WIP schedule\n- a pen, please",
      startDate: start,
      endDate: new Date(start.getTime() + 2 * 3_600_000),
      location: "Laney College, Oakland",
    });
    const { status, body, headers } = await ics(`/events/${e.id}.ics`);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(headers.get("cache-control")).toBe("public, max-age=300");
    expectWellFormed(body);
    const [v, ...rest] = vevents(body);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({
      UID: `${e.id}@localhost`,
      DTSTART: "20310203T173000Z",
      DTEND: "20310203T193000Z",
      SUMMARY: "Bonding\\, Bidding\\; and a very long title that will certainly need folding past seventy-five octets",
      LOCATION: "Laney College\\, Oakland",
      URL: `http://localhost/events/${e.id}`,
      STATUS: "CONFIRMED",
    });
    expect(v!.DESCRIPTION).toContain("Bring:\\n- your WIP schedule\\n- a pen\\, please");
    expect(v!.DTSTAMP).toMatch(/^\d{8}T\d{6}Z$/);
    expect(body).toMatch(/\r\n [^\r\n]/); // something was folded
  });

  it("is a 404 for drafts and unknown ids, and never carries the join link", async () => {
    const draft = await openEvent(db, { status: "DRAFT" });
    expect((await ics(`/events/${draft.id}.ics`)).status).toBe(404);
    expect((await ics(`/events/${newId()}.ics`)).status).toBe(404);
    expect((await ics("/events/not-an-id.ics")).status).toBe(404);
    const virtual = await openEvent(db, { isVirtual: true, virtualUrl: "https://meet.example.com/secret-c2" });
    const { body } = await ics(`/events/${virtual.id}.ics`);
    expect(body).not.toContain("secret-c2");
    expect(body).toContain("LOCATION:Virtual");
  });
});

describe("GET /events.ics", () => {
  it("carries published upcoming events and the last 90 days, not drafts, deleted or older events", async () => {
    const soon = await openEvent(db, { title: "C3 soon" });
    const recent = await openEvent(db, { title: "C3 recent", status: "COMPLETED", startDate: new Date(Date.now() - 30 * DAY), endDate: new Date(Date.now() - 30 * DAY + 3_600_000) });
    const old = await openEvent(db, { title: "C3 old", status: "COMPLETED", startDate: new Date(Date.now() - 120 * DAY), endDate: new Date(Date.now() - 120 * DAY + 3_600_000) });
    const draft = await openEvent(db, { title: "C3 draft", status: "DRAFT" });
    const deleted = await openEvent(db, { title: "C3 deleted", deletedAt: new Date() });
    const cancelled = await openEvent(db, { title: "C3 called off", status: "CANCELLED" });

    const { status, body, headers } = await ics("/events.ics");
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(headers.get("cache-control")).toBe("public, max-age=900");
    expectWellFormed(body);
    expect(body).toContain("X-WR-CALNAME:Chapter events");
    const uids = new Set(vevents(body).map((v) => v.UID));
    for (const e of [soon, recent, cancelled]) expect(uids.has(`${e.id}@localhost`)).toBe(true);
    for (const e of [old, draft, deleted]) expect(uids.has(`${e.id}@localhost`)).toBe(false);
    const off = vevents(body).find((v) => v.UID === `${cancelled.id}@localhost`);
    expect(off).toMatchObject({ STATUS: "CANCELLED", SUMMARY: "Cancelled: C3 called off" });
  });
});

describe("personal calendar feed and My events", () => {
  it("shows only that member's registered and waitlisted events, with the join link for a confirmed seat", async () => {
    const join = `https://meet.example.com/c4-${newId()}`;
    const registered = await openEvent(db, { title: "C4 registered", isVirtual: true, virtualUrl: join });
    const waitlisted = await openEvent(db, { title: "C4 waitlisted", maxCapacity: 1 });
    const cancelled = await openEvent(db, { title: "C4 cancelled by me" });
    const notMine = await openEvent(db, { title: "C4 someone else's" });
    const [me, other] = [await signedInMember(db), await signedInMember(db)];
    await post(`/events/${registered.id}/register`, me);
    await post(`/events/${waitlisted.id}/register`, other);
    await post(`/events/${waitlisted.id}/register`, me);
    await post(`/events/${cancelled.id}/register`, me);
    await post(`/events/${cancelled.id}/cancel`, me);
    await post(`/events/${notMine.id}/register`, other);

    const url = await feedUrlFor(me);
    const { status, body, headers } = await ics(url);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(headers.get("cache-control")).toBe("private, max-age=300");
    // The secret URL must not leak through a Referer: the route's header beats the global default.
    expect(headers.get("referrer-policy")).toBe("no-referrer");
    expect(headers.get("x-robots-tag")).toBe("noindex");
    expectWellFormed(body);
    const byUid = new Map(vevents(body).map((v) => [v.UID, v]));
    expect([...byUid.keys()].sort()).toEqual([`${registered.id}@localhost`, `${waitlisted.id}@localhost`].sort());
    expect(byUid.get(`${registered.id}@localhost`)!.DESCRIPTION).toContain(`Join: ${join}`);
    expect(byUid.get(`${waitlisted.id}@localhost`)).toMatchObject({ STATUS: "TENTATIVE" });
    expect(byUid.get(`${waitlisted.id}@localhost`)!.DESCRIPTION).toContain("You are on the waitlist");
  });

  it("stores only the token's hash, answers a wrong token with 404, and a new URL retires the old one", async () => {
    const me = await signedInMember(db);
    const first = await feedUrlFor(me);
    const token = /\/calendar\/([a-z2-7]+)\.ics/.exec(first)![1]!;
    const [row] = await db.select({ hash: users.calendarTokenHash }).from(users).where(eq(users.id, me.id));
    expect(row!.hash).toBe(calendarTokenHash(token));
    expect(row!.hash).not.toContain(token);

    expect((await ics(first)).status).toBe(200);
    const wrong = token.slice(0, -1) + (token.endsWith("a") ? "b" : "a");
    expect((await ics(`/calendar/${wrong}.ics`)).status).toBe(404);
    expect((await ics("/calendar/short.ics")).status).toBe(404);
    expect((await ics(`/calendar/${"a".repeat(5000)}.ics`)).status).toBe(404);

    const second = await feedUrlFor(me);
    expect(second).not.toBe(first);
    expect((await ics(first)).status).toBe(404);
    expect((await ics(second)).status).toBe(200);
  });

  it("lists the member's registrations on /events/my and shows the feed URL only once", async () => {
    const e = await openEvent(db, { title: "C6 on my list", price: "25.00" });
    const past = await openEvent(db, { title: "C6 long ago", status: "COMPLETED", startDate: new Date(Date.now() - 10 * DAY), endDate: new Date(Date.now() - 10 * DAY + 3_600_000) });
    const me = await signedInMember(db);
    await post(`/events/${e.id}/register`, me);
    // Check-in is written by admins straight to Postgres, after the event.
    await db.insert(eventRegistrations).values({ eventId: past.id, userId: me.id, status: "ATTENDED" });

    const before = await page("/events/my", me);
    expect(before.status).toBe(200);
    expect(before.html).toContain(`<a href="/events/${e.id}">C6 on my list</a>`);
    expect(before.html).toMatch(/Seat held until [A-Z][a-z]{2} \d{1,2}, \d{4}, [^<]+: pay by card on the event page/);
    expect(before.html).toContain(">Make my calendar feed address</button>");
    const pastTable = before.html.slice(before.html.indexOf("<h2>Past</h2>"));
    expect(pastTable).toContain("C6 long ago");
    expect(pastTable).toContain("<td>Attended</td>");
    expect(pastTable).not.toContain("C6 on my list");

    const made = await post("/events/my/calendar-token", me);
    expect(made.html).toContain("we show it only this once");
    const token = /\/calendar\/([a-z2-7]+)\.ics/.exec(made.html)![1]!;
    expect(made.html).toContain(`href="webcal://localhost/calendar/${token}.ics"`);

    const after = await page("/events/my", me);
    expect(after.html).not.toContain(token);
    expect(after.html).toContain("You already have a feed address.");
    expect(after.html).toContain(">Make a new feed address</button>");
    expect((await get("/events/my")).headers.get("location")).toBe("/login?next=%2Fevents%2Fmy");
  });
});

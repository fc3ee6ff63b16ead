// GET /events: which events are listed, the filters (type, format, month in Pacific time,
// past view), the price each viewer sees, paging, the htmx partial and hostile query strings.
// Each test places its events in a month of its own, so other files' events never interfere.
import { describe, expect, it } from "vitest";
import { useTestDb } from "../helpers/db.ts";
import { DAY, openEvent, page, signedInMember } from "./events-fixtures.ts";

const db = useTestDb();
const at = (iso: string) => new Date(iso);
const hours = (d: Date, h: number) => new Date(d.getTime() + h * 3_600_000);

function titlesIn(html: string): string[] {
  return [...html.matchAll(/<h2 id="ev-[a-z0-9]+"><a href="\/events\/[a-z0-9]+">([^<]+)<\/a>/g)].map((m) => m[1]!);
}

describe("GET /events", () => {
  it("lists published, open, closed and in-progress events; never drafts, deleted, cancelled or completed ones", async () => {
    const start = at("2071-03-10T18:00:00Z");
    const make = (title: string, extra: object = {}) => openEvent(db, { title, startDate: start, endDate: hours(start, 2), ...extra });
    await make("L1 published", { status: "PUBLISHED" });
    await make("L1 open", { status: "REGISTRATION_OPEN" });
    await make("L1 closed", { status: "REGISTRATION_CLOSED" });
    await make("L1 in progress", { status: "IN_PROGRESS" });
    await make("L1 draft", { status: "DRAFT" });
    await make("L1 cancelled", { status: "CANCELLED" });
    await make("L1 completed", { status: "COMPLETED" });
    await make("L1 deleted", { status: "REGISTRATION_OPEN", deletedAt: new Date() });

    const { status, html } = await page("/events?month=2071-03");
    expect(status).toBe(200);
    expect(titlesIn(html).sort()).toEqual(["L1 closed", "L1 in progress", "L1 open", "L1 published"]);
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
  });

  it("filters by type and by virtual or in person, and shows the place or 'Virtual' on each card", async () => {
    const start = at("2072-05-04T17:00:00Z");
    const base = { startDate: start, endDate: hours(start, 2) };
    await openEvent(db, { ...base, title: "L2 virtual training", type: "TRAINING", isVirtual: true, virtualUrl: "https://meet.example.com/secret-l2" });
    await openEvent(db, { ...base, title: "L2 hall training", type: "TRAINING", location: "Union Hall, Oakland" });
    await openEvent(db, { ...base, title: "L2 mixer", type: "NETWORKING", location: "Bayview Opera House" });

    const training = await page("/events?month=2072-05&type=TRAINING");
    expect(titlesIn(training.html).sort()).toEqual(["L2 hall training", "L2 virtual training"]);

    const virtual = await page("/events?month=2072-05&type=TRAINING&format=virtual");
    expect(titlesIn(virtual.html)).toEqual(["L2 virtual training"]);
    expect(virtual.html).toContain("Virtual · Training");
    expect(virtual.html).not.toContain("meet.example.com"); // the join link never appears on the list

    const inPerson = await page("/events?month=2072-05&format=in-person");
    expect(titlesIn(inPerson.html).sort()).toEqual(["L2 hall training", "L2 mixer"]);
    expect(inPerson.html).toContain("Union Hall, Oakland · Training");
  });

  it("reads the month in Pacific time: 10 PM on March 31 in California is a March event", async () => {
    const lateMarch = at("2073-04-01T05:00:00Z"); // 22:00 PDT on March 31
    await openEvent(db, { title: "L3 late March", startDate: lateMarch, endDate: hours(lateMarch, 1) });
    expect(titlesIn((await page("/events?month=2073-03")).html)).toEqual(["L3 late March"]);
    expect(titlesIn((await page("/events?month=2073-04")).html)).toEqual([]);
    expect((await page("/events?month=2073-03")).html).toContain("Fri, Mar 31, 2073, 10:00 PM – 11:00 PM PDT");
  });

  it("has a past view, newest first, that the upcoming view leaves out", async () => {
    const first = at("2011-06-03T16:00:00Z");
    const second = at("2011-06-20T16:00:00Z");
    await openEvent(db, { title: "L4 first", status: "COMPLETED", startDate: first, endDate: hours(first, 2) });
    await openEvent(db, { title: "L4 second", status: "COMPLETED", startDate: second, endDate: hours(second, 2) });
    await openEvent(db, { title: "L4 draft", status: "DRAFT", startDate: second, endDate: hours(second, 2) });

    const past = await page("/events?when=past&month=2011-06");
    expect(past.status).toBe(200);
    expect(past.html).toContain("<h1>Past events</h1>");
    expect(titlesIn(past.html)).toEqual(["L4 second", "L4 first"]);
    expect(past.html).toContain("Took place");

    const upcoming = await page("/events?month=2011-06");
    expect(titlesIn(upcoming.html)).toEqual([]);
    expect(upcoming.html).toContain("No upcoming events match these filters.");
  });

  it("shows each viewer their own price: visitor and lapsed member the standard price, an active member the member price", async () => {
    const start = at("2074-09-15T16:00:00Z");
    await openEvent(db, { title: "L5 priced", startDate: start, endDate: hours(start, 3), price: "100.00", memberPrice: "60.00", maxCapacity: 40 });
    const active = await signedInMember(db, { membershipExpiresAt: new Date(Date.now() + 400 * DAY) });
    const lapsed = await signedInMember(db, { membershipExpiresAt: new Date(Date.now() - 30 * DAY) }); // past the 14-day grace

    const anonymous = await page("/events?month=2074-09");
    expect(anonymous.html).toContain("<strong>$100.00</strong>");
    expect(anonymous.html).toContain("40 seats left of 40");
    expect((await page("/events?month=2074-09", active)).html).toContain("<strong>$60.00 (member price)</strong>");
    expect((await page("/events?month=2074-09", lapsed)).html).toContain("<strong>$100.00</strong>");
  });

  it("pages through results, keeping the filters in the links", async () => {
    const start = at("2075-02-01T17:00:00Z");
    for (let i = 0; i < 13; i++) {
      const s = new Date(start.getTime() + i * DAY);
      await openEvent(db, { title: `L6 event ${String(i).padStart(2, "0")}`, startDate: s, endDate: hours(s, 1) });
    }
    const one = await page("/events?month=2075-02");
    expect(titlesIn(one.html)).toHaveLength(12);
    expect(one.html).toContain("Page 1 of 2 · 13 results");
    expect(one.html).toContain('href="/events?month=2075-02&amp;page=2"');
    const two = await page("/events?month=2075-02&page=2");
    expect(titlesIn(two.html)).toEqual(["L6 event 12"]);
  });

  it("answers htmx with only the results, and says so in Vary", async () => {
    const start = at("2076-07-07T17:00:00Z");
    await openEvent(db, { title: "L7 partial", startDate: start, endDate: hours(start, 1) });
    const res = await page("/events?month=2076-07", undefined, { "hx-request": "true" });
    expect(res.status).toBe(200);
    expect(res.html.startsWith('<div id="event-results">')).toBe(true);
    expect(res.html).not.toContain("<html");
    expect(titlesIn(res.html)).toEqual(["L7 partial"]);
    expect(res.headers.get("vary")).toContain("HX-Request");
  });

  it("has a helpful empty state and a filter form that works without JavaScript", async () => {
    const { html } = await page("/events?month=2077-01&type=AWARDS");
    expect(html).toContain("No upcoming events match these filters. Try another month or type");
    expect(html).toMatch(/<form method="get" action="\/events" role="search"/);
    expect(html).toContain('data-hx-get="/events"');
    expect(html).toContain('<option value="AWARDS" selected="">Awards</option>');
    expect(html).toContain("<details open=\"\"><summary>Filter by type, format or month</summary>");
    expect((await page("/events")).html).toContain("<details><summary>Filter by type, format or month</summary>");
  });

  it("refuses hostile or impossible filters with 422 and a message, without echoing them in full", async () => {
    const bad = await page("/events?month=2026-13");
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("month 01 to 12");
    expect((await page("/events?type=BOGUS")).status).toBe(422);
    expect((await page("/events?format=%3Cscript%3E")).status).toBe(422);
    const long = "9".repeat(5000);
    const overlong = await page(`/events?month=${long}&when=${long}`);
    expect(overlong.status).toBe(422);
    expect(overlong.html).not.toContain("9".repeat(100));
    expect((await page("/events?page=99999999999")).status).toBe(200);
    expect((await page(`/events?page=${long}`)).status).toBe(200);
  });
});

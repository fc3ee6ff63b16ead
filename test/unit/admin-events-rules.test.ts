// Pure pieces of the event admin screens, without I/O: Pacific time ↔ UTC across both
// daylight-saving changes, fill rates, row gathering, jsonb comparison, small rules.
import { describe, expect, it } from "vitest";
import { readRows } from "../../src/features/admin-events/forms.ts";
import { canCheckIn, canDeleteEvent, canMarkNoShows, canonical, fillRate, owesPayment } from "../../src/features/admin-events/rules.ts";
import { fromPacificInput, toPacificInput } from "../../src/lib/time.ts";

describe("Pacific wall-clock time", () => {
  const cases: Array<[string, string | null]> = [
    ["2030-07-04T18:00", "2030-07-05T01:00:00.000Z"], // daylight, UTC-7
    ["2030-12-01T09:30", "2030-12-01T17:30:00.000Z"], // standard, UTC-8
    ["2030-03-10T01:59", "2030-03-10T09:59:00.000Z"], // just before spring forward
    ["2030-03-10T03:00", "2030-03-10T10:00:00.000Z"], // just after
    ["2030-03-10T02:30", null], // the skipped hour does not exist
    ["2030-11-03T01:30", "2030-11-03T08:30:00.000Z"], // the repeated hour: the first (daylight) one
    ["2030-02-30T10:00", null],
    ["2030-13-01T10:00", null],
    ["2030-01-01T24:00", null],
    ["2030-01-01 10:00", null],
    ["", null],
  ];
  for (const [input, utc] of cases) {
    it(`${JSON.stringify(input)} → ${utc}`, () => {
      expect(fromPacificInput(input)?.toISOString() ?? null).toBe(utc);
    });
  }

  it("round-trips stored instants to the form", () => {
    expect(toPacificInput(new Date("2030-07-05T01:00:00Z"))).toBe("2030-07-04T18:00");
    expect(toPacificInput(new Date("2031-01-01T07:59:00Z"))).toBe("2030-12-31T23:59");
    expect(toPacificInput(new Date("2030-01-01T08:00:00Z"))).toBe("2030-01-01T00:00");
    expect(toPacificInput(null)).toBe("");
  });
});

describe("fillRate", () => {
  it("is a whole percent of the seats, null without a limit, and full for a 0-seat event", () => {
    expect(fillRate(0, 40)).toBe(0);
    expect(fillRate(38, 40)).toBe(95);
    expect(fillRate(1, 3)).toBe(33);
    expect(fillRate(40, 40)).toBe(100);
    expect(fillRate(12, null)).toBeNull();
    expect(fillRate(0, 0)).toBe(100);
  });
});

describe("readRows", () => {
  it("gathers row fields in index order, drops blank rows and unknown fields", () => {
    const rows = readRows({
      "agenda.10.title": "Last",
      "agenda.2.title": "First",
      "agenda.2.time": "9:00",
      "agenda.5.title": "  ",
      "agenda.5.time": "",
      "agenda.3.evil": "x",
      "speakers.0.name": "Ana",
      "sponsors.0.memberId": "cabc",
      "materials.x.name": "ignored",
      title: "not a row",
    });
    expect(rows.agenda).toEqual([
      { time: "9:00", title: "First", speaker: "" },
      { time: "", title: "Last", speaker: "" },
    ]);
    expect(rows.speakers).toEqual([{ name: "Ana", title: "", organization: "", bio: "" }]);
    // A row holding only the hidden sponsor id is blank.
    expect(rows.sponsors).toEqual([]);
    expect(rows.materials).toEqual([]);
  });
});

describe("small rules", () => {
  it("compares jsonb by content, whatever the key order", () => {
    expect(JSON.stringify(canonical([{ title: "a", time: "1" }]))).toBe(JSON.stringify(canonical([{ time: "1", title: "a" }])));
    expect(JSON.stringify(canonical({ b: { d: 1, c: 2 }, a: null }))).toBe('{"a":null,"b":{"c":2,"d":1}}');
  });

  it("deletes only drafts and cancelled events", () => {
    expect(canDeleteEvent("DRAFT")).toBe(true);
    expect(canDeleteEvent("CANCELLED")).toBe(true);
    for (const s of ["PUBLISHED", "REGISTRATION_OPEN", "REGISTRATION_CLOSED", "IN_PROGRESS", "COMPLETED"] as const) expect(canDeleteEvent(s)).toBe(false);
  });

  it("marks no-shows only after the end, or once completed; checks in only at a live event", () => {
    const now = new Date("2030-05-01T12:00:00Z");
    expect(canMarkNoShows({ status: "IN_PROGRESS", endDate: new Date("2030-05-01T11:00:00Z") }, now)).toBe(true);
    expect(canMarkNoShows({ status: "IN_PROGRESS", endDate: new Date("2030-05-01T13:00:00Z") }, now)).toBe(false);
    expect(canMarkNoShows({ status: "COMPLETED", endDate: new Date("2030-05-01T13:00:00Z") }, now)).toBe(true);
    expect(canMarkNoShows({ status: "CANCELLED", endDate: new Date("2030-04-01T00:00:00Z") }, now)).toBe(false);
    expect(canCheckIn("IN_PROGRESS")).toBe(true);
    expect(canCheckIn("CANCELLED")).toBe(false);
    expect(canCheckIn("DRAFT")).toBe(false);
  });

  it("owes a payment only with an unpaid amount and a place at the event", () => {
    const base = { amount: "45.00", paid: false, status: "REGISTERED" as const, payment: null };
    expect(owesPayment(base)).toBe(true);
    expect(owesPayment({ ...base, payment: { status: "PENDING" } })).toBe(true);
    expect(owesPayment({ ...base, payment: { status: "COMPLETED" } })).toBe(false);
    expect(owesPayment({ ...base, paid: true })).toBe(false);
    expect(owesPayment({ ...base, amount: "0.00" })).toBe(false);
    expect(owesPayment({ ...base, amount: null })).toBe(false);
    expect(owesPayment({ ...base, status: "WAITLISTED" })).toBe(false);
    expect(owesPayment({ ...base, status: "ATTENDED" })).toBe(true);
  });
});

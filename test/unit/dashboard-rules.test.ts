import { describe, expect, it } from "vitest";
import { addDays, chartGeometry, countedPage, isBot, daysBetween, lastTwelveMonths, METRICS, monthlySeries, subtractSeries, type MetricRow } from "../../src/features/admin-dashboard/rules.ts";
import { describeTrend, TrendChart } from "../../templates/admin-dashboard/TrendChart.tsx";

const count = (n: number) => String(n);

describe("Pacific day and month arithmetic", () => {
  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addDays("2026-11-01", 0)).toBe("2026-11-01");
    expect(() => addDays("2026-13", 1)).toThrow(RangeError);
  });

  it("lists the days of a range, both ends included, and nothing for a reversed one", () => {
    expect(daysBetween("2026-02-27", "2026-03-02")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(daysBetween("2026-03-02", "2026-03-01")).toEqual([]);
  });

  it("gives the 12 months ending with the current one, across a year boundary", () => {
    const months = lastTwelveMonths("2026-03");
    expect(months).toHaveLength(12);
    expect(months[0]).toBe("2025-04");
    expect(months.at(-1)).toBe("2026-03");
  });
});

describe("monthly series from roll-up rows", () => {
  const months = ["2026-01", "2026-02", "2026-03"];
  const rows: MetricRow[] = [
    { metric: METRICS.activeMembers, dimension: "", month: "2026-01", total: 300, last: 101 },
    { metric: METRICS.activeMembers, dimension: "", month: "2026-03", total: 330, last: 110 },
    { metric: METRICS.newMembers, dimension: "", month: "2026-02", total: 7, last: 0 },
    { metric: METRICS.revenue, dimension: "", month: "2026-02", total: 900, last: 0 },
    { metric: METRICS.revenue, dimension: "MEMBERSHIP", month: "2026-02", total: 600, last: 0 },
  ];

  it("takes a stock's last day, adds a flow's days up, and leaves months without rows as gaps", () => {
    expect(monthlySeries(rows, METRICS.activeMembers, months).map((p) => p.value)).toEqual([101, null, 110]);
    expect(monthlySeries(rows, METRICS.newMembers, months).map((p) => p.value)).toEqual([null, 7, null]);
  });

  it("reads one dimension at a time, and other revenue is all revenue less dues", () => {
    const dues = monthlySeries(rows, METRICS.revenue, months, "MEMBERSHIP");
    expect(dues.map((p) => p.value)).toEqual([null, 600, null]);
    expect(subtractSeries(monthlySeries(rows, METRICS.revenue, months), dues).map((p) => p.value)).toEqual([null, 300, null]);
  });
});

describe("chart geometry", () => {
  it("draws nothing but a baseline for no points", () => {
    const g = chartGeometry([]);
    expect(g.line).toBe("");
    expect(g.dots).toEqual([]);
    expect(g.baseline).toBeGreaterThan(0);
  });

  it("shows a single point as a dot in the middle, without a path", () => {
    const g = chartGeometry([{ month: "2026-03", value: 5 }]);
    expect(g.line).toBe("");
    expect(g.dots).toEqual([{ x: 120, y: expect.any(Number), month: "2026-03", value: 5 }]);
  });

  it("spreads many points across the width, the largest at the top, zero on the baseline", () => {
    const g = chartGeometry([
      { month: "a", value: 0 },
      { month: "b", value: 10 },
      { month: "c", value: 5 },
    ]);
    expect(g.line).toBe("M4 60L120 4L236 32");
    expect(g.baseline).toBe(60);
  });

  it("breaks the line at a gap instead of drawing through it", () => {
    const g = chartGeometry([
      { month: "a", value: 1 },
      { month: "b", value: 2 },
      { month: "c", value: null },
      { month: "d", value: 2 },
      { month: "e", value: 1 },
    ]);
    expect(g.line.match(/M/g)).toHaveLength(2);
    expect(g.dots).toHaveLength(4);
  });

  it("places a flat series at mid-height", () => {
    const g = chartGeometry([
      { month: "a", value: 0 },
      { month: "b", value: 0 },
    ]);
    expect(g.line).toBe("M4 32L236 32");
  });
});

describe("the chart's markup", () => {
  const render = (points: Parameters<typeof TrendChart>[0]["points"]) => String(TrendChart({ title: "Active members", points, format: count }));

  it("is an image with the trend in words as its name, for 0, 1 and many points", () => {
    expect(render([])).toContain('aria-label="Active members: no figures yet"');
    expect(render([{ month: "2026-03", value: 4 }])).toContain("4 in Mar 2026, the only month with figures");
    const many = render([
      { month: "2026-01", value: 4 },
      { month: "2026-02", value: 9 },
      { month: "2026-03", value: 6 },
    ]);
    expect(many).toMatch(/^<svg class="trend" role="img" aria-label="[^"]+" viewBox="0 0 240 64"><title>/);
    expect(many).toContain('<path d="M4 ');
    expect(many.match(/<circle /g)).toHaveLength(3);
  });

  it("names the first, last and highest months", () => {
    expect(
      describeTrend("Dues", [{ month: "2026-01", value: 1 }, { month: "2026-02", value: 8 }, { month: "2026-03", value: null }, { month: "2026-04", value: 3 }], count),
    ).toBe("Dues, monthly: 1 in Jan 2026 to 3 in Apr 2026; highest 8 in Feb 2026");
  });
});

describe("page views: what counts", () => {
  it("counts browsers and not crawlers, previews, monitors, scripts or an empty user agent", () => {
    expect(isBot("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1")).toBe(false);
    expect(isBot("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36")).toBe(false);
    for (const ua of ["Mozilla/5.0 (compatible; Googlebot/2.1)", "facebookexternalhit/1.1", "Slackbot-LinkExpanding 1.0", "curl/8.5.0", "python-requests/2.31", "UptimeRobot/2.0", "Mozilla/5.0 HeadlessChrome/131.0", "", null]) {
      expect(isBot(ua), String(ua)).toBe(true);
    }
  });

  it("counts only an opportunity's or an event's own page, by GET", () => {
    const id = "cabcdefghijklmnopqrstuvwx";
    expect(countedPage("GET", `/projects/${id}`)).toEqual({ kind: "project", page: id });
    expect(countedPage("GET", `/events/${id}`)).toEqual({ kind: "event", page: id });
    expect(countedPage("POST", `/events/${id}`)).toBeNull();
    expect(countedPage("GET", `/events/${id}/seats`)).toBeNull();
    expect(countedPage("GET", "/projects/mine")).toBeNull();
    expect(countedPage("GET", "/projects/saved")).toBeNull();
  });
});

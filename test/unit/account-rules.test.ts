// The pure rules behind the account pages (no I/O; they sit with the account
// tests because the unit folder belongs to the auth building blocks).
import { describe, expect, it } from "vitest";
import { describeDevice, safeNextPath } from "../../src/features/account/rules.ts";
import { formatDateTime } from "../../src/lib/time.ts";

const UA = {
  chromeAndroid:
    "Mozilla/5.0 (Linux; Android 14; SM-S918U) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  safariIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  chromeIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1",
  edgeWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.56",
  firefoxMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0",
  safariMac:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  samsung:
    "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
  chromebook: "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  firefoxLinux: "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
  operaWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 OPR/111.0.0.0",
};

describe("describeDevice", () => {
  it.each([
    [UA.chromeAndroid, "Chrome on Android"],
    [UA.safariIphone, "Safari on iPhone"],
    [UA.chromeIphone, "Chrome on iPhone"],
    [UA.edgeWindows, "Edge on Windows"],
    [UA.firefoxMac, "Firefox on Mac"],
    [UA.safariMac, "Safari on Mac"],
    [UA.samsung, "Samsung Internet on Android"],
    [UA.chromebook, "Chrome on ChromeOS"],
    [UA.firefoxLinux, "Firefox on Linux"],
    [UA.operaWindows, "Opera on Windows"],
  ])("names %s", (ua, expected) => {
    expect(describeDevice(ua)).toBe(expected);
  });

  it("says Unknown device for missing or unrecognisable agents", () => {
    expect(describeDevice(null)).toBe("Unknown device");
    expect(describeDevice("")).toBe("Unknown device");
    expect(describeDevice("curl/8.5.0")).toBe("Unknown device");
  });

  it("names what it can when only the system is known", () => {
    expect(describeDevice("SomeApp/1.0 (Android 13)")).toBe("Android");
  });

  it("stays quick and bounded on a huge hostile header", () => {
    const started = Date.now();
    expect(describeDevice(`${"(".repeat(100_000)}Firefox/1.0`)).toBe("Unknown device");
    expect(Date.now() - started).toBeLessThan(200);
  });
});

describe("safeNextPath", () => {
  it("keeps paths on this site", () => {
    expect(safeNextPath("/events/abc?x=1")).toBe("/events/abc?x=1");
  });

  it.each(["//evil.example/", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/login", "/login/two-factor", "/a\nb", ""])(
    "refuses %j",
    (next) => {
      expect(safeNextPath(next)).toBe("/account");
    },
  );
});

describe("formatDateTime", () => {
  it("shows Pacific time with the zone named", () => {
    expect(formatDateTime(new Date("2026-01-15T20:30:00Z"))).toBe("Jan 15, 2026, 12:30 PM PST");
    expect(formatDateTime(new Date("2026-07-15T20:30:00Z"))).toBe("Jul 15, 2026, 1:30 PM PDT");
  });
});

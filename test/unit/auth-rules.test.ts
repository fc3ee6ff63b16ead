import { describe, expect, it } from "vitest";
import {
  afterWrongPassword,
  clientIp,
  describeWait,
  isLocked,
  LOCKOUT_MAX_MS,
  lockoutDelayMs,
  retryAfterSeconds,
  safeNextPath,
} from "../../src/features/auth/rules.ts";
import { forgotPasswordForm, loginForm, registerForm } from "../../src/features/auth/schemas.ts";

const MIN = 60_000;

describe("lockoutDelayMs", () => {
  it("does not lock before the 5th consecutive failure", () => {
    for (const n of [-1, 0, 1, 2, 3, 4]) expect(lockoutDelayMs(n)).toBe(0);
  });

  it("locks 1 minute at the 5th failure and doubles with each further one", () => {
    expect(lockoutDelayMs(5)).toBe(1 * MIN);
    expect(lockoutDelayMs(6)).toBe(2 * MIN);
    expect(lockoutDelayMs(7)).toBe(4 * MIN);
    expect(lockoutDelayMs(10)).toBe(32 * MIN);
    expect(lockoutDelayMs(15)).toBe(1024 * MIN);
  });

  it("caps at 24 hours, however many failures", () => {
    expect(LOCKOUT_MAX_MS).toBe(24 * 60 * MIN);
    expect(lockoutDelayMs(16)).toBe(LOCKOUT_MAX_MS); // 2048 min would pass the cap
    expect(lockoutDelayMs(1_000)).toBe(LOCKOUT_MAX_MS);
    expect(lockoutDelayMs(Number.MAX_SAFE_INTEGER)).toBe(LOCKOUT_MAX_MS);
  });

  it("treats nonsense counts as no failures", () => {
    expect(lockoutDelayMs(Number.NaN)).toBe(0);
    expect(lockoutDelayMs(Number.POSITIVE_INFINITY)).toBe(0);
  });
});

describe("afterWrongPassword", () => {
  const now = new Date("2026-03-01T12:00:00Z");

  it("counts the failure and records when, without locking below the threshold", () => {
    expect(afterWrongPassword(3, now)).toEqual({ failedLoginAttempts: 4, lastFailedLogin: now, lockedUntil: null });
  });

  it("locks from the 5th failure on, for the growing delay", () => {
    expect(afterWrongPassword(4, now).lockedUntil).toEqual(new Date("2026-03-01T12:01:00Z"));
    expect(afterWrongPassword(5, now).lockedUntil).toEqual(new Date("2026-03-01T12:02:00Z"));
  });

  it("never counts from below zero", () => {
    expect(afterWrongPassword(-7, now).failedLoginAttempts).toBe(1);
  });
});

describe("isLocked", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  it("is locked only while lockedUntil is in the future", () => {
    expect(isLocked(null, now)).toBe(false);
    expect(isLocked(undefined, now)).toBe(false);
    expect(isLocked(new Date(now.getTime() - 1), now)).toBe(false);
    expect(isLocked(now, now)).toBe(false);
    expect(isLocked(new Date(now.getTime() + 1), now)).toBe(true);
  });
});

describe("safeNextPath", () => {
  it("keeps same-site paths with their query and fragment", () => {
    for (const p of ["/", "/account", "/events?month=2026-03", "/projects/c123#apply", "/a/%2F%2Fb"]) {
      expect(safeNextPath(p)).toBe(p);
    }
  });

  it("refuses anything that could leave the site", () => {
    for (const p of [
      "//evil.example",
      "///evil.example",
      "https://evil.example",
      "http:/evil.example",
      "javascript:alert(1)",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      " /account",
      "account",
      "",
      `/${"a".repeat(3000)}`,
    ]) {
      expect(safeNextPath(p), JSON.stringify(p)).toBeNull();
    }
  });

  it("refuses non-strings", () => {
    expect(safeNextPath(undefined)).toBeNull();
    expect(safeNextPath(["/account"])).toBeNull();
  });
});

describe("clientIp", () => {
  const h = (entries: Record<string, string>) => new Headers(entries);
  it("prefers cf-connecting-ip, then the first x-forwarded-for, then 'local'", () => {
    expect(clientIp(h({ "cf-connecting-ip": "203.0.113.9", "x-forwarded-for": "198.51.100.1" }))).toBe("203.0.113.9");
    expect(clientIp(h({ "x-forwarded-for": "198.51.100.1, 10.0.0.1" }))).toBe("198.51.100.1");
    expect(clientIp(h({}))).toBe("local");
  });

  it("accepts IPv6 and refuses junk, so the limiter key stays small and plain", () => {
    expect(clientIp(h({ "cf-connecting-ip": "2001:DB8::1" }))).toBe("2001:db8::1");
    expect(clientIp(h({ "cf-connecting-ip": "<script>" }))).toBe("local");
    expect(clientIp(h({ "cf-connecting-ip": "1".repeat(5000) })).length).toBeLessThanOrEqual(64);
  });
});

describe("describeWait", () => {
  const now = new Date("2026-03-01T12:00:30Z");
  it("rounds up to whole minutes and gives the UTC clock time", () => {
    expect(describeWait(new Date("2026-03-01T12:01:00Z"), now)).toEqual({
      minutes: 1,
      utc: "12:01 UTC",
      text: "in 1 minute (at 12:01 UTC)",
    });
    expect(describeWait(new Date("2026-03-01T12:16:00Z"), now).text).toBe("in 16 minutes (at 12:16 UTC)");
  });

  it("adds the date when the time falls on another UTC day", () => {
    expect(describeWait(new Date("2026-03-02T09:00:00Z"), now).utc).toBe("09:00 UTC on 2026-03-02");
  });

  it("never says zero minutes", () => {
    expect(describeWait(now, now).minutes).toBe(1);
  });

  it("gives Retry-After in whole seconds, at least 1", () => {
    expect(retryAfterSeconds(new Date(now.getTime() + 1500), now)).toBe(2);
    expect(retryAfterSeconds(now, now)).toBe(1);
  });
});

describe("form schemas", () => {
  const valid = {
    firstName: " Ana ",
    lastName: "Núñez-O'Brien",
    email: "  Ana.Nunez@Example.ORG ",
    company: "",
    password: "timber crane lunch river",
    confirmPassword: "timber crane lunch river",
  };

  it("trims names and lower-cases and trims emails", () => {
    const r = registerForm.safeParse(valid);
    expect(r.success && r.data).toMatchObject({ firstName: "Ana", email: "ana.nunez@example.org", company: "" });
    expect(loginForm.parse({ email: " A@B.ORG ", password: "x" }).email).toBe("a@b.org");
  });

  it("refuses overlong names, companies and emails", () => {
    const fields = (over: Record<string, string>) => {
      const r = registerForm.safeParse({ ...valid, ...over });
      return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
    };
    expect(fields({ firstName: "a".repeat(101) })).toEqual(["firstName"]);
    expect(fields({ firstName: "a".repeat(100) })).toEqual([]);
    expect(fields({ lastName: "a".repeat(101) })).toEqual(["lastName"]);
    expect(fields({ company: "a".repeat(201) })).toEqual(["company"]);
    expect(fields({ email: `${"a".repeat(250)}@b.org` })).toEqual(["email"]);
  });

  it("refuses control characters and bidi overrides in names, and blank names", () => {
    for (const firstName of ["Ana\u0000", "Ana\nBcc: x", "Ana\u202eevil", "   "]) {
      const r = registerForm.safeParse({ ...valid, firstName });
      expect(r.success, JSON.stringify(firstName)).toBe(false);
    }
  });

  it("refuses malformed email addresses", () => {
    for (const email of ["not-an-email", "a@b", "a@b.org\r\nBcc: c@d.org", "a b@c.org"]) {
      expect(forgotPasswordForm.safeParse({ email }).success, email).toBe(false);
    }
  });

  it("refuses a field sent twice (an array) instead of guessing", () => {
    expect(loginForm.safeParse({ email: ["a@b.org", "c@d.org"], password: "x" }).success).toBe(false);
  });
});

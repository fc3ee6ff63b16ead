import { describe, expect, it } from "vitest";
import {
  clientIp,
  describeWait,
  isLocked,
  retryAfterSeconds,
  safeNextPath,
} from "../../src/features/auth/rules.ts";
import { forgotPasswordForm, loginForm, registerForm } from "../../src/features/auth/schemas.ts";


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

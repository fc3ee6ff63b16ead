import { describe, expect, it } from "vitest";
import { encodeHexLowerCase } from "@oslojs/encoding";
import {
  clearedSessionCookieOptions,
  generateEmailToken,
  generateRecoveryCodes,
  generateSessionToken,
  hashEmailToken,
  hashRecoveryCode,
  hashSecret,
  isEmailTokenShaped,
  normalizeRecoveryCode,
  parseSessionToken,
  renewedSessionTimes,
  SESSION_ABSOLUTE_MS,
  SESSION_COOKIE,
  SESSION_IDLE_MS,
  sessionCookieOptions,
  sessionDecision,
  sessionExpiresAt,
  verifySecret,
} from "../../../src/auth/tokens.ts";
import { serialize } from "hono/utils/cookie";

async function sha256Hex(text: string): Promise<string> {
  return encodeHexLowerCase(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))));
}

describe("session tokens", () => {
  it("are id.secret with a 24-char id and a 32-char (160-bit) secret in lowercase base32", () => {
    const { id, secret, token } = generateSessionToken();
    expect(id).toMatch(/^[a-z2-7]{24}$/);
    expect(secret).toMatch(/^[a-z2-7]{32}$/);
    expect(token).toBe(`${id}.${secret}`);
    expect(parseSessionToken(token)).toEqual({ id, secret });
  });

  it("are unique across many draws", () => {
    const ids = new Set(Array.from({ length: 500 }, () => generateSessionToken().id));
    expect(ids.size).toBe(500);
  });

  it("parse only exact tokens", () => {
    const { token, id, secret } = generateSessionToken();
    for (const bad of [
      "",
      undefined,
      null,
      id,
      `${id}.`,
      `${id}.${secret}x`,
      `${id}x.${secret}`,
      token.toUpperCase(),
      `${id}.${secret.slice(0, -1)}1`, // 1 is not in the base32 alphabet
      ` ${token}`,
      `${id}.${secret}.${secret}`,
      "a".repeat(10_000),
    ]) {
      expect(parseSessionToken(bad)).toBeNull();
    }
  });

  it("store a SHA-256 of the secret and verify only the same secret", async () => {
    const { secret } = generateSessionToken();
    const stored = hashSecret(secret);
    expect(stored).toBeInstanceOf(Uint8Array);
    expect(encodeHexLowerCase(stored)).toBe(await sha256Hex(secret));
    expect(verifySecret(secret, stored)).toBe(true);
    expect(verifySecret(generateSessionToken().secret, stored)).toBe(false);
    expect(verifySecret(secret, stored.slice(0, 31))).toBe(false);
  });
});

describe("sessionDecision", () => {
  const created = new Date("2026-01-01T00:00:00Z");
  const at = (ms: number) => new Date(created.getTime() + ms);
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const fresh = { createdAt: created, lastSeenAt: created, expiresAt: sessionExpiresAt(created) };

  it("gives a new session an expiry one idle period away", () => {
    expect(fresh.expiresAt.getTime() - created.getTime()).toBe(SESSION_IDLE_MS);
  });

  it("is ok within a day of the last visit, and asks to renew after", () => {
    expect(sessionDecision(fresh, at(HOUR))).toBe("ok");
    expect(sessionDecision(fresh, at(DAY - 1))).toBe("ok");
    expect(sessionDecision(fresh, at(DAY))).toBe("renew");
    expect(sessionDecision(fresh, at(6 * DAY))).toBe("renew");
  });

  it("expires after a week idle", () => {
    expect(sessionDecision(fresh, at(7 * DAY + 1))).toBe("expired");
  });

  it("expires at expiresAt even if lastSeenAt says otherwise", () => {
    expect(sessionDecision({ ...fresh, expiresAt: at(2 * HOUR) }, at(3 * HOUR))).toBe("expired");
  });

  it("renewal slides the expiry but never past 30 days from creation", () => {
    let session = fresh;
    // Visit every 2 days: renewed each time, until the absolute limit ends it.
    let now = created.getTime();
    for (;;) {
      now += 2 * DAY;
      const decision = sessionDecision(session, new Date(now));
      if (decision === "expired") break;
      expect(decision).toBe("renew");
      session = renewedSessionTimes(session, new Date(now));
      expect(session.lastSeenAt.getTime()).toBe(now);
      expect(session.expiresAt.getTime()).toBeLessThanOrEqual(created.getTime() + SESSION_ABSOLUTE_MS);
    }
    expect(now).toBe(created.getTime() + SESSION_ABSOLUTE_MS);
    const late = renewedSessionTimes(fresh, at(29 * DAY));
    expect(late.expiresAt.getTime()).toBe(created.getTime() + SESSION_ABSOLUTE_MS);
  });
});

describe("session cookie", () => {
  it("is a __Host- cookie that Hono serializes with Secure, HttpOnly, Lax and Path=/", () => {
    const expires = new Date("2026-02-01T00:00:00Z");
    const header = serialize(SESSION_COOKIE, "abc.def", sessionCookieOptions(expires));
    expect(header).toContain("__Host-portal_session=abc.def");
    expect(header).toContain("Secure");
    expect(header).toContain("HttpOnly");
    expect(header).toContain("SameSite=Lax");
    expect(header).toContain("Path=/");
    expect(header).toContain(`Expires=${expires.toUTCString()}`);
    expect(header).not.toContain("Domain");
    expect(serialize(SESSION_COOKIE, "", clearedSessionCookieOptions())).toContain("Max-Age=0");
  });
});

describe("email tokens", () => {
  it("give a 256-bit link token and store only its hex SHA-256", async () => {
    const { token, hash } = generateEmailToken();
    expect(token).toMatch(/^[a-z2-7]{52}$/);
    expect(hash).toBe(await sha256Hex(token));
    expect(hashEmailToken(token)).toBe(hash);
    expect(hashEmailToken(` ${token.toUpperCase()}\n`)).toBe(hash);
    expect(hashEmailToken(generateEmailToken().token)).not.toBe(hash);
    expect(isEmailTokenShaped(token)).toBe(true);
    expect(isEmailTokenShaped(token.slice(1))).toBe(false);
  });
});

describe("recovery codes", () => {
  it("are ten distinct XXXX-XXXX-XX Crockford codes with the hash of their normalised form", async () => {
    const { codes, hashes } = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(hashes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const [i, code] of codes.entries()) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);
      expect(hashes[i]).toBe(await sha256Hex(code.replace(/-/g, "")));
      expect(hashRecoveryCode(code)).toBe(hashes[i]);
    }
    expect(generateRecoveryCodes(3).codes).toHaveLength(3);
  });

  it("accept the code however it is typed", () => {
    const { codes, hashes } = generateRecoveryCodes(1);
    const code = codes[0]!;
    expect(hashRecoveryCode(code.toLowerCase())).toBe(hashes[0]);
    expect(hashRecoveryCode(` ${code.replace(/-/g, " ")} `)).toBe(hashes[0]);
    expect(normalizeRecoveryCode("7k3f-9qzd-2m")).toBe("7K3F9QZD2M");
    expect(normalizeRecoveryCode("OIL0-0000-00")).toBe("0110000000");
  });

  it("refuse things that cannot be codes", () => {
    expect(hashRecoveryCode("")).toBeNull();
    expect(hashRecoveryCode("7K3F-9QZD")).toBeNull();
    expect(hashRecoveryCode("7K3F-9QZD-2MX")).toBeNull();
    expect(hashRecoveryCode("7K3F-9QZD-2U")).toBeNull(); // U is not in Crockford's alphabet
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP, generateTOTP } from "@oslojs/otp";
import { createTotpSecret, formatSecretForHumans, totpStep, totpUri, verifyTotpCode } from "../../../src/auth/totp.ts";

/** A code as an authenticator app with its clock at `atMs` would show it. */
function codeAt(secret: Uint8Array, atMs: number): string {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(atMs);
  try {
    return generateTOTP(secret, 30, 6);
  } finally {
    vi.useRealTimers();
  }
}

afterEach(() => vi.useRealTimers());

// Mid-step, so ±30 s lands squarely in the neighbouring steps.
const NOW = Date.UTC(2026, 10, 25, 12, 0, 15);
const STEP = Math.floor(NOW / 30_000);

describe("verifyTotpCode", () => {
  const secret = createTotpSecret();

  it("accepts the current code and returns its step", () => {
    expect(verifyTotpCode(secret, codeAt(secret, NOW), NOW)).toBe(STEP);
    expect(totpStep(NOW)).toBe(STEP);
  });

  it("accepts one step of clock drift either way and reports which step matched", () => {
    expect(verifyTotpCode(secret, codeAt(secret, NOW - 30_000), NOW)).toBe(STEP - 1);
    expect(verifyTotpCode(secret, codeAt(secret, NOW + 30_000), NOW)).toBe(STEP + 1);
  });

  it("rejects codes 90 s away", () => {
    const early = codeAt(secret, NOW - 90_000);
    const late = codeAt(secret, NOW + 90_000);
    // Guard against the 1-in-a-million case of a far code equal to a near one.
    const near = [-1, 0, 1].map((d) => generateHOTP(secret, BigInt(STEP + d), 6));
    if (!near.includes(early)) expect(verifyTotpCode(secret, early, NOW)).toBeNull();
    if (!near.includes(late)) expect(verifyTotpCode(secret, late, NOW)).toBeNull();
  });

  it("rejects another secret's code", () => {
    const other = createTotpSecret();
    const code = codeAt(other, NOW);
    const near = [-1, 0, 1].map((d) => generateHOTP(secret, BigInt(STEP + d), 6));
    if (!near.includes(code)) expect(verifyTotpCode(secret, code, NOW)).toBeNull();
  });

  it("rejects anything but six digits, and ignores the space apps display", () => {
    const code = codeAt(secret, NOW);
    expect(verifyTotpCode(secret, `${code.slice(0, 3)} ${code.slice(3)}`, NOW)).toBe(STEP);
    for (const bad of ["", code.slice(0, 5), `${code}0`, `${code.slice(0, 5)}a`, "12a456", "１２３４５６", `-${code.slice(1)}`, `${code}\n`]) {
      expect(verifyTotpCode(secret, bad, NOW)).toBeNull();
    }
  });

  it("refuses a replay once its step is recorded, but takes the next code", () => {
    const code = codeAt(secret, NOW);
    const used = verifyTotpCode(secret, code, NOW);
    expect(used).toBe(STEP);
    expect(verifyTotpCode(secret, code, NOW, used)).toBeNull();
    expect(verifyTotpCode(secret, code, NOW + 20_000, used)).toBeNull();
    // An older code (one step back) is refused too, not just the same one.
    expect(verifyTotpCode(secret, codeAt(secret, NOW - 30_000), NOW, used)).toBeNull();
    expect(verifyTotpCode(secret, codeAt(secret, NOW + 30_000), NOW + 30_000, used)).toBe(STEP + 1);
  });

  it("works with the real clock by default", () => {
    expect(verifyTotpCode(secret, generateTOTP(secret, 30, 6))).toBeTypeOf("number");
  });
});

describe("TOTP setup", () => {
  it("makes 160-bit secrets that differ", () => {
    const a = createTotpSecret();
    expect(a).toHaveLength(20);
    expect(a).not.toEqual(createTotpSecret());
  });

  it("builds an otpauth URI an authenticator app reads back to the same secret", () => {
    const secret = createTotpSecret();
    const uri = new URL(totpUri(secret, "ana@example.org"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Chapter Member Portal:ana@example.org");
    expect(uri.searchParams.get("issuer")).toBe("Chapter Member Portal");
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(uri.searchParams.get("period")).toBe("30");
    expect(uri.searchParams.get("algorithm")).toBe("SHA1");
    expect(decodeBase32IgnorePadding(uri.searchParams.get("secret")!)).toEqual(secret);
  });

  it("formats the secret for typing in groups of four", () => {
    const secret = createTotpSecret();
    const human = formatSecretForHumans(secret);
    expect(human).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/);
    expect(decodeBase32IgnorePadding(human.replace(/ /g, ""))).toEqual(secret);
  });
});

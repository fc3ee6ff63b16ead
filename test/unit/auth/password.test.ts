import { scryptSync } from "node:crypto";
import { encodeBase64NoPadding } from "@oslojs/encoding";
import { afterEach, describe, expect, it } from "vitest";
import {
  hashPassword,
  MalformedPasswordHashError,
  scryptParams,
  TEST_SCRYPT_PARAMS,
  useTestPasswordCost,
  verifyDummyPassword,
  verifyPassword,
} from "../../../src/auth/password.ts";
import { loadConfig } from "../../../src/config.ts";

const PEPPER = "test-pepper-0123456789abcdef0123456789abcdef";
const FORMAT = /^scrypt\$N=8192,r=8,p=10\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/;

// The production parameters are exercised by the first test and the config test
// below; the rest run at the cheap test cost, like the rest of the suite.
useTestPasswordCost(true);
afterEach(() => useTestPasswordCost(true));

describe("hashPassword / verifyPassword", () => {
  it("stores a self-describing scrypt hash with today's parameters and verifies the right password", async () => {
    useTestPasswordCost(false);
    const started = performance.now();
    const stored = await hashPassword("correct horse battery staple", PEPPER);
    const elapsed = performance.now() - started;
    console.log(`hashPassword (scrypt N=8192 r=8 p=10): ${elapsed.toFixed(1)} ms`);

    expect(stored).toMatch(FORMAT);
    expect(await verifyPassword(stored, "correct horse battery staple", PEPPER)).toEqual({ ok: true, needsRehash: false });
  });

  it("rejects a wrong password, a wrong pepper and a near miss", async () => {
    const stored = await hashPassword("correct horse battery staple", PEPPER);
    expect((await verifyPassword(stored, "correct horse battery stapl", PEPPER)).ok).toBe(false);
    expect((await verifyPassword(stored, "Correct horse battery staple", PEPPER)).ok).toBe(false);
    expect((await verifyPassword(stored, "correct horse battery staple", PEPPER + "x")).ok).toBe(false);
  });

  it("salts each hash, so the same password hashes differently", async () => {
    const a = await hashPassword("same password twice", PEPPER);
    const b = await hashPassword("same password twice", PEPPER);
    expect(a).not.toBe(b);
    expect(a.split("$")[2]).not.toBe(b.split("$")[2]);
  });

  it("treats NFC and NFD spellings of the same password as equal", async () => {
    const composed = "caf\u00e9 con leche 2024";
    const decomposed = "cafe\u0301 con leche 2024";
    expect(composed).not.toBe(decomposed);
    const stored = await hashPassword(composed, PEPPER);
    expect((await verifyPassword(stored, decomposed, PEPPER)).ok).toBe(true);
  });

  it("accepts a hash made with weaker parameters and asks for a rehash", async () => {
    // Built independently (node:crypto + WebCrypto HMAC), which also pins the
    // pepper construction: HMAC-SHA256(key = pepper, message = password).
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const hmacKey = await crypto.subtle.importKey("raw", new TextEncoder().encode(PEPPER), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const peppered = new Uint8Array(await crypto.subtle.sign("HMAC", hmacKey, new TextEncoder().encode("upgrade me please")));
    const key = scryptSync(peppered, salt, 32, { N: 1024, r: 8, p: 1 });
    const weak = `scrypt$N=1024,r=8,p=1$${encodeBase64NoPadding(salt)}$${encodeBase64NoPadding(new Uint8Array(key))}`;

    expect(await verifyPassword(weak, "upgrade me please", PEPPER)).toEqual({ ok: true, needsRehash: true });
    // A failed login gives no rehash advice.
    expect(await verifyPassword(weak, "upgrade me later", PEPPER)).toEqual({ ok: false, needsRehash: false });
  });

  it("throws on a stored value it did not write", async () => {
    await expect(verifyPassword("plaintext-password", "x", PEPPER)).rejects.toBeInstanceOf(MalformedPasswordHashError);
    await expect(verifyPassword("scrypt$N=1000,r=8,p=10$zzoNchmMVwF1vlRprBqPrw$P4RWaAMfpRpZwoqwrG8tR5QO6ffkqi8jXlSqSdl1ZIw", "x", PEPPER)).rejects.toBeInstanceOf(MalformedPasswordHashError);
    await expect(verifyPassword("scrypt$N=4194304,r=8,p=10$zzoNchmMVwF1vlRprBqPrw$P4RWaAMfpRpZwoqwrG8tR5QO6ffkqi8jXlSqSdl1ZIw", "x", PEPPER)).rejects.toBeInstanceOf(MalformedPasswordHashError);
  });
});

describe("verifyDummyPassword", () => {
  it("never succeeds and costs about as much as a real verification", async () => {
    const stored = await hashPassword("a real member password", PEPPER);
    let real = 0;
    let dummy = 0;
    for (let i = 0; i < 3; i++) {
      let t = performance.now();
      await verifyPassword(stored, "a guess", PEPPER);
      real += performance.now() - t;
      t = performance.now();
      expect(await verifyDummyPassword("a guess", PEPPER)).toEqual({ ok: false, needsRehash: false });
      dummy += performance.now() - t;
    }
    console.log(`verifyPassword ×3: ${real.toFixed(1)} ms; verifyDummyPassword ×3: ${dummy.toFixed(1)} ms`);
    // Same scrypt work either way; wide bounds keep a busy CI machine from flaking.
    expect(dummy).toBeGreaterThan(real / 3);
    expect(dummy).toBeLessThan(real * 3);
  });
});

describe("the hashing cost under APP_ENV=test", () => {
  const env = (APP_ENV: string) => ({
    APP_ENV,
    PUBLIC_URL: "https://portal.example.org",
    DATABASE_URL: "postgres://u:p@db.example.org/portal",
    PASSWORD_PEPPER: PEPPER,
    TOTP_ENCRYPTION_KEY: "0f".repeat(32),
    STRIPE_SECRET_KEY: "sk_test_unit",
    STRIPE_WEBHOOK_SECRET: "whsec_unit",
    CERTIFICATE_SIGNING_KEY: JSON.stringify({ kty: "OKP", crv: "Ed25519", x: "u".repeat(43), d: "u".repeat(43), kid: "unit" }),
    EMAIL_API_URL: "https://mail.example.org/send",
    EMAIL_API_KEY: "key",
  });

  it("is cheap only when the Worker's config says test, and hashes made then still verify in production", async () => {
    loadConfig(env("test"));
    expect(scryptParams()).toEqual(TEST_SCRYPT_PARAMS);
    const cheap = await hashPassword("a test member password", PEPPER);
    expect(cheap).toMatch(/^scrypt\$N=1024,r=8,p=2\$/);
    // A test-cost hash met under today's parameters is weaker: right password, rehash asked.
    loadConfig(env("production"));
    expect(scryptParams()).toEqual({ N: 8192, r: 8, p: 10 });
    expect(await hashPassword("a real member password", PEPPER)).toMatch(FORMAT);
    expect(await verifyPassword(cheap, "a test member password", PEPPER)).toEqual({ ok: true, needsRehash: true });
    loadConfig(env("development"));
    expect(scryptParams()).toEqual({ N: 8192, r: 8, p: 10 });
  });
});

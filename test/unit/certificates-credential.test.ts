import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newCertificateKey } from "../../scripts/certificate-key.ts";
import { DEV_CERTIFICATE_SIGNING_KEY, DEV_CERTIFICATE_SIGNING_KEY_JSON } from "../../scripts/lib/dev-certificate-key.ts";
import { loadConfig } from "../../src/config.ts";
import { buildCredential, hoursFromMinutes, issuerProfile, keyUrl } from "../../src/features/certificates/credential.ts";
import { signingKeySchema, type SigningJwk } from "../../src/features/certificates/signing-key.ts";
import { publicJwk, signCredential, verifyCredentialJwt } from "../../src/features/certificates/signing.ts";
import { verifySubmitted } from "../../src/features/certificates/verify.ts";
import type { Certificate } from "../../src/db/schema/learning.ts";

const URL_ = "https://portal.example.org";
const KEY: SigningJwk = { ...DEV_CERTIFICATE_SIGNING_KEY };
const CERT_ID = "cabcdefghijklmnopqrstuvwx";

const credential = () =>
  buildCredential({
    publicUrl: URL_,
    certificateId: CERT_ID,
    courseId: "czzzzzzzzzzzzzzzzzzzzzzzz",
    courseTitle: "Prevailing Wage Basics",
    courseDescription: "Certified payroll and prevailing wage on public works.",
    objectives: ["File certified payroll", "Classify workers"],
    recipientName: "Maria Martinez",
    hours: "1.50",
    completedAt: new Date("2026-03-01T16:59:12.345Z"),
    issuedAt: new Date("2026-03-01T17:00:00Z"),
  });

const b64 = (s: string) => Buffer.from(s, "base64url");

/** Re-encodes a JWT's payload after `change`, keeping the header and the original signature. */
function tamper(jwt: string, change: (payload: Record<string, unknown>) => void): string {
  const [h, p, s] = jwt.split(".");
  const payload = JSON.parse(b64(p!).toString("utf8")) as Record<string, unknown>;
  change(payload);
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${s}`;
}

describe("the certificate credential", () => {
  it("is an Open Badges 3.0 credential on the VC 2.0 data model, issued by the chapter's profile", () => {
    const c = credential();
    expect(c["@context"]).toEqual(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]);
    expect(c.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(c.id).toBe(`${URL_}/certificates/${CERT_ID}`);
    expect(c.issuer.id).toBe(`${URL_}/issuer`);
    expect(issuerProfile(URL_).id).toBe(c.issuer.id);
    expect(c.validFrom).toBe("2026-03-01T17:00:00Z");
    expect(c.credentialSubject.achievement).toMatchObject({
      id: `${URL_}/courses/czzzzzzzzzzzzzzzzzzzzzzzz`,
      name: "Prevailing Wage Basics",
      creditsAvailable: 1.5,
      criteria: { narrative: expect.stringContaining("File certified payroll") },
    });
    expect(c.credentialSubject.creditsEarned).toBe(1.5);
    expect(c.credentialSubject.identifier[0]).toMatchObject({ identityHash: "Maria Martinez", identityType: "name" });
    expect(c.credentialStatus.id).toBe(`${URL_}/certificates/${CERT_ID}/status`);
  });

  it("counts hours from the course's minutes", () => {
    expect(hoursFromMinutes(90)).toBe("1.50");
    expect(hoursFromMinutes(null)).toBe("0.00");
    expect(hoursFromMinutes(20)).toBe("0.33");
  });
});

describe("signing and verifying a VC-JWT", () => {
  it("round-trips: the signed credential verifies and names its certificate", async () => {
    const jwt = await signCredential(credential(), KEY);
    const header = JSON.parse(b64(jwt.split(".")[0]!).toString("utf8"));
    expect(header).toEqual({ alg: "EdDSA", typ: "vc+jwt", kid: `${URL_}/issuer/jwks.json#${KEY.kid}` });
    const result = await verifyCredentialJwt(jwt, [publicJwk(KEY, URL_)], URL_);
    expect(result).toMatchObject({ ok: true, certificateId: CERT_ID, kid: keyUrl(URL_, KEY.kid) });
    if (result.ok) expect(result.credential).toEqual({ ...credential(), iss: `${URL_}/issuer`, nbf: Date.parse("2026-03-01T17:00:00Z") / 1000, jti: credential().id });
  });

  it("carries the registered JWT claims a plain JWT library reads: iss, nbf, jti (no sub: the subject has no id)", async () => {
    const jwt = await signCredential(credential(), KEY);
    const payload = JSON.parse(b64(jwt.split(".")[1]!).toString("utf8"));
    expect(payload).toMatchObject({ iss: `${URL_}/issuer`, nbf: 1772384400, jti: `${URL_}/certificates/${CERT_ID}` });
    expect(payload).not.toHaveProperty("sub");
  });

  it("still verifies a credential signed before the key id became a URL (a bare kid)", async () => {
    const [, p] = (await signCredential(credential(), KEY)).split(".");
    const head = Buffer.from(JSON.stringify({ alg: "EdDSA", typ: "vc+jwt", kid: KEY.kid })).toString("base64url");
    const signature = nodeSign(null, Buffer.from(`${head}.${p}`), createPrivateKey({ key: { ...KEY }, format: "jwk" })).toString("base64url");
    expect(await verifyCredentialJwt(`${head}.${p}.${signature}`, [publicJwk(KEY, URL_)], URL_)).toMatchObject({ ok: true, certificateId: CERT_ID });
  });

  it("verifies with Node's own Ed25519, independently of jose", async () => {
    const jwt = await signCredential(credential(), KEY);
    const [h, p, s] = jwt.split(".");
    const key = createPublicKey({ key: { ...publicJwk(KEY, URL_) }, format: "jwk" });
    expect(nodeVerify(null, Buffer.from(`${h}.${p}`), key, b64(s!))).toBe(true);
    expect(nodeVerify(null, Buffer.from(`${h}.${p}x`), key, b64(s!))).toBe(false);
  });

  it("refuses a credential whose content was changed after signing", async () => {
    const jwt = await signCredential(credential(), KEY);
    const forged = tamper(jwt, (p) => {
      (p.credentialSubject as { creditsEarned: number }).creditsEarned = 40;
    });
    expect(await verifyCredentialJwt(forged, [publicJwk(KEY, URL_)], URL_)).toMatchObject({ ok: false, failure: "bad-signature" });
  });

  it("refuses one signed by another key, even under our key id", async () => {
    const other = generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" });
    const imposter: SigningJwk = { kty: "OKP", crv: "Ed25519", x: other.x!, d: other.d!, kid: KEY.kid };
    const jwt = await signCredential(credential(), imposter);
    expect(await verifyCredentialJwt(jwt, [publicJwk(KEY, URL_)], URL_)).toMatchObject({ ok: false, failure: "bad-signature" });
    const unknown = await signCredential(credential(), { ...imposter, kid: "someone-else" });
    expect(await verifyCredentialJwt(unknown, [publicJwk(KEY, URL_)], URL_)).toMatchObject({ ok: false, failure: "unknown-key" });
  });

  it("names what is wrong with hostile input: junk, another algorithm, too big, another issuer", async () => {
    const keys = [publicJwk(KEY, URL_)];
    expect(await verifyCredentialJwt("hello", keys, URL_)).toMatchObject({ failure: "not-a-jwt" });
    expect(await verifyCredentialJwt("a.b.c", keys, URL_)).toMatchObject({ failure: "not-a-jwt" });
    expect(await verifyCredentialJwt("x".repeat(20_000), keys, URL_)).toMatchObject({ failure: "too-large" });
    const jwt = await signCredential(credential(), KEY);
    const [, p] = jwt.split(".");
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "vc+jwt", kid: KEY.kid })).toString("base64url")}.${p}.`;
    expect(await verifyCredentialJwt(none, keys, URL_)).toMatchObject({ failure: "not-a-jwt" });
    const hs = `${Buffer.from(JSON.stringify({ alg: "HS256", typ: "vc+jwt", kid: KEY.kid })).toString("base64url")}.${p}.c2ln`;
    expect(await verifyCredentialJwt(hs, keys, URL_)).toMatchObject({ failure: "wrong-alg" });
    expect(await verifyCredentialJwt(jwt, keys, "https://elsewhere.example.org")).toMatchObject({ failure: "wrong-issuer" });
  });
});

describe("CERTIFICATE_SIGNING_KEY", () => {
  it("reads a private Ed25519 JWK and refuses anything else, naming what is wrong", () => {
    expect(signingKeySchema.safeParse(JSON.stringify(KEY)).success).toBe(true);
    expect(signingKeySchema.safeParse("not json").error?.issues[0]?.message).toMatch(/JSON Web Key/);
    const rsa = signingKeySchema.safeParse(JSON.stringify({ ...KEY, kty: "RSA" }));
    expect(rsa.error?.issues[0]?.message).toMatch(/Ed25519/);
    const publicOnly = signingKeySchema.safeParse(JSON.stringify({ ...KEY, d: undefined }));
    expect(publicOnly.success).toBe(false);
  });
});

describe("scripts/certificate-key.ts", () => {
  it("makes a fresh key with a dated key id that signs credentials the public half verifies", async () => {
    const key = newCertificateKey(new Date("2027-01-05T00:00:00Z"));
    expect(key.kid).toMatch(/^2027-01-05-[\w-]{12}$/);
    expect(key.x).not.toBe(KEY.x);
    const jwt = await signCredential(credential(), key);
    expect(await verifyCredentialJwt(jwt, [publicJwk(key, URL_)], URL_)).toMatchObject({ ok: true, kid: keyUrl(URL_, key.kid) });
    expect(await verifyCredentialJwt(jwt, [publicJwk(KEY, URL_)], URL_)).toMatchObject({ ok: false, failure: "unknown-key" });
  });
});

describe("the development key in production", () => {
  const env = (APP_ENV: string, key: string) => ({
    APP_ENV,
    PUBLIC_URL: "https://portal.example.org",
    DATABASE_URL: "postgres://u:p@db.example.org/portal",
    PASSWORD_PEPPER: "test-pepper-0123456789abcdef0123456789abcdef",
    TOTP_ENCRYPTION_KEY: "0f".repeat(32),
    STRIPE_SECRET_KEY: "sk_test_unit",
    STRIPE_WEBHOOK_SECRET: "whsec_unit",
    EMAIL_API_URL: "https://mail.example.org/send",
    EMAIL_API_KEY: "key",
    CERTIFICATE_SIGNING_KEY: key,
  });

  it("is refused when APP_ENV is production, and a real key is taken", () => {
    expect(() => loadConfig(env("production", DEV_CERTIFICATE_SIGNING_KEY_JSON))).toThrow(/CERTIFICATE_SIGNING_KEY is the published development key/);
    expect(loadConfig(env("production", JSON.stringify(newCertificateKey()))).CERTIFICATE_SIGNING_KEY.kty).toBe("OKP");
    expect(() => loadConfig({ ...env("production", ""), CERTIFICATE_SIGNING_KEY: undefined })).toThrow(/CERTIFICATE_SIGNING_KEY is required/);
  });
});

describe("a key rotation", () => {
  it("keeps certificates signed with a retired key verifying while its public half is listed in CERTIFICATE_PREVIOUS_KEYS", async () => {
    const { issuerKeys } = await import("../../src/features/certificates/verify.ts");
    const retired = newCertificateKey(new Date("2026-01-01T00:00:00Z"));
    const current = newCertificateKey(new Date("2027-01-01T00:00:00Z"));
    const oldJwt = await signCredential(credential(), retired);
    const base = {
      APP_ENV: "test",
      PUBLIC_URL: URL_,
      DATABASE_URL: "postgres://u:p@db.example.org/portal",
      PASSWORD_PEPPER: "test-pepper-0123456789abcdef0123456789abcdef",
      TOTP_ENCRYPTION_KEY: "0f".repeat(32),
      STRIPE_SECRET_KEY: "sk_test_unit",
      STRIPE_WEBHOOK_SECRET: "whsec_unit",
      CERTIFICATE_SIGNING_KEY: JSON.stringify(current),
    };
    const without = loadConfig({ ...base });
    expect(await verifyCredentialJwt(oldJwt, issuerKeys(without), URL_)).toMatchObject({ ok: false, failure: "unknown-key" });
    const { d: _private, ...retiredPublic } = retired;
    const withRetired = loadConfig({ ...base, CERTIFICATE_PREVIOUS_KEYS: JSON.stringify([retiredPublic]) });
    expect(issuerKeys(withRetired).map((k) => k.kid)).toEqual([keyUrl(URL_, current.kid), keyUrl(URL_, retired.kid)]);
    expect(await verifyCredentialJwt(oldJwt, issuerKeys(withRetired), URL_)).toMatchObject({ ok: true, kid: keyUrl(URL_, retired.kid) });
    expect(() => loadConfig({ ...base, CERTIFICATE_PREVIOUS_KEYS: "[{}]" })).toThrow(/CERTIFICATE_PREVIOUS_KEYS/);
  });
});

describe("the verifier (verifySubmitted) over a stub record", () => {
  const config = loadConfig({
    APP_ENV: "test",
    PUBLIC_URL: URL_,
    DATABASE_URL: "postgres://u:p@db.example.org/portal",
    PASSWORD_PEPPER: "test-pepper-0123456789abcdef0123456789abcdef",
    TOTP_ENCRYPTION_KEY: "0f".repeat(32),
    STRIPE_SECRET_KEY: "sk_test_unit",
    STRIPE_WEBHOOK_SECRET: "whsec_unit",
    CERTIFICATE_SIGNING_KEY: DEV_CERTIFICATE_SIGNING_KEY_JSON,
  });
  const record = async (change: Partial<Certificate> = {}): Promise<Certificate> => ({
    id: CERT_ID,
    enrollmentId: "cenrollmentenrollmentenro",
    userId: "cuseruseruseruseruseruser",
    courseId: "czzzzzzzzzzzzzzzzzzzzzzzz",
    recipientName: "Maria Martinez",
    courseTitle: "Prevailing Wage Basics",
    hours: "1.50",
    credential: await signCredential(credential(), KEY),
    issuedAt: new Date("2026-03-01T17:00:00Z"),
    revokedAt: null,
    revokedReason: null,
    revokedById: null,
    ...change,
  });

  it("says valid for a good credential on an unrevoked record, and revoked (with the date) once the record is revoked", async () => {
    const good = await record();
    const lookups: string[] = [];
    const lookup = async (id: string) => {
      lookups.push(id);
      return good;
    };
    const valid = await verifySubmitted(lookup, config, good.credential);
    expect(lookups).toEqual([CERT_ID]);
    expect(valid).toMatchObject({ ok: true, state: "valid", facts: { recipientName: "Maria Martinez", hours: "1.50" } });
    const revokedAt = new Date("2026-06-01T12:00:00Z");
    const revoked = await verifySubmitted(async () => ({ ...good, revokedAt, revokedReason: "issued in error" }), config, good.credential);
    expect(revoked).toMatchObject({ ok: true, state: "revoked", revokedAt });
  });

  it("refuses a credential whose record is gone or no longer says what was signed", async () => {
    const good = await record();
    expect(await verifySubmitted(async () => null, config, good.credential)).toMatchObject({ ok: false, message: expect.stringContaining("no record") });
    const edited = await verifySubmitted(async () => ({ ...good, recipientName: "Someone Else", hours: "40.00" }), config, good.credential);
    expect(edited).toMatchObject({ ok: false, message: expect.stringContaining("does not match its signed record: the member's name, hours") });
  });
});

// The public side: the issuer's profile and key, a certificate's page (checked afresh on every
// view: valid, revoked, or a stored credential that no longer verifies), its downloads and
// status, and the verifier for pasted or uploaded credentials, hostile input included.
import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { CompactSign, createLocalJWKSet, importJWK, jwtVerify, type JSONWebKeySet } from "jose";
import { describe, expect, it } from "vitest";
import { certificates } from "../../src/db/schema/index.ts";
import type { OpenBadgeCredential } from "../../src/features/certificates/credential.ts";
import { get, ORIGIN, postForm } from "../helpers/http.ts";
import { useTestDb } from "../helpers/db.ts";
import { config, issuedCertificate } from "./certificates-fixtures.ts";

const db = useTestDb();

function b64json(part: string) {
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0))));
}
function encode(value: unknown) {
  return btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
/** The same JWT with a changed payload and the original signature. */
function tampered(jwt: string, change: (payload: OpenBadgeCredential) => void) {
  const [h, p, s] = jwt.split(".");
  const payload = b64json(p!);
  change(payload);
  return `${h}.${encode(payload)}.${s}`;
}
const verify = (credential: string) => postForm("/certificates/verify", { credential });

describe("the issuer", () => {
  it("publishes its Open Badges profile and its public key, cacheable and without the private part", async () => {
    const profile = await get("/issuer");
    expect(profile.headers.get("content-type")).toContain("application/json");
    expect(profile.headers.get("cache-control")).toContain("max-age");
    expect(await profile.json()).toMatchObject({ id: `${ORIGIN}/issuer`, type: ["Profile"] });
    const jwks = await get("/issuer/jwks.json");
    expect(jwks.headers.get("cache-control")).toContain("public");
    const body = (await jwks.json()) as { keys: Array<Record<string, string>> };
    const key = config().CERTIFICATE_SIGNING_KEY;
    expect(body.keys).toEqual([{ kty: "OKP", crv: "Ed25519", x: key.x, kid: `${ORIGIN}/issuer/jwks.json#${key.kid}`, alg: "EdDSA", use: "sig" }]);
    expect(JSON.stringify(body)).not.toContain(key.d);
  });

  it("signs credentials that jose verifies against the published key set, and jose refuses a changed copy", async () => {
    const cert = await issuedCertificate(db, { firstName: "Nayeli", lastName: "Soto", title: "Fall Protection", minutes: 240 });
    const jwks = createLocalJWKSet((await (await get("/issuer/jwks.json")).json()) as JSONWebKeySet);
    const { payload, protectedHeader } = await jwtVerify(cert.credential, jwks, { typ: "vc+jwt", algorithms: ["EdDSA"], issuer: `${ORIGIN}/issuer` });
    expect(protectedHeader.kid).toBe(`${ORIGIN}/issuer/jwks.json#${config().CERTIFICATE_SIGNING_KEY.kid}`);
    expect(payload).toMatchObject({ iss: `${ORIGIN}/issuer`, jti: `${ORIGIN}/certificates/${cert.id}`, nbf: cert.issuedAt.getTime() / 1000 });
    expect((payload as unknown as OpenBadgeCredential).credentialSubject.identifier[0]!.identityHash).toBe("Nayeli Soto");
    const forged = tampered(cert.credential, (p) => {
      p.credentialSubject.creditsEarned = 40;
    });
    await expect(jwtVerify(forged, jwks, { typ: "vc+jwt", algorithms: ["EdDSA"] })).rejects.toMatchObject({ code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
  });
});

describe("GET /certificates/:id", () => {
  it("shows the member, course, date, hours and that it verifies, to anyone", async () => {
    const cert = await issuedCertificate(db, { firstName: "Rocio", lastName: "Valdez", title: "Lead-Safe Work Practices", minutes: 480 });
    const res = await get(`/certificates/${cert.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Rocio Valdez");
    expect(html).toContain("Lead-Safe Work Practices");
    expect(html).toContain("8 hours");
    expect(html).toMatch(/cert-status valid/);
    expect(html).toContain('href="/certificates/certificate.css"');
    expect(res.headers.get("cache-control")).toContain("no-cache");
  });

  it("says revoked, with the date, once the certificate is revoked", async () => {
    const cert = await issuedCertificate(db);
    await db.update(certificates).set({ revokedAt: new Date("2026-05-04T20:00:00Z"), revokedReason: "issued in error" }).where(eq(certificates.id, cert.id));
    const html = await (await get(`/certificates/${cert.id}`)).text();
    expect(html).toContain("Revoked on May 4, 2026");
    expect(html).not.toContain("cert-status valid");
    expect(html).not.toContain("issued in error");
  });

  it("shows what the credential signs, and says it does not match its signed record when the row was edited afterwards", async () => {
    const cert = await issuedCertificate(db, { firstName: "Rocio", lastName: "Valdez", title: "Lead-Safe Work Practices", minutes: 480 });
    await db.update(certificates).set({ recipientName: "Someone Else", hours: "40.00" }).where(eq(certificates.id, cert.id));
    const html = await (await get(`/certificates/${cert.id}`)).text();
    expect(html).toContain("does not match its signed record: the member&#39;s name, hours");
    expect(html).not.toContain("cert-status valid");
    expect(html).toContain("Rocio Valdez");
    expect(html).toContain("8 hours");
    expect(html).not.toContain("Someone Else");
    expect(html).not.toContain("40 hours");

    const verdict = await verify(cert.credential);
    expect(verdict.status).toBe(422);
    const page = await verdict.text();
    expect(page).toContain("does not match its signed record");
    expect(page).not.toContain("Verified: a valid certificate");
  });

  it("says it could not be verified when the stored credential's signature fails", async () => {
    const cert = await issuedCertificate(db);
    const forged = tampered(cert.credential, (p) => {
      p.credentialSubject.creditsEarned = 99;
    });
    await db.update(certificates).set({ credential: forged }).where(eq(certificates.id, cert.id));
    const html = await (await get(`/certificates/${cert.id}`)).text();
    expect(html).toContain("Could not be verified");
    expect(html).not.toContain("cert-status valid");
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expect((await get("/certificates/czzzzzzzzzzzzzzzzzzzzzzzz")).status).toBe(404);
    expect((await get("/certificates/1' or '1'='1")).status).toBe(404);
  });

  it("serves the print stylesheet with a one-page print layout", async () => {
    const res = await get("/certificates/certificate.css");
    expect(res.headers.get("content-type")).toContain("text/css");
    const css = await res.text();
    expect(css).toContain("@media print");
    expect(css).toContain("@page");
  });
});

describe("the certificate's credential and status", () => {
  it("downloads the signed credential as a .jwt attachment and its content as JSON", async () => {
    const cert = await issuedCertificate(db);
    const jwt = await get(`/certificates/${cert.id}/credential.jwt`);
    expect(jwt.headers.get("content-type")).toBe("application/vc+jwt");
    expect(jwt.headers.get("content-disposition")).toBe(`attachment; filename="certificate-${cert.id}.jwt"`);
    expect(new TextDecoder().decode(await jwt.arrayBuffer())).toBe(cert.credential);
    const json = (await (await get(`/certificates/${cert.id}/credential.json`)).json()) as Record<string, unknown>;
    expect(json).toMatchObject({ id: `${ORIGIN}/certificates/${cert.id}`, type: ["VerifiableCredential", "OpenBadgeCredential"] });
  });

  it("lists the credential in its status list only once revoked", async () => {
    const cert = await issuedCertificate(db);
    const before = (await (await get(`/certificates/${cert.id}/status`)).json()) as { revokedCredentials: unknown[] };
    expect(before.revokedCredentials).toEqual([]);
    await db.update(certificates).set({ revokedAt: new Date() }).where(eq(certificates.id, cert.id));
    const after = (await (await get(`/certificates/${cert.id}/status`)).json()) as { revokedCredentials: Array<{ id: string; revoked: boolean }> };
    expect(after.revokedCredentials).toMatchObject([{ id: `${ORIGIN}/certificates/${cert.id}`, revoked: true }]);
  });
});

describe("POST /certificates/verify", () => {
  it("shows the form to anyone", async () => {
    const res = await get("/certificates/verify");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('enctype="multipart/form-data"');
  });

  it("verifies a pasted credential and shows what it certifies", async () => {
    const cert = await issuedCertificate(db, { firstName: "Imelda", lastName: "Cruz", title: "OSHA 10 Refresher" });
    const res = await verify(cert.credential);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Verified: a valid certificate");
    expect(html).toContain("Imelda Cruz");
    expect(html).toContain("OSHA 10 Refresher");
  });

  it("verifies an uploaded .jwt file", async () => {
    const cert = await issuedCertificate(db);
    const form = new FormData();
    form.set("credential", "");
    form.set("file", new File([cert.credential], "certificate.jwt", { type: "application/vc+jwt" }));
    const res = await exports.default.fetch(new Request(`${ORIGIN}/certificates/verify`, { method: "POST", body: form, headers: { origin: ORIGIN } }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Verified: a valid certificate");
  });

  it("refuses a credential whose content was changed, saying so", async () => {
    const cert = await issuedCertificate(db);
    const res = await verify(tampered(cert.credential, (p) => {
      p.credentialSubject.identifier[0]!.identityHash = "Someone Else";
    }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Not verified");
    expect(html).toContain("changed after it was issued");
    expect(html).not.toContain("Someone Else");
  });

  it("reports a revoked certificate as revoked", async () => {
    const cert = await issuedCertificate(db);
    await db.update(certificates).set({ revokedAt: new Date() }).where(eq(certificates.id, cert.id));
    const html = await (await verify(cert.credential)).text();
    expect(html).toContain("Revoked: this certificate is no longer valid");
  });

  it("names the failure for junk, another algorithm and another key, and refuses an oversized body", async () => {
    const cert = await issuedCertificate(db);
    expect(await (await verify("this is not a credential")).text()).toContain("not a signed credential");

    const [, payload] = cert.credential.split(".");
    const hs = `${encode({ alg: "HS256", typ: "vc+jwt", kid: config().CERTIFICATE_SIGNING_KEY.kid })}.${payload}.c2lnbmF0dXJl`;
    expect(await (await verify(hs)).text()).toContain("not signed with EdDSA");

    const other = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
    const otherJwk = (await crypto.subtle.exportKey("jwk", (other as CryptoKeyPair).privateKey)) as JsonWebKey;
    const signed = await new CompactSign(new TextEncoder().encode(JSON.stringify(b64json(payload!))))
      .setProtectedHeader({ alg: "EdDSA", typ: "vc+jwt", kid: "a-stranger" })
      .sign(await importJWK(otherJwk as Parameters<typeof importJWK>[0], "EdDSA"));
    expect(await (await verify(signed)).text()).toContain("not signed with any of the chapter&#39;s published keys");

    const big = await verify("e".repeat(60_000));
    expect(big.status).toBe(413);
    expect(await (await verify("   ")).text()).toContain("Paste a credential");
  });
});

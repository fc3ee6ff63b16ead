// Certificates of completion, public by their own URL only: the issuer's profile and keys, one
// certificate's page (checked afresh each time), its signed credential, its revocation status,
// and a verifier for a credential someone pastes or uploads. There is no public list.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { allow } from "../../auth/rbac.ts";
import { ID } from "../../db/ids.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { readForm } from "../../lib/forms.ts";
import { CertificatePage } from "../../../templates/certificates/CertificatePage.tsx";
import { certificateCss } from "../../../templates/certificates/styles.ts";
import { VerifyPage } from "../../../templates/certificates/VerifyPage.tsx";
import { certificateUrl, issuerId, issuerProfile, statusUrl } from "./credential.ts";
import { findCertificate } from "./queries.ts";
import { MAX_CREDENTIAL_BYTES } from "./signing.ts";
import { checkStoredCertificate, issuerKeys, recordFacts, verifySubmitted } from "./verify.ts";

export const certificateRoutes = new Hono<AppEnv>();

/** The issuer's profile and keys change only when the key is rotated. */
const KEY_CACHE = "public, max-age=3600";

certificateRoutes.get("/issuer", allow.public, (c) => {
  c.header("Cache-Control", KEY_CACHE);
  return c.json(issuerProfile(c.var.config.PUBLIC_URL));
});

certificateRoutes.get("/issuer/jwks.json", allow.public, (c) => {
  c.header("Cache-Control", KEY_CACHE);
  c.header("Access-Control-Allow-Origin", "*");
  return c.json({ keys: issuerKeys(c.var.config) });
});

certificateRoutes.get("/certificates/certificate.css", allow.public, (c) => {
  return c.body(certificateCss, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=86400" });
});

// ------------------------------------------------------------------ the verifier

certificateRoutes.get("/certificates/verify", allow.public, (c) => renderPage(c, { title: "Verify a certificate", body: <VerifyPage /> }));

/** The form's body: the credential with room for multipart framing; anything bigger is refused unread. */
const VERIFY_BODY_LIMIT = 2 * MAX_CREDENTIAL_BYTES + 8 * 1024;

certificateRoutes.post(
  "/certificates/verify",
  allow.public,
  bodyLimit({
    maxSize: VERIFY_BODY_LIMIT,
    onError: (c) =>
      renderPage(c, {
        title: "Verify a certificate",
        status: 413,
        body: <VerifyPage error={`That is too large to be a certificate: credentials are under ${MAX_CREDENTIAL_BYTES / 1024} KB.`} />,
      }),
  }),
  async (c) => {
    const form = await readForm(c);
    const pasted = typeof form.raw.credential === "string" ? form.raw.credential : "";
    const file = form.raw.file instanceof File && form.raw.file.size > 0 ? form.raw.file : null;
    const shown = form.values.credential ?? "";
    const refuse = (error: string) => renderPage(c, { title: "Verify a certificate", status: 422, body: <VerifyPage value={shown} error={error} /> });
    if (file && file.size > MAX_CREDENTIAL_BYTES) return refuse(`The file is too large to be a certificate's credential (the limit is ${MAX_CREDENTIAL_BYTES / 1024} KB).`);
    const text = pasted.trim() !== "" ? pasted : file ? await file.text() : "";
    if (text.trim() === "") return refuse("Paste a credential or choose its file.");
    const db = c.var.db();
    const verdict = await verifySubmitted((id) => findCertificate(db, id), c.var.config, text);
    c.header("Cache-Control", "no-store");
    return renderPage(c, {
      title: verdict.ok ? (verdict.state === "valid" ? "Certificate verified" : "Certificate revoked") : "Certificate not verified",
      status: verdict.ok ? 200 : 422,
      body: <VerifyPage verdict={verdict} value={shown.length <= MAX_CREDENTIAL_BYTES ? shown : ""} />,
    });
  },
);

// ------------------------------------------------------------------ one certificate

certificateRoutes.get(`/certificates/${ID}`, allow.public, async (c) => {
  const certificate = await findCertificate(c.var.db(), c.req.param("id"));
  if (!certificate) return renderNotFound(c);
  const status = await checkStoredCertificate(certificate, c.var.config);
  // Revocation shows at once: every view is checked afresh.
  c.header("Cache-Control", "private, no-cache");
  return renderPage(c, {
    title: `Certificate: ${(status.facts ?? recordFacts(certificate)).courseTitle}`,
    body: <CertificatePage certificate={certificate} status={status} url={certificateUrl(c.var.config.PUBLIC_URL, certificate.id)} />,
  });
});

certificateRoutes.get(`/certificates/${ID}/credential.jwt`, allow.public, async (c) => {
  const certificate = await findCertificate(c.var.db(), c.req.param("id"));
  if (!certificate) return renderNotFound(c);
  return c.body(certificate.credential, 200, {
    // The VC-JOSE-COSE media type; as an attachment every browser saves it rather than showing it.
    "content-type": "application/vc+jwt",
    "content-disposition": `attachment; filename="certificate-${certificate.id}.jwt"`,
    "cache-control": "public, max-age=3600",
  });
});

certificateRoutes.get(`/certificates/${ID}/credential.json`, allow.public, async (c) => {
  const certificate = await findCertificate(c.var.db(), c.req.param("id"));
  if (!certificate) return renderNotFound(c);
  const payload = certificate.credential.split(".")[1] ?? "";
  const json = new TextDecoder().decode(Uint8Array.from(atob(payload.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0)));
  return c.body(json, 200, {
    "content-type": "application/json; charset=utf-8",
    "content-disposition": `inline; filename="certificate-${certificate.id}.json"`,
    "cache-control": "public, max-age=3600",
  });
});

/**
 * The credential's `credentialStatus` (1EdTech Revocation List status method): a list naming
 * this credential when it is revoked, empty when it is not.
 */
certificateRoutes.get(`/certificates/${ID}/status`, allow.public, async (c) => {
  const certificate = await findCertificate(c.var.db(), c.req.param("id"));
  if (!certificate) return renderNotFound(c);
  const url = c.var.config.PUBLIC_URL;
  c.header("Cache-Control", "no-cache");
  c.header("Access-Control-Allow-Origin", "*");
  return c.json({
    id: statusUrl(url, certificate.id),
    issuer: issuerId(url),
    revokedCredentials: certificate.revokedAt
      ? [{ id: certificateUrl(url, certificate.id), revoked: true, revokedAt: certificate.revokedAt.toISOString() }]
      : [],
  });
});

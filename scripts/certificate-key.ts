// Prints a new certificate signing key: a private Ed25519 JWK with a key id, on one line, ready
// for the CERTIFICATE_SIGNING_KEY secret. Nothing is written to disk.
//
//   node --import tsx scripts/certificate-key.ts | npx wrangler secret put CERTIFICATE_SIGNING_KEY
//
// The key id is the date and the start of the key's RFC 7638 thumbprint, so a rotated key is
// told apart from the old one in /issuer/jwks.json and in every credential's header.
import { createHash, generateKeyPairSync } from "node:crypto";
import { signingJwkSchema } from "../src/features/certificates/signing-key.ts";

export function newCertificateKey(now = new Date()) {
  const jwk = generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" });
  // RFC 7638: the required members in lexicographic order, no whitespace.
  const thumbprint = createHash("sha256").update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x })).digest("base64url");
  const kid = `${now.toISOString().slice(0, 10)}-${thumbprint.slice(0, 12)}`;
  return signingJwkSchema.parse({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d, kid });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const key = newCertificateKey();
  process.stdout.write(`${JSON.stringify(key)}\n`);
  process.stderr.write(`New certificate key ${key.kid} (public x ${key.x}). Keep the line above secret: it is the private key.\n`);
}

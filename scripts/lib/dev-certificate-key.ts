/**
 * DEVELOPMENT AND TEST ONLY — NEVER USE IN PRODUCTION.
 *
 * The fixed Ed25519 key that signs certificates in `npm run dev`, the seed and the tests, so
 * seeded certificates keep verifying across restarts. Its private half is public (it is in
 * this repository), so anything it signs proves nothing; src/config.ts refuses it when
 * APP_ENV is production. Make a real key with `npx tsx scripts/certificate-key.ts`.
 */
export const DEV_CERTIFICATE_SIGNING_KEY = {
  kty: "OKP",
  crv: "Ed25519",
  x: "2bPu1ctrvPYqrE5cprz3msptedAD-3jvW4o8-YTbprk",
  d: "j_5zBnU-Yh9ZuzJ4BIJIBrBeW3g_l_56gv4P5QwM98Y",
  kid: "dev-SYevUKe9dJ18P-qW",
} as const;

/** The key as the CERTIFICATE_SIGNING_KEY secret holds it: one line of JSON. */
export const DEV_CERTIFICATE_SIGNING_KEY_JSON = JSON.stringify(DEV_CERTIFICATE_SIGNING_KEY);

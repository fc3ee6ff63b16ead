import * as z from "zod";

/** The public half of the development key (scripts/lib/dev-certificate-key.ts), refused in production. */
export const DEV_CERTIFICATE_KEY_X = "2bPu1ctrvPYqrE5cprz3msptedAD-3jvW4o8-YTbprk";

const b64url32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "must be 32 bytes, base64url");

/** A private Ed25519 JWK with a key id, as `scripts/certificate-key.ts` prints it. */
export const signingJwkSchema = z.object({
  kty: z.literal("OKP", { message: "must be an Ed25519 key (kty OKP)" }),
  crv: z.literal("Ed25519", { message: "must be an Ed25519 key (crv Ed25519)" }),
  x: b64url32,
  d: b64url32,
  kid: z.string().regex(/^[\w.-]{1,64}$/, "must be a key id of letters, digits, '-', '_' or '.'"),
});

export type SigningJwk = z.infer<typeof signingJwkSchema>;

/** CERTIFICATE_SIGNING_KEY: one line of JSON holding the private JWK. */
export const signingKeySchema = z
  .string({ message: "is required: the private Ed25519 JWK that signs certificates (scripts/certificate-key.ts makes one)" })
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a JSON Web Key (JSON text)" });
      return z.NEVER;
    }
  })
  .pipe(signingJwkSchema);

/** A retired key's public half, still published so certificates it signed keep verifying. */
export const retiredJwkSchema = z.object({
  kty: z.literal("OKP", { message: "must hold Ed25519 keys (kty OKP)" }),
  crv: z.literal("Ed25519", { message: "must hold Ed25519 keys (crv Ed25519)" }),
  x: b64url32,
  kid: signingJwkSchema.shape.kid,
});

/** CERTIFICATE_PREVIOUS_KEYS: a JSON array of the public JWKs of keys used before (after a rotation). */
export const previousKeysSchema = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (!text) return [];
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a JSON array of public JWKs" });
      return z.NEVER;
    }
  })
  .pipe(z.array(retiredJwkSchema, { message: "must be a JSON array of public JWKs" }).max(20));

// The sign-up and sign-in forms at the route's edge. Messages are written to be
// shown beside the field; passwords are checked for policy separately
// (checkPassword needs the email and names) and are never trimmed.
import * as z from "zod";

export const EMAIL_MAX = 254;
export const NAME_MAX = 100;
export const COMPANY_MAX = 200;
/** A cap on the raw post only; the policy's 256-character limit is checked by checkPassword. */
export const PASSWORD_INPUT_MAX = 1024;

/**
 * Control characters, line/paragraph separators and bidi overrides: invisible
 * or layout-breaking in a name shown to other members, in emails and in CSV.
 * Zero-width joiners stay allowed: some scripts need them.
 */
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

function text(label: string, max: number) {
  return z
    .string({ error: `Enter your ${label}.` })
    .trim()
    .max(max, `Use at most ${max} characters for your ${label}.`)
    .refine((v) => !UNPRINTABLE.test(v), `Remove the hidden or control characters from your ${label}.`);
}

const requiredText = (label: string, max: number) =>
  text(label, max).refine((v) => v.length > 0, `Enter your ${label}.`);

/** Lower-cased and trimmed, so "Ana@Example.org " and "ana@example.org" are one account. */
export const emailField = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(EMAIL_MAX, `Use at most ${EMAIL_MAX} characters for your email address.`)
  .pipe(z.email({ error: "Enter an email address like name@example.com." }));

const newPassword = z
  .string({ error: "Choose a password." })
  .min(1, "Choose a password.")
  .max(PASSWORD_INPUT_MAX, "Use at most 256 characters.");

export const registerForm = z.object({
  firstName: requiredText("first name", NAME_MAX),
  lastName: requiredText("last name", NAME_MAX),
  email: emailField,
  company: text("company name", COMPANY_MAX).optional(),
  password: newPassword,
  confirmPassword: z.string({ error: "Type your password again." }).max(PASSWORD_INPUT_MAX, "Type your password again."),
});

export const loginForm = z.object({
  email: z
    .string({ error: "Enter your email address." })
    .trim()
    .toLowerCase()
    .min(1, "Enter your email address.")
    .max(EMAIL_MAX, "Enter the email address you registered with."),
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(PASSWORD_INPUT_MAX, "That password is longer than any password the portal accepts."),
  // `next` is read from the raw values by safeNextPath: an unsafe one is dropped, never an error.
});

export const forgotPasswordForm = z.object({ email: emailField });

/** The token is checked by the database lookup; here only its type and size. */
export const tokenField = z.string({ error: "This link is incomplete." }).max(200, "This link is not valid.");

export const resetPasswordForm = z.object({
  token: tokenField,
  password: newPassword,
  confirmPassword: z.string({ error: "Type your password again." }).max(PASSWORD_INPUT_MAX, "Type your password again."),
});

export const verifyEmailForm = z.object({ token: tokenField });

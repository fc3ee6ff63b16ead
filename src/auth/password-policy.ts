/**
 * What the portal accepts as a new password, following NIST SP 800-63B: a length
 * floor and a few context checks rather than composition rules, which push people
 * towards `Password1!`. Pure and I/O-free so a form can re-render with the message.
 */

export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase; the cap only keeps a hostile form post small. */
export const PASSWORD_MAX_LENGTH = 256;

/**
 * NFKC so the same password typed on two keyboards (composed vs decomposed
 * accents, full-width digits on a phone IME) hashes the same. password.ts applies
 * it before hashing; the policy applies it before counting.
 */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

export interface PasswordContext {
  email: string;
  firstName?: string | null;
  lastName?: string | null;
}

/** Returns a message to show beside the field, or null when the password is acceptable. */
export function checkPassword(password: string, context: PasswordContext): string | null {
  const normalized = normalizePassword(password);
  // Code points, not UTF-16 units: an emoji is one character to the person typing it.
  const characters = Array.from(normalized);

  if (characters.length < PASSWORD_MIN_LENGTH) {
    return `Use at least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong, memorable password.`;
  }
  if (characters.length > PASSWORD_MAX_LENGTH) {
    return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  }
  if (characters.every((c) => c === characters[0])) {
    return "Don't use one character repeated.";
  }

  const lower = normalized.toLowerCase();
  const email = normalizePassword(context.email).trim().toLowerCase();
  if (email && lower.includes(email)) {
    return "Don't use your email address in your password.";
  }
  const localPart = email.split("@")[0] ?? "";
  if (Array.from(localPart).length >= 4 && lower.includes(localPart)) {
    return "Don't include the part of your email address before the @ in your password.";
  }

  if (isOnlyNames(lower, [context.firstName, context.lastName])) {
    return "Don't build your password from your name. Add words that aren't about you.";
  }
  return null;
}

/**
 * True when removing the person's names (3+ letters) leaves no letters at all, which
 * catches `JohnSmith2024!` while allowing a passphrase that happens to include a name.
 */
function isOnlyNames(lowerPassword: string, names: Array<string | null | undefined>): boolean {
  const parts = names
    .flatMap((n) => normalizePassword(n ?? "").toLowerCase().split(/[\s'-]+/u))
    .filter((n) => Array.from(n).length >= 3);
  if (parts.length === 0) return false;
  let rest = lowerPassword;
  let removedAny = false;
  for (const part of parts) {
    if (rest.includes(part)) {
      rest = rest.split(part).join("");
      removedAny = true;
    }
  }
  return removedAny && !/\p{L}/u.test(rest);
}

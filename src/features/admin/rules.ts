// Pure pieces of the admin screens: link-safe email bodies, notice
// messages, account status. No I/O, so they are tested on their own.
import { noticeTable } from "../../lib/notices.ts";

export type BodyPart = { kind: "text"; text: string } | { kind: "link"; href: string };

// Stops at whitespace and at characters that cannot be in a bare URL in plain text.
const URL_IN_TEXT = /(https?:\/\/[^\s<>"'`]+)/g;
// Sentence punctuation after a link belongs to the sentence, not the link.
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/**
 * Splits one line of an email's plain text into text and http(s) links. Only
 * what parses as an http(s) URL becomes a link; the template escapes everything.
 */
export function splitLinks(line: string): BodyPart[] {
  const parts: BodyPart[] = [];
  const push = (text: string) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last?.kind === "text") last.text += text;
    else parts.push({ kind: "text", text });
  };
  // split() with a capture group puts the matched URLs at the odd indexes.
  for (const [i, piece] of line.split(URL_IN_TEXT).entries()) {
    if (i % 2 === 0) {
      push(piece);
      continue;
    }
    const trailing = TRAILING_PUNCTUATION.exec(piece)?.[0] ?? "";
    const candidate = piece.slice(0, piece.length - trailing.length);
    if (isHttpUrl(candidate)) {
      parts.push({ kind: "link", href: candidate });
      push(trailing);
    } else {
      push(piece);
    }
  }
  return parts;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** An email body as lines of parts, so the template can put a <br> between lines. */
export function bodyLines(text: string): BodyPart[][] {
  return text.split(/\r?\n/).map(splitLinks);
}

export type AccountStatus = "active" | "locked" | "deactivated";

export function accountStatus(
  user: { deletedAt: Date | null; isActive: boolean; lockedUntil: Date | null },
  now: Date = new Date(),
): AccountStatus {
  if (user.deletedAt || !user.isActive) return "deactivated";
  if (user.lockedUntil && user.lockedUntil > now) return "locked";
  return "active";
}

/** `?notice=` codes and their fixed messages: the URL picks a message, it never supplies one. */
export const adminNotices = noticeTable({
  profile_saved: "Profile saved.",
  profile_unchanged: "Nothing changed, so nothing was saved.",
  verified: "Email marked as verified.",
  deactivated: "Account deactivated and signed out everywhere.",
  reactivated: "Account reactivated. The member can sign in again.",
  unlocked: "Account unlocked and failed sign-in attempts cleared.",
  reset_sent: "Signed out everywhere; a password reset link is on its way.",
  role_assigned: "Role assigned.",
  role_revoked: "Role revoked.",
  role_created: "Role created. Choose its permissions below.",
  permissions_saved: "Permissions saved.",
  permissions_unchanged: "Nothing changed, so nothing was saved.",
  resent: "Email queued again. It goes out with the next delivery run, or press “Deliver due emails now”.",
  delivered: "Delivery run finished.",
});

/** A count carried in a redirect URL: a small non-negative integer, or nothing. */
export function countParam(value: string | undefined): number | undefined {
  if (!value || !/^\d{1,4}$/.test(value)) return undefined;
  return Number(value);
}



// A member as a vCard 3.0 (RFC 2426), the version every phone's contacts app imports.
// Only what the member allowed goes in: the caller passes the fields already filtered by the rules.

export interface VCardContact {
  firstName: string;
  lastName: string;
  company: string | null;
  title: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  state: string | null;
  website: string | null;
}

/**
 * A text value escaped for vCard 3.0: backslash, comma and semicolon get a backslash, a line
 * break becomes \n, and other control characters are dropped (they have no place in a contact).
 */
export function escapeVCardText(value: string): string {
  return value
    .replace(/\r\n?|[\u2028\u2029]/g, "\n")
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, "")
    .replace(/[\\,;]/g, (c) => `\\${c}`)
    .replace(/\n/g, "\\n");
}

const encoder = new TextEncoder();

/**
 * Folds a content line at 75 octets (RFC 2426 §2.6 / RFC 5322 style): CRLF and one space
 * before each continuation, never splitting a UTF-8 character or a surrogate pair.
 */
export function foldLine(line: string, limit = 75): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    // Continuation lines start with a space, which counts towards their 75 octets.
    const room = parts.length === 0 ? limit : limit - 1;
    if (octets + size > room) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** The whole card, CRLF line endings, every line folded. */
export function toVCard(c: VCardContact): string {
  const e = escapeVCardText;
  const fullName = `${c.firstName} ${c.lastName}`.trim();
  const lines = ["BEGIN:VCARD", "VERSION:3.0", `N:${e(c.lastName)};${e(c.firstName)};;;`, `FN:${e(fullName)}`];
  if (c.company) lines.push(`ORG:${e(c.company)}`);
  if (c.title) lines.push(`TITLE:${e(c.title)}`);
  if (c.email) lines.push(`EMAIL;TYPE=INTERNET,WORK:${e(c.email)}`);
  if (c.phone) lines.push(`TEL;TYPE=WORK,VOICE:${e(c.phone)}`);
  if (c.city || c.state) lines.push(`ADR;TYPE=WORK:;;;${e(c.city ?? "")};${e(c.state ?? "")};;`);
  // URL is a URI value, not text: no escaping, but only an http(s) link is written at all.
  if (c.website && /^https?:\/\/[^\s]+$/i.test(c.website)) lines.push(`URL:${c.website}`);
  lines.push("END:VCARD");
  return `${lines.map((l) => foldLine(l)).join("\r\n")}\r\n`;
}

/** A file name for the download: letters, digits and dashes only. */
export function vCardFileName(firstName: string, lastName: string): string {
  const slug = `${firstName}-${lastName}`
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase();
  return `${slug || "member"}.vcf`;
}

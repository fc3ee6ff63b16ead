// Reading a members CSV: the file's bytes to rows keyed by column, each row checked on its
// own (email, names, phone, tier, expiry, role) and against the rows above it (the same email
// twice). Pure: the plan (import.ts) looks the emails, tiers and roles up in Postgres.
// Tested in test/unit/bulk-import-file.test.ts.
import * as z from "zod";
import { parseCsv } from "../../lib/csv-read.ts";
import { UNPRINTABLE } from "../../lib/fields.ts";
import { fromPacificDateInput } from "../../lib/time.ts";

export const MAX_MEMBER_IMPORT_BYTES = 2 * 1024 * 1024;
export const MAX_MEMBER_IMPORT_ROWS = 5_000;

/** The columns, in the order the page documents them; headers are matched ignoring case, spaces and _ . */
export const MEMBER_COLUMNS = [
  ["email", true, "The member's email address; it identifies the account (case does not matter)."],
  ["first_name", true, "Up to 100 characters."],
  ["last_name", true, "Up to 100 characters."],
  ["company", false, "Up to 200 characters; blank leaves an existing member's company as it is."],
  ["phone", false, "Digits, spaces, + ( ) . and -."],
  ["membership_tier", false, "The name of a membership tier, e.g. Regular."],
  ["membership_expires", false, "YYYY-MM-DD (the start of that day, Pacific)."],
  ["role", false, "The name of a role to grant, e.g. committee chair (needs the roles:manage permission)."],
] as const;
export type MemberColumn = (typeof MEMBER_COLUMNS)[number][0];

const ALIASES: Record<string, MemberColumn> = {
  email: "email",
  emailaddress: "email",
  firstname: "first_name",
  givenname: "first_name",
  lastname: "last_name",
  surname: "last_name",
  familyname: "last_name",
  company: "company",
  companyname: "company",
  phone: "phone",
  phonenumber: "phone",
  membershiptier: "membership_tier",
  tier: "membership_tier",
  membershipexpires: "membership_expires",
  membershipexpiresat: "membership_expires",
  membershipexpiry: "membership_expires",
  expires: "membership_expires",
  role: "role",
};

const headerKey = (h: string) => h.trim().toLowerCase().replace(/[\s_\-.]+/g, "");

/** One row as the file has it: its line, and the known columns' cells (trimmed). */
export interface MemberRecord {
  line: number;
  cells: Partial<Record<MemberColumn, string>>;
}

export type MemberFile =
  | { ok: false; message: string }
  | { ok: true; records: MemberRecord[]; unknownColumns: string[]; missingColumns: string[] };

/** What a checked row asks for; absent fields leave an existing member's value as it is. */
export interface MemberRowInput {
  email: string;
  firstName: string;
  lastName: string;
  company?: string;
  phone?: string;
  tierName?: string;
  expiresAt?: Date;
  roleName?: string;
}

export type CheckedRow =
  | { line: number; ok: true; input: MemberRowInput; cells: MemberRecord["cells"] }
  | { line: number; ok: false; email: string; errors: string[]; cells: MemberRecord["cells"] };

const PDF = [0x25, 0x50, 0x44, 0x46];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Checks the bytes are a UTF-8 CSV within the limits and splits it into records. */
export function readMemberFile(fileName: string, bytes: Uint8Array): MemberFile {
  const lower = fileName.toLowerCase();
  if (!lower.endsWith(".csv") && !lower.endsWith(".txt")) {
    return { ok: false, message: "Choose a .csv file (in a spreadsheet: File → Save as → CSV UTF-8)." };
  }
  if (bytes.length === 0) return { ok: false, message: "The file is empty." };
  if (bytes.length > MAX_MEMBER_IMPORT_BYTES) {
    return { ok: false, message: `The file is larger than ${MAX_MEMBER_IMPORT_BYTES / 1024 / 1024} MB; split it into smaller files.` };
  }
  if (startsWith(bytes, ZIP)) return { ok: false, message: "This is a spreadsheet workbook (.xlsx), not a CSV. Save it as CSV UTF-8 and upload that." };
  if (startsWith(bytes, PDF)) return { ok: false, message: "This is a PDF, not a CSV." };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, message: "The file is UTF-16 text. Save it as CSV UTF-8 and try again." };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return {
      ok: false,
      message: "The file is not UTF-8 text (names like Núñez would be garbled). Save it as CSV UTF-8 and try again.",
    };
  }
  if (text.includes("\u0000")) return { ok: false, message: "The file holds NUL characters: it is not a text file." };
  const parsed = parseCsv(text, { maxRows: MAX_MEMBER_IMPORT_ROWS + 1, maxCellChars: 1_000 });
  if (!parsed.ok) {
    const tooMany = parsed.message.includes("more than");
    return {
      ok: false,
      message: tooMany ? `The file has more than ${MAX_MEMBER_IMPORT_ROWS} members; split it.` : `Line ${parsed.line}: ${parsed.message}`,
    };
  }
  const [header, ...body] = parsed.rows;
  if (!header) return { ok: false, message: "The file is empty." };
  const columns = header.map((h) => ALIASES[headerKey(h)] ?? null);
  const unknownColumns = header.filter((_, i) => columns[i] === null).map((h) => h.trim()).filter((h) => h !== "");
  const missingColumns = MEMBER_COLUMNS.filter(([name, required]) => required && !columns.includes(name)).map(([name]) => name);
  if (missingColumns.length > 0) {
    return { ok: false, message: `The header row needs the columns ${missingColumns.join(", ")} (found: ${header.join(", ").slice(0, 300)}).` };
  }
  if (body.length === 0) return { ok: false, message: "The file has a header row but no members." };
  // Lines: the parser skips blank lines and quoted cells may span lines, so count from the text of each record.
  const records: MemberRecord[] = body.map((row, i) => {
    const cells: MemberRecord["cells"] = {};
    row.forEach((cell, j) => {
      const column = columns[j];
      if (column && cells[column] === undefined) cells[column] = cell.trim();
    });
    return { line: i + 2, cells };
  });
  return { ok: true, records, unknownColumns, missingColumns: [] };
}

const email = z.string().max(254).pipe(z.email());
const PHONE = /^[0-9+().\-\s]{7,30}$/;
/** A cell a spreadsheet would run as a formula (=, @, and + or - outside a phone number). */
const FORMULA = /^[=@]/;
const FORMULA_IN_TEXT = /^[=@+-]/;

function textCell(errors: string[], label: string, value: string | undefined, max: number, required: boolean): string | undefined {
  const v = value ?? "";
  if (v === "") {
    if (required) errors.push(`${label} is missing`);
    return undefined;
  }
  if (v.length > max) errors.push(`${label} is longer than ${max} characters`);
  else if (UNPRINTABLE.test(v)) errors.push(`${label} holds hidden or control characters`);
  else if (FORMULA_IN_TEXT.test(v)) errors.push(`${label} starts with ${v[0]}, which a spreadsheet runs as a formula`);
  return v;
}

/** Checks every record; a later row with an email seen above is a duplicate (the first one counts). */
export function checkMemberRecords(records: readonly MemberRecord[]): CheckedRow[] {
  const seen = new Map<string, number>();
  return records.map((r) => {
    const errors: string[] = [];
    const rawEmail = (r.cells.email ?? "").toLowerCase();
    if (rawEmail === "") errors.push("Email is missing");
    else if (FORMULA.test(rawEmail) || !email.safeParse(rawEmail).success) errors.push("Email is not a valid address");
    else {
      const first = seen.get(rawEmail);
      if (first !== undefined) errors.push(`Duplicate: the same email is on row ${first}`);
      else seen.set(rawEmail, r.line);
    }
    const firstName = textCell(errors, "First name", r.cells.first_name, 100, true);
    const lastName = textCell(errors, "Last name", r.cells.last_name, 100, true);
    const company = textCell(errors, "Company", r.cells.company, 200, false);
    const phone = r.cells.phone || undefined;
    if (phone !== undefined && (FORMULA.test(phone) || !PHONE.test(phone))) errors.push("Phone may use only digits, spaces, + ( ) . and -");
    const tierName = textCell(errors, "Membership tier", r.cells.membership_tier, 100, false);
    let expiresAt: Date | undefined;
    const expires = r.cells.membership_expires ?? "";
    if (expires !== "") {
      const d = fromPacificDateInput(expires);
      if (d) expiresAt = d;
      else errors.push("Membership expiry must be a date like 2027-06-30");
    }
    const roleName = textCell(errors, "Role", r.cells.role, 60, false);
    if (errors.length > 0) return { line: r.line, ok: false, email: rawEmail, errors, cells: r.cells };
    return {
      line: r.line,
      ok: true,
      cells: r.cells,
      input: { email: rawEmail, firstName: firstName!, lastName: lastName!, company, phone, tierName, expiresAt, roleName },
    };
  });
}

// Reading a members CSV: the file checks (type, size, encoding, rows), the header aliases, and
// each row's checks (email, names, phone, expiry, duplicates, spreadsheet formulas, hidden
// characters), with accented names kept exactly as written.
import { describe, expect, it } from "vitest";
import {
  checkMemberRecords,
  MAX_MEMBER_IMPORT_BYTES,
  MAX_MEMBER_IMPORT_ROWS,
  readMemberFile,
} from "../../src/features/admin-members-bulk/import-file.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const read = (text: string, name = "members.csv") => readMemberFile(name, bytes(text));
function rows(text: string) {
  const file = read(text);
  if (!file.ok) throw new Error(file.message);
  return checkMemberRecords(file.records);
}

describe("readMemberFile", () => {
  it("reads the documented columns, matching headers whatever their case, spacing or underscores", () => {
    const file = read("Email,First Name,last_name,Company,PHONE,Membership Tier,membership_expires,Role,Notes\nana@example.org,Ana,Núñez,Núñez Electric,510-555-0101,Regular,2027-06-30,,x\n");
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(file.unknownColumns).toEqual(["Notes"]);
    expect(file.records[0]!.cells).toMatchObject({ email: "ana@example.org", first_name: "Ana", last_name: "Núñez", company: "Núñez Electric", membership_tier: "Regular" });
  });

  it("keeps Núñez intact through a byte-order mark and CRLF line ends", () => {
    const [row] = rows("\uFEFFemail,first_name,last_name\r\nnunez@example.org,José,Núñez\r\n");
    expect(row).toMatchObject({ ok: true, input: { firstName: "José", lastName: "Núñez" } });
  });

  it("refuses a file that is not UTF-8, naming the fix", () => {
    // "Núñez" in Windows-1252: ú = 0xFA, ñ = 0xF1.
    const latin1 = new Uint8Array([...bytes("email,first_name,last_name\nn@example.org,Jos"), 0xe9, ...bytes(",N"), 0xfa, 0xf1, ...bytes("ez\n")]);
    const file = readMemberFile("members.csv", latin1);
    expect(file).toEqual({ ok: false, message: expect.stringContaining("not UTF-8") });
  });

  it("refuses UTF-16, a workbook, a PDF, a wrong extension, an empty file and NULs with a clear message", () => {
    expect(readMemberFile("m.csv", new Uint8Array([0xff, 0xfe, 0x65, 0x00]))).toEqual({ ok: false, message: expect.stringContaining("UTF-16") });
    expect(readMemberFile("m.csv", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toEqual({ ok: false, message: expect.stringContaining(".xlsx") });
    expect(readMemberFile("m.csv", bytes("%PDF-1.7\n"))).toEqual({ ok: false, message: "This is a PDF, not a CSV." });
    expect(read("email,first_name,last_name\n", "members.xlsx")).toEqual({ ok: false, message: expect.stringContaining("Choose a .csv file") });
    expect(read("")).toEqual({ ok: false, message: "The file is empty." });
    expect(read("email,first_name,last_name\na@b.org,A\u0000,B\n")).toEqual({ ok: false, message: expect.stringContaining("NUL") });
  });

  it("refuses a file over the size limit and one with too many rows", () => {
    expect(readMemberFile("m.csv", new Uint8Array(MAX_MEMBER_IMPORT_BYTES + 1).fill(0x61))).toEqual({ ok: false, message: expect.stringContaining("larger than 2 MB") });
    const many = ["email,first_name,last_name", ...Array.from({ length: MAX_MEMBER_IMPORT_ROWS + 1 }, (_, i) => `m${i}@example.org,A,B`)].join("\n");
    expect(read(many)).toEqual({ ok: false, message: `The file has more than ${MAX_MEMBER_IMPORT_ROWS} members; split it.` });
  });

  it("refuses a header without the required columns, and a header with no rows", () => {
    expect(read("mail,name\nx,y\n")).toEqual({ ok: false, message: expect.stringContaining("email, first_name, last_name") });
    expect(read("email,first_name,last_name\n")).toEqual({ ok: false, message: "The file has a header row but no members." });
  });

  it("reports a broken quote with its line", () => {
    expect(read('email,first_name,last_name\na@b.org,"Ana,B\n')).toEqual({ ok: false, message: expect.stringMatching(/^Line 2: A quoted cell is never closed/) });
  });
});

describe("checkMemberRecords", () => {
  it("lower-cases emails and marks later rows with the same email (any case) as duplicates", () => {
    const checked = rows("email,first_name,last_name\nAna@Example.org,Ana,A\nana@example.ORG,Ana,B\nbo@example.org,Bo,C\n");
    expect(checked.map((r) => r.ok)).toEqual([true, false, true]);
    expect(checked[0]).toMatchObject({ input: { email: "ana@example.org" } });
    expect(checked[1]).toMatchObject({ errors: ["Duplicate: the same email is on row 2"] });
  });

  it("gives each bad row its errors: bad email, missing names, bad phone, bad expiry", () => {
    const checked = rows("email,first_name,last_name,phone,membership_expires\nnot-an-email,,Lee,call me,2027-02-30\n");
    expect(checked[0]).toMatchObject({
      ok: false,
      errors: ["Email is not a valid address", "First name is missing", "Phone may use only digits, spaces, + ( ) . and -", "Membership expiry must be a date like 2027-06-30"],
    });
  });

  it("refuses cells a spreadsheet would run as formulas, but takes a phone starting with +", () => {
    const checked = rows('email,first_name,last_name,company,phone\nf@example.org,"=HYPERLINK(""http://x"",""y"")",Lee,@SUM(A1),+1 510 555 0101\nok@example.org,Ok,Fine,,+1 (510) 555-0101\n');
    expect(checked[0]).toMatchObject({ ok: false });
    expect(!checked[0]!.ok && checked[0]!.errors).toEqual([
      "First name starts with =, which a spreadsheet runs as a formula",
      "Company starts with @, which a spreadsheet runs as a formula",
    ]);
    expect(checked[1]).toMatchObject({ ok: true, input: { phone: "+1 (510) 555-0101" } });
  });

  it("refuses hidden characters in a name and leaves blank optional cells out", () => {
    const checked = rows("email,first_name,last_name,company,membership_tier\nh@example.org,An\u202Ea,Lee,,\n");
    expect(!checked[0]!.ok && checked[0]!.errors).toEqual(["First name holds hidden or control characters"]);
    const [ok] = rows("email,first_name,last_name,company\nh@example.org,Ana,Lee,\n");
    expect(ok).toMatchObject({ ok: true, input: { company: undefined, tierName: undefined } });
  });
});

import { describe, expect, it } from "vitest";
import { checkPassword, normalizePassword } from "../../../src/auth/password-policy.ts";

const ana = { email: "ana.torres@example.org", firstName: "Ana", lastName: "Torres" };

describe("checkPassword", () => {
  it("accepts a long passphrase", () => {
    expect(checkPassword("concrete rebar sunrise kettle", ana)).toBeNull();
  });

  it("needs at least 12 characters, counted as people see them", () => {
    expect(checkPassword("short-pass1", ana)).toMatch(/at least 12/);
    expect(checkPassword("short-pass12", ana)).toBeNull();
    // Six emoji are 12 UTF-16 units but only six characters.
    expect(checkPassword("🔨🧱🏗️🔩🪚🪜", ana)).toMatch(/at least 12/);
    expect(checkPassword("🔨🧱🔩🪚🪜🔨🧱🔩🪚🪜🔨🧱", ana)).toBeNull();
  });

  it("counts after NFKC, so full-width or ligature input is measured as typed", () => {
    // "ﬃ" (one code point) becomes "ffi" (three) under NFKC: 4 raw, 12 normalised.
    expect(checkPassword("ﬃﬃﬃﬃ", ana)).toBeNull();
    expect(checkPassword("ﬃﬃﬃ", ana)).toMatch(/at least 12/);
  });

  it("allows at most 256 characters", () => {
    const long = "correct horse battery staple ".repeat(9).slice(0, 256);
    expect(checkPassword(long, ana)).toBeNull();
    expect(checkPassword(`${long}x`, ana)).toMatch(/at most 256/);
  });

  it("refuses one character repeated", () => {
    expect(checkPassword("aaaaaaaaaaaaaaaa", ana)).toMatch(/repeated/);
    expect(checkPassword("            ", ana)).toMatch(/repeated/);
  });

  it("refuses the account's email, in any case, alone or inside the password", () => {
    expect(checkPassword("Bob@Example.ORG", { email: "bob@example.org" })).toMatch(/email address in your password/);
    expect(checkPassword("BO@EX.ORG-pw", { email: "bo@ex.org" })).toMatch(/email address in your password/);
    expect(checkPassword("BO@EX.ORG-pw", { email: "bo@ex.com" })).toBeNull();
  });

  it("refuses a password containing the email's local part when it is 4+ characters", () => {
    expect(checkPassword("my-ANA.TORRES-password", ana)).toMatch(/before the @/);
    // A 2-letter local part is too common a substring to forbid.
    expect(checkPassword("bo and the long password", { email: "bo@ex.org" })).toBeNull();
  });

  it("refuses a password built only from the member's name, digits and symbols", () => {
    expect(checkPassword("AnaTorres2024!!", ana)).toMatch(/name/);
    expect(checkPassword("torres-torres-99", ana)).toMatch(/name/);
    expect(checkPassword("ana torres builds bridges", ana)).toBeNull();
    expect(checkPassword("AnaTorres2024!!", { email: "x@example.org" })).toBeNull();
  });
});

describe("normalizePassword", () => {
  it("maps composed and decomposed accents, and full-width digits, to one form", () => {
    expect(normalizePassword("cafe\u0301")).toBe("caf\u00e9");
    expect(normalizePassword("１２３")).toBe("123");
  });
});

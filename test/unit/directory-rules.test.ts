// The directory's pure rules: who is listed where, who may open a profile, which contact
// fields show, licence classes and badges, the filter schema, and the vCard format.
import { describe, expect, it } from "vitest";
import {
  badgeText,
  badgeTexts,
  canSeeProfile,
  isListed,
  isPublic,
  normalizeLicenceClass,
  shownContact,
  type ListedProfile,
  type Viewer,
} from "../../src/features/directory/rules.ts";
import { escapeVCardText, foldLine, toVCard, vCardFileName } from "../../src/features/directory/vcard.ts";
import { DIRECTORY_QUERY, toSearch } from "../../src/features/directory/view.ts";

const profile = (over: Partial<ListedProfile> = {}): ListedProfile => ({
  id: "owner",
  directoryVisibility: "MEMBERS",
  isActive: true,
  isVerified: true,
  deletedAt: null,
  ...over,
});
const member = (over: Partial<Extract<Viewer, { kind: "member" }>> = {}): Viewer => ({ kind: "member", id: "other", isVerified: true, admin: false, ...over });
const visitor: Viewer = { kind: "public" };

describe("who is listed and who sees a profile", () => {
  it("lists verified, active, undeleted members who did not hide themselves; PUBLIC ones also publicly", () => {
    expect(isListed(profile())).toBe(true);
    expect(isListed(profile({ directoryVisibility: "PUBLIC" }))).toBe(true);
    expect(isListed(profile({ directoryVisibility: "HIDDEN" }))).toBe(false);
    expect(isListed(profile({ isVerified: false }))).toBe(false);
    expect(isListed(profile({ isActive: false }))).toBe(false);
    expect(isListed(profile({ deletedAt: new Date() }))).toBe(false);
    expect(isPublic(profile())).toBe(false);
    expect(isPublic(profile({ directoryVisibility: "PUBLIC" }))).toBe(true);
    expect(isPublic(profile({ directoryVisibility: "PUBLIC", isVerified: false }))).toBe(false);
  });

  it("shows a hidden profile only to its owner and admins; never to an unverified account or a visitor", () => {
    const hidden = profile({ directoryVisibility: "HIDDEN" });
    expect(canSeeProfile(hidden, member())).toBe(false);
    expect(canSeeProfile(hidden, member({ id: "owner" }))).toBe(true);
    expect(canSeeProfile(hidden, member({ admin: true }))).toBe(true);
    expect(canSeeProfile(hidden, visitor)).toBe(false);
    expect(canSeeProfile(profile(), member({ isVerified: false }))).toBe(false);
    expect(canSeeProfile(profile(), member())).toBe(true);
    expect(canSeeProfile(profile(), visitor)).toBe(false);
    expect(canSeeProfile(profile({ directoryVisibility: "PUBLIC" }), visitor)).toBe(true);
  });

  it("hides deleted accounts from everyone, and unverified or deactivated ones from other members", () => {
    expect(canSeeProfile(profile({ deletedAt: new Date() }), member({ admin: true }))).toBe(false);
    expect(canSeeProfile(profile({ deletedAt: new Date() }), member({ id: "owner" }))).toBe(false);
    expect(canSeeProfile(profile({ isVerified: false }), member())).toBe(false);
    expect(canSeeProfile(profile({ isActive: false }), member())).toBe(false);
    expect(canSeeProfile(profile({ isActive: false }), member({ admin: true }))).toBe(true);
  });

  it("shows email and phone each only when the owner chose to", () => {
    const base = { email: "ana@example.com", phone: " (510) 555-0101 " };
    expect(shownContact({ ...base, showEmail: false, showPhone: false })).toEqual({ email: null, phone: null });
    expect(shownContact({ ...base, showEmail: true, showPhone: false })).toEqual({ email: "ana@example.com", phone: null });
    expect(shownContact({ ...base, showEmail: false, showPhone: true })).toEqual({ email: null, phone: "(510) 555-0101" });
    expect(shownContact({ email: "a@b.c", phone: null, showEmail: true, showPhone: true })).toEqual({ email: "a@b.c", phone: null });
  });
});

describe("licence classes and badges", () => {
  it("reads CSLB classes as members type them and refuses anything else", () => {
    expect(normalizeLicenceClass("b")).toBe("B");
    expect(normalizeLicenceClass(" c-10 ")).toBe("C-10");
    expect(normalizeLicenceClass("C10")).toBe("C-10");
    expect(normalizeLicenceClass("c-08")).toBe("C-8");
    expect(normalizeLicenceClass("C-61/D-12")).toBe("C-61/D-12");
    expect(normalizeLicenceClass("b2")).toBe("B-2");
    for (const bad of ["", "Z", "C-", "C-100", "'; drop table users", "C-10 OR 1=1"]) expect(normalizeLicenceClass(bad), bad).toBeNull();
  });

  it("names badges by type, with the licence classes of a CSLB licence", () => {
    expect(badgeText({ type: "SBA_8A", classification: null })).toBe("8(a)");
    expect(badgeText({ type: "CSLB_LICENSE", classification: "A General Engineering Contractor, C-8 Concrete" })).toBe("CSLB A, C-8");
    expect(
      badgeTexts([
        { type: "CSLB_LICENSE", classification: "A General Engineering Contractor" },
        { type: "CSLB_LICENSE", classification: "C-8 Concrete" },
        { type: "DBE", classification: null },
        { type: "DBE", classification: null },
      ]),
    ).toEqual(["CSLB A, C-8", "DBE"]);
  });
});

describe("the directory's filters", () => {
  const parse = (raw: Record<string, string>) => DIRECTORY_QUERY.safeParse(raw);
  const messages = (raw: Record<string, string>) => {
    const r = parse(raw);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("accepts an empty query and a full one", () => {
    expect(parse({}).success).toBe(true);
    expect(parse({ q: "Martnez", skill: "Concrete", cert: "8A", language: "Spanish", zip: "94612", miles: "25", sort: "distance" }).success).toBe(true);
    expect(parse({ from: "me", miles: "10", sort: "distance" }).success).toBe(true);
  });

  it("refuses a malformed ZIP, a radius or distance sort with nothing to measure from, and unknown choices", () => {
    expect(messages({ zip: "9461" }).zip).toMatch(/5-digit ZIP/);
    expect(messages({ miles: "25" }).zip).toMatch(/Enter a ZIP code/);
    expect(messages({ sort: "distance" }).sort).toMatch(/Sorting by distance needs/);
    expect(messages({ miles: "7", zip: "94612" }).miles).toBeDefined();
    expect(messages({ cert: "XYZ" }).cert).toBeDefined();
    expect(messages({ licence: "Q-99" }).licence).toMatch(/CSLB licence class/);
    expect(messages({ licence: "C-10", cert: "DBE" }).licence).toMatch(/goes with the CSLB/);
    expect(messages({ q: "x".repeat(101) }).q).toBeDefined();
    expect(messages({ q: "a\u0000b" }).q).toBeDefined();
  });

  it("turns a licence class into a CSLB credential filter and a radius into near", () => {
    const r = parse({ licence: "c10", zip: "94612", miles: "25" });
    if (!r.success) throw new Error("expected valid");
    const s = toSearch(r.data, { lat: 37.8, lng: -122.27 }, { limit: 20, offset: 0 });
    expect(s.credential).toEqual({ type: "CSLB_LICENSE", classification: "C-10" });
    expect(s.near).toEqual({ lat: 37.8, lng: -122.27, miles: 25 });
    expect(s.sort).toBe("relevance");
    const d = parse({ cert: "8A" });
    if (!d.success) throw new Error("expected valid");
    expect(toSearch(d.data, null, { limit: 20, offset: 0 }).credential).toEqual({ type: "SBA_8A", classification: undefined });
  });
});

describe("vCard", () => {
  it("escapes backslash, comma, semicolon and line breaks, and drops control characters", () => {
    expect(escapeVCardText("Reyes, Concrete; Paving\\Inc.")).toBe("Reyes\\, Concrete\\; Paving\\\\Inc.");
    expect(escapeVCardText("line one\r\nline two\nthree\rfour")).toBe("line one\\nline two\\nthree\\nfour");
    expect(escapeVCardText("bell\u0007 tab\t")).toBe("bell tab");
  });

  it("folds lines at 75 octets without splitting a UTF-8 character", () => {
    const line = `NOTE:${"é".repeat(80)}`;
    const folded = foldLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, p] of parts.entries()) {
      expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(75);
      if (i > 0) expect(p.startsWith(" ")).toBe(true);
    }
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
    expect(foldLine("SHORT:1")).toBe("SHORT:1");
  });

  it("writes only the fields it is given, CRLF-terminated", () => {
    const card = toVCard({
      firstName: "María",
      lastName: "Martínez",
      company: "Martínez, Sons; & Co.",
      title: null,
      email: null,
      phone: "(510) 555-0101",
      city: "Oakland",
      state: "CA",
      website: "javascript:alert(1)",
    });
    expect(card.startsWith("BEGIN:VCARD\r\nVERSION:3.0\r\n")).toBe(true);
    expect(card.endsWith("END:VCARD\r\n")).toBe(true);
    expect(card).toContain("N:Martínez;María;;;\r\n");
    expect(card).toContain("FN:María Martínez\r\n");
    expect(card).toContain("ORG:Martínez\\, Sons\\; & Co.\r\n");
    expect(card).toContain("TEL;TYPE=WORK,VOICE:(510) 555-0101\r\n");
    expect(card).toContain("ADR;TYPE=WORK:;;;Oakland;CA;;\r\n");
    expect(card).not.toContain("EMAIL");
    expect(card).not.toContain("TITLE");
    expect(card).not.toContain("javascript");
    expect(card.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("names the file with letters, digits and dashes only", () => {
    expect(vCardFileName("María José", "Martínez")).toBe("maria-jose-martinez.vcf");
    expect(vCardFileName('"; x', "../..")).toBe("x.vcf");
    expect(vCardFileName("", "")).toBe("member.vcf");
  });
});

// The profile's pure rules: what the form accepts, the completeness meter, who sees a photo,
// the image check by magic bytes, and the signed unsubscribe tokens.
import { describe, expect, it } from "vitest";
import {
  completeness,
  maySeePhoto,
  normalisePhone,
  parseLanguages,
  preferencesFromForm,
  profileSchema,
  skillSchema,
  type CompletenessInput,
} from "../../src/features/profile/rules.ts";
import { checkImageUpload, MAX_IMAGE_BYTES, sniffImage } from "../../src/lib/uploads.ts";
import { optionalKindOfOutbox, OUTBOX_KIND_OF, signUnsubscribeToken, UNSUBSCRIBE_PATH, unsubscribeUrl, verifyUnsubscribeToken } from "../../src/lib/unsubscribe.ts";

const VALID = {
  firstName: "Ana",
  lastName: "Reyes",
  company: "Reyes Concrete & Paving, Inc.",
  title: "President",
  phone: "510-555-0142",
  street: "1450 Industrial Pkwy",
  city: "Oakland",
  state: "CA",
  zip: "94621",
  website: "https://reyes.example.com",
  linkedin: "https://www.linkedin.com/in/ana-reyes",
  bio: "Flatwork and paving.\nPublic works since 2008.",
  yearsExperience: "18",
  bondingCapacity: "$2,500,000",
  languages: "English, Spanish, english",
  serviceRadiusMiles: "60",
  directoryVisibility: "PUBLIC",
  showEmail: "on",
};

const errorsOf = (input: Record<string, unknown>) => {
  const parsed = profileSchema.safeParse(input);
  if (parsed.success) return {};
  // The first message per field, as the page shows it (toFieldErrors).
  return Object.fromEntries(parsed.error.issues.toReversed().map((i) => [i.path.join("."), i.message]));
};

describe("profile form", () => {
  it("accepts a full profile and normalises phone, money, languages and checkboxes", () => {
    const parsed = profileSchema.parse(VALID);
    expect(parsed).toMatchObject({
      phone: "(510) 555-0142",
      bondingCapacity: "2500000.00",
      languages: ["English", "Spanish"],
      yearsExperience: 18,
      serviceRadiusMiles: 60,
      directoryVisibility: "PUBLIC",
      showEmail: true,
      showPhone: false,
    });
  });

  it("treats blank optional fields as empty and defaults visibility to members only", () => {
    const parsed = profileSchema.parse({ firstName: "Ana", lastName: "Reyes" });
    expect(parsed).toMatchObject({ zip: "", yearsExperience: null, bondingCapacity: null, serviceRadiusMiles: null, directoryVisibility: "MEMBERS", languages: [] });
  });

  it("refuses links that are not http or https", () => {
    expect(errorsOf({ ...VALID, website: "javascript:alert(1)" }).website).toMatch(/https:\/\//);
    expect(errorsOf({ ...VALID, website: "ftp://files.example.com" }).website).toBeDefined();
    expect(errorsOf({ ...VALID, website: "https://user:pw@example.com" }).website).toBeDefined();
    expect(errorsOf({ ...VALID, website: "http://reyes.example.com" }).website).toBeUndefined();
    expect(errorsOf({ ...VALID, linkedin: "https://evil.example.com/in/ana" }).linkedin).toMatch(/linkedin\.com/);
  });

  it("refuses a ZIP that is not five digits, a bad phone and out-of-range numbers", () => {
    expect(errorsOf({ ...VALID, zip: "9462" }).zip).toMatch(/5 digits/);
    expect(errorsOf({ ...VALID, zip: "94621-1234" }).zip).toBeDefined();
    expect(errorsOf({ ...VALID, phone: "call me" }).phone).toMatch(/US number/);
    expect(errorsOf({ ...VALID, phone: "555-0142" }).phone).toBeDefined();
    expect(errorsOf({ ...VALID, yearsExperience: "81" }).yearsExperience).toMatch(/between 0 and 80/);
    expect(errorsOf({ ...VALID, yearsExperience: "-1" }).yearsExperience).toBeDefined();
    expect(errorsOf({ ...VALID, serviceRadiusMiles: "501" }).serviceRadiusMiles).toMatch(/500/);
    expect(errorsOf({ ...VALID, bondingCapacity: "-5" }).bondingCapacity).toMatch(/negative/);
    expect(errorsOf({ ...VALID, bondingCapacity: "lots" }).bondingCapacity).toBeDefined();
    expect(errorsOf({ ...VALID, directoryVisibility: "EVERYONE" }).directoryVisibility).toBeDefined();
    expect(errorsOf({ ...VALID, state: "ZZ" }).state).toBeDefined();
  });

  it("refuses over-long and hidden-character text", () => {
    expect(errorsOf({ ...VALID, company: "x".repeat(201) }).company).toMatch(/at most 200/);
    expect(errorsOf({ ...VALID, bio: "y".repeat(2001) }).bio).toMatch(/at most 2000/);
    expect(errorsOf({ ...VALID, firstName: "Ana\u202eevil" }).firstName).toBeDefined();
    expect(errorsOf({ ...VALID, firstName: "" }).firstName).toMatch(/Enter first name/);
    expect(errorsOf({ ...VALID, languages: Array.from({ length: 13 }, (_, i) => `L${i}`).join(",") }).languages).toMatch(/at most 12/);
  });

  it("asks for a state when a city is given without a ZIP", () => {
    expect(errorsOf({ ...VALID, zip: "", state: "" }).state).toMatch(/state/);
    expect(errorsOf({ ...VALID, zip: "", state: "CA" }).state).toBeUndefined();
  });

  it("formats US phone numbers with an optional extension", () => {
    expect(normalisePhone("+1 (415) 555-0100")).toBe("(415) 555-0100");
    expect(normalisePhone("415.555.0100 ext. 12")).toBe("(415) 555-0100 x12");
    expect(normalisePhone("123-555-0100")).toBeNull();
  });

  it("splits languages on commas and drops duplicates whatever their case", () => {
    expect(parseLanguages(" Tagalog ;english,English,  Cantonese ")).toEqual(["Tagalog", "english", "Cantonese"]);
  });

  it("checks skill rows", () => {
    expect(skillSchema.parse({ skill: " Concrete ", level: "EXPERT", years: "12" })).toEqual({ skill: "Concrete", level: "EXPERT", years: 12 });
    expect(skillSchema.safeParse({ skill: "", level: "EXPERT" }).success).toBe(false);
    expect(skillSchema.safeParse({ skill: "Concrete", level: "GURU" }).success).toBe(false);
  });

  it("turns the email checkboxes into preferences, keeping the channel keys", () => {
    const next = preferencesFromForm({ email: false, sms: true, push: false, bidAlerts: false }, { bidAlerts: "on", announcements: "on" });
    expect(next).toEqual({
      email: true,
      sms: true,
      push: false,
      eventReminders: false,
      credentialExpiry: false,
      bidAlerts: true,
      messageDigests: false,
      announcements: true,
    });
    expect(preferencesFromForm({ email: false, sms: false, push: true }, {}).email).toBe(false);
  });
});

describe("completeness", () => {
  const EMPTY: CompletenessInput = {
    company: null,
    phone: null,
    bio: null,
    zipCode: null,
    hasCoordinates: false,
    serviceRadiusMiles: null,
    yearsExperience: null,
    bondingCapacity: null,
    profileImage: null,
    skillCount: 0,
    credentialCount: 0,
  };
  const FULL: CompletenessInput = {
    company: "Reyes Concrete",
    phone: "(510) 555-0142",
    bio: "Paving",
    zipCode: "94621",
    hasCoordinates: true,
    serviceRadiusMiles: 0,
    yearsExperience: 0,
    bondingCapacity: "0.00",
    profileImage: "profiles/x/y",
    skillCount: 1,
    credentialCount: 1,
  };

  it("is 100% with nothing missing when every part is filled (zero counts as given)", () => {
    expect(completeness(FULL)).toEqual({ percent: 100, missing: [] });
  });

  it("is 0% for an empty profile and lists what bid matching needs first, each with why", () => {
    const result = completeness(EMPTY);
    expect(result.percent).toBe(0);
    expect(result.missing.map((m) => m.key)).toEqual(["skills", "location", "radius", "certifications", "years", "bonding", "company", "bio", "phone", "photo"]);
    expect(result.missing.reduce((sum, m) => sum + m.weight, 0)).toBe(100);
    for (const m of result.missing) expect(m.why.length).toBeGreaterThan(20);
  });

  it("counts a ZIP only once it has coordinates, and certifications only when verified ones exist", () => {
    const noCoords = completeness({ ...FULL, hasCoordinates: false });
    expect(noCoords.percent).toBe(85);
    expect(noCoords.missing.map((m) => m.key)).toEqual(["location"]);
    expect(completeness({ ...FULL, credentialCount: 0 }).missing.map((m) => m.key)).toEqual(["certifications"]);
  });
});

describe("who sees a photo", () => {
  const owner = { id: "owner", directoryVisibility: "MEMBERS" as const, listed: true };
  it("shows it to the owner, admins and verified members only", () => {
    expect(maySeePhoto({ viewerId: "owner", viewerVerified: false, isAdmin: false }, owner)).toBe(true);
    expect(maySeePhoto({ viewerId: "admin", viewerVerified: true, isAdmin: true }, { ...owner, directoryVisibility: "HIDDEN" })).toBe(true);
    expect(maySeePhoto({ viewerId: "other", viewerVerified: true, isAdmin: false }, owner)).toBe(true);
    expect(maySeePhoto({ viewerId: "other", viewerVerified: false, isAdmin: false }, owner)).toBe(false);
  });
  it("hides a hidden or unlisted member from other members", () => {
    expect(maySeePhoto({ viewerId: "other", viewerVerified: true, isAdmin: false }, { ...owner, directoryVisibility: "HIDDEN" })).toBe(false);
    expect(maySeePhoto({ viewerId: "other", viewerVerified: true, isAdmin: false }, { ...owner, listed: false })).toBe(false);
  });
});

describe("image uploads", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
  const webp = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38]);
  it("knows JPEG, PNG and WebP by their first bytes", () => {
    expect([sniffImage(png), sniffImage(jpeg), sniffImage(webp)]).toEqual(["png", "jpeg", "webp"]);
    expect(checkImageUpload(webp)).toMatchObject({ ok: true, contentType: "image/webp" });
  });
  it("refuses other content whatever it is called, empty files and files over 5 MB", () => {
    expect(sniffImage(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(sniffImage(new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x41, 0x56, 0x45]))).toBeNull(); // RIFF WAVE
    expect(checkImageUpload(new Uint8Array(0))).toMatchObject({ ok: false });
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(png);
    expect(checkImageUpload(big)).toMatchObject({ ok: false, message: expect.stringMatching(/too large/) });
  });
});

describe("unsubscribe tokens", () => {
  const KEY = "0f".repeat(32);
  const USER = "cabcdefghijklmnopqrstuvwx";

  it("round-trips the member and the kind", async () => {
    const token = await signUnsubscribeToken(KEY, USER, "bidAlerts");
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(await verifyUnsubscribeToken(KEY, token)).toEqual({ userId: USER, kind: "bidAlerts" });
  });

  it("refuses a token whose kind, member or signature was changed, or that was signed with another key", async () => {
    const token = await signUnsubscribeToken(KEY, USER, "bidAlerts");
    const [, , sig] = token.split(".");
    expect(await verifyUnsubscribeToken(KEY, `${USER}.announcements.${sig}`)).toBeNull();
    expect(await verifyUnsubscribeToken(KEY, `cbbcdefghijklmnopqrstuvwx.bidAlerts.${sig}`)).toBeNull();
    const flipped = sig!.slice(0, -2) + (sig!.endsWith("AA") ? "BA" : "AA");
    expect(await verifyUnsubscribeToken(KEY, `${USER}.bidAlerts.${flipped}`)).toBeNull();
    expect(await verifyUnsubscribeToken(KEY, token.slice(0, -1))).toBeNull();
    expect(await verifyUnsubscribeToken("1e".repeat(32), token)).toBeNull();
    expect(await verifyUnsubscribeToken(KEY, `${USER}.passwordReset.${sig}`)).toBeNull();
    expect(await verifyUnsubscribeToken(KEY, `${token}.extra`)).toBeNull();
  });

  it("builds a link on the public URL whose path the CSRF exemption matches, and nothing longer", async () => {
    const url = await unsubscribeUrl({ PUBLIC_URL: "https://portal.example.org", TOTP_ENCRYPTION_KEY: KEY }, USER, "eventReminders");
    const path = new URL(url).pathname;
    expect(url.startsWith("https://portal.example.org/unsubscribe/")).toBe(true);
    expect(UNSUBSCRIBE_PATH.test(path)).toBe(true);
    expect(UNSUBSCRIBE_PATH.test(`${path}/more`)).toBe(false);
    expect(UNSUBSCRIBE_PATH.test("/account/profile")).toBe(false);
    expect(UNSUBSCRIBE_PATH.test("/unsubscribe/")).toBe(false);
  });

  it("maps every optional kind to one outbox kind and back; essential kinds map to none", () => {
    for (const [optional, outbox] of Object.entries(OUTBOX_KIND_OF)) expect(optionalKindOfOutbox(outbox)).toBe(optional);
    expect(optionalKindOfOutbox("RESET_PASSWORD")).toBeNull();
    expect(optionalKindOfOutbox("VERIFY_EMAIL")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { credentialFormSchema, reviewFormSchema } from "../../src/features/credentials/forms.ts";
import {
  addDays,
  chapterToday,
  daysLeft,
  dueReminderStage,
  effectiveStatus,
  expiresSoon,
  expiryText,
  isActiveCredential,
  statusAfterEdit,
  type ReviewedFields,
} from "../../src/features/credentials/rules.ts";
import type { CredentialStatus } from "../../src/db/schema/directory.ts";

const TODAY = "2026-12-01";

describe("dueReminderStage: the one reminder due on a day", () => {
  const at = (n: number) => dueReminderStage(addDays(TODAY, n), TODAY);
  it("is nothing more than 60 days ahead", () => {
    expect(at(61)).toBeNull();
    expect(at(400)).toBeNull();
  });
  it("is the 60-day reminder from day 60 down to day 31", () => {
    expect(at(60)).toBe(60);
    expect(at(45)).toBe(60);
    expect(at(31)).toBe(60);
  });
  it("is the 30-day reminder from day 30 down to day 8", () => {
    expect(at(30)).toBe(30);
    expect(at(8)).toBe(30);
  });
  it("is the 7-day reminder from day 7 down to day 1", () => {
    expect(at(7)).toBe(7);
    expect(at(1)).toBe(7);
  });
  it("is the on-the-day reminder on the day and, when the cron missed it, up to 7 days after", () => {
    expect(at(0)).toBe(0);
    expect(at(-1)).toBe(0);
    expect(at(-7)).toBe(0);
    expect(at(-8)).toBeNull();
  });
  it("after missed days gives only the most recent stage, never the stale ones before it", () => {
    // The cron was down from day 32 to day 6: on day 6 only the 7-day reminder is due.
    const stages = new Set([32, 6].map((n) => at(n)));
    expect([...stages]).toEqual([60, 7]);
  });
  it("walks every day of the last 70 once each and names each stage on a run of days, so per-stage ids send each once", () => {
    const seen: number[] = [];
    for (let n = 70; n >= -10; n--) {
      const stage = at(n);
      if (stage !== null && seen[seen.length - 1] !== stage) seen.push(stage);
    }
    expect(seen).toEqual([60, 30, 7, 0]);
  });
});

describe("status rules", () => {
  const cred = (status: CredentialStatus, expiresOn: string | null) => ({ status, expiresOn });
  it("treats a verified or pending credential past its expiry day as expired, before any cron", () => {
    expect(effectiveStatus(cred("VERIFIED", "2026-11-30"), TODAY)).toBe("EXPIRED");
    expect(effectiveStatus(cred("PENDING", "2026-11-30"), TODAY)).toBe("EXPIRED");
  });
  it("keeps a credential valid through its expiry day", () => {
    expect(effectiveStatus(cred("VERIFIED", TODAY), TODAY)).toBe("VERIFIED");
    expect(isActiveCredential(cred("VERIFIED", TODAY), TODAY)).toBe(true);
  });
  it("leaves a rejected one rejected", () => {
    expect(effectiveStatus(cred("REJECTED", "2020-01-01"), TODAY)).toBe("REJECTED");
  });
  it("counts only verified, unexpired credentials as badges", () => {
    expect(isActiveCredential(cred("VERIFIED", null), TODAY)).toBe(true);
    expect(isActiveCredential(cred("VERIFIED", "2026-11-30"), TODAY)).toBe(false);
    expect(isActiveCredential(cred("PENDING", "2027-01-01"), TODAY)).toBe(false);
    expect(isActiveCredential(cred("REJECTED", "2027-01-01"), TODAY)).toBe(false);
    expect(isActiveCredential(cred("EXPIRED", "2027-01-01"), TODAY)).toBe(false);
  });
  it("warns 60 days ahead, not after expiry, not without a date", () => {
    expect(expiresSoon(cred("VERIFIED", addDays(TODAY, 60)), TODAY)).toBe(true);
    expect(expiresSoon(cred("VERIFIED", addDays(TODAY, 61)), TODAY)).toBe(false);
    expect(expiresSoon(cred("VERIFIED", addDays(TODAY, -1)), TODAY)).toBe(false);
    expect(expiresSoon(cred("VERIFIED", null), TODAY)).toBe(false);
  });
  it("says days left in words", () => {
    expect(daysLeft("2026-12-21", TODAY)).toBe(20);
    expect(expiryText("2026-12-21", TODAY)).toBe("Expires in 20 days");
    expect(expiryText(TODAY, TODAY)).toBe("Expires today");
    expect(expiryText("2026-11-28", TODAY)).toBe("Expired 3 days ago");
    expect(daysLeft("2027-03-01", "2027-02-28")).toBe(1);
  });
  it("takes the chapter's day in Pacific time", () => {
    expect(chapterToday(new Date("2026-12-02T07:59:00Z"))).toBe("2026-12-01");
    expect(chapterToday(new Date("2026-12-02T08:00:00Z"))).toBe("2026-12-02");
  });
});

describe("statusAfterEdit", () => {
  const base: ReviewedFields & { status: CredentialStatus } = {
    status: "VERIFIED",
    type: "CSLB_LICENSE",
    issuer: "CSLB",
    number: "1004217",
    classification: "C-10",
    issuedOn: "2025-01-01",
    expiresOn: "2027-01-01",
    documentKey: "credentials/a/b",
  };
  it("keeps a verified credential verified when nothing reviewed changed", () => {
    expect(statusAfterEdit(base, { ...base })).toBe("VERIFIED");
  });
  for (const [field, value] of [
    ["number", "999"],
    ["expiresOn", "2028-01-01"],
    ["issuedOn", "2025-02-01"],
    ["documentKey", "credentials/a/c"],
    ["classification", "B, C-10"],
  ] as const) {
    it(`sends a verified credential back to review when its ${field} changes`, () => {
      expect(statusAfterEdit(base, { ...base, [field]: value })).toBe("PENDING");
    });
  }
  it("sends a rejected credential back to review once corrected", () => {
    expect(statusAfterEdit({ ...base, status: "REJECTED" }, { ...base, documentKey: "credentials/a/new" })).toBe("PENDING");
  });
});

describe("credential form", () => {
  const ok = { type: "MBE", issuer: "CPUC", number: "1", classification: "", issuedOn: "2025-01-01", expiresOn: "2027-01-01" };
  it("accepts a complete form, blank dates as none", () => {
    const r = credentialFormSchema.safeParse({ ...ok, issuedOn: "", expiresOn: "" });
    expect(r.success && r.data).toMatchObject({ issuedOn: null, expiresOn: null });
  });
  it.each([
    ["an unknown type", { type: "ADMIN" }, "type"],
    ["a date that does not exist", { expiresOn: "2027-02-30" }, "expiresOn"],
    ["an expiry before the issue date", { expiresOn: "2024-01-01" }, "expiresOn"],
    ["a control character", { issuer: "CP\u202eUC" }, "issuer"],
    ["a missing issuer", { issuer: "  " }, "issuer"],
    ["an overlong number", { number: "9".repeat(61) }, "number"],
    ["a repeated field", { type: ["MBE", "DBE"] }, "type"],
  ])("refuses %s", (_what, change, field) => {
    const r = credentialFormSchema.safeParse({ ...ok, ...change });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain(field);
  });
  it("requires a reason to reject, not to verify", () => {
    expect(reviewFormSchema.safeParse({ decision: "REJECTED", reason: "", version: "v" }).success).toBe(false);
    expect(reviewFormSchema.safeParse({ decision: "VERIFIED", reason: "", version: "v" }).success).toBe(true);
  });
});

// The bulk actions' pure parts: the filter in words, the action form, and the fingerprint
// that tells one set of members from another.
import { describe, expect, it } from "vitest";
import { EMPTY_USER_FILTERS } from "../../src/features/admin/forms.ts";
import { actionFields, bulkActionSchema, describeFilters, filterQueryString, fingerprintIds, toBulkAction } from "../../src/features/admin-members-bulk/rules.ts";

describe("describeFilters", () => {
  it("says the default list is the current members", () => {
    expect(describeFilters(EMPTY_USER_FILTERS)).toBe("Current (not deactivated)");
  });
  it("names every filter in force", () => {
    expect(describeFilters({ ...EMPTY_USER_FILTERS, q: "acme", type: "REGULAR", status: "locked", verified: "no" })).toBe(
      "Locked out now; name, email or company containing “acme”; type: Regular member; email not verified",
    );
  });
  it("names the membership filters: renewal due within the days given (30 by default), lapsed, joined since", () => {
    expect(describeFilters({ ...EMPTY_USER_FILTERS, status: "all", membership: "due" })).toBe("Everyone, including deactivated; renewal due within 30 days");
    expect(describeFilters({ ...EMPTY_USER_FILTERS, membership: "due", dueDays: "60" })).toContain("renewal due within 60 days");
    expect(describeFilters({ ...EMPTY_USER_FILTERS, membership: "lapsed", joined: "2026-01-01" })).toBe(
      "Current (not deactivated); membership: lapsed (past the grace period); joined on or after 2026-01-01",
    );
  });
  it("keeps only the filters in force in the list's query string", () => {
    expect(filterQueryString({ ...EMPTY_USER_FILTERS, q: "a b", status: "all" })).toBe("q=a+b&status=all");
  });
});

describe("fingerprintIds", () => {
  it("is the same for the same set in any order, and differs when one member is swapped", async () => {
    const a = await fingerprintIds(["cb", "ca", "cc"]);
    expect(await fingerprintIds(["ca", "cb", "cc"])).toBe(a);
    expect(await fingerprintIds(["ca", "cb", "cd"])).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("bulkActionSchema", () => {
  it("reads an email with its subject and body", () => {
    const parsed = bulkActionSchema.safeParse({ action: "email", subject: " Dues ", body: "Hello **all**" });
    expect(parsed.success && toBulkAction(parsed.data)).toEqual({ action: "email", subject: "Dues", body: "Hello **all**" });
  });
  it("refuses an unknown action, a missing subject, months out of range and a past date", () => {
    expect(bulkActionSchema.safeParse({ action: "delete" }).success).toBe(false);
    expect(bulkActionSchema.safeParse({ action: "email", subject: "", body: "x" }).success).toBe(false);
    expect(bulkActionSchema.safeParse({ action: "extend", extendBy: "months", months: "0" }).success).toBe(false);
    expect(bulkActionSchema.safeParse({ action: "extend", extendBy: "months", months: "61" }).success).toBe(false);
    expect(bulkActionSchema.safeParse({ action: "extend", extendBy: "date", until: "2001-01-01" }).success).toBe(false);
    expect(bulkActionSchema.safeParse({ action: "grantRole", roleId: "admin" }).success).toBe(false);
  });
  it("round-trips an extension through the confirmation's fields", () => {
    const parsed = bulkActionSchema.safeParse({ action: "extend", extendBy: "date", until: "2031-06-30", months: "" });
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    const fields = actionFields(toBulkAction(parsed.data));
    expect(fields).toEqual({ action: "extend", extendBy: "date", until: "2031-06-30" });
    const again = bulkActionSchema.safeParse(fields);
    expect(again.success && toBulkAction(again.data)).toEqual(toBulkAction(parsed.data));
    const months = bulkActionSchema.safeParse({ action: "extend", extendBy: "months", months: "12" });
    expect(months.success && toBulkAction(months.data)).toEqual({ action: "extend", extendBy: "months", months: 12 });
  });
});

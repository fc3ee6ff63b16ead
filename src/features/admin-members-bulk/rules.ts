// Pure pieces of the bulk actions on the member list: the filter said in words, the action's
// form, and the fingerprint that ties a confirmation to the exact set of members it counted.
// Tested in test/unit/bulk-rules.test.ts.
import * as z from "zod";
import { pacificDate, plainText, requiredText, rowId } from "../../lib/fields.ts";
import { toPacificDateInput } from "../../lib/time.ts";
import { MEMBER_TYPE_FILTER, MEMBERSHIP_FILTER, USER_STATUS_FILTER, type UserFilters } from "../admin/forms.ts";
import { RENEWAL_DUE_DAYS } from "../admin-dashboard/definitions.ts";

const label = <V extends string>(options: ReadonlyArray<readonly [V, string]>, value: string) => options.find(([v]) => v === value)?.[1] ?? value;

/** "Current members (not deactivated) whose name, email or company contains “acme”, regular members, email verified". */
export function describeFilters(f: UserFilters): string {
  const parts = [label(USER_STATUS_FILTER.options, f.status)];
  if (f.q) parts.push(`name, email or company containing “${f.q}”`);
  if (f.type) parts.push(`type: ${label(MEMBER_TYPE_FILTER.options, f.type)}`);
  if (f.verified) parts.push(`email ${f.verified === "yes" ? "verified" : "not verified"}`);
  if (f.membership === "due") parts.push(`renewal due within ${f.dueDays || RENEWAL_DUE_DAYS} days`);
  else if (f.membership) parts.push(`membership: ${label(MEMBERSHIP_FILTER.options, f.membership).toLowerCase()}`);
  if (f.joined) parts.push(`joined on or after ${f.joined}`);
  return parts.join("; ");
}

/** The filters as a query string, for links back to the list. */
export function filterQueryString(f: UserFilters): string {
  return new URLSearchParams(Object.entries(f).filter(([, v]) => v !== "")).toString();
}

/** SHA-256 (hex) of the sorted ids: equal only for the very same set of members. */
export async function fingerprintIds(ids: readonly string[]): Promise<string> {
  const sorted = [...ids].sort();
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(sorted.join(",")));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export const BULK_ACTIONS = {
  email: "Email these members",
  grantRole: "Grant a role",
  removeRole: "Remove a role",
  extend: "Extend memberships",
} as const;
export type BulkActionName = keyof typeof BULK_ACTIONS;

export const MAX_EXTEND_MONTHS = 60;

const emailSchema = z.object({
  action: z.literal("email"),
  subject: requiredText("Subject", 150),
  body: requiredText("Message", 20_000, { multiline: true }),
});
const roleSchema = z.object({
  action: z.enum(["grantRole", "removeRole"]),
  roleId: rowId("Choose a role from the list"),
});
const extendSchema = z
  .object({
    action: z.literal("extend"),
    extendBy: z.enum(["months", "date"], { error: "Choose how to extend: by months or to a date" }),
    months: plainText("Months", 3).default(""),
    until: pacificDate("New expiry date").optional().transform((d) => d ?? null),
  })
  .superRefine((v, ctx) => {
    if (v.extendBy === "months") {
      const n = Number(v.months);
      if (!/^\d{1,2}$/.test(v.months) || n < 1 || n > MAX_EXTEND_MONTHS) {
        ctx.addIssue({ code: "custom", path: ["months"], message: `Months must be a whole number from 1 to ${MAX_EXTEND_MONTHS}` });
      }
    } else if (!v.until) {
      ctx.addIssue({ code: "custom", path: ["until"], message: "Enter the new expiry date" });
    } else if (v.until.getTime() <= Date.now()) {
      ctx.addIssue({ code: "custom", path: ["until"], message: "The new expiry date must be in the future" });
    }
  });

/** The action part of the bulk form (the filters are read with the list's own schema). */
export const bulkActionSchema = z.discriminatedUnion("action", [emailSchema, roleSchema, extendSchema], {
  error: "Choose an action from the list",
});
export type BulkAction =
  | { action: "email"; subject: string; body: string }
  | { action: "grantRole" | "removeRole"; roleId: string }
  | { action: "extend"; extendBy: "months"; months: number }
  | { action: "extend"; extendBy: "date"; until: Date };

/** The parsed form as the action it names. */
export function toBulkAction(data: z.infer<typeof bulkActionSchema>): BulkAction {
  if (data.action === "extend") {
    return data.extendBy === "months" ? { action: "extend", extendBy: "months", months: Number(data.months) } : { action: "extend", extendBy: "date", until: data.until! };
  }
  return data;
}

/** The action's fields as the confirmation form carries them (re-checked on confirm). */
export function actionFields(a: BulkAction): Record<string, string> {
  switch (a.action) {
    case "email":
      return { action: a.action, subject: a.subject, body: a.body };
    case "grantRole":
    case "removeRole":
      return { action: a.action, roleId: a.roleId };
    case "extend":
      return a.extendBy === "months"
        ? { action: a.action, extendBy: "months", months: String(a.months) }
        : { action: a.action, extendBy: "date", until: toPacificDateInput(a.until) };
  }
}

export function monthsLabel(n: number): string {
  return n === 1 ? "1 month" : `${n} months`;
}

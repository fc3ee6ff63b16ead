// zod schemas at the edge of every admin route: query filters and form bodies.
import * as z from "zod";
import { adminActionTypeEnum } from "../../db/schema/audit.ts";
import { pacificDate, plainText, requiredText, rowId, choices } from "../../lib/fields.ts";
import { fromPacificDateInput } from "../../lib/time.ts";

/** Optional in the form: absent means "leave as is", empty means "clear it". */
function optionalLine(label: string, max: number, pattern?: { re: RegExp; message: string }) {
  return plainText(label, max)
    .refine((v) => v === "" || !pattern || pattern.re.test(v), pattern?.message ?? "")
    .transform((v) => (v === "" ? null : v))
    .optional();
}

// ---------- users ----------

export const MEMBER_TYPES = ["REGULAR", "admin"] as const;
export const MEMBER_TYPE_FILTER = choices({ "": "Any type", REGULAR: "Regular member", admin: "Admin" }, "Choose a member type from the list");
export const USER_STATUS_FILTER = choices(
  {
    "": "Current (not deactivated)",
    active: "Active, not locked",
    locked: "Locked out now",
    deactivated: "Deactivated",
    all: "Everyone, including deactivated",
  },
  "Choose a status from the list",
);
export const VERIFIED_FILTER = choices({ "": "Either", yes: "Verified", no: "Not verified" }, "Choose yes or no");
/** Regular members by where their membership stands now (src/features/admin-dashboard/definitions.ts). */
export const MEMBERSHIP_FILTER = choices(
  {
    "": "Any",
    active: "Active (not ended)",
    due: "Renewal due within the days below",
    ended: "Ended: in grace or lapsed",
    grace: "In the grace period",
    lapsed: "Lapsed (past the grace period)",
  },
  "Choose a membership state from the list",
);

/** Filters of the member list and its CSV. Unknown keys (page, notice) are ignored. */
export const userFiltersSchema = z.object({
  q: plainText("Search", 100).default(""),
  type: MEMBER_TYPE_FILTER.schema.default(""),
  status: USER_STATUS_FILTER.schema.default(""),
  verified: VERIFIED_FILTER.schema.default(""),
  membership: MEMBERSHIP_FILTER.schema.default(""),
  /** With membership=due: how many days ahead (the dashboard's 30 when empty). */
  dueDays: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || (/^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 366), "Enter a number of days from 1 to 366"),
  /** Joined on or after this Pacific day. */
  joined: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || fromPacificDateInput(v) !== null, "Use a date like 2026-12-01"),
});
export type UserFilters = z.infer<typeof userFiltersSchema>;
export const EMPTY_USER_FILTERS: UserFilters = { q: "", type: "", status: "", verified: "", membership: "", dueDays: "", joined: "" };
/** The filters in the order the list, its CSV and the bulk forms carry them. */
export const USER_FILTER_KEYS = ["q", "type", "status", "verified", "membership", "dueDays", "joined"] as const satisfies ReadonlyArray<keyof UserFilters>;

export const profileSchema = z.object({
  firstName: requiredText("First name", 60).optional(),
  lastName: requiredText("Last name", 60).optional(),
  company: optionalLine("Company", 120),
  title: optionalLine("Title", 120),
  phone: optionalLine("Phone", 30, {
    re: /^[0-9+().\-\s]{7,30}$/,
    message: "Phone may use digits, spaces, + ( ) . and -",
  }),
  city: optionalLine("City", 80),
  state: optionalLine("State", 30, { re: /^[A-Za-z]{2}$/, message: "State must be a two-letter code, e.g. CA" }).transform(
    (v) => (typeof v === "string" ? v.toUpperCase() : v),
  ),
  zipCode: optionalLine("ZIP code", 10, { re: /^\d{5}(-\d{4})?$/, message: "ZIP code must be 5 digits, or 5+4" }),
  memberType: z.enum(MEMBER_TYPES, { error: "Choose a member type from the list" }).optional(),
  membershipExpiresAt: pacificDate("Membership expiry").optional(),
});
export type ProfileInput = z.infer<typeof profileSchema>;

export const deactivateSchema = z.object({
  confirm: z.literal("yes", { error: "Tick the box to confirm the deactivation" }),
});

export const assignRoleSchema = z.object({
  roleId: rowId("Choose a role from the list"),
  expiresAt: pacificDate("Expiry date")
    .refine((d) => d === null || d.getTime() > Date.now(), "The expiry date must be in the future")
    .optional()
    .transform((d) => d ?? null),
});

// ---------- roles ----------

export const createRoleSchema = z.object({
  name: plainText("Name", 60).min(2, "The name needs at least 2 characters"),
  description: plainText("Description", 300, { multiline: true }).default(""),
});

const PERMISSION_NAME = /^[a-z]{1,30}:[a-z]{1,30}$/;
export const rolePermissionsSchema = z.object({
  permission: z
    .union([z.string(), z.array(z.string()).max(200, "Too many permissions")], { error: "Choose permissions from the list" })
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .refine((names) => names.every((n) => PERMISSION_NAME.test(n)), "Choose permissions from the list")
    .transform((names) => [...new Set(names)].sort()),
});

// ---------- outbox and audit ----------

export const OUTBOX_STATUS_FILTER = choices(
  { "": "Any status", PENDING: "Pending", SENT: "Sent", DEAD: "Failed for good (dead)" },
  "Choose a status from the list",
);
export const outboxFiltersSchema = z.object({
  status: OUTBOX_STATUS_FILTER.schema.default(""),
});
export type OutboxFilters = z.infer<typeof outboxFiltersSchema>;

export const AUDIT_ACTIONS = adminActionTypeEnum.enumValues;
export const auditFiltersSchema = z.object({
  action: z.enum(["", ...AUDIT_ACTIONS], { error: "Choose an action from the list" }).default(""),
  /** An account id or email address. */
  actor: plainText("Actor", 254).default(""),
  target: plainText("Target", 254).default(""),
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

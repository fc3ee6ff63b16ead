// The credential form (member side) and the review form and queue filters (admin side).
import * as z from "zod";
import { credentialTypeEnum } from "../../db/schema/directory.ts";
import { choices, plainText, requiredText } from "../../lib/fields.ts";
import { pageField } from "../../lib/pagination.ts";
import { CREDENTIAL_TYPE_LABELS, isRealDay } from "./rules.ts";

export const CREDENTIAL_TYPES = choices(CREDENTIAL_TYPE_LABELS, "Choose the kind of credential");
// The enum in the schema and the labels must list the same values.
credentialTypeEnum.enumValues satisfies ReadonlyArray<keyof typeof CREDENTIAL_TYPE_LABELS>;

/** A date input's value: blank → null, else a real day between 1950 and 2100. */
function day(label: string) {
  return z
    .string({ error: `${label} must be a date` })
    .optional()
    .default("")
    .transform((v) => v.trim())
    .refine((v) => v === "" || (isRealDay(v) && v >= "1950-01-01" && v <= "2100-12-31"), `${label} must be a real date (YYYY-MM-DD)`)
    .transform((v) => (v === "" ? null : v));
}

export const credentialFormSchema = z
  .object({
    type: CREDENTIAL_TYPES.schema,
    issuer: requiredText("Issuer", 120),
    number: plainText("Number", 60).optional().default(""),
    classification: plainText("Classification", 120).optional().default(""),
    issuedOn: day("Issue date"),
    expiresOn: day("Expiry date"),
  })
  .refine((v) => v.issuedOn === null || v.expiresOn === null || v.expiresOn >= v.issuedOn, {
    path: ["expiresOn"],
    message: "The expiry date must be on or after the issue date",
  });

export type CredentialForm = z.infer<typeof credentialFormSchema>;

/** What the form shows when empty. */
export const EMPTY_CREDENTIAL_FORM = { type: "", issuer: "", number: "", classification: "", issuedOn: "", expiresOn: "" };
export type CredentialFormValues = typeof EMPTY_CREDENTIAL_FORM;

// ---------------------------------------------------------------- admin

export const REVIEW_DECISIONS = choices({ VERIFIED: "Verify", REJECTED: "Reject" }, "Choose verify or reject");

export const reviewFormSchema = z
  .object({
    decision: REVIEW_DECISIONS.schema,
    reason: plainText("Reason", 500, { multiline: true }).optional().default(""),
    version: z.string({ error: "Reload the page and review again" }).max(40),
  })
  .refine((v) => v.decision !== "REJECTED" || v.reason !== "", { path: ["reason"], message: "Say why it is rejected: the member reads this" });

export const QUEUE_TABS = choices(
  { pending: "Waiting for review", expiring: "Expiring in 30 days", expired: "Expired", all: "All" },
  "Choose a list",
);
export type QueueTab = z.infer<typeof QUEUE_TABS.schema>;

export const queueFiltersSchema = z.object({
  tab: QUEUE_TABS.schema.optional().default("pending"),
  type: z.union([z.literal(""), CREDENTIAL_TYPES.schema]).optional().default(""),
  q: plainText("Search", 100).optional().default(""),
});
export type QueueFilters = z.infer<typeof queueFiltersSchema>;
export const QUEUE_LIST_QUERY = queueFiltersSchema.extend({ page: pageField() });
export const EMPTY_QUEUE_FILTERS = { tab: "pending", type: "", q: "" };

// The admin list's filters and the revoke form.
import * as z from "zod";
import { choices, plainText, requiredText } from "../../lib/fields.ts";
import { pageField } from "../../lib/pagination.ts";

export const CERTIFICATE_STATUSES = choices({ valid: "Valid", revoked: "Revoked" }, "Choose valid or revoked");

export const certificateFiltersSchema = z.object({
  member: plainText("Member", 100).optional().default(""),
  course: plainText("Course", 100).optional().default(""),
  status: z.union([z.literal(""), CERTIFICATE_STATUSES.schema]).optional().default(""),
});
export type CertificateFilters = z.infer<typeof certificateFiltersSchema>;
export const CERTIFICATE_LIST_QUERY = certificateFiltersSchema.extend({ page: pageField() });
export const EMPTY_CERTIFICATE_FILTERS = { member: "", course: "", status: "" };

export const revokeFormSchema = z.object({
  reason: requiredText("Reason", 500, { multiline: true }),
  confirm: z.literal("yes", { error: "Tick the box to confirm: a revoked certificate stays revoked" }),
});

/** The verify form: a pasted credential or an uploaded .jwt file (read by the route, not zod). */
export const VERIFY_FIELD = "credential";

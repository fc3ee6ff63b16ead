// Bulk actions on the filtered member list: choose (GET, the list's own filters in the query),
// confirm (POST: the set counted and fingerprinted, the action in words) and apply (POST: the
// set read again in the transaction; a different set is refused and shown afresh). A
// confirmation applies once: its nonce is taken under an advisory lock and kept in the audit row.
import { Hono } from "hono";
import { and, eq, sql } from "drizzle-orm";
import { allow, can } from "../../auth/rbac.ts";
import { isId, newId } from "../../db/ids.ts";
import { adminActions } from "../../db/schema/audit.ts";
import { type AdminContext, navLinks } from "../../http/admin.ts";
import { renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { auditActor } from "../../lib/audit.ts";
import { readFormStrings, readQuery, toFieldErrors } from "../../lib/forms.ts";
import { noticeTable } from "../../lib/notices.ts";
import { BulkChoosePage, BulkConfirmPage } from "../../../templates/admin-members-bulk/BulkPages.tsx";
import { EMPTY_USER_FILTERS, type UserFilters, userFiltersSchema } from "../admin/forms.ts";
import { assignableRoles } from "../admin/queries.ts";
import { applyBulk, previewBulk, readSegment, type Preview } from "./bulk.ts";
import { actionFields, type BulkAction, bulkActionSchema, describeFilters, filterQueryString, toBulkAction } from "./rules.ts";

export const bulkRoutes = new Hono<AppEnv>();
const manage = allow.to("manage", "users");

export const bulkNotices = noticeTable({
  bulk_email: "The email is queued for every matching member who wants it. The audit trail has the figures; the outbox shows the emails.",
  bulk_role: "The role change is applied to every matching member. The audit trail has the figures.",
  bulk_extend: "Memberships are extended for every matching member. The audit trail has the figures.",
});

async function chooser(c: AdminContext, filters: UserFilters, state: { status?: 200 | 409 | 422; values?: Record<string, string>; errors?: Record<string, string>; error?: string } = {}) {
  const db = c.var.db();
  const canManageRoles = can(c.var.signedIn.user, "manage", "roles");
  const [segment, roles] = await Promise.all([readSegment(db, filters, c.var.config.DUES_GRACE_DAYS), canManageRoles ? assignableRoles(db) : Promise.resolve([])]);
  return renderPage(c, {
    title: "Bulk actions on members",
    status: state.status ?? 200,
    body: (
      <BulkChoosePage
        links={navLinks(c)}
        filters={filters}
        listQuery={filterQueryString(filters)}
        filterWords={describeFilters(filters)}
        count={segment.count}
        roles={roles}
        canManageRoles={canManageRoles}
        values={state.values}
        errors={state.errors}
        error={state.error}
      />
    ),
  });
}

bulkRoutes.get("/users/bulk", manage, async (c) => {
  const query = readQuery(c, userFiltersSchema);
  if (!query.ok) {
    return renderPage(c, {
      title: "Bulk actions on members",
      status: 422,
      body: (
        <p class="notice bad" role="alert">
          The filters are not valid ({Object.values(query.errors).join("; ")}). <a href="/admin/users">Back to members</a>
        </p>
      ),
    });
  }
  return chooser(c, query.data);
});

/** The filters and the action of a bulk form; the filters are checked like the list's query. */
async function readBulkForm(c: AdminContext) {
  const values = await readFormStrings(c);
  const filters = userFiltersSchema.safeParse(values);
  const action = bulkActionSchema.safeParse(values);
  return { values, filters, action };
}

function confirmPage(c: AdminContext, filters: UserFilters, action: BulkAction, preview: Preview, changed = false) {
  return renderPage(c, {
    title: "Confirm the bulk action",
    status: changed ? 409 : preview.refusal ? 422 : 200,
    body: (
      <BulkConfirmPage
        links={navLinks(c)}
        filters={filters}
        filterWords={describeFilters(filters)}
        listQuery={filterQueryString(filters)}
        count={preview.segment.count}
        fingerprint={preview.segment.fingerprint}
        nonce={newId()}
        summary={preview.summary}
        refusal={preview.refusal}
        recipients={preview.recipients}
        actionFields={actionFields(action)}
        emailBody={action.action === "email" ? action.body : undefined}
        changed={changed}
      />
    ),
  });
}

bulkRoutes.post("/users/bulk", manage, async (c) => {
  const form = await readBulkForm(c);
  if (!form.filters.success) return chooser(c, EMPTY_USER_FILTERS, { status: 422, error: "The filters are not valid; start again from the member list." });
  const filters = form.filters.data;
  if (!form.action.success) return chooser(c, filters, { status: 422, values: form.values, errors: toFieldErrors(form.action.error.issues) });
  const action = toBulkAction(form.action.data);
  return confirmPage(c, filters, action, await previewBulk(c.var.db(), c.var.signedIn.user, filters, action, c.var.config.DUES_GRACE_DAYS));
});

bulkRoutes.post("/users/bulk/apply", manage, async (c) => {
  const form = await readBulkForm(c);
  if (!form.filters.success) return chooser(c, EMPTY_USER_FILTERS, { status: 422, error: "The filters are not valid; start again from the member list." });
  const filters = form.filters.data;
  if (!form.action.success) return chooser(c, filters, { status: 422, values: form.values, errors: toFieldErrors(form.action.error.issues) });
  const action = toBulkAction(form.action.data);
  const count = /^\d{1,6}$/.test(form.values.count ?? "") ? Number(form.values.count) : -1;
  const fingerprint = /^[0-9a-f]{64}$/.test(form.values.fingerprint ?? "") ? form.values.fingerprint! : "";
  const nonce = form.values.nonce ?? "";
  if (count < 0 || !fingerprint || !isId(nonce)) return chooser(c, filters, { status: 422, values: form.values, error: "Review the action again: the confirmation was incomplete." });

  const me = c.var.signedIn.user;
  const db = c.var.db();
  const outcome = await db.transaction(async (tx) => {
    // One confirmation, one application: a second submit of the same page (back button, double click) finds its nonce taken.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`bulk:${nonce}`}))`);
    const [used] = await tx
      .select({ id: adminActions.id })
      .from(adminActions)
      .where(and(eq(adminActions.action, "BULK_ACTION"), sql`${adminActions.metadata}->>'nonce' = ${nonce}`))
      .limit(1);
    if (used) return { kind: "refused", message: "This confirmation has already been applied. Start again from the member list for another action." } as const;
    return applyBulk(tx, me, auditActor(c), { filters, graceDays: c.var.config.DUES_GRACE_DAYS, action, confirmedCount: count, confirmedFingerprint: fingerprint, publicUrl: c.var.config.PUBLIC_URL, nonce });
  });
  switch (outcome.kind) {
    case "changed":
      return confirmPage(c, filters, action, outcome.preview, true);
    case "refused":
      return chooser(c, filters, { status: 409, error: outcome.message });
    case "done": {
      const code = action.action === "email" ? "bulk_email" : action.action === "extend" ? "bulk_extend" : "bulk_role";
      return bulkNotices.redirect(c, "/admin/users", code, filters);
    }
  }
});

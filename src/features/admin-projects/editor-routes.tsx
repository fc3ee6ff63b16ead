// Creating and editing opportunities. The map position comes from the ZIP (zip_codes); an
// unknown ZIP is an error beside the field. Saved with its AdminAction row in one transaction.
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import type { Db } from "../../db/client.ts";
import { ID, newId } from "../../db/ids.ts";
import { type Project, projects } from "../../db/schema/projects.ts";
import { type AdminContext, navLinks } from "../../http/admin.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { auditActor, changedFields, recordAdminAction } from "../../lib/audit.ts";
import { readFormStrings, toFieldErrors } from "../../lib/forms.ts";
import { ProjectNewPage } from "../../../templates/admin-projects/ProjectEditPage.tsx";
import { canonical } from "../admin-events/rules.ts";
import {
  EMPTY_PROJECT_FORM,
  PROJECT_ROW_KINDS,
  projectColumns,
  projectFormInput,
  projectFormSchema,
  type ProjectFormState,
  type ProjectRowKind,
  readProjectRows,
} from "./forms.ts";
import { renderProjectPage } from "./pages.tsx";
import { findProject, lockProject } from "./queries.ts";
import { zipCentroid } from "../profile/location.ts";
import { projectAdminNotices } from "./rules.ts";

export const editorRoutes = new Hono<AppEnv>();
const manage = allow.to("manage", "projects");

type Columns = ReturnType<typeof projectColumns> & { latitude: number | null; longitude: number | null; coordinates: { lat: number; lng: number } | null };
type Submitted =
  | { kind: "addRow"; form: ProjectFormState; addedRow: ProjectRowKind }
  | { kind: "invalid"; form: ProjectFormState }
  | { kind: "valid"; form: ProjectFormState; columns: Columns };

/** Reads the editor: "Add another" (no JS) re-renders with one more row; otherwise validate and place the ZIP. */
async function readEditor(c: AdminContext, db: Db, existing?: Project): Promise<Submitted> {
  const values = await readFormStrings(c);
  const rows = readProjectRows(values);
  const form: ProjectFormState = { values, rows, errors: {} };
  const addRow = values.addRow;
  if (addRow && (PROJECT_ROW_KINDS as readonly string[]).includes(addRow)) return { kind: "addRow", form, addedRow: addRow as ProjectRowKind };
  const parsed = projectFormSchema.safeParse(projectFormInput(values, rows));
  if (!parsed.success) return { kind: "invalid", form: { ...form, errors: toFieldErrors(parsed.error.issues) } };
  const base = projectColumns(parsed.data, rows, existing);
  const zip = parsed.data.addressZip;
  let point = existing?.latitude != null && existing.longitude != null ? { lat: existing.latitude, lng: existing.longitude } : null;
  if (zip) {
    const place = await zipCentroid(db, zip);
    point = place && { lat: place.latitude, lng: place.longitude };
    if (!point) return { kind: "invalid", form: { ...form, errors: { addressZip: `We have no map position for ZIP code ${zip}. Check it.` } } };
  }
  return { kind: "valid", form, columns: { ...base, latitude: point?.lat ?? null, longitude: point?.lng ?? null, coordinates: point } };
}

function renderNew(c: AdminContext, form: ProjectFormState, status: 200 | 422 = 200, addedRow?: ProjectRowKind) {
  return renderPage(c, { title: "New bid opportunity", status, body: <ProjectNewPage form={form} addedRow={addedRow} links={navLinks(c)} /> });
}

editorRoutes.get("/new", manage, (c) => renderNew(c, EMPTY_PROJECT_FORM));

editorRoutes.post("/", manage, async (c) => {
  const db = c.var.db();
  const submitted = await readEditor(c, db);
  if (submitted.kind === "addRow") return renderNew(c, submitted.form, 200, submitted.addedRow);
  if (submitted.kind === "invalid") return renderNew(c, submitted.form, 422);
  const me = c.var.signedIn.user;
  const id = newId();
  const cols = submitted.columns;
  await db.transaction(async (tx) => {
    await tx.insert(projects).values({ ...cols, id, source: "MANUAL", status: "DRAFT", createdById: me.id, updatedById: me.id });
    await recordAdminAction(tx, auditActor(c), {
      action: "PROJECT_CREATED",
      details: `Opportunity created: ${cols.title}`,
      after: { title: cols.title, category: cols.category, visibility: cols.visibility, deadlineDate: cols.deadlineDate, budgetMin: cols.budgetMin, budgetMax: cols.budgetMax },
      extra: { projectId: id },
    });
  });
  return projectAdminNotices.redirect(c, `/admin/projects/${id}`, "created");
});

editorRoutes.get(`/${ID}`, manage, async (c) => {
  const project = await findProject(c.var.db(), c.req.param("id"));
  return project ? renderProjectPage(c, project) : renderNotFound(c);
});

editorRoutes.post(`/${ID}`, manage, async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const project = await findProject(db, id);
  if (!project) return renderNotFound(c);
  const submitted = await readEditor(c, db, project);
  if (submitted.kind === "addRow") return renderProjectPage(c, project, { form: submitted.form, addedRow: submitted.addedRow });
  if (submitted.kind === "invalid") return renderProjectPage(c, project, { status: 422, form: submitted.form });
  const wanted = submitted.columns;
  const me = c.var.signedIn.user;
  const outcome = await db.transaction(async (tx) => {
    const before = await lockProject(tx, id);
    if (!before) return "missing" as const;
    // The places already taken stay taken: the limit cannot drop below them.
    if (wanted.maxApplications != null && wanted.maxApplications < before.applicationCount) return { tooFew: before.applicationCount };
    const pick = (p: Record<string, unknown>) => Object.fromEntries(Object.keys(wanted).map((k) => [k, canonical(p[k])]));
    const diff = changedFields(pick(before), pick(wanted as Record<string, unknown>));
    const fields = Object.keys(diff.after);
    if (fields.length === 0) return "unchanged" as const;
    await tx
      .update(projects)
      .set({ ...wanted, updatedById: me.id, updatedAt: new Date() })
      .where(eq(projects.id, id));
    await recordAdminAction(tx, auditActor(c), {
      action: "PROJECT_UPDATED",
      details: `Opportunity updated (${before.title}): ${fields.join(", ")}`,
      before: diff.before,
      after: diff.after,
      extra: { projectId: id },
    });
    return "saved" as const;
  });
  if (outcome === "missing") return renderNotFound(c);
  if (typeof outcome === "object") {
    const message = `${outcome.tooFew} bids are already in: the limit cannot be lower (blank for no limit).`;
    return renderProjectPage(c, project, { status: 422, form: { ...submitted.form, errors: { maxApplications: message } } });
  }
  return projectAdminNotices.redirect(c, `/admin/projects/${id}`, outcome === "saved" ? "saved" : "unchanged");
});

// Creating and editing events. A capacity change goes through the EventCapacity object
// first (it refuses to drop below the seats taken, and seats the waitlist when raised);
// only then are the other fields saved, with their AdminAction row, in one transaction.
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { newId, ID } from "../../db/ids.ts";
import { events, type Event } from "../../db/schema/events.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { toFieldErrors, readFormStrings } from "../../lib/forms.ts";
import { EventNewPage } from "../../../templates/admin-events/EventEditPage.tsx";
import { changedFields, recordAdminAction, auditActor } from "../../lib/audit.ts";
import {
  EMPTY_EVENT_FORM,
  eventColumns,
  type EventFormState,
  eventFormSchema,
  formInput,
  readRows,
  ROW_KINDS,
  type RowKind,
} from "./forms.ts";
import { renderEditPage } from "./pages.tsx";
import { findEvent, lockEvent } from "./queries.ts";
import { canonical, eventAdminNotices } from "./rules.ts";
import { setEventCapacity } from "../events/capacity.ts";
import { type AdminContext, navLinks } from "../../http/admin.ts";

export const editorRoutes = new Hono<AppEnv>();
const manage = allow.to("manage", "events");

type Submitted =
  | { kind: "addRow"; form: EventFormState; addedRow: RowKind }
  | { kind: "invalid"; form: EventFormState }
  | { kind: "valid"; form: EventFormState; columns: ReturnType<typeof eventColumns> };

/** Reads the editor: "Add another" (no JS) re-renders with one more row; otherwise validate. */
async function readEditor(c: AdminContext, existing?: Event): Promise<Submitted> {
  const values = await readFormStrings(c);
  const rows = readRows(values);
  const form: EventFormState = { values, rows, errors: {} };
  const addRow = values.addRow;
  if (addRow && (ROW_KINDS as readonly string[]).includes(addRow)) return { kind: "addRow", form, addedRow: addRow as RowKind };
  const parsed = eventFormSchema.safeParse(formInput(values, rows));
  if (!parsed.success) return { kind: "invalid", form: { ...form, errors: toFieldErrors(parsed.error.issues) } };
  return { kind: "valid", form, columns: eventColumns(parsed.data, existing) };
}

function renderNew(c: AdminContext, form: EventFormState, status: 200 | 422 = 200, addedRow?: RowKind) {
  return renderPage(c, { title: "New event", status, body: <EventNewPage form={form} addedRow={addedRow} links={navLinks(c)} /> });
}

editorRoutes.get("/new", manage, (c) => renderNew(c, EMPTY_EVENT_FORM));

editorRoutes.post("/", manage, async (c) => {
  const submitted = await readEditor(c);
  if (submitted.kind === "addRow") return renderNew(c, submitted.form, 200, submitted.addedRow);
  if (submitted.kind === "invalid") return renderNew(c, submitted.form, 422);
  const me = c.var.signedIn.user;
  const id = newId();
  const cols = submitted.columns;
  await c.var.db().transaction(async (tx) => {
    await tx.insert(events).values({ ...cols, id, status: "DRAFT", createdById: me.id, updatedById: me.id });
    await recordAdminAction(tx, auditActor(c), {
      action: "EVENT_CREATED",
      details: `Event created: ${cols.title}`,
      after: { title: cols.title, type: cols.type, startDate: cols.startDate, endDate: cols.endDate, maxCapacity: cols.maxCapacity, price: cols.price },
      extra: { eventId: id },
    });
  });
  return eventAdminNotices.redirect(c, `/admin/events/${id}`, "created");
});

editorRoutes.get(`/${ID}`, manage, async (c) => {
  const event = await findEvent(c.var.db(), c.req.param("id"));
  return event ? renderEditPage(c, event) : renderNotFound(c);
});

const JSON_LISTS = ["agenda", "speakers", "sponsors", "materials"] as const;
const isEmptyList = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

editorRoutes.post(`/${ID}`, manage, async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const event = await findEvent(db, id);
  if (!event) return renderNotFound(c);
  const submitted = await readEditor(c, event);
  if (submitted.kind === "addRow") return renderEditPage(c, event, { form: submitted.form, addedRow: submitted.addedRow });
  if (submitted.kind === "invalid") return renderEditPage(c, event, { status: 422, form: submitted.form });

  const { maxCapacity, ...wanted } = submitted.columns;
  // An empty list stays as it was stored (null or []), so saving an untouched form changes nothing.
  for (const key of JSON_LISTS) if (isEmptyList(wanted[key]) && isEmptyList(event[key])) wanted[key] = event[key];
  const capacityBefore = event.maxCapacity;
  const capacityAfter = maxCapacity ?? null;
  let promoted: string[] = [];
  if (capacityAfter !== capacityBefore) {
    const result = await setEventCapacity(c.env, id, capacityAfter);
    if (!result.ok) {
      return renderEditPage(c, event, { status: 422, form: { ...submitted.form, errors: { maxCapacity: result.message } } });
    }
    promoted = result.promoted.map((p) => p.userId);
  }

  const me = c.var.signedIn.user;
  const outcome = await db.transaction(async (tx) => {
    const before = await lockEvent(tx, id);
    if (!before) return "missing" as const;
    const pick = (e: Record<string, unknown>) => Object.fromEntries(Object.keys(wanted).map((k) => [k, canonical(e[k])]));
    const diff = changedFields(
      { ...pick(before), maxCapacity: capacityBefore },
      { ...pick(wanted as Record<string, unknown>), maxCapacity: capacityAfter },
    );
    const fields = Object.keys(diff.after);
    if (fields.length === 0) return "unchanged" as const;
    // max_capacity is written by the object (it already holds the new value); the rest is ours.
    await tx
      .update(events)
      .set({ ...wanted, updatedById: me.id })
      .where(eq(events.id, id));
    await recordAdminAction(tx, auditActor(c), {
      action: "EVENT_UPDATED",
      details: `Event updated (${before.title}): ${fields.join(", ")}`,
      before: diff.before,
      after: diff.after,
      extra: { eventId: id, ...(promoted.length ? { promotedFromWaitlist: promoted } : {}) },
    });
    return "saved" as const;
  });
  if (outcome === "missing") return renderNotFound(c);
  return eventAdminNotices.redirect(c, `/admin/events/${id}`, outcome === "saved" ? "saved" : "unchanged");
});

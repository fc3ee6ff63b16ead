// Event files in R2 (checked by src/lib/uploads.ts) with their event_files rows.
// Upload: R2 first, then the row and its audit in one transaction; if that fails the object
// is removed again. Delete: row and audit first, then R2 (an orphan object is harmless,
// a row pointing at nothing is not).
import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { isId, ID, idParam } from "../../db/ids.ts";
import { eventFiles } from "../../db/schema/events.ts";
import type { AppEnv } from "../../http/types.ts";
import { readForm } from "../../lib/forms.ts";
import { log } from "../../lib/log.ts";
import { storeEventUpload } from "../../lib/uploads.ts";
import { recordAdminAction, auditActor } from "../../lib/audit.ts";

import { renderEditPage } from "./pages.tsx";
import { findEvent } from "./queries.ts";
import { renderNotFound } from "../../http/render.tsx";
import { eventAdminNotices } from "./rules.ts";

export const fileRoutes = new Hono<AppEnv>();
const manage = allow.to("manage", "events");

fileRoutes.post(`/${ID}/files`, manage, async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const event = await findEvent(db, id);
  if (!event) return renderNotFound(c);
  const { raw } = await readForm(c);
  const upload = await storeEventUpload(c.env.FILES, id, raw.file);
  if (!upload.ok) return renderEditPage(c, event, { status: 422, fileError: upload.message });
  const { key, fileName, contentType, size } = upload.stored;
  const me = c.var.signedIn.user;
  try {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(eventFiles)
        .values({ eventId: id, fileName, filePath: key, fileType: contentType.split(";")[0]!, fileSize: size, uploadedBy: me.id })
        .returning({ id: eventFiles.id });
      await recordAdminAction(tx, auditActor(c), {
        action: "EVENT_UPDATED",
        details: `File uploaded to ${event.title}: ${fileName}`,
        after: { file: fileName },
        extra: { eventId: id, fileId: row!.id, key, size, contentType },
      });
    });
  } catch (err) {
    await c.env.FILES.delete(key).catch(() => {});
    throw err;
  }
  return eventAdminNotices.redirect(c, `/admin/events/${id}`, "file_added");
});

fileRoutes.post(`/${ID}/files/${idParam("fileId")}/delete`, manage, async (c) => {
  const id = c.req.param("id");
  const fileId = c.req.param("fileId");
  const db = c.var.db();
  const event = await findEvent(db, id);
  if (!event || !isId(fileId)) return renderNotFound(c);
  const deleted = await db.transaction(async (tx) => {
    const [file] = await tx
      .delete(eventFiles)
      .where(and(eq(eventFiles.id, fileId), eq(eventFiles.eventId, id)))
      .returning();
    if (!file) return null;
    await recordAdminAction(tx, auditActor(c), {
      action: "EVENT_UPDATED",
      details: `File deleted from ${event.title}: ${file.fileName}`,
      before: { file: file.fileName },
      extra: { eventId: id, fileId, key: file.filePath },
    });
    return file;
  });
  if (!deleted) return renderNotFound(c);
  try {
    await c.env.FILES.delete(deleted.filePath);
  } catch (err) {
    log("warn", "event file left in R2 after its row was deleted", { key: deleted.filePath, error: String(err) });
  }
  return eventAdminNotices.redirect(c, `/admin/events/${id}`, "file_deleted");
});

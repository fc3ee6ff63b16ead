// Streams an event file from R2 (binding FILES, key event_files.file_path). Uploads are
// checked by the admin screens, but a file is still someone's upload served from our origin,
// so only types a browser shows safely are inline; everything else (HTML, SVG, office files)
// downloads as an attachment (and the app's CSP and nosniff apply to every response).
import type { Context } from "hono";
import type { AppEnv } from "../../http/types.ts";
import { findEventFile } from "./queries.ts";

const INLINE_TYPES = new Set(["application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain"]);
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

export function safeContentType(declared: string | null | undefined): string {
  const type = (declared ?? "").split(";")[0]!.trim().toLowerCase();
  return MIME.test(type) ? type : "application/octet-stream";
}

/** RFC 6266: an ASCII fallback name plus the exact UTF-8 name. */
export function contentDisposition(type: string, fileName: string): string {
  const kind = INLINE_TYPES.has(type) ? "inline" : "attachment";
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_").slice(0, 150) || "file";
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName.slice(0, 150))}`;
}

/** The response, or null when the event, the file (of THIS event) or the stored object is missing. */
export async function downloadEventFile<E extends AppEnv>(c: Context<E>, eventId: string, fileId: string): Promise<Response | null> {
  const file = await findEventFile(c.var.db(), eventId, fileId);
  if (!file) return null;
  // Only the conditional headers a download needs: a phone re-opening a handout gets a 304.
  const conditional = new Headers();
  for (const name of ["if-none-match", "if-modified-since"]) {
    const value = c.req.header(name);
    if (value) conditional.set(name, value);
  }
  const object = await c.env.FILES.get(file.filePath, { onlyIf: conditional });
  if (!object) return null;
  const type = safeContentType(file.fileType || object.httpMetadata?.contentType);
  const headers = new Headers({
    "content-type": type,
    "content-disposition": contentDisposition(type, file.fileName),
    "cache-control": "private, max-age=3600",
    etag: object.httpEtag,
    "last-modified": object.uploaded.toUTCString(),
  });
  if (!("body" in object) || !object.body) return new Response(null, { status: 304, headers });
  headers.set("content-length", String(object.size));
  return new Response(object.body, { status: 200, headers });
}

// Streams a bid document or an applicant's file from R2 (binding FILES). The route has
// already decided the reader may have it; content type and disposition follow the events'
// rules (only types a browser shows safely are inline).
import type { Context } from "hono";
import type { AppEnv } from "../../http/types.ts";
import { contentDisposition, safeContentType } from "../events/files.ts";

export async function downloadStoredFile<E extends AppEnv>(
  c: Context<E>,
  file: { fileName: string; filePath: string; fileType: string },
): Promise<Response | null> {
  const object = await c.env.FILES.get(file.filePath);
  if (!object) return null;
  const type = safeContentType(file.fileType || object.httpMetadata?.contentType);
  return new Response(object.body, {
    status: 200,
    headers: {
      "content-type": type,
      "content-disposition": contentDisposition(type, file.fileName),
      "content-length": String(object.size),
      "cache-control": "private, max-age=300",
    },
  });
}

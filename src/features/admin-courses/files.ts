// A file module's handout in R2, checked by src/lib/uploads.ts (extension and first bytes must
// agree, 10 MB at most) and narrowed to what a course hands out: PDF, images, Word and Excel;
// and its download, the same for members and admins.
import { isId, newId } from "../../db/ids.ts";
import { contentDisposition, safeContentType } from "../events/files.ts";
import { checkUpload, MAX_UPLOAD_BYTES, sanitiseFileName, UPLOAD_KINDS, type UploadKind } from "../../lib/uploads.ts";

export const COURSE_FILE_KINDS = ["pdf", "png", "jpeg", "docx", "xlsx"] as const satisfies readonly UploadKind[];
export const COURSE_FILES_TEXT = "PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx), up to 10 MB";
export const COURSE_FILE_ACCEPT = COURSE_FILE_KINDS.flatMap((k) => UPLOAD_KINDS[k].extensions.map((e) => `.${e}`)).join(",");

export interface StoredCourseFile {
  key: string;
  fileName: string;
  contentType: string;
  size: number;
}

/** `courses/<courseId>/<newId>-<sanitised name>`. */
export function courseFileKey(courseId: string, fileName: string): string {
  if (!isId(courseId)) throw new TypeError("courseId must be an id");
  return `courses/${courseId}/${newId()}-${sanitiseFileName(fileName)}`;
}

/** Checks the upload and, only when it passes, puts it in R2 under the course's folder. */
export async function storeCourseFile(
  bucket: R2Bucket,
  courseId: string,
  file: unknown,
): Promise<{ ok: true; stored: StoredCourseFile } | { ok: false; message: string }> {
  if (!(file instanceof File) || file.name === "") return { ok: false, message: "Choose a file to upload." };
  if (file.size > MAX_UPLOAD_BYTES) {
    return { ok: false, message: `The file is too large: ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${(MAX_UPLOAD_BYTES / 1024 / 1024).toFixed(1)} MB.` };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const check = checkUpload(file.name, bytes);
  if (!check.ok) return check;
  if (!(COURSE_FILE_KINDS as readonly string[]).includes(check.kind)) {
    return { ok: false, message: `A course handout must be one of: ${COURSE_FILES_TEXT}.` };
  }
  const key = courseFileKey(courseId, check.fileName);
  await bucket.put(key, bytes, {
    httpMetadata: { contentType: check.contentType, contentDisposition: `attachment; filename="${check.fileName}"` },
    customMetadata: { originalName: file.name.slice(0, 200) },
  });
  return { ok: true, stored: { key, fileName: check.fileName, contentType: check.contentType, size: check.size } };
}

/**
 * A handout's download: always an attachment (never shown inline from our origin), under a
 * content type that is a well-formed media type, with its name kept (RFC 6266). Null when the
 * object is gone from R2.
 */
export async function handoutResponse(bucket: R2Bucket, handout: Pick<StoredCourseFile, "key" | "fileName" | "contentType">, cacheControl: string): Promise<Response | null> {
  const object = await bucket.get(handout.key);
  if (!object) return null;
  return new Response(object.body, {
    headers: {
      "content-type": safeContentType(handout.contentType),
      // An attachment whatever the type: the disposition of a type no browser shows inline.
      "content-disposition": contentDisposition("application/octet-stream", handout.fileName),
      "content-length": String(object.size),
      "x-content-type-options": "nosniff",
      "cache-control": cacheControl,
    },
  });
}

// Checked uploads to R2. A file is accepted only when its extension AND its first bytes
// agree on one allowed kind; the stored content type comes from that kind, never from the
// browser. Keys are built from ids and a sanitised name, so a file name cannot climb out
// of its folder or smuggle markup into a listing.
import { isId, newId } from "../db/ids.ts";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export type UploadKind = "pdf" | "png" | "jpeg" | "docx" | "xlsx" | "text" | "csv";

interface KindRule {
  extensions: readonly string[];
  contentType: string;
  label: string;
}

export const UPLOAD_KINDS: Record<UploadKind, KindRule> = {
  pdf: { extensions: ["pdf"], contentType: "application/pdf", label: "PDF" },
  png: { extensions: ["png"], contentType: "image/png", label: "PNG image" },
  jpeg: { extensions: ["jpg", "jpeg"], contentType: "image/jpeg", label: "JPEG image" },
  docx: {
    extensions: ["docx"],
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    label: "Word document (.docx)",
  },
  xlsx: {
    extensions: ["xlsx"],
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    label: "Excel workbook (.xlsx)",
  },
  text: { extensions: ["txt"], contentType: "text/plain; charset=utf-8", label: "plain text (.txt)" },
  csv: { extensions: ["csv"], contentType: "text/csv; charset=utf-8", label: "CSV" },
};

/** For the form's hint and its accept attribute. */
export const ALLOWED_UPLOADS_TEXT = "PDF, PNG, JPEG, Word (.docx), Excel (.xlsx), plain text or CSV, up to 10 MB";
export const UPLOAD_ACCEPT = Object.values(UPLOAD_KINDS)
  .flatMap((k) => k.extensions.map((e) => `.${e}`))
  .join(",");

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4: docx and xlsx are zip packages
// Tab, LF, FF, CR are text; any other C0 control or DEL says "binary".
const BINARY_CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

function contains(bytes: Uint8Array, text: string): boolean {
  const needle = new TextEncoder().encode(text);
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** What the bytes are, judged from their content alone; null when none of the allowed kinds. */
export function sniffKind(bytes: Uint8Array): UploadKind | "zip" | "text-like" | null {
  if (startsWith(bytes, PDF)) return "pdf";
  if (startsWith(bytes, PNG)) return "png";
  if (startsWith(bytes, JPEG)) return "jpeg";
  if (startsWith(bytes, ZIP)) {
    // Office packages name their main part in the zip directory. A macro project makes it a .docm/.xlsm in disguise.
    if (contains(bytes, "vbaProject.bin")) return "zip";
    if (contains(bytes, "word/")) return "docx";
    if (contains(bytes, "xl/")) return "xlsx";
    return "zip";
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return BINARY_CONTROL.test(text) ? null : "text-like";
  } catch {
    return null;
  }
}

export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/**
 * A name safe in a key and a Content-Disposition header: the last path segment, accents
 * folded, anything but letters, digits, dot, dash and underscore turned into dashes,
 * no leading dots, at most 100 characters with the extension kept.
 */
export function sanitiseFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  const clean = (part: string) =>
    part
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/-{2,}/g, "-")
      .replace(/^[.-]+/, "")
      .replace(/[.-]+$/, "");
  const ext = clean(extensionOf(base)).replace(/\./g, "").slice(0, 10);
  const stem = clean(ext ? base.slice(0, base.lastIndexOf(".")) : base);
  const tail = ext ? `.${ext}` : "";
  const trimmed = stem.slice(0, 100 - tail.length).replace(/[.-]+$/, "");
  return `${trimmed || "file"}${tail}`;
}

export type UploadCheck =
  | { ok: true; kind: UploadKind; contentType: string; fileName: string; size: number }
  | { ok: false; message: string };

/** Size, extension and content must all pass. Pure: the tests hand it bytes. */
export function checkUpload(name: string, bytes: Uint8Array, maxBytes = MAX_UPLOAD_BYTES): UploadCheck {
  if (bytes.length === 0) return { ok: false, message: "The file is empty. Choose a file with something in it." };
  if (bytes.length > maxBytes) return tooLarge(bytes.length, maxBytes);
  const ext = extensionOf(name);
  const claimed = (Object.keys(UPLOAD_KINDS) as UploadKind[]).find((k) => UPLOAD_KINDS[k].extensions.includes(ext));
  if (!claimed) {
    return { ok: false, message: `Files ending in ${ext ? `.${ext}` : "no extension"} are not accepted. Allowed: ${ALLOWED_UPLOADS_TEXT}.` };
  }
  const sniffed = sniffKind(bytes);
  const matches = sniffed === claimed || (sniffed === "text-like" && (claimed === "text" || claimed === "csv"));
  if (!matches) {
    return {
      ok: false,
      message: `The file is named .${ext} but its content is not a ${UPLOAD_KINDS[claimed].label}. Export it again, or choose another file.`,
    };
  }
  return { ok: true, kind: claimed, contentType: UPLOAD_KINDS[claimed].contentType, fileName: sanitiseFileName(name), size: bytes.length };
}

export interface StoredUpload {
  key: string;
  fileName: string;
  contentType: string;
  size: number;
}

/** `events/<eventId>/<newId>-<sanitised name>`; the id keeps two uploads of one name apart. */
export function eventFileKey(eventId: string, fileName: string): string {
  if (!isId(eventId)) throw new TypeError("eventId must be an id");
  return `events/${eventId}/${newId()}-${sanitiseFileName(fileName)}`;
}

/**
 * Checks an uploaded file and, only when it passes, puts it in R2 under the event's folder.
 * Anything not a File (a text field, a missing field) is refused with a message.
 */
export async function storeEventUpload(
  bucket: R2Bucket,
  eventId: string,
  file: unknown,
): Promise<{ ok: true; stored: StoredUpload } | { ok: false; message: string }> {
  if (!(file instanceof File) || file.name === "") return { ok: false, message: "Choose a file to upload." };
  // Refuse on the declared size before reading a huge body into memory.
  if (file.size > MAX_UPLOAD_BYTES) return tooLarge(file.size, MAX_UPLOAD_BYTES);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const check = checkUpload(file.name, bytes);
  if (!check.ok) return check;
  const key = eventFileKey(eventId, check.fileName);
  await bucket.put(key, bytes, {
    httpMetadata: { contentType: check.contentType, contentDisposition: `attachment; filename="${check.fileName}"` },
    customMetadata: { originalName: file.name.slice(0, 200) },
  });
  return { ok: true, stored: { key, fileName: check.fileName, contentType: check.contentType, size: check.size } };
}

function tooLarge(size: number, limit: number): { ok: false; message: string } {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return { ok: false, message: `The file is too large: ${mb(size)}; the limit is ${mb(limit)}.` };
}

// ---------------------------------------------------------------- images (profile photos)

export type ImageKind = "jpeg" | "png" | "webp";

export const IMAGE_KINDS: Record<ImageKind, { contentType: string; label: string }> = {
  jpeg: { contentType: "image/jpeg", label: "JPEG" },
  png: { contentType: "image/png", label: "PNG" },
  webp: { contentType: "image/webp", label: "WebP" },
};

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp";
export const ALLOWED_IMAGES_TEXT = "JPEG, PNG or WebP, up to 5 MB";

const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];

/** JPEG, PNG or WebP judged by the first bytes alone (a photo's name says little: IMG_0042, image.jfif). */
export function sniffImage(bytes: Uint8Array): ImageKind | null {
  if (startsWith(bytes, JPEG)) return "jpeg";
  if (startsWith(bytes, PNG)) return "png";
  if (startsWith(bytes, RIFF) && startsWith(bytes.subarray(8), WEBP)) return "webp";
  return null;
}

export type ImageCheck = { ok: true; kind: ImageKind; contentType: string; size: number } | { ok: false; message: string };

/** Size and content: pure, the tests hand it bytes. */
export function checkImageUpload(bytes: Uint8Array, maxBytes = MAX_IMAGE_BYTES): ImageCheck {
  if (bytes.length === 0) return { ok: false, message: "The file is empty. Choose a photo." };
  if (bytes.length > maxBytes) return tooLarge(bytes.length, maxBytes);
  const kind = sniffImage(bytes);
  if (!kind) return { ok: false, message: `That file is not a JPEG, PNG or WebP image. Allowed: ${ALLOWED_IMAGES_TEXT}.` };
  return { ok: true, kind, contentType: IMAGE_KINDS[kind].contentType, size: bytes.length };
}

/** Checks an uploaded image and, only when it passes, puts it in R2 at `key` (private: served by a route, never by URL). */
export async function storeImageUpload(
  bucket: R2Bucket,
  key: string,
  file: unknown,
): Promise<{ ok: true; stored: { key: string; contentType: string; size: number } } | { ok: false; message: string }> {
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) return { ok: false, message: "Choose a photo to upload." };
  if (file.size > MAX_IMAGE_BYTES) return tooLarge(file.size, MAX_IMAGE_BYTES);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const check = checkImageUpload(bytes);
  if (!check.ok) return check;
  await bucket.put(key, bytes, { httpMetadata: { contentType: check.contentType } });
  return { ok: true, stored: { key, contentType: check.contentType, size: check.size } };
}

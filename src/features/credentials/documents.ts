// Credential documents in R2 (binding FILES), under a private key `credentials/<userId>/<random id>`
// that holds no file name. Checked by src/lib/uploads.ts (extension AND magic bytes) and then
// narrowed to PDF, JPEG and PNG. Served two ways, both private and never cached by a proxy:
// a download (attachment) for the owner and reviewers, and an inline preview for the review
// page, locked down with its own CSP so even a hostile file cannot script our origin.
import type { Context } from "hono";
import { isId, newId } from "../../db/ids.ts";
import type { Credential } from "../../db/schema/directory.ts";
import { checkUpload, type UploadKind } from "../../lib/uploads.ts";
import { contentDisposition } from "../events/files.ts";

export const CREDENTIAL_MAX_BYTES = 10 * 1024 * 1024;
const CREDENTIAL_KINDS: readonly UploadKind[] = ["pdf", "jpeg", "png"];
export const CREDENTIAL_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";
export const CREDENTIAL_UPLOADS_TEXT = "PDF, JPEG or PNG, up to 10 MB";

export interface StoredDocument {
  documentKey: string;
  documentName: string;
  documentType: string;
  documentSize: number;
}

export function credentialDocumentKey(userId: string): string {
  if (!isId(userId)) throw new TypeError("userId must be an id");
  return `credentials/${userId}/${newId()}`;
}

/** True when the form carried a file at all (an empty file input sends a nameless, empty part). */
export function hasFile(value: unknown): value is File {
  return value instanceof File && (value.name !== "" || value.size > 0);
}

/**
 * Checks the file and, only when it passes, puts it in R2 under the member's folder.
 * The content type stored and served is the one the bytes proved, never the browser's.
 */
export async function storeCredentialDocument(
  bucket: R2Bucket,
  userId: string,
  file: File,
): Promise<{ ok: true; stored: StoredDocument } | { ok: false; message: string }> {
  // Refuse on the declared size before reading a huge body into memory.
  if (file.size > CREDENTIAL_MAX_BYTES) return { ok: false, message: `The file is too large: ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 10 MB.` };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const check = checkUpload(file.name, bytes, CREDENTIAL_MAX_BYTES);
  if (!check.ok) return { ok: false, message: check.message.replace(/Allowed: .*$/, `Allowed: ${CREDENTIAL_UPLOADS_TEXT}.`) };
  if (!CREDENTIAL_KINDS.includes(check.kind)) {
    return { ok: false, message: `A ${check.fileName.split(".").pop()?.toUpperCase()} file is not accepted here. Allowed: ${CREDENTIAL_UPLOADS_TEXT}.` };
  }
  const key = credentialDocumentKey(userId);
  await bucket.put(key, bytes, {
    httpMetadata: { contentType: check.contentType, contentDisposition: "attachment" },
    customMetadata: { userId },
  });
  return { ok: true, stored: { documentKey: key, documentName: check.fileName, documentType: check.contentType, documentSize: check.size } };
}

/** Removes objects no row points at any more; a failure leaves a harmless orphan. */
export async function removeDocuments(bucket: R2Bucket, keys: ReadonlyArray<string | null | undefined>): Promise<void> {
  const present = keys.filter((k): k is string => typeof k === "string" && k.startsWith("credentials/"));
  if (present.length) await bucket.delete(present);
}

const PREVIEWABLE = new Set(["application/pdf", "image/png", "image/jpeg"]);

/**
 * The document as a response, or null when the credential has none or R2 lost it.
 * `download`: an attachment. `preview`: inline, for the review page's frame, with a CSP that
 * allows nothing but being framed by our own pages (sandboxed for images; a PDF viewer
 * refuses to run in a sandbox, so a PDF gets no sandbox but still no script, form or
 * connection rights of our origin). Either way: private, no-store, nosniff.
 */
export async function credentialDocumentResponse<E extends { Bindings: Env }>(
  c: Context<E>,
  credential: Pick<Credential, "documentKey" | "documentName" | "documentType">,
  mode: "download" | "preview",
): Promise<Response | null> {
  if (!credential.documentKey) return null;
  const object = await c.env.FILES.get(credential.documentKey);
  if (!object) return null;
  const type = PREVIEWABLE.has(credential.documentType ?? "") ? credential.documentType! : "application/octet-stream";
  const name = credential.documentName ?? "document";
  const headers = new Headers({
    "content-type": type,
    "content-length": String(object.size),
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
  if (mode === "download") {
    headers.set("content-disposition", contentDisposition("application/octet-stream", name));
  } else {
    headers.set("content-disposition", contentDisposition(type, name));
    const sandbox = type === "application/pdf" ? "" : "; sandbox";
    headers.set("content-security-policy", `default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'${sandbox}`);
    headers.set("x-frame-options", "SAMEORIGIN");
    headers.set("cross-origin-resource-policy", "same-origin");
  }
  return new Response(object.body, { status: 200, headers });
}

// A member's credentials vault at /account/credentials: list, add, edit, delete, and the
// document download. Everything acts on the signed-in member's own rows only (another
// member's id reads as missing: 404). Documents: R2 first, then the row in one statement; if
// the row fails the object is removed again. A replaced or deleted document's object is removed
// after the row changed (an orphan object is harmless, a row pointing at nothing is not).
import { and, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { allow, type SignedInEnv } from "../../auth/rbac.ts";
import { ID } from "../../db/ids.ts";
import { credentials, type Credential } from "../../db/schema/directory.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { readForm, toFieldErrors, type FieldErrors, type FormValues } from "../../lib/forms.ts";
import { log } from "../../lib/log.ts";
import { CredentialFormPage } from "../../../templates/credentials/CredentialFormPage.tsx";
import { ConfirmEmailForCredentials, CredentialsPage } from "../../../templates/credentials/CredentialsPage.tsx";
import { credentialDocumentResponse, hasFile, removeDocuments, storeCredentialDocument, type StoredDocument } from "./documents.ts";
import { credentialFormSchema, EMPTY_CREDENTIAL_FORM, type CredentialForm, type CredentialFormValues } from "./forms.ts";
import { findOwnCredential, listOwnCredentials } from "./queries.ts";
import { chapterToday, credentialNotices, statusAfterEdit } from "./rules.ts";

export const credentialRoutes = new Hono<AppEnv>();

// A member's licences and insurance stay out of shared caches.
credentialRoutes.use(async (c, next) => {
  await next();
  c.header("Cache-Control", "private, no-store");
});

type MemberContext = Context<SignedInEnv>;

/** The vault is for members whose email is confirmed; anyone else gets a 403 page saying why. */
function unconfirmed(c: MemberContext): Promise<Response> | null {
  if (c.var.signedIn.user.isVerified) return null;
  return renderPage(c, { title: "Confirm your email first", status: 403, body: <ConfirmEmailForCredentials /> });
}

credentialRoutes.get("/", allow.signedIn, async (c) => {
  const refused = unconfirmed(c);
  if (refused) return refused;
  const rows = await listOwnCredentials(c.var.db(), c.var.signedIn.user.id);
  return renderPage(c, {
    title: "Your credentials",
    body: <CredentialsPage credentials={rows} today={chapterToday(new Date())} notice={credentialNotices.read(c)} />,
  });
});

interface FormState {
  values: CredentialFormValues;
  errors?: FieldErrors;
  status?: 200 | 422;
}

function renderForm(c: MemberContext, existing: Credential | null, state: FormState) {
  const props = { existing, values: state.values, errors: state.errors ?? {}, today: chapterToday(new Date()) };
  return renderPage(c, {
    title: existing ? "Edit a credential" : "Add a credential",
    status: state.status ?? 200,
    body: <CredentialFormPage {...props} />,
  });
}

function valuesOf(row: Credential): CredentialFormValues {
  return {
    type: row.type,
    issuer: row.issuer ?? "",
    number: row.number ?? "",
    classification: row.classification ?? "",
    issuedOn: row.issuedOn ?? "",
    expiresOn: row.expiresOn ?? "",
  };
}

/** What the form sent: the valid fields and the document (checked and stored), or what to show again. */
async function readCredentialForm(
  c: MemberContext,
  documentRequired: boolean,
): Promise<{ ok: true; data: CredentialForm; stored: StoredDocument | null } | { ok: false; values: CredentialFormValues; errors: FieldErrors }> {
  const { raw, values, unstorable } = await readForm(c);
  const parsed = credentialFormSchema.safeParse(raw);
  const errors: FieldErrors = { ...unstorable, ...(parsed.success ? {} : toFieldErrors(parsed.error.issues)) };
  const shown = keep(values);
  const file = raw.document;
  if (Array.isArray(file)) errors.document = "Send one document.";
  else if (!hasFile(file)) {
    if (documentRequired) errors.document = "Choose the document: a PDF, JPEG or PNG of the certificate, licence or policy.";
  } else if (Object.keys(errors).length > 0) {
    // A file input cannot be filled in again by the server: say so beside it.
    errors.document = "Choose the document again: fix the other fields, then send it with them.";
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, values: shown, errors };
  if (!hasFile(file)) return { ok: true, data: parsed.data, stored: null };
  const upload = await storeCredentialDocument(c.env.FILES, c.var.signedIn.user.id, file);
  if (!upload.ok) return { ok: false, values: shown, errors: { document: upload.message } };
  return { ok: true, data: parsed.data, stored: upload.stored };
}

/** The typed text to put back in the form (only our fields, capped). */
function keep(values: FormValues): CredentialFormValues {
  const out = { ...EMPTY_CREDENTIAL_FORM };
  for (const key of Object.keys(out) as Array<keyof CredentialFormValues>) if (typeof values[key] === "string") out[key] = values[key].slice(0, 500);
  return out;
}

/** After a change: back to the list (upload-progress-3.js follows the 303 like a plain form). */
function finished(c: MemberContext, code: keyof typeof credentialNotices.messages): Response {
  return credentialNotices.redirect(c, "/account/credentials", code);
}

const rowOf = (data: CredentialForm) => ({
  type: data.type,
  issuer: data.issuer,
  number: data.number || null,
  classification: data.classification || null,
  issuedOn: data.issuedOn,
  expiresOn: data.expiresOn,
});

credentialRoutes.get("/new", allow.signedIn, async (c) => {
  const refused = unconfirmed(c);
  if (refused) return refused;
  return renderForm(c, null, { values: { ...EMPTY_CREDENTIAL_FORM } });
});

credentialRoutes.post("/", allow.signedIn, async (c) => {
  const refused = unconfirmed(c);
  if (refused) return refused;
  const form = await readCredentialForm(c, true);
  if (!form.ok) return renderForm(c, null, { values: form.values, errors: form.errors, status: 422 });
  try {
    await c.var.db().insert(credentials).values({ userId: c.var.signedIn.user.id, ...rowOf(form.data), ...form.stored, status: "PENDING" });
  } catch (err) {
    await removeDocuments(c.env.FILES, [form.stored?.documentKey]).catch(() => {});
    throw err;
  }
  return finished(c, "added");
});

async function ownCredential(c: MemberContext): Promise<Credential | null> {
  return findOwnCredential(c.var.db(), c.var.signedIn.user.id, c.req.param("id") ?? "");
}

credentialRoutes.get(`/${ID}/edit`, allow.signedIn, async (c) => {
  const refused = unconfirmed(c);
  if (refused) return refused;
  const row = await ownCredential(c);
  if (!row) return renderNotFound(c);
  return renderForm(c, row, { values: valuesOf(row) });
});

credentialRoutes.post(`/${ID}`, allow.signedIn, async (c) => {
  const refused = unconfirmed(c);
  if (refused) return refused;
  const row = await ownCredential(c);
  if (!row) return renderNotFound(c);
  const form = await readCredentialForm(c, false);
  if (!form.ok) return renderForm(c, row, { values: form.values, errors: form.errors, status: 422 });
  const next = { ...rowOf(form.data), ...(form.stored ?? {}) };
  const status = statusAfterEdit(row, { ...next, documentKey: form.stored?.documentKey ?? row.documentKey });
  const backToReview = status === "PENDING" && row.status !== "PENDING";
  let updated: Array<{ id: string }>;
  try {
    updated = await c.var
      .db()
      .update(credentials)
      .set({ ...next, status, ...(status === "PENDING" ? { rejectionReason: null, reviewedAt: null, reviewedById: null } : {}) })
      .where(and(eq(credentials.id, row.id), eq(credentials.userId, c.var.signedIn.user.id)))
      .returning({ id: credentials.id });
  } catch (err) {
    await removeDocuments(c.env.FILES, [form.stored?.documentKey]).catch(() => {});
    throw err;
  }
  if (updated.length === 0) {
    // Deleted meanwhile (another tab): the new object has no row.
    await removeDocuments(c.env.FILES, [form.stored?.documentKey]).catch(() => {});
    return renderNotFound(c);
  }
  if (form.stored && row.documentKey) await dropObject(c, row.documentKey);
  return finished(c, backToReview ? "resubmitted" : "saved");
});

credentialRoutes.post(`/${ID}/delete`, allow.signedIn, async (c) => {
  const refused = unconfirmed(c);
  if (refused) return refused;
  const [deleted] = await c.var
    .db()
    .delete(credentials)
    .where(and(eq(credentials.id, c.req.param("id")), eq(credentials.userId, c.var.signedIn.user.id)))
    .returning({ documentKey: credentials.documentKey });
  if (!deleted) return renderNotFound(c);
  if (deleted.documentKey) await dropObject(c, deleted.documentKey);
  return finished(c, "deleted");
});

credentialRoutes.get(`/${ID}/document`, allow.signedIn, async (c) => {
  const refused = unconfirmed(c);
  if (refused) return refused;
  const row = await ownCredential(c);
  const res = row ? await credentialDocumentResponse(c, row, "download") : null;
  return res ?? renderNotFound(c);
});

async function dropObject(c: MemberContext, key: string): Promise<void> {
  try {
    await removeDocuments(c.env.FILES, [key]);
  } catch (err) {
    log("warn", "credential document left in R2 after its row changed", { key, error: String(err) });
  }
}

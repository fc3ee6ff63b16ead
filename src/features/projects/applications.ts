// Applying to and withdrawing from a bid opportunity. maxApplications holds under any
// concurrency because one statement takes the place and writes the bid: a conditional
// UPDATE of projects.application_count (row-locked; each waiter re-checks the condition
// after the holder commits) feeds the INSERTs through data-modifying CTEs, all in the one
// implicit transaction of that statement. A duplicate bid raises 23505 and undoes the place.
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import { projects, type Project } from "../../db/schema/projects.ts";
import { sqlStateOf, UNIQUE_VIOLATION } from "../../db/sqlstate.ts";
import { checkUpload, MAX_UPLOAD_BYTES, UPLOAD_KINDS, type UploadKind } from "../../lib/uploads.ts";
import { findMyApplication } from "./queries.ts";
import { canApply, canWithdraw, type Viewer } from "./rules.ts";
import { MAX_APPLICATION_FILES, type ApplyInput } from "./view.ts";

/** Bid documents: PDFs, photos and office files. */
export const APPLICATION_KINDS: readonly UploadKind[] = ["pdf", "png", "jpeg", "docx", "xlsx"];
export const APPLICATION_FILES_TEXT = `PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx); up to ${MAX_APPLICATION_FILES} files of 10 MB each`;
export const APPLICATION_ACCEPT = APPLICATION_KINDS.flatMap((k) => UPLOAD_KINDS[k].extensions.map((e) => `.${e}`)).join(",");

export interface CheckedFile {
  name: string;
  bytes: Uint8Array;
  contentType: string;
}

/** Reads and checks the files of an apply form (magic bytes, size, kind); a message for the first bad one. */
export async function checkApplicationFiles(values: unknown): Promise<{ ok: true; files: CheckedFile[] } | { ok: false; message: string }> {
  const list = (Array.isArray(values) ? values : values === undefined ? [] : [values]).filter((v): v is File => v instanceof File && v.name !== "");
  if (list.length > MAX_APPLICATION_FILES) return { ok: false, message: `Attach at most ${MAX_APPLICATION_FILES} files.` };
  const files: CheckedFile[] = [];
  for (const file of list) {
    if (file.size > MAX_UPLOAD_BYTES) return { ok: false, message: `${file.name.slice(0, 100)}: the file is too large; the limit is 10 MB.` };
    const bytes = new Uint8Array(await file.arrayBuffer());
    const check = checkUpload(file.name, bytes);
    if (!check.ok) return { ok: false, message: `${file.name.slice(0, 100)}: ${check.message}` };
    if (!APPLICATION_KINDS.includes(check.kind)) return { ok: false, message: `${file.name.slice(0, 100)}: attach ${APPLICATION_FILES_TEXT}.` };
    files.push({ name: check.fileName, bytes, contentType: check.contentType });
  }
  return { ok: true, files };
}

export type ApplyResult =
  | { ok: true; applicationId: string }
  | { ok: false; status: 403 | 409 | 422; reason: string; code: "refused" | "full" | "duplicate" | "closed" };

export interface ApplyDeps {
  db: Db;
  bucket: R2Bucket;
  now: Date;
}

/** The bid, or why not. The project must already be one the member may see (findVisibleProject). */
export async function applyToProject(deps: ApplyDeps, viewer: Viewer & { id: string }, project: Project, input: ApplyInput, files: CheckedFile[]): Promise<ApplyResult> {
  const allowed = canApply(viewer, project, deps.now);
  if (!allowed.ok) return { ...allowed, code: "refused" };
  const existing = await findMyApplication(deps.db, project.id, viewer.id);
  if (existing) return { ok: false, status: 409, code: "duplicate", reason: duplicateReason(existing.status) };

  const applicationId = newId();
  const stored = files.map((f) => ({ id: newId(), name: f.name, path: `applications/${project.id}/${applicationId}/${newId()}-${f.name}`, type: f.contentType, size: f.bytes.length }));
  await Promise.all(
    files.map((f, i) =>
      deps.bucket.put(stored[i]!.path, f.bytes, { httpMetadata: { contentType: f.contentType, contentDisposition: `attachment; filename="${f.name}"` } }),
    ),
  );
  const removeFiles = () => (stored.length ? deps.bucket.delete(stored.map((s) => s.path)) : Promise.resolve());

  let applied = 0;
  try {
    const result = await deps.db.execute<{ applied: number }>(sql`
      with slot as (
        update projects set application_count = application_count + 1
        where id = ${project.id} and status = 'BIDDING_OPEN' and deleted_at is null
          and (deadline_date is null or deadline_date > now())
          and (max_applications is null or application_count < max_applications)
        returning id
      ), app as (
        insert into project_applications (id, project_id, user_id, status, cover_letter, proposal, bid_amount, estimated_duration)
        select ${applicationId}, slot.id, ${viewer.id}, 'PENDING', ${input.coverLetter}, ${input.proposal || null}, ${input.bidAmount}::numeric, ${input.estimatedDuration}::int
        from slot
        returning id
      ), files as (
        insert into application_files (id, application_id, file_name, file_path, file_type, file_size, uploaded_by)
        select f.id, app.id, f.name, f.path, f.type, f.size, ${viewer.id}
        from app, jsonb_to_recordset(${JSON.stringify(stored)}::jsonb) as f(id text, name text, path text, type text, size int)
        returning 1
      )
      select (select count(*) from app)::int as applied, (select count(*) from files)::int as files`);
    applied = Number(result.rows[0]?.applied ?? 0);
  } catch (err) {
    await removeFiles();
    if (sqlStateOf(err) === UNIQUE_VIOLATION) return { ok: false, status: 409, code: "duplicate", reason: duplicateReason("PENDING") };
    throw err;
  }
  if (applied === 1) return { ok: true, applicationId };

  await removeFiles();
  // No place was taken: say why, from the project as it is now.
  const [now] = await deps.db
    .select({ status: projects.status, deadlineDate: projects.deadlineDate, maxApplications: projects.maxApplications, applicationCount: projects.applicationCount, deletedAt: projects.deletedAt })
    .from(projects)
    .where(eq(projects.id, project.id));
  if (now && now.deletedAt === null) {
    const open = canApply(viewer, now, new Date());
    if (!open.ok) return { ...open, code: "closed" };
    if (now.maxApplications !== null && now.applicationCount >= now.maxApplications) {
      return { ok: false, status: 409, code: "full", reason: `This opportunity is full: it takes ${now.maxApplications} bids and all of them are in.` };
    }
  }
  return { ok: false, status: 409, code: "closed", reason: "This opportunity is not taking bids." };
}

function duplicateReason(status: string): string {
  return status === "WITHDRAWN"
    ? "You withdrew your bid on this opportunity; a withdrawn bid cannot be sent again. Ask the chapter office if you need to."
    : "You already bid on this opportunity. See it under My bids.";
}

export type WithdrawResult = { ok: true } | { ok: false; status: 404 | 409; reason: string };

/** Withdraws the member's own bid before the deadline and gives its place back, in one statement. */
export async function withdrawApplication(db: Db, project: Project, userId: string, now: Date): Promise<WithdrawResult> {
  const mine = await findMyApplication(db, project.id, userId);
  if (!mine) return { ok: false, status: 404, reason: "You have no bid on this opportunity." };
  const allowed = canWithdraw(mine, project, now);
  if (!allowed.ok) return { ok: false, status: 409, reason: allowed.reason };
  const result = await db.execute<{ withdrawn: number }>(sql`
    with w as (
      update project_applications a set status = 'WITHDRAWN', withdrawn_at = now()
      from projects p
      where a.id = ${mine.id} and a.user_id = ${userId} and p.id = a.project_id
        and a.status in ('PENDING', 'REVIEWING')
        and (p.deadline_date is null or p.deadline_date > now())
      returning a.project_id
    ), freed as (
      update projects set application_count = application_count - 1
      where id in (select project_id from w) and application_count > 0
      returning 1
    )
    select (select count(*) from w)::int as withdrawn, (select count(*) from freed)::int as freed`);
  if (Number(result.rows[0]?.withdrawn ?? 0) !== 1) return { ok: false, status: 409, reason: "This bid can no longer be withdrawn." };
  return { ok: true };
}

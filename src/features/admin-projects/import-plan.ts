// Planning and committing an import. The plan (what each row would do) is what the preview
// shows and what the commit re-computes from the stored file inside its transaction, so the
// browser never carries rows between the two requests. Upsert by (source, externalId):
// an unchanged row is left alone, a changed one is updated in place, a new one created.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { type Project, projects } from "../../db/schema/projects.ts";
import { type AuditActor, recordAdminAction } from "../../lib/audit.ts";
import { canonical } from "../admin-events/rules.ts";
import { type ImportColumns, type ImportFormat, IMPORT_FORMAT_LABEL, type MappedRow } from "./import.ts";
import type { Reader } from "./queries.ts";
import { zipCentroids } from "../profile/location.ts";

export type PlannedRow =
  | { line: number; action: "error"; externalId: string | null; title: string | null; errors: string[] }
  | { line: number; action: "create" | "update" | "unchanged"; source: string; externalId: string; title: string; changed: string[]; columns: WrittenColumns; existingId: string | null };

export type WrittenColumns = ImportColumns & { latitude: number | null; longitude: number | null; coordinates: { lat: number; lng: number } | null };

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  errors: number;
}

/** The fields of `next` whose stored value differs (jsonb and arrays compared by content). */
export function changedColumns(existing: Project, next: WrittenColumns): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null));
  return Object.keys(next).filter((k) => !same((existing as Record<string, unknown>)[k], (next as Record<string, unknown>)[k]));
}

export function reportOf(plan: PlannedRow[]): ImportReport {
  const count = (a: PlannedRow["action"]) => plan.filter((r) => r.action === a).length;
  return { created: count("create"), updated: count("update"), unchanged: count("unchanged"), errors: count("error") };
}

async function existingFor(db: Reader, rows: Array<Extract<MappedRow, { ok: true }>>, lock: boolean): Promise<Map<string, Project>> {
  const found = new Map<string, Project>();
  const bySource = new Map<string, string[]>();
  for (const r of rows) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r.externalId]);
  for (const [source, ids] of bySource) {
    for (let i = 0; i < ids.length; i += 500) {
      const q = db.select().from(projects).where(and(eq(projects.source, source), inArray(projects.externalId, ids.slice(i, i + 500))));
      const list = lock ? await q.for("update") : await q;
      for (const p of list) found.set(`${p.source}\u0000${p.externalId}`, p);
    }
  }
  return found;
}

/** What each mapped row would do against the database as it is now (coordinates from the ZIPs). */
export async function planImport(db: Reader, mapped: MappedRow[], opts: { lock?: boolean } = {}): Promise<PlannedRow[]> {
  const good = mapped.filter((r): r is Extract<MappedRow, { ok: true }> => r.ok);
  const [coords, existing] = await Promise.all([
    zipCentroids(db, good.map((r) => r.zip ?? "").filter(Boolean)),
    existingFor(db, good, opts.lock ?? false),
  ]);
  return mapped.map((r): PlannedRow => {
    if (!r.ok) return { line: r.line, action: "error", externalId: r.externalId, title: r.title, errors: r.errors };
    const place = r.zip ? coords.get(r.zip.trim().slice(0, 5)) : undefined;
    const point = place ? { lat: place.latitude, lng: place.longitude } : null;
    const columns: WrittenColumns = { ...r.columns, latitude: point?.lat ?? null, longitude: point?.lng ?? null, coordinates: point };
    const before = existing.get(`${r.source}\u0000${r.externalId}`);
    if (!before) return { line: r.line, action: "create", source: r.source, externalId: r.externalId, title: r.title, changed: [], columns, existingId: null };
    const changed = changedColumns(before, columns);
    return {
      line: r.line,
      action: changed.length ? "update" : "unchanged",
      source: r.source,
      externalId: r.externalId,
      title: r.title,
      changed,
      columns,
      existingId: before.id,
    };
  });
}

export type NewImportStatus = "DRAFT" | "BIDDING_OPEN";

/** Writes the plan in one transaction with one AdminAction row carrying the report. */
export async function commitImport(
  db: Db,
  actor: AuditActor,
  input: { mapped: MappedRow[]; format: ImportFormat; fileName: string; newStatus: NewImportStatus; unknownColumns: string[] },
  now = new Date(),
): Promise<{ report: ImportReport; plan: PlannedRow[] }> {
  return db.transaction(async (tx) => {
    const plan = await planImport(tx, input.mapped, { lock: true });
    const created: string[] = [];
    const updated: string[] = [];
    for (const row of plan) {
      if (row.action === "create") {
        const [inserted] = await tx
          .insert(projects)
          .values({
            ...row.columns,
            source: row.source,
            externalId: row.externalId,
            status: input.newStatus,
            publishedAt: input.newStatus === "BIDDING_OPEN" ? now : null,
            createdById: actor.userId,
            updatedById: actor.userId,
          })
          .onConflictDoNothing()
          .returning({ id: projects.id });
        if (inserted) created.push(inserted.id);
        else row.action = "unchanged";
      } else if (row.action === "update") {
        const changes = Object.fromEntries(row.changed.map((k) => [k, (row.columns as Record<string, unknown>)[k]]));
        await tx
          .update(projects)
          .set({ ...changes, updatedById: actor.userId, updatedAt: now })
          .where(eq(projects.id, row.existingId!));
        updated.push(row.existingId!);
      }
    }
    const report = reportOf(plan);
    await recordAdminAction(tx, actor, {
      action: report.created > 0 ? "PROJECT_CREATED" : "PROJECT_UPDATED",
      details: `Import of ${input.fileName} (${IMPORT_FORMAT_LABEL[input.format]}): ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.errors} with errors`,
      after: { ...report },
      extra: {
        import: { fileName: input.fileName, format: input.format, newStatus: input.newStatus, unknownColumns: input.unknownColumns },
        createdIds: created.slice(0, 1000),
        updatedIds: updated.slice(0, 1000),
        errorLines: plan.filter((r) => r.action === "error").map((r) => r.line).slice(0, 1000),
      },
    });
    return { report, plan };
  });
}

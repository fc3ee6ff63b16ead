// Small real files behind the demo's event_files rows: the seed records each
// file's size from demoFileBody, and `npm run dev` puts the same bytes into
// local R2 (putDemoFiles), so every file link in the demo downloads.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { root } from "../lib/stack.ts";

const encoder = new TextEncoder();

/** A one-page PDF that says what it stands for (ASCII text, Helvetica). */
function pdf(line: string): string {
  const text = line.replace(/[^\x20-\x7e]/g, "?").replace(/[\\()]/g, "\\$&");
  const content = `BT /F1 16 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  return `${out}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
}

/** The demo member's general liability certificate (scripts/seed/credentials.ts): a one-page PDF. */
export function demoCertificateBody(company: string): Uint8Array {
  return encoder.encode(pdf(`${company}: certificate of general liability insurance (demo document)`));
}

/** The bytes of a demo event file: a PDF or a CSV, by its type. */
export function demoFileBody(file: { fileName: string; fileType: string | null }, eventTitle: string): Uint8Array {
  if (file.fileType === "text/csv") {
    return encoder.encode(`event,file,note\n"${eventTitle.replace(/"/g, '""')}",${file.fileName},Demo data: no real attendees\n`);
  }
  return encoder.encode(pdf(`${eventTitle}: ${file.fileName} (demo file)`));
}

/** The bytes of a demo course handout (a worksheet module). */
export function demoCourseFileBody(courseTitle: string, moduleTitle: string): Uint8Array {
  return encoder.encode(pdf(`${courseTitle}: ${moduleTitle} worksheet (demo file)`));
}

/**
 * Puts the demo's event files into the local R2 that `wrangler dev` uses (the
 * same state folder), for every demo row whose object is missing. Rows whose
 * size is not the demo body's (files uploaded through the admin screens) are left alone.
 */
export async function putDemoFiles(databaseUrl: string, persistTo?: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let rows: Array<{ file_path: string; file_name: string; file_type: string | null; file_size: number | null; title: string }>;
  let credentialRows: Array<{ document_key: string; document_type: string | null; document_size: number | null; company: string | null }> = [];
  let courseRows: Array<{ key: string; type: string; size: number; course: string; module: string }> = [];
  try {
    ({ rows } = await client.query(
      "select f.file_path, f.file_name, f.file_type, f.file_size, e.title from event_files f join events e on e.id = f.event_id",
    ));
    // The demo's credential documents (scripts/seed/credentials.ts), when the vault's table exists.
    ({ rows: credentialRows } = await client.query(
      "select c.document_key, c.document_type, c.document_size, u.company from credentials c join users u on u.id = c.user_id where c.document_key is not null",
    ));
    // The demo's course handouts (scripts/seed/courses.ts): file modules.
    ({ rows: courseRows } = await client.query(
      `select m.content->>'key' as key, m.content->>'contentType' as type, (m.content->>'size')::int as size, c.title as course, m.title as module
       from course_modules m join courses c on c.id = m.course_id where m.content->>'type' = 'file'`,
    ));
  } finally {
    await client.end();
  }
  const demo = rows
    .map((r) => ({ key: r.file_path, type: r.file_type, size: r.file_size, body: demoFileBody({ fileName: r.file_name, fileType: r.file_type }, r.title) }))
    .concat(credentialRows.map((r) => ({ key: r.document_key, type: r.document_type, size: r.document_size, body: demoCertificateBody(r.company ?? "") })))
    .concat(courseRows.map((r) => ({ key: r.key, type: r.type, size: r.size, body: demoCourseFileBody(r.course, r.module) })))
    .filter((f) => f.size === f.body.byteLength);
  if (!demo.length) return 0;

  // A configuration with the bucket alone: the proxy does not run the Worker, so the project's
  // own would have it warn that its Durable Objects "will not work in local development".
  const configDir = mkdtempSync(path.join(os.tmpdir(), "portal-r2-"));
  const configPath = path.join(configDir, "wrangler.json");
  writeFileSync(configPath, JSON.stringify({ name: "portal-seed-files", compatibility_date: "2026-11-09", r2_buckets: [{ binding: "FILES", bucket_name: "portal-files" }] }));
  const { getPlatformProxy } = await import("wrangler");
  const proxy = await getPlatformProxy<{ FILES: R2Bucket }>({
    configPath,
    // The same state folder `wrangler dev` uses (by default .wrangler/state beside wrangler.toml).
    persist: { path: path.join(persistTo ?? path.join(root, ".wrangler/state"), "v3") },
    remoteBindings: false,
  });
  try {
    let put = 0;
    for (const f of demo) {
      if (await proxy.env.FILES.head(f.key)) continue;
      await proxy.env.FILES.put(f.key, f.body, { httpMetadata: { contentType: f.type ?? "application/octet-stream" } });
      put++;
    }
    return put;
  } finally {
    await proxy.dispose();
    rmSync(configDir, { recursive: true, force: true });
  }
}

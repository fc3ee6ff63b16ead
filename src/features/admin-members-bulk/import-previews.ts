// Where a member import's preview waits in R2 (the uploaded file until its commit, the rows
// with errors for their CSV), and the cron's clean-up of previews nobody committed.
import { log } from "../../lib/log.ts";

export const fileKey = (token: string) => `member-imports/files/${token}`;
export const errorsKey = (id: string) => `member-imports/preview-errors/${id}.json`;
const PREVIEW_PREFIXES = ["member-imports/files/", "member-imports/preview-errors/"] as const;

/** How long a preview is kept: long enough to come back to it the same day. */
export const PREVIEW_KEPT_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes the previews uploaded more than a day before `now` (by their uploadedAt metadata,
 * else R2's upload time). Returns how many went.
 */
export async function deleteStalePreviews(bucket: R2Bucket, now: Date): Promise<number> {
  const before = now.getTime() - PREVIEW_KEPT_MS;
  let deleted = 0;
  for (const prefix of PREVIEW_PREFIXES) {
    let cursor: string | undefined;
    do {
      const page = await bucket.list({ prefix, cursor, include: ["customMetadata"] });
      const stale = page.objects
        .filter((o) => {
          const at = Date.parse(o.customMetadata?.uploadedAt ?? "");
          return (Number.isNaN(at) ? o.uploaded.getTime() : at) < before;
        })
        .map((o) => o.key);
      if (stale.length > 0) await bucket.delete(stale);
      deleted += stale.length;
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
  }
  if (deleted > 0) log("info", "stale member import previews deleted", { deleted });
  return deleted;
}

import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";

/**
 * A paid seat's hold expires inside the EventCapacity object, which cancels the
 * registration; the member's PENDING invoice (linked by reference_id) must not
 * stay open after it. Run from the Cron Trigger; idempotent.
 */
export async function cancelAbandonedEventPayments(db: Db): Promise<number> {
  const result = await db.execute(sql`
    update payments p set status = 'CANCELLED', processed_at = now()
    from event_registrations r
    where p.type = 'EVENT_REGISTRATION' and p.status = 'PENDING'
      and p.reference_id = r.id and r.status = 'CANCELLED'`);
  return result.rowCount ?? 0;
}

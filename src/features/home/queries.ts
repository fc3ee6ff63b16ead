import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";

export interface HomeFigures {
  openBids: number;
  upcomingEvents: number;
  members: number;
}

/** The three figures on the home page, in one round trip. */
export async function homeFigures(db: Db): Promise<HomeFigures> {
  const result = await db.execute<{ open_bids: number; upcoming_events: number; members: number }>(sql`
    select
      (select count(*)::int from projects
        where status = 'BIDDING_OPEN' and deleted_at is null and visibility in ('PUBLIC', 'MEMBERS_ONLY')) as open_bids,
      (select count(*)::int from events
        where status in ('PUBLISHED', 'REGISTRATION_OPEN', 'REGISTRATION_CLOSED') and start_date > now() and deleted_at is null) as upcoming_events,
      (select count(*)::int from users where is_active and deleted_at is null) as members`);
  const row = result.rows[0]!;
  return { openBids: row.open_bids, upcomingEvents: row.upcoming_events, members: row.members };
}

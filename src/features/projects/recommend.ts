// "Recommended for you" on the home page: the member's best-scoring open opportunities.
import type { CurrentUser } from "../../auth/session.ts";
import type { Db } from "../../db/client.ts";
import { matchScore } from "./match.ts";
import { loadMatchMember, recommendationCandidates } from "./queries.ts";
import { viewerOf } from "./viewer.ts";

export interface Recommendation {
  id: string;
  title: string;
  organization: string | null;
  deadlineDate: Date | null;
  score: number;
}

export const RECOMMENDED = 4;

/** The reads run together (one round trip with the page's other reads); scoring is in memory. */
export async function recommendedFor(db: Db, user: CurrentUser, now = new Date()): Promise<Recommendation[]> {
  const [member, candidates] = await Promise.all([loadMatchMember(db, user.id), recommendationCandidates(db, viewerOf(user), now)]);
  if (!member) return [];
  return candidates
    .map((p) => ({ id: p.id, title: p.title, organization: p.organization, deadlineDate: p.deadlineDate, score: matchScore(member, p, now).score }))
    .sort((a, b) => b.score - a.score || (a.deadlineDate?.getTime() ?? Infinity) - (b.deadlineDate?.getTime() ?? Infinity))
    .slice(0, RECOMMENDED);
}

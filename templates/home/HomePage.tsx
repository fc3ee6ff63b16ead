import type { Credential } from "../../src/db/schema/directory.ts";
import type { HomeFigures } from "../../src/features/home/queries.ts";
import type { Recommendation } from "../../src/features/projects/recommend.ts";
import { Recommended } from "../projects/Recommended.tsx";
import { ExpiringCredentials } from "../credentials/ExpiringCredentials.tsx";

export function HomePage(props: { figures: HomeFigures; signedIn?: boolean; recommended?: Recommendation[] | null; expiring?: Credential[]; today?: string }) {
  const { figures } = props;
  return (
    <>
      <h1>Win more work, together</h1>
      {props.expiring?.length && props.today ? <ExpiringCredentials credentials={props.expiring} today={props.today} /> : null}
      <p class="lede">
        The member portal of our chapter of minority construction contractors: public-agency bid
        opportunities matched to your trade, chapter events, training that counts toward your
        certifications, dues, and a direct line to other members.
      </p>
      <div class="grid">
        <section class="card" aria-labelledby="h-bids">
          <h2 id="h-bids">
            <a href="/projects">Bid opportunities</a>
          </h2>
          <p>
            <span class="stat">{figures.openBids}</span> open for bidding now
          </p>
          <p>Caltrans, cities and school districts across Northern California, filtered by trade, budget and distance.</p>
        </section>
        <section class="card" aria-labelledby="h-events">
          <h2 id="h-events">
            <a href="/events">Events</a>
          </h2>
          <p>
            <span class="stat">{figures.upcomingEvents}</span> coming up
          </p>
          <p>Networking nights, trainings and the awards dinner. Register from your phone in two taps.</p>
        </section>
        <section class="card" aria-labelledby="h-members">
          <h2 id="h-members">
            <a href={props.signedIn ? "/members" : "/find-a-contractor"}>Members</a>
          </h2>
          <p>
            <span class="stat">{figures.members}</span> contractors
          </p>
          <p>General and specialty contractors who team up on bids, share crews and refer work.</p>
        </section>
      </div>
      {props.recommended && <Recommended items={props.recommended} />}
    </>
  );
}

export function HomePage() {
  return (
    <>
      <h1>Win more work, together</h1>
      <p class="lede">
        The member portal of our chapter of minority construction contractors: public-agency bid
        opportunities matched to your trade, chapter events, training that counts toward your
        certifications, dues, and a direct line to other members.
      </p>
      <div class="grid">
        <section class="card" aria-labelledby="h-bids">
          <h2 id="h-bids">Bid opportunities</h2>
          <p>Caltrans, cities and school districts across Northern California, filtered by trade, budget and distance.</p>
        </section>
        <section class="card" aria-labelledby="h-events">
          <h2 id="h-events">Events</h2>
          <p>Networking nights, trainings and the awards dinner. Register from your phone in two taps.</p>
        </section>
        <section class="card" aria-labelledby="h-learn">
          <h2 id="h-learn">Training</h2>
          <p>Courses on bonding, prevailing wage, safety and certification, at member prices.</p>
        </section>
      </div>
    </>
  );
}

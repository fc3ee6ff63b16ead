import type { DashboardData } from "../../src/features/admin-dashboard/queries.ts";
import { METRICS, monthlySeries, subtractSeries, type TrendPoint } from "../../src/features/admin-dashboard/rules.ts";
import { AdminNav, type AdminNavLinks } from "../admin/parts.tsx";
import { TrendChart, TrendTable } from "./TrendChart.tsx";

export type DashboardLinks = AdminNavLinks & { feedback: boolean };

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const count = (n: number) => whole.format(n);
const usd = (n: number) => `$${whole.format(n)}`;
const percent = (n: number) => `${new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 }).format(n)}%`;

interface KpiProps {
  id: string;
  title: string;
  value: string;
  detail?: string;
  points: readonly TrendPoint[];
  format: (n: number) => string;
  link?: { href: string; label: string } | false;
}

function Kpi(props: KpiProps) {
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <span class="stat">{props.value}</span>
      {props.detail && <p class="hint">{props.detail}</p>}
      <TrendChart title={props.title} points={props.points} format={props.format} />
      <TrendTable title={props.title} points={props.points} format={props.format} />
      {props.link && <a href={props.link.href}>{props.link.label}</a>}
    </section>
  );
}

/** The chapter's health at a glance: live numbers, each with its 12-month trend and the list behind it. */
export function DashboardPage(props: { data: DashboardData; links: DashboardLinks; monthStart: string }) {
  const { live, months, rows } = props.data;
  const { links } = props;
  const series = (metric: string, dimension = "") => monthlySeries(rows, metric, months, dimension);
  const dues = series(METRICS.revenue, "MEMBERSHIP");
  const other = subtractSeries(series(METRICS.revenue), dues);
  const views = (metric: string) => series(metric).at(-1)?.value ?? 0;
  const users = links.users && { href: "/admin/users", label: "See the members" };
  return (
    <>
      <h1>Admin dashboard</h1>
      <AdminNav current="/admin" links={links} />
      <p class="hint">
        Numbers are as of now; the lines show the last 12 months from the daily roll-up (Pacific days, refreshed every few minutes). Each
        chart has its figures month by month below it.
      </p>
      <div class="grid">
        <Kpi id="k-active" title="Active members" value={count(live.activeMembers)} points={series(METRICS.activeMembers)} format={count} link={users} />
        <Kpi id="k-new" title="New members this month" value={count(live.newThisMonth)} points={series(METRICS.newMembers)} format={count} link={users} />
        <Kpi
          id="k-renewals"
          title="Renewals due in 30 days"
          value={count(live.renewalsDue)}
          points={series(METRICS.renewalsDue)}
          format={count}
          link={links.payments && { href: "/admin/payments?type=MEMBERSHIP", label: "See dues payments" }}
        />
        <Kpi id="k-lapsed" title="Lapsed or in grace" value={count(live.lapsed)} points={series(METRICS.lapsedMembers)} format={count} link={users} />
        <Kpi
          id="k-dues"
          title="Dues revenue"
          value={`${usd(live.duesMonth)} this month`}
          detail={`${usd(live.duesYear)} this year`}
          points={dues}
          format={usd}
          link={links.payments && { href: `/admin/payments?type=MEMBERSHIP&from=${props.monthStart}`, label: "See this month's dues" }}
        />
        <Kpi
          id="k-other"
          title="Other revenue"
          value={`${usd(live.otherMonth)} this month`}
          detail={`${usd(live.otherYear)} this year: events, sponsorships, donations, training`}
          points={other}
          format={usd}
          link={links.payments && { href: `/admin/payments?from=${props.monthStart}`, label: "See this month's payments" }}
        />
        <Kpi
          id="k-events"
          title="Upcoming events"
          value={count(live.upcomingEvents)}
          detail={`${count(live.registrationsMonth)} registrations this month`}
          points={series(METRICS.upcomingEvents)}
          format={count}
          link={links.events && { href: "/admin/events", label: "See upcoming events" }}
        />
        <Kpi
          id="k-fill"
          title="Seats filled at upcoming events"
          value={percent(live.eventFill)}
          detail="Of the events with a seat limit"
          points={series(METRICS.eventFill)}
          format={percent}
          link={links.events && { href: "/admin/events", label: "See the events" }}
        />
        <Kpi
          id="k-bids"
          title="Open bid opportunities"
          value={count(live.openBids)}
          detail={`${count(live.openBidApplications)} bids received on them`}
          points={series(METRICS.openBids)}
          format={count}
          link={links.projects && { href: "/admin/projects?status=BIDDING_OPEN", label: "See open opportunities" }}
        />
        <Kpi
          id="k-applications"
          title="Bids submitted this month"
          value={count(live.applicationsMonth)}
          points={series(METRICS.applications)}
          format={count}
          link={links.projects && { href: "/admin/projects", label: "See opportunities" }}
        />
        <Kpi id="k-courses" title="Course completions this month" value={count(live.completionsMonth)} points={series(METRICS.completions)} format={count} />
        <Kpi
          id="k-feedback"
          title="Open feedback"
          value={count(live.openFeedback)}
          points={series(METRICS.openFeedback)}
          format={count}
          link={links.feedback && { href: "/admin/feedback?status=OPEN", label: "See open feedback" }}
        />
        <Kpi
          id="k-project-views"
          title="Opportunity page views this month"
          value={count(views(METRICS.projectViews))}
          detail="People, not bots; counted up to the last roll-up"
          points={series(METRICS.projectViews)}
          format={count}
          link={links.projects && { href: "/admin/projects", label: "See opportunities" }}
        />
        <Kpi
          id="k-event-views"
          title="Event page views this month"
          value={count(views(METRICS.eventViews))}
          detail="People, not bots; counted up to the last roll-up"
          points={series(METRICS.eventViews)}
          format={count}
          link={links.events && { href: "/admin/events", label: "See the events" }}
        />
      </div>
    </>
  );
}

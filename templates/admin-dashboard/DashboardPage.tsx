import type { DashboardData } from "../../src/features/admin-dashboard/queries.ts";
import { METRICS, monthlySeries, subtractSeries, type TrendPoint } from "../../src/features/admin-dashboard/rules.ts";
import { formatDateTime } from "../../src/lib/time.ts";
import { AdminNav, type AdminNavLinks } from "../admin/parts.tsx";
import { TrendChart, TrendTable } from "./TrendChart.tsx";

export type DashboardLinks = AdminNavLinks;

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

/** The chapter's health at a glance: the numbers of the latest roll-up, each with its 12-month trend and the list behind it. */
export function DashboardPage(props: { data: DashboardData; links: DashboardLinks; monthStart: string }) {
  const { numbers: live, months, rows, asOf } = props.data;
  const { links } = props;
  const series = (metric: string, dimension = "") => monthlySeries(rows, metric, months, dimension);
  const dues = series(METRICS.revenue, "MEMBERSHIP");
  const other = subtractSeries(series(METRICS.revenue), dues);
  const views = (metric: string) => series(metric).at(-1)?.value ?? 0;
  // Each link opens the list filtered by the number's own definition (definitions.ts), so its count is the number.
  const members = (query: string, label: string) => links.users && { href: `/admin/users?status=all&${query}`, label };
  return (
    <>
      <h1>Admin dashboard</h1>
      <AdminNav current="/admin" links={links} />
      <p class="hint">
        Numbers as of <time datetime={asOf.toISOString()}>{formatDateTime(asOf)}</time>, from the daily roll-up (Pacific days, refreshed every
        few minutes); the lines show the last 12 months. Each chart has its figures month by month below it, and each number links to the list
        it counts.
      </p>
      <div class="grid">
        {links.users && (
          <>
            <Kpi
              id="k-active"
              title="Active members"
              value={count(live.activeMembers)}
              points={series(METRICS.activeMembers)}
              format={count}
              link={members("membership=active", "See the active members")}
            />
            <Kpi
              id="k-new"
              title="New members this month"
              value={count(live.newThisMonth)}
              points={series(METRICS.newMembers)}
              format={count}
              link={members(`joined=${props.monthStart}`, "See this month's new members")}
            />
            <Kpi
              id="k-renewals"
              title="Renewals due in 30 days"
              value={count(live.renewalsDue)}
              points={series(METRICS.renewalsDue)}
              format={count}
              link={members("membership=due", "See the members due to renew")}
            />
            <Kpi
              id="k-lapsed"
              title="Lapsed or in grace"
              value={count(live.lapsed)}
              points={series(METRICS.lapsedMembers)}
              format={count}
              link={members("membership=ended", "See the members in grace or lapsed")}
            />
          </>
        )}
        {links.payments && (
          <>
            <Kpi
              id="k-dues"
              title="Dues revenue"
              value={`${usd(live.duesMonth)} this month`}
              detail={`${usd(live.duesYear)} this year`}
              points={dues}
              format={usd}
              link={{ href: `/admin/payments?type=MEMBERSHIP&received=yes&from=${props.monthStart}`, label: "See this month's dues" }}
            />
            <Kpi
              id="k-other"
              title="Other revenue"
              value={`${usd(live.otherMonth)} this month`}
              detail={`${usd(live.otherYear)} this year: events, sponsorships, donations, training`}
              points={other}
              format={usd}
              link={{ href: `/admin/payments?type=OTHER&received=yes&from=${props.monthStart}`, label: "See this month's other payments" }}
            />
          </>
        )}
        {links.events && (
          <>
            <Kpi
              id="k-events"
              title="Upcoming events"
              value={count(live.upcomingEvents)}
              detail={`${count(live.registrationsMonth)} registrations this month`}
              points={series(METRICS.upcomingEvents)}
              format={count}
              link={{ href: "/admin/events?when=scheduled", label: "See upcoming events" }}
            />
            <Kpi
              id="k-fill"
              title="Seats filled at upcoming events"
              value={percent(live.eventFill)}
              detail="Of the events with a seat limit"
              points={series(METRICS.eventFill)}
              format={percent}
              link={{ href: "/admin/events?when=scheduled", label: "See the upcoming events" }}
            />
          </>
        )}
        {links.projects && (
          <>
            <Kpi
              id="k-bids"
              title="Open bid opportunities"
              value={count(live.openBids)}
              detail={`${count(live.openBidApplications)} bids received on them`}
              points={series(METRICS.openBids)}
              format={count}
              link={{ href: "/admin/projects?bidding=open", label: "See open opportunities" }}
            />
            <Kpi
              id="k-applications"
              title="Bids submitted this month"
              value={count(live.applicationsMonth)}
              points={series(METRICS.applications)}
              format={count}
              link={{ href: `/admin/projects?bidsSince=${props.monthStart}`, label: "See the opportunities bid on this month" }}
            />
          </>
        )}
        {links.courses && (
          <Kpi
            id="k-courses"
            title="Course completions this month"
            value={count(live.completionsMonth)}
            points={series(METRICS.completions)}
            format={count}
            link={{ href: `/admin/courses?completedSince=${props.monthStart}`, label: "See the courses completed this month" }}
          />
        )}
        {links.feedback && (
          <Kpi
            id="k-feedback"
            title="Open feedback"
            value={count(live.openFeedback)}
            points={series(METRICS.openFeedback)}
            format={count}
            link={{ href: "/admin/feedback?status=OPEN", label: "See open feedback" }}
          />
        )}
        {links.projects && (
          <Kpi
            id="k-project-views"
            title="Opportunity page views this month"
            value={count(views(METRICS.projectViews))}
            detail="People, not bots; counted up to the last roll-up"
            points={series(METRICS.projectViews)}
            format={count}
            link={{ href: "/admin/projects", label: "See opportunities" }}
          />
        )}
        {links.events && (
          <Kpi
            id="k-event-views"
            title="Event page views this month"
            value={count(views(METRICS.eventViews))}
            detail="People, not bots; counted up to the last roll-up"
            points={series(METRICS.eventViews)}
            format={count}
            link={{ href: "/admin/events", label: "See the events" }}
          />
        )}
      </div>
    </>
  );
}

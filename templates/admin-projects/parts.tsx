// Pieces every bid-opportunity admin page shares: the project's own navigation, dollars.
import type { ProjectStatus } from "../../src/db/schema/projects.ts";
import { PROJECT_STATUS_LABEL } from "../../src/features/admin-projects/rules.ts";

/** The pages of one opportunity: its details and its bids. */
export function ProjectNav(props: { projectId: string; current: "edit" | "applications" | "compare" }) {
  const base = `/admin/projects/${props.projectId}`;
  const items: Array<[typeof props.current, string, string]> = [
    ["edit", base, "Opportunity details"],
    ["applications", `${base}/applications`, "Bids"],
  ];
  return (
    <nav aria-label="This opportunity" class="pager">
      <a href="/admin/projects">All opportunities</a>
      {items.map(([key, href, label]) => (
        <a href={href} aria-current={props.current === key ? "page" : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}

export function ProjectStatusBadge(props: { status: ProjectStatus }) {
  return <strong>{PROJECT_STATUS_LABEL[props.status]}</strong>;
}

/** "1250000.00" → "$1,250,000"; cents shown only when there are some. */
export function usd(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  const [whole = "0", cents = "00"] = amount.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return cents === "00" || cents === "0" ? `$${grouped}` : `$${grouped}.${cents.padEnd(2, "0")}`;
}

export function budgetRange(min: string | null, max: string | null): string {
  if (min && max) return min === max ? usd(min) : `${usd(min)} – ${usd(max)}`;
  if (min) return `from ${usd(min)}`;
  if (max) return `up to ${usd(max)}`;
  return "—";
}

import { chartGeometry, monthLabel, type TrendPoint } from "../../src/features/admin-dashboard/rules.ts";

/** What the chart says in words (its accessible name): the first and last months with a value, and the peak. */
export function describeTrend(title: string, points: readonly TrendPoint[], format: (n: number) => string): string {
  const known = points.filter((p): p is { month: string; value: number } => p.value !== null);
  if (known.length === 0) return `${title}: no figures yet`;
  const first = known[0]!;
  const last = known[known.length - 1]!;
  if (known.length === 1) return `${title}: ${format(first.value)} in ${monthLabel(first.month)}, the only month with figures`;
  const peak = known.reduce((a, b) => (b.value > a.value ? b : a));
  return `${title}, monthly: ${format(first.value)} in ${monthLabel(first.month)} to ${format(last.value)} in ${monthLabel(last.month)}; highest ${format(peak.value)} in ${monthLabel(peak.month)}`;
}

/**
 * A 12-month line drawn on the server: plain SVG, no script. role="img" with the trend in
 * words as its name; the month-by-month table beside it carries the figures themselves.
 */
export function TrendChart(props: { title: string; points: readonly TrendPoint[]; format: (n: number) => string }) {
  const g = chartGeometry(props.points);
  const label = describeTrend(props.title, props.points, props.format);
  return (
    <svg class="trend" role="img" aria-label={label} viewBox={`0 0 ${g.width} ${g.height}`}>
      <title>{label}</title>
      <line x1="0" y1={g.baseline} x2={g.width} y2={g.baseline} stroke="#d5dbe1" stroke-width="1" />
      {g.line && <path d={g.line} fill="none" stroke="#0b5394" stroke-width="2" stroke-linejoin="round" stroke-linecap="round" />}
      {g.dots.map((d) => (
        <circle cx={d.x} cy={d.y} r="2.5" fill="#0b5394" />
      ))}
    </svg>
  );
}

/** The same figures as a table, for screen readers and anyone who wants the numbers. */
export function TrendTable(props: { title: string; points: readonly TrendPoint[]; format: (n: number) => string }) {
  return (
    <details>
      <summary>Month by month</summary>
      <div class="table-wrap">
        <table>
          <caption>{props.title}, month by month</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Figure</th>
            </tr>
          </thead>
          <tbody>
            {props.points.map((p) => (
              <tr>
                <th scope="row">{monthLabel(p.month)}</th>
                <td>{p.value === null ? "no figures" : props.format(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

import type { Recommendation } from "../../src/features/projects/recommend.ts";
import { formatDate } from "../../src/lib/time.ts";

export function Recommended(props: { items: Recommendation[] }) {
  return (
    <section aria-labelledby="h-recommended">
      <h2 id="h-recommended">Recommended for you</h2>
      {props.items.length === 0 ? (
        <p>
          Nothing open fits you right now. <a href="/projects">Browse every opportunity</a>
        </p>
      ) : (
        <ul>
          {props.items.map((r) => (
            <li>
              <a href={`/projects/${r.id}`}>{r.title}</a> — match {r.score}/100
              {r.organization ? `, ${r.organization}` : ""}
              {r.deadlineDate ? (
                <>
                  , due <time datetime={r.deadlineDate.toISOString()}>{formatDate(r.deadlineDate)}</time>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { pageCount } from "../../src/lib/pagination.ts";

/** Previous/next links that keep the current filters in the URL. */
export function Pager(props: { page: number; perPage: number; total: number; baseUrl: string; query: Record<string, string | undefined> }) {
  const pages = pageCount(props.total, props.perPage);
  const href = (page: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(props.query)) if (v && k !== "page") params.set(k, v);
    if (page > 1) params.set("page", String(page));
    const qs = params.toString();
    return qs ? `${props.baseUrl}?${qs}` : props.baseUrl;
  };
  return (
    <nav class="pager" aria-label="Pages">
      {props.page > 1 ? <a href={href(props.page - 1)} rel="prev">Previous</a> : <span aria-hidden="true">Previous</span>}
      <span>
        Page {props.page} of {pages} · {props.total} {props.total === 1 ? "result" : "results"}
      </span>
      {props.page < pages ? <a href={href(props.page + 1)} rel="next">Next</a> : <span aria-hidden="true">Next</span>}
    </nav>
  );
}

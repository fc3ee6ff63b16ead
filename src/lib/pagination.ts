/** Page numbers from a query string, clamped so a hostile ?page= cannot ask for absurd offsets. */
export function pageParams(query: { page?: string }, perPage = 25, maxPage = 10_000) {
  const page = Math.min(Math.max(1, Number.parseInt(query.page ?? "1", 10) || 1), maxPage);
  return { page, perPage, offset: (page - 1) * perPage, limit: perPage };
}

export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

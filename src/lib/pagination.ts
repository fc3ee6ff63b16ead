import * as z from "zod";

/**
 * `?page=` of a paged list, part of the list's query schema. The number comes from our own
 * pager links, so a stale or hostile one reads as the nearest real page instead of an error:
 * 1 when absent or not a number, at most maxPage so it cannot ask for an absurd offset.
 */
export function pageField(maxPage = 10_000) {
  return z
    .string()
    .optional()
    .transform((v) => Math.min(Math.max(1, Number.parseInt(v ?? "1", 10) || 1), maxPage));
}

/** The rows of one page. */
export function pageWindow(page: number, perPage: number) {
  return { page, perPage, offset: (page - 1) * perPage, limit: perPage };
}

export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

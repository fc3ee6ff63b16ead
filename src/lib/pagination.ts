import * as z from "zod";

/**
 * `?page=` of a paged list, part of the list's query schema: a whole number, 1 when absent;
 * past maxPage it reads as maxPage, so a hostile number cannot ask for an absurd offset.
 */
export function pageField(maxPage = 10_000) {
  return z
    .string()
    .regex(/^\d{1,9}$/, "Choose a page by its number, like 2.")
    .default("1")
    .transform((v) => Math.min(Math.max(1, Number(v)), maxPage));
}

/** The rows of one page. */
export function pageWindow(page: number, perPage: number) {
  return { page, perPage, offset: (page - 1) * perPage, limit: perPage };
}

export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

import type { RouteRow } from "./types.ts";

export const adminRows: RouteRow[] = [];

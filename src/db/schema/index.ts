// The schema drizzle reads (client.ts, drizzle.config.ts). Every table and enum.
export * from "./accounts.ts";
export * from "./directory.ts";
export * from "./projects.ts";
export * from "./events.ts";
export * from "./messaging.ts";
export * from "./learning.ts";
export * from "./payments.ts";
export * from "./audit.ts";
export * from "./auth.ts";
export type { LatLng } from "./columns.ts";

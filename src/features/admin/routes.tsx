import { Hono } from "hono";
import type { AppEnv } from "../../http/types.ts";

// Admin screens: users, roles and permissions, email outbox.
export const adminRoutes = new Hono<AppEnv>();

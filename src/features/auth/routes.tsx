import { Hono } from "hono";
import type { AppEnv } from "../../http/types.ts";

// Sign-up, email verification, sign-in (with the second factor), sign-out, password reset.
export const authRoutes = new Hono<AppEnv>();

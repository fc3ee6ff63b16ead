import { Hono } from "hono";
import type { AppEnv } from "../../http/types.ts";
import { loginRoutes } from "./login-routes.tsx";
import { registerRoutes } from "./register-routes.tsx";
import { passwordResetRoutes } from "./reset-routes.tsx";
import { welcomeRoutes } from "./welcome-routes.tsx";

// Sign-up and email verification (register.tsx), sign-in and sign-out (login.tsx),
// forgotten passwords (reset.tsx). The second sign-in step lives with the account pages.
export const authRoutes = new Hono<AppEnv>()
  .route("/", registerRoutes)
  .route("/", loginRoutes)
  .route("/", passwordResetRoutes)
  .route("/", welcomeRoutes);

import { createApp } from "./app.tsx";
import { runScheduled } from "./scheduled.ts";

export { EventCapacity } from "./objects/EventCapacity.ts";
export { ChatRoom } from "./objects/ChatRoom.ts";
export { RateLimiter } from "./objects/RateLimiter.ts";
export { PageViews } from "./objects/PageViews.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(controller, env));
  },
} satisfies ExportedHandler<Env>;

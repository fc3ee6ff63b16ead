import { DurableObject } from "cloudflare:workers";

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  /** Seconds until the next attempt would be allowed; 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * A sliding-window rate limiter, one object per key (an IP, an account, an
 * account's 2FA attempts). One writer per key makes the count exact under
 * concurrency. The log of hits is small by construction (at most `limit`).
 */
export class RateLimiter extends DurableObject<Env> {
  async consume(limit: number, windowSeconds: number): Promise<RateDecision> {
    const now = Date.now();
    const windowMs = windowSeconds * 1000;
    const hits = ((await this.ctx.storage.get<number[]>("hits")) ?? []).filter((t) => t > now - windowMs);
    if (hits.length >= limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((hits[0]! + windowMs - now) / 1000));
      return { allowed: false, remaining: 0, retryAfterSeconds };
    }
    hits.push(now);
    await this.ctx.storage.put("hits", hits);
    // Forget the key once its window has passed, so idle keys cost no storage.
    await this.ctx.storage.setAlarm(now + windowMs);
    return { allowed: true, remaining: limit - hits.length, retryAfterSeconds: 0 };
  }

  /** Clears the key, e.g. after a successful sign-in. */
  async reset(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}

/** Consumes one attempt from the limiter named `key`. */
export function consumeRate(env: Env, key: string, limit: number, windowSeconds: number): Promise<RateDecision> {
  const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(key));
  return stub.consume(limit, windowSeconds);
}

/** Clears the limiter named `key` (a member who got the password right starts counting afresh). */
export function resetRate(env: Env, key: string): Promise<void> {
  const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(key));
  return stub.reset();
}

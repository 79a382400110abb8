import { createHash } from "node:crypto";
import pg from "pg";
import type { Redis } from "ioredis";
import { RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "@docvault/core";
import { consumeSlidingWindow } from "./sliding-window";

export type TRateLimitConfig = {
  /** Redis when set (shared by every web process); otherwise PostgreSQL at databaseUrl. */
  redis?: Redis;
  databaseUrl: string;
  prefix: string;
  uploadsPerMinute: number;
  signInsPerIp: number;
  /** Attempts for one email address from one source address (a stranger elsewhere cannot lock its owner out). */
  signInsPerEmail: number;
  /** Sign-ups and e-mail-sending requests (reset, verification) per source address per hour. */
  signUpsPerIp?: number;
  /** Retries of failed or cancelled jobs one user may ask for per hour (sliding window). */
  retriesPerHour?: number;
  /** Browser cache lookups one user may report per UTC day (the admin dashboard's browser layer). */
  browserCacheReportsPerDay?: number;
  /** Called once per limit that refused a request: the 429 metric. */
  onRejected?: (limit: TRateLimitName) => void;
};

export type TRateLimitName = "upload" | "signin-ip" | "signin-email" | "signup-ip" | "retry" | "browser-cache";

export type TRateLimits = {
  /** Throws RATE_LIMITED (with retryAfterMs) when this user started too many uploads in the last minute. */
  upload(userId: string): Promise<void>;
  /**
   * Throws RATE_LIMITED when this IP address tried to sign in too often, or tried this email address
   * too often. The email count is per source: guesses from elsewhere never lock the owner out.
   */
  signIn(ip: string, email: string | null): Promise<void>;
  /** Throws RATE_LIMITED when this address asked for too many sign-ups or account e-mails this hour. */
  signUp(ip: string): Promise<void>;
  /** Throws RATE_LIMITED when this user asked for too many job retries in the last hour. */
  retry(userId: string): Promise<void>;
  /** Throws RATE_LIMITED when this user's reported browser lookups would exceed today's budget. */
  browserCacheReport(userId: string, lookups: number): Promise<void>;
  close(): Promise<void>;
};

const SIGN_IN_WINDOW_SECONDS = 15 * 60;
// The sliding-window counters keep two windows readable; r-l-f never refuses them itself.
const UNLIMITED = 1_000_000_000;
const TABLE = "rate_limits";

function tooMany(what: string, retryAfterMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError("RATE_LIMITED", `Too many ${what}. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`, { retryAfterMs });
}

/** Personal data (an email) never lands in a rate-limit key, only its hash. */
const digest = (value: string) => createHash("sha256").update(value.trim().toLowerCase()).digest("hex").slice(0, 32);

/**
 * Rate limits on rate-limiter-flexible: RateLimiterRedis when Redis is configured, else
 * RateLimiterPostgres on a small pool of its own (its table, rate_limits, is created on first use
 * and is not part of the Prisma schema: it holds counters only).
 */
export async function createRateLimits(config: TRateLimitConfig): Promise<TRateLimits> {
  let pool: pg.Pool | undefined;
  let make: (name: string, points: number, duration: number) => Promise<RateLimiterAbstract>;
  if (config.redis) {
    const redis = config.redis;
    make = async (name, points, duration) => new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.prefix}:rl:${name}`, points, duration });
  } else {
    const pgPool = new pg.Pool({ connectionString: config.databaseUrl, max: 3 });
    pool = pgPool;
    // rate-limiter-flexible names its prepared statements. The embedded database (PGlite) has one
    // session for every connection, so a second connection preparing the same name failed with
    // 'prepared statement "rate_limits:rlflx-upsert" already exists' and uploads with it: the
    // statements go unnamed (parsed each time; cheap next to the round trip).
    const client = { query: (q: pg.QueryConfig) => pgPool.query({ text: q.text, values: q.values }) };
    let tableReady = false;
    make = async (name, points, duration) => {
      const options = { storeClient: client, storeType: "pool", tableName: TABLE, keyPrefix: `${config.prefix}:rl:${name}`, points, duration };
      // The first limiter creates the table; the others wait for it (two CREATE TABLE IF NOT
      // EXISTS at once can collide in PostgreSQL's catalog).
      // The callback may run inside the constructor (table already there), before the assignment.
      let limiter: RateLimiterPostgres | undefined;
      await new Promise<void>((resolve, reject) => {
        limiter = new RateLimiterPostgres({ ...options, tableCreated: tableReady, clearExpiredByTimeout: !tableReady }, (error?: unknown) =>
          error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(),
        );
      });
      if (!limiter) throw new Error("rate limiter was not created");
      tableReady = true;
      return limiter;
    };
  }
  const uploads = await make("upload", UNLIMITED, 120);
  const perIp = await make("signin-ip", config.signInsPerIp, SIGN_IN_WINDOW_SECONDS);
  const perEmail = await make("signin-email", config.signInsPerEmail, SIGN_IN_WINDOW_SECONDS);
  const signUps = await make("signup-ip", config.signUpsPerIp ?? 5, 60 * 60);
  const retries = await make("retry", UNLIMITED, 2 * 60 * 60);
  const browserCache = await make("browser-cache", UNLIMITED, 2 * 86_400);

  const fixed = async (limiter: RateLimiterAbstract, key: string): Promise<number | null> => {
    try {
      await limiter.consume(key, 1);
      return null;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return rejection.msBeforeNext;
      throw rejection;
    }
  };

  return {
    async upload(userId) {
      const decision = await consumeSlidingWindow(uploads, userId, config.uploadsPerMinute, 60_000);
      if (decision.allowed) return;
      config.onRejected?.("upload");
      throw tooMany("uploads in the last minute", decision.retryAfterMs);
    },
    async signIn(ip, email) {
      const [ipWait, emailWait] = await Promise.all([fixed(perIp, digest(ip)), email ? fixed(perEmail, digest(`${email.trim().toLowerCase()}\n${ip}`)) : null]);
      if (ipWait) config.onRejected?.("signin-ip");
      if (emailWait) config.onRejected?.("signin-email");
      const wait = Math.max(ipWait ?? 0, emailWait ?? 0);
      if (wait > 0) throw tooMany("sign-in attempts", wait);
    },
    async signUp(ip) {
      const wait = await fixed(signUps, digest(ip));
      if (!wait) return;
      config.onRejected?.("signup-ip");
      throw tooMany("account requests from this address", wait);
    },
    async retry(userId) {
      const decision = await consumeSlidingWindow(retries, userId, config.retriesPerHour ?? 20, 60 * 60_000);
      if (decision.allowed) return;
      config.onRejected?.("retry");
      throw tooMany("job retries in the last hour", decision.retryAfterMs);
    },
    async browserCacheReport(userId, lookups) {
      const budget = config.browserCacheReportsPerDay ?? 2_000;
      const day = Math.floor(Date.now() / 86_400_000);
      const key = `${userId}:${day}`;
      const res = await browserCache.consume(key, lookups);
      if (res.consumedPoints <= budget) return;
      // Over today's budget: give the points back, so what was counted stays what was accepted.
      await browserCache.reward(key, lookups);
      config.onRejected?.("browser-cache");
      throw tooMany("browser cache lookups reported today", (day + 1) * 86_400_000 - Date.now());
    },
    async close() {
      await pool?.end();
    },
  };
}

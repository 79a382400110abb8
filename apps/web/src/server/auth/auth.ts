/**
 * Accounts: better-auth (email + password) on our Prisma client. Users, sessions and password
 * hashes (scrypt, memory-hard, better-auth's default) live in PostgreSQL. Its own rate limiter
 * is off: sign-in attempts are limited by ours (rate-limit/), on Redis or PostgreSQL, so that
 * every web process shares the count.
 */
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import type { TDb } from "@docvault/db";

export type TAuthOptions = {
  db: TDb;
  secret: string;
  /** Public URL; undefined: each request's own origin (one machine, any host name). */
  baseURL?: string;
  adminEmails: string[];
  /** Secure cookies (and the __Secure- prefix): on when served over https. */
  secureCookies?: boolean;
};

export const MIN_PASSWORD_LENGTH = 10;

export function createAuth(opts: TAuthOptions) {
  return betterAuth({
    appName: "docvault",
    secret: opts.secret,
    baseURL: opts.baseURL,
    // Without AUTH_URL the app answers on whatever name it is reached by (localhost, 127.0.0.1, a
    // LAN name): a request is same-origin when its Origin names the Host it was sent to. A page on
    // another site cannot make a browser send our Host with its own Origin.
    trustedOrigins: opts.baseURL
      ? undefined
      : (request) => {
          const host = request?.headers.get("host");
          return host ? [`http://${host}`, `https://${host}`] : [];
        },
    basePath: "/api/auth",
    database: prismaAdapter(opts.db, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: MIN_PASSWORD_LENGTH, maxPasswordLength: 256, autoSignIn: true },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    user: {
      additionalFields: {
        // Never settable from a sign-up body (input: false); ADMIN_EMAILS decides below.
        role: { type: "string", required: false, defaultValue: "user", input: false },
      },
    },
    databaseHooks: {
      user: {
        create: {
          before: async (user) => ({
            data: { ...user, role: opts.adminEmails.includes(user.email.toLowerCase()) ? "admin" : "user" },
          }),
        },
      },
    },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    advanced: {
      database: { generateId: "uuid" },
      cookiePrefix: "docvault",
      // better-auth skips its Origin check when NODE_ENV=test; keep it on so tests check what runs.
      disableOriginCheck: false,
      useSecureCookies: opts.secureCookies,
    },
  });
}

export type TAuth = ReturnType<typeof createAuth>;

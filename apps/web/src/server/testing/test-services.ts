// One set-up for the web's integration tests: the server's environment pointed at this file's
// database, Redis prefix and storage directory (testPlaces) before the server first reads it, the
// server's services(), callerFor(user) for the tRPC router, and one close() for afterAll.
import { join } from "node:path";
import { testPlaces } from "@docvault/queue/testing/services";
import type { TApiScope } from "../auth/api-token";
import type { TServices } from "../services";
import { principalFor } from "./principal";

type TCallerOptions = { token?: { id: string; scopes: TApiScope[] }; services?: TServices };

/**
 * Call at the top level of a test file, before importing anything that reads the environment:
 * `env` adds or overrides variables (SMTP_URL, ALLOW_SIGN_UP...), `databaseUrl` names a database of
 * the file's own, `home` makes the storage directory DOCVAULT_HOME (files in its files/, resumable
 * uploads in its tus/).
 */
export async function createTestServices(suffix: string, opts: { env?: Record<string, string>; databaseUrl?: string; home?: boolean } = {}) {
  const places = await testPlaces(suffix, { databaseUrl: opts.databaseUrl });
  Object.assign(process.env, {
    DATABASE_URL: places.databaseUrl,
    REDIS_URL: places.redisUrl,
    QUEUE_PREFIX: places.prefix,
    STORAGE_DIR: opts.home ? join(places.storageDir, "files") : places.storageDir,
    ...(opts.home ? { DOCVAULT_HOME: places.storageDir } : {}),
    LOG_LEVEL: "silent",
    ...opts.env,
  });
  // Imported only now: env() is read once, on first use.
  const { services } = await import("../services");
  const { createCaller } = await import("../trpc/root");
  const { createContextInner } = await import("../trpc/trpc");
  return {
    ...places,
    services,
    /** The tRPC router as this user (a browser session, or a token with `token.scopes`); null: nobody signed in. */
    callerFor(user: { id: string; email?: string; role?: string } | null, callerOpts: TCallerOptions = {}) {
      const principal = user ? principalFor(user, callerOpts) : null;
      return createCaller(createContextInner({ services: callerOpts.services ?? services(), principal }));
    },
    /** Closes the server's connections, deletes the Redis keys and the stored files. */
    async close() {
      await services().shutdown();
      await places.remove();
    },
  };
}

/** A request body of one chunk, as acceptUpload reads it. */
export async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

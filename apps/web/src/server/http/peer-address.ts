import { AsyncLocalStorage } from "node:async_hooks";

/** What the production server (server/serve.ts) knew of a request before Next saw it. */
export type TPeer = { address: string; forwardedFor: string | undefined };

// On globalThis: the server entry and Next's route bundles load this module as separate copies.
const KEY = Symbol.for("docvault.peer");
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<TPeer> | undefined>;
const storage = (holder[KEY] ??= new AsyncLocalStorage<TPeer>());

/** Runs `fn` (a request's handling) knowing the socket's address and the X-Forwarded-For as it arrived. */
export function runWithPeer<T>(peer: TPeer, fn: () => T): T {
  return storage.run(peer, fn);
}

/** The current request's socket address, when the production server passed it down. */
export function currentPeer(): TPeer | undefined {
  return storage.getStore();
}

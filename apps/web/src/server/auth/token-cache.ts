/** What an API token proves, as `useApiToken` found it. */
export type TCachedToken = { tokenId: string; scopes: string[]; user: { id: string; email: string; name: string | null; role: string } };

export type TTokenCache = {
  /** The token behind this hash when it was looked up less than the cache's time ago. */
  get(tokenHash: string): TCachedToken | undefined;
  set(tokenHash: string, token: TCachedToken): void;
  /**
   * The cached token, or what `find` answers, kept when it is a token. Requests that miss together
   * (a script's 32 uploads when the entry's time is up) share one `find`.
   */
  load(tokenHash: string, find: () => Promise<TCachedToken | null>): Promise<TCachedToken | null>;
  /** Drops a token at once: it was revoked in this process (other processes drop it when its time is up). */
  forget(tokenId: string): void;
};

/**
 * API tokens found in the database, kept in this process for `ttlMs` so a script sending
 * thousands of requests costs one lookup every few seconds, not one a request. What that allows:
 * a token revoked in another web process still works here for at most `ttlMs` (revoked here: at
 * once), and so does a role changed meanwhile. Only tokens that exist are kept (a flood of made-up
 * tokens fills nothing), and never more than `maxEntries`, the oldest going first. `ttlMs` 0: off.
 */
export function createTokenCache(options: { ttlMs: number; maxEntries?: number; now?: () => number }): TTokenCache {
  const { ttlMs, maxEntries = 10_000, now = Date.now } = options;
  const entries = new Map<string, { token: TCachedToken; expiresAt: number }>();
  const finding = new Map<string, Promise<TCachedToken | null>>();
  const cache: TTokenCache = {
    get(tokenHash) {
      const entry = entries.get(tokenHash);
      if (!entry) return undefined;
      if (entry.expiresAt > now()) return entry.token;
      entries.delete(tokenHash);
      return undefined;
    },
    set(tokenHash, token) {
      if (ttlMs <= 0) return;
      entries.delete(tokenHash);
      entries.set(tokenHash, { token, expiresAt: now() + ttlMs });
      // A Map keeps insertion order: the first key is the oldest entry.
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value ?? "");
    },
    async load(tokenHash, find) {
      const cached = cache.get(tokenHash);
      if (cached) return cached;
      // Off: every request asks the database itself.
      if (ttlMs <= 0) return find();
      let found = finding.get(tokenHash);
      if (!found) {
        found = find()
          .then((token) => {
            if (token) cache.set(tokenHash, token);
            return token;
          })
          .finally(() => finding.delete(tokenHash));
        finding.set(tokenHash, found);
      }
      return found;
    },
    forget(tokenId) {
      for (const [hash, entry] of entries) if (entry.token.tokenId === tokenId) entries.delete(hash);
    },
  };
  return cache;
}

"use client";

import { useCallback, useEffect, useState } from "react";
import { clearResultCache, resultCacheStats, RESULT_TTL_MS, type TResultCacheStats } from "~/lib/result-cache";
import { formatBytes } from "~/lib/upload-labels";

const when = (time: number | null) => (time === null ? "none" : new Date(time).toLocaleString());

export function CacheSettings() {
  const [stats, setStats] = useState<TResultCacheStats | null>(null);
  const [message, setMessage] = useState("");
  const refresh = useCallback(() => void resultCacheStats().then(setStats), []);
  useEffect(refresh, [refresh]);
  return (
    <section aria-labelledby="cache-title">
      <h2 id="cache-title">Results kept on this device</h2>
      <p className="muted">Results are kept for {Math.round(RESULT_TTL_MS / 86_400_000)} days so that files already read open at once, offline too.</p>
      {stats ? (
        <dl className="stats" data-testid="cache-stats">
          <div>
            <dt>Entries</dt>
            <dd data-testid="cache-entries">{stats.entries}</dd>
          </div>
          <div>
            <dt>Size</dt>
            <dd data-testid="cache-bytes">{formatBytes(stats.bytes)}</dd>
          </div>
          <div>
            <dt>Oldest</dt>
            <dd>{when(stats.oldest)}</dd>
          </div>
          <div>
            <dt>Newest</dt>
            <dd>{when(stats.newest)}</dd>
          </div>
        </dl>
      ) : (
        <p className="muted">Counting…</p>
      )}
      <button
        type="button"
        disabled={!stats || stats.entries === 0}
        onClick={() =>
          void clearResultCache().then(() => {
            setMessage("The kept results were removed from this device.");
            refresh();
          })
        }
      >
        Clear kept results
      </button>
      <p role="status" className="small">
        {message}
      </p>
    </section>
  );
}

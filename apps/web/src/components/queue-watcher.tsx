"use client";

import { useEffect } from "react";
import { useOnline } from "~/lib/use-online";
import { useUploads } from "~/lib/use-uploads";

/**
 * Follows every upload the server is reading (pushed progress, see lib/follow-uploads.ts) until it
 * is done or failed. The follower and its tRPC client load only when something is being read.
 */
export function QueueWatcher() {
  const online = useOnline();
  const { uploads } = useUploads();
  const processing = uploads.filter((u) => u.state === "processing" && u.jobId && u.documentId);
  const ids = processing.map((u) => u.uploadId).join(",");

  useEffect(() => {
    if (!online || processing.length === 0) return;
    let stop: (() => void) | undefined;
    let cancelled = false;
    import("~/lib/follow-uploads")
      .then(({ followUploads }) => {
        if (!cancelled) stop = followUploads(processing);
      })
      .catch((error: unknown) => console.error("could not load the upload follower", error));
    return () => {
      cancelled = true;
      stop?.();
    };
    // The set of processing uploads is what matters; their progress changes do not restart the streams.
  }, [online, ids]);
  return null;
}

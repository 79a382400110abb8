"use client";

import { useEffect, useState } from "react";
import type { TQueuedUpload } from "./client-db";
import { listUploads, QUEUE_CHANNEL } from "./upload-queue";

/** The upload queue as stored in IndexedDB, refreshed whenever any page or the service worker changes it. */
export function useUploads(): { uploads: TQueuedUpload[]; loaded: boolean } {
  const [state, setState] = useState<{ uploads: TQueuedUpload[]; loaded: boolean }>({ uploads: [], loaded: false });
  useEffect(() => {
    let live = true;
    const refresh = () =>
      void listUploads().then(
        (uploads) => live && setState({ uploads, loaded: true }),
        (error: unknown) => console.error("could not read the upload queue", error),
      );
    refresh();
    const channel = new BroadcastChannel(QUEUE_CHANNEL);
    channel.onmessage = refresh;
    return () => {
      live = false;
      channel.close();
    };
  }, []);
  return state;
}

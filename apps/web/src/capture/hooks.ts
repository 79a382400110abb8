/**
 * The capture page's hooks (Preact): the same state the React pages get from lib/use-online.ts
 * and lib/use-uploads.ts, over the same framework-free sources.
 */
import { useEffect, useState } from "preact/hooks";
import type { TQueuedUpload } from "~/lib/client-db";
import { watchUploads } from "~/lib/upload-queue";

/** navigator.onLine, kept current; the server render (and so the first render here) assumes online. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return online;
}

/** The upload queue as stored in IndexedDB, refreshed whenever any page or the service worker changes it. */
export function useUploads(): TQueuedUpload[] {
  const [uploads, setUploads] = useState<TQueuedUpload[]>([]);
  useEffect(() => watchUploads(setUploads), []);
  return uploads;
}

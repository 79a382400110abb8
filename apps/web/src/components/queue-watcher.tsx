"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { cacheResult } from "~/lib/result-cache";
import { toResultView } from "~/lib/to-result-view";
import { updateUpload } from "~/lib/upload-queue";
import { useOnline } from "~/lib/use-online";
import { useUploads } from "~/lib/use-uploads";
import { useTRPC } from "~/trpc/client";

const POLL_MS = 1_000;

/** Follows every upload the server is reading until it is done or failed, keeping its result in IndexedDB. */
export function QueueWatcher() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const online = useOnline();
  const { uploads } = useUploads();
  const busy = useRef(new Set<string>());
  const processing = uploads.filter((u) => u.state === "processing" && u.documentId);

  useEffect(() => {
    if (!online || processing.length === 0) return;
    const timer = window.setInterval(() => {
      for (const upload of processing) {
        const documentId = upload.documentId;
        if (!documentId || busy.current.has(upload.uploadId)) continue;
        busy.current.add(upload.uploadId);
        void queryClient
          .fetchQuery({ ...trpc.documents.get.queryOptions({ id: documentId }), staleTime: 0 })
          .then(async (doc) => {
            const job = doc.job;
            if (job?.status === "completed") {
              // Fields and boxes too, so the result opens complete offline.
              const extraction = await queryClient
                .fetchQuery({ ...trpc.extractions.get.queryOptions({ documentId }), staleTime: 0 })
                .catch(() => null);
              await cacheResult(upload.sha256, toResultView(doc, extraction));
              await updateUpload(upload.uploadId, () => ({ state: "done", progress: { step: "done" } }));
              return;
            }
            if (job?.status === "failed" || job?.status === "cancelled") {
              const error = job.status === "cancelled" ? "Cancelled." : (job.lastError ?? "Reading failed.");
              await updateUpload(upload.uploadId, () => ({ state: "failed", error, progress: { step: job.status } }));
              return;
            }
            const progress = job?.progress ?? { step: "queued" };
            await updateUpload(upload.uploadId, (item) =>
              JSON.stringify(item.progress) === JSON.stringify(progress) ? null : { progress },
            );
          })
          .catch((error: unknown) => console.warn("could not follow a document", error))
          .finally(() => busy.current.delete(upload.uploadId));
      }
    }, POLL_MS);
    return () => window.clearInterval(timer);
    // The set of processing ids is what matters; their progress changes do not restart the timer.
  }, [online, processing.map((u) => u.uploadId).join(","), queryClient, trpc]);
  return null;
}

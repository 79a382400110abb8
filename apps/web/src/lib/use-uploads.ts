"use client";

import { useEffect, useState } from "react";
import type { TQueuedUpload } from "./client-db";
import { watchUploads } from "./upload-queue";

/** The upload queue as stored in IndexedDB, refreshed whenever any page or the service worker changes it. */
export function useUploads(): { uploads: TQueuedUpload[]; loaded: boolean } {
  const [state, setState] = useState<{ uploads: TQueuedUpload[]; loaded: boolean }>({ uploads: [], loaded: false });
  useEffect(() => watchUploads((uploads) => setState({ uploads, loaded: true })), []);
  return state;
}

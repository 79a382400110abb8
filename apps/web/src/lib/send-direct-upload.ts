/**
 * A large file straight to the S3 bucket (issue 21 part 6): the server presigns one URL per part,
 * the browser PUTs the parts there, and the server's finish checks what the store holds and records
 * it as POST /api/upload would. The web server never carries the bytes.
 */
import { answerOf, INTERACTIVE_PRIORITY, type TUploadAnswer, type TUploadBody, type TUploadRequest } from "./upload-request";

/** From this size on the server may offer a direct upload (its own threshold is the same). */
export const DIRECT_MIN_BYTES = 8 * 1024 * 1024;
/** Parts in flight at once: enough to fill a phone's uplink, few enough to keep its memory and sockets low. */
const PARALLEL_PARTS = 3;

/** Send the file to POST /api/upload instead. */
export const STREAM = "stream" as const;

type TDirectStart = { mode: "direct"; uploadKey: string; partSize: number; parts: { partNumber: number; url: string }[] };
type TStartBody = Partial<TDirectStart> & { mode?: string; error?: { code?: string; message?: string } };

/** Only a browser that says it is offline is taken at its word; onLine true proves nothing (a captive portal, a dead link). */
const saysOffline = () => typeof navigator !== "undefined" && navigator.onLine === false;

/**
 * Tries the direct upload. STREAM when it cannot be: the server answers "stream" (no S3, or a small
 * file), it is too old to know the route (404), or the store did not take a part (see putParts).
 * Otherwise the finish's answer, read as a streamed upload's; "offline" when an answer did not come.
 */
export async function sendDirect(request: TUploadRequest, headers: Record<string, string>): Promise<TUploadAnswer | typeof STREAM> {
  const type = request.type && request.type !== "application/octet-stream" ? { type: request.type } : {};
  const started = await postJson("/api/v1/uploads/direct", headers, {
    filename: request.name,
    ...type,
    size: request.blob.size,
    sha256: request.sha256,
    // The same id as the streamed upload: a replay resumes this upload, or answers as its finish did.
    uploadId: request.uploadId,
    priority: INTERACTIVE_PRIORITY,
    queuedFor: request.ownerId,
  });
  if (!started) return { kind: "offline" };
  const start = started.body as TStartBody;
  if (started.status === 404) return STREAM;
  if (started.status < 200 || started.status >= 300) return answerOf(started.status, start);
  if (!isDirectStart(start)) return STREAM;

  const parts = await putParts(request.blob, start);
  if (!parts) return saysOffline() ? { kind: "offline" } : STREAM;

  const finished = await postJson(`/api/v1/uploads/direct/${encodeURIComponent(start.uploadKey)}/finish`, headers, {
    parts,
    queuedFor: request.ownerId,
  });
  if (!finished) return { kind: "offline" };
  if (finished.status === 404) {
    // Expired (an hour went by) or swept: the next attempt starts a new one with the same upload id.
    return { kind: "retry-later", message: "The upload to the store ran out of time before it was finished. It will be sent again." };
  }
  return answerOf(finished.status, finished.body as TUploadBody);
}

function isDirectStart(body: TStartBody): body is TDirectStart {
  return (
    body.mode === "direct" && typeof body.uploadKey === "string" && typeof body.partSize === "number" && Array.isArray(body.parts) && body.parts.length > 0
  );
}

/** A JSON POST to our own API with the session (cookie and CSRF header); null when no answer came. */
async function postJson(path: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: unknown } | null> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    return null;
  }
  return { status: response.status, body: await response.json().catch(() => ({})) };
}

/**
 * PUTs every part to its presigned URL, a few at a time, and answers their ETags in part order;
 * null as soon as one part is not taken: no answer (the bucket's CORS refuses this origin, the
 * store is unreachable from here, the link dropped), an error status (an expired or refused
 * signature), or an ETag the browser may not read (the bucket's CORS does not expose it). The
 * server answered the start a moment ago, so the caller tries the streamed upload once.
 */
async function putParts(blob: Blob, start: TDirectStart): Promise<{ partNumber: number; etag: string }[] | null> {
  const queue = [...start.parts];
  const done: { partNumber: number; etag: string }[] = [];
  const stop = new AbortController();
  const sender = async (): Promise<void> => {
    for (let part = queue.shift(); part && !stop.signal.aborted; part = queue.shift()) {
      const bytes = blob.slice((part.partNumber - 1) * start.partSize, part.partNumber * start.partSize);
      // No cookie and no header of ours: the URL carries its own signature, and the session is not the store's business.
      const response = await fetch(part.url, { method: "PUT", body: bytes, credentials: "omit", signal: stop.signal }).catch(() => null);
      const etag = response?.ok ? response.headers.get("etag") : null;
      // The store's answer body is empty or an XML error; read it so the connection is free again.
      await response?.arrayBuffer().catch(() => null);
      if (!etag) {
        stop.abort();
        return;
      }
      done.push({ partNumber: part.partNumber, etag });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, queue.length) }, sender));
  if (stop.signal.aborted || done.length !== start.parts.length) return null;
  return done.sort((a, b) => a.partNumber - b.partNumber);
}

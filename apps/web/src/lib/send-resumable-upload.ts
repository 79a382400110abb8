/**
 * Resumable uploads for large files (tus 1.0 through tus-js-client) when the store takes no direct
 * upload: the file goes to /api/uploads/tus in chunks, and the upload's URL is kept with the queue
 * item in IndexedDB, so a cut network, a reload or a closed tab goes on from the offset the server
 * holds instead of from the first byte. The last chunk's answer is POST /api/upload's (the server
 * runs the same acceptUpload). Requests go through fetch, not XMLHttpRequest: the service worker
 * (Background Sync) sends with this same code, and it has no XMLHttpRequest.
 */
import { Upload, type HttpRequest, type HttpResponse, type HttpStack } from "tus-js-client";
import { answerOf, INTERACTIVE_PRIORITY, type TUploadAnswer, type TUploadBody, type TUploadRequest } from "./upload-request";

/** The server's tus endpoint (apps/web/src/server/tus-server.ts). */
export const TUS_ENDPOINT = "/api/uploads/tus";
/** Each chunk is one request: what a cut connection can lose, and how often the queue hears of progress. */
export const TUS_CHUNK_BYTES = 5 * 1024 * 1024;

/** Where the upload was left, kept with the queue item: its URL on the server, or null before one was made. */
export type TResumable = {
  resumeUrl: string | null;
  /** Called with the upload's URL once the server made it, and after each chunk the server took (the sender still holds the item). */
  onProgress: (progress: { resumeUrl: string; bytesAccepted: number }) => Promise<void>;
};

class FetchResponse implements HttpResponse {
  constructor(
    private readonly response: Response,
    private readonly body: string,
  ) {}
  getStatus(): number {
    return this.response.status;
  }
  getHeader(header: string): string | undefined {
    return this.response.headers.get(header) ?? undefined;
  }
  getBody(): string {
    return this.body;
  }
  getUnderlyingObject(): Response {
    return this.response;
  }
}

class FetchRequest implements HttpRequest {
  private readonly headers: Record<string, string> = {};
  private readonly controller = new AbortController();
  constructor(
    private readonly method: string,
    private readonly url: string,
  ) {}
  getMethod(): string {
    return this.method;
  }
  getURL(): string {
    return this.url;
  }
  setHeader(header: string, value: string): void {
    this.headers[header] = value;
  }
  getHeader(header: string): string | undefined {
    return this.headers[header];
  }
  setProgressHandler(): void {
    // fetch reports no upload progress; the queue hears of each chunk instead (onChunkComplete).
  }
  async send(body: Blob | null = null): Promise<HttpResponse> {
    const response = await fetch(this.url, { method: this.method, headers: this.headers, body, credentials: "same-origin", signal: this.controller.signal });
    return new FetchResponse(response, await response.text());
  }
  abort(): Promise<void> {
    this.controller.abort();
    return Promise.resolve();
  }
  getUnderlyingObject(): AbortController {
    return this.controller;
  }
}

/** The server's problem body or answer; another body (a proxy's page) leaves the status to decide. */
function bodyOf(response: HttpResponse): TUploadBody {
  try {
    return JSON.parse(response.getBody() || "{}") as TUploadBody;
  } catch {
    return {};
  }
}

const fetchStack: HttpStack = { createRequest: (method, url) => new FetchRequest(method, url), getName: () => "FetchHttpStack" };

/**
 * Sends one file through tus, from where `resumable` says it was left. Never throws: no answer at
 * all (offline, cut) is "offline", and the queue keeps the URL for the next try.
 */
export function sendResumable(request: TUploadRequest, headers: Record<string, string>, resumable: TResumable): Promise<TUploadAnswer> {
  return new Promise((resolve) => {
    // Progress is written in order, and an answer waits for the last write (a failed write costs
    // at most a chunk sent again, never the upload).
    let progress = Promise.resolve();
    const note = (bytesAccepted: number) => {
      const resumeUrl = upload.url;
      if (!resumeUrl) return;
      progress = progress
        .then(() => resumable.onProgress({ resumeUrl, bytesAccepted }))
        .catch((error: unknown) => console.warn("upload progress not kept", error));
    };
    const answer = (response: HttpResponse) => void progress.then(() => resolve(answerOf(response.getStatus(), bodyOf(response))));
    const upload = new Upload(request.blob, {
      // Absolute: tus-js-client resolves the server's Location against it (the page's or the worker's origin).
      endpoint: new URL(TUS_ENDPOINT, location.href).href,
      // The server's copy of an upload it no longer has (expired, or finished and removed) answers
      // 404; tus-js-client then starts a new one, and the upload id keeps it to one document.
      uploadUrl: resumable.resumeUrl,
      chunkSize: TUS_CHUNK_BYTES,
      // The queue decides when to try again (online again, the next start); one pass here.
      retryDelays: null,
      // Resumption is the queue's (the URL lives with the item), not tus-js-client's localStorage.
      storeFingerprintForResuming: false,
      httpStack: fetchStack,
      headers: { ...headers, "x-upload-user": request.ownerId },
      metadata: {
        filename: request.name,
        filetype: request.type || "application/octet-stream",
        uploadId: request.uploadId,
        sha256: request.sha256,
        priority: String(INTERACTIVE_PRIORITY),
      },
      onUploadUrlAvailable: () => note(0),
      onChunkComplete: (_chunk, bytesAccepted) => note(bytesAccepted),
      onSuccess: ({ lastResponse }) => answer(lastResponse),
      onError(error) {
        const response = "originalResponse" in error ? error.originalResponse : null;
        // No answer at all: offline, or the connection was cut.
        if (response) answer(response);
        else void progress.then(() => resolve({ kind: "offline" }));
      },
    });
    upload.start();
  });
}

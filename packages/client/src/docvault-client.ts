import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema";

type TJson<T> = T extends { content: { "application/json": infer Body } } ? Body : never;

export type TProblem = components["schemas"]["Problem"];
export type TErrorCode = TProblem["error"]["code"];
export type TUploadAnswer = TJson<paths["/api/upload"]["post"]["responses"]["202"]>;
export type TJob = TJson<paths["/api/v1/jobs/{jobId}"]["get"]["responses"]["200"]>;
export type TResult = TJson<paths["/api/v1/documents/{documentId}/result"]["get"]["responses"]["200"]>;
export type TJobStatus = TJob["status"];

/** A failure the server answered (its problem body), or a job that ended without a result. */
export class DocvaultError extends Error {
  readonly code: TErrorCode | "JOB_FAILED" | "JOB_CANCELLED" | "WAIT_TIMEOUT" | "UNEXPECTED_ANSWER";
  readonly status: number | null;

  constructor(code: DocvaultError["code"], message: string, status: number | null = null) {
    super(message);
    this.name = "DocvaultError";
    this.code = code;
    this.status = status;
  }
}

export type TClientOptions = {
  /** Where the app is, e.g. "https://docs.example.com" (no trailing /api). */
  baseUrl: string;
  /** A personal API token (Settings → API tokens), dvt_…. */
  token: string;
  /** Another fetch (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
};

export type TWaitOptions = {
  /** How long between two polls; default 1 s. */
  intervalMs?: number;
  /** Give up after this long (DocvaultError WAIT_TIMEOUT); default 10 minutes, the server's own job budget. */
  timeoutMs?: number;
  signal?: AbortSignal;
};

/** From this size on, upload() asks for a direct upload to the store (the server's own threshold is the same). */
const DIRECT_MIN_BYTES = 8 * 1024 * 1024;
const DIRECT_PARALLEL_PARTS = 4;

const FINISHED: ReadonlySet<TJobStatus> = new Set(["completed", "failed", "cancelled"]);

async function problemOf(response: Response): Promise<DocvaultError> {
  const body = (await response.json().catch(() => null)) as Partial<TProblem> | null;
  const error = body?.error;
  if (error && typeof error.code === "string" && typeof error.message === "string") return new DocvaultError(error.code, error.message, response.status);
  return new DocvaultError("UNEXPECTED_ANSWER", `The server answered ${response.status} without a problem body.`, response.status);
}

/** What openapi-fetch returns: the data, or the server's problem as a DocvaultError. */
async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || data === undefined) {
    const problem = (error ?? null) as Partial<TProblem> | null;
    const message = problem?.error?.message ?? `The server answered ${response.status}.`;
    throw new DocvaultError(problem?.error?.code ?? "UNEXPECTED_ANSWER", message, response.status);
  }
  return data;
}

/** fetch and crypto.subtle take ArrayBuffer-backed bytes: a view of a SharedArrayBuffer is copied, others pass as they are. */
function ownBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A typed client for docvault's API (/api/openapi.json): `api` reaches every documented path with
 * its types; the helpers do what scripts do most: upload, wait for the job, fetch the result.
 */
export function createDocvaultClient(options: TClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const authorization = `Bearer ${options.token}`;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const api = createClient<paths>({ baseUrl, headers: { authorization }, fetch: fetchImpl });

  /**
   * Whether you have a file already, by its SHA-256 (GET /api/v1/documents/by-hash/{sha256}): your
   * document and its latest job, answered as an upload of the same bytes would be ("known"), or
   * null. Only your own documents count.
   */
  async function lookupByHash(sha256: string): Promise<TUploadAnswer | null> {
    const found = await unwrap(api.GET("/api/v1/documents/by-hash/{sha256}", { params: { path: { sha256 } } }));
    return found.known && found.documentId && found.jobId && found.jobStatus
      ? { status: "known", documentId: found.documentId, jobId: found.jobId, jobStatus: found.jobStatus }
      : null;
  }

  /**
   * Sends one file (POST /api/upload) with a fresh upload id and its SHA-256, so a retry with the
   * same `uploadId` creates nothing twice and damaged bytes are refused. First it asks whether you
   * have these bytes already (lookupByHash): then the answer is your document and no byte is sent
   * (`check: false` sends them all the same; a token without documents:read skips the question).
   * The type comes from the file name unless `contentType` is given. `priority` (1..10, 10 first)
   * says when it is read among the other waiting files: 2 for a bulk import, so people's own
   * uploads go first; 5 when not given. A file of 8 MiB or more goes straight to the server's S3
   * bucket in parts when the server offers it (POST /api/v1/uploads/direct; `direct: false` never
   * asks), else in one request.
   */
  async function upload(
    file: Uint8Array,
    filename: string,
    opts: { contentType?: string; uploadId?: string; priority?: number; check?: boolean; direct?: boolean } = {},
  ): Promise<TUploadAnswer> {
    const bytes = ownBytes(file);
    const sha256 = await sha256Hex(bytes);
    if (opts.check !== false) {
      const known = await lookupByHash(sha256).catch((error: unknown) => {
        // A token that may only write, or a server older than the question: send the bytes.
        if (error instanceof DocvaultError && (error.code === "FORBIDDEN" || error.code === "NOT_FOUND")) return null;
        throw error;
      });
      if (known) return known;
    }
    const uploadId = opts.uploadId ?? crypto.randomUUID();
    if (opts.direct !== false && bytes.length >= DIRECT_MIN_BYTES) {
      const direct = await uploadDirect(bytes, filename, { ...opts, uploadId, sha256 });
      if (direct) return direct;
    }
    const headers: Record<string, string> = {
      authorization,
      "x-filename": encodeURIComponent(filename),
      "x-upload-id": uploadId,
      "x-content-sha256": sha256,
      ...(opts.contentType ? { "content-type": opts.contentType } : {}),
      ...(opts.priority === undefined ? {} : { "x-priority": String(opts.priority) }),
    };
    // A plain fetch: the body is raw bytes, which openapi-fetch would serialise as JSON.
    const response = await fetchImpl(`${baseUrl}/api/upload`, { method: "POST", headers, body: bytes });
    if (!response.ok) throw await problemOf(response);
    return (await response.json()) as TUploadAnswer;
  }

  /**
   * The file in parts to the presigned URLs the server gives, then finish: the server reads what
   * the store holds and checks it. Null when the server says to stream (no S3, or an older server).
   */
  async function uploadDirect(
    bytes: Uint8Array<ArrayBuffer>,
    filename: string,
    opts: { contentType?: string; uploadId: string; priority?: number; sha256: string },
  ): Promise<TUploadAnswer | null> {
    const body = {
      filename,
      size: bytes.length,
      sha256: opts.sha256,
      uploadId: opts.uploadId,
      ...(opts.contentType ? { type: opts.contentType } : {}),
      ...(opts.priority === undefined ? {} : { priority: opts.priority }),
    };
    const start = await unwrap(api.POST("/api/v1/uploads/direct", { body })).catch((error: unknown) => {
      if (error instanceof DocvaultError && error.code === "NOT_FOUND") return null;
      throw error;
    });
    if (!start || start.mode !== "direct") return null;
    const parts: { partNumber: number; etag: string }[] = [];
    const queue = [...start.parts];
    // A few parts at a time: enough to fill a link, few enough to keep memory and sockets bounded.
    const sender = async () => {
      for (let part = queue.shift(); part; part = queue.shift()) {
        const chunk = bytes.subarray((part.partNumber - 1) * start.partSize, part.partNumber * start.partSize);
        // No Authorization header: the URL carries its own signature, and the token is not the store's business.
        const response = await fetchImpl(part.url, { method: "PUT", body: chunk });
        const etag = response.headers.get("etag");
        if (!response.ok || !etag) {
          throw new DocvaultError(
            "UNEXPECTED_ANSWER",
            `The store refused part ${part.partNumber} of ${filename} (HTTP ${response.status}). Upload it again.`,
            response.status,
          );
        }
        parts.push({ partNumber: part.partNumber, etag });
      }
    };
    await Promise.all(Array.from({ length: Math.min(DIRECT_PARALLEL_PARTS, queue.length) }, sender));
    parts.sort((a, b) => a.partNumber - b.partNumber);
    return unwrap(api.POST("/api/v1/uploads/direct/{uploadKey}/finish", { params: { path: { uploadKey: start.uploadKey } }, body: { parts } }));
  }

  const getJob = (jobId: string) => unwrap(api.GET("/api/v1/jobs/{jobId}", { params: { path: { jobId } } }));

  /** Polls the job until it is completed, failed or cancelled, and answers it as it ended. */
  async function waitForJob(jobId: string, wait: TWaitOptions = {}): Promise<TJob> {
    const { intervalMs = 1_000, timeoutMs = 600_000, signal } = wait;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await getJob(jobId);
      if (FINISHED.has(job.status)) return job;
      if (Date.now() + intervalMs > deadline)
        throw new DocvaultError("WAIT_TIMEOUT", `Job ${jobId} is still ${job.status} after ${Math.round(timeoutMs / 1000)} s.`);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, intervalMs);
        signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
      });
    }
  }

  const getResult = (documentId: string) => unwrap(api.GET("/api/v1/documents/{documentId}/result", { params: { path: { documentId } } }));

  /** Waits for the job, then fetches its document's result; a failed or cancelled job throws with its reason. */
  async function waitForResult(jobId: string, wait: TWaitOptions = {}): Promise<TResult> {
    const job = await waitForJob(jobId, wait);
    if (job.status === "failed") throw new DocvaultError("JOB_FAILED", job.lastError ?? "The job failed.");
    if (job.status === "cancelled") throw new DocvaultError("JOB_CANCELLED", "The job was cancelled.");
    return getResult(job.documentId);
  }

  return { api, upload, lookupByHash, getJob, waitForJob, getResult, waitForResult };
}

export type TDocvaultClient = ReturnType<typeof createDocvaultClient>;

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A Mistral API on 127.0.0.1 that speaks the real wire format (snake_case, the fields the SDK
 * validates), so tests run the real `@mistralai/mistralai` client end to end without internet.
 */

export type TFakeEndpoint = "upload" | "signed-url" | "delete" | "download" | "ocr" | "chat" | "batch-create" | "batch-get" | "batch-cancel";

export type TFakeOcrPage = {
  markdown: string;
  width?: number;
  height?: number;
  /** Adds confidence_scores with this page average (and word scores when given). */
  confidence?: number;
  words?: { text: string; confidence: number }[];
};

/** The document an OCR request names, decoded: a data URL's bytes, or the uploaded file behind a signed URL. */
export type TFakeOcrDocument = { type: "image_url" | "document_url"; url: string; mimeType: string | undefined; bytes: Buffer | undefined };

/** How a batch job created while this behaviour is in force runs. */
export type TFakeBatchScript = {
  /** Gets that answer RUNNING before the job ends (default: the server's batchPolls, 1). */
  polls?: number;
  /** How the job ends (default SUCCESS). */
  end?: "SUCCESS" | "FAILED" | "TIMEOUT_EXCEEDED" | "CANCELLED";
  /** Lines answered before a job that does not succeed ends (default 0: no output file). */
  processed?: number;
  /** Lines answered with this HTTP status instead of OCR, by custom_id; they go to the error file. */
  failLines?: Record<string, number>;
  /** The job's `errors` when it ends FAILED. */
  errors?: string[];
};

export type TFakeBehaviour =
  /** Answer as the API does; `pages` / `answer` override the defaults for OCR / chat. */
  | { kind: "ok"; pages?: TFakeOcrPage[]; answer?: unknown }
  /** For "batch-create": accept the job and run it as scripted. */
  | ({ kind: "batch" } & TFakeBatchScript)
  | { kind: "rate-limited"; retryAfter?: string }
  | { kind: "error"; status: number; body?: unknown }
  /** Accept the request and never answer (until close()). */
  | { kind: "hang" }
  /** A 200 whose JSON lacks what the API documents. */
  | { kind: "invalid" };

export type TFakeRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  /** JSON bodies parsed (data URLs cut to their first 64 characters); multipart as fields plus the file's name and size. */
  body: unknown;
  /** When the request arrived (Date.now()), e.g. to check a rate limit from the server's side. */
  receivedAt: number;
};

export type TFakeMistralOptions = {
  apiKey?: string;
  /** Default OCR pages; one page of "# Fake page" when absent. */
  pages?: TFakeOcrPage[];
  /** OCR pages as a function of the document (before `pages`), so a test can tell documents' results apart. */
  ocrPages?: (document: TFakeOcrDocument) => TFakeOcrPage[];
  /** Gets of a batch job that answer RUNNING before it ends (default 1: RUNNING, then the end). */
  batchPolls?: number;
  /** Default chat answer (an object sent as JSON content) or a function of the parsed request body. */
  answer?: unknown | ((request: Record<string, unknown>) => unknown);
  /** Every answer waits this long first, like the real API's latency (benchmarks). */
  latencyMs?: number;
};

export type TFakeMistral = {
  url: string;
  requests: TFakeRequest[];
  /** Behaviours taken one per request; the last one stays in force. */
  setBehaviour(endpoint: TFakeEndpoint, ...behaviours: TFakeBehaviour[]): void;
  /** Ids of uploaded files (and batch output files) not deleted yet. */
  storedFileIds(): string[];
  /** Batch jobs created so far, oldest first. */
  batchJobs(): TFakeBatchJobInfo[];
  close(): Promise<void>;
};

export type TFakeBatchJobInfo = {
  id: string;
  inputFileIds: string[];
  model: string;
  endpoint: string;
  metadata: Record<string, string> | null;
  timeoutHours: number | undefined;
  /** custom_id of every input line, in file order. */
  customIds: string[];
  /** The input lines as parsed (data URLs cut to their first 64 characters). */
  lines: unknown[];
  lineCount: number;
  status: TBatchStatus;
  outputFileId: string | null;
  errorFileId: string | null;
};

type TBatchStatus = "QUEUED" | "RUNNING" | "SUCCESS" | "FAILED" | "TIMEOUT_EXCEEDED" | "CANCELLATION_REQUESTED" | "CANCELLED";
type TBatchLine = { custom_id: string; body: Record<string, unknown> };
type TBatchJob = Omit<TFakeBatchJobInfo, "lines"> & {
  lines: TBatchLine[];
  script: TFakeBatchScript;
  polls: number;
  createdAt: number;
  completedAt: number | null;
  succeeded: number;
  failed: number;
};

type TStoredFile = { id: string; filename: string; bytes: number; purpose: string; createdAt: number; content: Buffer };

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

/** Just enough multipart/form-data parsing for the SDK's upload: text fields and one file part. */
function parseMultipart(body: Buffer, contentType: string): { fields: Record<string, string>; file?: { filename: string; size: number; content: Buffer } } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return { fields: {} };
  const fields: Record<string, string> = {};
  let file: { filename: string; size: number; content: Buffer } | undefined;
  const delimiter = Buffer.from(`--${marker}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/.exec(headers)?.[1];
      if (name !== undefined && filename !== undefined) file = { filename, size: content.length, content };
      else if (name !== undefined) fields[name] = content.toString("utf8");
    }
    start = next;
  }
  return file ? { fields, file } : { fields };
}

function summarise(value: unknown): unknown {
  if (typeof value === "string") return value.startsWith("data:") && value.length > 64 ? `${value.slice(0, 64)}…` : value;
  if (Array.isArray(value)) return value.map(summarise);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, summarise(v)]));
  }
  return value;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A value of the given JSON schema made of nulls (or empty arrays / first enum values where null is not allowed). */
function nullsFor(schema: unknown): unknown {
  if (!isRecord(schema)) return null;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const anyOf = Array.isArray(schema.anyOf) ? schema.anyOf : [];
  if (types.includes("null") || anyOf.some((s) => isRecord(s) && s.type === "null")) return null;
  if (types.includes("object") && isRecord(schema.properties)) {
    return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, nullsFor(v)]));
  }
  if (types.includes("array")) return [];
  return null;
}

function ocrPageJson(page: TFakeOcrPage, index: number): Record<string, unknown> {
  const json: Record<string, unknown> = {
    index,
    markdown: page.markdown,
    images: [],
    tables: [],
    hyperlinks: [],
    header: null,
    footer: null,
    dimensions: { dpi: 200, height: page.height ?? 2200, width: page.width ?? 1700 },
  };
  if (page.confidence !== undefined) {
    let offset = 0;
    json.confidence_scores = {
      average_page_confidence_score: page.confidence,
      minimum_page_confidence_score: Math.min(page.confidence, ...(page.words ?? []).map((w) => w.confidence)),
      ...(page.words
        ? {
            word_confidence_scores: page.words.map((w) => {
              const startIndex = page.markdown.indexOf(w.text, offset);
              offset = startIndex === -1 ? offset : startIndex + w.text.length;
              return { text: w.text, confidence: w.confidence, start_index: Math.max(0, startIndex) };
            }),
          }
        : {}),
    };
  }
  return json;
}

/** A receipt as Mistral's structuring call answers it, for tests that escalate one. */
export const FAKE_RECEIPT_ANSWER = {
  merchant: "CORNER BAKERY SDN BHD",
  address: "12 JALAN MAWAR 81750 JOHOR BAHRU",
  date: "2018-03-15",
  total: "8.00",
  currency: "MYR",
  tax: "0.45",
  lineItems: [],
};

export async function startFakeMistral(opts: TFakeMistralOptions = {}): Promise<TFakeMistral> {
  const apiKey = opts.apiKey ?? "test-key";
  const requests: TFakeRequest[] = [];
  const behaviours = new Map<TFakeEndpoint, TFakeBehaviour[]>();
  const files = new Map<string, TStoredFile>();
  const jobs = new Map<string, TBatchJob>();
  let baseUrl = "";

  const nextBehaviour = (endpoint: TFakeEndpoint): TFakeBehaviour => {
    const queue = behaviours.get(endpoint) ?? [];
    const current = queue[0] ?? { kind: "ok" };
    if (queue.length > 1) queue.shift();
    return current;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

  const storeFile = (filename: string, purpose: string, content: Buffer): TStoredFile => {
    const stored = { id: randomUUID(), filename, bytes: content.length, purpose, createdAt: Math.floor(Date.now() / 1000), content };
    files.set(stored.id, stored);
    return stored;
  };

  /** The document an OCR request body names: a data URL decoded, or the stored file behind a signed URL. */
  const documentOf = (body: Record<string, unknown>): TFakeOcrDocument | undefined => {
    const document = isRecord(body.document) ? body.document : {};
    const type = document.type === "document_url" ? "document_url" : "image_url";
    const raw = type === "document_url" ? document.document_url : document.image_url;
    const url = typeof raw === "string" ? raw : isRecord(raw) && typeof raw.url === "string" ? raw.url : undefined;
    if (url === undefined) return undefined;
    const data = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(url);
    if (data) {
      const payload = data[3] ?? "";
      return { type, url, mimeType: data[1] || undefined, bytes: data[2] ? Buffer.from(payload, "base64") : Buffer.from(decodeURIComponent(payload)) };
    }
    const signedId = /\/signed\/([^/?]+)/.exec(url)?.[1];
    return { type, url, mimeType: undefined, bytes: signedId ? files.get(signedId)?.content : undefined };
  };

  /** What /v1/ocr answers for a body, real-time or as one line of a batch job. */
  const ocrResult = (body: Record<string, unknown>, behaviourPages?: TFakeOcrPage[]): { status: number; body: unknown } => {
    const document = documentOf(body);
    const signedId = document ? /\/signed\/([^/?]+)/.exec(document.url)?.[1] : undefined;
    if (signedId !== undefined && !files.has(signedId)) return { status: 400, body: { message: "Could not fetch the document from the given URL" } };
    const pages = behaviourPages ?? (opts.ocrPages && document ? opts.ocrPages(document) : undefined) ?? opts.pages ?? [{ markdown: "# Fake page" }];
    const selected = Array.isArray(body.pages)
      ? body.pages.flatMap((i) => (typeof i === "number" && pages[i] ? [{ page: pages[i], index: i }] : []))
      : pages.map((page, index) => ({ page, index }));
    return {
      status: 200,
      body: {
        pages: selected.map(({ page, index }) => ocrPageJson(page, index)),
        model: typeof body.model === "string" ? body.model : "mistral-ocr-latest",
        document_annotation: null,
        usage_info: { pages_processed: selected.length, doc_size_bytes: document?.bytes?.length ?? null },
      },
    };
  };

  const isEnded = (job: TBatchJob) => ["SUCCESS", "FAILED", "TIMEOUT_EXCEEDED", "CANCELLED"].includes(job.status);

  /** Ends a job: the lines it got to go through /v1/ocr, answers to the output file, failed lines to the error file. */
  const endJob = (job: TBatchJob, end: TBatchStatus) => {
    const answered = end === "SUCCESS" ? job.lines : job.lines.slice(0, job.script.processed ?? 0);
    const outputs: string[] = [];
    const failures: string[] = [];
    for (const line of answered) {
      const failStatus = job.script.failLines?.[line.custom_id];
      const result =
        failStatus === undefined
          ? ocrResult({ ...line.body, model: job.model })
          : { status: failStatus, body: { object: "error", message: `Fake error ${failStatus}`, type: "fake_error", code: null } };
      const entry = JSON.stringify({
        id: `batch-${randomUUID()}`,
        custom_id: line.custom_id,
        response: { status_code: result.status, body: result.body },
        error: null,
      });
      (result.status >= 200 && result.status < 300 ? outputs : failures).push(entry);
    }
    job.succeeded = outputs.length;
    job.failed = failures.length;
    if (outputs.length > 0) job.outputFileId = storeFile(`${job.id}.jsonl`, "batch", Buffer.from(`${outputs.join("\n")}\n`)).id;
    if (failures.length > 0) job.errorFileId = storeFile(`${job.id}_error.jsonl`, "batch", Buffer.from(`${failures.join("\n")}\n`)).id;
    job.status = end;
    job.completedAt = Math.floor(Date.now() / 1000);
  };

  /** Each get moves a job on: RUNNING for its scripted number of polls, then its end. */
  const advanceJob = (job: TBatchJob) => {
    if (isEnded(job)) return;
    job.polls += 1;
    if (job.status === "CANCELLATION_REQUESTED") endJob(job, "CANCELLED");
    else if (job.polls <= (job.script.polls ?? opts.batchPolls ?? 1)) job.status = "RUNNING";
    else endJob(job, job.script.end ?? "SUCCESS");
  };

  const jobJson = (job: TBatchJob) => ({
    id: job.id,
    object: "batch",
    input_files: job.inputFileIds,
    metadata: job.metadata,
    endpoint: job.endpoint,
    model: job.model,
    agent_id: null,
    output_file: job.outputFileId,
    error_file: job.errorFileId,
    errors: job.status === "FAILED" ? (job.script.errors ?? []).map((message) => ({ message, count: 1 })) : [],
    outputs: null,
    status: job.status,
    created_at: job.createdAt,
    total_requests: job.lineCount,
    completed_requests: job.succeeded + job.failed,
    succeeded_requests: job.succeeded,
    failed_requests: job.failed,
    started_at: job.status === "QUEUED" ? null : job.createdAt,
    completed_at: job.completedAt,
  });

  /** A job over the input files' JSONL lines, or why the API would refuse it. */
  const createJob = (json: Record<string, unknown>, script: TFakeBatchScript): TBatchJob | string => {
    if (typeof json.model !== "string") return "A model is required for an OCR batch job.";
    if (json.endpoint !== "/v1/ocr") return `The fake runs only /v1/ocr batch jobs, not ${String(json.endpoint)}.`;
    const inputFileIds = Array.isArray(json.input_files) ? json.input_files.filter((id): id is string => typeof id === "string") : [];
    if (inputFileIds.length === 0) return "input_files is required.";
    const lines: TBatchLine[] = [];
    for (const fileId of inputFileIds) {
      const file = files.get(fileId);
      if (!file || file.purpose !== "batch") return `File ${fileId} is not a batch input file.`;
      const texts = file.content.toString("utf8").split("\n");
      for (const [n, text] of texts.entries()) {
        if (text.trim() === "") continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return `Line ${n + 1} of file ${fileId} is not JSON.`;
        }
        if (!isRecord(parsed) || typeof parsed.custom_id !== "string" || !isRecord(parsed.body)) {
          return `Line ${n + 1} of file ${fileId} lacks custom_id or body.`;
        }
        lines.push({ custom_id: parsed.custom_id, body: parsed.body });
      }
    }
    const metadata = isRecord(json.metadata)
      ? (Object.fromEntries(Object.entries(json.metadata).map(([k, v]) => [k, String(v)])) as Record<string, string>)
      : null;
    return {
      id: randomUUID(),
      inputFileIds,
      model: json.model,
      endpoint: json.endpoint,
      metadata,
      timeoutHours: typeof json.timeout_hours === "number" ? json.timeout_hours : undefined,
      customIds: lines.map((l) => l.custom_id),
      lineCount: lines.length,
      status: "QUEUED",
      outputFileId: null,
      errorFileId: null,
      lines,
      script,
      polls: 0,
      createdAt: Math.floor(Date.now() / 1000),
      completedAt: null,
      succeeded: 0,
      failed: 0,
    };
  };

  const chatAnswer = (body: Record<string, unknown>, answer: unknown) => {
    const format = isRecord(body.response_format) ? body.response_format : {};
    const jsonSchema = isRecord(format.json_schema) ? format.json_schema.schema : undefined;
    const value = typeof answer === "function" ? (answer as (r: Record<string, unknown>) => unknown)(body) : (answer ?? nullsFor(jsonSchema));
    const content = typeof value === "string" ? value : JSON.stringify(value);
    return {
      id: randomUUID().replace(/-/g, ""),
      object: "chat.completion",
      model: typeof body.model === "string" ? body.model : "mistral-small-latest",
      created: Math.floor(Date.now() / 1000),
      usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
      choices: [{ index: 0, message: { role: "assistant", content, tool_calls: null, prefix: false }, finish_reason: "stop" }],
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const receivedAt = Date.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    const contentType = req.headers["content-type"] ?? "";
    let body: unknown = undefined;
    if (contentType.startsWith("application/json") && raw.length > 0) body = JSON.parse(raw.toString("utf8"));
    const multipart = contentType.startsWith("multipart/form-data") ? parseMultipart(raw, contentType) : undefined;
    requests.push({
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      body: multipart
        ? { fields: multipart.fields, ...(multipart.file ? { file: { filename: multipart.file.filename, size: multipart.file.size } } : {}) }
        : summarise(body),
      receivedAt,
    });

    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      send(res, 401, { message: "Unauthorized", request_id: randomUUID() });
      return;
    }

    if (opts.latencyMs) await new Promise((done) => setTimeout(done, opts.latencyMs));
    const route = routeOf(req.method ?? "GET", url.pathname);
    if (!route) {
      send(res, 404, { detail: "Not Found" });
      return;
    }
    const behaviour = nextBehaviour(route.endpoint);
    switch (behaviour.kind) {
      case "hang":
        return;
      case "rate-limited":
        send(res, 429, { message: "Requests rate limit exceeded" }, behaviour.retryAfter ? { "retry-after": behaviour.retryAfter } : {});
        return;
      case "error":
        send(res, behaviour.status, behaviour.body ?? { object: "error", message: `Fake error ${behaviour.status}`, type: "fake_error" });
        return;
      case "invalid":
        send(res, 200, { unexpected: true });
        return;
      case "ok":
      case "batch":
        break;
    }

    const json = isRecord(body) ? body : {};
    switch (route.endpoint) {
      case "upload": {
        if (!multipart?.file) {
          send(res, 422, { detail: [{ type: "missing", loc: ["body", "file"], msg: "Field required" }] });
          return;
        }
        const stored = storeFile(multipart.file.filename, multipart.fields.purpose ?? "fine-tune", multipart.file.content);
        send(res, 200, {
          id: stored.id,
          object: "file",
          bytes: stored.bytes,
          created_at: stored.createdAt,
          filename: stored.filename,
          purpose: stored.purpose,
          sample_type: stored.purpose === "batch" ? "batch_request" : "ocr_input",
          num_lines: null,
          mimetype: null,
          source: "upload",
          signature: null,
        });
        return;
      }
      case "signed-url":
      case "download":
      case "delete": {
        const id = route.fileId ?? "";
        if (!files.has(id)) {
          send(res, 404, { message: `File ${id} not found` });
          return;
        }
        if (route.endpoint === "delete") {
          files.delete(id);
          send(res, 200, { id, object: "file", deleted: true });
          return;
        }
        if (route.endpoint === "download") {
          res.writeHead(200, { "content-type": "application/octet-stream" });
          res.end(files.get(id)?.content);
          return;
        }
        send(res, 200, { url: `${baseUrl}/signed/${id}?expiry=${url.searchParams.get("expiry") ?? "24"}` });
        return;
      }
      case "ocr": {
        const result = ocrResult(json, behaviour.kind === "ok" ? behaviour.pages : undefined);
        send(res, result.status, result.body);
        return;
      }
      case "chat":
        send(res, 200, chatAnswer(json, (behaviour.kind === "ok" ? behaviour.answer : undefined) ?? opts.answer));
        return;
      case "batch-create": {
        const job = createJob(json, behaviour.kind === "batch" ? behaviour : {});
        if (typeof job === "string") {
          send(res, 422, { detail: [{ type: "value_error", loc: ["body"], msg: job }] });
          return;
        }
        jobs.set(job.id, job);
        send(res, 200, jobJson(job));
        return;
      }
      case "batch-get":
      case "batch-cancel": {
        const job = jobs.get(route.jobId ?? "");
        if (!job) {
          send(res, 404, { message: `Batch job ${route.jobId ?? ""} not found` });
          return;
        }
        if (route.endpoint === "batch-get") advanceJob(job);
        else if (!isEnded(job)) job.status = "CANCELLATION_REQUESTED";
        send(res, 200, jobJson(job));
        return;
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { message: `Fake Mistral failed: ${String(err)}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    requests,
    setBehaviour(endpoint, ...queue) {
      behaviours.set(endpoint, queue);
    },
    storedFileIds: () => [...files.keys()],
    batchJobs: () =>
      [...jobs.values()].map((job) => ({
        id: job.id,
        inputFileIds: job.inputFileIds,
        model: job.model,
        endpoint: job.endpoint,
        metadata: job.metadata,
        timeoutHours: job.timeoutHours,
        customIds: job.customIds,
        lines: job.lines.map(summarise),
        lineCount: job.lineCount,
        status: job.status,
        outputFileId: job.outputFileId,
        errorFileId: job.errorFileId,
      })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hanging requests hold their sockets open; close them so tests end promptly.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function routeOf(method: string, path: string): { endpoint: TFakeEndpoint; fileId?: string; jobId?: string } | undefined {
  if (method === "POST" && path === "/v1/files") return { endpoint: "upload" };
  if (method === "POST" && path === "/v1/batch/jobs") return { endpoint: "batch-create" };
  const job = /^\/v1\/batch\/jobs\/([^/]+)$/.exec(path);
  if (method === "GET" && job?.[1]) return { endpoint: "batch-get", jobId: job[1] };
  const cancel = /^\/v1\/batch\/jobs\/([^/]+)\/cancel$/.exec(path);
  if (method === "POST" && cancel?.[1]) return { endpoint: "batch-cancel", jobId: cancel[1] };
  const content = /^\/v1\/files\/([^/]+)\/content$/.exec(path);
  if (method === "GET" && content?.[1]) return { endpoint: "download", fileId: content[1] };
  if (method === "POST" && path === "/v1/ocr") return { endpoint: "ocr" };
  if (method === "POST" && path === "/v1/chat/completions") return { endpoint: "chat" };
  const signed = /^\/v1\/files\/([^/]+)\/url$/.exec(path);
  if (method === "GET" && signed?.[1]) return { endpoint: "signed-url", fileId: signed[1] };
  const file = /^\/v1\/files\/([^/]+)$/.exec(path);
  if (method === "DELETE" && file?.[1]) return { endpoint: "delete", fileId: file[1] };
  return undefined;
}

import { type BatchJob, ocrResponseFromJSON } from "@mistralai/mistralai/models/components";
import { z } from "zod";
import { AppError } from "../../errors/app-error";
import type { TSupportedType } from "../../validation/detect-type";
import { startMistralRun, type TMistralRun } from "./mistral-call";
import { type TMistralCallOptions, type TMistralConfigInput, ZMistralConfigSchema } from "./mistral-config";
import { deleteUploaded, type TMistralOcrResult, toMistralOcrResult } from "./mistral-ocr";

/**
 * What one batch may hold. Mistral documents up to 100,000 requests and a 512 MB input file per
 * batch; docvault stays well inside both because the whole JSONL (documents as base64, 4/3 of their
 * size) is built in the worker's memory, and because a batch that fails sends all of its documents
 * back to the real-time lane. Callers gathering documents split at these limits.
 */
export const MISTRAL_BATCH_LIMITS = { maxRequests: 10_000, maxBytes: 100 * 1024 * 1024 } as const;

export type TOcrBatchRequest = {
  /** Matches a result to its request: a job id, never anything that names a person. */
  customId: string;
  bytes: Uint8Array;
  type: TSupportedType;
};

export type TOcrBatchSubmitOptions = TMistralCallOptions & {
  signal?: AbortSignal;
  /** Kept on Mistral's job (ids only, never personal data). */
  metadata?: Record<string, string>;
  /** Hours Mistral may take before the job ends as TIMEOUT_EXCEEDED; Mistral's default is 24. */
  timeoutHours?: number;
};

export type TOcrBatchItemResult = { ok: true; ocr: TMistralOcrResult } | { ok: false; reason: string };

export type TOcrBatchCounts = { total: number; succeeded: number; failed: number };

export type TOcrBatchPoll =
  | { status: "running"; counts: TOcrBatchCounts }
  /** Every customId asked about has a result; fileIds are for deleteBatchFiles once the results are stored. */
  | { status: "succeeded"; results: Map<string, TOcrBatchItemResult>; counts: TOcrBatchCounts; fileIds: string[] }
  /** results holds only the lines Mistral answered before the job ended (often none). */
  | { status: "failed"; reason: string; results: Map<string, TOcrBatchItemResult>; counts: TOcrBatchCounts; fileIds: string[] };

const dataUrl = (request: TOcrBatchRequest): string => `data:${request.type};base64,${Buffer.from(request.bytes).toString("base64")}`;

/**
 * One line of the batch input: Mistral's `{"custom_id", "body"}` with the /v1/ocr request body in
 * its wire (snake_case) form. The model is the job's, so the body carries none. Every document
 * travels inline as a data URL: an upload per document would defeat the batch, and no file name
 * (which may name a person) leaves docvault.
 */
function jsonlLine(request: TOcrBatchRequest): Buffer {
  const document =
    request.type === "application/pdf" ? { type: "document_url", document_url: dataUrl(request) } : { type: "image_url", image_url: dataUrl(request) };
  return Buffer.from(`${JSON.stringify({ custom_id: request.customId, body: { document, confidence_scores_granularity: "page" } })}\n`);
}

function checkBatch(requests: readonly TOcrBatchRequest[]): void {
  const { maxRequests, maxBytes } = MISTRAL_BATCH_LIMITS;
  if (requests.length === 0) throw new AppError("BAD_REQUEST", "A Mistral OCR batch needs at least one document.");
  if (requests.length > maxRequests) {
    throw new AppError("BAD_REQUEST", `A Mistral OCR batch holds at most ${maxRequests} documents; this one has ${requests.length}. Split it.`);
  }
  const bytes = requests.reduce((sum, r) => sum + r.bytes.byteLength, 0);
  if (bytes > maxBytes) {
    const mb = (n: number) => `${Math.ceil(n / (1024 * 1024))} MB`;
    throw new AppError("BAD_REQUEST", `A Mistral OCR batch holds at most ${mb(maxBytes)} of documents; this one has ${mb(bytes)}. Split it.`);
  }
  const seen = new Set<string>();
  for (const { customId } of requests) {
    if (customId === "" || seen.has(customId)) {
      throw new AppError("BAD_REQUEST", `Every document in a Mistral OCR batch needs its own non-empty customId; "${customId}" is empty or repeated.`);
    }
    seen.add(customId);
  }
}

/** Uploads the documents as one JSONL file and starts one batch job on it for /v1/ocr. */
export async function submitOcrBatch(
  requests: readonly TOcrBatchRequest[],
  configInput: TMistralConfigInput,
  options: TOcrBatchSubmitOptions = {},
): Promise<{ batchId: string; inputFileId: string }> {
  const config = ZMistralConfigSchema.parse(configInput);
  checkBatch(requests);
  const content = Buffer.concat(requests.map(jsonlLine));
  const run = startMistralRun(config, options.signal);
  const uploaded = await run.call("batch file upload", (o) => run.client.files.upload({ file: { fileName: "batch.jsonl", content }, purpose: "batch" }, o));
  try {
    const job = await run.call("batch job create", (o) =>
      run.client.batch.jobs.create(
        {
          inputFiles: [uploaded.id],
          endpoint: "/v1/ocr",
          model: config.ocrModel,
          ...(options.metadata ? { metadata: options.metadata } : {}),
          ...(options.timeoutHours === undefined ? {} : { timeoutHours: options.timeoutHours }),
        },
        o,
      ),
    );
    return { batchId: job.id, inputFileId: uploaded.id };
  } catch (err) {
    // Without a job the uploaded documents serve nothing; they must not stay with Mistral.
    await deleteUploaded(config, uploaded.id, options);
    throw err;
  }
}

/** The line shape of Mistral's batch output and error files. */
const ZBatchLineSchema = z.object({
  custom_id: z.string(),
  response: z.object({ status_code: z.number(), body: z.unknown() }).nullish(),
  error: z.unknown(),
});

/** Mistral's own words from an error body, without anything it echoed from the request (the document). */
function errorMessage(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value !== "object" || value === null) return undefined;
  if ("message" in value && typeof value.message === "string") return value.message;
  if (!("detail" in value)) return undefined;
  if (typeof value.detail === "string") return value.detail;
  // A 422 lists its complaints, each with the input it refused: only the msg is kept.
  if (Array.isArray(value.detail)) return value.detail.map((d: unknown) => (typeof d === "object" && d !== null && "msg" in d ? String(d.msg) : "")).join("; ");
  return undefined;
}

function withMessage(sentence: string, value: unknown): string {
  const message = errorMessage(value);
  if (!message) return `${sentence}.`;
  return `${sentence}: ${message.length > 200 ? `${message.slice(0, 200)}…` : message}`;
}

function lineResult(line: z.infer<typeof ZBatchLineSchema>, usdPer1000Pages: number): TOcrBatchItemResult {
  if (line.error !== undefined && line.error !== null) {
    return { ok: false, reason: withMessage("Mistral could not OCR this document in the batch", line.error) };
  }
  if (!line.response) return { ok: false, reason: "Mistral's batch output has no answer for this document." };
  const { status_code: status, body } = line.response;
  if (status < 200 || status >= 300) return { ok: false, reason: withMessage(`Mistral answered HTTP ${status} for this document in the batch`, body) };
  const parsed = ocrResponseFromJSON(JSON.stringify(body));
  if (!parsed.ok) return { ok: false, reason: "Mistral's batch answer for this document is not an OCR response docvault can read." };
  // No annotation formats are requested, so the plain batch OCR price applies.
  return { ok: true, ocr: toMistralOcrResult(parsed.value, usdPer1000Pages) };
}

async function download(run: TMistralRun, fileId: string): Promise<string> {
  // Read inside the call, so a stream that breaks off is mapped and retried like any request.
  return run.call("batch results download", async (o) => new Response(await run.client.files.download({ fileId }, o)).text());
}

/** Every answered line by customId, from the output file and the error file (Mistral may put failed lines in either). */
async function readResults(run: TMistralRun, job: BatchJob, wanted: ReadonlySet<string>, usdPer1000Pages: number): Promise<Map<string, TOcrBatchItemResult>> {
  const results = new Map<string, TOcrBatchItemResult>();
  for (const fileId of [job.outputFile, job.errorFile]) {
    if (!fileId) continue;
    for (const text of (await download(run, fileId)).split("\n")) {
      if (text.trim() === "") continue;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        continue; // A line that is not JSON names no request; its request counts as unanswered.
      }
      const line = ZBatchLineSchema.safeParse(json);
      if (!line.success || !wanted.has(line.data.custom_id)) continue;
      results.set(line.data.custom_id, lineResult(line.data, usdPer1000Pages));
    }
  }
  return results;
}

const FAILED_REASONS: Record<string, string> = {
  FAILED: "Mistral's batch job failed (FAILED)",
  TIMEOUT_EXCEEDED: "Mistral's batch job expired before it finished (TIMEOUT_EXCEEDED); give it more timeoutHours or send smaller batches",
  CANCELLED: "Mistral's batch job was cancelled before it finished (CANCELLED)",
};

/**
 * Where a batch job stands; once it has ended, its results by customId. Only the customIds given
 * are reported, and on success each of them has a result (unanswered ones as not ok).
 */
export async function pollOcrBatch(
  batch: { batchId: string; customIds: readonly string[] },
  configInput: TMistralConfigInput,
  options: TMistralCallOptions & { signal?: AbortSignal } = {},
): Promise<TOcrBatchPoll> {
  const config = ZMistralConfigSchema.parse(configInput);
  const run = startMistralRun(config, options.signal);
  const job = await run.call("batch job status", (o) => run.client.batch.jobs.get({ jobId: batch.batchId }, o));
  const counts = { total: job.totalRequests, succeeded: job.succeededRequests, failed: job.failedRequests };
  if (job.status === "QUEUED" || job.status === "RUNNING" || job.status === "CANCELLATION_REQUESTED") return { status: "running", counts };

  const results = await readResults(run, job, new Set(batch.customIds), config.batchOcrUsdPer1000Pages);
  const fileIds = [...job.inputFiles, job.outputFile, job.errorFile].filter((id): id is string => typeof id === "string" && id !== "");
  if (job.status === "SUCCESS") {
    for (const customId of batch.customIds) {
      if (!results.has(customId)) results.set(customId, { ok: false, reason: "Mistral's batch output has no line for this document." });
    }
    return { status: "succeeded", results, counts, fileIds };
  }
  // An end docvault does not know is treated as a failure: polling it forever would strand the documents.
  const known = FAILED_REASONS[job.status] ?? `Mistral's batch job ended in a state docvault does not know (${job.status})`;
  return { status: "failed", reason: withMessage(known, job.errors.map((e) => e.message).join("; ")), results, counts, fileIds };
}

/** Asks Mistral to stop a batch job; poll until it reports CANCELLED (answered lines are still read). */
export async function cancelOcrBatch(
  batchId: string,
  configInput: TMistralConfigInput,
  options: TMistralCallOptions & { signal?: AbortSignal } = {},
): Promise<void> {
  const config = ZMistralConfigSchema.parse(configInput);
  const run = startMistralRun(config, options.signal);
  await run.call("batch job cancel", (o) => run.client.batch.jobs.cancel({ jobId: batchId }, o));
}

/**
 * Best effort: deletes a finished batch's files (the documents and the OCR text) from Mistral.
 * Call it after the results are stored, so a crash in between can still read them again.
 */
export async function deleteBatchFiles(fileIds: readonly string[], configInput: TMistralConfigInput, callOptions: TMistralCallOptions = {}): Promise<void> {
  const config = ZMistralConfigSchema.parse(configInput);
  for (const fileId of fileIds) await deleteUploaded(config, fileId, callOptions);
}

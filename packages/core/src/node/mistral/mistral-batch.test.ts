import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../errors/app-error";
import type { TSupportedType } from "../../validation/detect-type";
import { startFakeMistral, type TFakeMistral, type TFakeOcrDocument } from "../../../testing/fake-mistral";
import {
  cancelOcrBatch,
  deleteBatchFiles,
  MISTRAL_BATCH_LIMITS,
  pollOcrBatch,
  submitOcrBatch,
  type TOcrBatchPoll,
  type TOcrBatchRequest,
} from "./mistral-batch";
import type { TMistralConfigInput } from "./mistral-config";
import { mistralOcr } from "./mistral-ocr";

// A 1×1 PNG; each document appends its index, so its bytes (and the fake's OCR text of them) are its own.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const documentBytes = (i: number, type: TSupportedType): Uint8Array =>
  Uint8Array.from(type === "application/pdf" ? Buffer.from(`%PDF-1.7\n% document ${i}\n%%EOF`) : Buffer.concat([PNG, Buffer.from(`document ${i}`)]));

/** Every tenth document is a two-page PDF, the rest one-page PNGs. */
function makeRequests(n: number): TOcrBatchRequest[] {
  return Array.from({ length: n }, (_, i) => {
    const type: TSupportedType = i % 10 === 9 ? "application/pdf" : "image/png";
    return { customId: `job-${i}`, bytes: documentBytes(i, type), type };
  });
}

/** The fake's OCR reads the index back out of the bytes it was sent. */
function pagesOf(document: TFakeOcrDocument) {
  const index = /document (\d+)/.exec(document.bytes?.toString("latin1") ?? "")?.[1] ?? "?";
  return document.mimeType === "application/pdf"
    ? [{ markdown: `# Invoice ${index}` }, { markdown: `Page two of ${index}` }]
    : [{ markdown: `**Receipt** ${index}`, confidence: 0.9 }];
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

function expectStatus<S extends TOcrBatchPoll["status"]>(poll: TOcrBatchPoll, status: S): Extract<TOcrBatchPoll, { status: S }> {
  expect(poll.status).toBe(status);
  return poll as Extract<TOcrBatchPoll, { status: S }>;
}

let fake: TFakeMistral;
let config: TMistralConfigInput;

beforeEach(async () => {
  fake = await startFakeMistral({ ocrPages: pagesOf });
  config = { apiKey: "test-key", serverURL: fake.url, retries: 0 };
});
afterEach(async () => {
  await fake.close();
});

describe("submitOcrBatch and pollOcrBatch", () => {
  it("sends 50 documents as one JSONL file and one /v1/ocr job, then matches every result to its document at the batch rate", async () => {
    const requests = makeRequests(50);
    const customIds = requests.map((r) => r.customId);
    const submitted = await submitOcrBatch(requests, config, { metadata: { lane: "bulk" } });

    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/files", "POST /v1/batch/jobs"]);
    expect(fake.requests[0]?.body).toMatchObject({ fields: { purpose: "batch" }, file: { filename: "batch.jsonl" } });
    expect(fake.requests[1]?.body).toMatchObject({
      input_files: [submitted.inputFileId],
      endpoint: "/v1/ocr",
      model: "mistral-ocr-latest",
      metadata: { lane: "bulk" },
    });
    const jobs = fake.batchJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ id: submitted.batchId, inputFileIds: [submitted.inputFileId], lineCount: 50, customIds, status: "QUEUED" });
    // The line shape of Mistral's batch input: the OCR body in wire form, the model on the job only.
    expect(jobs[0]?.lines[0]).toEqual({
      custom_id: "job-0",
      body: { document: { type: "image_url", image_url: expect.stringMatching(/^data:image\/png;base64,/) }, confidence_scores_granularity: "page" },
    });
    expect(jobs[0]?.lines[9]).toMatchObject({
      body: { document: { type: "document_url", document_url: expect.stringMatching(/^data:application\/pdf;base64,/) } },
    });

    expect(await pollOcrBatch({ batchId: submitted.batchId, customIds }, config)).toEqual({
      status: "running",
      counts: { total: 50, succeeded: 0, failed: 0 },
    });
    const done = expectStatus(await pollOcrBatch({ batchId: submitted.batchId, customIds }, config), "succeeded");

    expect(done.counts).toEqual({ total: 50, succeeded: 50, failed: 0 });
    expect(done.results.size).toBe(50);
    for (const [i, customId] of customIds.entries()) {
      const result = done.results.get(customId);
      if (i % 10 === 9) {
        expect(result).toEqual({
          ok: true,
          ocr: {
            pages: [
              { index: 0, width: 1700, height: 2200, text: `Invoice ${i}`, confidence: 0.8, words: [] },
              { index: 1, width: 1700, height: 2200, text: `Page two of ${i}`, confidence: 0.8, words: [] },
            ],
            pagesBilled: 2,
            costUsd: 0.004,
            model: "mistral-ocr-latest",
          },
        });
      } else {
        expect(result).toEqual({
          ok: true,
          ocr: {
            pages: [{ index: 0, width: 1700, height: 2200, text: `Receipt ${i}`, confidence: 0.9, words: [] }],
            pagesBilled: 1,
            costUsd: 0.002,
            model: "mistral-ocr-latest",
          },
        });
      }
    }

    // Half of what the same page costs in real time.
    const realTime = await mistralOcr({ bytes: documentBytes(0, "image/png"), type: "image/png" }, config);
    expect(realTime.costUsd).toBe(0.004);

    const outputFileId = fake.batchJobs()[0]?.outputFileId;
    expect(outputFileId).toEqual(expect.any(String));
    expect(done.fileIds).toEqual([submitted.inputFileId, outputFileId]);
    await deleteBatchFiles(done.fileIds, config);
    expect(fake.storedFileIds()).toEqual([]);
  });

  it("bills at the configured batch price", async () => {
    const requests = makeRequests(1);
    const { batchId } = await submitOcrBatch(requests, { ...config, batchOcrUsdPer1000Pages: 1 });
    await pollOcrBatch({ batchId, customIds: ["job-0"] }, config);
    const done = expectStatus(await pollOcrBatch({ batchId, customIds: ["job-0"] }, { ...config, batchOcrUsdPer1000Pages: 1 }), "succeeded");
    expect(done.results.get("job-0")).toMatchObject({ ok: true, ocr: { costUsd: 0.001 } });
  });

  it("reports a line that failed for its document only, and a document with no line as not read", async () => {
    fake.setBehaviour("batch-create", { kind: "batch", polls: 0, failLines: { "job-3": 422 } });
    const requests = makeRequests(5);
    const { batchId, inputFileId } = await submitOcrBatch(requests, config);
    const done = expectStatus(await pollOcrBatch({ batchId, customIds: [...requests.map((r) => r.customId), "job-never-sent"] }, config), "succeeded");

    expect(done.counts).toEqual({ total: 5, succeeded: 4, failed: 1 });
    expect(done.results.get("job-3")).toEqual({ ok: false, reason: "Mistral answered HTTP 422 for this document in the batch: Fake error 422" });
    for (const customId of ["job-0", "job-1", "job-2", "job-4"]) expect(done.results.get(customId)?.ok).toBe(true);
    expect(done.results.get("job-never-sent")).toEqual({ ok: false, reason: "Mistral's batch output has no line for this document." });

    const job = fake.batchJobs()[0];
    expect(done.fileIds).toEqual([inputFileId, job?.outputFileId, job?.errorFileId]);
    await deleteBatchFiles(done.fileIds, config);
    expect(fake.storedFileIds()).toEqual([]);
  });

  it("reports a failed job with Mistral's reason and the lines it answered before failing", async () => {
    fake.setBehaviour("batch-create", { kind: "batch", end: "FAILED", processed: 2, errors: ["Internal error while running the batch"] });
    const requests = makeRequests(6);
    const { batchId } = await submitOcrBatch(requests, config);
    await pollOcrBatch({ batchId, customIds: requests.map((r) => r.customId) }, config);
    const failed = expectStatus(await pollOcrBatch({ batchId, customIds: requests.map((r) => r.customId) }, config), "failed");

    expect(failed.reason).toBe("Mistral's batch job failed (FAILED): Internal error while running the batch");
    expect([...failed.results.keys()]).toEqual(["job-0", "job-1"]);
    expect(failed.results.get("job-1")).toMatchObject({ ok: true, ocr: { pages: [{ text: "Receipt 1" }] } });
  });

  it("reports an expired job as failed with a reason a person can act on", async () => {
    fake.setBehaviour("batch-create", { kind: "batch", polls: 0, end: "TIMEOUT_EXCEEDED" });
    const { batchId, inputFileId } = await submitOcrBatch(makeRequests(3), config, { timeoutHours: 1 });
    expect(fake.batchJobs()[0]?.timeoutHours).toBe(1);
    const failed = expectStatus(await pollOcrBatch({ batchId, customIds: ["job-0", "job-1", "job-2"] }, config), "failed");

    expect(failed.reason).toMatch(/^Mistral's batch job expired before it finished \(TIMEOUT_EXCEEDED\)/);
    expect(failed.results.size).toBe(0);
    expect(failed.fileIds).toEqual([inputFileId]);
  });

  it("cancels a running job, which then reports failed", async () => {
    fake.setBehaviour("batch-create", { kind: "batch", polls: 5 });
    const { batchId } = await submitOcrBatch(makeRequests(2), config);
    expect((await pollOcrBatch({ batchId, customIds: ["job-0", "job-1"] }, config)).status).toBe("running");
    await cancelOcrBatch(batchId, config);
    expect(fake.requests.at(-1)).toMatchObject({ method: "POST", path: `/v1/batch/jobs/${batchId}/cancel` });
    const failed = expectStatus(await pollOcrBatch({ batchId, customIds: ["job-0", "job-1"] }, config), "failed");
    expect(failed.reason).toMatch(/cancelled before it finished \(CANCELLED\)/);
  });

  it("refuses a batch above its limits before anything leaves docvault", async () => {
    const tiny = { bytes: Uint8Array.from(PNG), type: "image/png" as const };
    const tooMany = Array.from({ length: MISTRAL_BATCH_LIMITS.maxRequests + 1 }, (_, i) => ({ ...tiny, customId: `job-${i}` }));
    const countErr = await rejection(submitOcrBatch(tooMany, config));
    expect(countErr.code).toBe("BAD_REQUEST");
    expect(countErr.message).toBe("A Mistral OCR batch holds at most 10000 documents; this one has 10001. Split it.");

    // One buffer sent twice: over the byte limit without allocating it twice.
    const big = new Uint8Array(MISTRAL_BATCH_LIMITS.maxBytes / 2 + 1);
    const bytesErr = await rejection(
      submitOcrBatch(
        [
          { customId: "a", bytes: big, type: "image/png" },
          { customId: "b", bytes: big, type: "image/png" },
        ],
        config,
      ),
    );
    expect(bytesErr.message).toBe("A Mistral OCR batch holds at most 100 MB of documents; this one has 101 MB. Split it.");

    const duplicateErr = await rejection(
      submitOcrBatch(
        [
          { ...tiny, customId: "a" },
          { ...tiny, customId: "a" },
        ],
        config,
      ),
    );
    expect(duplicateErr.message).toMatch(/needs its own non-empty customId; "a"/);
    expect(fake.requests).toEqual([]);
  });

  it("maps a wrong key to the same error as every other Mistral call", async () => {
    const wrongKey = { ...config, apiKey: "wrong-key" };
    const ocrErr = await rejection(mistralOcr({ bytes: Uint8Array.from(PNG), type: "image/png" }, wrongKey));
    const submitErr = await rejection(submitOcrBatch(makeRequests(2), wrongKey));
    const pollErr = await rejection(pollOcrBatch({ batchId: "any", customIds: [] }, wrongKey));
    for (const err of [submitErr, pollErr]) {
      expect(err.code).toBe(ocrErr.code);
      expect(err.message).toBe("Mistral rejected the API key (HTTP 401); check the configured key.");
      expect(err.retryable).toBe(false);
    }
    expect(fake.batchJobs()).toEqual([]);
  });

  it("deletes the uploaded documents when the job cannot be created", async () => {
    fake.setBehaviour("batch-create", { kind: "error", status: 500 });
    const err = await rejection(submitOcrBatch(makeRequests(3), config));
    expect(err.code).toBe("ENGINE_FAILED");
    expect(fake.requests.at(-1)?.method).toBe("DELETE");
    expect(fake.storedFileIds()).toEqual([]);
  });
});

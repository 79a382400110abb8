import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { PDFDocument } from "pdf-lib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../errors/app-error";
import { startFakeMistral, type TFakeMistral } from "../../../testing/fake-mistral";
import type { TMistralConfigInput, TMistralLogger } from "./mistral-config";
import { MISTRAL_DEFAULT_PAGE_CONFIDENCE, mistralOcr } from "./mistral-ocr";

// A 1×1 transparent PNG: the fake does not decode images, but the bytes are a real file.
const PNG = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));

async function makePdf(pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < pages; i++) pdf.addPage([612, 792]).drawText(`Page ${i + 1}`, { x: 72, y: 720 });
  return pdf.save();
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

let fake: TFakeMistral;
let config: TMistralConfigInput;

beforeEach(async () => {
  fake = await startFakeMistral({
    pages: [
      { markdown: "# ACME Store\n\n| Item | Price |\n| --- | --- |\n| Milk | 1.20 |", confidence: 0.97 },
      { markdown: "Thank **you**", width: 1000, height: 1400 },
    ],
  });
  config = { apiKey: "test-key", serverURL: fake.url, retries: 0 };
});
afterEach(async () => {
  await fake.close();
});

describe("mistralOcr", () => {
  it("sends a small PNG inline as a data URL, without uploading it", async () => {
    fake.setBehaviour("ocr", { kind: "ok", pages: [{ markdown: "Hello *world*" }] });
    const result = await mistralOcr({ bytes: PNG, type: "image/png" }, config);

    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/ocr"]);
    expect(fake.requests[0]?.body).toMatchObject({
      model: "mistral-ocr-latest",
      document: { type: "image_url", image_url: expect.stringMatching(/^data:image\/png;base64,iVBOR/) },
    });
    expect(result.pages).toEqual([{ index: 0, width: 1700, height: 2200, text: "Hello world", confidence: MISTRAL_DEFAULT_PAGE_CONFIDENCE, words: [] }]);
  });

  it("uploads a PDF, OCRs its signed URL, deletes it, and maps pages and cost", async () => {
    const pdf = await makePdf(2);
    const result = await mistralOcr({ bytes: pdf, type: "application/pdf" }, config);

    expect(fake.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, "{id}")}`)).toEqual([
      "POST /v1/files",
      "GET /v1/files/{id}/url",
      "POST /v1/ocr",
      "DELETE /v1/files/{id}",
    ]);
    expect(fake.requests[0]?.body).toMatchObject({ fields: { purpose: "ocr" }, file: { filename: "document.pdf", size: pdf.byteLength } });
    expect(fake.requests[1]?.query).toEqual({ expiry: "1" });
    expect(fake.requests[2]?.body).toMatchObject({
      document: { type: "document_url", document_url: expect.stringContaining(`${fake.url}/signed/`) },
      confidence_scores_granularity: "page",
    });
    expect(fake.storedFileIds()).toEqual([]);

    expect(result).toEqual({
      pages: [
        { index: 0, width: 1700, height: 2200, text: "ACME Store\n\nItem Price\nMilk 1.20", confidence: 0.97, words: [] },
        { index: 1, width: 1000, height: 1400, text: "Thank you", confidence: MISTRAL_DEFAULT_PAGE_CONFIDENCE, words: [] },
      ],
      pagesBilled: 2,
      costUsd: 0.008,
      model: "mistral-ocr-latest",
    });
  });

  it("uploads an image larger than inlineMaxBytes and asks only for the requested pages", async () => {
    const result = await mistralOcr({ bytes: PNG, type: "image/png", pageNumbers: [2] }, { ...config, inlineMaxBytes: 10 });
    expect(fake.requests[0]?.path).toBe("/v1/files");
    expect(fake.requests[2]?.body).toMatchObject({ document: { type: "image_url" }, pages: [1] });
    expect(result.pages.map((p) => p.index)).toEqual([1]);
    expect(fake.storedFileIds()).toEqual([]);
  });

  it("turns a 429 with Retry-After: 7 into RATE_LIMITED with retryAfterMs 7000, without waiting in the call", async () => {
    fake.setBehaviour("ocr", { kind: "rate-limited", retryAfter: "7" });
    const started = Date.now();
    const err = await rejection(mistralOcr({ bytes: PNG, type: "image/png" }, { ...config, retries: 2 }));
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.retryAfterMs).toBe(7000);
    expect(err.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fake.requests).toHaveLength(1);
  });

  it("reads a Retry-After given as an HTTP date", async () => {
    fake.setBehaviour("ocr", { kind: "rate-limited", retryAfter: new Date(Date.now() + 30_000).toUTCString() });
    const err = await rejection(mistralOcr({ bytes: PNG, type: "image/png" }, config));
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.retryAfterMs).toBeGreaterThan(25_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it("maps a 500 with retries 0 to a retryable ENGINE_FAILED after one request", async () => {
    fake.setBehaviour("ocr", { kind: "error", status: 500 });
    const err = await rejection(mistralOcr({ bytes: PNG, type: "image/png" }, config));
    expect(err.code).toBe("ENGINE_FAILED");
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/HTTP 500/);
    expect(fake.requests).toHaveLength(1);
  });

  it("retries a 500 within the call when retries allow", async () => {
    fake.setBehaviour("ocr", { kind: "error", status: 503 }, { kind: "ok", pages: [{ markdown: "second try" }] });
    const result = await mistralOcr({ bytes: PNG, type: "image/png" }, { ...config, retries: 1 });
    expect(result.pages[0]?.text).toBe("second try");
    expect(fake.requests).toHaveLength(2);
  });

  it("maps a hang past timeoutMs to ENGINE_TIMEOUT and still deletes the upload", async () => {
    fake.setBehaviour("ocr", { kind: "hang" });
    const started = Date.now();
    const err = await rejection(mistralOcr({ bytes: await makePdf(1), type: "application/pdf" }, { ...config, timeoutMs: 300 }));
    expect(err.code).toBe("ENGINE_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(5000);
    expect(fake.requests.at(-1)?.method).toBe("DELETE");
    expect(fake.storedFileIds()).toEqual([]);
  });

  it("times out a hang under a job's signal while the garbage collector runs", async () => {
    // A worker passes its job's signal; the deadline must still fire when collections run meanwhile
    // (on Node 20 a pending fetch can lose its abort to a collection: without the race in
    // startMistralRun these requests hung for good).
    setFlagsFromString("--expose-gc");
    const collect = runInNewContext("gc") as () => void;
    fake.setBehaviour("ocr", { kind: "hang" });
    const job = new AbortController();
    const collecting = setInterval(collect, 10);
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () => rejection(mistralOcr({ bytes: PNG, type: "image/png", signal: job.signal }, { ...config, timeoutMs: 200 }))),
      );
      expect(outcomes.map((err) => err.code)).toEqual(Array(8).fill("ENGINE_TIMEOUT"));
    } finally {
      clearInterval(collecting);
    }
  }, 10_000);

  it("maps a 422 to a non-retryable error that quotes Mistral's reason", async () => {
    fake.setBehaviour("ocr", {
      kind: "error",
      status: 422,
      body: { detail: [{ type: "value_error", loc: ["body", "model"], msg: "Invalid model: nope", input: "nope" }] },
    });
    const err = await rejection(mistralOcr({ bytes: PNG, type: "image/png" }, { ...config, ocrModel: "nope" }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/rejected as invalid \(HTTP 422\).*Invalid model: nope/);
  });

  it("rejects a response that lacks the documented fields", async () => {
    fake.setBehaviour("ocr", { kind: "invalid" });
    const err = await rejection(mistralOcr({ bytes: PNG, type: "image/png" }, config));
    expect(err.code).toBe("ENGINE_FAILED");
    expect(err.message).toMatch(/could not read/);
  });

  it("maps a refused connection to ENGINE_FAILED with a sentence", async () => {
    await fake.close();
    const err = await rejection(mistralOcr({ bytes: PNG, type: "image/png" }, config));
    expect(err.code).toBe("ENGINE_FAILED");
    expect(err.message).toContain(`Could not connect to Mistral at ${fake.url}`);
    fake = await startFakeMistral();
  });

  it("logs, rather than hides, a failed delete and still returns the OCR", async () => {
    fake.setBehaviour("delete", { kind: "error", status: 500 });
    const logged: Parameters<TMistralLogger>[0][] = [];
    const result = await mistralOcr({ bytes: await makePdf(1), type: "application/pdf" }, config, {
      logger: (entry) => logged.push(entry),
    });
    expect(result.pagesBilled).toBe(2);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: "error", operation: "file delete", fileId: expect.any(String) });
  });

  it("rethrows the caller's abort reason when the signal is aborted", async () => {
    fake.setBehaviour("ocr", { kind: "hang" });
    const controller = new AbortController();
    const pending = mistralOcr({ bytes: PNG, type: "image/png", signal: controller.signal }, config);
    setTimeout(() => controller.abort(new Error("job cancelled")), 100);
    await expect(pending).rejects.toThrow("job cancelled");
  });
});

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeLlm, type TFakeLlm } from "../../../testing/fake-openai";
import { MODEL_CONFIDENCE } from "../../documents/ground-fields";
import { ZReceiptSchema } from "../../documents/schemas";
import { AppError } from "../../errors/app-error";
import type { TPage } from "../../extraction/extraction-result";
import type { TAnalysis } from "../analysis";
import { llmEscalator } from "../escalators";
import type { TLlmConfigInput } from "./llm-config";
import { llmStructure } from "./llm-structure";

// A receipt as local OCR reads it: one line per row, words with boxes (x by word, y by line).
const LINES = ["ACME Store", "12 Main Street, Springfield", "14/03/2024", "Milk 1.20", "Bread 2.30", "VAT 0.35", "TOTAL EUR 3,50"];
const PAGE: TPage = {
  index: 0,
  width: 600,
  height: 800,
  text: LINES.join("\n"),
  confidence: 0.7,
  words: LINES.flatMap((line, row) =>
    line.split(" ").map((text, col) => ({ text, confidence: 0.7, bbox: { x0: 10 + col * 60, y0: 20 + row * 30, x1: 60 + col * 60, y1: 40 + row * 30 } })),
  ),
};
const VALUES = {
  merchant: "ACME Store",
  address: "12 Main Street, Springfield",
  date: "2024-03-14",
  total: "3.50",
  currency: "EUR",
  tax: "0.35",
  lineItems: [
    { description: "Milk", quantity: null, unitPrice: null, amount: "1.20", taxRate: null, source: null },
    { description: "Bread", quantity: null, unitPrice: null, amount: "2.30", taxRate: null, source: null },
  ],
};

let llm: TFakeLlm;
let config: TLlmConfigInput;
const input = { documentType: "receipt" as const, text: PAGE.text, pages: [PAGE] };

beforeEach(async () => {
  llm = await startFakeLlm({ answer: VALUES });
  config = { baseURL: llm.baseURL, model: "qwen2.5:7b", retries: 0 };
});
afterEach(async () => {
  await llm.close();
});

describe("llmStructure (an OpenAI-compatible server through the openai SDK)", () => {
  it("extracts a receipt: canonical fields, read by the model, each grounded to its words on the page", async () => {
    const result = await llmStructure(input, config);
    expect(ZReceiptSchema.parse(result.document)).toEqual(result.document);
    expect(result.document.fields.merchant).toEqual({
      value: "ACME Store",
      confidence: MODEL_CONFIDENCE.words,
      source: { page: 0, bbox: { x0: 10, y0: 20, x1: 120, y1: 40 } },
      method: "llm",
      grounding: "words",
    });
    expect(result.document.fields.total.source).toEqual({ page: 0, bbox: { x0: 130, y0: 200, x1: 180, y1: 220 } });
    expect(result.document.fields.date.source?.bbox.y0).toBe(80);
    expect(result.document.fields.lineItems.value).toHaveLength(2);
    expect(result).toMatchObject({ model: "qwen2.5:7b", usage: { promptTokens: 120, completionTokens: 60 } });
  });

  it("asks for the type's JSON schema, strict, at temperature 0, with the OCR text", async () => {
    await llmStructure(input, { ...config, apiKey: "sk-local" });
    const [request] = llm.requests;
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.authorization).toBe("Bearer sk-local");
    expect(request?.body).toMatchObject({
      model: "qwen2.5:7b",
      temperature: 0,
      response_format: { type: "json_schema", json_schema: { name: "receipt_fields", strict: true, schema: { type: "object", additionalProperties: false } } },
    });
    const body = request?.body as { messages: { role: string; content: string }[]; response_format: { json_schema: { schema: Record<string, unknown> } } };
    expect(body.response_format.json_schema.schema).not.toHaveProperty("$schema");
    expect(body.messages[1]?.content).toContain("TOTAL EUR 3,50");
  });

  it("marks a value that is nowhere on the page, with a low confidence", async () => {
    llm.setBehaviour({ kind: "ok", answer: { ...VALUES, merchant: "Globex Corporation", address: null } });
    const { document } = await llmStructure(input, config);
    expect(document.fields.merchant).toEqual({
      value: "Globex Corporation",
      confidence: MODEL_CONFIDENCE.none,
      source: null,
      method: "llm",
      grounding: "none",
    });
    expect(document.fields.address).toEqual({ value: null, confidence: 0, source: null, method: "llm" });
    expect(MODEL_CONFIDENCE.none).toBeLessThan(0.5);
  });

  it("refuses malformed JSON and an answer cut off by max_tokens, saying what to do", async () => {
    llm.setBehaviour({ kind: "malformed" });
    await expect(llmStructure(input, config)).rejects.toMatchObject({ code: "ENGINE_FAILED", message: expect.stringContaining("not JSON") });
    llm.setBehaviour({ kind: "length" });
    await expect(llmStructure(input, config)).rejects.toMatchObject({ code: "ENGINE_FAILED", message: expect.stringContaining("max 4096 tokens") });
    llm.setBehaviour({ kind: "ok", answer: [1, 2] });
    await expect(llmStructure(input, config)).rejects.toMatchObject({ code: "ENGINE_FAILED", message: expect.stringContaining("no JSON object") });
  });

  it("drops a value in the wrong format and keeps the rest, logging the field name only", async () => {
    llm.setBehaviour({ kind: "ok", answer: { ...VALUES, date: "14 March 2024" } });
    const logged: unknown[] = [];
    const { document } = await llmStructure(input, config, { logger: (entry) => logged.push(entry) });
    expect(document.fields.date.value).toBeNull();
    expect(document.fields.total.value).toBe("3.50");
    expect(logged).toEqual([expect.objectContaining({ fields: ["date"] })]);
  });

  it("retries a 429 as the SDK does (Retry-After honoured), and maps one that lasts to RATE_LIMITED for the queue", async () => {
    llm.setBehaviour({ kind: "rate-limited", retryAfter: "0" }, { kind: "ok" });
    await expect(llmStructure(input, { ...config, retries: 1 })).resolves.toMatchObject({ model: "qwen2.5:7b" });
    expect(llm.requests).toHaveLength(2);

    llm.setBehaviour({ kind: "rate-limited", retryAfter: "30" });
    const err = await llmStructure(input, config).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "RATE_LIMITED", retryAfterMs: 30_000 });
  });

  it("maps a timeout, a 5xx, a wrong key, a missing model and a server that is not there", async () => {
    llm.setBehaviour({ kind: "hang" });
    await expect(llmStructure(input, { ...config, timeoutMs: 300 })).rejects.toMatchObject({
      code: "ENGINE_TIMEOUT",
      message: expect.stringContaining("LLM_TIMEOUT_MS"),
    });
    llm.setBehaviour({ kind: "error", status: 503 });
    await expect(llmStructure(input, config)).rejects.toMatchObject({ code: "ENGINE_FAILED", retryable: true });
    llm.setBehaviour({ kind: "error", status: 404 });
    await expect(llmStructure(input, config)).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("LLM_MODEL") });

    const locked = await startFakeLlm({ apiKey: "right" });
    try {
      await expect(llmStructure(input, { ...config, baseURL: locked.baseURL, apiKey: "wrong" })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        retryable: false,
      });
    } finally {
      await locked.close();
    }
    const gone = llm.baseURL;
    await llm.close();
    await expect(llmStructure(input, { ...config, baseURL: gone })).rejects.toMatchObject({
      code: "ENGINE_FAILED",
      message: expect.stringContaining("Could not connect"),
    });
    llm = await startFakeLlm();
  });

  it("times out hanging requests under a job's signal while the garbage collector runs", async () => {
    // A worker passes its job's signal; on Node 20 a pending fetch can lose that signal's abort to
    // a collection (nodejs/node#57736): Mistral's calls hung so in the fault suite. The OpenAI SDK
    // keeps its timeout with a timer of its own, which holds: this keeps it so.
    setFlagsFromString("--expose-gc");
    const collect = runInNewContext("gc") as () => void;
    llm.setBehaviour({ kind: "hang" });
    const job = new AbortController();
    const collecting = setInterval(collect, 10);
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () =>
          llmStructure({ ...input, signal: job.signal }, { ...config, timeoutMs: 200 }).then(
            () => null,
            (err: unknown) => err as AppError,
          ),
        ),
      );
      expect(outcomes.map((err) => err?.code)).toEqual(Array(8).fill("ENGINE_TIMEOUT"));
    } finally {
      clearInterval(collecting);
    }
  }, 10_000);

  it("lets a cancelled caller have its own reason back", async () => {
    llm.setBehaviour({ kind: "hang" });
    const controller = new AbortController();
    const pending = llmStructure({ ...input, signal: controller.signal }, config);
    setTimeout(() => controller.abort(new Error("cancelled by the user")), 50);
    await expect(pending).rejects.toThrow("cancelled by the user");
  });
});

describe("llmEscalator", () => {
  it("structures the local text of a document the rules could not type, merges over the local reading, and bills nothing", async () => {
    const local: TAnalysis = {
      pipelineVersion: "test",
      engines: ["paddle"],
      pages: [PAGE],
      text: PAGE.text,
      confidence: 0.7,
      pagesBilled: 0,
      costUsd: 0,
      classification: { type: "receipt", confidence: 0.6 },
      document: {
        type: "receipt",
        fields: {
          merchant: { value: "ACME Stoie", confidence: 0.4, source: null, method: "ocr-rules" },
          address: { value: null, confidence: 0, source: null, method: "ocr-rules" },
          date: { value: "2024-03-14", confidence: 0.95, source: { page: 0, bbox: { x0: 10, y0: 80, x1: 60, y1: 100 } }, method: "ocr-rules" },
          total: { value: null, confidence: 0, source: null, method: "ocr-rules" },
          currency: { value: null, confidence: 0, source: null, method: "ocr-rules" },
          tax: { value: null, confidence: 0, source: null, method: "ocr-rules" },
          lineItems: { value: [], confidence: 0, source: null, method: "ocr-rules" },
        },
      },
      barcodes: [],
      warnings: [],
    };
    const reading = await llmEscalator({ config }).escalate({ bytes: undefined, type: "image/png", local });
    expect(reading).toMatchObject({ engine: "llm", pagesBilled: 0, costUsd: 0, tokens: { prompt: 120, completion: 60 } });
    const fields = reading.document.fields as Record<string, { value: unknown; method: string }>;
    // The surer local date stays; the model's merchant and total replace the weak or missing ones.
    expect(fields.date?.method).toBe("ocr-rules");
    expect([fields.merchant?.value, fields.merchant?.method, fields.total?.value]).toEqual(["ACME Store", "llm", "3.50"]);
    expect(llmEscalator({ config }).estimateUsd(10)).toBe(0);
  });
});

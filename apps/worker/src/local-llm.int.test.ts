// A language model on an OpenAI-compatible server (LLM_BASE_URL: Ollama, vLLM, llama.cpp) in place
// of Mistral, as an operator who keeps everything in the building relies on it: a receipt whose total
// the local OCR misses is finished by the model from the local OCR text, each of its values tied to
// the words on the page (or marked as found nowhere), at no cost; a model that answers with broken
// JSON costs no document. Real Redis, PostgreSQL and OCR; the model is the fake on 127.0.0.1,
// reached through the real `openai` SDK.
import { randomInt } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stopLocalOcr } from "@docvault/core/engines";
import { parseStoredAnalysis, stopIdentityReaders } from "@docvault/core/pipeline";
import { renderTextImage } from "@docvault/core/testing";
import { startFakeLlm, type TFakeLlm } from "@docvault/core/testing/fake-openai";
import { aUser } from "@docvault/db/testing/factories";
import { createTestServices, type TTestServices } from "@docvault/queue/testing/services";
import { createMetrics } from "@docvault/telemetry";
import { readEnv } from "./env";
import { startWorker, type TRunningWorker } from "./start-worker";
import { storeDocument } from "./testing/store-document";
import { waitForJob } from "./testing/wait-for-job";

describe("escalation to a language model at LLM_BASE_URL", () => {
  let svc: TTestServices;
  let llm: TFakeLlm;
  let worker: TRunningWorker;
  const metrics = createMetrics({ service: "worker-test" });

  beforeAll(async () => {
    svc = await createTestServices("-llm");
    llm = await startFakeLlm();
    const env = readEnv({
      ...svc.serviceEnv,
      LLM_BASE_URL: llm.baseURL,
      LLM_MODEL: "qwen2.5:7b-instruct",
      LLM_TIMEOUT_MS: "10000",
      // A Mistral key is set too: the language model is chosen, nothing goes to Mistral.
      MISTRAL_API_KEY: "test-key",
      MISTRAL_SERVER_URL: "http://127.0.0.1:9",
      LOG_LEVEL: "silent",
    });
    worker = await startWorker(env, pino({ level: "silent" }), { metrics });
  });

  afterAll(async () => {
    await worker.stop();
    await llm.close();
    await stopLocalOcr();
    await stopIdentityReaders();
    await svc.close();
  });

  beforeEach(() => {
    llm.requests.length = 0;
  });

  // Finished extractions are reused by content hash: every receipt gets a cashier of its own.
  const cashier = () => Array.from({ length: 6 }, () => String.fromCharCode(65 + randomInt(26))).join("");

  async function read(lines: string[]) {
    const { db, store } = svc;
    const ownerId = (await aUser(db)).id;
    const { document, job } = await storeDocument(
      { db, store, ownerId },
      { bytes: await renderTextImage(lines), mimeType: "image/png", filename: "receipt.png" },
    );
    await svc.extractQueue().enqueue({ extractionJobId: job.id, documentId: document.id, sha256: document.sha256 });
    const done = await waitForJob(db, job.id);
    return { ...done, analysis: parseStoredAnalysis(done.extraction?.data) };
  }

  it("extracts a receipt: the model's total grounded to its word on the page, an address it made up marked as found nowhere, no cost", async () => {
    // What the model answers: the merchant and date as printed, a total the rules missed, an address the page does not show.
    llm.setBehaviour({
      kind: "ok",
      answer: { merchant: "CORNER BAKERY SDN BHD", address: "1 Imaginary Road", date: "2018-03-15", total: "8.00", currency: "MYR", tax: null, lineItems: [] },
    });
    // No word says which amount is the total, so the rules leave it out and the document needs the model.
    const job = await read(["CORNER BAKERY SDN BHD", "DATE: 15/03/2018", `CASHIER: ${cashier()}`, "BREAD RM8.00", "THANK YOU"]);

    expect(job.status).toBe("completed");
    expect(job.extraction?.enginesUsed).toContain("llm");
    expect(job.extraction?.enginesUsed).not.toContain("mistral");
    expect(Number(job.extraction?.costUsd)).toBe(0);
    const fields = job.analysis?.document.fields as Record<string, { value: unknown; method: string; source: unknown; grounding?: string; confidence: number }>;
    expect(fields.total).toMatchObject({ value: "8.00", method: "llm", grounding: "words", source: { page: 0 } });
    expect(fields.address).toMatchObject({ value: "1 Imaginary Road", grounding: "none", source: null });
    expect(fields.address?.confidence).toBeLessThan(0.5);

    // One request, with the local OCR text and the receipt's schema; nothing reached Mistral (its URL is a closed port).
    expect(llm.requests).toHaveLength(1);
    const body = llm.requests[0]?.body as { model: string; messages: { content: string }[]; response_format: { json_schema: { name: string } } };
    expect(body.model).toBe("qwen2.5:7b-instruct");
    expect(body.response_format.json_schema.name).toBe("receipt_fields");
    expect(body.messages[1]?.content).toMatch(/CORNER BAKERY/);
  });

  it("costs no document when the model answers with broken JSON: completed with the local reading and why", async () => {
    llm.setBehaviour({ kind: "malformed" });
    const job = await read(["CORNER BAKERY SDN BHD", `CASHIER: ${cashier()}`, "THANK YOU"]);
    expect(job.status).toBe("completed");
    expect(job.extraction?.enginesUsed).not.toContain("llm");
    expect(job.analysis?.keptLocal?.reason).toMatch(/^The language model unavailable: kept the local reading\. .*not JSON/);
    // The queue tried it as often as its attempts allow before keeping the local reading.
    expect(llm.requests.length).toBeGreaterThanOrEqual(2);
    const skipped = (await metrics.escalationsSkipped.get()).values.find((v) => v.labels.reason === "unavailable")?.value;
    expect(skipped).toBe(1);
  });
});

// What may leave the server, as a person relies on it: a document of a type ESCALATE_TYPES does not
// list is never sent to Mistral, whatever the local reading missed; past a daily budget nothing more
// is sent. Either way the document completes with its local reading and says why. Real Redis,
// PostgreSQL and OCR; Mistral is the fake on 127.0.0.1 (one page: $0.004).
import { randomInt } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopLocalOcr } from "@docvault/core/engines";
import { stopIdentityReaders } from "@docvault/core/pipeline";
import { renderTextImage } from "@docvault/core/testing";
import { startFakeMistral, type TFakeMistral } from "@docvault/core/testing/fake-mistral";
import { aUser } from "@docvault/db/testing/factories";
import { createTestServices, type TTestServices } from "@docvault/queue/testing/services";
import { createMetrics } from "@docvault/telemetry";
import { readEnv } from "./env";
import { startWorker, type TRunningWorker } from "./start-worker";
import { storeDocument } from "./testing/store-document";
import { waitForJob } from "./testing/wait-for-job";

describe("documents kept on the server by policy or budget", () => {
  let svc: TTestServices;
  let fake: TFakeMistral;
  let worker: TRunningWorker;
  const metrics = createMetrics({ service: "worker-test" });

  beforeAll(async () => {
    svc = await createTestServices("-policy");
    fake = await startFakeMistral();
    // Receipts may be sent, other documents may not; each user may spend $0.006 a day (one page, not two).
    const env = readEnv({
      ...svc.serviceEnv,
      MISTRAL_API_KEY: "test-key",
      MISTRAL_SERVER_URL: fake.url,
      MISTRAL_RETRIES: "0",
      ESCALATE_TYPES: "receipt",
      LLM_BUDGET_USD_PER_USER_PER_DAY: "0.006",
      LOG_LEVEL: "silent",
    });
    worker = await startWorker(env, pino({ level: "silent" }), { metrics });
  });

  afterAll(async () => {
    await worker.stop();
    await fake.close();
    await stopLocalOcr();
    await stopIdentityReaders();
    await svc.close();
  });

  async function read(lines: string[], ownerId: string) {
    const { db, store } = svc;
    const bytes = await renderTextImage(lines);
    const { document, job } = await storeDocument({ db, store, ownerId }, { bytes, mimeType: "image/png", filename: "photo.png" });
    await svc.extractQueue().enqueue({ extractionJobId: job.id, documentId: document.id, sha256: document.sha256 });
    const done = await waitForJob(db, job.id);
    return { ...done, keptLocal: (done.extraction?.data as { keptLocal?: { reason: string } } | undefined)?.keptLocal?.reason };
  }
  const skipped = async (reason: string) => (await metrics.escalationsSkipped.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;
  // Finished extractions are reused by content hash: every receipt gets a cashier of its own.
  const receiptWithoutTotal = () => [
    "CORNER BAKERY SDN BHD",
    `CASHIER: ${Array.from({ length: 6 }, () => String.fromCharCode(65 + randomInt(26))).join("")}`,
    "THANK YOU",
  ];

  it("keeps a document of a type not listed: completed with the local reading, its reason said, nothing sent", async () => {
    const job = await read(["GARDEN NOTES", "plant the tomatoes early", `row ${randomInt(1000)}`], (await aUser(svc.db)).id);
    expect(job.status).toBe("completed");
    expect(job.extraction?.enginesUsed).not.toContain("mistral");
    expect(job.keptLocal).toBe("Not sent out of this server: Other is not among the types that may be (ESCALATE_TYPES).");
    expect(fake.requests).toHaveLength(0);
    expect(await skipped("policy")).toBe(1);
  });

  it("sends a receipt while the user's budget lasts, then keeps the next one with the reason", async () => {
    // A user of this test's own: the budget is per user and per day.
    const ownerId = (await aUser(svc.db)).id;
    const first = await read(receiptWithoutTotal(), ownerId);
    expect(first.extraction?.enginesUsed).toContain("mistral");
    expect(Number(first.extraction?.costUsd)).toBeCloseTo(0.004, 6);

    const second = await read(receiptWithoutTotal(), ownerId);
    expect(second.status).toBe("completed");
    expect(second.extraction?.enginesUsed).not.toContain("mistral");
    expect(second.keptLocal).toBe(
      "Not sent to Mistral OCR: your daily LLM budget of $0.006 is spent (LLM_BUDGET_USD_PER_USER_PER_DAY); kept the local reading.",
    );
    // One OCR call in all: the second receipt never left.
    expect(fake.requests.filter((r) => r.path === "/v1/ocr")).toHaveLength(1);
    expect(await skipped("budget")).toBe(1);
  });
});

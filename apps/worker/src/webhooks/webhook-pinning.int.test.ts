// Security table row #40 (apps/web/src/server/security.int.test.ts): a webhook delivery resolves the
// host once, checks that address and connects to it; a DNS answer that changes afterwards (DNS
// rebinding) cannot send the request elsewhere. A real receiver on 127.0.0.1, a real database.
import { randomBytes, randomUUID } from "node:crypto";
import type { Job } from "bullmq";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PIPELINE_VERSION, type TWebhookJobPayload } from "@docvault/core";
import { verifyWebhook } from "@docvault/core/node";
import { createDb, createWebhook, type TDb } from "@docvault/db";
import { aCompletedExtraction, aUser } from "@docvault/db/testing/factories";
import type {} from "@docvault/db/testing/global-setup";
import { startWebhookReceiver, type TReceived } from "../testing/webhook-receiver";
import { deliverWebhook } from "./deliver-webhook";

describe("webhook deliveries pinned to the address checked", () => {
  let db: TDb;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let port: number;
  const received: TReceived[] = [];

  beforeAll(async () => {
    db = createDb(inject("databaseUrl"));
    receiver = await startWebhookReceiver(received);
    port = receiver.port;
  });
  afterAll(async () => {
    await receiver.close();
    await db.$disconnect();
  });

  async function hookedJob(url: string, secret: string) {
    const user = await aUser(db);
    const result = { pipelineVersion: `${PIPELINE_VERSION}-pin`, engines: [], pages: [], text: "", confidence: 1 };
    const { document, job } = await aCompletedExtraction(db, user.id, result, { filename: "r.png", sizeBytes: 1 });
    const hook = await createWebhook(db, { ownerId: user.id, url, secret, events: ["job.completed"] });
    const payload: TWebhookJobPayload = { webhookId: hook.id, event: "job.completed", jobId: job.id, documentId: document.id };
    // The BullMQ job as the webhook worker hands it over: its data, id and attempts so far.
    return { id: `pin-${randomUUID()}`, data: payload, attemptsMade: 0 } as unknown as Job<TWebhookJobPayload>;
  }

  it("#40 resolves once and connects to that address, whatever the name resolves to afterwards", async () => {
    const secret = `whsec_${randomBytes(16).toString("hex")}`;
    const job = await hookedJob(`http://hooks.rebind.test:${port}/pinned`, secret);
    const answers: string[] = [];
    // The first answer passes the check (allowed here: loopback is where the test receiver is);
    // any later one would point elsewhere (nothing listens on 127.0.0.2 at this port).
    const resolve = async (host: string) => {
      answers.push(host);
      return answers.length === 1 ? ["127.0.0.1"] : ["127.0.0.2"];
    };
    const result = await deliverWebhook(job, { db, log: pino({ level: "silent" }), allowPrivate: true, resolve });
    expect(result).toEqual({ delivered: true, status: 204 });
    expect(answers).toEqual(["hooks.rebind.test"]);
    const got = received.at(-1);
    expect(got?.headers.host).toBe(`hooks.rebind.test:${port}`);
    const header = (name: string) => {
      const value = got?.headers[name];
      return typeof value === "string" ? value : null;
    };
    expect(verifyWebhook(secret, { signature: header("x-docvault-signature"), timestamp: header("x-docvault-timestamp") }, got?.body ?? "")).toBe(true);
  });

  it("refuses, without connecting, a name whose answer includes a private address", async () => {
    const before = received.length;
    const job = await hookedJob(`http://hooks.private.test:${port}/x`, "whsec_x");
    const resolve = async () => ["93.184.216.34", "127.0.0.1"];
    await expect(deliverWebhook(job, { db, log: pino({ level: "silent" }), allowPrivate: false, resolve })).rejects.toThrow(
      /127\.0\.0\.1, a private or loopback address/,
    );
    expect(received.length).toBe(before);
  });
});

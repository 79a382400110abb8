import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "./webhook-signature";

describe("webhook signatures", () => {
  const body = JSON.stringify({ event: "job.completed" });
  const now = 1_800_000_000;

  it("verifies what it signed, and only that", () => {
    const signature = signWebhook("s3cret", now, body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook("s3cret", { signature, timestamp: String(now) }, body, now)).toBe(true);
    expect(verifyWebhook("other", { signature, timestamp: String(now) }, body, now)).toBe(false);
    expect(verifyWebhook("s3cret", { signature, timestamp: String(now) }, `${body} `, now)).toBe(false);
    // The timestamp is signed too: moving it breaks the signature.
    expect(verifyWebhook("s3cret", { signature, timestamp: String(now + 1) }, body, now)).toBe(false);
  });

  it("refuses an old delivery and missing headers", () => {
    const old = now - 3600;
    expect(verifyWebhook("s3cret", { signature: signWebhook("s3cret", old, body), timestamp: String(old) }, body, now)).toBe(false);
    expect(verifyWebhook("s3cret", { signature: null, timestamp: String(now) }, body, now)).toBe(false);
    expect(verifyWebhook("s3cret", { signature: signWebhook("s3cret", now, body), timestamp: null }, body, now)).toBe(false);
  });
});

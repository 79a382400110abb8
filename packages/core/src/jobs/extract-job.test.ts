import { describe, expect, it } from "vitest";
import { extractJobId, readPriority, toQueuePriority, ZExtractJobPayloadSchema } from "./extract-job";

describe("extract job contract", () => {
  const payload = {
    extractionJobId: "0b7e5d2e-6f1a-4c1b-9a57-3f0c2f9c1d11",
    documentId: "6c1f0b9e-2a5d-4f43-8d0e-5b7a9c3e2f10",
    sha256: "a".repeat(64),
  };

  it("uses the ExtractionJob id as the queue job id, which has no ':'", () => {
    expect(extractJobId(payload)).toBe(payload.extractionJobId);
    expect(extractJobId(payload)).not.toContain(":");
  });

  it("refuses payloads carrying anything but ids and a hash", () => {
    expect(ZExtractJobPayloadSchema.safeParse({ ...payload, sha256: "not-a-hash" }).success).toBe(false);
    expect(ZExtractJobPayloadSchema.safeParse({ ...payload, documentId: "1" }).success).toBe(false);
  });

  it("takes an optional W3C trace carrier and refuses anything else in it", () => {
    const trace = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
    expect(ZExtractJobPayloadSchema.parse({ ...payload, trace })).toEqual({ ...payload, trace });
    expect(ZExtractJobPayloadSchema.safeParse({ ...payload, trace: { traceparent: "alice@example.com" } }).success).toBe(false);
  });

  it("maps docvault priority (10 highest) onto BullMQ's (1 first)", () => {
    expect(toQueuePriority(10)).toBe(1);
    expect(toQueuePriority(1)).toBe(10);
    expect(toQueuePriority(5)).toBe(6);
    expect(toQueuePriority(99)).toBe(1);
  });

  it("reads a caller's priority: 1..10, none when absent, a sentence for anything else", () => {
    expect(readPriority(null)).toBeUndefined();
    expect(readPriority(" ")).toBeUndefined();
    expect(readPriority("2")).toBe(2);
    expect(readPriority(" 10 ")).toBe(10);
    for (const bad of ["0", "11", "8.5", "-1", "high", "08", "1e1"]) {
      expect(() => readPriority(bad), bad).toThrow(/whole number from 1 to 10/);
    }
  });
});

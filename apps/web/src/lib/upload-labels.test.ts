import { describe, expect, it } from "vitest";
import { formatBytes, formatDay, progressText, sentText } from "./upload-labels";

describe("labels", () => {
  it("formats a day unambiguously in the device's time zone", () => {
    expect(formatDay(new Date(2026, 11, 3, 23, 59).getTime())).toBe("3 Dec 2026");
    expect(formatDay(new Date(2027, 0, 31, 0, 0).getTime())).toBe("31 Jan 2027");
  });

  it("says where a document is and how big a file is", () => {
    expect(progressText({ step: "reading", page: 2, pages: 5 })).toBe("reading, page 2 of 5");
    expect(progressText({ step: "structuring" })).toBe("finding the fields");
    expect(progressText(null)).toBe("");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(9011)).toBe("8.8 KB");
    expect(formatBytes(2 * 1024 * 1024)).toBe("2.0 MB");
  });

  it("says how much of a resumable upload the server holds while it is sent or waits to go on, and nothing otherwise", () => {
    const size = 20 * 1024 * 1024;
    expect(sentText({ state: "uploading", size, bytesSent: 10 * 1024 * 1024 })).toBe("10.0 MB of 20.0 MB sent");
    expect(sentText({ state: "queued", size, bytesSent: 10 * 1024 * 1024 })).toBe("10.0 MB of 20.0 MB sent; it goes on from there");
    expect(sentText({ state: "queued", size, bytesSent: 0 })).toBe("");
    expect(sentText({ state: "uploading", size })).toBe("");
    // Accepted or given up: the bytes sent no longer matter.
    expect(sentText({ state: "processing", size, bytesSent: size })).toBe("");
    expect(sentText({ state: "failed", size, bytesSent: 5 * 1024 * 1024 })).toBe("");
  });
});

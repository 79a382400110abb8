import { describe, expect, it } from "vitest";
import { formatBytes, formatDay, progressText } from "./upload-labels";

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
});

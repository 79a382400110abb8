import { JOB_PRIORITY } from "@docvault/core";
import { describe, expect, it } from "vitest";
import { INTERACTIVE_PRIORITY } from "./send-upload";

describe("the capture page's uploads", () => {
  it("ask for core's interactive priority, so a person's photo is read before bulk imports", () => {
    expect(INTERACTIVE_PRIORITY).toBe(JOB_PRIORITY.interactive);
    expect(INTERACTIVE_PRIORITY).toBeGreaterThan(JOB_PRIORITY.default);
  });
});

import { describe, expect, it } from "vitest";
import { sanitiseFilename } from "./accept-upload";

describe("sanitiseFilename", () => {
  it.each([
    ["../../etc/passwd", "passwd"],
    ["C:\\Users\\me\\receipt.jpg", "receipt.jpg"],
    ["evil\r\nX-Injected: 1.png", "evilX-Injected: 1.png"],
    ["", "document"],
    ["/", "document"],
  ])("turns %j into %j", (raw, clean) => {
    expect(sanitiseFilename(raw)).toBe(clean);
  });

  it("bounds the length", () => {
    expect(sanitiseFilename(`${"a".repeat(500)}.pdf`)).toHaveLength(200);
  });
});

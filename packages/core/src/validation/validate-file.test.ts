import { describe, expect, it } from "vitest";
import { detectType } from "./detect-type";
import { typeFromFilename, validateFile } from "./validate-file";
import { refusal } from "../../testing/refusal";

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (s: string) => new TextEncoder().encode(s);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16);
const PDF = text("%PDF-1.7\n");

describe("detectType", () => {
  it.each([
    ["image/jpeg", JPEG],
    ["image/png", PNG],
    ["application/pdf", PDF],
    ["image/webp", text("RIFF\0\0\0\0WEBPVP8 ")],
    ["image/tiff", bytes(0x49, 0x49, 0x2a, 0x00)],
    ["image/tiff", bytes(0x4d, 0x4d, 0x00, 0x2a)],
    ["image/heic", text("\0\0\0\x18ftypheic")],
  ])("recognises %s from its magic bytes", (type, head) => {
    expect(detectType(head)).toBe(type);
  });

  it("recognises nothing in plain text", () => {
    expect(detectType(text("hello, this is a text file"))).toBeNull();
  });
});

describe("validateFile", () => {
  it("accepts a PNG whose declared type agrees", () => {
    expect(validateFile({ head: PNG, size: 1000, declaredType: "image/png" })).toBe("image/png");
  });

  it("treats image/jpg and generic octet-stream claims as compatible", () => {
    expect(validateFile({ head: JPEG, size: 10, declaredType: "image/jpg" })).toBe("image/jpeg");
    expect(validateFile({ head: PDF, size: 10, declaredType: "application/octet-stream" })).toBe("application/pdf");
  });

  it("refuses a 0-byte file with a sentence saying so", () => {
    const error = refusal(() => validateFile({ head: new Uint8Array(), size: 0, declaredType: "image/png" }));
    expect(error.code).toBe("EMPTY_FILE");
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/empty/i);
  });

  it("refuses a file over the limit, naming the limit", () => {
    const error = refusal(() => validateFile({ head: PNG, size: 51 * 1024 * 1024 }));
    expect(error.code).toBe("FILE_TOO_LARGE");
    expect(error.status).toBe(413);
    expect(error.message).toContain("50 MB");
  });

  it("honours a configured limit", () => {
    expect(refusal(() => validateFile({ head: PNG, size: 2048, maxBytes: 1024 })).code).toBe("FILE_TOO_LARGE");
  });

  it("refuses a text file renamed .png, saying what it claimed to be", () => {
    const error = refusal(() => validateFile({ head: text("just some notes\n"), size: 16, declaredType: typeFromFilename("notes.png") }));
    expect(error.code).toBe("UNSUPPORTED_TYPE");
    expect(error.status).toBe(415);
    expect(error.message).toContain("claims to be a PNG image");
  });

  it("refuses a PDF declared as JPEG", () => {
    const error = refusal(() => validateFile({ head: PDF, size: 100, declaredType: "image/jpeg" }));
    expect(error.code).toBe("TYPE_MISMATCH");
    expect(error.message).toContain("its content is a PDF");
  });

  it("refuses HEIC with advice to export as JPEG", () => {
    const error = refusal(() => validateFile({ head: text("\0\0\0\x18ftypheic"), size: 100 }));
    expect(error.code).toBe("UNSUPPORTED_TYPE");
    expect(error.message).toMatch(/JPEG/);
  });
});

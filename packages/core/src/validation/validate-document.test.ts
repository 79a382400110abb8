import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { headTailOf } from "./head-tail";
import { validateDocument, type TValidateDocumentInput } from "./validate-document";
import { concat } from "../../testing/bytes";
import { refusal } from "../../testing/refusal";

const text = (s: string) => new TextEncoder().encode(s);
const u32be = (n: number) => new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);

const validateBytes = (bytes: Uint8Array, extra: Partial<TValidateDocumentInput> = {}) => validateDocument({ ...headTailOf(bytes), ...extra });

// Noise compresses badly, so the files are big enough to cut meaningfully.
const noise = (width: number, height: number) =>
  sharp(Buffer.from(Array.from({ length: width * height * 3 }, (_, i) => (i * 7919) % 251)), {
    raw: { width, height, channels: 3 },
  });
const png = (width = 120, height = 80) => noise(width, height).png().toBuffer();
const jpeg = (width = 120, height = 80) => noise(width, height).jpeg().toBuffer();

/** A PNG header claiming any size: signature, IHDR (CRC not checked here) and IEND. */
function pngHeaderClaiming(width: number, height: number): Uint8Array {
  return concat(
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    u32be(13),
    text("IHDR"),
    u32be(width),
    u32be(height),
    new Uint8Array([8, 2, 0, 0, 0, 0, 0, 0, 0]),
    u32be(0),
    text("IEND"),
    new Uint8Array([0xae, 0x42, 0x60, 0x82]),
  );
}

/** A big-endian TIFF directory (sharp writes little-endian): width as SHORT, height as LONG. */
function bigEndianTiffHeader(width: number, height: number): Uint8Array {
  const entry = (tag: number, type: number, value: Uint8Array) => concat(new Uint8Array([tag >> 8, tag & 0xff, 0, type]), u32be(1), value);
  return concat(
    text("MM\0*"),
    u32be(8),
    new Uint8Array([0, 2]),
    entry(256, 3, new Uint8Array([width >> 8, width & 0xff, 0, 0])),
    entry(257, 4, u32be(height)),
    u32be(0),
  );
}

describe("validateDocument: images", () => {
  it.each([
    ["PNG", "image/png", () => png(120, 80)],
    ["JPEG", "image/jpeg", () => jpeg(120, 80)],
    ["lossy WebP", "image/webp", () => noise(120, 80).webp().toBuffer()],
    ["lossless WebP", "image/webp", () => noise(120, 80).webp({ lossless: true }).toBuffer()],
    ["WebP with alpha (VP8X)", "image/webp", () => noise(120, 80).ensureAlpha(0.5).webp().toBuffer()],
    ["TIFF", "image/tiff", () => noise(120, 80).tiff().toBuffer()],
    ["big-endian TIFF", "image/tiff", () => Promise.resolve(bigEndianTiffHeader(120, 80))],
  ])("accepts a real %s and reads its size from the header", async (_name, type, make) => {
    const bytes = await make();
    expect(validateBytes(bytes, { declaredType: type })).toEqual({ type, width: 120, height: 80 });
  });

  it("refuses a decompression bomb: a PNG header claiming 100000 × 100000 pixels", () => {
    const bomb = pngHeaderClaiming(100_000, 100_000);
    const error = refusal(() => validateBytes(bomb));
    expect(error.code).toBe("FILE_TOO_LARGE");
    expect(error.message).toContain("100,000 × 100,000 pixels");
    expect(error.message).toContain("100 megapixels limit");
  });

  it("honours a configured pixel limit", () => {
    const error = refusal(() => validateBytes(pngHeaderClaiming(2000, 2000), { limits: { maxPixels: 1_000_000 } }));
    expect(error.code).toBe("FILE_TOO_LARGE");
  });

  it("refuses zero and absurd dimensions", () => {
    expect(refusal(() => validateBytes(pngHeaderClaiming(0, 100))).code).toBe("CORRUPT_FILE");
    const strip = refusal(() => validateBytes(pngHeaderClaiming(70_000, 10)));
    expect(strip.code).toBe("FILE_TOO_LARGE");
    expect(strip.message).toContain("65,535");
  });

  it("refuses a truncated PNG (no IEND chunk at the end)", async () => {
    const bytes = await png();
    const error = refusal(() => validateBytes(bytes.subarray(0, Math.floor(bytes.length / 2))));
    expect(error.code).toBe("CORRUPT_FILE");
    expect(error.message).toMatch(/PNG image .*cut short/);
  });

  it("refuses a truncated JPEG (no end marker)", async () => {
    const bytes = await jpeg();
    const error = refusal(() => validateBytes(bytes.subarray(0, bytes.length - 200)));
    expect(error.code).toBe("CORRUPT_FILE");
    expect(error.message).toMatch(/JPEG image .*cut short/);
  });

  it("tolerates padding after the JPEG end marker", async () => {
    const bytes = concat(await jpeg(), new Uint8Array(300));
    expect(validateBytes(bytes).type).toBe("image/jpeg");
  });

  it("refuses a truncated WebP from the length in its own header", async () => {
    const bytes = await noise(120, 80).webp().toBuffer();
    expect(refusal(() => validateBytes(bytes.subarray(0, bytes.length - 10))).code).toBe("CORRUPT_FILE");
  });

  it("refuses a PNG whose first chunk is not IHDR", async () => {
    const bytes = new Uint8Array(await png());
    bytes.set(text("XXXX"), 12);
    expect(refusal(() => validateBytes(bytes)).message).toContain("first chunk is not a valid header");
  });

  it("leaves the size unknown when the JPEG frame header lies beyond the head, and refuses when the whole file has none", async () => {
    const bytes = await jpeg();
    // An APP segment is at most 64 KB; two of them push the frame header past the 64 KB head.
    const app = (fill: number) => concat(new Uint8Array([0xff, 0xe2, 0xff, 0xff]), new Uint8Array(0xfffd).fill(fill));
    const big = concat(bytes.subarray(0, 2), app(1), app(2), bytes.subarray(2));
    expect(validateBytes(big)).toEqual({ type: "image/jpeg" });
    const headerless = concat(bytes.subarray(0, 2), new Uint8Array([0xff, 0xe1, 0, 4, 1, 2, 0xff, 0xd9]));
    expect(refusal(() => validateBytes(headerless)).code).toBe("CORRUPT_FILE");
  });
});

describe("validateDocument: PDFs", () => {
  const makePdf = async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    return pdf.save();
  };

  it("accepts a well-formed PDF", async () => {
    expect(validateBytes(await makePdf(), { declaredType: "application/pdf" })).toEqual({ type: "application/pdf" });
  });

  it("refuses a PDF cut short (no %%EOF near the end)", async () => {
    const bytes = await makePdf();
    const error = refusal(() => validateBytes(bytes.subarray(0, bytes.length - 40)));
    expect(error.code).toBe("CORRUPT_FILE");
    expect(error.message).toContain("end-of-file marker is missing");
  });

  it("refuses a PDF whose trailer has an /Encrypt entry", () => {
    const bytes = text(
      "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<01><01>] >>\nstartxref\n9\n%%EOF\n",
    );
    const error = refusal(() => validateBytes(bytes));
    expect(error.code).toBe("ENCRYPTED_PDF");
    expect(error.message).toMatch(/encrypted.*Remove the protection/);
  });

  it("finds /Encrypt in the first-page trailer of a linearized PDF (head, not tail)", () => {
    const start = text("%PDF-1.7\n%\xe2\xe3\n1 0 obj\n<< /Linearized 1 >>\nendobj\ntrailer\n<< /Encrypt << /Filter /Standard >> >>\n");
    const bytes = concat(start, new Uint8Array(5000).fill(0x20), text("\nstartxref\n0\n%%EOF\n"));
    expect(refusal(() => validateBytes(bytes)).code).toBe("ENCRYPTED_PDF");
  });

  it("does not take /EncryptMetadata or the word in text for encryption", () => {
    const bytes = text("%PDF-1.7\n1 0 obj\n<< /EncryptMetadata false >>\nendobj\n(/Encrypt me) Tj\n%%EOF\n");
    expect(validateBytes(bytes).type).toBe("application/pdf");
  });

  it("refuses a PDF with a broken version header", () => {
    expect(refusal(() => validateBytes(text("%PDF-x.y\n%%EOF\n"))).code).toBe("CORRUPT_FILE");
  });
});

describe("validateDocument: size and type", () => {
  it("refuses 0 bytes, oversize, a text file renamed .png, a PDF declared as JPEG and HEIC", () => {
    expect(refusal(() => validateDocument({ head: new Uint8Array(), tail: new Uint8Array(), size: 0 })).code).toBe("EMPTY_FILE");
    const png = pngHeaderClaiming(10, 10);
    expect(refusal(() => validateDocument({ head: png, tail: png, size: 60 * 1024 * 1024 })).code).toBe("FILE_TOO_LARGE");
    expect(refusal(() => validateBytes(png, { limits: { maxBytes: 10 } })).message).toContain("limit");
    expect(refusal(() => validateBytes(text("notes\n"), { declaredType: "image/png" })).message).toContain("claims to be a PNG image");
    expect(refusal(() => validateBytes(text("%PDF-1.7\n%%EOF\n"), { declaredType: "image/jpeg" })).code).toBe("TYPE_MISMATCH");
    const heic = refusal(() => validateBytes(concat(text("\0\0\0\x18ftypheic"), new Uint8Array(100))));
    expect(heic.code).toBe("UNSUPPORTED_TYPE");
    expect(heic.message).toContain("HEIC");
  });

  it("keeps a default limit when a config passes undefined", () => {
    const png = pngHeaderClaiming(10, 10);
    expect(validateBytes(png, { limits: { maxBytes: undefined } }).type).toBe("image/png");
  });
});

// Speed is measured in benchmarks (issue 8), not asserted here: timed unit tests are flaky on shared machines.
describe("validateDocument: reads head and tail only", () => {
  it("validates a 50 MB file from its first 64 KB and last 1 KB, never the middle", async () => {
    const small = await png(40, 30);
    const big = { head: small.subarray(0, 64 * 1024), tail: small.subarray(small.length - 1024), size: 50 * 1024 * 1024 - 1 };
    expect(validateDocument(big)).toMatchObject({ type: "image/png", width: 40, height: 30 });
  });
});

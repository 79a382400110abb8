import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../../errors/app-error";
import { renderTextImage } from "../../../testing/fixtures";
import { paddleEngine, paddleImage, stopPaddle } from "./paddle-engine";
import { startPaddlePool } from "./paddle/paddle-pool";

afterAll(() => stopPaddle());

const PARAGRAPH = [
  "The quick brown fox jumps over the lazy dog.",
  "Invoices and receipts are read page by page.",
  "Every document keeps its words in reading order.",
  "Payment is due within thirty days of delivery.",
];

describe("PP-OCR engine", () => {
  it("reads printed lines into words with boxes where they are printed", async () => {
    const png = await renderTextImage(["DOCVAULT TEST RECEIPT", "TOTAL 12.34"]);
    const page = await paddleImage(png, 0);
    expect(page.text).toBe("DOCVAULT TEST RECEIPT\nTOTAL 12.34");
    expect(page.width).toBe(1200);
    const total = page.words.find((w) => w.text === "TOTAL");
    // The second line's baseline is at y = 128 (40 px type, 64 px lines), starting at x = 40.
    expect(total?.bbox.x0).toBeGreaterThan(25);
    expect(total?.bbox.x0).toBeLessThan(60);
    expect(total?.bbox.y1).toBeGreaterThan(120);
    expect(total?.bbox.y0).toBeLessThan(105);
    expect(page.confidence).toBeGreaterThan(0.8);
  });

  it("reads a page the right way up however it was turned, and a photo's EXIF orientation", async () => {
    const upright = await renderTextImage(PARAGRAPH, { fontSize: 32 });
    for (const degrees of [0, 90, 180, 270]) {
      const page = await paddleImage(await sharp(upright).rotate(degrees).png().toBuffer(), 0);
      expect(page.text.split("\n").map((l) => l.replace(/\.$/, ""))).toEqual(PARAGRAPH.map((l) => l.replace(/\.$/, "")));
    }
    const stored = await sharp(upright).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer();
    const photo = await paddleImage(stored, 0);
    expect(photo.width).toBe(1200);
    expect(photo.text).toContain("Payment is due within thirty days");
  });

  it("reads two columns of running text on a photographed page one after the other, not across", async () => {
    // Paragraphs that run on from line to line (a table's rows would stay rows).
    const alpha = [
      "Alpha starts the first column and",
      "keeps writing until the line ends,",
      "then the sentence carries on here",
      "and it reaches the fourth line,",
      "where the first column is done.",
    ];
    const omega = [
      "Omega opens the second column,",
      "which a reader takes up only after",
      "the first column has been read to",
      "its end, as every newspaper asks",
      "of the people who read it.",
    ];
    const column = (lines: string[]) => renderTextImage(lines, { fontSize: 28, width: 620 });
    const page = await sharp({ create: { width: 1400, height: 300, channels: 3, background: "#ffffff" } })
      .composite([
        { input: await column(alpha), left: 0, top: 0 },
        { input: await column(omega), left: 720, top: 0 },
      ])
      .png()
      .toBuffer();
    const lines = (await paddleImage(page, 0)).text.split("\n");
    expect(lines).toEqual([...alpha, ...omega]);
  });

  it("reads a scanned PDF page by page", async () => {
    const { makeScannedPdf } = await import("../../../testing/fixtures");
    const pdf = await makeScannedPdf(["SCANNED PAGE", "HELLO WORLD"]);
    const read = await paddleEngine.read({ bytes: pdf, type: "application/pdf" });
    expect(read.engine).toBe("paddle");
    expect(read.pages[0]?.text).toContain("HELLO WORLD");
  });

  it("ends bad images in a typed error or an empty page, never a crash or a hang", async () => {
    const png = await renderTextImage(["TRUNCATED RECEIPT TOTAL 9.99"], { format: "jpeg" });
    const tried: [string, Uint8Array][] = [
      ["not an image at all", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4])],
      ["a JPEG cut in half", png.subarray(0, Math.floor(png.length / 2))],
      [
        "1 x 1 pixel",
        await sharp({ create: { width: 1, height: 1, channels: 3, background: "#000" } })
          .png()
          .toBuffer(),
      ],
      [
        "30,000 pixels wide",
        await sharp({ create: { width: 30_001, height: 40, channels: 3, background: "#fff" } })
          .png()
          .toBuffer(),
      ],
    ];
    for (const [, bytes] of tried) {
      const outcome = await paddleImage(bytes, 0).then(
        (page) => ({ page, error: null }),
        (error: unknown) => ({ page: null, error }),
      );
      if (outcome.page) expect(typeof outcome.page.text).toBe("string");
      else {
        expect(outcome.error).toBeInstanceOf(AppError);
        expect((outcome.error as AppError).code).toBe("CORRUPT_FILE");
      }
    }
    const white = await sharp({ create: { width: 800, height: 1000, channels: 3, background: "#ffffff" } })
      .png()
      .toBuffer();
    const blank = await paddleImage(white, 0);
    expect(blank.text).toBe("");
    expect(blank.words).toEqual([]);
  });

  it("gives up with ENGINE_TIMEOUT when its threads do not start in time", async () => {
    await expect(startPaddlePool({ threads: 1, startTimeoutMs: 1 })).rejects.toMatchObject({ code: "ENGINE_TIMEOUT" });
  });
});

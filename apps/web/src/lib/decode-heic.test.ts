// The HEIC decoder's bomb check: the size a photo claims is checked against the image limits
// before a pixel is decoded (runs in Node with the same libheif wasm the capture page's worker
// loads; the decoding into a JPEG needs a browser's canvas and is in tests/e2e/heic-photo.spec.ts).
import { describe, expect, it } from "vitest";
import { isAppError } from "@docvault/core";
import { makeHeic, renderTextImage } from "@docvault/core/testing";
import { heicToJpeg, jpegName } from "./decode-heic";

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isAppError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe("heicToJpeg", () => {
  it("refuses a photo over the pixel limits before decoding it, with the size it claims", async () => {
    const heic = new Blob([new Uint8Array(await makeHeic(await renderTextImage(["TOTAL 9.99"], { width: 600 })))]);
    const error = await refusal(heicToJpeg(heic, { maxPixels: 50_000, maxSidePixels: 65_535 }));
    expect(error.code).toBe("FILE_TOO_LARGE");
    expect(error.message).toMatch(/^This image claims to be 600 × \d+ pixels .*over the .* limit\. Resize it/);
    const side = await refusal(heicToJpeg(heic, { maxPixels: 100_000_000, maxSidePixels: 500 }));
    expect(side.message).toMatch(/^This image is 600 × \d+ pixels; no side may exceed 500 pixels\./);
  });

  it("refuses bytes that are not a HEIC picture with what to do", async () => {
    const error = await refusal(heicToJpeg(new Blob([new Uint8Array(64)]), { maxPixels: 100_000_000, maxSidePixels: 65_535 }));
    expect(error.code).toBe("CORRUPT_FILE");
    expect(error.message).toContain("Export it again, or set the camera to 'Most compatible' (JPEG).");
  });

  it("names the JPEG after the photo", () => {
    expect(jpegName("IMG_0042.HEIC")).toBe("IMG_0042.jpg");
    expect(jpegName("holiday.heif")).toBe("holiday.jpg");
    expect(jpegName(".heic")).toBe("photo.jpg");
  });
});

import sharp from "sharp";
import { renderTextImage } from "@docvault/core/testing";
const png = await renderTextImage(["RECEIPT", "TOTAL 12.50"], { width: 240, fontSize: 20 });
console.log("concurrency", sharp.concurrency(), "cache", JSON.stringify(sharp.cache()), "simd", sharp.simd());
for (const label of ["default", "nocache"]) {
  if (label === "nocache") sharp.cache(false);
  let sync = 0, total = 0;
  for (let i = 0; i < 500; i++) {
    const t0 = performance.now();
    const p = sharp(png, { failOn: "none", pages: 1 }).rotate().flatten({ background: "#ffffff" }).resize({ width: 512, height: 512, fit: "inside", withoutEnlargement: true }).greyscale().raw().toBuffer({ resolveWithObject: true });
    sync += performance.now() - t0;
    await p;
    total += performance.now() - t0;
  }
  console.log(label, "sync", (sync / 500).toFixed(3), "ms; total", (total / 500).toFixed(3), "ms");
}

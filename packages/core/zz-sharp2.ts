import sharp from "sharp";
import { renderTextImage } from "@docvault/core/testing";
const png = await renderTextImage(["RECEIPT", "TOTAL 12.50"], { width: 240, fontSize: 20 });
const m = await sharp(png).metadata(); console.log(m.width, m.height, m.channels, png.length);
const cases: Record<string, () => Promise<unknown>> = {
  metadata: () => sharp(png).metadata(),
  raw: () => sharp(png).raw().toBuffer(),
  grey: () => sharp(png).greyscale().raw().toBuffer(),
  full: () => sharp(png, { failOn: "none", pages: 1 }).rotate().flatten({ background: "#ffffff" }).resize({ width: 512, height: 512, fit: "inside", withoutEnlargement: true }).greyscale().raw().toBuffer(),
  rawin: () => sharp(Buffer.alloc(240 * 80), { raw: { width: 240, height: 80, channels: 1 } }).rotate(1.5, { background: { r: 255, g: 255, b: 255 } }).greyscale().raw().toBuffer(),
};
for (const c of [1, 2]) {
  sharp.concurrency(c);
  for (const [k, f] of Object.entries(cases)) {
    for (let i = 0; i < 30; i++) await f();
    const t0 = performance.now(); const cpu0 = process.cpuUsage();
    for (let i = 0; i < 300; i++) await f();
    const cpu = process.cpuUsage(cpu0);
    console.log(`conc ${c} ${k}: ${((performance.now() - t0) / 300).toFixed(3)} ms wall, ${((cpu.user + cpu.system) / 1000 / 300).toFixed(3)} ms cpu`);
  }
}

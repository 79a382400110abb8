// Draws the app icon as SVG and writes the PNG sizes the manifest names. Run by hand when the
// drawing changes (`node scripts/make-icons.mjs`); the PNGs are committed so a build needs no sharp.
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

const out = fileURLToPath(new URL("../public/icons/", import.meta.url));

// A page with a folded corner and a tick, on the theme blue. `inset` keeps the drawing inside the
// maskable safe zone (the centre 80%), where launchers crop to a circle or squircle.
function drawing({ rounded, inset }) {
  const s = 512;
  const k = (v) => inset + (v * (s - 2 * inset)) / s;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}">
  <rect width="${s}" height="${s}" rx="${rounded ? 96 : 0}" fill="#1d4ed8"/>
  <path d="M${k(150)} ${k(90)} H${k(300)} L${k(370)} ${k(160)} V${k(422)} H${k(150)} Z" fill="#ffffff"/>
  <path d="M${k(300)} ${k(90)} V${k(160)} H${k(370)} Z" fill="#bfdbfe"/>
  <path d="M${k(200)} ${k(290)} L${k(245)} ${k(335)} L${k(325)} ${k(240)}" fill="none" stroke="#1d4ed8" stroke-width="${(28 * (s - 2 * inset)) / s}" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;
}

await mkdir(out, { recursive: true });
const plain = Buffer.from(drawing({ rounded: true, inset: 0 }));
const maskable = Buffer.from(drawing({ rounded: false, inset: 64 }));
await writeFile(`${out}icon.svg`, plain);
for (const size of [192, 512]) await sharp(plain).resize(size, size).png().toFile(`${out}icon-${size}.png`);
await sharp(maskable).resize(512, 512).png().toFile(`${out}maskable-512.png`);
await sharp(plain).resize(180, 180).flatten({ background: "#1d4ed8" }).png().toFile(`${out}apple-touch-icon.png`);
console.log("icons written to", out);

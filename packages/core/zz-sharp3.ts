import sharp from "sharp";
const w = 240, h = 96;
const px = Buffer.alloc(w * h); for (let i = 0; i < px.length; i++) px[i] = (i * 37) % 256;
const bg = { r: 255, g: 255, b: 255 };
const a = () => sharp(px, { raw: { width: w, height: h, channels: 1 } }).rotate(1.5, { background: bg }).greyscale().raw().toBuffer({ resolveWithObject: true });
const b = () => sharp(px, { raw: { width: w, height: h, channels: 1 } }).rotate(1.5, { background: bg }).raw().toBuffer({ resolveWithObject: true });
const ra = await a(), rb = await b();
console.log("a", ra.info.channels, ra.info.width, ra.info.height, "b", rb.info.channels, rb.info.width, rb.info.height, "same", Buffer.compare(ra.data, rb.data) === 0);
for (const [k, f] of Object.entries({ a, b })) {
  for (let i = 0; i < 30; i++) await f();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < 300; i++) await f();
  const cpu = process.cpuUsage(cpu0);
  console.log(k, ((cpu.user + cpu.system) / 1000 / 300).toFixed(3), "ms cpu");
}

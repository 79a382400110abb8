/**
 * The browser's dedup hit: a result looked up by SHA-256 in IndexedDB, in Debian's Chromium, as the
 * capture page does before any network request.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS } from "../../playwright.config";

const PAGE = `<!doctype html><title>idb bench</title><script>
const open = () => new Promise((resolve, reject) => {
  const req = indexedDB.open("bench", 1);
  req.onupgradeneeded = () => req.result.createObjectStore("results");
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});
const get = (db, key) => new Promise((resolve, reject) => {
  const req = db.transaction("results", "readonly").objectStore("results").get(key);
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});
const hex = (n) => Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
window.runBench = async (lookups, entries) => {
  const db = await open();
  const words = Array.from({ length: 300 }, (_, i) => ({ text: "WORD" + i, confidence: 0.9, bbox: { x0: i, y0: i, x1: i + 9, y1: i + 9 } }));
  const record = { savedAt: Date.now(), result: { text: "TOTAL 12.50 ".repeat(200), pages: [{ words }], fields: { total: { value: "12.50", confidence: 0.9 } } } };
  const keys = [];
  await new Promise((resolve, reject) => {
    const tx = db.transaction("results", "readwrite");
    for (let i = 0; i < entries; i++) { const k = hex(); keys.push(k); tx.objectStore("results").put(record, k); }
    tx.oncomplete = resolve; tx.onerror = () => reject(tx.error);
  });
  const json = JSON.stringify(record);
  localStorage.setItem("bench", json);
  const hits = [], floor = [];
  for (let i = 0; i < lookups; i++) {
    const key = keys[(i * 7919) % keys.length];
    let t = performance.now();
    const found = await get(db, key);
    hits.push(performance.now() - t);
    if (!found) throw new Error("a stored result was not found");
    t = performance.now();
    JSON.parse(localStorage.getItem("bench"));
    floor.push(performance.now() - t);
  }
  return { hits, floor, recordBytes: json.length };
};
</script>`;

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1] ?? Number.NaN;
const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.5) - 1] ?? Number.NaN;

export async function idbHitInChromium(input: { lookups: number; entries?: number }) {
  const entries = input.entries ?? 1000;
  const server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(PAGE));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const result = await page.evaluate(
      ([lookups, n]) =>
        (globalThis as unknown as { runBench(l: number, e: number): Promise<{ hits: number[]; floor: number[]; recordBytes: number }> }).runBench(lookups, n),
      [input.lookups, entries] as const,
    );
    return { p95: p95(result.hits), p50: p50(result.hits), ceilingP95: p95(result.floor), recordBytes: result.recordBytes, entries };
  } finally {
    await browser.close();
    server.close();
  }
}

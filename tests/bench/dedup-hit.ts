/**
 * dedup-hit: uploading a file the server knows already (a cache hit: streamed, hashed, looked up,
 * answered 200 without a job) through the production build, with autocannon at 1, 50 and 200
 * concurrent clients; next to the same requests with an empty body, which the route refuses before
 * storage, hashing and the database (the framework's floor). Then the question asked before an
 * upload (GET /api/v1/documents/by-hash/{sha256}) at the same client counts. And in the browser: the IndexedDB
 * lookup alone, and the capture page's whole cache hit (a file read before, chosen again, shown).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import autocannon from "autocannon";
import { stopChild } from "@docvault/core/node";
import { freePort } from "@docvault/db/embedded";
import { captureHitInChromium } from "./support/browser-capture-hit";
import { idbHitInChromium } from "./support/browser-idb";
import { ROOT, startBenchStack, waitForHttp } from "./support/bench-stack";
import { uploadHeaders } from "./support/bench-user";
import { uniquePngMaker } from "./support/unique-png";
import { upload } from "./support/upload";
import { percentile, row, type TBenchOptions, type TBenchRow } from "./bench-row";

/** The bare node:http check server (support/bare-check-server.ts) as a process of its own. */
async function startBareCheckServer(databaseUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "tests/bench/support/bare-check-server.ts")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, child, 60_000);
  return { url, stop: () => stopChild(child) };
}

type TLatencies = { p50: number; p95: number; p99: number; rps: number; non2xx: number };

async function load(input: {
  url: string;
  method?: "GET" | "POST";
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  body: Buffer | undefined;
}): Promise<TLatencies> {
  const times: number[] = [];
  let non2xx = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: input.url,
        method: input.method ?? "POST",
        connections: input.connections,
        duration: input.seconds,
        headers: input.headers,
        body: input.body,
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      times.push(responseTime);
      if (statusCode >= 300) non2xx++;
    });
  });
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    rps: result.requests.average,
    non2xx,
  };
}

export async function dedupHitBench(options: TBenchOptions): Promise<TBenchRow[]> {
  // A high upload limit: this measures the cache hit, not the rate limiter.
  const stack = await startBenchStack({ backend: "redis", web: true, env: { UPLOAD_RATE_PER_MINUTE: "100000000" } });
  const rows: TBenchRow[] = [];
  try {
    const webUrl = stack.webUrl ?? "";
    const auth = await uploadHeaders(stack.databaseUrl);
    const file = (await uniquePngMaker())(1);
    const headers = { "content-type": "image/png", "x-filename": "known.png", ...auth };
    const first = await upload(webUrl, file, { filename: "known.png", type: "image/png", headers: auth });
    if (first.status !== 202) throw new Error(`the first upload answered ${first.status}: ${JSON.stringify(first.json)}`);
    const again = await upload(webUrl, file, { filename: "known.png", type: "image/png", headers: auth });
    if (again.status !== 200 || again.json.status !== "known") throw new Error(`a repeated upload answered ${again.status} ${again.json.status}`);

    const seconds = options.smoke ? 1 : 10;
    // The smoke run proves each phase still runs; one client count is enough for that.
    const clientCounts = options.smoke ? [50] : [1, 50, 200];
    const url = `${webUrl}/api/upload`;
    await load({ url, connections: 10, seconds: options.smoke ? 1 : 3, headers, body: file }); // warm-up: JIT, pools
    for (const connections of clientCounts) {
      const floor = await load({ url, connections, seconds, headers, body: undefined });
      const hit = await load({ url, connections, seconds, headers, body: file });
      if (hit.non2xx > 0) throw new Error(`${hit.non2xx} cache-hit uploads did not answer 2xx at ${connections} clients`);
      const note = `${Math.round(hit.rps)} req/s; p50 ${hit.p50} ms, p99 ${hit.p99} ms (floor p50 ${floor.p50}, p99 ${floor.p99})`;
      rows.push(
        row({
          bench: "dedup-hit",
          figure: `known file, ${connections} clients: p95`,
          value: hit.p95,
          unit: "ms",
          ceiling: { label: "empty body refused early", value: floor.p95 },
          goal: connections === 50 ? { op: "<=", target: 25, on: "value" } : null,
          note,
        }),
      );
    }

    // Asked before sending (GET /api/v1/documents/by-hash/{sha256}, what the PWA and the client do
    // first): the known file's answer without a byte of it on the wire. Same floor as above.
    const sha256 = createHash("sha256").update(file).digest("hex");
    const checkUrl = `${webUrl}/api/v1/documents/by-hash/${sha256}`;
    const asked = await fetch(checkUrl, { headers: auth });
    const answer = (await asked.json()) as { known?: boolean; documentId?: string };
    if (!answer.known || answer.documentId !== first.json.documentId) throw new Error(`the check answered ${asked.status} ${JSON.stringify(answer)}`);
    await load({ url: checkUrl, method: "GET", connections: 10, seconds: options.smoke ? 1 : 3, headers: auth, body: undefined });
    const checks: Record<number, TLatencies> = {};
    for (const connections of clientCounts) {
      const floor = await load({ url, connections, seconds, headers, body: undefined });
      const check = await load({ url: checkUrl, method: "GET", connections, seconds, headers: auth, body: undefined });
      checks[connections] = check;
      if (check.non2xx > 0) throw new Error(`${check.non2xx} known-file checks did not answer 2xx at ${connections} clients`);
      rows.push(
        row({
          bench: "dedup-hit",
          figure: `known-file check (by hash, no bytes), ${connections} clients: p95`,
          value: check.p95,
          unit: "ms",
          ceiling: { label: "empty body refused early", value: floor.p95 },
          goal: connections === 50 ? { op: "<=", target: 25, on: "value" } : null,
          note: `${Math.round(check.rps)} req/s; p50 ${check.p50} ms, p99 ${check.p99} ms (floor p50 ${floor.p50}, p99 ${floor.p99})`,
        }),
      );
    }

    // Is Next's route handler the floor? The same check on a bare node:http server (same lookups,
    // same database), loaded the same way at 50 clients: issue 22's "lighter way in" is worth
    // building only if this answers several times the requests.
    const bare = await startBareCheckServer(stack.databaseUrl);
    try {
      const bareUrl = `${bare.url}/api/v1/documents/by-hash/${sha256}`;
      await load({ url: bareUrl, method: "GET", connections: 10, seconds: options.smoke ? 1 : 3, headers: auth, body: undefined });
      const bareCheck = await load({ url: bareUrl, method: "GET", connections: 50, seconds, headers: auth, body: undefined });
      if (bareCheck.non2xx > 0) throw new Error(`${bareCheck.non2xx} checks on the bare server did not answer 2xx`);
      const next = checks[50] ?? bareCheck;
      rows.push(
        row({
          bench: "dedup-hit",
          figure: "known-file check, 50 clients: requests/s through Next's route",
          value: next.rps,
          unit: "req/s",
          ceiling: { label: "bare node:http, same lookups", value: bareCheck.rps },
          note: `p95 ${next.p95} ms through Next, ${bareCheck.p95} ms bare`,
        }),
      );
    } finally {
      await bare.stop();
    }

    // The capture page: a 2 MB photo (about what a phone takes of a receipt), read once by a worker
    // with the stub engine (what it reads does not matter here), then chosen again and again.
    await stack.startWorkers(1, { WORKER_ENGINE: "stub" });
    const batches = options.smoke ? 1 : 4;
    const trials = options.smoke ? 5 : 25;
    const capture = await captureHitInChromium({ webUrl, file: (await uniquePngMaker())(2, 2 * 1024 * 1024), batches, trials });
    rows.push(
      row({
        bench: "dedup-hit",
        figure: "capture page: file read before, chosen again -> its result shown: p95",
        value: percentile(capture.hits, 95),
        unit: "ms",
        ceiling: { label: "same file: subtle.digest + IndexedDB get on the main thread, nothing drawn", value: percentile(capture.floor, 95) },
        goal: { op: "<=", target: 50, on: "value" },
        note: `2 MB PNG, ${capture.hits.length} choices over ${batches} page loads; p50 ${percentile(capture.hits, 50).toFixed(1)} ms, max ${Math.max(...capture.hits).toFixed(1)} ms (floor p50 ${percentile(capture.floor, 50).toFixed(1)} ms)`,
      }),
    );
  } finally {
    await stack.stop();
  }
  const idb = await idbHitInChromium({ lookups: options.smoke ? 20 : 500 });
  rows.push(
    row({
      bench: "dedup-hit",
      figure: "browser IndexedDB hit: p95",
      value: idb.p95,
      unit: "ms",
      ceiling: { label: "localStorage + JSON.parse, same record", value: idb.ceilingP95 },
      goal: { op: "<=", target: 5, on: "value" },
      note: `a ${Math.round(idb.recordBytes / 1024)} KB result looked up by SHA-256 among ${idb.entries} entries; p50 ${idb.p50.toFixed(2)} ms`,
    }),
  );
  return rows;
}

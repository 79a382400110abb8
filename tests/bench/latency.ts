/**
 * latency: on an idle system, from an upload's job row being committed (accepted) to a worker
 * starting it, on Redis; next to bare BullMQ's add -> processor start on the same Redis.
 */
import { createDb } from "@docvault/db";
import { startBenchStack } from "./support/bench-stack";
import { uploadHeaders } from "./support/bench-user";
import { rawPickupLatencies } from "./support/raw-bullmq";
import { uniquePngMaker } from "./support/unique-png";
import { upload } from "./support/upload";
import { percentile, row, type TBenchOptions, type TBenchRow } from "./bench-row";

export async function latencyBench(options: TBenchOptions): Promise<TBenchRow[]> {
  const samples = options.smoke ? 5 : 60;
  const stack = await startBenchStack({ backend: "redis", web: true, env: { UPLOAD_RATE_PER_MINUTE: "100000" } });
  const db = createDb(stack.databaseUrl);
  try {
    await stack.startWorkers(1, { WORKER_ENGINE: "stub", WORKER_CONCURRENCY: "4" });
    const webUrl = stack.webUrl ?? "";
    const auth = await uploadHeaders(stack.databaseUrl);
    const makePng = await uniquePngMaker();
    const latencies: number[] = [];
    for (let i = 0; i < samples + 3; i++) {
      const answer = await upload(webUrl, makePng(i), { filename: `l-${i}.png`, type: "image/png", headers: auth });
      if (answer.status !== 202 || !answer.json.jobId) throw new Error(`upload ${i} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
      const jobId = answer.json.jobId;
      for (;;) {
        const job = await db.extractionJob.findUnique({ where: { id: jobId }, select: { queuedAt: true, startedAt: true } });
        if (job?.startedAt) {
          if (i >= 3) latencies.push(job.startedAt.getTime() - job.queuedAt.getTime()); // first 3: warm-up
          break;
        }
        await new Promise((r) => setTimeout(r, 2));
      }
      await new Promise((r) => setTimeout(r, 50)); // idle between uploads
    }
    const raw = await rawPickupLatencies({ kind: "redis", url: stack.redisUrl ?? "" }, samples);
    return [
      row({
        bench: "latency",
        figure: "accepted -> worker start, p95 (Redis)",
        value: percentile(latencies, 95),
        unit: "ms",
        ceiling: { label: "bare BullMQ add -> start, p95", value: percentile(raw, 95) },
        goal: { op: "<=", target: 20, on: "value" },
        note: `${samples} uploads one at a time; p50 ${percentile(latencies, 50)} ms (job row committed to the worker's start mark, database clock)`,
      }),
    ];
  } finally {
    await db.$disconnect();
    await stack.stop();
  }
}

/**
 * memory: a ~50 MB photo streamed through the web server's upload route; the growth of the server's
 * resident memory (whole process tree, sampled every 10 ms) next to the file's size, the least a
 * server that buffered the upload would hold.
 */
import { createReadStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { startBenchStack } from "./support/bench-stack";
import { uploadHeaders } from "./support/bench-user";
import { sampleRss, treeRssMb } from "./support/process-memory";
import { upload } from "./support/upload";
import { noisePhoto } from "./validate";
import { row, type TBenchOptions, type TBenchRow } from "./bench-row";

export async function memoryBench(options: TBenchOptions): Promise<TBenchRow[]> {
  const megabytes = options.smoke ? 5 : 50;
  const stack = await startBenchStack({
    backend: "redis",
    web: true,
    env: { MAX_FILE_BYTES: String(200 * 1024 * 1024), UPLOAD_RATE_PER_MINUTE: "100000" },
  });
  try {
    const webUrl = stack.webUrl ?? "";
    const pid = stack.webPid ?? 0;
    const auth = await uploadHeaders(stack.databaseUrl);
    const photos = [await noisePhoto(megabytes), await noisePhoto(megabytes)];
    const paths = await Promise.all(
      photos.map(async (bytes, i) => {
        const path = join(stack.home, `big-${i}.jpg`);
        await writeFile(path, bytes);
        return path;
      }),
    );
    // Warm-up: the route's code loaded and its pools open before the baseline is taken.
    const warm = await upload(webUrl, await noisePhoto(0.2), { filename: "warm.jpg", type: "image/jpeg", headers: auth });
    if (warm.status !== 202) throw new Error(`the warm-up upload answered ${warm.status}: ${JSON.stringify(warm.json)}`);
    let growth = 0;
    for (const [i, path] of paths.entries()) {
      await new Promise((r) => setTimeout(r, 500));
      const baseline = treeRssMb(pid);
      const sampler = sampleRss(pid);
      const body = Readable.toWeb(createReadStream(path, { highWaterMark: 256 * 1024 })) as ReadableStream<Uint8Array>;
      const answer = await upload(webUrl, body, { filename: `big-${i}.jpg`, type: "image/jpeg", headers: auth });
      const peak = sampler.stop();
      if (answer.status !== 202) throw new Error(`the ${megabytes} MB upload answered ${answer.status}: ${JSON.stringify(answer.json)}`);
      growth = Math.max(growth, peak - baseline);
    }
    const size = (photos[0]?.length ?? 0) / 1024 / 1024;
    return [
      row({
        bench: "memory",
        figure: `${Math.round(size)} MB upload: server RSS growth`,
        value: growth,
        unit: "MB",
        ceiling: { label: "file size, what buffering holds", value: size },
        goal: { op: "<=", target: 30, on: "value" },
        note: "next start + the route, whole process tree, worst of 2 uploads",
      }),
    ];
  } finally {
    await stack.stop();
  }
}

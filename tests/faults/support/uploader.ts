/**
 * A client that behaves as the app's upload queue does: each document is sent until the server
 * accepts it, waiting as long as a 503's Retry-After asks. It records every answer, so the suite
 * can tell what the server said while a dependency was down.
 */
import { uniquePngMaker } from "../../bench/support/unique-png";
import { upload } from "../../bench/support/upload";

export type TUploadLog = {
  accepted: { serial: number; jobId: string; documentId: string }[];
  unavailableWithRetryAfter: number;
  /** 5xx answers other than a 503 with Retry-After: each is a defect. */
  otherServerErrors: { status: number; body: string }[];
  refused: { status: number; body: string }[];
};

export function startUploader(input: { webUrl: string; headers: Record<string, string>; count: number; intervalMs: number; firstSerial: number }) {
  const log: TUploadLog = { accepted: [], unavailableWithRetryAfter: 0, otherServerErrors: [], refused: [] };
  const sendOne = async (serial: number, makePng: (n: number) => Buffer) => {
    for (let attempt = 0; attempt < 200; attempt++) {
      let status = 0;
      let retryAfter: string | null = null;
      let json: Awaited<ReturnType<typeof upload>>["json"] = {};
      try {
        const answer = await upload(input.webUrl, makePng(serial), { filename: `fault-${serial}.png`, type: "image/png", headers: input.headers });
        status = answer.status;
        json = answer.json;
        retryAfter = answer.retryAfter;
      } catch {
        await new Promise((r) => setTimeout(r, 500)); // the connection failed: the page would retry
        continue;
      }
      if ((status === 202 || status === 200) && json.jobId && json.documentId) {
        log.accepted.push({ serial, jobId: json.jobId, documentId: json.documentId });
        return;
      }
      if (status === 503 && retryAfter) {
        log.unavailableWithRetryAfter++;
        await new Promise((r) => setTimeout(r, Math.min(Number(retryAfter) || 1, 3) * 1000));
        continue;
      }
      if (status >= 500) {
        log.otherServerErrors.push({ status, body: JSON.stringify(json).slice(0, 300) });
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      log.refused.push({ status, body: JSON.stringify(json).slice(0, 300) });
      return;
    }
  };
  const done = (async () => {
    const makePng = await uniquePngMaker();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < input.count; i++) {
      pending.push(sendOne(input.firstSerial + i, makePng));
      await new Promise((r) => setTimeout(r, input.intervalMs));
    }
    await Promise.all(pending);
    return log;
  })();
  return { log, done };
}

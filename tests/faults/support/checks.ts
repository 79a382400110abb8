/**
 * What must hold after every fault: each accepted upload ends completed (with the local reading
 * and its reason when an escalation failed for good), or failed with a reason, exactly once; nothing is lost or left processing; no file without a document, and none missing.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { createDb } from "@docvault/db";
import type { TUploadLog } from "./uploader";

export type TOutcome = {
  accepted: number;
  completed: number;
  failedWithReason: number;
  /** The reasons of the failed jobs, each once. */
  failedReasons: string[];
  /** Completed with the local reading because the escalation failed for good, its reason recorded. */
  keptLocal: number;
  lost: number;
  problems: string[];
};

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

export async function settleAndCheck(input: { databaseUrl: string; storageDir: string; log: TUploadLog; timeoutMs: number }): Promise<TOutcome> {
  const db = createDb(input.databaseUrl);
  const problems: string[] = [];
  const jobIds = input.log.accepted.map((a) => a.jobId);
  try {
    const deadline = Date.now() + input.timeoutMs;
    let open = jobIds.length;
    while (Date.now() < deadline) {
      open = await db.extractionJob.count({ where: { id: { in: jobIds }, status: { in: ["pending", "processing"] } } });
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    if (open > 0) problems.push(`${open} accepted jobs still pending or processing after ${input.timeoutMs / 1000} s`);
    const jobs = await db.extractionJob.findMany({
      where: { id: { in: jobIds } },
      select: { id: true, status: true, lastError: true, extraction: { select: { id: true, data: true } } },
    });
    const completed = jobs.filter((j) => j.status === "completed");
    const failed = jobs.filter((j) => j.status === "failed");
    const failedWithReason = failed.filter((j) => (j.lastError ?? "").trim().length > 0);
    if (failedWithReason.length < failed.length) problems.push(`${failed.length - failedWithReason.length} failed jobs have no reason`);
    const keptLocal = completed.filter((j) => {
      const reason = (j.extraction?.data as { keptLocal?: { reason?: unknown } } | undefined)?.keptLocal?.reason;
      return typeof reason === "string" && reason.trim().length > 0;
    });
    const withoutExtraction = completed.filter((j) => !j.extraction);
    if (withoutExtraction.length) problems.push(`${withoutExtraction.length} completed jobs have no extraction`);
    const extractions = await db.extraction.count({ where: { jobId: { in: jobIds } } });
    if (extractions !== completed.length) problems.push(`${extractions} extractions for ${completed.length} completed jobs`);
    const lost = jobIds.length - jobs.length;
    if (lost) problems.push(`${lost} accepted uploads have no job row`);
    const documents = await db.document.count();
    if (documents !== new Set(input.log.accepted.map((a) => a.documentId)).size) {
      problems.push(`${documents} documents in the database for ${input.log.accepted.length} accepted uploads`);
    }
    // Files: exactly the documents' files, nothing left in staging.
    const keys = new Set((await db.document.findMany({ select: { storageKey: true } })).map((d) => d.storageKey));
    const stored = new Set(filesUnder(join(input.storageDir, "sha256")).map((f) => relative(input.storageDir, f)));
    const orphans = [...stored].filter((k) => !keys.has(k));
    const missing = [...keys].filter((k) => !stored.has(k));
    if (orphans.length) problems.push(`${orphans.length} stored files belong to no document`);
    if (missing.length) problems.push(`${missing.length} documents have no stored file`);
    const staging = filesUnder(join(input.storageDir, "tmp"));
    if (staging.length) problems.push(`${staging.length} staging files left behind`);
    if (input.log.otherServerErrors.length) {
      problems.push(
        `${input.log.otherServerErrors.length} 5xx answers without Retry-After (first: ${input.log.otherServerErrors[0]?.status} ${input.log.otherServerErrors[0]?.body})`,
      );
    }
    if (input.log.refused.length)
      problems.push(`${input.log.refused.length} uploads refused (first: ${input.log.refused[0]?.status} ${input.log.refused[0]?.body})`);
    return {
      accepted: jobIds.length,
      completed: completed.length,
      failedWithReason: failedWithReason.length,
      failedReasons: [...new Set(failedWithReason.map((j) => (j.lastError ?? "").trim()))],
      keptLocal: keptLocal.length,
      lost: jobIds.length - completed.length - failedWithReason.length,
      problems,
    };
  } finally {
    await db.$disconnect();
  }
}

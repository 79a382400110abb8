import type { TDb } from "./client";

export type TDirectUploadRow = {
  id: string;
  ownerId: string;
  uploadId: string;
  stagingKey: string;
  s3UploadId: string;
  filename: string;
  declaredType: string | null;
  sizeBytes: bigint;
  sha256: string;
  partSize: number;
  priority: number | null;
  state: string;
  expiresAt: Date;
};

export type TNewDirectUpload = Omit<TDirectUploadRow, "id" | "state">;

/** A direct upload the owner started; another owner's (or a missing one) answers null. */
export function findDirectUpload(db: TDb, input: { id: string; ownerId: string }): Promise<TDirectUploadRow | null> {
  return db.directUpload.findFirst({ where: { id: input.id, ownerId: input.ownerId } });
}

/** The open direct upload this owner started under this upload id, if any (a retried start resumes it). */
export function findOpenDirectUpload(db: TDb, input: { ownerId: string; uploadId: string }): Promise<TDirectUploadRow | null> {
  return db.directUpload.findFirst({ where: { ownerId: input.ownerId, uploadId: input.uploadId, state: "open", expiresAt: { gt: new Date() } } });
}

export function createDirectUpload(db: TDb, input: TNewDirectUpload): Promise<TDirectUploadRow> {
  return db.directUpload.create({ data: input });
}

/**
 * Moves an open, unexpired upload to "finishing": exactly one of two concurrent finishes gets true
 * and reads the object; the other is told the upload is being finished.
 */
export async function claimDirectUpload(db: TDb, input: { id: string; ownerId: string }): Promise<boolean> {
  const { count } = await db.directUpload.updateMany({
    where: { id: input.id, ownerId: input.ownerId, state: "open", expiresAt: { gt: new Date() } },
    data: { state: "finishing" },
  });
  return count === 1;
}

export async function deleteDirectUpload(db: TDb, id: string): Promise<void> {
  await db.directUpload.deleteMany({ where: { id } });
}

/**
 * Direct uploads past their expiry (abandoned, finished and kept for replays, or a finish that
 * died half-way), oldest first.
 * A row being finished counts as abandoned only finishingGraceMs past its expiry.
 */
export function expiredDirectUploads(db: TDb, input: { now: Date; limit: number; finishingGraceMs: number }): Promise<TDirectUploadRow[]> {
  return db.directUpload.findMany({
    where: {
      OR: [
        { state: { in: ["open", "done"] }, expiresAt: { lt: input.now } },
        { state: "finishing", expiresAt: { lt: new Date(input.now.getTime() - input.finishingGraceMs) } },
      ],
    },
    orderBy: { expiresAt: "asc" },
    take: input.limit,
  });
}

/** After a finish recorded the document: kept (until its expiry) so a repeated finish answers alike. */
export async function markDirectUploadDone(db: TDb, id: string): Promise<void> {
  await db.directUpload.updateMany({ where: { id }, data: { state: "done" } });
}

import { AppError } from "@docvault/core";

/**
 * A browser shared by several people queues each file for the user who added it and names them
 * (X-Upload-User, or `queuedFor`): under anyone else's session the file is refused before a byte
 * is read or looked up, and waits on the device for its owner. One rule for every way in: POST
 * /api/upload, tus, direct-to-S3 and the known-file check.
 */
export function refuseIfQueuedForAnother(userId: string, queuedFor: string | null | undefined): void {
  const intended = queuedFor?.trim();
  if (!intended || intended === userId) return;
  throw new AppError(
    "WRONG_ACCOUNT",
    "This file was queued on this device for another account, so it was not sent. It is sent when that person signs in again.",
  );
}

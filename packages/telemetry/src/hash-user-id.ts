import { createHash } from "node:crypto";

/**
 * A stable pseudonym for a user id in logs, metrics labels and error reports: the same user gives
 * the same value (so reports can be grouped), but the id itself is never written out.
 */
export function hashUserId(userId: string): string {
  return `u_${createHash("sha256").update(`docvault-user:${userId}`).digest("hex").slice(0, 16)}`;
}

/**
 * Errors that say a dependency (PostgreSQL, storage, the queue) cannot be reached or written right
 * now, as opposed to a request that is wrong. The API answers those with 503 and Retry-After, so
 * clients (the app's upload queue, scripts) wait and send again instead of giving up.
 */
export const RETRY_AFTER_SECONDS = 5;

// Node network and filesystem error codes, PostgreSQL SQLSTATEs of class 08 (connection) and 57P
// (server shutting down or starting), and Prisma's connection codes.
const DOWN_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EACCES",
  "EPERM",
  "ENOSPC",
  "EROFS",
  "EDQUOT",
  "EMFILE",
  "ENFILE",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  // A transaction whose connection died with the server (Prisma), and the driver adapter's kinds.
  "P2028",
  "ConnectionClosed",
  "DatabaseNotReachable",
  "SocketTimeout",
  "TooManyConnections",
  "TransactionAlreadyClosed",
  "STORAGE_FAILED",
]);

const DOWN_MESSAGES =
  /Can't reach database server|Connection terminated|connection (?:is )?(?:closed|not open)|terminating connection|the database system is (?:shutting down|starting up|in recovery mode)|Server has closed the connection|Timed out fetching a new connection|Transaction (?:already closed|not found)|Client has encountered a connection error|socket hang up|ECONNREFUSED|ECONNRESET|EPIPE/i;

export function isDependencyDown(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const record = current as { code?: unknown; errno?: unknown; message?: unknown; cause?: unknown; kind?: unknown; originalCode?: unknown };
    for (const code of [record.code, record.originalCode, record.kind]) {
      if (typeof code === "string" && DOWN_CODES.has(code)) return true;
    }
    if (typeof record.message === "string" && DOWN_MESSAGES.test(record.message)) return true;
    current = record.cause;
  }
  return false;
}

import { batcherFor } from "./batch-calls";
import type { TDb } from "./client";

const publicFields = { id: true, url: true, events: true, createdAt: true } as const;

export async function createWebhook(db: TDb, input: { ownerId: string; url: string; secret: string; events: string[] }) {
  return db.webhook.create({ data: input, select: publicFields });
}

/** This owner's hooks, never their secrets. */
export async function listWebhooks(db: TDb, ownerId: string) {
  return db.webhook.findMany({ where: { ownerId }, orderBy: { createdAt: "asc" }, select: publicFields });
}

/** False when there is no such hook of this owner. */
export async function deleteWebhook(db: TDb, input: { id: string; ownerId: string }): Promise<boolean> {
  const { count } = await db.webhook.deleteMany({ where: { id: input.id, ownerId: input.ownerId } });
  return count === 1;
}

/**
 * The hooks that want this event for the document's owner. Asked for each job a worker finishes:
 * the questions asked together are one statement.
 */
export function webhooksForDocument(db: TDb, input: { documentId: string; event: string }): Promise<{ id: string }[]> {
  return batcherFor(db, `webhooks for ${input.event}`, (documentIds: string[]) => webhooksForDocuments(db, documentIds, input.event))(input.documentId);
}

async function webhooksForDocuments(db: TDb, documentIds: string[], event: string): Promise<{ id: string }[][]> {
  const rows = await db.$queryRaw<{ id: string; documentId: string }[]>`
    SELECT w.id::text, d.id::text AS "documentId" FROM documents d JOIN webhooks w ON w.owner_id = d.owner_id
    WHERE d.id = ANY(${documentIds}::uuid[]) AND ${event} = ANY(w.events)
    ORDER BY w.created_at, w.id`;
  return documentIds.map((documentId) => rows.filter((row) => row.documentId === documentId.toLowerCase()).map(({ id }) => ({ id })));
}

/** What one delivery needs: the hook (null when deleted since) and the job as it is now. */
export async function webhookDelivery(db: TDb, input: { webhookId: string; jobId: string }) {
  const hook = await db.webhook.findUnique({ where: { id: input.webhookId }, select: { id: true, url: true, secret: true, ownerId: true } });
  if (!hook) return null;
  const job = await db.extractionJob.findFirst({
    where: { id: input.jobId, document: { ownerId: hook.ownerId } },
    select: {
      id: true,
      documentId: true,
      status: true,
      lastError: true,
      finishedAt: true,
      document: { select: { originalFilename: true, detectedType: true } },
    },
  });
  return job ? { hook, job } : null;
}

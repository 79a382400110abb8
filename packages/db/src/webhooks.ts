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

/** The hooks that want this event for the document's owner. */
export async function webhooksForDocument(db: TDb, input: { documentId: string; event: string }) {
  return db.webhook.findMany({
    where: { events: { has: input.event }, owner: { documents: { some: { id: input.documentId } } } },
    select: { id: true },
  });
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

import { documentTypeDefinition, senderKeyRank, senderKeys } from "@docvault/core";
import type { TDb } from "./client";
import { structuredOf } from "./corrections";
import { Prisma } from "./generated/prisma/client";

/** The confidence of a value a person taught for this sender: surer than any reading, short of a person's own check. */
export const LEARNED_CONFIDENCE = 0.95;

type TTx = Prisma.TransactionClient | TDb;

/** The fields of a document type that name its sender (a receipt's merchant), which corrections teach. */
export const senderFieldsOf = (type: string): readonly string[] => documentTypeDefinition(type)?.senderFields ?? [];

/**
 * Remembers a person's correction of a sender field (a receipt's merchant, an invoice's issuer)
 * under every key that identifies the sender in the document's text. Returns how many keys it was
 * kept under (0: not a sender field, or a text that names no one).
 */
export async function learnSender(db: TDb, input: { ownerId: string; type: string; text: string; field: string; value: unknown }): Promise<number> {
  if (!senderFieldsOf(input.type).includes(input.field) || input.value === null || input.value === undefined) return 0;
  const keys = senderKeys(input.text);
  const value = input.value as Prisma.InputJsonValue;
  await db.$transaction(
    keys.map((key) =>
      db.senderMemory.upsert({
        where: { ownerId_key_field: { ownerId: input.ownerId, key, field: input.field } },
        create: { ownerId: input.ownerId, key, field: input.field, value },
        update: { value },
      }),
    ),
  );
  return keys.length;
}

/**
 * Forgets what was learned for this document's sender and field (under every key it was kept,
 * including those this document does not show, such as a header read differently), and takes the
 * learned value off this document: its own reading shows again. Returns how many keys were dropped.
 */
export async function forgetSender(db: TDb, input: { ownerId: string; extractionId: string; text: string; field: string }): Promise<number> {
  const keys = senderKeys(input.text);
  const matched = await db.senderMemory.findMany({ where: { ownerId: input.ownerId, field: input.field, key: { in: keys } }, select: { value: true } });
  const sameValue = matched.map((m) => ({ value: { equals: m.value as Prisma.InputJsonValue } }));
  const [forgotten] = await db.$transaction([
    db.senderMemory.deleteMany({ where: { ownerId: input.ownerId, field: input.field, OR: [{ key: { in: keys } }, ...sameValue] } }),
    db.fieldCorrection.deleteMany({ where: { extractionId: input.extractionId, field: input.field, action: "learned" } }),
  ]);
  return forgotten.count;
}

/**
 * Gives a just-completed extraction what its owner taught for its sender: for each sender field
 * with a remembered value (the most telling key wins, then the latest), a "learned" correction
 * row with the value read as the previous one. Corrections belong to the owner's extraction, so a
 * result reused for another account never carries them. A field a person already touched is left.
 */
export async function applyLearnedSender(
  tx: TTx,
  input: { extractionId: string; documentId: string; ownerId: string; data: unknown; text: string },
): Promise<number> {
  const structured = structuredOf(input.data);
  const fields = structured ? senderFieldsOf(structured.type) : [];
  if (!structured || fields.length === 0) return 0;
  const keys = senderKeys(input.text);
  if (keys.length === 0) return 0;
  const remembered = await tx.senderMemory.findMany({ where: { ownerId: input.ownerId, field: { in: [...fields] }, key: { in: keys } } });
  const touched = new Set(
    (await tx.fieldCorrection.findMany({ where: { extractionId: input.extractionId, field: { in: [...fields] } }, select: { field: true } })).map(
      (c) => c.field,
    ),
  );
  let applied = 0;
  for (const field of fields) {
    const best = remembered
      .filter((m) => m.field === field)
      .sort((a, b) => senderKeyRank(a.key) - senderKeyRank(b.key) || b.updatedAt.getTime() - a.updatedAt.getTime())[0];
    const read = structured.fields[field]?.value ?? null;
    if (!best || touched.has(field) || JSON.stringify(best.value) === JSON.stringify(read)) continue;
    await tx.fieldCorrection.create({
      data: {
        extractionId: input.extractionId,
        documentId: input.documentId,
        field,
        action: "learned",
        value: best.value as Prisma.InputJsonValue,
        previousValue: read === null ? Prisma.JsonNull : (read as Prisma.InputJsonValue),
        correctedById: input.ownerId,
      },
    });
    applied++;
  }
  return applied;
}

/** What is remembered for one owner, for a page that lists it. */
export async function listSenderMemories(db: TDb, ownerId: string) {
  return db.senderMemory.findMany({
    where: { ownerId },
    orderBy: [{ field: "asc" }, { key: "asc" }],
    select: { key: true, field: true, value: true, updatedAt: true },
  });
}

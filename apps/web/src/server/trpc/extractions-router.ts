import { z } from "zod";
import {
  AppError,
  documentTypeDefinition,
  ENGINE_TABLE,
  fieldLabel,
  fieldValueSchema,
  REQUIRED_FIELDS,
  REVIEW_THRESHOLD,
  ZDocumentTypeSchema,
  ZFieldSourceSchema,
  ZGroundingSchema,
  ZPageSchema,
  documentTypeLabel,
  sumCheck,
  type TEngineName,
} from "@docvault/core";
import {
  effectiveValue,
  forgetSender,
  getExtractionWithCorrections,
  LEARNED_CONFIDENCE,
  learnSender,
  recordCorrection,
  changeDocumentType,
  reviewQueue,
  undoCorrection,
  type TCorrection,
  type TStoredField,
} from "@docvault/db";
import { rest } from "./rest-meta";
import { createTRPCRouter, documentsReadProcedure, documentsWriteProcedure, type TUserContext } from "./trpc";

const ZCorrectionSchema = z.object({
  /** learned: given by the owner's correction of an earlier document from the same sender (correctedById is theirs); reverted: an undo back to the reading. */
  action: z.enum(["confirmed", "corrected", "learned", "reverted"]),
  value: z.unknown(),
  previousValue: z.unknown(),
  correctedById: z.uuid(),
  correctedAt: z.date(),
  /** An undo of an earlier change (its action and value are what the field went back to). */
  undo: z.boolean(),
});

const ZFieldViewSchema = z.object({
  name: z.string(),
  /** The field's name as a person reads it ("Amount due"), from its document type's registration. */
  label: z.string(),
  /** What search and export use: the latest correction's value, else the extracted one. */
  value: z.unknown(),
  extractedValue: z.unknown(),
  confidence: z.number(),
  source: ZFieldSourceSchema.catch(null),
  method: z.string(),
  /** For a language model's value: found among the page's words (the source is their box), only in its text, or nowhere (likely invented). */
  grounding: ZGroundingSchema.nullable(),
  required: z.boolean(),
  correction: ZCorrectionSchema.nullable(),
  /** Every change of the field, oldest first (an undo is a change too). */
  history: z.array(ZCorrectionSchema),
});

const ZExtractionViewSchema = z.object({
  documentId: z.uuid(),
  extractionId: z.uuid(),
  documentType: ZDocumentTypeSchema.nullable(),
  text: z.string(),
  confidence: z.number(),
  engines: z.array(z.string()),
  pipelineVersion: z.string(),
  createdAt: z.date(),
  /** Page sizes, so a source box can be drawn on the page image. */
  pages: z.array(z.object({ index: z.number(), width: z.number(), height: z.number() })),
  fields: z.array(ZFieldViewSchema),
  /** Why the escalation this document needed did not happen, when it did not (Mistral unavailable): the local reading was kept. */
  keptLocal: z.string().nullable(),
  /** When the document left this server for a paid engine: to whom (the engine's name), when, and what it cost in USD. */
  sentOut: z.object({ to: z.string(), at: z.date(), costUsd: z.number() }).nullable(),
  /** For a type with items: whether they add up (to the subtotal or net, the total, or the total less tax), with corrections applied. */
  sumCheck: z.object({ sum: z.string().nullable(), matches: z.enum(["subtotal", "total", "net"]).nullable(), difference: z.string().nullable() }).nullable(),
});

/** The items' sum check of a result, on the values as corrected; null for a type without items. */
function sumCheckOf(fields: { name: string; value: unknown }[]) {
  const value = (name: string) => fields.find((f) => f.name === name)?.value;
  const items = value("lineItems");
  if (!Array.isArray(items)) return null;
  const amount = (v: unknown) => (typeof v === "string" ? v : null);
  return sumCheck(
    items.map((item: unknown) => ({ amount: amount((item as { amount?: unknown } | null)?.amount) })),
    { subtotal: amount(value("net")), total: amount(value("total")), tax: amount(value("tax")) },
  );
}

/** The engines of a result that are not on this server (ENGINE_TABLE), and what they were paid. */
function sentOutOf(extraction: { enginesUsed: string[]; createdAt: Date; costUsd: unknown }) {
  const remote = extraction.enginesUsed.flatMap((name) => {
    const engine = Object.hasOwn(ENGINE_TABLE, name) ? ENGINE_TABLE[name as TEngineName] : undefined;
    return engine && !engine.local ? [engine.label] : [];
  });
  return remote.length ? { to: remote.join(", "), at: extraction.createdAt, costUsd: Number(extraction.costUsd) } : null;
}

const ZStoredViewSchema = z.object({
  pages: z.array(z.object({ index: z.number(), width: z.number(), height: z.number() })).catch([]),
  keptLocal: z.object({ reason: z.string() }).optional().catch(undefined),
});

const correctionView = (correction: TCorrection) => ({
  action: correction.action,
  value: correction.value,
  previousValue: correction.previousValue,
  correctedById: correction.correctedById,
  correctedAt: correction.createdAt,
  undo: Boolean(correction.undoesId),
});

function fieldView(type: string | undefined, name: string, field: TStoredField | undefined, correction: TCorrection | undefined, history: TCorrection[] = []) {
  const definition = type ? documentTypeDefinition(type) : undefined;
  return {
    name,
    label: type ? fieldLabel(type, name) : name,
    value: effectiveValue(field, correction),
    extractedValue: field?.value ?? null,
    confidence: correction?.action === "learned" ? LEARNED_CONFIDENCE : correction ? 1 : (field?.confidence ?? 0),
    source: (field?.source ?? null) as z.infer<typeof ZFieldSourceSchema>,
    method: correction?.action === "corrected" ? "human" : correction?.action === "learned" ? "learned" : (field?.method ?? "human"),
    grounding:
      correction?.action === "corrected" || correction?.action === "learned"
        ? null
        : ZGroundingSchema.nullable()
            .catch(null)
            .parse(field?.grounding ?? null),
    required: definition?.required.includes(name) ?? false,
    correction: correction ? correctionView(correction) : null,
    history: history.map(correctionView),
  };
}

/** One field as it stands now, read back with its history. */
async function reloadedField(ctx: TUserContext, documentId: string, name: string) {
  const { structured, corrections, history } = await loadResult(ctx, documentId);
  return fieldView(structured?.type, name, structured?.fields[name], corrections.get(name), history.get(name));
}

async function loadResult(ctx: TUserContext, documentId: string) {
  const found = await getExtractionWithCorrections(ctx.services.db, documentId, ctx.user.id);
  if (!found) throw new AppError("NOT_FOUND", "No finished result for this document (unknown id, or still being read).");
  return found;
}

export const extractionsRouter = createTRPCRouter({
  /** The document's result: every field with confidence, source box, and the corrected value when there is one. */
  get: documentsReadProcedure
    .meta(
      rest(
        "GET",
        "/documents/{documentId}/result",
        "results",
        "A document's result: every field with value, confidence, source box and correction",
        "404 until the job has completed.",
      ),
    )
    .input(z.object({ documentId: z.uuid() }))
    .output(ZExtractionViewSchema)
    .query(async ({ ctx, input }) => {
      const { extraction, structured, corrections, history } = await loadResult(ctx, input.documentId);
      const type = ZDocumentTypeSchema.safeParse(structured?.type);
      const stored = ZStoredViewSchema.parse(extraction.data);
      const fields = Object.entries(structured?.fields ?? {}).map(([name, field]) =>
        fieldView(structured?.type, name, field, corrections.get(name), history.get(name)),
      );
      return {
        documentId: extraction.documentId,
        extractionId: extraction.id,
        documentType: type.success ? type.data : null,
        text: extraction.text,
        confidence: extraction.confidence,
        engines: extraction.enginesUsed,
        pipelineVersion: extraction.pipelineVersion,
        createdAt: extraction.createdAt,
        pages: stored.pages.map(({ index, width, height }) => ({ index, width, height })),
        fields,
        keptLocal: stored.keptLocal?.reason ?? null,
        sentOut: sentOutOf(extraction),
        sumCheck: sumCheckOf(fields),
      };
    }),

  /**
   * A person confirms a field as read, or corrects it (the value is checked against the field's type).
   * Kept with who and when and the value before; search and export use it from then on.
   */
  correctField: documentsWriteProcedure
    .meta(rest("POST", "/documents/{documentId}/fields/{field}", "results", "Confirm a field as read, or correct it (checked against the field's type)"))
    // One object, not a union on action: REST takes documentId and field from the path, the rest from the body.
    .input(
      z.object({
        documentId: z.uuid(),
        field: z.string().min(1).max(100),
        action: z.enum(["confirm", "correct"]),
        /** The new value, for "correct" (null clears the field). */
        value: z.unknown().optional(),
      }),
    )
    .output(ZFieldViewSchema)
    .mutation(async ({ ctx, input }) => {
      const { extraction, structured, corrections, history } = await loadResult(ctx, input.documentId);
      const type = ZDocumentTypeSchema.safeParse(structured?.type);
      if (!structured || !type.success) throw new AppError("BAD_REQUEST", "This document has no typed fields to correct.");
      const schema = fieldValueSchema(type.data, input.field);
      if (!schema || !Object.hasOwn(structured.fields, input.field)) {
        throw new AppError("BAD_REQUEST", `A ${type.data.replace("_", " ")} has no field "${input.field}".`);
      }
      const field = structured.fields[input.field];
      const previousValue = effectiveValue(field, corrections.get(input.field));
      let value = previousValue;
      if (input.action === "correct") {
        const parsed = schema.safeParse(input.value === undefined ? null : input.value);
        if (!parsed.success) {
          throw new AppError("BAD_REQUEST", `That is not a valid ${input.field}: ${parsed.error.issues[0]?.message ?? "wrong type"}.`);
        }
        value = parsed.data;
      }
      const saved = await recordCorrection(ctx.services.db, {
        extractionId: extraction.id,
        documentId: extraction.documentId,
        field: input.field,
        action: input.action === "confirm" ? "confirmed" : "corrected",
        value,
        previousValue,
        correctedById: ctx.user.id,
      });
      const correction: TCorrection = {
        action: input.action === "confirm" ? "confirmed" : "corrected",
        value,
        previousValue,
        correctedById: ctx.user.id,
        createdAt: saved.createdAt,
      };
      // A corrected sender (merchant, issuer) is remembered for this user's next documents from it.
      if (input.action === "correct") {
        await learnSender(ctx.services.db, { ownerId: ctx.user.id, type: type.data, text: extraction.text, field: input.field, value });
      }
      return fieldView(type.data, input.field, field, correction, [...(history.get(input.field) ?? []), correction]);
    }),

  /**
   * Forgets what this user taught for this document's sender and field: later documents from it are
   * read as they are again, and this one shows its own reading.
   */
  forgetLearned: documentsWriteProcedure
    .meta(rest("DELETE", "/documents/{documentId}/fields/{field}/learned", "results", "Forget the value remembered for this document's sender"))
    .input(z.object({ documentId: z.uuid(), field: z.string().min(1).max(100) }))
    .output(z.object({ forgottenKeys: z.number().int(), field: ZFieldViewSchema }))
    .mutation(async ({ ctx, input }) => {
      const { extraction } = await loadResult(ctx, input.documentId);
      const forgottenKeys = await forgetSender(ctx.services.db, {
        ownerId: ctx.user.id,
        extractionId: extraction.id,
        text: extraction.text,
        field: input.field,
      });
      return { forgottenKeys, field: await reloadedField(ctx, input.documentId, input.field) };
    }),

  /**
   * Undoes the latest change of a field still in force (a correction, a confirmation, a learned
   * value), as a change of its own; repeated, it walks back to the reading. The history keeps everything.
   */
  undo: documentsWriteProcedure
    .meta(rest("POST", "/documents/{documentId}/fields/{field}/undo", "results", "Undo the latest change of a field (kept in its history)"))
    .input(z.object({ documentId: z.uuid(), field: z.string().min(1).max(100) }))
    .output(ZFieldViewSchema)
    .mutation(async ({ ctx, input }) => {
      const { extraction, structured } = await loadResult(ctx, input.documentId);
      const undone = await undoCorrection(ctx.services.db, {
        extractionId: extraction.id,
        documentId: extraction.documentId,
        field: input.field,
        extractedValue: structured?.fields[input.field]?.value ?? null,
        userId: ctx.user.id,
      });
      if (!undone) throw new AppError("BAD_REQUEST", `The field "${input.field}" was never changed: there is nothing to undo.`);
      return reloadedField(ctx, input.documentId, input.field);
    }),

  /**
   * A person corrects the document's type: the new type's structurer reads the stored pages again
   * (nothing is uploaded or OCR'd again), the person's corrections of fields the types share stay,
   * and the change is kept in the history.
   */
  changeType: documentsWriteProcedure
    .meta(rest("POST", "/documents/{documentId}/type", "results", "Correct the document's type; its fields are read again for that type"))
    .input(z.object({ documentId: z.uuid(), type: ZDocumentTypeSchema }))
    .output(z.object({ documentType: ZDocumentTypeSchema, fields: z.array(ZFieldViewSchema) }))
    .mutation(async ({ ctx, input }) => {
      const { extraction, structured } = await loadResult(ctx, input.documentId);
      const definition = documentTypeDefinition(input.type);
      if (structured?.type === input.type) throw new AppError("BAD_REQUEST", `This document is already a ${documentTypeLabel(input.type).toLowerCase()}.`);
      if (!definition?.structure) {
        throw new AppError(
          "BAD_REQUEST",
          `A ${documentTypeLabel(input.type).toLowerCase()} is read from its machine-readable zone or barcode, not from its words: upload a photo of it.`,
        );
      }
      const pages = z
        .array(ZPageSchema)
        .catch([])
        .parse((extraction.data as { pages?: unknown } | null)?.pages);
      await changeDocumentType(ctx.services.db, {
        extractionId: extraction.id,
        documentId: extraction.documentId,
        data: extraction.data,
        document: definition.structure(pages),
        previousType: structured?.type ?? "other",
        userId: ctx.user.id,
      });
      const reloaded = await loadResult(ctx, input.documentId);
      return {
        documentType: input.type,
        fields: Object.entries(reloaded.structured?.fields ?? {}).map(([name, field]) =>
          fieldView(input.type, name, field, reloaded.corrections.get(name), reloaded.history.get(name)),
        ),
      };
    }),

  /** This user's documents with fields a person should look at, newest first. */
  reviewQueue: documentsReadProcedure
    .meta(rest("GET", "/review-queue", "results", "Documents with unsure or missing required fields nobody has looked at yet"))
    .input(
      z
        .object({
          threshold: z.number().min(0).max(1).default(REVIEW_THRESHOLD),
          limit: z.number().int().min(1).max(100).default(50),
          offset: z.number().int().min(0).default(0),
        })
        .optional(),
    )
    .output(z.array(z.object({ documentId: z.uuid(), filename: z.string(), documentType: z.string(), createdAt: z.date(), fields: z.array(z.string()) })))
    .query(({ ctx, input }) =>
      ctx.services.reads.read(
        (db) =>
          reviewQueue(db, {
            ownerId: ctx.user.id,
            threshold: input?.threshold ?? REVIEW_THRESHOLD,
            requiredFields: REQUIRED_FIELDS,
            limit: input?.limit ?? 50,
            offset: input?.offset ?? 0,
          }),
        { userId: ctx.user.id },
      ),
    ),
});

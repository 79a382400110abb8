import { z } from "zod";
import { documentTypeLabel, ZDocumentTypeSchema, ZStructuredDocumentSchema, type TDocumentType, type TStructuredDocument } from "../documents/schemas";
import type { TClassification } from "../documents/classify-document";
import { ZExtractionResultSchema, type TEngineName, type TExtractionResult, type TPage } from "../extraction/extraction-result";

/** A barcode found on the document, as decoded (AAMVA payloads keep their control characters). */
export type TBarcode = { format: "PDF417"; text: string; page: number };

/** What the local pipeline (and an escalation after it) yields for one document. */
export type TAnalysis = TExtractionResult & {
  classification: TClassification;
  document: TStructuredDocument;
  barcodes: TBarcode[];
  /** Optional readers that failed on this input; the document was read without them. */
  warnings: string[];
  /** An escalation was wanted but could not happen (Mistral down for good, refused, over budget): the local reading was kept, and why. */
  keptLocal?: { reason: string };
  /** The perceptual hash of the first page (see pageHash), to find near-duplicates; absent when it could not be taken. */
  pageHash?: string;
};

/** The stored form of an analysis (an Extraction row's `data`), checked when it is read back. */
export const ZAnalysisSchema = ZExtractionResultSchema.extend({
  classification: z.object({ type: ZDocumentTypeSchema, confidence: z.number().min(0).max(1) }),
  document: ZStructuredDocumentSchema,
  barcodes: z.array(z.object({ format: z.literal("PDF417"), text: z.string(), page: z.number().int().min(0) })),
  warnings: z.array(z.string()),
  keptLocal: z.object({ reason: z.string() }).optional(),
  pageHash: z.string().max(256).optional(),
});

/** A stored analysis read back, or null when it is not one (written by an older pipeline, or damaged). */
export function parseStoredAnalysis(data: unknown): TAnalysis | null {
  const parsed = ZAnalysisSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/** What an escalation brings back: which engine read, its document, text and bill. */
export type TRemoteReading = { engine: TEngineName; document: TStructuredDocument; pages: TPage[]; text: string; pagesBilled: number; costUsd: number };

/**
 * The local analysis with a remote engine's reading over it: the remote document's fields, the
 * local pages and text where there are any (they carry the boxes), the remote bill.
 */
export function withRemoteReading(local: TAnalysis, remote: TRemoteReading): TAnalysis {
  const sameType = remote.document.type === local.classification.type;
  return {
    ...local,
    engines: [...local.engines, remote.engine],
    document: remote.document,
    classification: { type: remote.document.type, confidence: sameType ? local.classification.confidence : 0.8 },
    pages: local.pages.length ? local.pages : remote.pages,
    text: local.text.trim() ? local.text : remote.text,
    pagesBilled: remote.pagesBilled,
    costUsd: remote.costUsd,
  };
}

/**
 * The local analysis kept where an escalation was wanted and did not happen: the document completes
 * with what the local engines read (its unsure fields still go to review), and says why.
 */
export function keptOnServer(local: TAnalysis, reason: string): TAnalysis {
  return { ...local, keptLocal: { reason: reason.slice(0, 500) } };
}

/** The local analysis kept when its escalation failed for good (retries spent, a refusal that cannot change). */
export const withLocalReading = (local: TAnalysis, failure: string, engine: "mistral" | "llm" = "mistral"): TAnalysis =>
  keptOnServer(local, `${engine === "mistral" ? "Mistral" : "The language model"} unavailable: kept the local reading. ${failure}`);

/**
 * The type that keeps a document on this server, when escalation is limited to `allowed` types
 * (ESCALATE_TYPES): the type its words said as well as the one structured, so a passport whose
 * MRZ failed (structured as "other") still stays. Undefined when it may be sent.
 */
export function typeKeptOnServer(analysis: TAnalysis, allowed: readonly TDocumentType[]): TDocumentType | undefined {
  return [analysis.classification.type, analysis.document.type].find((type) => !allowed.includes(type));
}

/** The local analysis of a document whose type may not leave the server, saying so. */
export const keptByPolicy = (local: TAnalysis, type: TDocumentType): TAnalysis =>
  keptOnServer(local, `Not sent out of this server: ${documentTypeLabel(type)} is not among the types that may be (ESCALATE_TYPES).`);

import type { inferRouterOutputs } from "@trpc/server";
import type { TAppRouter } from "~/server/trpc/root";
import { valueText, type TFieldView, type TResultView } from "./result-view";

type TOutputs = inferRouterOutputs<TAppRouter>;
export type TDocumentOutput = TOutputs["documents"]["get"];
export type TExtractionOutput = TOutputs["extractions"]["get"];
export type TExtractionFieldOutput = TExtractionOutput["fields"][number];

/** One field of extractions.get as the page shows it (value as text, its box, whether a person has checked it). */
export function toFieldView(field: TExtractionFieldOutput): TFieldView {
  return {
    key: field.name,
    label: field.label,
    value: valueText(field.value),
    confidence: field.confidence,
    page: field.source?.page ?? null,
    bbox: field.source?.bbox ?? null,
    method: field.method,
    notOnPage: field.grounding === "none",
    learned: field.correction?.action === "learned",
    history: field.history.map((h) => ({
      action: h.action,
      from: valueText(h.previousValue),
      to: valueText(h.value),
      at: h.correctedAt.toISOString(),
      undo: h.undo,
    })),
    reviewed: field.correction !== null && field.correction.action !== "learned",
  };
}

/**
 * The result view of a document: status and text from documents.get, fields, boxes and page sizes
 * from extractions.get once the document has been read.
 */
export function toResultView(doc: TDocumentOutput, extraction?: TExtractionOutput | null): TResultView {
  return {
    documentId: doc.id,
    filename: doc.filename,
    mimeType: doc.mimeType,
    createdAt: doc.createdAt.toISOString(),
    status: doc.job?.status ?? "none",
    documentType: extraction?.documentType ?? null,
    text: doc.extraction?.text ?? extraction?.text ?? "",
    confidence: doc.extraction?.confidence ?? extraction?.confidence ?? 0,
    engines: doc.extraction?.engines ?? extraction?.engines ?? [],
    keptLocal: extraction?.keptLocal ?? null,
    sentOut: extraction?.sentOut ? { ...extraction.sentOut, at: extraction.sentOut.at.toISOString() } : null,
    fields: extraction?.fields.map(toFieldView) ?? [],
    pages: extraction?.pages ?? [],
    sumCheck: extraction?.sumCheck ?? null,
  };
}

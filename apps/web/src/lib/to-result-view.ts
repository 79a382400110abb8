import type { inferRouterOutputs } from "@trpc/server";
import type { TAppRouter } from "~/server/trpc/root";
import type { TResultView } from "./result-view";

export type TDocumentOutput = inferRouterOutputs<TAppRouter>["documents"]["get"];

/** The result view of a document as documents.get returns it (text and status; fields come from extractions). */
export function toResultView(doc: TDocumentOutput): TResultView {
  return {
    documentId: doc.id,
    filename: doc.filename,
    mimeType: doc.mimeType,
    createdAt: doc.createdAt.toISOString(),
    status: doc.job?.status ?? "none",
    documentType: null,
    text: doc.extraction?.text ?? "",
    confidence: doc.extraction?.confidence ?? 0,
    engines: doc.extraction?.engines ?? [],
    fields: [],
    pages: [],
  };
}

import type { TPdfDocument } from "../engines/pdfjs";

/** What a PDF carries besides pages: reported so the UI can warn, never executed or extracted. */
export type TPdfActiveContent = { hasJavaScript: boolean; hasEmbeddedFiles: boolean };

/**
 * Looks for JavaScript and embedded files through pdfjs (document-level scripts, form field
 * actions, the EmbeddedFiles name tree) and in the raw bytes, which also catches scripts in page
 * annotations outside object streams and any embedded file stream (streams are never compressed
 * into object streams). A script in a page annotation inside an object stream can go unflagged:
 * finding it would mean loading every page.
 */
export async function detectActiveContent(doc: TPdfDocument, bytes: Uint8Array): Promise<TPdfActiveContent> {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [jsActions, fieldScripts, attachments] = await Promise.all([doc.getJSActions(), doc.hasJSActions(), doc.getAttachments()]);
  const hasJavaScript = jsActions !== null || fieldScripts || hasName(raw, "/JavaScript") || hasName(raw, "/JS");
  const hasEmbeddedFiles = isNonEmpty(attachments) || hasName(raw, "/EmbeddedFile");
  return { hasJavaScript, hasEmbeddedFiles };
}

const isNonEmpty = (value: unknown): boolean => typeof value === "object" && value !== null && Object.keys(value).length > 0;

// A PDF name ends at whitespace or a delimiter; anything else means a longer name (/JSON is not /JS).
const NAME_END = new Set(Array.from("\0\t\n\f\r ()<>[]{}/%", (c) => c.charCodeAt(0)));

function hasName(raw: Buffer, name: string): boolean {
  for (let at = raw.indexOf(name, 0, "latin1"); at !== -1; at = raw.indexOf(name, at + 1, "latin1")) {
    const next = raw[at + name.length];
    if (next === undefined || NAME_END.has(next)) return true;
  }
  return false;
}

import { invoiceFromCii, MAX_E_INVOICE_BYTES } from "../../documents/types/invoice/e-invoice";
import type { TInvoice } from "../../documents/types/invoice/invoice-type";
import { openPdf } from "./pdfjs";

/** The names ZUGFeRD, Factur-X and XRechnung give the XML they embed; any other XML attachment is tried after them. */
const E_INVOICE_NAMES = /^(factur-x|zugferd-invoice|xrechnung|zugferd)\.xml$/i;

type TAttachment = { filename?: string; content?: Uint8Array };

/**
 * The invoice a hybrid e-invoice PDF (ZUGFeRD, Factur-X) carries as an XML attachment, or null
 * when it carries none (most PDFs) or none that reads as a Cross Industry Invoice. A PDF pdfjs
 * cannot open has no e-invoice to give: its reading fails elsewhere with its own message.
 */
export async function readEmbeddedInvoice(bytes: Uint8Array): Promise<TInvoice | null> {
  const pdf = await openPdf(bytes).catch(() => null);
  if (!pdf) return null;
  try {
    const attachments = Object.values(((await pdf.getAttachments()) ?? {}) as Record<string, TAttachment>);
    const xml = attachments
      .filter((a) => a.content && a.content.byteLength <= MAX_E_INVOICE_BYTES && /\.xml$/i.test(a.filename ?? ""))
      .sort((a, b) => Number(E_INVOICE_NAMES.test(b.filename ?? "")) - Number(E_INVOICE_NAMES.test(a.filename ?? "")));
    for (const attachment of xml) {
      const invoice = invoiceFromCii(new TextDecoder().decode(attachment.content));
      if (invoice) return invoice;
    }
    return null;
  } catch {
    return null;
  } finally {
    await pdf.destroy();
  }
}

import bwipjs from "bwip-js/node";
import { PDFDocument, StandardFonts } from "pdf-lib";
import sharp from "sharp";
import { buildAamvaPayload } from "../../src/documents/aamva/build-aamva-payload";
import { renderTextImage } from "../fixtures";
import { SAMPLE_LICENCE_ELEMENTS } from "../fixtures";

/** A valid document the mutators start from; `kind` picks the format-aware mutations. */
export type TByteSeed = { name: string; kind: "pdf" | "png" | "jpeg" | "webp" | "tiff"; bytes: Uint8Array };

export type TSeedCorpus = {
  /** PDFs and images, all valid; images are small so the few that reach OCR stay cheap. */
  files: TByteSeed[];
  aamva: string[];
  mrz: string[];
  /** Page texts (lines joined by "\n") of receipts, invoices and identity pages. */
  pageTexts: string[];
};

export const RECEIPT_LINES = [
  "CORNER GROCERY SDN BHD",
  "12 JALAN BUNGA, 50000 KUALA LUMPUR",
  "DATE: 12/03/2024 14:05",
  "MILK 1L            4.50",
  "BREAD              3.20",
  "TOTAL RM           7.70",
  "CASH              10.00",
  "CHANGE             2.30",
];

export const INVOICE_LINES = [
  "ACME SUPPLIES LTD",
  "INVOICE",
  "Invoice number: INV-2024-0042",
  "Invoice date: 2024-03-12   Due date: 2024-04-11",
  "Bill to: Example GmbH, Hauptstrasse 1, 10115 Berlin",
  "Widgets  10 x 12.00   120.00",
  "Subtotal EUR 120.00",
  "VAT 19%  EUR 22.80",
  "Total due EUR 142.80",
];

export const MRZ_SEEDS = [
  "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
  "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
  "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6",
  "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<",
  "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<",
  "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<1008128<2702283<<<<<<<<<<<<<<<4",
  "IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n8806923102858CORINNE<<<<<<<6512068F6",
];

export const AAMVA_SEEDS = [
  buildAamvaPayload({ issuerId: "636014", aamvaVersion: 9, jurisdictionVersion: 0, elements: SAMPLE_LICENCE_ELEMENTS }),
  buildAamvaPayload({
    issuerId: "636026",
    aamvaVersion: 1,
    subfileType: "ID",
    elements: [
      ["DAA", "DOE,JOHN,Q"],
      ["DBB", "19800101"],
      ["DAQ", "X123"],
      ["DAK", "85001"],
    ],
  }),
  buildAamvaPayload({
    issuerId: "636012",
    aamvaVersion: 10,
    jurisdictionVersion: 1,
    elements: SAMPLE_LICENCE_ELEMENTS.slice(0, 8),
    jurisdictionSubfile: {
      type: "ZO",
      elements: [
        ["ZOA", "Y"],
        ["ZOB", "12"],
      ],
    },
  }),
];

// pdf-lib stamps creation dates unless told not to: fixed bytes keep a seed's mutations replayable.
async function textPdf(pages: string[][], useObjectStreams: boolean): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 24, size: 16, font }));
  }
  return pdf.save({ useObjectStreams });
}

async function scannedPdf(png: Uint8Array): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const image = await pdf.embedPng(png);
  const page = pdf.addPage([image.width / 2, image.height / 2]);
  page.drawImage(image, { x: 0, y: 0, width: image.width / 2, height: image.height / 2 });
  return pdf.save({ useObjectStreams: false });
}

function pdf417Png(text: string): Promise<Buffer> {
  // binarytext keeps LF/RS/CR as bytes in the symbol, as on a real licence.
  return bwipjs.toBuffer({ bcid: "pdf417", text, binarytext: true, scale: 2, paddingwidth: 10, paddingheight: 10, backgroundcolor: "FFFFFF" });
}

/** Builds the seed corpus; deterministic, so a (seed, target, index) triple names one input for good. */
export async function buildSeedCorpus(): Promise<TSeedCorpus> {
  const receiptPng = await renderTextImage(RECEIPT_LINES.slice(0, 5), { fontSize: 20, width: 480 });
  const receiptJpeg = await renderTextImage(RECEIPT_LINES.slice(0, 5), { fontSize: 20, width: 480, format: "jpeg" });
  const mrzPng = await renderTextImage((MRZ_SEEDS[0] ?? "").split("\n"), { fontSize: 18, width: 560 });
  const barcode = await pdf417Png(AAMVA_SEEDS[0] ?? "");
  const files: TByteSeed[] = [
    { name: "receipt-pdf", kind: "pdf", bytes: await textPdf([RECEIPT_LINES], false) },
    { name: "invoice-pdf-2p", kind: "pdf", bytes: await textPdf([INVOICE_LINES, RECEIPT_LINES], true) },
    { name: "scanned-pdf", kind: "pdf", bytes: await scannedPdf(receiptPng) },
    { name: "receipt-png", kind: "png", bytes: receiptPng },
    { name: "receipt-jpeg", kind: "jpeg", bytes: receiptJpeg },
    { name: "mrz-png", kind: "png", bytes: mrzPng },
    { name: "pdf417-png", kind: "png", bytes: barcode },
    { name: "receipt-webp", kind: "webp", bytes: await sharp(receiptPng).webp({ quality: 60 }).toBuffer() },
    { name: "receipt-tiff", kind: "tiff", bytes: await sharp(receiptPng).tiff({ compression: "lzw" }).toBuffer() },
    { name: "pdf417-jpeg", kind: "jpeg", bytes: await sharp(barcode).jpeg({ quality: 85 }).toBuffer() },
  ];
  return {
    // Plain copies: Buffer#slice is a view, so a mutator copying with slice() would otherwise edit the seed itself.
    files: files.map((f) => ({ ...f, bytes: new Uint8Array(f.bytes) })),
    aamva: AAMVA_SEEDS,
    mrz: MRZ_SEEDS,
    pageTexts: [RECEIPT_LINES.join("\n"), INVOICE_LINES.join("\n"), `PASSPORT UTOPIA\n${MRZ_SEEDS[0] ?? ""}`],
  };
}

import bwipjs from "bwip-js/node";
import { afterAll, describe, expect, it } from "vitest";
import { buildAamvaPayload } from "../documents/aamva/build-aamva-payload";
import { PDFDocument } from "pdf-lib";
import { makeTextPdf, renderLicenceBack, renderTextImage } from "../../testing/fixtures";
import { ciiInvoiceXml } from "../../testing/e-invoice-xml";
import { makeWarpedPhoto } from "../../testing/warped-photos";
import { analyzeDocument, type TIdentityReaders } from "./analyze-document";
import type { TProgress } from "./extract-document";
import { stopLocalOcr } from "./engines/local-ocr";
import { identityReaders, stopIdentityReaders } from "./identity-readers";

afterAll(async () => {
  await stopLocalOcr();
  await stopIdentityReaders();
});

const licencePayload = buildAamvaPayload({
  issuerId: "636014",
  aamvaVersion: 9,
  jurisdictionVersion: 0,
  elements: [
    ["DAQ", "D7654321"],
    ["DCS", "OKAFOR"],
    ["DAC", "ADA"],
    ["DBB", "03121990"],
    ["DBA", "03122030"],
    ["DAJ", "CA"],
  ],
});

/** A PDF with a text layer and an XML attachment, as a hybrid e-invoice carries one. */
async function pdfWithAttachment(lines: string[], xml: string, name: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(await makeTextPdf([lines]));
  await pdf.attach(new TextEncoder().encode(xml), name, { mimeType: "text/xml", description: "e-invoice" });
  return pdf.save();
}

describe("analyzeDocument: hybrid e-invoices (ZUGFeRD, Factur-X)", () => {
  const invoice = {
    number: "FX-2024-117",
    date: "2024-10-14",
    seller: "Atelier Lumière SARL",
    vatId: "FR32123456789",
    net: "100.00",
    tax: "20.00",
    total: "120.00",
  };

  it("takes the invoice's fields from the XML it carries, over what the print says, and keeps the pages", async () => {
    // The print differs from the XML on purpose: the XML's values are the ones read.
    const pdf = await pdfWithAttachment(["Atelier Lumiere", "Facture n° 999", "Total TTC 999,00 EUR"], ciiInvoiceXml(invoice), "factur-x.xml");
    const analysis = await analyzeDocument({ bytes: pdf, type: "application/pdf" });
    expect(analysis.engines).toEqual(["e-invoice", "pdf-text"]);
    expect(analysis.document.type).toBe("invoice");
    expect(analysis.document.fields).toMatchObject({
      invoiceNumber: { value: "FX-2024-117", method: "e-invoice", confidence: 0.99 },
      total: { value: "120.00", method: "e-invoice" },
      issuer: { value: "Atelier Lumière SARL" },
    });
    expect(analysis.pages[0]?.text).toContain("Facture n° 999");
  });

  it("reads the print as ever when the PDF carries another XML, or an e-invoice's name on XML that is none", async () => {
    for (const [xml, name] of [
      ["<order><id>1</id></order>", "order.xml"],
      ["<not-an-invoice/>", "factur-x.xml"],
    ]) {
      const pdf = await pdfWithAttachment(["Atelier Lumiere SARL", "Facture n° 999", "Total TTC 999,00 EUR"], xml as string, name as string);
      const analysis = await analyzeDocument({ bytes: pdf, type: "application/pdf" });
      expect(analysis.engines).toEqual(["pdf-text"]);
      expect(analysis.document.fields).toMatchObject({ invoiceNumber: { value: "999", method: "ocr-rules" }, total: { value: "999.00" } });
    }
  });
});

describe("analyzeDocument", () => {
  it("reads the back of a driver's licence from its PDF417 alone: the OCR begun beside it is abandoned", async () => {
    const photo = await bwipjs.toBuffer({
      bcid: "pdf417",
      text: licencePayload,
      binarytext: true,
      scale: 2,
      paddingwidth: 10,
      paddingheight: 10,
      backgroundcolor: "FFFFFF",
    });
    const analysis = await analyzeDocument({ bytes: photo, type: "image/png", readers: identityReaders });
    expect(analysis.document.type).toBe("drivers_license");
    expect(analysis.engines).toEqual(["pdf417"]);
    expect(analysis.warnings).toEqual([]);
  });

  it("starts reading a receipt while the barcode search is still looking, and the receipt is read when it finds nothing", async () => {
    const receipt = await renderTextImage(["CORNER BAKERY", "12 MAIN STREET", "BREAD 3.50", "TOTAL 3.50"], { format: "png" });
    const steps: TProgress["step"][] = [];
    let ocrStarted: () => void = () => undefined;
    const started = new Promise<"ocr started">((resolve) => (ocrStarted = () => resolve("ocr started")));
    let seenByBarcodeSearch = "";
    const readers: TIdentityReaders = {
      // A barcode search that only ends once the OCR has begun (or gives up after 20 s): were the two
      // run one after the other, it would see nothing.
      readBarcodes: async () => {
        seenByBarcodeSearch = await Promise.race([started, new Promise<string>((resolve) => setTimeout(() => resolve("waited 20 s"), 20_000))]);
        return [];
      },
    };
    const analysis = await analyzeDocument({
      bytes: receipt,
      type: "image/png",
      readers,
      onProgress: ({ step }) => {
        steps.push(step);
        if (step === "ocr") ocrStarted();
      },
    });
    expect(seenByBarcodeSearch).toBe("ocr started");
    expect(steps).toContain("done");
    expect(analysis.engines[0]).toBe("pdf417");
    expect(analysis.document.type).toBe("receipt");
    expect(analysis.text).toContain("BAKERY");
  }, 60_000);

  it("reads the back of a licence photographed at an angle on a table: after the OCR, its card is warped flat and searched again", async () => {
    // Keystoned and turned 17 degrees on cloth: neither the photo nor its straightened view gives the barcode.
    const photo = await makeWarpedPhoto(await renderLicenceBack(), 7);
    const calls: ({ flattened?: boolean } | undefined)[] = [];
    const readers: TIdentityReaders = {
      ...identityReaders,
      readBarcodes: (image, options) => {
        calls.push(options);
        return identityReaders.readBarcodes?.(image, options) ?? Promise.resolve([]);
      },
    };
    const analysis = await analyzeDocument({ bytes: photo.bytes, type: "image/jpeg", readers });
    expect(calls).toEqual([undefined, { flattened: true }]);
    expect(analysis.document.type).toBe("drivers_license");
    expect((analysis.document.fields as Record<string, { value: unknown }>).licenseNumber?.value).toBe("D1234562");
    expect(analysis.engines).toContain("pdf417");
    expect(analysis.warnings).toEqual([]);
  }, 120_000);

  it("does not search a receipt for a licence's barcode a second time", async () => {
    const receipt = await renderTextImage(["CORNER BAKERY", "12 MAIN STREET", "BREAD 3.50", "TOTAL 3.50"], { format: "png" });
    const calls: ({ flattened?: boolean } | undefined)[] = [];
    const readers: TIdentityReaders = {
      readBarcodes: async (_image, options) => {
        calls.push(options);
        return [];
      },
    };
    const analysis = await analyzeDocument({ bytes: receipt, type: "image/png", readers });
    expect(analysis.document.type).toBe("receipt");
    expect(calls).toEqual([undefined]);
  }, 60_000);

  it("keeps reading when the barcode search fails, and says so", async () => {
    const receipt = await renderTextImage(["CORNER BAKERY", "TOTAL 3.50"], { format: "png" });
    const readers: TIdentityReaders = {
      readBarcodes: () => Promise.reject(new Error("decoder crashed")),
    };
    const analysis = await analyzeDocument({ bytes: receipt, type: "image/png", readers });
    expect(analysis.warnings).toEqual(["pdf417: Error decoder crashed"]);
    expect(analysis.text).toContain("BAKERY");
  }, 60_000);
});

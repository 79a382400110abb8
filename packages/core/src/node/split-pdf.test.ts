import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { refusal } from "../../testing/refusal";
import { pdfPageTexts } from "../../testing/fixtures";
import { splitPdf } from "./split-pdf";
import { validatePdf } from "./validation/validate-pdf";

/** A PDF whose page n says "Receipt n" and is 100 + n points wide, so each part's pages can be told apart. */
async function makePdf(pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) {
    pdf.addPage([100 + n, 300]).drawText(`Receipt ${n}`, { x: 10, y: 200, size: 12, font });
  }
  return pdf.save();
}

/** Two blank pages and an /Encrypt entry in the trailer: what a password-protected PDF declares. */
function makeEncryptedPdf(): Uint8Array {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    "<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

const widths = async (bytes: Uint8Array) => (await PDFDocument.load(bytes)).getPages().map((page) => page.getWidth());

describe("splitPdf", () => {
  it("gives one PDF per range, holding that range's pages with their text, in the order asked", async () => {
    const parts = await splitPdf(await makePdf(5), [
      { from: 4, to: 5 },
      { from: 1, to: 2 },
      { from: 3, to: 3 },
    ]);
    expect(parts.map((p) => [p.range, p.pages])).toEqual([
      [{ from: 4, to: 5 }, 2],
      [{ from: 1, to: 2 }, 2],
      [{ from: 3, to: 3 }, 1],
    ]);
    expect(await Promise.all(parts.map((p) => widths(p.bytes)))).toEqual([[104, 105], [101, 102], [103]]);
    const [first] = parts;
    if (!first) throw new Error("no part");
    // Each part is a PDF the upload path accepts, and its words are still there to read.
    expect(await validatePdf(first.bytes)).toMatchObject({ pageCount: 2, hasJavaScript: false });
    expect(await pdfPageTexts(first.bytes)).toEqual(["Receipt 4", "Receipt 5"]);
  });

  it("gives the same bytes for the same pages every time, so a part split again is known", async () => {
    const pdf = await makePdf(3);
    const first = await splitPdf(pdf, [{ from: 1, to: 2 }]);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // a clock second later
    const again = await splitPdf(pdf, [{ from: 1, to: 2 }]);
    expect(Buffer.from(again[0]?.bytes ?? []).equals(Buffer.from(first[0]?.bytes ?? []))).toBe(true);
  });

  it("refuses ranges the file cannot take, naming its page count", async () => {
    const pdf = await makePdf(3);
    expect((await refusal(splitPdf(pdf, [{ from: 1, to: 5 }]))).message).toBe("This PDF has 3 pages; page 5 does not exist.");
    expect((await refusal(splitPdf(pdf, [{ from: 1, to: 3 }]))).message).toBe("That is the whole file: nothing to split.");
    expect((await refusal(splitPdf(pdf, []))).code).toBe("BAD_REQUEST");
  });

  it("refuses a single page, a file over the page limit, bytes that are no PDF and an encrypted PDF", async () => {
    const single = await refusal(splitPdf(await makePdf(1), [{ from: 1, to: 1 }]));
    expect(single.message).toBe("Only a PDF of several pages can be split by pages; this one has a single page.");
    const long = await refusal(splitPdf(await makePdf(6), [{ from: 1, to: 2 }], { limits: { maxPages: 5 } }));
    expect(long.code).toBe("TOO_MANY_PAGES");
    expect(long.message).toContain("6 pages, over the 5-page limit");
    const damaged = await refusal(splitPdf(new TextEncoder().encode("%PDF-1.7\nnot a pdf at all\n%%EOF\n"), [{ from: 1, to: 1 }]));
    expect(damaged.code).toBe("CORRUPT_FILE");
    const encrypted = await refusal(splitPdf(makeEncryptedPdf(), [{ from: 1, to: 1 }]));
    expect(encrypted.code).toBe("ENCRYPTED_PDF");
  });
});

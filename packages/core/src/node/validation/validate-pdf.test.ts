import { createHash } from "node:crypto";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { headTailOf } from "../../validation/head-tail";
import { validateDocument } from "../../validation/validate-document";
import { validateDocumentBytes } from "./validate-document-bytes";
import { validatePdf } from "./validate-pdf";
import { refusal } from "../../../testing/refusal";

async function makePdf(pages: number, extra?: (pdf: PDFDocument) => Promise<void> | void): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < pages; i++) pdf.addPage([200, 200]);
  await extra?.(pdf);
  return pdf.save();
}

// RC4 by hand: OpenSSL 3 keeps it in the legacy provider, which Node does not load.
function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = Array.from({ length: 256 }, (_, i) => i);
  const at = (i: number) => s[i & 255] ?? 0;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + at(i) + (key[i % key.length] ?? 0)) & 255;
    [s[i], s[j]] = [at(j), at(i)];
  }
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + at(i)) & 255;
    [s[i], s[j]] = [at(j), at(i)];
    out[n] = (data[n] ?? 0) ^ at(at(i) + at(j));
  }
  return out;
}

const PAD = Buffer.from("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a", "hex");
const padded = (password: string) => Buffer.concat([Buffer.from(password, "latin1"), PAD]).subarray(0, 32);
const md5 = (...parts: Uint8Array[]) => parts.reduce((h, p) => h.update(p), createHash("md5")).digest();
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/**
 * A real standard-security PDF (RC4 40-bit, revision 2), which pdf-lib cannot write. Its one page
 * has no content, so no string or stream needs encrypting: only the keys must be right.
 * `hideFromTail` moves the trailer out of the head and tail, so only the parser can see it.
 */
function makeEncryptedPdf(opts: { userPassword: string; hideFromTail: boolean }): Uint8Array {
  const id = Buffer.from("0123456789abcdef0123456789abcdef", "hex");
  const permissions = -4;
  const owner = rc4(md5(padded("owner-secret")).subarray(0, 5), padded(opts.userPassword));
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  const key = md5(padded(opts.userPassword), owner, p, id).subarray(0, 5);
  const user = rc4(key, PAD);
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    `<< /Filter /Standard /V 1 /R 2 /O <${hex(owner)}> /U <${hex(user)}> /P ${permissions} >>`,
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  // Past the 64 KB head too, so the quick check cannot see the trailer either.
  if (opts.hideFromTail) body += `%${" ".repeat(70_000)}\n`;
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${hex(id)}> <${hex(id)}>] >>\n`;
  if (opts.hideFromTail) body += `%${" ".repeat(2000)}\n`;
  body += `startxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

describe("validatePdf", () => {
  it("accepts a plain PDF and counts its pages", async () => {
    expect(await validatePdf(await makePdf(3))).toEqual({
      kind: "pdf",
      type: "application/pdf",
      pageCount: 3,
      hasJavaScript: false,
      hasEmbeddedFiles: false,
    });
  });

  it("refuses a PDF over the page limit, naming the limit", async () => {
    const error = await refusal(validatePdf(await makePdf(5), { limits: { maxPages: 3 } }));
    expect(error.code).toBe("TOO_MANY_PAGES");
    expect(error.message).toContain("5 pages, over the 3-page limit");
  });

  it("flags JavaScript and embedded files without refusing", async () => {
    const withScript = await makePdf(1, (pdf) => pdf.addJavaScript("hello", "app.alert('hi');"));
    expect(await validatePdf(withScript)).toMatchObject({ hasJavaScript: true, hasEmbeddedFiles: false });
    const withFile = await makePdf(1, (pdf) => pdf.attach(new Uint8Array([1, 2, 3]), "notes.bin", { mimeType: "application/octet-stream" }));
    expect(await validatePdf(withFile)).toMatchObject({ hasJavaScript: false, hasEmbeddedFiles: true });
  });

  it.each([
    ["a user password, trailer in the tail", { userPassword: "s3cret", hideFromTail: false }],
    ["a user password, trailer out of the tail (pdfjs asks for the password)", { userPassword: "s3cret", hideFromTail: true }],
    ["no user password, trailer out of the tail (pdfjs opens it)", { userPassword: "", hideFromTail: true }],
  ])("refuses an encrypted PDF with %s", async (_name, opts) => {
    const bytes = makeEncryptedPdf(opts);
    if (opts.hideFromTail) expect(validateDocument(headTailOf(bytes)).type).toBe("application/pdf");
    const error = await refusal(validatePdf(bytes));
    expect(error.code).toBe("ENCRYPTED_PDF");
    expect(error.message).toMatch(/password|protect/);
  });

  it("refuses a corrupt PDF whose header and end marker look fine", async () => {
    const bytes = Buffer.from(`%PDF-1.7\n${"garbage ".repeat(200)}\nstartxref\n9\n%%EOF\n`, "latin1");
    const error = await refusal(validatePdf(bytes));
    expect(error.code).toBe("CORRUPT_FILE");
    expect(error.message).toMatch(/PDF/);
  });

  it("refuses an image handed to it, and dispatches by content", async () => {
    const bytes = await makePdf(2);
    expect(await validateDocumentBytes(bytes)).toMatchObject({ kind: "pdf", pageCount: 2 });
    expect((await refusal(validatePdf(bytes, { declaredType: "image/png" }))).code).toBe("TYPE_MISMATCH");
  });
});

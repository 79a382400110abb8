import { describe, expect, it } from "vitest";
import { PDFDocument, StandardFonts, degrees } from "pdf-lib";
import { characterErrorRate } from "./character-error-rate";
import { composeTestPdf, prose, type TTestPage } from "./pdf-layout/compose-test-pdf";
import { pdfTextEngine } from "./pdf-text-engine";

const MAX_CER = 0.02;

/** A paragraph of `count` lines of five words each, broken where given (see composeTestPdf). */
function fixedLines(seed: number, count: number): string {
  const words = (prose(seed, 1, 12)[0] ?? "").split(" ").slice(0, count * 5);
  return Array.from({ length: count }, (_, i) => words.slice(i * 5, i * 5 + 5).join(" ")).join("\n");
}

async function readPages(pages: TTestPage[]) {
  const { bytes, truth } = await composeTestPdf(pages);
  const result = await pdfTextEngine.read({ bytes, type: "application/pdf" });
  return result.pages.map((page, i) => ({ page, lines: page.text.split("\n"), truth: truth[i] ?? [] }));
}

describe("pdfTextEngine reading order", () => {
  it("reads a two-column page (title across both) column by column", async () => {
    const [read] = await readPages([
      {
        body: [
          { kind: "line", text: "Reading order in two columns", align: "center", size: 16 },
          { kind: "columns", count: 2, paragraphs: prose(1, 7) },
        ],
      },
    ]);
    expect(read).toBeDefined();
    if (!read) return;
    expect(read.lines[0]).toBe("Reading order in two columns");
    expect(characterErrorRate(read.page.text, read.truth.join("\n"))).toBeLessThanOrEqual(MAX_CER);
  });

  it("reads three justified columns, set word by word with a gutter of 1.2 em, column by column", async () => {
    const [read] = await readPages([{ body: [{ kind: "columns", count: 3, paragraphs: prose(2, 9), gutter: 12, justify: true }] }]);
    expect(read).toBeDefined();
    if (!read) return;
    expect(read.page.words.length).toBeGreaterThan(2 * read.lines.length); // word by word: several items a line
    expect(characterErrorRate(read.page.text, read.truth.join("\n"))).toBeLessThanOrEqual(MAX_CER);
  });

  it("reads a title centred over the middle of three columns first, then the columns", async () => {
    const [read] = await readPages([
      {
        body: [
          { kind: "line", text: "Three columns", align: "center", size: 16 },
          { kind: "columns", count: 3, paragraphs: prose(40, 9) },
        ],
      },
    ]);
    expect(read).toBeDefined();
    if (!read) return;
    expect(read.lines[0]).toBe("Three columns");
    expect(characterErrorRate(read.page.text, read.truth.join("\n"))).toBeLessThanOrEqual(MAX_CER);
  });

  it("reads four narrow justified columns (three words a line) as columns", async () => {
    const [read] = await readPages([{ body: [{ kind: "columns", count: 4, paragraphs: prose(41, 8), gutter: 30, justify: true }] }]);
    expect(read).toBeDefined();
    if (!read) return;
    expect(characterErrorRate(read.page.text, read.truth.join("\n"))).toBeLessThanOrEqual(MAX_CER);
  });

  it("reads four columns followed by two as two sections, not as one block of two halves", async () => {
    const [read] = await readPages([
      {
        body: [
          { kind: "columns", count: 4, paragraphs: prose(44, 8) },
          { kind: "columns", count: 2, paragraphs: prose(45, 4) },
        ],
      },
    ]);
    expect(read).toBeDefined();
    if (!read) return;
    expect(characterErrorRate(read.page.text, read.truth.join("\n"))).toBeLessThanOrEqual(MAX_CER);
  });

  it("keeps a paragraph's first line, alone at the foot of a column after a blank line, in its column", async () => {
    // Five lines, a blank line, six lines: balanced, the first column ends below the second with
    // the second paragraph's first line, set off by the blank line like a footer would be.
    const [read] = await readPages([{ body: [{ kind: "columns", count: 2, paragraphs: [fixedLines(42, 5), fixedLines(43, 6)], paragraphSpacing: 1 }] }]);
    expect(read).toBeDefined();
    if (!read) return;
    expect(read.lines).toEqual(read.truth.flatMap((p) => p.split("\n")));
  });

  it("reads columns whose paragraphs end at the same height as columns, not as blocks across the page", async () => {
    // Paragraphs of three lines each, so every third line of both columns is followed by the same gap.
    const paragraphs = Array.from(
      { length: 6 },
      (_, p) =>
        prose(10 + p, 1, 3)[0]
          ?.split(" ")
          .slice(0, 18)
          .reduce((out, word, i) => out + (i === 0 ? "" : i % 6 === 0 ? "\n" : " ") + word, "") ?? "",
    );
    const [read] = await readPages([{ body: [{ kind: "columns", count: 2, paragraphs }] }]);
    expect(read).toBeDefined();
    if (!read) return;
    expect(read.lines).toEqual(read.truth.flatMap((p) => p.split("\n")));
  });

  it("keeps running headers and footers apart: first and last, even when their pieces sit above each column", async () => {
    const reads = await readPages([
      {
        header: { kind: "split-line", left: "Docvault Quarterly", right: "Issue 16" },
        body: [{ kind: "columns", count: 2, paragraphs: prose(3, 7) }],
        footer: { kind: "split-line", left: "Confidential draft", right: "Page 3 of 12" },
        order: "shuffled",
      },
      {
        header: { kind: "line", text: "Annual report 2026", align: "center" },
        body: [{ kind: "columns", count: 3, paragraphs: prose(4, 9) }],
        // Centred under a three-column page, the page number sits inside the middle column.
        footer: { kind: "line", text: "4", align: "center" },
        order: "shuffled",
      },
    ]);
    expect(reads).toHaveLength(2);
    for (const read of reads) {
      expect(read.lines[0]).toBe(read.truth[0]);
      expect(read.lines.at(-1)).toBe(read.truth.at(-1));
      expect(characterErrorRate(read.page.text, read.truth.join("\n"))).toBeLessThanOrEqual(MAX_CER);
    }
  });

  it("keeps table rows as rows: figures, and cells of words, each row one line", async () => {
    const figures = [
      ["Description", "Qty", "Unit price", "Amount"],
      ["Consulting hours", "12", "95.00", "1,140.00"],
      ["Travel to the client site", "1", "240.00", "240.00"],
      ["Annual licence fee", "1", "1,200.00", "1,200.00"],
      ["Support package, premium", "3", "80.00", "240.00"],
    ];
    // Ten rows of several words a cell: long enough to be judged as columns, were it not for the rows.
    const words = [
      ["Clause", "What it says", "What it means for you"],
      ["Late payment fees", "Interest accrues after thirty days", "Pay within the month to avoid fees"],
      ["Delivery of the goods", "Goods ship within five working days", "Expect the parcel next week at the latest"],
      ["Returns and refunds", "Unused items may be returned for credit", "Keep the receipt and the original box"],
      ["Warranty on all parts", "Parts are covered for two full years", "Repairs are free until the end of term"],
      ["Governing law of contract", "The law of the seller's country applies", "Disputes go to the courts where we sit"],
      ["Changes to these terms", "We tell you a month before any change", "You may cancel before it applies"],
      ["Personal data we keep", "Only what the order needs, for six years", "Ask us for a copy at any time"],
      ["Cancelling an order", "Orders can be cancelled until they ship", "Write to us with the order number"],
      ["Prices and taxes", "Prices include the tax of your country", "What you see is what you pay"],
    ];
    const [read] = await readPages([
      {
        body: [
          { kind: "columns", count: 1, paragraphs: prose(5, 1) },
          { kind: "table", rows: figures },
          { kind: "columns", count: 1, paragraphs: prose(6, 1) },
          { kind: "table", rows: words },
        ],
      },
    ]);
    expect(read).toBeDefined();
    if (!read) return;
    for (const row of [...figures, ...words]) expect(read.lines).toContain(row.join(" "));
    expect(characterErrorRate(read.page.text, read.truth.join("\n"))).toBeLessThanOrEqual(MAX_CER);
  });

  it("reads a narrow table between two column sections where it stands: columns above, the table, columns below", async () => {
    const table = [
      ["Region", "2025", "2026", "Change"],
      ["North", "1,200", "1,350", "12.5%"],
      ["South", "980", "1,010", "3.1%"],
      ["East", "1,530", "1,490", "-2.6%"],
    ];
    const [read] = await readPages([
      {
        body: [
          { kind: "columns", count: 2, paragraphs: prose(28, 4) },
          { kind: "table", rows: table },
          { kind: "columns", count: 2, paragraphs: prose(29, 2) },
        ],
      },
    ]);
    expect(read).toBeDefined();
    if (!read) return;
    for (const row of table) expect(read.lines).toContain(row.join(" "));
    expect(characterErrorRate(read.page.text, read.truth.join("\n"))).toBeLessThanOrEqual(MAX_CER);
  });

  it("reads a table across both columns after the columns above it, even where a gap of its cells meets the gutter", async () => {
    const rows = [
      ["Product line", "Q1 revenue", "Q2 revenue", "Q3 revenue", "Change"],
      ["Paper goods", "1,200", "1,350", "1,410", "15.0%"],
      ["Office furniture", "980", "1,010", "1,120", "17.3%"],
      ["Printing services", "1,530", "1,490", "1,470", "-0.7%"],
    ];
    const [read] = await readPages([
      {
        body: [
          { kind: "columns", count: 2, paragraphs: prose(30, 4) },
          { kind: "line", text: "Table 2: Revenue by product line." },
          // The second column of cells starts just past the gutter (231.5-251.5 from the margin): the table's
          // gap between its first two columns of figures holds the gutter, and the table joins the columns' block.
          { kind: "table", rows, at: [0, 140, 252, 340, 420] },
          { kind: "columns", count: 2, paragraphs: prose(31, 2) },
        ],
        order: "shuffled",
      },
    ]);
    expect(read).toBeDefined();
    if (!read) return;
    for (const row of rows) expect(read.lines).toContain(row.join(" "));
    expect(read.lines.indexOf("Table 2: Revenue by product line.")).toBe(read.lines.indexOf(rows[0]?.join(" ") ?? "") - 1);
    expect(characterErrorRate(read.page.text, read.truth.join("\n"))).toBeLessThanOrEqual(MAX_CER);
  });

  it("reads two columns of a three-column grid column by column when a table across the page follows them", async () => {
    const rows = [
      ["Region", "Product line", "2025", "2026", "Share"],
      ["North", "Paper goods", "1,200", "1,350", "31%"],
      ["South", "Office furniture", "980", "1,010", "24%"],
      ["East", "Printing services", "1,530", "1,490", "35%"],
    ];
    const [read] = await readPages([
      {
        body: [
          { kind: "columns", count: 2, paragraphs: prose(32, 3), width: 322 },
          // The table's second column covers the gutter; its gaps further right lie where the page beside the columns was empty.
          { kind: "table", rows, at: [0, 140, 300, 380, 440] },
        ],
        order: "shuffled",
      },
    ]);
    expect(read).toBeDefined();
    if (!read) return;
    for (const row of rows) expect(read.lines).toContain(row.join(" "));
    expect(characterErrorRate(read.page.text, read.truth.join("\n"))).toBeLessThanOrEqual(MAX_CER);
  });

  it("reads a paragraph's last line, carried over alone to the top of the next column, after its column", async () => {
    const carried = "carried over to the next column.";
    const [read] = await readPages([
      {
        body: [
          {
            kind: "columns",
            count: 2,
            paragraphs: ["1 Introduction", fixedLines(46, 5), `${fixedLines(47, 5)}\n${carried}`],
            perColumn: 11,
          },
        ],
      },
    ]);
    expect(read).toBeDefined();
    if (!read) return;
    expect(read.lines[0]).toBe("1 Introduction");
    expect(read.lines.at(-1)).toBe(carried);
    expect(read.lines).toEqual(read.truth.flatMap((p) => p.split("\n")));
  });

  it("reads a one-column page line by line, labels beside their values", async () => {
    const lines = [
      "Invoice",
      "Acme Widgets Ltd, 12 Long Road, Springfield",
      "Dear customer, thank you for your order of the fifth of March. The goods listed below",
      "were shipped today by parcel service and should reach you within three working days.",
    ];
    const [read] = await readPages([
      {
        body: [
          ...lines.map((text) => ({ kind: "line" as const, text })),
          { kind: "split-line", left: "Invoice number", right: "4711" },
          { kind: "split-line", left: "Invoice date", right: "2026-03-05" },
          { kind: "split-line", left: "Customer number", right: "C-2203" },
          { kind: "split-line", left: "Total due", right: "1,140.00 EUR" },
          { kind: "line", text: "Please pay within thirty days.", align: "right" },
        ],
      },
    ]);
    expect(read).toBeDefined();
    if (!read) return;
    expect(read.lines).toEqual(read.truth);
  });

  it("sets text up the margin apart and reads the columns beside it; words keep their boxes", async () => {
    const { bytes, truth } = await composeTestPdf([{ body: [{ kind: "columns", count: 2, paragraphs: prose(8, 7) }] }]);
    const pdf = await PDFDocument.load(bytes);
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const stamp = "arXiv:2612.00016v1 [cs.DL] 5 Dec 2026";
    pdf.getPage(0).drawText(stamp, { x: 30, y: 200, size: 14, font, rotate: degrees(90) });
    const result = await pdfTextEngine.read({ bytes: await pdf.save(), type: "application/pdf" });
    const page = result.pages[0];
    expect(page).toBeDefined();
    if (!page) return;
    expect(page.text.split("\n").at(-1)).toBe(stamp);
    expect(characterErrorRate(page.text, [...(truth[0] ?? []), stamp].join("\n"))).toBeLessThanOrEqual(MAX_CER);
    // Words as before: one per text item, in page coordinates with y down from the top.
    const word = page.words.find((w) => w.text === stamp);
    expect(word?.bbox.x0).toBeCloseTo(30);
    expect(word?.bbox.y1).toBeCloseTo(page.height - 200);
    expect(page.words.every((w) => w.confidence === 1 && w.bbox.x1 >= w.bbox.x0)).toBe(true);
  });
});

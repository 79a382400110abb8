import { describe, expect, it } from "vitest";
import type { TPage } from "../extraction/extraction-result";
import { parseAamva } from "./aamva/parse-aamva";
import { classifyText } from "./classify-document";
import { parseMrz } from "./mrz/parse-mrz";
import { findAmounts } from "./parse/parse-amount";
import { findDates } from "./parse/parse-date";
import { pageLines } from "./text-lines";
import { structureInvoice } from "./types/invoice/structure-invoice";
import { structureReceipt } from "./types/receipt/structure-receipt";

const MB = 1_000_000;
// What a hostile or broken PDF puts in one text line: a run of digits, of amounts, of document words.
const LINES: Record<string, string> = {
  "a run of digits": "1".repeat(MB),
  "a run of amounts": "1.00 ".repeat(MB / 5),
  "receipt words, amounts and dates": "SDN BHD JALAN 12/3 TOTAL RM 1,234.56 25/12/2018 ".repeat(MB / 48),
};
const page = (text: string): TPage[] => [{ index: 0, width: 600, height: 800, text, confidence: 0.9, words: [] }];
const PARSERS: Record<string, (line: string) => unknown> = {
  findAmounts,
  findDates: (line) => findDates(line),
  classifyText,
  pageLines: (line) => pageLines(page(line)),
  structureReceipt: (line) => structureReceipt(page(line)),
  structureInvoice: (line) => structureInvoice(page(line)),
  parseMrz: (line) => parseMrz([line, line]),
  parseAamva: (line) => parseAamva(`@\n\x1e\rANSI 636014040002DL00410278ZC03190024DLDAQ${line}\n`),
};
// A quadratic pattern takes hours on a megabyte; linear work takes a second or two even on a busy
// machine. The bound is far from both, so it tells them apart without being a timing test.
const BOUND_MS = 20_000;

describe("work per document is bounded: a 1 MB line through every text parser", () => {
  for (const [name, parse] of Object.entries(PARSERS)) {
    it(
      `${name} reads each kind of 1 MB line in linear time`,
      () => {
        for (const [kind, line] of Object.entries(LINES)) {
          const started = performance.now();
          try {
            parse(line);
          } catch (error) {
            // A parser may refuse such input with its typed error; it must not hang.
            expect(error).toHaveProperty("code");
          }
          const ms = performance.now() - started;
          expect({ kind, within: ms < BOUND_MS }).toEqual({ kind, within: true });
        }
      },
      4 * BOUND_MS,
    );
  }
});

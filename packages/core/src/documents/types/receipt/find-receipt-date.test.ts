import { describe, expect, it } from "vitest";
import { textLines as lines } from "../../../../testing/text-lines";
import { findReceiptDate, labelledDateSlips } from "./find-receipt-date";

const NOW = new Date("2026-12-07T00:00:00Z");
const dateOf = (...texts: string[]) => findReceiptDate(lines(...texts), "dmy", NOW)?.iso ?? null;

describe("findReceiptDate", () => {
  it("reads a till's run-together date after its label", () => {
    expect(dateOf("SHOP SDN BHD", "GST NO: 002013487104", "Date/Time 20180428/191204", "TOTAL 20.00")).toBe("2018-04-28");
  });

  it("reads a date whose second slash the OCR read as a 1", () => {
    expect(dateOf("RECEIPT #: CS00633800 DATE: 25/0412017", "TOTAL 25.00")).toBe("2017-04-25");
  });

  it("takes neither without a date label, nor numbers that are no dates", () => {
    expect(dateOf("REF 20180428", "TOTAL 20.00")).toBeNull();
    expect(dateOf("Invoice 25/0412017", "TOTAL 20.00")).toBeNull();
    expect(labelledDateSlips("DATE: 20181399 25/1312017 002013487104", "dmy")).toEqual([]);
  });

  it("reads a date beside the sale's time whose first slash OCR read as a 7, only where no date was read at all", () => {
    expect(dateOf("GUARDIAN HEALTH AND BEAUTY", "TOTAL 4.50", "St:8282 Ctr2 ID:2065 TaxInv:98701", "18:15 24705/18")).toBe("2018-05-24");
    // Without a time beside it, or with a plain date elsewhere, it is not taken.
    expect(dateOf("SHOP", "TOTAL 4.50", "REF 24705/18")).toBeNull();
    expect(dateOf("SHOP 01/05/2018", "TOTAL 4.50", "18:15 24705/18")).toBe("2018-05-01");
    // A number that makes no date stays one.
    expect(dateOf("SHOP", "TOTAL 4.50", "18:15 45713/18")).toBeNull();
  });

  it("prefers a date printed plainly to a slip", () => {
    expect(dateOf("DATE: 25/0412017", "Date 26/04/2017 10:02")).toBe("2017-04-26");
  });
});

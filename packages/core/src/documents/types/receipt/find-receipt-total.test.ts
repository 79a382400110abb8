import { describe, expect, it } from "vitest";
import { textLines as lines } from "../../../../testing/text-lines";
import { findReceiptTotal } from "./find-receipt-total";

const totalOf = (...texts: string[]) => findReceiptTotal(lines(...texts))?.value;

describe("findReceiptTotal", () => {
  it("takes the amount against a bare 'Total' label over the cash-rounded amount to pay", () => {
    expect(
      totalOf("MILO DINO 7.45", "Subtotal 62.55", "6% GST 4.13", "Total : 72.93", "RND ADJ 0.02", "TTL ATF RND 72.95", "Payment 73.00", "Change Due 0.05"),
    ).toBe("72.93");
    expect(
      totalOf(
        "Total: 26.82",
        "Total Sales Inclusive GST : 26.82",
        "Rounding Adjustment: -0.02",
        "Amount To Be Paid : 26.80",
        "Cash Received : 50.00",
        "Change : 23.20",
      ),
    ).toBe("26.82");
  });

  it("takes a bare 'TOTAL' printed after the rounding over the total including tax before it", () => {
    expect(totalOf("Total (Excluding GST): 21.30", "GST payable (6%): 1.31", "Total (Inclusive of GST): 23.26", "Rounding Adj: -0.01", "TOTAL : 23.25")).toBe(
      "23.25",
    );
  });

  it("takes a total whose decimal point the OCR lost only where the receipt's arithmetic confirms it", () => {
    // Tried: the total after the cash rounding, its dot lost and read on one line with another column's sum.
    expect(totalOf("Item 3 Total with GST @ 6% 41.48", "Qty 8 Rounding 0.02", "Total Saving 0.00 Total 41 50")).toBe("41.50");
    // Tried: the only total, confirmed by what was paid less the change.
    expect(totalOf("NASI LEMAK 4.50", "TEH TARIK 4.40", "TOTAL 8 90", "CASH 10.00", "CHANGE 1.10")).toBe("8.90");
    // Tried: "2 50" after a total that paid - change confirms: a count and a price, not the total.
    expect(totalOf("TOTAL 12.50", "Total 2 50", "CASH 20.00", "CHANGE 7.50")).toBe("12.50");
    expect(totalOf("Total Qty 3 50", "TOTAL 3.40", "Rounding 0.10", "CASH 5.00", "CHANGE 1.60")).toBe("3.40");
  });

  it("does not read a count of items before 'Total', or a row of two amounts, as a bare total", () => {
    expect(totalOf("5 Total : 74.68", "Service Chg 10.00% : 7.47", "GST : 4.93", "Grand Total : 87.08", "Net Total : 87.10")).toBe("87.10");
    expect(totalOf("COFFEE 11.60", "Total RM 11.60", "CASH 12.00", "CHANGE 0.40", "SR@6% 10.94 0.66", "Total 10.94 0.66")).toBe("11.60");
  });

  it("keeps out the rows of a tax summary whose heading the OCR misread", () => {
    expect(
      totalOf(
        "BERAS 10KG *1 53.50 ZR",
        "CILI BOH 3KG *1 7.90 SR",
        "1oial Sales (Incl. GST @6%) RIM367.10",
        "Nel leta! RH367.10",
        "GST Stmmary Sales Amt Tax Amt",
        "ZR (0%) 359.20 0.00",
        "SR (6%) 7.45 0.45",
      ),
    ).toBe("367.10");
  });

  it("never lends a total label whose own amount OCR broke ('25. J') to the cash paid on the next line", () => {
    expect(totalOf("2 TAU SAR PNEAH 24PCS @12.50 25.00 SR", "2 SubTotal 25.00", "Net Total 25. J", "C 50.00", "L. GE 25.00")).toBe("25.00");
    // A label over its amount on the next line still reads it.
    expect(totalOf("ITEM A 3.00", "ITEM B 4.50", "TOTAL (RM)", "7.50", "CASH 10.00", "CHANGE 2.50")).toBe("7.50");
  });

  it("still takes paid - change where no label says Total", () => {
    expect(totalOf("NASI LEMAK 8.50", "TEH 2.00", "AMOUNT 10.50", "CASH 20.00", "CHANGE 9.50")).toBe("10.50");
  });
});
